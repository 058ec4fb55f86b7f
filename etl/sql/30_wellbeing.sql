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

-- Change between each child's first and latest assessment up to each period's
-- end (children with two or more assessments by then).
CREATE OR REPLACE VIEW fact_wellbeing_change AS
WITH upto AS (
    SELECT p.period_end, p.period_type, a.child_id, a.assessment_date, a.mean_score_pct,
           a.locality, a.sex, a.disability,
           row_number() OVER w_first AS n_first, row_number() OVER w_last AS n_last,
           count(*) OVER (PARTITION BY p.period_end, p.period_type, a.child_id) AS assessments
    FROM periods p JOIN fact_wellbeing_assessment a ON a.assessment_date <= p.period_end
    WINDOW w_first AS (PARTITION BY p.period_end, p.period_type, a.child_id
                       ORDER BY a.assessment_date),
           w_last AS (PARTITION BY p.period_end, p.period_type, a.child_id
                      ORDER BY a.assessment_date DESC)
),
final AS (
    SELECT period_end, period_type, child_id, any_value(locality) AS locality,
           any_value(sex) AS sex, any_value(disability) AS disability,
           max(assessments) AS assessments,
           max(mean_score_pct) FILTER (WHERE n_first = 1) AS first_score_pct,
           max(mean_score_pct) FILTER (WHERE n_last = 1) AS latest_score_pct,
           max(assessment_date) AS latest_assessment
    FROM upto GROUP BY period_end, period_type, child_id
    HAVING max(assessments) >= 2
)
SELECT *, latest_score_pct > first_score_pct AS improved FROM final;

CREATE OR REPLACE VIEW ind_wellbeing AS
SELECT period_end, locality, indicator,
       count(DISTINCT child_id) AS children_assessed, avg(score_pct) AS mean_score_pct
FROM fact_wellbeing GROUP BY ALL;

-- Looked-after children on each period's last day, with or without an
-- assessment in the 12 months before it.
CREATE OR REPLACE VIEW fact_wellbeing_recency AS
SELECT l.period_end, l.period_type, l.child_id, l.locality, l.sex, l.disability, l.age_band,
       l.placement_type,
       max(a.assessment_date) AS latest_assessment,
       coalesce(max(a.assessment_date) > l.period_end - INTERVAL 1 YEAR, false) AS assessed_recently
FROM fact_looked_after l
LEFT JOIN fact_wellbeing_assessment a
  ON a.child_id = l.child_id AND a.assessment_date <= l.period_end
GROUP BY l.period_end, l.period_type, l.child_id, l.locality, l.sex, l.disability, l.age_band,
         l.placement_type;
