-- Looked-after children: who is looked after on each period's last day, where,
-- and how many placements they had in the 12 months to it (LGBF CHN9, CHN23).
-- A placement that ends on a day and the next that starts on it count once:
-- an episode covers a day d when start_date <= d < end_date.

CREATE OR REPLACE VIEW fact_looked_after AS
WITH overlapping AS (      -- every placement open at some time in the 12 months to the day
    SELECT p.period_end, p.period_type, e.child_id, e.start_date, e.placement_type,
           e.legal_reason,
           coalesce(e.end_date, DATE '9999-12-31') > p.period_end AS open_on_day
    FROM periods p
    JOIN looked_after_episodes e
      ON e.start_date <= p.period_end
     AND coalesce(e.end_date, DATE '9999-12-31') > p.period_end - INTERVAL 1 YEAR
    -- England's agreed series of short breaks (SSDA903 V3, V4) are not counted as
    -- looked after, as DfE's statistics do not count them
    WHERE e.legal_reason IS DISTINCT FROM 'short_breaks'
),
per_child AS (
    SELECT period_end, period_type, child_id, count(*) AS placements_in_year,
           arg_max(placement_type, start_date) FILTER (WHERE open_on_day) AS placement_type,
           arg_max(legal_reason, start_date) FILTER (WHERE open_on_day) AS legal_reason
    FROM overlapping
    GROUP BY period_end, period_type, child_id
    HAVING bool_or(open_on_day)
),
final AS (
    SELECT c.period_end, c.period_type, c.child_id, c.placement_type, c.legal_reason,
           r.setting,
           c.placements_in_year,
           d.locality, d.sex, d.disability,
           child_age_band(age_at(d.date_of_birth, c.period_end)) AS age_band
    FROM per_child c
    JOIN child_dim d USING (child_id)
    JOIN ref_placement_types r USING (placement_type)
)
SELECT * FROM final;

-- Young people who ceased to be looked after at 16 or over: their last
-- episode, and whether they stayed on under continuing care.
CREATE OR REPLACE VIEW fact_ceased_16_plus AS
WITH last_episode AS (
    SELECT e.*, row_number() OVER (PARTITION BY child_id ORDER BY start_date DESC,
                                   episode_id DESC) AS rn
    FROM looked_after_episodes e
),
final AS (
    SELECT l.child_id, l.end_date AS ceased_date, l.placement_type, l.reason_ended,
           r.continuing_care_eligible AS eligible_placement,
           l.reason_ended = 'continuing_care' AS continuing_care,
           d.locality, d.sex, d.disability
    FROM last_episode l JOIN child_dim d USING (child_id)
    JOIN ref_placement_types r USING (placement_type)
    WHERE l.rn = 1 AND l.end_date IS NOT NULL
      AND l.reason_ended IS DISTINCT FROM 'placement_change'
      AND age_at(d.date_of_birth, l.end_date) >= 16
)
SELECT * FROM final;

-- Indicators (one view each, named ind_<catalogue id>): per period and per
-- combination of the columns a reader may filter or break down by, the
-- numerator and denominator. outcomes/query/indicators.py sums them for a view.

CREATE OR REPLACE VIEW ind_lac_count AS
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) AS numerator, NULL::BIGINT AS denominator
FROM fact_looked_after GROUP BY ALL;

CREATE OR REPLACE VIEW ind_lac_community_pct AS          -- LGBF CHN9
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE setting = 'community') AS numerator, count(*) AS denominator
FROM fact_looked_after GROUP BY ALL;

CREATE OR REPLACE VIEW ind_placement_moves_pct AS        -- LGBF CHN23
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE placements_in_year > 1) AS numerator, count(*) AS denominator
FROM fact_looked_after
WHERE window_full(period_end, 12, NULL)
GROUP BY ALL;

-- Ceased at 16 or over in the 12 months to the period's end, from an eligible placement.
CREATE OR REPLACE VIEW ind_continuing_care_pct AS
SELECT p.period_end, p.period_type, c.locality, c.sex, c.disability, c.placement_type,
       count(*) FILTER (WHERE c.eligible_placement AND c.continuing_care) AS numerator,
       count(*) FILTER (WHERE c.eligible_placement) AS denominator
FROM periods p
JOIN fact_ceased_16_plus c
  ON c.ceased_date <= p.period_end AND c.ceased_date > p.period_end - INTERVAL 1 YEAR
WHERE window_full(p.period_end, 12, NULL)
GROUP BY ALL;
