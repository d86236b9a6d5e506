-- The ten data-portal materialized views, frozen from the development
-- definitions in crates/views (one block per view).

CREATE SCHEMA data_portal;

-- mv_biomass_search: One row per resource (except sargassum) with class, volume, analysis profile, tags and season, for full-text search
CREATE MATERIALIZED VIEW data_portal.mv_biomass_search AS
-- Grain: one row per resource other than sargassum, for full-text search: its
-- class, volume, lab-analysis profile, tags, season and notes. A resource with
-- several resource_morphology rows appears once per morphology row.
-- The analysis records without a resource form a profile group of their own:
-- it joins no resource, but its averages count in the tag percentiles.
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
LEFT JOIN resource_morphology rm
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

-- mv_biomass_availability: One row per resource with availability rows: harvest season and average residue factors
CREATE MATERIALIZED VIEW data_portal.mv_biomass_availability AS
-- Grain: one row per resource that has resource_availability rows: its
-- harvest season (earliest start month, latest end month, any year-round row)
-- and its average dry and wet residue factors in tons per acre.
SELECT
    r.id AS resource_id,
    r.name AS resource_name,
    min(ra.from_month) AS from_month,
    max(ra.to_month) AS to_month,
    bool_or(ra.year_round) AS year_round,
    avg(ra.residue_factor_dry_tons_acre) AS dry_tons_per_acre,
    avg(ra.residue_factor_wet_tons_acre) AS wet_tons_per_acre
FROM resource_availability ra
JOIN resource r
    ON r.id = ra.resource_id
GROUP BY
    r.id,
    r.name;

-- mv_biomass_composition: One row per (resource, analysis type, parameter, unit, geoid) of QC-kept lab records, with observation statistics
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

-- mv_biomass_county_production: One row per Billion-Ton 2023 county record: scenario, offered price, production, energy content and density
CREATE MATERIALIZED VIEW data_portal.mv_biomass_county_production AS
-- Grain: one row per Billion-Ton 2023 county record whose resource and place
-- exist: scenario, offered price, production and energy content with their
-- units, and the county's product density and area.
SELECT
    row_number() OVER (
        ORDER BY b.resource_id, pl.geoid, b.scenario_name, b.price_offered_usd
    ) AS id,
    b.resource_id,
    r.name AS resource_name,
    rc.name AS resource_class,
    pl.geoid,
    pl.county_name AS county,
    pl.state_name AS state,
    b.scenario_name AS scenario,
    b.price_offered_usd,
    b.production,
    pu.name AS production_unit,
    b.production_energy_content AS energy_content,
    eu.name AS energy_unit,
    b.product_density_dtpersqmi AS density_dt_per_sqmi,
    b.county_square_miles,
    2023 AS year
FROM billion_ton2023_record b
JOIN resource r
    ON r.id = b.resource_id
JOIN place pl
    ON pl.geoid = b.geoid
LEFT JOIN resource_class rc
    ON rc.id = r.resource_class_id
LEFT JOIN unit pu
    ON pu.id = b.production_unit_id
LEFT JOIN unit eu
    ON eu.id = b.energy_content_unit_id;

-- mv_biomass_end_uses: One row per (resource, use case) of the resource's end-use records, with volume share and trend
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

-- mv_biomass_fermentation: One row per (resource, geoid, strain, pretreatment, enzyme, product, unit) of QC-kept fermentation records
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

-- mv_biomass_gasification: One row per (resource, geoid, reactor type, parameter, unit) of QC-kept gasification records
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

-- mv_biomass_pricing: One row per (USDA market record, price unit): commodity, office county, report date and prices received
CREATE MATERIALIZED VIEW data_portal.mv_biomass_pricing AS
-- Grain: one row per (USDA market record, price unit) that has "price received"
-- observations: the commodity, the report's office place, the report date and
-- sale details, and the min/max/avg price in that unit.
WITH price_observations AS (
    SELECT
        o.record_id,
        u.name AS unit_name,
        avg(o.value) AS price_avg,
        min(o.value) AS price_min,
        max(o.value) AS price_max
    FROM observation o
    JOIN parameter p
        ON p.id = o.parameter_id
    LEFT JOIN unit u
        ON u.id = o.unit_id
    WHERE o.record_type = 'usda_market_record'
        AND lower(p.name) = 'price received'
    GROUP BY
        o.record_id,
        u.name
)
SELECT
    row_number() OVER (ORDER BY mr.id) AS id,
    c.name AS commodity_name,
    pl.geoid,
    pl.county_name AS county,
    pl.state_name AS state,
    mr.report_date,
    mr.market_type_category,
    mr.sale_type,
    po.price_min,
    po.price_max,
    po.price_avg,
    po.unit_name AS price_unit
