-- Periods and child attributes that every indicator view shares.
-- Quarters are calendar quarters; "clas_year" periods end on 31 July, the
-- snapshot date of Scotland's Children Looked After Statistics (and LGBF);
-- "ssda903_year" periods end on 31 March, England's SSDA903 collection year
-- (1 April to 31 March), the year DfE's published figures count.

CREATE OR REPLACE MACRO age_at(dob, d) AS date_diff('month', dob, d) // 12;

-- child_age_band(age) and leaver_age_band(age), and ref_placement_types, come
-- from core/rules.py (etl/warehouse.py makes them before these files run).

CREATE OR REPLACE MACRO quarter_end(d) AS
    (date_trunc('quarter', d) + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE;

CREATE OR REPLACE VIEW data_as_at AS
WITH dates AS (
    SELECT max(coalesce(end_date, start_date)) AS d FROM looked_after_episodes
    UNION ALL SELECT max(start_date) FROM looked_after_episodes
    UNION ALL SELECT max(coalesce(deregistration_date, registration_date))
        FROM child_protection_registrations
    UNION ALL SELECT max(assessment_date) FROM wellbeing_assessments
    UNION ALL SELECT max(record_date) FROM care_leavers
    UNION ALL SELECT max(received_date) FROM feedback
),
latest AS (SELECT max(d) AS as_at FROM dates)
SELECT as_at,
       CASE WHEN as_at = quarter_end(as_at) THEN as_at
            ELSE (date_trunc('quarter', as_at) - INTERVAL 1 DAY)::DATE END AS period_end
FROM latest;

-- Every quarter from the start of the history to the last complete quarter,
-- and every 31 July and 31 March within them. The history starts with the first
-- periodic record (aftercare record, wellbeing assessment, view, or an SSDA903
-- review or missing episode): placements and
-- registrations reach further back only for the children still open then,
-- so earlier quarters would undercount. With none of those, it starts with
-- the first placement or registration. At most ten years are shown.
CREATE OR REPLACE VIEW periods AS
WITH firsts AS (
    SELECT least((SELECT min(record_date) FROM care_leavers),
                 (SELECT min(assessment_date) FROM wellbeing_assessments),
                 (SELECT min(received_date) FROM feedback),
                 (SELECT min(review_date) FROM review_participation),
                 (SELECT min(start_date) FROM missing_episodes)) AS periodic,
           least((SELECT min(start_date) FROM looked_after_episodes),
                 (SELECT min(registration_date) FROM child_protection_registrations)) AS events
),
bounds AS (
    SELECT period_end AS last_end,
           greatest(date_trunc('quarter', coalesce(periodic, events, period_end)),
                    date_trunc('quarter', period_end) - INTERVAL 117 MONTH)::DATE AS first_start
    FROM data_as_at, firsts WHERE period_end IS NOT NULL
),
quarters AS (
    SELECT (q + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE AS period_end, q::DATE AS period_start
    FROM bounds, generate_series(first_start, last_end, INTERVAL 3 MONTH) AS s(q)
    WHERE q + INTERVAL 3 MONTH - INTERVAL 1 DAY <= last_end
),
final AS (
    SELECT period_end, period_start, 'quarter' AS period_type,
           strftime(period_end, '%Y') || ' Q' || quarter(period_end) AS label
    FROM quarters
    UNION ALL
    SELECT make_date(year(period_end), 7, 31), make_date(year(period_end) - 1, 8, 1),
           'clas_year', (year(period_end) - 1) || '-' || right(year(period_end)::VARCHAR, 2)
    FROM quarters WHERE month(period_end) = 9
    UNION ALL
    SELECT period_end, make_date(year(period_end) - 1, 4, 1),
           'ssda903_year', (year(period_end) - 1) || '-' || right(year(period_end)::VARCHAR, 2)
    FROM quarters WHERE month(period_end) = 3
)
SELECT * FROM final;

CREATE OR REPLACE VIEW child_dim AS
SELECT child_id, date_of_birth, sex, locality, ethnicity,
       CASE WHEN disability THEN 'Disabled' WHEN NOT disability THEN 'Not disabled'
            ELSE 'Not known' END AS disability
FROM children;

-- A rolling measure (events in the 12 months to a period's end) is only complete once the
-- history holds those 12 months of its own source: before that it would count a part-year
-- (warm-up), so its indicator views leave those periods out. `since` is the first day the
-- source records (its first view, assessment...), or NULL for the history's start.
CREATE OR REPLACE MACRO window_full(period_day, months, since) AS
    period_day >= greatest((SELECT min(period_start) FROM periods WHERE period_type = 'quarter'),
                           date_trunc('quarter', coalesce(since, DATE '0001-01-01'))::DATE)
                  + to_months(months) - INTERVAL 1 DAY;
