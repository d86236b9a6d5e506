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
    ON pl.geoid = la.geography_id
