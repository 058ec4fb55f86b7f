-- England (SSDA903 OC3, table care_leaver_outcomes in DfE's own codes): care leavers in
-- touch, in education, employment or training, and in suitable accommodation, by DfE's age
-- groups (17 to 18, 19 to 21), as DfE's local authority tables count them. OC3 records a
-- young person around their 17th to 21st birthday in the collection year; record_date is
-- that birthday. Per period: the records of the 12 months to its end (the SSDA903 year at
-- each 31 March). Young people who died since leaving care (IN_TOUCH DIED) or returned
-- home to parents for 6 months or more (RHOM) are left out, as DfE's figures leave them
-- out; every other young person of the age counts in the denominator, those whose
-- activity or accommodation is not known included (DfE's "information not known").
-- Empty for a warehouse that holds no SSDA903 return.

CREATE OR REPLACE VIEW fact_care_leavers_903 AS
SELECT p.period_end, p.period_type, o.child_id, o.record_date,
       age_at(d.date_of_birth, o.record_date) AS age,
       CASE WHEN age_at(d.date_of_birth, o.record_date) BETWEEN 17 AND 18 THEN '17 to 18'
            WHEN age_at(d.date_of_birth, o.record_date) BETWEEN 19 AND 21 THEN '19 to 21'
       END AS dfe_age_group,
       o.in_touch_code = 'YES' AS in_touch,
       o.activity_code IN ('F1', 'P1', 'F2', 'P2', 'F3', 'P3', 'F4', 'P4', 'F5', 'P5')
           AS in_eet,
       coalesce(o.accommodation_suitable, false) AS suitable_accommodation,
       d.locality, d.sex, d.disability
FROM periods p
JOIN care_leaver_outcomes o
  ON o.record_date <= p.period_end AND o.record_date > p.period_end - INTERVAL 1 YEAR
JOIN child_dim d USING (child_id)
WHERE o.in_touch_code NOT IN ('DIED', 'RHOM')
  -- OC3 covers whole collection years: full from the 1 April starting the first one
  AND window_full(p.period_end, 12,
                  (SELECT make_date(year(min(record_date) - INTERVAL 3 MONTH), 4, 1)
                   FROM care_leaver_outcomes));

CREATE OR REPLACE VIEW ind_leavers_in_touch_17_18_pct AS
SELECT period_end, period_type, locality, sex, disability,
       count(*) FILTER (WHERE in_touch) AS numerator, count(*) AS denominator
FROM fact_care_leavers_903 WHERE dfe_age_group = '17 to 18' GROUP BY ALL;

CREATE OR REPLACE VIEW ind_leavers_in_touch_19_21_pct AS
SELECT period_end, period_type, locality, sex, disability,
       count(*) FILTER (WHERE in_touch) AS numerator, count(*) AS denominator
FROM fact_care_leavers_903 WHERE dfe_age_group = '19 to 21' GROUP BY ALL;

CREATE OR REPLACE VIEW ind_leavers_eet_17_18_pct AS
SELECT period_end, period_type, locality, sex, disability,
       count(*) FILTER (WHERE in_eet) AS numerator, count(*) AS denominator
FROM fact_care_leavers_903 WHERE dfe_age_group = '17 to 18' GROUP BY ALL;

CREATE OR REPLACE VIEW ind_leavers_eet_19_21_pct AS
SELECT period_end, period_type, locality, sex, disability,
       count(*) FILTER (WHERE in_eet) AS numerator, count(*) AS denominator
FROM fact_care_leavers_903 WHERE dfe_age_group = '19 to 21' GROUP BY ALL;

CREATE OR REPLACE VIEW ind_leavers_suitable_accommodation_17_18_pct AS
SELECT period_end, period_type, locality, sex, disability,
       count(*) FILTER (WHERE suitable_accommodation) AS numerator, count(*) AS denominator
FROM fact_care_leavers_903 WHERE dfe_age_group = '17 to 18' GROUP BY ALL;

CREATE OR REPLACE VIEW ind_leavers_suitable_accommodation_19_21_pct AS
SELECT period_end, period_type, locality, sex, disability,
       count(*) FILTER (WHERE suitable_accommodation) AS numerator, count(*) AS denominator
FROM fact_care_leavers_903 WHERE dfe_age_group = '19 to 21' GROUP BY ALL;
