-- Restores the definitions frozen before `2026-11-26-030702_composition_keeps_null_qc_pass_matches_record_codes_case`.

DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_composition;

CREATE MATERIALIZED VIEW data_portal.mv_biomass_composition AS
-- Grain: one row per (resource, analysis type, parameter, unit, geoid) of the
-- QC-kept laboratory records of the nine non-conversion analysis tables, with
-- avg/min/max/stddev and count of their observations (record codes matched
-- case-sensitively).
WITH analysis_records AS (
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'compositional'::text AS analysis_type
    FROM compositional_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'proximate'::text
    FROM proximate_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'ultimate'::text
    FROM ultimate_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'xrf'::text
    FROM xrf_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'icp'::text
    FROM icp_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'calorimetry'::text
    FROM calorimetry_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'xrd'::text
    FROM xrd_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'ftnir'::text
    FROM ftnir_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'pretreatment'::text
    FROM pretreatment_record
    WHERE qc_pass <> 'fail'
)
SELECT
    row_number() OVER (
        ORDER BY r.id, la.geography_id, ar.analysis_type, p.name, u.name
    ) AS id,
    r.id AS resource_id,
    r.name AS resource_name,
    ar.analysis_type,
    p.name AS parameter_name,
    la.geography_id AS geoid,
    pl.county_name AS county,
    u.name AS unit,
    avg(o.value) AS avg_value,
    min(o.value) AS min_value,
    max(o.value) AS max_value,
    stddev(o.value) AS std_dev,
    count(*) AS observation_count
FROM analysis_records ar
JOIN observation o
    ON o.record_id = ar.record_id
JOIN parameter p
    ON p.id = o.parameter_id
LEFT JOIN unit u
    ON u.id = o.unit_id
LEFT JOIN prepared_sample ps
    ON ps.id = ar.prepared_sample_id
LEFT JOIN field_sample fs
    ON fs.id = ps.field_sample_id
LEFT JOIN location_address la
    ON la.id = fs.sampling_location_id
JOIN resource r
    ON r.id = ar.resource_id
LEFT JOIN place pl
    ON pl.geoid = la.geography_id
GROUP BY
    r.id,
    r.name,
    ar.analysis_type,
    p.name,
    la.geography_id,
    pl.county_name,
    u.name;
CREATE UNIQUE INDEX idx_mv_biomass_composition_id ON data_portal.mv_biomass_composition USING btree (id);
CREATE INDEX idx_mv_biomass_composition_resource_id ON data_portal.mv_biomass_composition USING btree (resource_id);
CREATE INDEX idx_mv_biomass_composition_geoid ON data_portal.mv_biomass_composition USING btree (geoid);
CREATE INDEX idx_mv_biomass_composition_county ON data_portal.mv_biomass_composition USING btree (county);
CREATE INDEX idx_mv_biomass_composition_analysis_type ON data_portal.mv_biomass_composition USING btree (analysis_type);
CREATE INDEX idx_mv_biomass_composition_parameter_name ON data_portal.mv_biomass_composition USING btree (parameter_name);
CREATE INDEX idx_mv_biomass_composition_resource_analysis ON data_portal.mv_biomass_composition USING btree (resource_id, analysis_type);
CREATE INDEX idx_mv_biomass_composition_resource_geoid_analysis ON data_portal.mv_biomass_composition USING btree (resource_id, geoid, analysis_type);
GRANT SELECT ON data_portal.mv_biomass_composition TO portal_readonly;
