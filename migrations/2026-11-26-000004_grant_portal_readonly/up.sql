-- The portal reads through portal_readonly: it may read the views and nothing else.
-- Roles belong to the whole server, so the role is created only if missing (another
-- database of the server, possibly migrating at this very moment, may have made it).
-- pg_roles is looked at first: CREATE ROLE checks for CREATEROLE before it notices
-- the role exists, and a database owner without CREATEROLE must be able to migrate
-- once the role is there.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'portal_readonly') THEN
        CREATE ROLE portal_readonly NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA data_portal TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_search TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_availability TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_composition TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_county_production TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_end_uses TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_fermentation TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_gasification TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_pricing TO portal_readonly;
GRANT SELECT ON data_portal.mv_biomass_sample_stats TO portal_readonly;
GRANT SELECT ON data_portal.mv_usda_county_production TO portal_readonly;
