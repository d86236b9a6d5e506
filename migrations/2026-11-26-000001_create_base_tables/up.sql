-- Base tables the data-portal views read. Names, columns and types follow the
-- original ca-biositing schema so that the views, mappings and tooling also work
-- against a database built by the original stack.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE place (
    geoid varchar PRIMARY KEY,
    state_name varchar,
    state_fips varchar,
    county_name varchar,
    county_fips varchar,
    region_name varchar,
    agg_level_desc varchar
);

CREATE TABLE unit (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE resource_class (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE resource_subclass (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE primary_ag_product (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE use_case (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE decon_vessel (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    vessel_uuid varchar,
    serial_number varchar,
    volume_numeric_per_well numeric,
    volume_unit varchar
);

CREATE TABLE resource (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    primary_ag_product_id integer REFERENCES primary_ag_product (id),
    resource_class_id integer REFERENCES resource_class (id),
    resource_subclass_id integer REFERENCES resource_subclass (id),
    resource_code varchar,
    description varchar,
    uri varchar
);

CREATE TABLE resource_morphology (
    id serial PRIMARY KEY,
    resource_id integer REFERENCES resource (id),
    morphology_uri varchar
);

CREATE TABLE parameter (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    standard_unit_id integer REFERENCES unit (id),
    calculated boolean,
    description varchar
);

CREATE TABLE method (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    method_abbrev_id integer,
    method_category_id integer,
    method_standard_id integer,
    description varchar,
    detection_limits varchar,
    source_id integer
);

CREATE TABLE strain (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    parent_strain_id integer
);

CREATE TABLE provider (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    codename varchar
);

CREATE TABLE location_address (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    geography_id varchar REFERENCES place (geoid),
    address_line1 varchar,
    address_line2 varchar,
    city varchar,
    zip varchar,
    lat double precision,
    lon double precision,
    is_anonymous boolean
);

CREATE TABLE field_sample (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    resource_id integer REFERENCES resource (id),
    provider_id integer REFERENCES provider (id),
    collector_id integer,
    sample_collection_source varchar,
    amount_collected numeric,
    amount_collected_unit_id integer REFERENCES unit (id),
    sampling_location_id integer REFERENCES location_address (id),
    field_storage_method_id integer,
    field_storage_duration_value numeric,
    field_storage_duration_unit_id integer REFERENCES unit (id),
    field_storage_location_id integer REFERENCES location_address (id),
    collection_timestamp timestamp,
    collection_method_id integer,
    harvest_method_id integer,
    harvest_date date,
    field_sample_storage_location_id integer REFERENCES location_address (id),
    note varchar
);

CREATE TABLE prepared_sample (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    field_sample_id integer REFERENCES field_sample (id),
    prep_method_id integer,
    prep_date date,
    preparer_id integer,
    note varchar
);

CREATE TABLE observation (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    record_type varchar,
    parameter_id integer REFERENCES parameter (id),
    value numeric,
    unit_id integer REFERENCES unit (id),
    dimension_type_id integer,
    dimension_value numeric,
    dimension_unit_id integer REFERENCES unit (id),
    note varchar
);

CREATE TABLE billion_ton2023_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    subclass_id integer REFERENCES resource_subclass (id),
    resource_id integer REFERENCES resource (id),
    geoid varchar REFERENCES place (geoid),
    county_square_miles double precision,
    model_name varchar,
    scenario_name varchar,
    price_offered_usd numeric,
    production integer,
    production_unit_id integer REFERENCES unit (id),
    btu_ton integer,
    production_energy_content integer,
    energy_content_unit_id integer REFERENCES unit (id),
    product_density_dtpersqmi numeric,
    land_source varchar
);

-- The eleven laboratory record tables share one shape.

CREATE TABLE compositional_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar
);

CREATE TABLE proximate_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar
);

CREATE TABLE ultimate_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar
);

CREATE TABLE xrf_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    wavelength_nm numeric,
    intensity numeric,
    energy_slope numeric,
    energy_offset numeric
);

CREATE TABLE icp_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar
);

CREATE TABLE calorimetry_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar
);

CREATE TABLE xrd_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    scan_low_nm integer,
    scan_high_nm integer
);

CREATE TABLE ftnir_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar
);

CREATE TABLE fermentation_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    strain_id integer,
    pretreatment_method_id integer,
    eh_method_id integer,
    well_position varchar,
    temperature numeric,
    agitation_rpm numeric,
    vessel_id integer,
    analyte_detection_equipment_id integer
);

CREATE TABLE gasification_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    feedstock_mass numeric,
    bed_temperature numeric,
    gas_flow_rate numeric,
    reactor_type_id integer REFERENCES decon_vessel (id)
);

CREATE TABLE pretreatment_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer REFERENCES resource (id),
    prepared_sample_id integer REFERENCES prepared_sample (id),
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer REFERENCES method (id),
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    pretreatment_method_id integer,
    eh_method_id integer,
    reaction_block_id integer,
    block_position varchar,
    temperature numeric,
    replicate_no integer
);

CREATE TABLE resource_availability (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    resource_id integer REFERENCES resource (id),
    geoid varchar REFERENCES place (geoid),
    from_month integer,
    to_month integer,
    year_round boolean,
    residue_factor_dry_tons_acre double precision,
    residue_factor_wet_tons_acre double precision,
    note varchar
);

CREATE TABLE resource_transport_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer NOT NULL REFERENCES method (id),
    geoid varchar REFERENCES place (geoid),
    transport_description varchar NOT NULL,
    resource_id integer REFERENCES resource (id),
    note varchar
);

CREATE TABLE resource_storage_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer NOT NULL REFERENCES method (id),
    geoid varchar REFERENCES place (geoid),
    storage_description varchar NOT NULL,
    resource_id integer REFERENCES resource (id),
    note varchar
);

CREATE TABLE resource_end_use_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer NOT NULL REFERENCES method (id),
    geoid varchar REFERENCES place (geoid),
    resource_id integer REFERENCES resource (id),
    use_case_id integer REFERENCES use_case (id),
    note varchar
);

CREATE TABLE usda_commodity (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    usda_source varchar,
    usda_code varchar,
    parent_commodity_id integer REFERENCES usda_commodity (id)
);

CREATE TABLE usda_market_report (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    slug_id integer,
    slug_name varchar,
    report_series_title varchar,
    frequency varchar,
    office_name varchar,
    office_city_id integer REFERENCES location_address (id),
    office_state_fips varchar,
    source_id integer
);

CREATE TABLE usda_market_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    report_id integer REFERENCES usda_market_report (id),
    dataset_id integer,
    report_begin_date timestamp,
    report_end_date timestamp,
    report_date timestamp,
    commodity_id integer REFERENCES usda_commodity (id),
    market_type_id integer,
    market_type_category varchar,
    grp varchar,
    market_category_id integer,
    class_ varchar,
    grade varchar,
    variety varchar,
    protein_pct numeric,
    application varchar,
    pkg varchar,
    sale_type varchar,
    price_unit_id integer REFERENCES unit (id),
    freight varchar,
    trans_mode varchar
);

CREATE TABLE usda_census_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer,
    geoid varchar REFERENCES place (geoid),
    commodity_code integer REFERENCES usda_commodity (id),
    year integer,
    source_reference varchar,
    note varchar
);

CREATE TABLE resource_usda_commodity_map (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    resource_id integer REFERENCES resource (id),
    primary_ag_product_id integer REFERENCES primary_ag_product (id),
    usda_commodity_id integer REFERENCES usda_commodity (id),
    match_tier varchar,
    note varchar
);
