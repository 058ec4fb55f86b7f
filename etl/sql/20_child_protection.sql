-- Child protection: registrations, re-registrations within 18 months of a
-- previous de-registration (LGBF CHN22), the register on each period's last
-- day, and time on the register measured at de-registration.

CREATE OR REPLACE VIEW fact_cp_registrations AS
WITH flagged AS (
    SELECT r.*,
           EXISTS (SELECT 1 FROM child_protection_registrations prev
                   WHERE prev.child_id = r.child_id
                     AND prev.registration_id <> r.registration_id
                     AND prev.deregistration_date IS NOT NULL
                     AND prev.deregistration_date <= r.registration_date
                     AND prev.deregistration_date >= r.registration_date - INTERVAL 18 MONTH
           ) AS reregistration_18m
    FROM child_protection_registrations r
),
final AS (
    SELECT f.registration_id, f.child_id, f.registration_date, f.deregistration_date,
           f.concerns, f.reregistration_18m,
           CASE WHEN f.deregistration_date IS NULL THEN NULL
                WHEN f.deregistration_date < f.registration_date + INTERVAL 6 MONTH
                    THEN 'Under 6 months'
                WHEN f.deregistration_date < f.registration_date + INTERVAL 1 YEAR
                    THEN '6 months to under 1 year'
                WHEN f.deregistration_date < f.registration_date + INTERVAL 2 YEAR
                    THEN '1 to under 2 years'
                ELSE '2 years or more' END AS time_on_register_band,
           d.locality, d.sex, d.disability,
           child_age_band(greatest(age_at(d.date_of_birth, f.registration_date), 0)) AS age_band
    FROM flagged f JOIN child_dim d USING (child_id)
)
SELECT * FROM final;

CREATE OR REPLACE VIEW fact_cp_concerns AS
SELECT registration_id, child_id, registration_date, locality, sex, disability, age_band,
       unnest(string_split(concerns, ';')) AS concern
FROM fact_cp_registrations WHERE concerns IS NOT NULL;

-- Indicators. Registrations are counted in the period (a quarter, or the year to
-- 31 July); re-registrations (CHN22) in the 12 months to the period's end.

CREATE OR REPLACE VIEW ind_cp_registrations AS
SELECT p.period_end, p.period_type, r.locality, r.age_band, r.sex, r.disability,
       count(*) AS numerator, NULL::BIGINT AS denominator
FROM periods p JOIN fact_cp_registrations r
  ON r.registration_date BETWEEN p.period_start AND p.period_end
GROUP BY ALL;

CREATE OR REPLACE VIEW ind_cp_reregistration_pct AS      -- LGBF CHN22
SELECT p.period_end, p.period_type, r.locality, r.age_band, r.sex, r.disability,
       count(*) FILTER (WHERE r.reregistration_18m) AS numerator, count(*) AS denominator
FROM periods p JOIN fact_cp_registrations r
  ON r.registration_date <= p.period_end
 AND r.registration_date > p.period_end - INTERVAL 1 YEAR
WHERE window_full(p.period_end, 12, NULL)
GROUP BY ALL;
