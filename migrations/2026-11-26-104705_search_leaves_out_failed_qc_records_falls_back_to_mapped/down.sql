-- Restores the definitions frozen before `2026-11-26-104705_search_leaves_out_failed_qc_records_falls_back_to_mapped`.
-- Each replaced view is built beside the old one (temporary name, its data, its
-- indexes, its grant); the swap at the end is all that locks what the portal reads.

CREATE MATERIALIZED VIEW data_portal.mv_biomass_search__new AS
-- Grain: exactly one row per resource other than sargassum, for full-text
-- search: its class, volume, lab-analysis profile, tags, season and notes. Of
-- several resource_morphology rows, the one with the lowest id gives the image.
WITH analysis_records AS (
    SELECT
        resource_id,
        record_id,
        'compositional analysis'::text AS analysis_type
    FROM compositional_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'proximate analysis'::text
    FROM proximate_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'ultimate analysis'::text
    FROM ultimate_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'xrf analysis'::text
    FROM xrf_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'icp analysis'::text
    FROM icp_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'calorimetry analysis'::text
    FROM calorimetry_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'xrd analysis'::text
    FROM xrd_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'ftnir analysis'::text
    FROM ftnir_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'fermentation'::text
    FROM fermentation_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'gasification'::text
    FROM gasification_record
    UNION ALL
    SELECT
        resource_id,
        record_id,
        'pretreatment'::text
    FROM pretreatment_record
),
analysis_averages AS (
    SELECT
        ar.resource_id,
        avg(o.value) FILTER (WHERE p.name = 'moisture') AS moisture_avg,
        avg(o.value) FILTER (WHERE p.name = 'ash') AS ash_avg,
        avg(o.value) FILTER (WHERE p.name = 'lignin') AS lignin_avg,
        avg(o.value) FILTER (WHERE p.name = 'lignin+') AS lignin_plus_avg,
        avg(o.value) FILTER (WHERE p.name = 'glucose') AS glucose_avg,
        avg(o.value) FILTER (WHERE p.name = 'xylose') AS xylose_avg,
        avg(o.value) FILTER (
            WHERE ar.analysis_type = 'ultimate analysis'
                AND lower(p.name) = 'carbon'
        ) AS carbon_avg,
        avg(o.value) FILTER (
            WHERE ar.analysis_type = 'ultimate analysis'
                AND lower(p.name) = 'hydrogen'
        ) AS hydrogen_avg,
        avg(o.value) FILTER (
            WHERE ar.analysis_type = 'ultimate analysis'
                AND lower(p.name) = 'nitrogen'
        ) AS nitrogen_avg,
        bool_or(ar.analysis_type = 'proximate analysis') AS has_proximate,
        bool_or(ar.analysis_type = 'compositional analysis') AS has_compositional,
        bool_or(ar.analysis_type = 'ultimate analysis') AS has_ultimate,
        bool_or(ar.analysis_type = 'xrf analysis') AS has_xrf,
        bool_or(ar.analysis_type = 'icp analysis') AS has_icp,
        bool_or(ar.analysis_type = 'calorimetry analysis') AS has_calorimetry,
        bool_or(ar.analysis_type = 'xrd analysis') AS has_xrd,
        bool_or(ar.analysis_type = 'ftnir analysis') AS has_ftnir,
        bool_or(ar.analysis_type = 'fermentation') AS has_fermentation,
        bool_or(ar.analysis_type = 'gasification') AS has_gasification,
        bool_or(ar.analysis_type = 'pretreatment') AS has_pretreatment
    FROM analysis_records ar
    LEFT JOIN observation o
        ON o.record_type = ar.analysis_type
        AND lower(o.record_id) = lower(ar.record_id)
    LEFT JOIN parameter p
        ON p.id = o.parameter_id
    WHERE ar.resource_id IS NOT NULL
    GROUP BY ar.resource_id
),
analysis_profile AS (
    SELECT
        resource_id,
        moisture_avg AS moisture_percent,
        CASE
            WHEN glucose_avg IS NOT NULL OR xylose_avg IS NOT NULL
                THEN coalesce(glucose_avg, 0) + coalesce(xylose_avg, 0)
        END AS sugar_content_percent,
        ash_avg AS ash_percent,
        CASE
            WHEN lignin_avg IS NOT NULL OR lignin_plus_avg IS NOT NULL
                THEN coalesce(lignin_avg, 0) + coalesce(lignin_plus_avg, 0)
        END AS lignin_percent,
        carbon_avg AS carbon_percent,
        hydrogen_avg AS hydrogen_percent,
        CASE
            WHEN carbon_avg IS NOT NULL
                AND nitrogen_avg IS NOT NULL
                AND nitrogen_avg <> 0
                THEN carbon_avg / nitrogen_avg
        END AS cn_ratio,
        has_proximate,
        has_compositional,
        has_ultimate,
        has_xrf,
        has_icp,
        has_calorimetry,
        has_xrd,
        has_ftnir,
        has_fermentation,
        has_gasification,
        has_pretreatment
    FROM analysis_averages
),
tag_thresholds AS (
    SELECT
        percentile_cont(0.1) WITHIN GROUP (ORDER BY moisture_percent) AS moisture_p10,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY moisture_percent) AS moisture_p90,
        percentile_cont(0.1) WITHIN GROUP (ORDER BY ash_percent) AS ash_p10,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY ash_percent) AS ash_p90,
        percentile_cont(0.1) WITHIN GROUP (ORDER BY lignin_percent) AS lignin_p10,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY lignin_percent) AS lignin_p90,
        percentile_cont(0.1) WITHIN GROUP (ORDER BY sugar_content_percent) AS sugar_p10,
        percentile_cont(0.9) WITHIN GROUP (ORDER BY sugar_content_percent) AS sugar_p90
    FROM analysis_profile
),
volume AS (
    SELECT
        b.resource_id,
        sum(b.production) AS total_annual_volume,
        count(DISTINCT b.geoid) AS county_count,
        max(u.name)::text AS volume_unit
    FROM billion_ton2023_record b
    JOIN unit u
        ON u.id = b.production_unit_id
    GROUP BY b.resource_id
),
transport AS (
    SELECT
        resource_id,
        max(transport_description)::text AS transport_notes
    FROM resource_transport_record
    GROUP BY resource_id
),
storage AS (
    SELECT
        resource_id,
        max(storage_description)::text AS storage_notes
    FROM resource_storage_record
    GROUP BY resource_id
),
season AS (
    SELECT
        resource_id,
        min(from_month) AS season_from_month,
        max(to_month) AS season_to_month,
        bool_or(year_round) AS year_round
    FROM resource_availability
    GROUP BY resource_id
),
first_morphology AS (
    SELECT DISTINCT ON (resource_id)
        resource_id,
        morphology_uri
    FROM resource_morphology
    ORDER BY resource_id, id
)
SELECT
    r.id,
    r.name,
    r.resource_code,
    r.description,
    rc.name AS resource_class,
    rs.name AS resource_subclass,
    pap.name AS primary_product,
    rm.morphology_uri AS image_url,
    r.uri AS literature_uri,
    v.total_annual_volume,
    v.county_count,
    v.volume_unit,
    ap.moisture_percent,
    ap.sugar_content_percent,
    ap.ash_percent,
    ap.lignin_percent,
    ap.carbon_percent,
    ap.hydrogen_percent,
    ap.cn_ratio,
    t.transport_notes,
    s.storage_notes,
    array_remove(
        ARRAY[
            CASE WHEN ap.moisture_percent <= tt.moisture_p10 THEN 'low moisture'::text END,
            CASE WHEN ap.moisture_percent >= tt.moisture_p90 THEN 'high moisture'::text END,
            CASE WHEN ap.ash_percent <= tt.ash_p10 THEN 'low ash'::text END,
            CASE WHEN ap.ash_percent >= tt.ash_p90 THEN 'high ash'::text END,
            CASE WHEN ap.lignin_percent <= tt.lignin_p10 THEN 'low lignin'::text END,
            CASE WHEN ap.lignin_percent >= tt.lignin_p90 THEN 'high lignin'::text END,
            CASE WHEN ap.sugar_content_percent <= tt.sugar_p10 THEN 'low sugar'::text END,
            CASE WHEN ap.sugar_content_percent >= tt.sugar_p90 THEN 'high sugar'::text END
        ],
        NULL
    ) AS tags,
    sn.season_from_month,
    sn.season_to_month,
    sn.year_round,
    coalesce(ap.has_proximate, false) AS has_proximate,
    coalesce(ap.has_compositional, false) AS has_compositional,
    coalesce(ap.has_ultimate, false) AS has_ultimate,
    coalesce(ap.has_xrf, false) AS has_xrf,
    coalesce(ap.has_icp, false) AS has_icp,
    coalesce(ap.has_calorimetry, false) AS has_calorimetry,
    coalesce(ap.has_xrd, false) AS has_xrd,
    coalesce(ap.has_ftnir, false) AS has_ftnir,
    coalesce(ap.has_fermentation, false) AS has_fermentation,
    coalesce(ap.has_gasification, false) AS has_gasification,
    coalesce(ap.has_pretreatment, false) AS has_pretreatment,
    ap.moisture_percent IS NOT NULL AS has_moisture_data,
    coalesce(ap.sugar_content_percent > 0, false) AS has_sugar_data,
    rm.morphology_uri IS NOT NULL AS has_image,
    v.total_annual_volume IS NOT NULL AS has_volume_data,
    r.created_at,
    r.updated_at,
    to_tsvector(
        'english',
        coalesce(r.name, '') || ' '
            || coalesce(r.description, '') || ' '
            || coalesce(rc.name, '') || ' '
            || coalesce(rs.name, '') || ' '
            || coalesce(pap.name, '')
    ) AS search_vector
