-- England (SSDA903): DfE's placement stability measures ("Stability measures for children
-- looked after in England"; formerly national indicators NI 62 and NI 63), from the 903
-- episodes and their reason for new episode (RNE, table new_episode_reasons). Empty for a
-- warehouse that holds no SSDA903 return: only 903 episodes have an RNE.
--
-- Agreed series of short breaks (legal status V3, V4) are left out throughout, as DfE
-- does. An episode covers a day d when start_date <= d < end_date (as in 10_looked_after).

-- Each 903 episode with the start of the child's period of care and of their carer.
-- A new period of care begins with RNE S or after a gap (an episode that does not start on
-- the day the previous one ended). A new carer begins with a new period or with RNE P
-- (change of placement and carer) or B (legal status and placement and carer); L (legal
-- status only), T and U (change of placement, same carers: e.g. placed for adoption with
-- the current foster carers) keep the carer.
CREATE OR REPLACE VIEW placement_chains_903 AS
WITH episodes AS (
    SELECT e.episode_id, e.child_id, e.start_date, e.end_date, e.placement_type,
           r.new_episode_reason AS rne,
           lag(e.end_date) OVER (PARTITION BY e.child_id
                                 ORDER BY e.start_date, e.episode_id) AS previous_end
    FROM looked_after_episodes e JOIN new_episode_reasons r USING (episode_id)
    WHERE e.legal_reason IS DISTINCT FROM 'short_breaks'
),
flagged AS (
    SELECT *,
           previous_end IS NULL OR previous_end <> start_date
               OR rne IS NOT DISTINCT FROM 'S' AS new_period,
           previous_end IS NULL OR previous_end <> start_date
               OR rne IN ('S', 'P', 'B') AS new_carer
    FROM episodes
),
numbered AS (
    SELECT *,
           sum(new_period::INT) OVER w AS period_no,
           sum(new_carer::INT) OVER w AS carer_no
    FROM flagged
    WINDOW w AS (PARTITION BY child_id ORDER BY start_date, episode_id
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
carers AS (
    SELECT child_id, period_no, carer_no, min(start_date) AS carer_start,
           arg_min(placement_type, start_date) AS carer_first_type
    FROM numbered GROUP BY ALL
),
carers_before AS (
    SELECT *, lag(carer_start) OVER (PARTITION BY child_id, period_no
                                     ORDER BY carer_no) AS previous_carer_start
    FROM carers
),
final AS (
    SELECT n.episode_id, n.child_id, n.start_date, n.end_date, n.placement_type, n.rne,
           n.new_carer,
           min(n.start_date) OVER (PARTITION BY n.child_id, n.period_no) AS period_start,
           c.carer_start,
           -- placed for adoption with new carers: the adoptive placement and the placement
           -- before it count together (DfE's long-term stability rule)
           CASE WHEN n.placement_type = 'prospective_adopters'
                     AND c.carer_first_type = 'prospective_adopters'
                THEN coalesce(c.previous_carer_start, c.carer_start)
                ELSE c.carer_start END AS stable_since
    FROM numbered n JOIN carers_before c USING (child_id, period_no, carer_no)
)
SELECT * FROM final;

-- Per period and child looked after on its last day: the placements in the 12 months to
-- it (the placement held when the window opens, or the first begun in it, and each new
-- placement with new carers or a new period of care begun in it), and, for the current
-- placement, since when the child has been continuously looked after and with these carers.
CREATE OR REPLACE VIEW fact_placement_stability AS
WITH in_window AS (
    SELECT p.period_end, p.period_type, c.*,
           coalesce(c.end_date, DATE '9999-12-31') > p.period_end AS open_on_day,
           row_number() OVER (PARTITION BY p.period_end, p.period_type, c.child_id
                              ORDER BY c.start_date, c.episode_id) = 1 AS first_in_window
    FROM periods p
    JOIN placement_chains_903 c
      ON c.start_date <= p.period_end
     AND coalesce(c.end_date, DATE '9999-12-31')
         > p.period_end - INTERVAL 1 YEAR + INTERVAL 1 DAY
),
per_child AS (
    SELECT period_end, period_type, child_id,
           count(*) FILTER (WHERE first_in_window OR new_carer) AS placements_in_year,
           arg_max(placement_type, start_date) FILTER (WHERE open_on_day) AS placement_type,
           arg_max(period_start, start_date) FILTER (WHERE open_on_day) AS period_start,
           arg_max(stable_since, start_date) FILTER (WHERE open_on_day) AS stable_since
    FROM in_window
    GROUP BY period_end, period_type, child_id
    HAVING bool_or(open_on_day)
),
final AS (
    SELECT c.period_end, c.period_type, c.child_id, c.placements_in_year, c.placement_type,
           c.period_start, c.stable_since,
           c.period_start <= c.period_end - INTERVAL 30 MONTH AS looked_after_2_5_years,
           c.stable_since <= c.period_end - INTERVAL 2 YEAR AS same_carer_2_years,
           age_at(d.date_of_birth, c.period_end) AS age,
           child_age_band(age_at(d.date_of_birth, c.period_end)) AS age_band,
           d.locality, d.sex, d.disability
    FROM per_child c JOIN child_dim d USING (child_id)
)
SELECT * FROM final;

-- Indicators (DfE's are at 31 March: the 'ssda903_year' periods).

CREATE OR REPLACE VIEW ind_placements_three_plus_pct AS
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE placements_in_year >= 3) AS numerator, count(*) AS denominator
FROM fact_placement_stability
WHERE window_full(period_end, 12, NULL)
GROUP BY ALL;

CREATE OR REPLACE VIEW ind_long_term_stability_pct AS
SELECT period_end, period_type, locality, age_band, sex, disability, placement_type,
       count(*) FILTER (WHERE same_carer_2_years) AS numerator, count(*) AS denominator
FROM fact_placement_stability
WHERE age < 16 AND looked_after_2_5_years AND window_full(period_end, 30, NULL)
GROUP BY ALL;
