-- Restores the definitions frozen before `2026-11-26-030732_fermentation_keeps_records_with_a_null_qc_pass`.

DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_fermentation;

CREATE MATERIALIZED VIEW data_portal.mv_biomass_fermentation AS
-- Grain: one row per (resource, geoid, strain, pretreatment method, enzyme
-- method, product parameter, unit) of the QC-kept fermentation records, with
-- avg/min/max/stddev and count of their observations (record codes matched
-- case-insensitively).
SELECT
    row_number() OVER (
        ORDER BY r.id, la.geography_id, s.name, pm.name, em.name, p.name, u.name
    ) AS id,
    r.id AS resource_id,
    r.name AS resource_name,
    la.geography_id AS geoid,
    pl.county_name AS county,
    s.name AS strain_name,
    pm.name AS pretreatment_method,
    em.name AS enzyme_name,
    p.name AS product_name,
    avg(o.value) AS avg_value,
    min(o.value) AS min_value,
    max(o.value) AS max_value,
    stddev(o.value) AS std_dev,
    count(*) AS observation_count,
    u.name AS unit
FROM fermentation_record f
JOIN resource r
    ON r.id = f.resource_id
LEFT JOIN prepared_sample ps
    ON ps.id = f.prepared_sample_id
LEFT JOIN field_sample fs
    ON fs.id = ps.field_sample_id
LEFT JOIN location_address la
    ON la.id = fs.sampling_location_id
LEFT JOIN place pl
    ON pl.geoid = la.geography_id
LEFT JOIN strain s
    ON s.id = f.strain_id
LEFT JOIN method pm
    ON pm.id = f.pretreatment_method_id
LEFT JOIN method em
    ON em.id = f.eh_method_id
JOIN observation o
    ON lower(o.record_id) = lower(f.record_id)
JOIN parameter p
    ON p.id = o.parameter_id
LEFT JOIN unit u
    ON u.id = o.unit_id
WHERE f.qc_pass <> 'fail'
GROUP BY
    r.id,
    r.name,
    la.geography_id,
    pl.county_name,
    s.name,
    pm.name,
    em.name,
    p.name,
    u.name;
CREATE UNIQUE INDEX idx_mv_biomass_fermentation_id ON data_portal.mv_biomass_fermentation USING btree (id);
CREATE INDEX idx_mv_biomass_fermentation_resource_id ON data_portal.mv_biomass_fermentation USING btree (resource_id);
CREATE INDEX idx_mv_biomass_fermentation_geoid ON data_portal.mv_biomass_fermentation USING btree (geoid);
CREATE INDEX idx_mv_biomass_fermentation_county ON data_portal.mv_biomass_fermentation USING btree (county);
CREATE INDEX idx_mv_biomass_fermentation_strain_name ON data_portal.mv_biomass_fermentation USING btree (strain_name);
CREATE INDEX idx_mv_biomass_fermentation_product_name ON data_portal.mv_biomass_fermentation USING btree (product_name);
CREATE INDEX idx_mv_biomass_fermentation_resource_strain ON data_portal.mv_biomass_fermentation USING btree (resource_id, strain_name);
GRANT SELECT ON data_portal.mv_biomass_fermentation TO portal_readonly;