FROM resource r
LEFT JOIN resource_class rc
    ON rc.id = r.resource_class_id
LEFT JOIN resource_subclass rs
    ON rs.id = r.resource_subclass_id
LEFT JOIN primary_ag_product pap
    ON pap.id = r.primary_ag_product_id
LEFT JOIN first_morphology rm
    ON rm.resource_id = r.id
LEFT JOIN volume v
    ON v.resource_id = r.id
LEFT JOIN analysis_profile ap
    ON ap.resource_id = r.id
LEFT JOIN transport t
    ON t.resource_id = r.id
LEFT JOIN storage s
    ON s.resource_id = r.id
LEFT JOIN season sn
    ON sn.resource_id = r.id
CROSS JOIN tag_thresholds tt
WHERE lower(r.name) <> 'sargassum';
CREATE UNIQUE INDEX idx_mv_biomass_search_id__new ON data_portal.mv_biomass_search__new USING btree (id);
CREATE INDEX idx_mv_biomass_search_search_vector__new ON data_portal.mv_biomass_search__new USING gin (search_vector);
CREATE INDEX idx_mv_biomass_search_name_trgm__new ON data_portal.mv_biomass_search__new USING gin (name gin_trgm_ops);
CREATE INDEX idx_mv_biomass_search_resource_class__new ON data_portal.mv_biomass_search__new USING btree (resource_class);
CREATE INDEX idx_mv_biomass_search_resource_subclass__new ON data_portal.mv_biomass_search__new USING btree (resource_subclass);
CREATE INDEX idx_mv_biomass_search_primary_product__new ON data_portal.mv_biomass_search__new USING btree (primary_product);
GRANT SELECT ON data_portal.mv_biomass_search__new TO portal_readonly;

-- Swap: the only statements that lock the views the portal reads.
DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_biomass_search;
ALTER MATERIALIZED VIEW data_portal.mv_biomass_search__new RENAME TO mv_biomass_search;
ALTER INDEX data_portal.idx_mv_biomass_search_id__new RENAME TO idx_mv_biomass_search_id;
ALTER INDEX data_portal.idx_mv_biomass_search_search_vector__new RENAME TO idx_mv_biomass_search_search_vector;
ALTER INDEX data_portal.idx_mv_biomass_search_name_trgm__new RENAME TO idx_mv_biomass_search_name_trgm;
ALTER INDEX data_portal.idx_mv_biomass_search_resource_class__new RENAME TO idx_mv_biomass_search_resource_class;
ALTER INDEX data_portal.idx_mv_biomass_search_resource_subclass__new RENAME TO idx_mv_biomass_search_resource_subclass;
ALTER INDEX data_portal.idx_mv_biomass_search_primary_product__new RENAME TO idx_mv_biomass_search_primary_product;
