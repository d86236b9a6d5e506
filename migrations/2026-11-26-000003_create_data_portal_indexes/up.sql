-- Indexes of the data-portal views. Each view's unique index comes first: it lets
-- REFRESH MATERIALIZED VIEW CONCURRENTLY run without blocking readers.

-- mv_biomass_search
CREATE UNIQUE INDEX idx_mv_biomass_search_id ON data_portal.mv_biomass_search USING btree (id);
CREATE INDEX idx_mv_biomass_search_search_vector ON data_portal.mv_biomass_search USING gin (search_vector);
CREATE INDEX idx_mv_biomass_search_name_trgm ON data_portal.mv_biomass_search USING gin (name gin_trgm_ops);
CREATE INDEX idx_mv_biomass_search_resource_class ON data_portal.mv_biomass_search USING btree (resource_class);
CREATE INDEX idx_mv_biomass_search_resource_subclass ON data_portal.mv_biomass_search USING btree (resource_subclass);
CREATE INDEX idx_mv_biomass_search_primary_product ON data_portal.mv_biomass_search USING btree (primary_product);

-- mv_biomass_availability
CREATE UNIQUE INDEX idx_mv_biomass_availability_resource_id ON data_portal.mv_biomass_availability USING btree (resource_id);

-- mv_biomass_composition
CREATE UNIQUE INDEX idx_mv_biomass_composition_id ON data_portal.mv_biomass_composition USING btree (id);
CREATE INDEX idx_mv_biomass_composition_resource_id ON data_portal.mv_biomass_composition USING btree (resource_id);
CREATE INDEX idx_mv_biomass_composition_geoid ON data_portal.mv_biomass_composition USING btree (geoid);
CREATE INDEX idx_mv_biomass_composition_county ON data_portal.mv_biomass_composition USING btree (county);
CREATE INDEX idx_mv_biomass_composition_analysis_type ON data_portal.mv_biomass_composition USING btree (analysis_type);
CREATE INDEX idx_mv_biomass_composition_parameter_name ON data_portal.mv_biomass_composition USING btree (parameter_name);
CREATE INDEX idx_mv_biomass_composition_resource_analysis ON data_portal.mv_biomass_composition USING btree (resource_id, analysis_type);
CREATE INDEX idx_mv_biomass_composition_resource_geoid_analysis ON data_portal.mv_biomass_composition USING btree (resource_id, geoid, analysis_type);

-- mv_biomass_county_production
CREATE UNIQUE INDEX idx_mv_biomass_county_production_id ON data_portal.mv_biomass_county_production USING btree (id);

-- mv_biomass_end_uses
CREATE UNIQUE INDEX idx_mv_biomass_end_uses_resource_use_case ON data_portal.mv_biomass_end_uses USING btree (resource_id, use_case);
CREATE INDEX idx_mv_biomass_end_uses_resource_id ON data_portal.mv_biomass_end_uses USING btree (resource_id);

-- mv_biomass_fermentation
CREATE UNIQUE INDEX idx_mv_biomass_fermentation_id ON data_portal.mv_biomass_fermentation USING btree (id);
CREATE INDEX idx_mv_biomass_fermentation_resource_id ON data_portal.mv_biomass_fermentation USING btree (resource_id);
CREATE INDEX idx_mv_biomass_fermentation_geoid ON data_portal.mv_biomass_fermentation USING btree (geoid);
CREATE INDEX idx_mv_biomass_fermentation_county ON data_portal.mv_biomass_fermentation USING btree (county);
CREATE INDEX idx_mv_biomass_fermentation_strain_name ON data_portal.mv_biomass_fermentation USING btree (strain_name);
CREATE INDEX idx_mv_biomass_fermentation_product_name ON data_portal.mv_biomass_fermentation USING btree (product_name);
CREATE INDEX idx_mv_biomass_fermentation_resource_strain ON data_portal.mv_biomass_fermentation USING btree (resource_id, strain_name);

-- mv_biomass_gasification
CREATE UNIQUE INDEX idx_mv_biomass_gasification_id ON data_portal.mv_biomass_gasification USING btree (id);
CREATE INDEX idx_mv_biomass_gasification_resource_id ON data_portal.mv_biomass_gasification USING btree (resource_id);
CREATE INDEX idx_mv_biomass_gasification_reactor_type ON data_portal.mv_biomass_gasification USING btree (reactor_type);
CREATE INDEX idx_mv_biomass_gasification_parameter_name ON data_portal.mv_biomass_gasification USING btree (parameter_name);
CREATE INDEX idx_mv_biomass_gasification_resource_reactor_param ON data_portal.mv_biomass_gasification USING btree (resource_id, reactor_type, parameter_name);

-- mv_biomass_pricing
CREATE UNIQUE INDEX idx_mv_biomass_pricing_id ON data_portal.mv_biomass_pricing USING btree (id);
CREATE INDEX idx_mv_biomass_pricing_commodity_name ON data_portal.mv_biomass_pricing USING btree (commodity_name);
CREATE INDEX idx_mv_biomass_pricing_county ON data_portal.mv_biomass_pricing USING btree (county);

-- mv_biomass_sample_stats
CREATE UNIQUE INDEX idx_mv_biomass_sample_stats_resource_id ON data_portal.mv_biomass_sample_stats USING btree (resource_id);

-- mv_usda_county_production
CREATE UNIQUE INDEX idx_mv_usda_county_production_id ON data_portal.mv_usda_county_production USING btree (id);
CREATE INDEX idx_mv_usda_county_production_resource_id ON data_portal.mv_usda_county_production USING btree (resource_id);
CREATE INDEX idx_mv_usda_county_production_geoid ON data_portal.mv_usda_county_production USING btree (geoid);
