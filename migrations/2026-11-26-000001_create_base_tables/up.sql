-- The public schema of a database built by the original ca-biositing stack
-- (Python/SQLAlchemy/Alembic) at its seed revision 9e8f7a6b5c52: every table
-- with its columns in their order, types, nullability and defaults, its
-- primary, unique, check and foreign-key constraints under the same names, its
-- indexes, and the extensions that revision installs. A database migrated here
-- and a database that chain built have the same base tables, so the views,
-- the typed mappings, the sample data and `adopt` work on both.
--
-- Not here: the chain's `alembic_version` table (its bookkeeping, not data) and
-- its grants to the `biocirv_readonly` role (this project grants to
-- `portal_readonly`). `spatial_ref_sys` belongs to PostGIS.
-- Later changes of that chain are migrations of their own (000006, 000007).

-- PostGIS is not a trusted extension: a superuser creates it (or it already
-- exists); `biositing migrate` checks that the server has it before running.
CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS btree_gin WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- PostGIS's own table is not part of the data model: listed as not managed by
-- biositing (the list `adopt` keeps, see docs/adopting.md), so change tracking
-- leaves it to its owner, the superuser who created the extension.
CREATE TABLE IF NOT EXISTS biositing_not_managed (
    object text PRIMARY KEY,
    recorded_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO biositing_not_managed (object) VALUES ('table spatial_ref_sys')
    ON CONFLICT DO NOTHING;

CREATE TABLE ag_treatment (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE analysis_type (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE api_key (
    id serial PRIMARY KEY,
    api_user_id integer NOT NULL,
    name varchar NOT NULL,
    key_prefix varchar(8) NOT NULL,
    key_hash varchar NOT NULL,
    is_active boolean NOT NULL DEFAULT true,
    rate_limit_per_minute integer NOT NULL DEFAULT 60,
    rate_window_start timestamptz,
    rate_window_count integer NOT NULL DEFAULT 0,
    last_used_at timestamptz,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT api_key_key_hash_key UNIQUE (key_hash)
);

CREATE TABLE api_user (
    id serial PRIMARY KEY,
    username varchar NOT NULL,
    hashed_password varchar NOT NULL,
    email varchar,
    full_name varchar,
    is_admin boolean NOT NULL,
    disabled boolean NOT NULL,
    created_at timestamp DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE autoclave_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT autoclave_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE billion_ton2023_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    subclass_id integer,
    resource_id integer,
    geoid varchar,
    county_square_miles double precision,
    model_name varchar,
    scenario_name varchar,
    price_offered_usd numeric,
    production integer,
    production_unit_id integer,
    btu_ton integer,
    production_energy_content bigint,
    energy_content_unit_id integer,
    product_density_dtpersqmi numeric,
    land_source varchar,
    dataset_id integer
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT calorimetry_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE collection_method (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE compositional_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT compositional_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE contact (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    first_name varchar,
    last_name varchar,
    email varchar,
    affiliation varchar
);

CREATE TABLE data_source (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    description varchar,
    data_source_type_id integer,
    full_title varchar,
    creator varchar,
    subject varchar,
    publisher varchar,
    contributor varchar,
    date timestamp,
    type varchar,
    biocirv boolean,
    format varchar,
    language varchar,
    relation varchar,
    temporal_coverage varchar,
    location_coverage_id integer,
    rights varchar,
    license varchar,
    uri varchar,
    note varchar
);

CREATE TABLE data_source_type (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    source_type_id integer
);

CREATE TABLE dataset (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    record_type varchar,
    source_id integer,
    start_date date,
    end_date date,
    description varchar
);

CREATE TABLE decon_vessel (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    vessel_uuid varchar,
    serial_number varchar,
    volume_numeric_per_well numeric,
    volume_unit varchar,
    CONSTRAINT decon_vessel_vessel_uuid_key UNIQUE (vessel_uuid)
);

CREATE TABLE dimension_type (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE entity_lineage (
    id serial PRIMARY KEY,
    lineage_group_id integer,
    source_table varchar,
    source_row_id varchar,
    note varchar
);

CREATE TABLE equipment (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    equipment_location_id integer
);

CREATE TABLE etl_run (
    id serial PRIMARY KEY,
    run_id varchar,
    started_at timestamp,
    completed_at timestamp,
    pipeline_name varchar,
    status varchar,
    records_ingested integer,
    note varchar
);

CREATE TABLE experiment (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    analyst_id integer,
    exper_start_date date,
    exper_duration numeric,
    exper_duration_unit_id integer,
    exper_location_id integer,
    description varchar,
    name varchar,
    CONSTRAINT uq_experiment_name UNIQUE (name)
);

CREATE TABLE experiment_analysis (
    id serial PRIMARY KEY,
    experiment_id integer,
    analysis_type_id integer
);

CREATE TABLE experiment_equipment (
    id serial PRIMARY KEY,
    experiment_id integer,
    equipment_id integer
);

CREATE TABLE experiment_method (
    id serial PRIMARY KEY,
    experiment_id integer,
    method_id integer
);

CREATE TABLE experiment_prepared_sample (
    id serial PRIMARY KEY,
    experiment_id integer,
    prepared_sample_id integer
);

CREATE TABLE facility_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer,
    facility_name varchar,
    location_id integer,
    capacity_mw numeric,
    resource_id integer,
    operator varchar,
    start_year integer,
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    strain_id integer,
    pretreatment_method_id integer,
    eh_method_id integer,
    well_position varchar,
    vessel_id integer,
    analyte_detection_equipment_id integer,
    CONSTRAINT fermentation_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE field_sample (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    resource_id integer,
    provider_id integer,
    collector_id integer,
    sample_collection_source varchar,
    amount_collected numeric,
    amount_collected_unit_id integer,
    sampling_location_id integer,
    field_storage_method_id integer,
    field_storage_duration_value numeric,
    field_storage_duration_unit_id integer,
    field_storage_location_id integer,
    collection_timestamp timestamp,
    collection_method_id integer,
    harvest_method_id integer,
    harvest_date date,
    field_sample_storage_location_id integer,
    note varchar
);

CREATE TABLE field_sample_condition (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    field_sample_id integer,
    ag_treatment_id integer,
    last_application_date date,
    treatment_amount_per_acre double precision,
    processing_method_id integer
);

CREATE TABLE field_storage_method (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE file_object_metadata (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    data_source_id integer,
    bucket_path varchar,
    file_format varchar,
    file_size integer,
    checksum_md5 varchar,
    checksum_sha256 varchar,
    uri varchar,
    CONSTRAINT uq_file_object_metadata_uri UNIQUE (uri)
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT ftnir_record_record_id_key UNIQUE (record_id)
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    reactor_type_id integer,
    CONSTRAINT gasification_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE harvest_method (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT icp_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE infrastructure_biodiesel_plants (
    biodiesel_plant_id serial PRIMARY KEY,
    company varchar,
    bbi_index integer,
    city varchar,
    state varchar,
    capacity_mmg_per_y integer,
    feedstock varchar,
    status varchar,
    address varchar,
    coordinates varchar,
    latitude numeric,
    longitude numeric,
    source varchar
);

CREATE TABLE infrastructure_biosolids_facilities (
    biosolid_facility_id serial PRIMARY KEY,
    report_submitted_date date,
    latitude numeric,
    longitude numeric,
    facility varchar,
    authority varchar,
    plant_type varchar,
    aqmd varchar,
    facility_address varchar,
    facility_city varchar,
    state varchar,
    facility_zip varchar,
    facility_county varchar,
    mailing_street_1 varchar,
    mailing_city varchar,
    mailing_state varchar,
    mailing_zip varchar,
    biosolids_number varchar,
    biosolids_contact varchar,
    biosolids_contact_phone varchar,
    biosolids_contact_email varchar,
    adwf numeric,
    potw_biosolids_generated integer,
    twtds_biosolids_treated integer,
    class_b_land_app integer,
    class_b_applier varchar,
    class_a_compost integer,
    class_a_heat_dried integer,
    class_a_other integer,
    class_a_other_applier varchar,
    twtds_transfer_to_second_preparer integer,
    twtds_second_preparer_name varchar,
    adc_or_final_c integer,
    landfill integer,
    landfill_name varchar,
    surface_disposal integer,
    deepwell_injection varchar,
    stored integer,
    longterm_treatment integer,
    other integer,
    name_of_other varchar,
    incineration integer
);

CREATE TABLE infrastructure_cafo_manure_locations (
    cafo_manure_id serial PRIMARY KEY,
    latitude numeric,
    longitude numeric,
    owner_name varchar,
    facility_name varchar,
    address varchar,
    town varchar,
    state varchar,
    zip varchar,
    animal varchar,
    animal_feed_operation_type varchar,
    animal_units integer,
    animal_count integer,
    manure_total_solids numeric,
    source varchar,
    date_accessed date
);

CREATE TABLE infrastructure_combustion_plants (
    combustion_fid serial PRIMARY KEY,
    objectid integer,
    status varchar,
    city varchar,
    name varchar,
    county varchar,
    equivalent_generation numeric,
    np_mw numeric,
    cf numeric,
    yearload integer,
    fuel varchar,
    notes varchar,
    type varchar,
    wkt_geom varchar,
    geom varchar,
    latitude numeric,
    longitude numeric
);

CREATE TABLE infrastructure_district_energy_systems (
    des_fid serial PRIMARY KEY,
    cbg_id integer,
    name varchar,
    system varchar,
    object_id integer,
    city varchar,
    state varchar,
    primary_fuel varchar,
    secondary_fuel varchar,
    usetype varchar,
    cap_st numeric,
    cap_hw numeric,
    cap_cw numeric,
    chpcg_cap numeric,
    excess_c numeric,
    excess_h numeric,
    type varchar,
    wkt_geom varchar,
    geom varchar,
    latitude numeric,
    longitude numeric
);

CREATE TABLE infrastructure_ethanol_biorefineries (
    ethanol_biorefinery_id serial PRIMARY KEY,
    name varchar,
    city varchar,
    state varchar,
    address varchar,
    type varchar,
    capacity_mgy integer,
    production_mgy integer,
    constr_exp integer
);

CREATE TABLE infrastructure_food_processing_facilities (
    processing_facility_id serial PRIMARY KEY,
    address varchar,
    county varchar,
    city varchar,
    company varchar,
    join_count integer,
    master_type varchar,
    state varchar,
    subtype varchar,
    target_fid integer,
    processing_type varchar,
    zip varchar,
    type varchar,
    wkt_geom varchar,
    geom varchar,
    latitude numeric,
    longitude numeric
);

CREATE TABLE infrastructure_landfills (
    project_id varchar PRIMARY KEY,
    project_int_id integer,
    ghgrp_id varchar,
    landfill_id integer,
    landfill_name varchar,
    state varchar,
    physical_address varchar,
    city varchar,
    county varchar,
    zip_code varchar,
    latitude numeric,
    longitude numeric,
    ownership_type varchar,
    landfill_owner_orgs varchar,
    landfill_opened_year date,
    landfill_closure_year date,
    landfill_status varchar,
    waste_in_place integer,
    waste_in_place_year date,
    lfg_system_in_place boolean,
    lfg_collected numeric,
    lfg_flared numeric,
    project_status varchar,
    project_name varchar,
    project_start_date date,
    project_shutdown_date date,
    project_type_category varchar,
    lfg_energy_project_type varchar,
    rng_delivery_method varchar,
    actual_mw_generation numeric,
    rated_mw_capacity numeric,
    lfg_flow_to_project numeric,
    direct_emission_reductions numeric,
    avoided_emission_reductions numeric
);

CREATE TABLE infrastructure_livestock_anaerobic_digesters (
    digester_id serial PRIMARY KEY,
    project_name varchar,
    project_type varchar,
    city varchar,
    state varchar,
    digester_type varchar,
    profile varchar,
    year_operational date,
    animal_type_class varchar,
    animal_types varchar,
    pop_feeding_digester varchar,
    total_pop_feeding_digester integer,
    cattle integer,
    dairy integer,
    poultry integer,
    swine integer,
    codigestion varchar,
    biogas_generation_estimate integer,
    electricity_generated integer,
    biogas_end_uses varchar,
    methane_emission_reductions integer,
    latitude numeric,
    longitude numeric
);

CREATE TABLE infrastructure_msw_to_energy_anaerobic_digesters (
    wte_id serial PRIMARY KEY,
    city varchar,
    county varchar,
    equivalent_generation numeric,
    feedstock varchar,
    dayload numeric,
    dayload_bdt numeric,
    facility_type varchar,
    status varchar,
    notes varchar,
    source varchar,
    type varchar,
    wkt_geom varchar,
    geom varchar,
    latitude numeric,
    longitude numeric
);

CREATE TABLE infrastructure_saf_and_renewable_diesel_plants (
    ibcc_index serial PRIMARY KEY,
    company varchar,
    city varchar,
    state varchar,
    country varchar,
    capacity varchar,
    feedstock varchar,
    products varchar,
    status varchar,
    address varchar,
    coordinates varchar,
    latitude numeric,
    longitude numeric
);

CREATE TABLE infrastructure_wastewater_treatment_plants (
    plant_id serial PRIMARY KEY,
    name varchar,
    state varchar,
    codigestion varchar,
    flow_design_adjusted numeric,
    flow_average numeric,
    biosolids numeric,
    excess_flow numeric,
    biogas_utilized boolean,
    flaring boolean,
    excess_mass_loading_rate numeric,
    excess_mass_loading_rate_wet numeric,
    methane_production numeric,
    energy_content numeric,
    electric_kw numeric,
    thermal_mmbtu_d numeric,
    electric_kwh numeric,
    thermal_annual_mmbtu_y numeric,
    anaerobic_digestion_facility varchar,
    county varchar,
    dayload_bdt numeric,
    dayload numeric,
    equivalent_generation numeric,
    facility_type varchar,
    feedstock varchar,
    type varchar,
    city varchar,
    latitude numeric,
    longitude numeric,
    zipcode varchar
);

CREATE TABLE landiq_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    polygon_id integer,
    main_crop integer,
    secondary_crop integer,
    tertiary_crop integer,
    quaternary_crop integer,
    confidence integer,
    irrigated boolean,
    acres double precision,
    county varchar,
    version varchar,
    note varchar,
    pct1 double precision,
    pct2 double precision,
    pct3 double precision,
    pct4 double precision,
    CONSTRAINT landiq_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE landiq_resource_mapping (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    landiq_crop_name integer,
    resource_id integer
);

CREATE TABLE lineage_group (
    id serial PRIMARY KEY,
    etl_run_id integer,
    note varchar
);

CREATE TABLE location_address (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    geography_id varchar,
    address_line1 varchar,
    address_line2 varchar,
    city varchar,
    zip varchar,
    lat double precision,
    lon double precision,
    is_anonymous boolean
);

CREATE TABLE location_resolution (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE location_soil_type (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    location_id integer,
    soil_type_id integer
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

CREATE TABLE method_abbrev (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE method_assumption (
    id serial PRIMARY KEY,
    method_id integer NOT NULL,
    technical_assumption_id integer NOT NULL
);

CREATE TABLE method_category (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE method_standard (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
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
    parameter_id integer,
    value numeric,
    unit_id integer,
    dimension_type_id integer,
    dimension_value numeric,
    dimension_unit_id integer,
    note varchar,
    CONSTRAINT observation_unique_key UNIQUE (record_id, record_type, parameter_id, unit_id)
);

CREATE TABLE parameter (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    standard_unit_id integer,
    calculated boolean,
    description varchar
);

CREATE TABLE parameter_category (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE parameter_category_parameter (
    id serial PRIMARY KEY,
    parameter_id integer,
    parameter_category_id integer
);

CREATE TABLE parameter_unit (
    id serial PRIMARY KEY,
    parameter_id integer,
    alternate_unit_id integer
);

CREATE TABLE physical_characteristic (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    field_sample_id integer,
    particle_length numeric,
    particle_width numeric,
    particle_height numeric,
    particle_unit_id integer
);

CREATE TABLE place (
    geoid varchar PRIMARY KEY,
    state_name varchar,
    state_fips varchar,
    county_name varchar,
    county_fips varchar,
    region_name varchar,
    agg_level_desc varchar
);

CREATE TABLE polygon (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    geoid varchar,
    geom geometry,
    dataset_id integer
);

CREATE TABLE preparation_method (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    description varchar,
    prep_method_abbrev_id integer,
    prep_temp_c numeric,
    uri varchar,
    drying_step boolean
);

CREATE TABLE preparation_method_abbreviation (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE prepared_sample (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    field_sample_id integer,
    prep_method_id integer,
    prep_date date,
    preparer_id integer,
    note varchar
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    pretreatment_method_id integer,
    eh_method_id integer,
    reaction_block_id integer,
    block_position varchar,
    temperature numeric,
    replicate_no integer,
    vessel_id integer,
    CONSTRAINT pretreatment_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE primary_ag_product (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE processing_method (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE provider (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    codename varchar
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT proximate_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE resource (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    name varchar,
    primary_ag_product_id integer,
    resource_class_id integer,
    resource_subclass_id integer,
    resource_code varchar,
    description varchar,
    uri varchar
);

CREATE TABLE resource_availability (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    resource_id integer,
    geoid varchar,
    from_month integer,
    to_month integer,
    year_round boolean,
    residue_factor_dry_tons_acre double precision,
    residue_factor_wet_tons_acre double precision,
    note varchar
);

CREATE TABLE resource_class (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE resource_counterfactual (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    geoid varchar,
    resource_id integer,
    counterfactual_description varchar,
    animal_bedding_percent numeric,
    animal_bedding_source_id integer,
    animal_feed_percent numeric,
    animal_feed_source_id integer,
    bioelectricty_percent numeric,
    bioelectricty_source_id integer,
    burn_percent numeric,
    burn_source_id integer,
    compost_percent numeric,
    compost_source_id integer,
    landfill_percent numeric,
    landfill_source_id integer,
    counterfactual_date date
);

CREATE TABLE resource_end_use_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer NOT NULL,
    geoid varchar,
    resource_id integer,
    note varchar
);

CREATE TABLE resource_morphology (
    id serial PRIMARY KEY,
    resource_id integer,
    morphology_uri varchar
);

CREATE TABLE resource_price_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer,
    geoid varchar,
    resource_id integer,
    primary_ag_product_id integer,
    source_id integer NOT NULL,
    report_start_date date NOT NULL,
    report_end_date date NOT NULL,
    freight_terms varchar,
    transport_mode varchar,
    note varchar
);

CREATE TABLE resource_production_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer,
    geoid varchar,
    primary_ag_product_id integer,
    resource_id integer,
    report_date date NOT NULL,
    scenario varchar,
    note varchar
);

CREATE TABLE resource_storage_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer NOT NULL,
    geoid varchar,
    storage_description varchar NOT NULL,
    resource_id integer,
    note varchar
);

CREATE TABLE resource_subclass (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE resource_transport_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer NOT NULL,
    method_id integer NOT NULL,
    geoid varchar,
    transport_description varchar NOT NULL,
    resource_id integer,
    note varchar
);

CREATE TABLE resource_usda_commodity_map (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    resource_id integer,
    primary_ag_product_id integer,
    usda_commodity_id integer,
    match_tier varchar,
    note varchar
);

CREATE TABLE rgb_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    record_id varchar NOT NULL,
    dataset_id integer,
    experiment_id integer,
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT rgb_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE soil_type (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE source_type (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE strain (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    parent_strain_id integer
);

CREATE TABLE technical_assumption (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    assumption_name varchar NOT NULL,
    assumption_value numeric(18,8) NOT NULL,
    unit_id integer,
    source_id integer,
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    CONSTRAINT ultimate_record_record_id_key UNIQUE (record_id)
);

CREATE TABLE unit (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE usda_census_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer,
    geoid varchar,
    commodity_code integer,
    year integer,
    source_reference varchar,
    note varchar
);

CREATE TABLE usda_commodity (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar,
    usda_source varchar,
    usda_code varchar,
    parent_commodity_id integer,
    api_name varchar,
    created_at timestamp,
    updated_at timestamp
);

CREATE TABLE usda_domain (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE usda_market_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    report_id integer,
    dataset_id integer,
    report_begin_date timestamp,
    report_end_date timestamp,
    report_date timestamp,
    commodity_id integer,
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
    price_unit_id integer,
    freight varchar,
    trans_mode varchar
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
    office_city_id integer,
    office_state_fips varchar,
    source_id integer
);

CREATE TABLE usda_statistic_category (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE usda_survey_program (
    id serial PRIMARY KEY,
    name varchar,
    description varchar,
    uri varchar
);

CREATE TABLE usda_survey_record (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    dataset_id integer,
    geoid varchar,
    commodity_code integer,
    year integer,
    survey_program_id integer,
    survey_period varchar,
    reference_month varchar,
    seasonal_flag boolean,
    note varchar,
    begin_code varchar,
    end_code varchar
);

CREATE TABLE usda_term_map (
    id serial PRIMARY KEY,
    created_at timestamp,
    updated_at timestamp,
    etl_run_id integer,
    lineage_group_id integer,
    source_system varchar,
    source_context varchar,
    raw_term varchar,
    usda_commodity_id integer,
    is_verified boolean,
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    scan_low_nm integer,
    scan_high_nm integer,
    CONSTRAINT xrd_record_record_id_key UNIQUE (record_id)
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
    resource_id integer,
    prepared_sample_id integer,
    technical_replicate_no integer,
    technical_replicate_total integer,
    method_id integer,
    analyst_id integer,
    raw_data_id integer,
    qc_pass varchar,
    note varchar,
    wavelength_nm numeric,
    intensity numeric,
    energy_slope numeric,
    energy_offset numeric,
    CONSTRAINT xrf_record_record_id_key UNIQUE (record_id)
);

-- Foreign keys, once every table exists.
ALTER TABLE api_key ADD CONSTRAINT api_key_api_user_id_fkey
    FOREIGN KEY (api_user_id) REFERENCES api_user(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE autoclave_record ADD CONSTRAINT autoclave_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_energy_content_unit_id_fkey
    FOREIGN KEY (energy_content_unit_id) REFERENCES unit(id);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_geoid_fkey
    FOREIGN KEY (geoid) REFERENCES place(geoid);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_production_unit_id_fkey
    FOREIGN KEY (production_unit_id) REFERENCES unit(id);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE billion_ton2023_record ADD CONSTRAINT billion_ton2023_record_subclass_id_fkey
    FOREIGN KEY (subclass_id) REFERENCES resource_subclass(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE calorimetry_record ADD CONSTRAINT calorimetry_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE compositional_record ADD CONSTRAINT compositional_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE contact ADD CONSTRAINT contact_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE data_source ADD CONSTRAINT data_source_data_source_type_id_fkey
    FOREIGN KEY (data_source_type_id) REFERENCES data_source_type(id);
ALTER TABLE data_source ADD CONSTRAINT data_source_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE data_source ADD CONSTRAINT data_source_location_coverage_id_fkey
    FOREIGN KEY (location_coverage_id) REFERENCES location_resolution(id);
ALTER TABLE data_source_type ADD CONSTRAINT data_source_type_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE data_source_type ADD CONSTRAINT data_source_type_source_type_id_fkey
    FOREIGN KEY (source_type_id) REFERENCES source_type(id);
ALTER TABLE dataset ADD CONSTRAINT dataset_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE dataset ADD CONSTRAINT dataset_source_id_fkey
    FOREIGN KEY (source_id) REFERENCES data_source(id);
ALTER TABLE equipment ADD CONSTRAINT equipment_equipment_location_id_fkey
    FOREIGN KEY (equipment_location_id) REFERENCES location_address(id);
ALTER TABLE experiment ADD CONSTRAINT experiment_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE experiment ADD CONSTRAINT experiment_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE experiment ADD CONSTRAINT experiment_exper_duration_unit_id_fkey
    FOREIGN KEY (exper_duration_unit_id) REFERENCES unit(id);
ALTER TABLE experiment ADD CONSTRAINT experiment_exper_location_id_fkey
    FOREIGN KEY (exper_location_id) REFERENCES location_address(id);
ALTER TABLE experiment_analysis ADD CONSTRAINT experiment_analysis_analysis_type_id_fkey
    FOREIGN KEY (analysis_type_id) REFERENCES analysis_type(id);
ALTER TABLE experiment_analysis ADD CONSTRAINT experiment_analysis_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE experiment_equipment ADD CONSTRAINT experiment_equipment_equipment_id_fkey
    FOREIGN KEY (equipment_id) REFERENCES equipment(id);
ALTER TABLE experiment_equipment ADD CONSTRAINT experiment_equipment_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE experiment_method ADD CONSTRAINT experiment_method_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE experiment_method ADD CONSTRAINT experiment_method_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE experiment_prepared_sample ADD CONSTRAINT experiment_prepared_sample_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE experiment_prepared_sample ADD CONSTRAINT experiment_prepared_sample_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE facility_record ADD CONSTRAINT facility_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE facility_record ADD CONSTRAINT facility_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE facility_record ADD CONSTRAINT facility_record_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES location_address(id);
ALTER TABLE facility_record ADD CONSTRAINT facility_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE fermentation_record ADD CONSTRAINT fermentation_record_vessel_id_fkey
    FOREIGN KEY (vessel_id) REFERENCES decon_vessel(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_amount_collected_unit_id_fkey
    FOREIGN KEY (amount_collected_unit_id) REFERENCES unit(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_collection_method_id_fkey
    FOREIGN KEY (collection_method_id) REFERENCES collection_method(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_collector_id_fkey
    FOREIGN KEY (collector_id) REFERENCES contact(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_field_sample_storage_location_id_fkey
    FOREIGN KEY (field_sample_storage_location_id) REFERENCES location_address(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_field_storage_duration_unit_id_fkey
    FOREIGN KEY (field_storage_duration_unit_id) REFERENCES unit(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_field_storage_location_id_fkey
    FOREIGN KEY (field_storage_location_id) REFERENCES location_address(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_field_storage_method_id_fkey
    FOREIGN KEY (field_storage_method_id) REFERENCES field_storage_method(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_harvest_method_id_fkey
    FOREIGN KEY (harvest_method_id) REFERENCES harvest_method(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_provider_id_fkey
    FOREIGN KEY (provider_id) REFERENCES provider(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE field_sample ADD CONSTRAINT field_sample_sampling_location_id_fkey
    FOREIGN KEY (sampling_location_id) REFERENCES location_address(id);
ALTER TABLE field_sample_condition ADD CONSTRAINT field_sample_condition_ag_treatment_id_fkey
    FOREIGN KEY (ag_treatment_id) REFERENCES ag_treatment(id);
ALTER TABLE field_sample_condition ADD CONSTRAINT field_sample_condition_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE field_sample_condition ADD CONSTRAINT field_sample_condition_field_sample_id_fkey
    FOREIGN KEY (field_sample_id) REFERENCES field_sample(id);
ALTER TABLE field_sample_condition ADD CONSTRAINT field_sample_condition_processing_method_id_fkey
    FOREIGN KEY (processing_method_id) REFERENCES processing_method(id);
ALTER TABLE file_object_metadata ADD CONSTRAINT file_object_metadata_data_source_id_fkey
    FOREIGN KEY (data_source_id) REFERENCES data_source(id);
ALTER TABLE file_object_metadata ADD CONSTRAINT file_object_metadata_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE ftnir_record ADD CONSTRAINT ftnir_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE gasification_record ADD CONSTRAINT fk_gasification_record_reactor_type_id_decon_vessel
    FOREIGN KEY (reactor_type_id) REFERENCES decon_vessel(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE gasification_record ADD CONSTRAINT gasification_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE icp_record ADD CONSTRAINT icp_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_main_crop_fkey
    FOREIGN KEY (main_crop) REFERENCES primary_ag_product(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_polygon_id_fkey
    FOREIGN KEY (polygon_id) REFERENCES polygon(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_quaternary_crop_fkey
    FOREIGN KEY (quaternary_crop) REFERENCES primary_ag_product(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_secondary_crop_fkey
    FOREIGN KEY (secondary_crop) REFERENCES primary_ag_product(id);
ALTER TABLE landiq_record ADD CONSTRAINT landiq_record_tertiary_crop_fkey
    FOREIGN KEY (tertiary_crop) REFERENCES primary_ag_product(id);
ALTER TABLE landiq_resource_mapping ADD CONSTRAINT landiq_resource_mapping_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE landiq_resource_mapping ADD CONSTRAINT landiq_resource_mapping_landiq_crop_name_fkey
    FOREIGN KEY (landiq_crop_name) REFERENCES primary_ag_product(id);
ALTER TABLE landiq_resource_mapping ADD CONSTRAINT landiq_resource_mapping_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE lineage_group ADD CONSTRAINT lineage_group_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE location_address ADD CONSTRAINT location_address_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE location_address ADD CONSTRAINT location_address_geography_id_fkey
    FOREIGN KEY (geography_id) REFERENCES place(geoid);
ALTER TABLE location_soil_type ADD CONSTRAINT location_soil_type_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE location_soil_type ADD CONSTRAINT location_soil_type_location_id_fkey
    FOREIGN KEY (location_id) REFERENCES location_address(id);
ALTER TABLE location_soil_type ADD CONSTRAINT location_soil_type_soil_type_id_fkey
    FOREIGN KEY (soil_type_id) REFERENCES soil_type(id);
ALTER TABLE method ADD CONSTRAINT method_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE method ADD CONSTRAINT method_method_abbrev_id_fkey
    FOREIGN KEY (method_abbrev_id) REFERENCES method_abbrev(id);
ALTER TABLE method ADD CONSTRAINT method_method_category_id_fkey
    FOREIGN KEY (method_category_id) REFERENCES method_category(id);
ALTER TABLE method ADD CONSTRAINT method_method_standard_id_fkey
    FOREIGN KEY (method_standard_id) REFERENCES method_standard(id);
ALTER TABLE method ADD CONSTRAINT method_source_id_fkey
    FOREIGN KEY (source_id) REFERENCES data_source(id);
ALTER TABLE observation ADD CONSTRAINT observation_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE observation ADD CONSTRAINT observation_dimension_type_id_fkey
    FOREIGN KEY (dimension_type_id) REFERENCES dimension_type(id);
ALTER TABLE observation ADD CONSTRAINT observation_dimension_unit_id_fkey
    FOREIGN KEY (dimension_unit_id) REFERENCES unit(id);
ALTER TABLE observation ADD CONSTRAINT observation_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE observation ADD CONSTRAINT observation_parameter_id_fkey
    FOREIGN KEY (parameter_id) REFERENCES parameter(id);
ALTER TABLE observation ADD CONSTRAINT observation_unit_id_fkey
    FOREIGN KEY (unit_id) REFERENCES unit(id);
ALTER TABLE parameter ADD CONSTRAINT parameter_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE parameter ADD CONSTRAINT parameter_standard_unit_id_fkey
    FOREIGN KEY (standard_unit_id) REFERENCES unit(id);
ALTER TABLE parameter_category_parameter ADD CONSTRAINT parameter_category_parameter_parameter_category_id_fkey
    FOREIGN KEY (parameter_category_id) REFERENCES parameter_category(id);
ALTER TABLE parameter_category_parameter ADD CONSTRAINT parameter_category_parameter_parameter_id_fkey
    FOREIGN KEY (parameter_id) REFERENCES parameter(id);
ALTER TABLE parameter_unit ADD CONSTRAINT parameter_unit_alternate_unit_id_fkey
    FOREIGN KEY (alternate_unit_id) REFERENCES unit(id);
ALTER TABLE parameter_unit ADD CONSTRAINT parameter_unit_parameter_id_fkey
    FOREIGN KEY (parameter_id) REFERENCES parameter(id);
ALTER TABLE physical_characteristic ADD CONSTRAINT physical_characteristic_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE physical_characteristic ADD CONSTRAINT physical_characteristic_field_sample_id_fkey
    FOREIGN KEY (field_sample_id) REFERENCES field_sample(id);
ALTER TABLE physical_characteristic ADD CONSTRAINT physical_characteristic_particle_unit_id_fkey
    FOREIGN KEY (particle_unit_id) REFERENCES unit(id);
ALTER TABLE polygon ADD CONSTRAINT polygon_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE polygon ADD CONSTRAINT polygon_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE preparation_method ADD CONSTRAINT preparation_method_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE preparation_method ADD CONSTRAINT preparation_method_prep_method_abbrev_id_fkey
    FOREIGN KEY (prep_method_abbrev_id) REFERENCES preparation_method_abbreviation(id);
ALTER TABLE prepared_sample ADD CONSTRAINT prepared_sample_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE prepared_sample ADD CONSTRAINT prepared_sample_field_sample_id_fkey
    FOREIGN KEY (field_sample_id) REFERENCES field_sample(id);
ALTER TABLE prepared_sample ADD CONSTRAINT prepared_sample_prep_method_id_fkey
    FOREIGN KEY (prep_method_id) REFERENCES preparation_method(id);
ALTER TABLE prepared_sample ADD CONSTRAINT prepared_sample_preparer_id_fkey
    FOREIGN KEY (preparer_id) REFERENCES contact(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE pretreatment_record ADD CONSTRAINT pretreatment_record_vessel_id_fkey
    FOREIGN KEY (vessel_id) REFERENCES decon_vessel(id);
ALTER TABLE provider ADD CONSTRAINT provider_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE proximate_record ADD CONSTRAINT proximate_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE resource ADD CONSTRAINT resource_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource ADD CONSTRAINT resource_primary_ag_product_id_fkey
    FOREIGN KEY (primary_ag_product_id) REFERENCES primary_ag_product(id);
ALTER TABLE resource ADD CONSTRAINT resource_resource_class_id_fkey
    FOREIGN KEY (resource_class_id) REFERENCES resource_class(id);
ALTER TABLE resource ADD CONSTRAINT resource_resource_subclass_id_fkey
    FOREIGN KEY (resource_subclass_id) REFERENCES resource_subclass(id);
ALTER TABLE resource_availability ADD CONSTRAINT resource_availability_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_availability ADD CONSTRAINT resource_availability_geoid_fkey
    FOREIGN KEY (geoid) REFERENCES place(geoid);
ALTER TABLE resource_availability ADD CONSTRAINT resource_availability_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE resource_counterfactual ADD CONSTRAINT resource_counterfactual_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_counterfactual ADD CONSTRAINT resource_counterfactual_geoid_fkey
    FOREIGN KEY (geoid) REFERENCES place(geoid);
ALTER TABLE resource_counterfactual ADD CONSTRAINT resource_counterfactual_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE resource_end_use_record ADD CONSTRAINT resource_end_use_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_morphology ADD CONSTRAINT resource_morphology_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE resource_price_record ADD CONSTRAINT resource_price_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_production_record ADD CONSTRAINT resource_production_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_storage_record ADD CONSTRAINT resource_storage_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_transport_record ADD CONSTRAINT resource_transport_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_usda_commodity_map ADD CONSTRAINT resource_usda_commodity_map_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE resource_usda_commodity_map ADD CONSTRAINT resource_usda_commodity_map_primary_ag_product_id_fkey
    FOREIGN KEY (primary_ag_product_id) REFERENCES primary_ag_product(id);
ALTER TABLE resource_usda_commodity_map ADD CONSTRAINT resource_usda_commodity_map_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE resource_usda_commodity_map ADD CONSTRAINT resource_usda_commodity_map_usda_commodity_id_fkey
    FOREIGN KEY (usda_commodity_id) REFERENCES usda_commodity(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE rgb_record ADD CONSTRAINT rgb_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE technical_assumption ADD CONSTRAINT technical_assumption_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE ultimate_record ADD CONSTRAINT ultimate_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE usda_census_record ADD CONSTRAINT usda_census_record_commodity_code_fkey
    FOREIGN KEY (commodity_code) REFERENCES usda_commodity(id);
ALTER TABLE usda_census_record ADD CONSTRAINT usda_census_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE usda_census_record ADD CONSTRAINT usda_census_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE usda_census_record ADD CONSTRAINT usda_census_record_geoid_fkey
    FOREIGN KEY (geoid) REFERENCES place(geoid);
ALTER TABLE usda_commodity ADD CONSTRAINT usda_commodity_parent_commodity_id_fkey
    FOREIGN KEY (parent_commodity_id) REFERENCES usda_commodity(id);
ALTER TABLE usda_market_record ADD CONSTRAINT usda_market_record_commodity_id_fkey
    FOREIGN KEY (commodity_id) REFERENCES usda_commodity(id);
ALTER TABLE usda_market_record ADD CONSTRAINT usda_market_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE usda_market_record ADD CONSTRAINT usda_market_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE usda_market_record ADD CONSTRAINT usda_market_record_price_unit_id_fkey
    FOREIGN KEY (price_unit_id) REFERENCES unit(id);
ALTER TABLE usda_market_record ADD CONSTRAINT usda_market_record_report_id_fkey
    FOREIGN KEY (report_id) REFERENCES usda_market_report(id);
ALTER TABLE usda_market_report ADD CONSTRAINT usda_market_report_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE usda_market_report ADD CONSTRAINT usda_market_report_office_city_id_fkey
    FOREIGN KEY (office_city_id) REFERENCES location_address(id);
ALTER TABLE usda_market_report ADD CONSTRAINT usda_market_report_source_id_fkey
    FOREIGN KEY (source_id) REFERENCES data_source(id);
ALTER TABLE usda_survey_record ADD CONSTRAINT usda_survey_record_commodity_code_fkey
    FOREIGN KEY (commodity_code) REFERENCES usda_commodity(id);
ALTER TABLE usda_survey_record ADD CONSTRAINT usda_survey_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE usda_survey_record ADD CONSTRAINT usda_survey_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE usda_survey_record ADD CONSTRAINT usda_survey_record_geoid_fkey
    FOREIGN KEY (geoid) REFERENCES place(geoid);
ALTER TABLE usda_survey_record ADD CONSTRAINT usda_survey_record_survey_program_id_fkey
    FOREIGN KEY (survey_program_id) REFERENCES usda_survey_program(id);
ALTER TABLE usda_term_map ADD CONSTRAINT usda_term_map_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE usda_term_map ADD CONSTRAINT usda_term_map_usda_commodity_id_fkey
    FOREIGN KEY (usda_commodity_id) REFERENCES usda_commodity(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE xrd_record ADD CONSTRAINT xrd_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_analyst_id_fkey
    FOREIGN KEY (analyst_id) REFERENCES contact(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_dataset_id_fkey
    FOREIGN KEY (dataset_id) REFERENCES dataset(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_etl_run_id_fkey
    FOREIGN KEY (etl_run_id) REFERENCES etl_run(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_experiment_id_fkey
    FOREIGN KEY (experiment_id) REFERENCES experiment(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_method_id_fkey
    FOREIGN KEY (method_id) REFERENCES method(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_prepared_sample_id_fkey
    FOREIGN KEY (prepared_sample_id) REFERENCES prepared_sample(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_raw_data_id_fkey
    FOREIGN KEY (raw_data_id) REFERENCES file_object_metadata(id);
ALTER TABLE xrf_record ADD CONSTRAINT xrf_record_resource_id_fkey
    FOREIGN KEY (resource_id) REFERENCES resource(id);

CREATE INDEX ix_api_key_api_user_id ON api_key USING btree (api_user_id);
CREATE INDEX ix_api_key_key_prefix ON api_key USING btree (key_prefix);
CREATE UNIQUE INDEX ix_api_user_username ON api_user USING btree (username);
CREATE UNIQUE INDEX unique_geom_dataset_md5 ON polygon USING btree (md5((geom)::text), dataset_id);
