-- Grain: exactly one row per (resource, use case) of the resource_end_use_record
-- rows that have a resource. The use case is the name of the record's use_case
-- ('unknown' when it has none). Each record states its share of the volume
-- (resource_use_perc_low/high), its value in USD (resource_value_low/high, whose
-- unit name becomes value_notes) and its trend (the note of its
-- resource_use_trend observation). A use case's percentages and values are the
-- averages over its records, its trend is that of the newest record reporting
-- one (by created_at, then id).
WITH end_use_metrics AS (
    SELECT
        eu.id AS end_use_record_id,
        eu.created_at,
        eu.resource_id,
        coalesce(uc.name, 'unknown') AS use_case,
        avg(o.value) FILTER (WHERE lower(p.name) = 'resource_use_perc_low') AS percentage_low,
        avg(o.value) FILTER (WHERE lower(p.name) = 'resource_use_perc_high') AS percentage_high,
        avg(o.value) FILTER (WHERE lower(p.name) = 'resource_value_low') AS value_low_usd,
        avg(o.value) FILTER (WHERE lower(p.name) = 'resource_value_high') AS value_high_usd,
        max(o.note) FILTER (WHERE lower(p.name) = 'resource_use_trend')::text AS trend,
        max(u.name) FILTER (
            WHERE lower(p.name) IN ('resource_value_low', 'resource_value_high')
        ) AS value_unit
    FROM resource_end_use_record eu
    LEFT JOIN use_case uc
        ON uc.id = eu.use_case_id
    LEFT JOIN (
        observation o
        JOIN parameter p
            ON p.id = o.parameter_id
        LEFT JOIN unit u
            ON u.id = o.unit_id
    )
        ON lower(o.record_type) = 'resource_end_use_record'
        AND o.record_id = eu.id::text
    GROUP BY
        eu.id,
        eu.created_at,
        eu.resource_id,
        uc.name
)
SELECT
    r.id AS resource_id,
    r.name AS resource_name,
    em.use_case,
    avg(em.percentage_low)::double precision AS percentage_low,
    avg(em.percentage_high)::double precision AS percentage_high,
    (array_agg(em.trend ORDER BY em.created_at DESC NULLS LAST, em.end_use_record_id DESC)
        FILTER (WHERE em.trend IS NOT NULL))[1] AS trend,
    avg(em.value_low_usd)::double precision AS value_low_usd,
    avg(em.value_high_usd)::double precision AS value_high_usd,
    max(em.value_unit)::text AS value_notes
FROM end_use_metrics em
JOIN resource r
    ON r.id = em.resource_id
GROUP BY
    r.id,
    r.name,
    em.use_case
