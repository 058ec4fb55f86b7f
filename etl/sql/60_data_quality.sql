-- Data quality (improvement point 2). dq_completeness is generated from the
-- contract by etl/warehouse.py; these views read the audit and quarantine.

-- How current each table is: its latest event date against the last
-- complete quarter, and when it was last loaded.
CREATE OR REPLACE VIEW dq_timeliness AS
WITH latest AS (
    SELECT 'looked_after_episodes' AS table_name,
           max(greatest(start_date, coalesce(end_date, start_date))) AS latest_date
    FROM looked_after_episodes
    UNION ALL SELECT 'child_protection_registrations',
           max(greatest(registration_date, coalesce(deregistration_date, registration_date)))
    FROM child_protection_registrations
    UNION ALL SELECT 'wellbeing_assessments', max(assessment_date) FROM wellbeing_assessments
    UNION ALL SELECT 'care_leavers', max(record_date) FROM care_leavers
    UNION ALL SELECT 'feedback', max(received_date) FROM feedback
),
loaded AS (
    SELECT table_name, max(loaded_at) AS last_loaded
    FROM file_audit WHERE status IN ('loaded', 'quarantined', 'unchanged') GROUP BY ALL
)
SELECT l.table_name, l.latest_date, a.period_end,
       date_diff('day', l.latest_date, a.period_end) AS days_behind, ld.last_loaded
FROM latest l CROSS JOIN data_as_at a LEFT JOIN loaded ld USING (table_name);

-- The quarantine as it stands: problems from each file's latest load of it.
CREATE OR REPLACE VIEW dq_quarantine_current AS
WITH latest AS (
    SELECT file, table_name, max(load_id) AS load_id FROM file_audit
    WHERE status <> 'unchanged' GROUP BY ALL
)
SELECT q.* FROM quarantine q JOIN latest USING (file, table_name, load_id);

-- The indicator: optional cells with a value, across the partnership's tables,
-- as at the last complete quarter.
CREATE OR REPLACE VIEW ind_data_completeness_pct AS
SELECT a.period_end, 'quarter' AS period_type,
       sum(c.filled) AS numerator, sum(c.rows) AS denominator
FROM dq_completeness c CROSS JOIN data_as_at a
WHERE NOT c.required AND a.period_end IS NOT NULL
GROUP BY ALL;
