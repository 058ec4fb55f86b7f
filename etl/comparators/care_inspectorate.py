"""The Care Inspectorate's formats:

- ``care_services``: the datastore CSV (every registered service, its latest grades)
  -> ``comparator_care_services``;
- ``care_grades``: the grading history CSV (every grading published) ->
  ``comparator_care_grades``.

Grades run from 1 (unsatisfactory) to 6 (excellent).
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from etl.comparators.validation import CouncilModel, Float, Format, Int, cols, non_blank
from etl.schemas import _ok

GRADE_ORDER = "min_grade must not be above max_grade"
PUBLISHED_AFTER = "the grading cannot be published before the inspection"
GRADE = {"nullable": True, "ge": 1, "le": 6}


class CareModel(CouncilModel):
    """What the datastore and the grading history share: the service and its key-question
    grades (1-6)."""
    cs_number: Series[str] = pa.Field(nullable=False, str_matches=r"^CS\d{10}$")
    service_name: Series[str] = pa.Field(nullable=False)
    kq_support_wellbeing: Int = pa.Field(**GRADE)
    kq_care_and_support_planning: Int = pa.Field(**GRADE)
    kq_setting: Int = pa.Field(**GRADE)
    kq_staff_team: Int = pa.Field(**GRADE)
    kq_leadership: Int = pa.Field(**GRADE)
    kq_care_play_and_learning: Int = pa.Field(**GRADE)

    @pa.check("service_name", error="service name must not be empty")
    def _name(cls, s):
        return non_blank(s)


class CareServicesModel(CareModel):
    min_grade: Int = pa.Field(**GRADE)
    max_grade: Int = pa.Field(**GRADE)
    registered_places: Float = pa.Field(nullable=True, ge=0)

    @pa.dataframe_check(error=GRADE_ORDER)
    def _min_max(cls, df):
        return _ok(df["min_grade"].isna() | df["max_grade"].isna()
                   | (df["min_grade"] <= df["max_grade"]))


class CareGradesModel(CareModel):
    kq_covid19: Int = pa.Field(**GRADE)
    kq_cyp_wellbeing: Int = pa.Field(**GRADE)
    quality_of_information: Int = pa.Field(**GRADE)
    quality_of_care_and_support: Int = pa.Field(**GRADE)
    quality_of_environment: Int = pa.Field(**GRADE)
    quality_of_staffing: Int = pa.Field(**GRADE)
    quality_of_mgmt_and_lship: Int = pa.Field(**GRADE)

    @pa.dataframe_check(error=PUBLISHED_AFTER)
    def _dates(cls, df):
        a, b = df["published"], df["last_inspection"]
        return _ok(a.isna() | b.isna() | (a >= b))


CARE_SERVICES = Format("care_services", "comparator_care_services",
                       "Care Inspectorate datastore CSV", cols(
    "CSNumber=cs_number; ServiceName=service_name; CareService=care_service; Subtype=subtype;"
    "ServiceType=service_type; ServiceProvider=service_provider;"
    "Provided_by_Local_Authority=provided_by_local_authority; ServiceStatus=service_status;"
    "DateReg=date_registered:date_dmy; Council_Area_Name=council;"
    "Health_Board_Name=health_board; Registered_Places=registered_places:float;"
    "Client_group=client_group; MinGrade=min_grade:int; MaxGrade=max_grade:int;"
    "Publication_of_Latest_Grading=published:date_dmy;"
    "KQ_Support_Wellbeing=kq_support_wellbeing:int;"
    "KQ_Care_and_Support_Planning=kq_care_and_support_planning:int;"
    "KQ_Setting=kq_setting:int; KQ_Staff_Team=kq_staff_team:int;"
    "KQ_Leadership=kq_leadership:int; KQ_Care_Play_and_Learning=kq_care_play_and_learning:int;"
    "Last_inspection_Date=last_inspection:date_dmy"), CareServicesModel,
    rule_columns={GRADE_ORDER: ("min_grade", "max_grade")})
CARE_GRADES = Format("care_grades", "comparator_care_grades",
                     "Care Inspectorate grading history CSV", cols(
    "CSNumber=cs_number; ServiceName=service_name; Publication_of_Latest_Grading=published:date;"
    "Last_inspection_Date=last_inspection:date;"
    "KQ_Support_Wellbeing=kq_support_wellbeing:int;"
    "KQ_Care_and_Support_Planning=kq_care_and_support_planning:int;"
    "KQ_Setting=kq_setting:int; KQ_Staff_Team=kq_staff_team:int;"
    "KQ_Leadership=kq_leadership:int; KQ_Care_Play_and_Learning=kq_care_play_and_learning:int;"
    "KQ_COVID19=kq_covid19:int; KQ_CYP_Wellbeing=kq_cyp_wellbeing:int;"
    "Quality_of_Information=quality_of_information:int;"
    "Quality_of_Care_and_Support=quality_of_care_and_support:int;"
    "Quality_of_Environment=quality_of_environment:int;"
    "Quality_of_Staffing=quality_of_staffing:int;"
    "Quality_of_Mgmt_and_Lship=quality_of_mgmt_and_lship:int;"
    "CareService=care_service; Subtype=subtype; Council_Area_Name=council;"
    "ServiceType=service_type; Provided_by_Local_Authority=provided_by_local_authority"),
    CareGradesModel, rule_columns={PUBLISHED_AFTER: ("published", "last_inspection")})
