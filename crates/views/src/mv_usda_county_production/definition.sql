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
    cr.year
