-- Wellbeing (GIRFEC SHANARRI). Scores on 5- and 10-point scales are put on
-- one footing as a share of the scale's maximum (score_pct, 0-100).

CREATE OR REPLACE VIEW fact_wellbeing AS
SELECT w.child_id, w.assessment_date, quarter_end(w.assessment_date) AS period_end,
       w.indicator, w.score, coalesce(w.scale_max, 10) AS scale_max,
       100.0 * w.score / coalesce(w.scale_max, 10) AS score_pct, w.completed_with,
       d.locality, d.sex, d.disability,
       child_age_band(age_at(d.date_of_birth, w.assessment_date)) AS age_band
FROM wellbeing_assessments w JOIN child_dim d USING (child_id);

-- One row per child and assessment date: the average over the indicators scored.
CREATE OR REPLACE VIEW fact_wellbeing_assessment AS
SELECT child_id, assessment_date, period_end, locality, sex, disability, age_band,
       avg(score_pct) AS mean_score_pct, count(*) AS indicators_scored
FROM fact_wellbeing GROUP BY ALL;

-- Change for children looked after on each period's last day: their first
-- assessment against their latest one by then (two or more assessments).
CREATE OR REPLACE VIEW fact_wellbeing_change AS
WITH running AS (
    SELECT child_id, assessment_date, mean_score_pct,
           row_number() OVER w AS assessments,
           first_value(mean_score_pct) OVER w AS first_score_pct
    FROM fact_wellbeing_assessment
    WINDOW w AS (PARTITION BY child_id ORDER BY assessment_date
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
final AS (
    SELECT l.period_end, l.period_type, l.child_id, l.locality, l.sex, l.disability,
           l.age_band, l.placement_type, r.assessments, r.first_score_pct,
           r.mean_score_pct AS latest_score_pct, r.assessment_date AS latest_assessment
    FROM fact_looked_after l
    ASOF JOIN running r ON r.child_id = l.child_id AND r.assessment_date <= l.period_end
    WHERE r.assessments >= 2
)
SELECT *, latest_score_pct > first_score_pct AS improved FROM final;

-- Looked-after children on each period's last day, with or without an
-- assessment in the 12 months before it (their latest assessment by then).
CREATE OR REPLACE VIEW fact_wellbeing_recency AS
SELECT l.period_end, l.period_type, l.child_id, l.locality, l.sex, l.disability, l.age_band,
       l.placement_type, a.assessment_date AS latest_assessment,
       coalesce(a.assessment_date > l.period_end - INTERVAL 1 YEAR, false) AS assessed_recently
FROM fact_looked_after l
ASOF LEFT JOIN fact_wellbeing_assessment a
  ON a.child_id = l.child_id AND a.assessment_date <= l.period_end;

-- Indicators.

CREATE OR REPLACE VIEW ind_wellbeing_improved_pct AS
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE improved) AS numerator, count(*) AS denominator
FROM fact_wellbeing_change GROUP BY ALL;

CREATE OR REPLACE VIEW ind_wellbeing_assessed_recent_pct AS
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE assessed_recently) AS numerator, count(*) AS denominator
FROM fact_wellbeing_recency
WHERE window_full(period_end, 12, (SELECT min(assessment_date) FROM wellbeing_assessments))
GROUP BY ALL;
