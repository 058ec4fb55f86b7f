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
           date_diff('day', f.registration_date, f.deregistration_date) AS days_on_register,
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

CREATE OR REPLACE VIEW ind_child_protection AS
WITH registered AS (
    SELECT p.period_end, p.period_type, r.locality,
           count(*) AS registrations,
           count(*) FILTER (WHERE r.reregistration_18m) AS reregistrations_18m
    FROM periods p JOIN fact_cp_registrations r
      ON r.registration_date BETWEEN p.period_start AND p.period_end
    GROUP BY ALL
),
on_register AS (
    SELECT p.period_end, p.period_type, r.locality, count(DISTINCT r.child_id) AS on_register
    FROM periods p JOIN fact_cp_registrations r
      ON r.registration_date <= p.period_end
     AND (r.deregistration_date IS NULL OR r.deregistration_date > p.period_end)
    GROUP BY ALL
),
deregistered AS (
    SELECT p.period_end, p.period_type, r.locality, count(*) AS deregistrations,
           median(r.days_on_register) AS median_days_on_register
    FROM periods p JOIN fact_cp_registrations r
      ON r.deregistration_date BETWEEN p.period_start AND p.period_end
    GROUP BY ALL
)
SELECT period_end, period_type, locality,
       coalesce(registrations, 0) AS registrations,
       coalesce(reregistrations_18m, 0) AS reregistrations_18m,
       coalesce(on_register, 0) AS on_register,
       coalesce(deregistrations, 0) AS deregistrations,
       median_days_on_register
FROM registered
FULL JOIN on_register USING (period_end, period_type, locality)
FULL JOIN deregistered USING (period_end, period_type, locality);

CREATE OR REPLACE VIEW fact_cp_concerns AS
SELECT registration_id, child_id, registration_date, locality, sex, disability, age_band,
       unnest(string_split(concerns, ';')) AS concern
FROM fact_cp_registrations WHERE concerns IS NOT NULL;