FROM usda_market_record mr
JOIN usda_market_report rep
    ON rep.id = mr.report_id
JOIN usda_commodity c
    ON c.id = mr.commodity_id
JOIN price_observations po
    ON po.record_id = mr.id::text
LEFT JOIN location_address la
    ON la.id = rep.office_city_id
LEFT JOIN place pl
    ON pl.geoid = la.geography_id;

-- mv_biomass_sample_stats: One row per resource: distinct samples, suppliers and datasets behind its QC-kept analysis records
CREATE MATERIALIZED VIEW data_portal.mv_biomass_sample_stats AS
-- Grain: one row per resource (every resource): how many distinct prepared
-- samples, providers and datasets its QC-kept analysis records come from, and
-- how many joined rows it has (1, not 0, when it has no records).
WITH analysis_records AS (
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM compositional_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM proximate_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM ultimate_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM xrf_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM icp_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM calorimetry_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM xrd_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM ftnir_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM fermentation_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM gasification_record
    WHERE qc_pass <> 'fail'
    UNION ALL
    SELECT
        resource_id,
        prepared_sample_id,
        dataset_id
    FROM pretreatment_record
    WHERE qc_pass <> 'fail'
)
SELECT
    r.id AS resource_id,
    r.name AS resource_name,
    count(DISTINCT ar.prepared_sample_id) AS sample_count,
    count(DISTINCT pv.id) AS supplier_count,
    count(DISTINCT ar.dataset_id) AS dataset_count,
    count(*) AS total_record_count
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
    r.name;

-- mv_usda_county_production: One row per (resource, county, census year >= 2017): USDA production, acres and estimated biomass
CREATE MATERIALIZED VIEW data_portal.mv_usda_county_production AS
-- Grain: one row per (resource, county geoid, census year) of the USDA census
-- records from 2017 on whose commodity maps to the resource: average primary
-- product volume and acres, and a biomass estimate = acres x residue factor.
WITH census_metrics AS (
    SELECT
        cr.id AS census_record_id,
        avg(o.value) FILTER (WHERE lower(p.name) = 'production') AS production,
        max(u.name) FILTER (WHERE lower(p.name) = 'production') AS production_unit,
        avg(o.value) FILTER (
            WHERE lower(p.name) IN ('area bearing', 'area harvested', 'area in production')
                AND lower(u.name) = 'acres'
        ) AS acres
    FROM usda_census_record cr
    JOIN observation o
        ON o.record_type = 'usda_census_record'
        AND o.record_id = cr.id::text
    JOIN parameter p
        ON p.id = o.parameter_id
    LEFT JOIN unit u
        ON u.id = o.unit_id
    WHERE cr.year >= 2017
    GROUP BY cr.id
)
SELECT
    row_number() OVER (ORDER BY r.id, pl.geoid, cr.year) AS id,
    r.id AS resource_id,
    r.name AS resource_name,
    pap.name AS primary_ag_product,
    pl.geoid,
    pl.county_name AS county,
    pl.state_name AS state,
    cr.year AS dataset_year,
    avg(cm.production) AS primary_product_volume,
    max(cm.production_unit)::text AS volume_unit,
    avg(cm.acres) AS production_acres,
    NULL::text AS known_biomass_volume,
    avg(cm.acres)::double precision
        * coalesce(
            max(ra_county.residue_factor_dry_tons_acre),
            max(ra_state.residue_factor_dry_tons_acre)
        ) AS calculated_estimate_volume,
    'dry_tons_acre'::text AS biomass_unit
FROM usda_census_record cr
JOIN census_metrics cm
    ON cm.census_record_id = cr.id
JOIN resource_usda_commodity_map rcm
    ON rcm.usda_commodity_id = cr.commodity_code
JOIN resource r
    ON r.id = rcm.resource_id
JOIN primary_ag_product pap
    ON pap.id = r.primary_ag_product_id
JOIN place pl
    ON pl.geoid = cr.geoid
LEFT JOIN resource_availability ra_county
    ON ra_county.resource_id = r.id
    AND ra_county.geoid = cr.geoid
LEFT JOIN resource_availability ra_state
    ON ra_state.resource_id = r.id
    AND ra_state.geoid = '06000'
GROUP BY
    r.id,
    r.name,
    pap.name,
    pl.geoid,
    pl.county_name,
    pl.state_name,
    cr.year;
