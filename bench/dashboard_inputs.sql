-- The dashboard's inputs in one hand-written statement: the yardstick bench/dashboard.py
-- times the product's selectors and analysis against (goal: product <= 3x this).
--
-- For every indicator a partnership uses, the same rows selectors_insight.indicator_facts
-- reads: the indicator's definition; the current default-breakdown values (shared or the
-- partnership's own) of the headline area and of the benchmark area, every period (the
-- latest, previous and last-year values, trend and forecast all come from these series);
-- the comparator group's members' values for each indicator's latest valued period of the
-- headline area; the approved targets for the headline area; the latest commentary.
--
-- It uses the product's own indexes only: observation_current_key_unique (indicator, area,
-- period, sex, age, category type, category WHERE superseded_at IS NULL) for the series and
-- the members' latest values, target_unique, commentary_unique and
-- partnership_indicator_unique. Parameters (psycopg named): partnership, area, benchmark, group.
WITH links AS (
    SELECT l.indicator_id, i.code, i.title, i.polarity, i.value_type, i.unit, i.decimal_places,
           i.is_fictional
    FROM performance_partnershipindicator l
    JOIN performance_indicator i ON i.id = l.indicator_id
    WHERE l.partnership_id = %(partnership)s
),
series AS (
    SELECT o.id, o.indicator_id, o.area_id, o.period, o.period_start, o.period_end, o.value,
           o.lower_95, o.upper_95, o.numerator, o.denominator, o.note, o.import_run_id,
           o.source_row, o.entered_by_label
    FROM links
    JOIN performance_observation o
      ON o.indicator_id = links.indicator_id
     AND o.area_id IN (%(area)s, %(benchmark)s)
     AND o.sex = 'Persons' AND o.age = 'All ages' AND o.category_type = '' AND o.category = ''
     AND o.superseded_at IS NULL
    WHERE o.partnership_id IS NULL OR o.partnership_id = %(partnership)s
),
latest AS (
    SELECT DISTINCT ON (indicator_id) indicator_id, period
    FROM series
    WHERE area_id = %(area)s AND value IS NOT NULL
    ORDER BY indicator_id, period_start DESC, period_end DESC
),
member_values AS (
    SELECT o.id, o.indicator_id, o.area_id, o.period, o.value
    FROM latest
    JOIN performance_comparatormember m ON m.group_id = %(group)s AND m.area_id <> %(area)s
    JOIN performance_observation o
      ON o.indicator_id = latest.indicator_id
     AND o.area_id = m.area_id
     AND o.period = latest.period
     AND o.sex = 'Persons' AND o.age = 'All ages' AND o.category_type = '' AND o.category = ''
     AND o.superseded_at IS NULL
    WHERE o.partnership_id IS NULL OR o.partnership_id = %(partnership)s
),
latest_commentary AS (
    SELECT DISTINCT ON (c.indicator_id) c.indicator_id, c.period, c.happening, c.doing,
           c.written_by_label
    FROM performance_commentary c
    JOIN links ON links.indicator_id = c.indicator_id
    WHERE c.partnership_id = %(partnership)s
    ORDER BY c.indicator_id, c.period_start DESC, c.period_end DESC
)
SELECT 'indicator' AS kind, indicator_id, NULL::bigint AS area_id, code AS period, NULL::float8 AS value,
       NULL::float8 AS lower_95, NULL::float8 AS upper_95, NULL::float8 AS numerator,
       decimal_places::float8 AS denominator, title AS note, polarity AS text1, value_type || ' ' || unit AS text2
FROM links
UNION ALL
SELECT 'value', indicator_id, area_id, period, value, lower_95, upper_95, numerator, denominator, note,
       entered_by_label, NULL
FROM series
UNION ALL
SELECT 'member', indicator_id, area_id, period, value, NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM member_values
UNION ALL
SELECT 'target', t.indicator_id, t.area_id, t.period, t.value, t.tolerance, NULL, NULL, NULL, NULL,
       t.tolerance_kind, t.target_type
FROM performance_target t
JOIN links ON links.indicator_id = t.indicator_id
WHERE t.partnership_id = %(partnership)s AND t.area_id = %(area)s AND t.value IS NOT NULL
UNION ALL
SELECT 'commentary', indicator_id, NULL, period, NULL, NULL, NULL, NULL, NULL, happening, doing,
       written_by_label
FROM latest_commentary
