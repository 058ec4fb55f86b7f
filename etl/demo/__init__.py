"""A synthetic partnership: contract files that look like South Lanarkshire's.

`generate()` writes the eight contract tables for a made-up partnership of
about 780 looked-after children (at scale 1), calibrated to the published
LGBF series for South Lanarkshire (CHN9 about 90%, CHN22 about 6-10%, CHN23
about 12-18%) and to the national children's social work statistics
(placement mix, ages, aftercare 49%, continuing care 29%). It carries the
patterns the dashboard must be able to show: care leavers doing worse over
time, wellbeing improving for most looked-after children, children's views
heard unevenly and acted on less and less along the chain, and a made-up, modest
association between a view being acted on and what followed it (fewer placement moves,
more wellbeing scores going up), partly confounded by kinship care (see `voice`): built
in so that "Did listening change anything?" has something to show, not a finding.

The files exercise the real readers: UTF-8, UTF-8 with a BOM and
Windows-1252; ISO and UK day-first dates; every yes/no spelling; a workbook
with two sheets; and, with `bad_rows`, a few rows that break the contract.

Everything is drawn from one seed (numpy's default_rng), so the same seed,
scale and as-at date give byte-identical files. Dates are handled as int64
day numbers (days since 1970-01-01) so that the national-size run (scale 20)
stays vectorised.

The package, by topic:
    partnership   generate(): draws every table in turn and writes the files
    window        the years covered (Window)
    dates         day numbers, quarter ends, date texts
    sampling      the random draws the tables share
    placements    looked-after children's care spells and placements
    protection    child protection registrations
    children      the children table (ids, sex, ethnicity, locality)
    wellbeing     SHANARRI wellbeing assessments
    leavers       care leavers' quarterly records
    voice         children's views (feedback) and their comments
    plan          the action plan workbook: improvement actions and targets
    faults        the deliberately bad rows
    columns       the cell helpers the tables as written share
    files         file names, encodings and writing
    wording       reads the human-readable texts from texts/*.yaml
"""

from etl.demo.dates import last_complete_quarter_end
from etl.demo.files import CSV_FILES, FILES, WORKBOOK
from etl.demo.partnership import generate
from etl.demo.voice import COMMENTS

__all__ = ["COMMENTS", "CSV_FILES", "FILES", "WORKBOOK", "generate",
           "last_complete_quarter_end"]
