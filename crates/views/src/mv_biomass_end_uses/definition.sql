-- Grain: exactly one row per (resource, use case) of the resource_end_use_record
-- rows. The use case is the name of the record's method ('unknown' when that name
-- is missing). The percentages span the records' values (lowest, highest) and the
-- trend is that of the newest record reporting one (by created_at, then id).
WITH end_use_metrics AS (
    SELECT
        eu.id AS end_use_record_id,
        eu.created_at,
        eu.resource_id,
        coalesce(m.name, 'unknown') AS use_case,
        avg(o.value) FILTER (
            WHERE lower(p.name) IN (
                'percent of volume',
                'percent_of_volume',
                'percentage of volume',
                'volume percent'
            )
        ) AS percentage,
        max(o.value::text) FILTER (WHERE lower(p.name) = 'trending') AS trend
    FROM resource_end_use_record eu
    LEFT JOIN method m
        ON m.id = eu.method_id
    LEFT JOIN observation o
        ON lower(o.record_type) = 'resource_end_use_record'
        AND o.record_id = eu.id::text
    LEFT JOIN parameter p
        ON p.id = o.parameter_id
    GROUP BY
        eu.id,
        eu.created_at,
        eu.resource_id,
        m.name
)
SELECT
    r.id AS resource_id,
    r.name AS resource_name,
    em.use_case,
    min(em.percentage)::double precision AS percentage_low,
    max(em.percentage)::double precision AS percentage_high,
    (array_agg(em.trend ORDER BY em.created_at DESC NULLS LAST, em.end_use_record_id DESC)
        FILTER (WHERE em.trend IS NOT NULL))[1] AS trend,
    NULL::double precision AS value_low_usd,
    NULL::double precision AS value_high_usd,
    NULL::text AS value_notes
FROM end_use_metrics em
JOIN resource r
    ON r.id = em.resource_id
GROUP BY
    r.id,
    r.name,
    em.use_case
