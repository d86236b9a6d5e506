-- Grain: one row per (resource, analysis type, parameter, unit, geoid) of the
-- laboratory records of the nine non-conversion analysis tables not marked as
-- failed QC (a NULL qc_pass is kept), with avg/min/max/stddev and count of their
-- observations (record codes matched case-insensitively).
WITH analysis_records AS (
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'compositional'::text AS analysis_type
    FROM compositional_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'proximate'::text
    FROM proximate_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'ultimate'::text
    FROM ultimate_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'xrf'::text
    FROM xrf_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'icp'::text
    FROM icp_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'calorimetry'::text
    FROM calorimetry_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'xrd'::text
    FROM xrd_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'ftnir'::text
    FROM ftnir_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        record_id,
        resource_id,
        prepared_sample_id,
        'pretreatment'::text
    FROM pretreatment_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
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
    ON lower(o.record_id) = lower(ar.record_id)
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
    u.name
