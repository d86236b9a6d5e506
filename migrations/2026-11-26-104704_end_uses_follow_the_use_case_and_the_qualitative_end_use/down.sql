-- Restores the definitions frozen before `2026-11-26-104704_end_uses_follow_the_use_case_and_the_qualitative_end_use`.
-- Each replaced view is built beside the old one (temporary name, its data, its
-- indexes, its grant); the swap at the end is all that locks what the portal reads.

CREATE MATERIALIZED VIEW data_portal.mv_biomass_end_uses__new AS
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
    em.use_case;
CREATE UNIQUE INDEX idx_mv_biomass_end_uses_resource_use_case__new ON data_portal.mv_biomass_end_uses__new USING btree (resource_id, use_case);
CREATE INDEX idx_mv_biomass_end_uses_resource_id__new ON data_portal.mv_biomass_end_uses__new USING btree (resource_id);
GRANT SELECT ON data_portal.mv_biomass_end_uses__new TO portal_readonly;

-- Swap: the only statements that lock the views the portal reads.
DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_end_uses;
ALTER MATERIALIZED VIEW data_portal.mv_biomass_end_uses__new RENAME TO mv_biomass_end_uses;
ALTER INDEX data_portal.idx_mv_biomass_end_uses_resource_use_case__new RENAME TO idx_mv_biomass_end_uses_resource_use_case;
ALTER INDEX data_portal.idx_mv_biomass_end_uses_resource_id__new RENAME TO idx_mv_biomass_end_uses_resource_id;
