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
    r.name
