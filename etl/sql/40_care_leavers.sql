-- Care leavers' aftercare: each young person's latest record in each quarter
-- (and in the quarter holding each 31 July, for the national comparison).
-- Activity follows the national statistics: education, training or
-- employment over those with known activity; unknowns are counted apart.

CREATE OR REPLACE VIEW fact_care_leavers AS
WITH placed AS (
    SELECT p.period_end, p.period_type, cl.*
    FROM periods p JOIN care_leavers cl
      ON cl.record_date BETWEEN
         CASE WHEN p.period_type = 'quarter' THEN p.period_start
              ELSE date_trunc('quarter', p.period_end)::DATE END
         AND CASE WHEN p.period_type = 'quarter' THEN p.period_end
              ELSE quarter_end(p.period_end) END
    QUALIFY row_number() OVER (PARTITION BY p.period_end, p.period_type, cl.child_id
                               ORDER BY cl.record_date DESC) = 1
),
final AS (
    SELECT pl.period_end, pl.period_type, pl.child_id, pl.record_date,
           pl.ceased_looked_after_date, pl.eligible_for_aftercare, pl.receiving_aftercare,
           pl.pathway_plan, pl.pathway_coordinator, pl.in_touch, pl.accommodation,
           pl.economic_activity,
           pl.economic_activity IN ('education', 'training', 'employment',
                                     'training_or_employment') AS in_eet,
           pl.economic_activity <> 'unknown' AS activity_known,
           pl.accommodation = 'homeless' AS homeless,
           pl.accommodation <> 'unknown' AS accommodation_known,
           age_at(d.date_of_birth, pl.record_date) AS age,
           leaver_age_band(age_at(d.date_of_birth, pl.record_date)) AS leaver_age_band,
           d.locality, d.sex, d.disability
    FROM placed pl JOIN child_dim d USING (child_id)
)
SELECT * FROM final;

-- Indicators: young people's own ages (16 to 26) are leaver_age_band, a
-- breakdown, not the sidebar's age filter (which is for children's ages).

CREATE OR REPLACE VIEW ind_aftercare_receiving_pct AS
SELECT period_end, period_type, locality, sex, disability, leaver_age_band,
       count(*) FILTER (WHERE eligible_for_aftercare AND receiving_aftercare) AS numerator,
       count(*) FILTER (WHERE eligible_for_aftercare) AS denominator
FROM fact_care_leavers GROUP BY ALL;

CREATE OR REPLACE VIEW ind_care_leavers_pathway_plan_pct AS
SELECT period_end, period_type, locality, sex, disability, leaver_age_band,
       count(*) FILTER (WHERE receiving_aftercare AND pathway_plan) AS numerator,
       count(*) FILTER (WHERE receiving_aftercare) AS denominator
FROM fact_care_leavers GROUP BY ALL;

CREATE OR REPLACE VIEW ind_care_leavers_homeless_pct AS
SELECT period_end, period_type, locality, sex, disability, leaver_age_band,
       count(*) FILTER (WHERE receiving_aftercare AND homeless) AS numerator,
       count(*) FILTER (WHERE receiving_aftercare AND accommodation_known) AS denominator
FROM fact_care_leavers GROUP BY ALL;

CREATE OR REPLACE VIEW ind_care_leavers_eet_pct AS
SELECT period_end, period_type, locality, sex, disability, leaver_age_band,
       count(*) FILTER (WHERE receiving_aftercare AND in_eet) AS numerator,
       count(*) FILTER (WHERE receiving_aftercare AND activity_known) AS denominator
FROM fact_care_leavers GROUP BY ALL;
