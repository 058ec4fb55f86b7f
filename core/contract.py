"""The input data contract (../shared/data-contract.md) as data.

One declaration per table: its columns, their kinds, which are required,
the codes a code column accepts and the aliases it maps onto them. The
readers, the cell parsers, the pandera schemas and the warehouse DDL all
read this module, so a contract change is made here once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Column kinds. Each has a parser in etl/parse.py and a warehouse type.
ID, TEXT, DATE, YESNO, YESNO_UNKNOWN, CODE, CODELIST, INT, NUMBER = (
    "id", "text", "date", "yesno", "yesno_unknown", "code", "codelist", "int", "number",
)

SQL_TYPES = {
    ID: "VARCHAR", TEXT: "VARCHAR", DATE: "DATE", YESNO: "BOOLEAN",
    YESNO_UNKNOWN: "BOOLEAN", CODE: "VARCHAR", CODELIST: "VARCHAR",
    INT: "INTEGER", NUMBER: "DOUBLE",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = False
    codes: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SEX = ("female", "male", "other", "unknown")
SEX_ALIASES = {"f": "female", "m": "male", "x": "other", "u": "unknown"}

PLACEMENT_TYPES = (
    "home_with_parents", "kinship", "foster_la", "foster_purchased",
    "prospective_adopters", "other_community", "residential_la",
    "residential_voluntary", "residential_school", "secure", "crisis_care",
    "other_residential",
)
# England's placement types that have no Scottish kind (SSDA903, etl/ssda903/codes.toml):
# temporary moves (T0-T4) and other placements (Z1)
ENGLAND_PLACEMENT_TYPES = ("temporary", "other_placement")
ALL_PLACEMENT_TYPES = PLACEMENT_TYPES + ENGLAND_PLACEMENT_TYPES
LEGAL_REASONS = ("s25_voluntary", "compulsory_supervision_order", "permanence_order",
                 "other_order", "unknown",
                 # England (SSDA903 legal status): s20 (V2), short breaks (V3, V4), care
                 # orders (C1, C2), placement or freeing orders (E1, D1), police protection,
                 # EPO or child assessment order (L1-L3), remand, PACE or YRO (J1-J3)
                 "s20_voluntary", "short_breaks", "care_order", "placement_order",
                 "emergency_protection", "youth_justice")
REASONS_ENDED = ("returned_home", "kinship_care_order", "adopted", "continuing_care",
                 "moved_on_to_independence", "placement_change", "other",
                 # England (SSDA903 reason episode ceased): E41, E45-E48
                 "child_arrangements_order", "special_guardianship")
CONCERNS = ("domestic_abuse", "neglect", "parental_mental_health", "parental_substance_use",
            "emotional_abuse", "physical_abuse", "sexual_abuse", "sexual_exploitation",
            "criminal_exploitation", "online_safety", "other")
SHANARRI = ("safe", "healthy", "achieving", "nurtured", "active", "respected",
            "responsible", "included")
COMPLETED_WITH = ("child", "carer", "worker", "jointly")
ACCOMMODATION = ("with_parents", "with_family_or_friends", "continuing_care",
                 "foster_or_supported_lodgings", "supported_accommodation", "own_tenancy",
                 "homeless", "custody", "other", "unknown")
ECONOMIC_ACTIVITY = ("education", "training", "employment", "volunteering",
                     "not_in_education_employment_or_training", "unknown",
                     # England (SSDA903 activity): training or employment, which DfE's
                     # codes (F3-F5, P3-P5) do not tell apart
                     "training_or_employment")
PARTICIPATION_CODES = ("PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")
MISSING_KINDS = ("missing", "away")
# SSDA903 reason for new episode (RNE): started to be looked after, change of legal status
# only, change of placement and carer(s), change of placement but same carer(s), both
# changes (new carers), both changes (same carers)
NEW_EPISODE_REASONS = ("S", "L", "P", "T", "B", "U")
CHANNELS = ("review_meeting", "survey", "app_statement", "advocacy", "participation_group",
            "complaint", "other")
IMPROVEMENT_POINTS = ("corporate_parenting", "care_leavers", "data_and_outcomes", "voice",
                      "child_protection", "childrens_houses")
ACTION_STATUSES = ("not_started", "on_track", "at_risk", "off_track", "complete")


def _c(name, kind, required=False, codes=(), aliases=None) -> Column:
    return Column(name, kind, required, tuple(codes), dict(aliases or {}))


TABLES: dict[str, Table] = {t.name: t for t in (
    Table("children", "One row per child or young person known to care and protection services.", (
        _c("child_id", ID, True),
        _c("date_of_birth", DATE, True),
        _c("sex", CODE, True, SEX, SEX_ALIASES),
        _c("disability", YESNO_UNKNOWN),
        _c("ethnicity", TEXT),
        _c("locality", TEXT, True),
    ), key=("child_id",)),
    Table("looked_after_episodes", "One row per placement.", (
        _c("episode_id", ID, True),
        _c("child_id", ID, True),
        _c("start_date", DATE, True),
        _c("end_date", DATE),
        _c("placement_type", CODE, True, ALL_PLACEMENT_TYPES),
        _c("legal_reason", CODE, False, LEGAL_REASONS),
        _c("reason_ended", CODE, False, REASONS_ENDED),
    ), key=("episode_id",)),
    Table("child_protection_registrations", "Child protection register entries.", (
        _c("registration_id", ID, True),
        _c("child_id", ID, True),
        _c("registration_date", DATE, True),
        _c("deregistration_date", DATE),
        _c("concerns", CODELIST, False, CONCERNS),
    ), key=("registration_id",)),
    Table("wellbeing_assessments", "GIRFEC wellbeing (SHANARRI) scores.", (
        _c("child_id", ID, True),
        _c("assessment_date", DATE, True),
        _c("indicator", CODE, True, SHANARRI),
        _c("score", INT, True),
        _c("scale_max", INT),
        _c("completed_with", CODE, False, COMPLETED_WITH),
    ), key=("child_id", "assessment_date", "indicator")),
    Table("care_leavers", "Aftercare snapshot, one row per young person per record date.", (
        _c("child_id", ID, True),
        _c("record_date", DATE, True),
        _c("ceased_looked_after_date", DATE, True),
        _c("eligible_for_aftercare", YESNO, True),
        _c("receiving_aftercare", YESNO, True),
        _c("pathway_plan", YESNO),
        _c("pathway_coordinator", YESNO),
        _c("in_touch", YESNO),
        _c("accommodation", CODE, True, ACCOMMODATION),
        _c("economic_activity", CODE, True, ECONOMIC_ACTIVITY),
    ), key=("child_id", "record_date")),
    Table("feedback", "Views of children and young people and what was done with them.", (
        _c("feedback_id", ID, True),
        _c("child_id", ID),
        _c("received_date", DATE, True),
        _c("service", TEXT, True),
        _c("channel", CODE, True, CHANNELS),
        _c("topic", TEXT),
        _c("rating", INT),
        _c("comment", TEXT),
        _c("action_taken", TEXT),
        _c("action_date", DATE),
        _c("told_child_outcome", YESNO),
        _c("used_in_planning", YESNO),
        _c("can_quote", YESNO),
    ), key=("feedback_id",)),
    Table("improvement_actions", "The action plan against the inspection's points.", (
        _c("action_id", ID, True),
        _c("improvement_point", CODE, True, IMPROVEMENT_POINTS),
        _c("action", TEXT, True),
        _c("owner", TEXT, True),
        _c("due_date", DATE, True),
        _c("status", CODE, True, ACTION_STATUSES),
        _c("status_date", DATE),
        _c("indicators", TEXT),
        _c("status_note", TEXT),     # the owner's note at the last update (our addition)
    ), key=("action_id",)),
    Table("targets", "Targets per indicator and period.", (
        _c("indicator", TEXT, True),
        _c("period_end", DATE, True),
        _c("target", NUMBER, True),
    ), key=("indicator", "period_end")),
)}

# Tables that only a national return fills (England's SSDA903: etl/ssda903/), kept apart
# from the partner contract above: no partner file is read as one, but the warehouse
# holds them (empty where no return was loaded) and the load validates them the same way.
SOURCE_TABLES: dict[str, Table] = {t.name: t for t in (
    Table("review_participation", "SSDA903 reviews: how the child took part in each "
          "looked-after review.", (
        _c("child_id", ID, True),
        _c("review_date", DATE, True),
        _c("participation_code", CODE, True, PARTICIPATION_CODES,
           {p.lower(): p for p in PARTICIPATION_CODES}),
        _c("participated", YESNO),      # PN1-PN6 yes, PN7 no, PN0 (under 4) empty
    ), key=("child_id", "review_date")),
    Table("missing_episodes", "SSDA903 missing: periods missing from care or away from "
          "placement without authorisation.", (
        _c("child_id", ID, True),
        _c("kind", CODE, True, MISSING_KINDS),
        _c("start_date", DATE, True),
        _c("end_date", DATE),
    ), key=("child_id", "kind", "start_date")),
    Table("care_leaver_outcomes", "SSDA903 OC3 as DfE codes it: in touch, activity and "
          "accommodation, and whether the accommodation is suitable.", (
        _c("child_id", ID, True),
        _c("record_date", DATE, True),
        _c("in_touch_code", TEXT, True),
        _c("activity_code", TEXT, True),
        _c("accommodation_code", TEXT, True),
        _c("accommodation_suitable", YESNO),
    ), key=("child_id", "record_date")),
    # a side table, not a column of looked_after_episodes: the partners' contract and its
    # completeness figure stay as they are, and only 903 episodes have a row here
    Table("new_episode_reasons", "SSDA903 episodes: why each episode began (RNE), for "
          "DfE's placement stability measures.", (
        _c("episode_id", ID, True),
        _c("child_id", ID, True),
        _c("new_episode_reason", CODE, False, NEW_EPISODE_REASONS,
           {r.lower(): r for r in NEW_EPISODE_REASONS}),
    ), key=("episode_id",)),
)}
TABLES_ALL: dict[str, Table] = {**TABLES, **SOURCE_TABLES}

# Load order: children first, since the other tables are checked against it.
LOAD_ORDER = tuple(TABLES_ALL)

# Identifier columns that are pseudonymised on load (keyed hash).
PSEUDONYMISED = {
    "children": ("child_id",),
    "looked_after_episodes": ("episode_id", "child_id"),
    "child_protection_registrations": ("registration_id", "child_id"),
    "wellbeing_assessments": ("child_id",),
    "care_leavers": ("child_id",),
    "feedback": ("feedback_id", "child_id"),
    "review_participation": ("child_id",),
    "missing_episodes": ("child_id",),
    "care_leaver_outcomes": ("child_id",),
    "new_episode_reasons": ("episode_id", "child_id"),
}

# Tables whose rows refer to a child that must exist in `children`.
CHILD_TABLES = ("looked_after_episodes", "child_protection_registrations",
                "wellbeing_assessments", "care_leavers", "feedback")
# ... and every national-return table (each row is about a child in `children`).
CHILD_TABLES_ALL = CHILD_TABLES + tuple(SOURCE_TABLES)


def table_for_name(file_stem: str) -> str | None:
    """The table a CSV belongs to: the longest table name its stem starts with."""
    stem = file_stem.strip().lower()
    matches = [t for t in TABLES if stem.startswith(t)]
    return max(matches, key=len) if matches else None
