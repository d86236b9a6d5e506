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
    ON eu.id = b.energy_content_unit_id
