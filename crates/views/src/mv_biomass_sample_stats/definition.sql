-- Grain: one row per resource (every resource): how many distinct prepared
-- samples, providers and datasets its analysis records not marked as failed QC
-- (a NULL qc_pass is kept) come from, and how many records it has (0 when none).
WITH analysis_records AS (
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM compositional_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM proximate_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM ultimate_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM xrf_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM icp_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM calorimetry_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM xrd_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM ftnir_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM fermentation_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM gasification_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM pretreatment_record
    WHERE qc_pass IS DISTINCT FROM 'fail'
)
SELECT
    r.id AS resource_id,
    r.name AS resource_name,
    count(DISTINCT ar.prepared_sample_id) AS sample_count,
    count(DISTINCT pv.id) AS supplier_count,
    count(DISTINCT ar.dataset_id) AS dataset_count,
    count(ar.resource_id) AS total_record_count
FROM resource r
LEFT JOIN analysis_records ar
    ON ar.resource_id = r.id
LEFT JOIN prepared_sample ps
    ON ps.id = ar.prepared_sample_id
LEFT JOIN field_sample fs
    ON fs.id = ps.field_sample_id
LEFT JOIN provider pv
    ON pv.id = fs.provider_id
GROUP BY
    r.id,
    r.name
