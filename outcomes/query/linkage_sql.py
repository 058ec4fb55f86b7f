"""The SQL of the linkage from a child's view to what happened next (outcomes.query.linkage):
one row per child, linked through the pseudonymised child key only, with bound
parameters ($year_end: the last day of the year of views; $observed_to: the last day
outcomes are read to).

The index date is the day the child's first view of the year was received, and the
child's group is what became of that view (acted on: an action is recorded against it).
Children looked after with no view in the year are indexed at the year's midpoint (its
views' dates spread over the year around it). A child is in the looked-after cohort if
looked after on the index date; in the care leavers' cohort if they have an aftercare
record in the 12 months up to it.
"""

from __future__ import annotations

INDEXED = """
bounds AS (
    SELECT $year_end::DATE AS year_end, ($year_end::DATE - INTERVAL 12 MONTH)::DATE AS year_start,
           ($year_end::DATE - INTERVAL 6 MONTH)::DATE AS midpoint
),
views AS (
    SELECT f.* FROM feedback f, bounds b
    WHERE f.child_id IS NOT NULL AND f.received_date > b.year_start
      AND f.received_date <= b.year_end
),
first_view AS (                  -- each child's first view in the year: the index date
    SELECT child_id, received_date AS index_date,
           CASE WHEN action_taken IS NOT NULL THEN 'acted_on' ELSE 'not_acted_on' END AS grp
    FROM views
    QUALIFY row_number() OVER (PARTITION BY child_id ORDER BY received_date,
                               action_taken IS NULL, feedback_id) = 1
)"""

LOOKED_AFTER = f"""
WITH {INDEXED},
unheard AS (
    SELECT DISTINCT e.child_id, b.midpoint AS index_date, 'no_view' AS grp
    FROM looked_after_episodes e, bounds b
    WHERE e.start_date <= b.midpoint AND coalesce(e.end_date, DATE '9999-12-31') > b.midpoint
      AND e.child_id NOT IN (SELECT child_id FROM views)
),
indexed AS (SELECT * FROM first_view UNION ALL SELECT * FROM unheard),
placed AS (                      -- looked after on the index date: the placement then
    SELECT i.child_id, i.grp, i.index_date,
           arg_max(e.placement_type, e.start_date) AS placement_type
    FROM indexed i JOIN looked_after_episodes e
      ON e.child_id = i.child_id AND e.start_date <= i.index_date
     AND coalesce(e.end_date, DATE '9999-12-31') > i.index_date
    GROUP BY ALL
),
moves AS (                       -- a placement that follows on from another (a move)
    SELECT DISTINCT n.child_id, n.start_date AS moved
    FROM looked_after_episodes n JOIN looked_after_episodes o
      ON o.child_id = n.child_id AND o.episode_id <> n.episode_id
     AND o.end_date BETWEEN n.start_date - 1 AND n.start_date
),
before AS (                      -- the latest wellbeing assessment on or before the index
    SELECT p.child_id, a.mean_score_pct AS score_before
    FROM placed p ASOF JOIN fact_wellbeing_assessment a
      ON a.child_id = p.child_id AND a.assessment_date <= p.index_date
),
after_12 AS (
    SELECT p.child_id, arg_max(a.mean_score_pct, a.assessment_date) AS score_after
    FROM placed p JOIN fact_wellbeing_assessment a
      ON a.child_id = p.child_id AND a.assessment_date > p.index_date
     AND a.assessment_date <= p.index_date + INTERVAL 12 MONTH
    GROUP BY ALL
),
final AS (
    SELECT p.child_id, p.grp, p.index_date, p.placement_type,
           child_age_band(age_at(d.date_of_birth, p.index_date)) AS age_band,
           date_diff('day', (SELECT min(e.start_date) FROM looked_after_episodes e
                             WHERE e.child_id = p.child_id), p.index_date) AS days_in_care,
           p.index_date + INTERVAL 6 MONTH <= $observed_to::DATE AS followed_6,
           p.index_date + INTERVAL 12 MONTH <= $observed_to::DATE AS followed_12,
           EXISTS (SELECT 1 FROM moves m WHERE m.child_id = p.child_id AND m.moved > p.index_date
                   AND m.moved <= p.index_date + INTERVAL 6 MONTH) AS moved_6,
           EXISTS (SELECT 1 FROM moves m WHERE m.child_id = p.child_id AND m.moved > p.index_date
                   AND m.moved <= p.index_date + INTERVAL 12 MONTH) AS moved_12,
           a12.score_after > b.score_before AS wellbeing_12
           {{missing}}
    FROM placed p JOIN child_dim d USING (child_id)
    LEFT JOIN before b USING (child_id)
    LEFT JOIN after_12 a12 USING (child_id)
)
SELECT * FROM final ORDER BY grp, child_id
"""

