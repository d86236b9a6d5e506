REVOKE SELECT ON data_portal.mv_biomass_search FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_availability FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_composition FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_county_production FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_end_uses FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_fermentation FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_gasification FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_pricing FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_biomass_sample_stats FROM portal_readonly;
REVOKE SELECT ON data_portal.mv_usda_county_production FROM portal_readonly;
REVOKE USAGE ON SCHEMA data_portal FROM portal_readonly;

-- The role itself stays: it belongs to the whole server, and other databases on it
-- may grant to it (or be migrating and about to).
