-- Restores the definitions frozen before `2026-11-26-030735_gasification_keeps_records_with_a_null_qc_pass`.

DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_gasification;

CREATE MATERIALIZED VIEW data_portal.mv_biomass_gasification AS
-- Grain: one row per (resource, geoid, reactor type, parameter, unit) of the
-- QC-kept gasification records, with avg/min/max/stddev and count of their
-- observations (record codes matched case-insensitively).
SELECT
    row_number() OVER (
        ORDER BY r.id, la.geography_id, dv.name, p.name, u.name
    ) AS id,
    r.id AS resource_id,
    r.name AS resource_name,
    dv.name AS reactor_type,
    p.name AS parameter_name,
    la.geography_id AS geoid,
    avg(o.value) AS avg_value,
    min(o.value) AS min_value,
    max(o.value) AS max_value,
    stddev(o.value) AS std_dev,
    count(*) AS observation_count,
    u.name AS unit
FROM gasification_record g
JOIN resource r
    ON r.id = g.resource_id
LEFT JOIN prepared_sample ps
    ON ps.id = g.prepared_sample_id
LEFT JOIN field_sample fs
    ON fs.id = ps.field_sample_id
LEFT JOIN location_address la
    ON la.id = fs.sampling_location_id
LEFT JOIN decon_vessel dv
    ON dv.id = g.reactor_type_id
JOIN observation o
    ON lower(o.record_id) = lower(g.record_id)
JOIN parameter p
    ON p.id = o.parameter_id
LEFT JOIN unit u
    ON u.id = o.unit_id
WHERE g.qc_pass <> 'fail'
GROUP BY
    r.id,
    r.name,
    la.geography_id,
    dv.name,
    p.name,
    u.name;
CREATE UNIQUE INDEX idx_mv_biomass_gasification_id ON data_portal.mv_biomass_gasification USING btree (id);
CREATE INDEX idx_mv_biomass_gasification_resource_id ON data_portal.mv_biomass_gasification USING btree (resource_id);
CREATE INDEX idx_mv_biomass_gasification_reactor_type ON data_portal.mv_biomass_gasification USING btree (reactor_type);
CREATE INDEX idx_mv_biomass_gasification_parameter_name ON data_portal.mv_biomass_gasification USING btree (parameter_name);
CREATE INDEX idx_mv_biomass_gasification_resource_reactor_parameter ON data_portal.mv_biomass_gasification USING btree (resource_id, reactor_type, parameter_name);
GRANT SELECT ON data_portal.mv_biomass_gasification TO portal_readonly;