MISSING = """,
           EXISTS (SELECT 1 FROM missing_episodes m WHERE m.child_id = p.child_id
                   AND m.start_date > p.index_date
                   AND m.start_date <= p.index_date + INTERVAL 6 MONTH) AS missing_6,
           EXISTS (SELECT 1 FROM missing_episodes m WHERE m.child_id = p.child_id
                   AND m.start_date > p.index_date
                   AND m.start_date <= p.index_date + INTERVAL 12 MONTH) AS missing_12"""

# Care leavers: the last aftercare record in months 1-6 (7-12) after the index date,
# homeless or not, in education, training or employment or not; counted for an outcome
# only with it known at both (so that the 6 and the 12 months are the same young people).
LEAVERS = f"""
WITH {INDEXED},
unheard AS (
    SELECT DISTINCT cl.child_id, b.midpoint AS index_date, 'no_view' AS grp
    FROM care_leavers cl, bounds b
    WHERE cl.record_date <= b.midpoint AND cl.record_date > b.midpoint - INTERVAL 12 MONTH
      AND cl.child_id NOT IN (SELECT child_id FROM views)
),
indexed AS (
    SELECT i.* FROM first_view i
    WHERE EXISTS (SELECT 1 FROM care_leavers cl WHERE cl.child_id = i.child_id
                  AND cl.record_date <= i.index_date
                  AND cl.record_date > i.index_date - INTERVAL 12 MONTH)
    UNION ALL SELECT * FROM unheard
),
later AS (
    SELECT i.child_id, h.months,
           arg_max(cl.accommodation, cl.record_date) AS accommodation,
           arg_max(cl.economic_activity, cl.record_date) AS activity
    FROM indexed i JOIN care_leavers cl ON cl.child_id = i.child_id
    JOIN (VALUES (0, 6), (6, 12)) h(after, months)
      ON cl.record_date > i.index_date + to_months(h.after)
     AND cl.record_date <= i.index_date + to_months(h.months)
    GROUP BY ALL
),
final AS (
    SELECT i.child_id, i.grp, i.index_date,
           leaver_age_band(age_at(d.date_of_birth, i.index_date)) AS age_band,
           i.index_date + INTERVAL 6 MONTH <= $observed_to::DATE AS followed_6,
           i.index_date + INTERVAL 12 MONTH <= $observed_to::DATE AS followed_12,
           CASE WHEN l6.accommodation <> 'unknown' AND l12.accommodation <> 'unknown'
                THEN l6.accommodation = 'homeless' END AS homeless_6,
           CASE WHEN l6.accommodation <> 'unknown' AND l12.accommodation <> 'unknown'
                THEN l12.accommodation = 'homeless' END AS homeless_12,
           CASE WHEN l6.activity <> 'unknown' AND l12.activity <> 'unknown'
                THEN l6.activity IN ('education', 'training', 'employment', 'training_or_employment') END AS eet_6,
           CASE WHEN l6.activity <> 'unknown' AND l12.activity <> 'unknown'
                THEN l12.activity IN ('education', 'training', 'employment', 'training_or_employment') END AS eet_12
    FROM indexed i JOIN child_dim d USING (child_id)
    LEFT JOIN later l6 ON l6.child_id = i.child_id AND l6.months = 6
    LEFT JOIN later l12 ON l12.child_id = i.child_id AND l12.months = 12
)
SELECT * FROM final ORDER BY grp, child_id
"""
