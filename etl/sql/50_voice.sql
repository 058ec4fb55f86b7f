-- Voice: who is heard. Coverage on each period's last day is children looked
-- after or on the child protection register that day with a view recorded in
-- the 12 months before it; then what happened to the views received.

CREATE OR REPLACE VIEW fact_voice_population AS
WITH looked_after AS (
    SELECT period_end, period_type, child_id, placement_type AS group_placement
    FROM fact_looked_after
),
registered AS (
    SELECT DISTINCT p.period_end, p.period_type, r.child_id
    FROM periods p JOIN child_protection_registrations r
      ON r.registration_date <= p.period_end
     AND (r.deregistration_date IS NULL OR r.deregistration_date > p.period_end)
),
population AS (
    SELECT coalesce(l.period_end, r.period_end) AS period_end,
           coalesce(l.period_type, r.period_type) AS period_type,
           coalesce(l.child_id, r.child_id) AS child_id,
           coalesce(l.group_placement, 'on_register_only') AS placement_type,
           l.child_id IS NOT NULL AS looked_after, r.child_id IS NOT NULL AS on_register
    FROM looked_after l FULL JOIN registered r USING (period_end, period_type, child_id)
),
heard_by AS (
    SELECT child_id, received_date FROM feedback WHERE child_id IS NOT NULL
),
final AS (
    SELECT p.*, d.locality, d.sex, d.disability,
           child_age_band(greatest(age_at(d.date_of_birth, p.period_end), 0)) AS age_band,
           coalesce(h.received_date > p.period_end - INTERVAL 1 YEAR, false) AS heard
    FROM population p JOIN child_dim d USING (child_id)
    ASOF LEFT JOIN heard_by h ON h.child_id = p.child_id AND h.received_date <= p.period_end
)
SELECT * FROM final;

CREATE OR REPLACE VIEW fact_feedback AS
SELECT f.feedback_id, f.child_id, f.received_date, quarter_end(f.received_date) AS period_end,
       f.service, f.channel, f.topic, f.rating, f.comment, f.can_quote,
       f.action_taken IS NOT NULL AS acted_on,
       coalesce(f.told_child_outcome, false) AS told_outcome,
       coalesce(f.used_in_planning, false) AS used_in_planning,
       d.locality, d.sex, d.disability,
       CASE WHEN d.child_id IS NULL THEN 'Anonymous'
            ELSE child_age_band(age_at(d.date_of_birth, f.received_date)) END AS age_band
FROM feedback f LEFT JOIN child_dim d USING (child_id);

-- Indicators: coverage on each period's last day; what happened to the views
-- received in the 12 months to it.

CREATE OR REPLACE VIEW ind_voice_coverage_pct AS
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE heard) AS numerator, count(*) AS denominator
FROM fact_voice_population
WHERE window_full(period_end, 12, (SELECT min(received_date) FROM feedback))
GROUP BY ALL;

CREATE OR REPLACE VIEW ind_voice_acted_on_pct AS
SELECT p.period_end, p.period_type, f.locality, f.age_band, f.sex, f.disability,
       count(*) FILTER (WHERE f.acted_on) AS numerator, count(*) AS denominator
FROM periods p JOIN fact_feedback f
  ON f.received_date <= p.period_end AND f.received_date > p.period_end - INTERVAL 1 YEAR
WHERE window_full(p.period_end, 12, (SELECT min(received_date) FROM feedback))
GROUP BY ALL;

CREATE OR REPLACE VIEW ind_voice_told_outcome_pct AS
SELECT p.period_end, p.period_type, f.locality, f.age_band, f.sex, f.disability,
       count(*) FILTER (WHERE f.told_outcome) AS numerator, count(*) AS denominator
FROM periods p JOIN fact_feedback f
  ON f.received_date <= p.period_end AND f.received_date > p.period_end - INTERVAL 1 YEAR
WHERE window_full(p.period_end, 12, (SELECT min(received_date) FROM feedback))
GROUP BY ALL;

CREATE OR REPLACE VIEW ind_voice_used_in_planning_pct AS
SELECT p.period_end, p.period_type, f.locality, f.age_band, f.sex, f.disability,
       count(*) FILTER (WHERE f.used_in_planning) AS numerator, count(*) AS denominator
FROM periods p JOIN fact_feedback f
  ON f.received_date <= p.period_end AND f.received_date > p.period_end - INTERVAL 1 YEAR
WHERE window_full(p.period_end, 12, (SELECT min(received_date) FROM feedback))
GROUP BY ALL;
