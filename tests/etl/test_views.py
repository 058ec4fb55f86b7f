"""The indicator views compute the official definitions (checked on hand-made data)."""

from tests.factories import q, rows, write_baseline


def test_chn9_and_chn23_at_the_31_july_snapshot(tiny_db):
    # C001: foster from 2019-03-01 to 2020-01-15, then residential. C003: kinship to
    # 2020-02-01. At 31 July 2019 both are in the community, one placement each.
    db = tiny_db                             # the baseline files, loaded once
    sql = ("SELECT sum(looked_after), sum(community), sum(residential), "
           "sum(more_than_one_placement) FROM ind_looked_after "
           "WHERE period_type = '{}' AND period_end = DATE '{}'")
    assert q(db, sql.format("clas_year", "2019-07-31")) == [(2, 2, 0, 0)]
    # At 31 March 2020 only C001 is looked after: residential, two placements in the year.
    assert q(db, sql.format("quarter", "2020-03-31")) == [(1, 0, 1, 1)]
    got = q(db, "SELECT sum(looked_after), sum(community) FROM ind_looked_after "
                "WHERE period_type = 'quarter' AND period_end = DATE '2019-12-31'")
    assert got == [(2, 2)]                   # foster and kinship: both in the community


def test_chn22_re_registration_within_18_months(tiny_db):
    # R1 de-registered 2019-10-01; R2 registered 2020-06-01: within 18 months.
    got = q(tiny_db,
            "SELECT registration_date::VARCHAR, reregistration_18m FROM fact_cp_registrations "
            "ORDER BY registration_date")
    assert got == [("2019-04-01", False), ("2020-06-01", True)]


def test_a_re_registration_after_18_months_does_not_count(tmp_path, load):
    regs = rows("child_protection_registrations")
    regs[1]["registration_date"] = "2021-06-01"
    load(write_baseline(tmp_path / "in", child_protection_registrations=regs))
    got = q(tmp_path / "warehouse.duckdb",
            "SELECT count(*) FILTER (WHERE reregistration_18m) FROM fact_cp_registrations")
    assert got == [(0,)]


def test_care_leavers_activity_leaves_unknowns_out_of_the_denominator(tmp_path, load):
    cl = rows("care_leavers")
    cl[1].update(receiving_aftercare="Y", economic_activity="unknown")
    load(write_baseline(tmp_path / "in", care_leavers=cl))
    got = q(tmp_path / "warehouse.duckdb",
            "SELECT activity_known, in_eet FROM ind_care_leavers WHERE period_type = 'quarter' "
            "AND period_end = DATE '2020-06-30'")
    assert got == [(0, 0)]


def test_voice_coverage_counts_views_in_the_12_months(tiny_db):
    got = q(tiny_db,
            "SELECT sum(population), sum(heard) FROM ind_voice WHERE period_type = 'quarter' "
            "AND period_end = DATE '2020-06-30'")
    # looked after on 2020-06-30: C001 (heard 2020-02-01); on the register: C002 (not heard)
    assert got == [(2, 1)]
