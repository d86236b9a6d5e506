-- Restores the definitions frozen before `2026-11-26-030806_end_uses_have_one_row_per_resource_and_use_case`.

DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_end_uses;

CREATE MATERIALIZED VIEW data_portal.mv_biomass_end_uses AS
-- Grain: one row per distinct (resource, use case, percentage, trend) of the
-- resource_end_use_record rows. The use case is the name of the record's
-- method ('unknown' when that name is missing).
WITH end_use_metrics AS (
    SELECT
        eu.id AS end_use_record_id,
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
        eu.resource_id,
        m.name
)
SELECT
    r.id AS resource_id,
    r.name AS resource_name,
    em.use_case,
    em.percentage::double precision AS percentage_low,
    NULL::double precision AS percentage_high,
    em.trend,
    NULL::double precision AS value_low_usd,
    NULL::double precision AS value_high_usd,
    NULL::text AS value_notes
FROM end_use_metrics em
JOIN resource r
    ON r.id = em.resource_id
GROUP BY
    r.id,
    r.name,
    em.use_case,
    em.percentage,
    em.trend;
CREATE UNIQUE INDEX idx_mv_biomass_end_uses_resource_use_case ON data_portal.mv_biomass_end_uses USING btree (resource_id, use_case);
CREATE INDEX idx_mv_biomass_end_uses_resource_id ON data_portal.mv_biomass_end_uses USING btree (resource_id);
GRANT SELECT ON data_portal.mv_biomass_end_uses TO portal_readonly;
