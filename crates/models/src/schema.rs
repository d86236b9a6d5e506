// @generated automatically by Diesel CLI.

diesel::table! {
    billion_ton2023_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        subclass_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        county_square_miles -> Nullable<Float8>,
        model_name -> Nullable<Varchar>,
        scenario_name -> Nullable<Varchar>,
        price_offered_usd -> Nullable<Numeric>,
        production -> Nullable<Int4>,
        production_unit_id -> Nullable<Int4>,
        btu_ton -> Nullable<Int4>,
        production_energy_content -> Nullable<Int4>,
        energy_content_unit_id -> Nullable<Int4>,
        product_density_dtpersqmi -> Nullable<Numeric>,
        land_source -> Nullable<Varchar>,
    }
}

diesel::table! {
    calorimetry_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    compositional_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    decon_vessel (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        vessel_uuid -> Nullable<Varchar>,
        serial_number -> Nullable<Varchar>,
        volume_numeric_per_well -> Nullable<Numeric>,
        volume_unit -> Nullable<Varchar>,
    }
}

diesel::table! {
    fermentation_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
        strain_id -> Nullable<Int4>,
        pretreatment_method_id -> Nullable<Int4>,
        eh_method_id -> Nullable<Int4>,
        well_position -> Nullable<Varchar>,
        temperature -> Nullable<Numeric>,
        agitation_rpm -> Nullable<Numeric>,
        vessel_id -> Nullable<Int4>,
        analyte_detection_equipment_id -> Nullable<Int4>,
    }
}

diesel::table! {
    field_sample (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        resource_id -> Nullable<Int4>,
        provider_id -> Nullable<Int4>,
        collector_id -> Nullable<Int4>,
        sample_collection_source -> Nullable<Varchar>,
        amount_collected -> Nullable<Numeric>,
        amount_collected_unit_id -> Nullable<Int4>,
        sampling_location_id -> Nullable<Int4>,
        field_storage_method_id -> Nullable<Int4>,
        field_storage_duration_value -> Nullable<Numeric>,
        field_storage_duration_unit_id -> Nullable<Int4>,
        field_storage_location_id -> Nullable<Int4>,
        collection_timestamp -> Nullable<Timestamp>,
        collection_method_id -> Nullable<Int4>,
        harvest_method_id -> Nullable<Int4>,
        harvest_date -> Nullable<Date>,
        field_sample_storage_location_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    ftnir_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    gasification_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
        feedstock_mass -> Nullable<Numeric>,
        bed_temperature -> Nullable<Numeric>,
        gas_flow_rate -> Nullable<Numeric>,
        reactor_type_id -> Nullable<Int4>,
    }
}

diesel::table! {
    icp_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    location_address (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        geography_id -> Nullable<Varchar>,
        address_line1 -> Nullable<Varchar>,
        address_line2 -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        zip -> Nullable<Varchar>,
        lat -> Nullable<Float8>,
        lon -> Nullable<Float8>,
        is_anonymous -> Nullable<Bool>,
    }
}

diesel::table! {
    method (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        method_abbrev_id -> Nullable<Int4>,
        method_category_id -> Nullable<Int4>,
        method_standard_id -> Nullable<Int4>,
        description -> Nullable<Varchar>,
        detection_limits -> Nullable<Varchar>,
        source_id -> Nullable<Int4>,
    }
}

diesel::table! {
    observation (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        record_type -> Nullable<Varchar>,
        parameter_id -> Nullable<Int4>,
        value -> Nullable<Numeric>,
        unit_id -> Nullable<Int4>,
        dimension_type_id -> Nullable<Int4>,
        dimension_value -> Nullable<Numeric>,
        dimension_unit_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    parameter (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        standard_unit_id -> Nullable<Int4>,
        calculated -> Nullable<Bool>,
        description -> Nullable<Varchar>,
    }
}

diesel::table! {
    place (geoid) {
        geoid -> Varchar,
        state_name -> Nullable<Varchar>,
        state_fips -> Nullable<Varchar>,
        county_name -> Nullable<Varchar>,
        county_fips -> Nullable<Varchar>,
        region_name -> Nullable<Varchar>,
        agg_level_desc -> Nullable<Varchar>,
    }
}

diesel::table! {
    prepared_sample (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        field_sample_id -> Nullable<Int4>,
        prep_method_id -> Nullable<Int4>,
        prep_date -> Nullable<Date>,
        preparer_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    pretreatment_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
        pretreatment_method_id -> Nullable<Int4>,
        eh_method_id -> Nullable<Int4>,
        reaction_block_id -> Nullable<Int4>,
        block_position -> Nullable<Varchar>,
        temperature -> Nullable<Numeric>,
        replicate_no -> Nullable<Int4>,
    }
}

diesel::table! {
    primary_ag_product (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    provider (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        codename -> Nullable<Varchar>,
    }
}

diesel::table! {
    proximate_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        primary_ag_product_id -> Nullable<Int4>,
        resource_class_id -> Nullable<Int4>,
        resource_subclass_id -> Nullable<Int4>,
        resource_code -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_availability (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        from_month -> Nullable<Int4>,
        to_month -> Nullable<Int4>,
        year_round -> Nullable<Bool>,
        residue_factor_dry_tons_acre -> Nullable<Float8>,
        residue_factor_wet_tons_acre -> Nullable<Float8>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_class (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_end_use_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Int4,
        method_id -> Int4,
        geoid -> Nullable<Varchar>,
        resource_id -> Nullable<Int4>,
        use_case_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_morphology (id) {
        id -> Int4,
        resource_id -> Nullable<Int4>,
        morphology_uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_storage_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Int4,
        method_id -> Int4,
        geoid -> Nullable<Varchar>,
        storage_description -> Varchar,
        resource_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_subclass (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_transport_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Int4,
        method_id -> Int4,
        geoid -> Nullable<Varchar>,
        transport_description -> Varchar,
        resource_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    resource_usda_commodity_map (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        primary_ag_product_id -> Nullable<Int4>,
        usda_commodity_id -> Nullable<Int4>,
        match_tier -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    strain (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        parent_strain_id -> Nullable<Int4>,
    }
}

diesel::table! {
    ultimate_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    unit (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    usda_census_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        commodity_code -> Nullable<Int4>,
        year -> Nullable<Int4>,
        source_reference -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    usda_commodity (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        usda_source -> Nullable<Varchar>,
        usda_code -> Nullable<Varchar>,
        parent_commodity_id -> Nullable<Int4>,
    }
}

diesel::table! {
    usda_market_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        report_id -> Nullable<Int4>,
        dataset_id -> Nullable<Int4>,
        report_begin_date -> Nullable<Timestamp>,
        report_end_date -> Nullable<Timestamp>,
        report_date -> Nullable<Timestamp>,
        commodity_id -> Nullable<Int4>,
        market_type_id -> Nullable<Int4>,
        market_type_category -> Nullable<Varchar>,
        grp -> Nullable<Varchar>,
        market_category_id -> Nullable<Int4>,
        class_ -> Nullable<Varchar>,
        grade -> Nullable<Varchar>,
        variety -> Nullable<Varchar>,
        protein_pct -> Nullable<Numeric>,
        application -> Nullable<Varchar>,
        pkg -> Nullable<Varchar>,
        sale_type -> Nullable<Varchar>,
        price_unit_id -> Nullable<Int4>,
        freight -> Nullable<Varchar>,
        trans_mode -> Nullable<Varchar>,
    }
}

diesel::table! {
    usda_market_report (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        slug_id -> Nullable<Int4>,
        slug_name -> Nullable<Varchar>,
        report_series_title -> Nullable<Varchar>,
        frequency -> Nullable<Varchar>,
        office_name -> Nullable<Varchar>,
        office_city_id -> Nullable<Int4>,
        office_state_fips -> Nullable<Varchar>,
        source_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use_case (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    xrd_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
        scan_low_nm -> Nullable<Int4>,
        scan_high_nm -> Nullable<Int4>,
    }
}

diesel::table! {
    xrf_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        experiment_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
        technical_replicate_no -> Nullable<Int4>,
        technical_replicate_total -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        raw_data_id -> Nullable<Int4>,
        qc_pass -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
        wavelength_nm -> Nullable<Numeric>,
        intensity -> Nullable<Numeric>,
        energy_slope -> Nullable<Numeric>,
        energy_offset -> Nullable<Numeric>,
    }
}

diesel::joinable!(billion_ton2023_record -> place (geoid));
diesel::joinable!(billion_ton2023_record -> resource (resource_id));
diesel::joinable!(billion_ton2023_record -> resource_subclass (subclass_id));
diesel::joinable!(calorimetry_record -> method (method_id));
diesel::joinable!(calorimetry_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(calorimetry_record -> resource (resource_id));
diesel::joinable!(compositional_record -> method (method_id));
diesel::joinable!(compositional_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(compositional_record -> resource (resource_id));
diesel::joinable!(fermentation_record -> method (method_id));
diesel::joinable!(fermentation_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(fermentation_record -> resource (resource_id));
diesel::joinable!(field_sample -> provider (provider_id));
diesel::joinable!(field_sample -> resource (resource_id));
diesel::joinable!(ftnir_record -> method (method_id));
diesel::joinable!(ftnir_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(ftnir_record -> resource (resource_id));
diesel::joinable!(gasification_record -> decon_vessel (reactor_type_id));
diesel::joinable!(gasification_record -> method (method_id));
diesel::joinable!(gasification_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(gasification_record -> resource (resource_id));
diesel::joinable!(icp_record -> method (method_id));
diesel::joinable!(icp_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(icp_record -> resource (resource_id));
diesel::joinable!(location_address -> place (geography_id));
diesel::joinable!(observation -> parameter (parameter_id));
diesel::joinable!(parameter -> unit (standard_unit_id));
diesel::joinable!(prepared_sample -> field_sample (field_sample_id));
diesel::joinable!(pretreatment_record -> method (method_id));
diesel::joinable!(pretreatment_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(pretreatment_record -> resource (resource_id));
diesel::joinable!(proximate_record -> method (method_id));
diesel::joinable!(proximate_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(proximate_record -> resource (resource_id));
diesel::joinable!(resource -> primary_ag_product (primary_ag_product_id));
diesel::joinable!(resource -> resource_class (resource_class_id));
diesel::joinable!(resource -> resource_subclass (resource_subclass_id));
diesel::joinable!(resource_availability -> place (geoid));
diesel::joinable!(resource_availability -> resource (resource_id));
diesel::joinable!(resource_end_use_record -> method (method_id));
diesel::joinable!(resource_end_use_record -> place (geoid));
diesel::joinable!(resource_end_use_record -> resource (resource_id));
diesel::joinable!(resource_end_use_record -> use_case (use_case_id));
diesel::joinable!(resource_morphology -> resource (resource_id));
diesel::joinable!(resource_storage_record -> method (method_id));
diesel::joinable!(resource_storage_record -> place (geoid));
diesel::joinable!(resource_storage_record -> resource (resource_id));
diesel::joinable!(resource_transport_record -> method (method_id));
diesel::joinable!(resource_transport_record -> place (geoid));
diesel::joinable!(resource_transport_record -> resource (resource_id));
diesel::joinable!(resource_usda_commodity_map -> primary_ag_product (primary_ag_product_id));
diesel::joinable!(resource_usda_commodity_map -> resource (resource_id));
diesel::joinable!(resource_usda_commodity_map -> usda_commodity (usda_commodity_id));
diesel::joinable!(ultimate_record -> method (method_id));
diesel::joinable!(ultimate_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(ultimate_record -> resource (resource_id));
diesel::joinable!(usda_census_record -> place (geoid));
diesel::joinable!(usda_census_record -> usda_commodity (commodity_code));
diesel::joinable!(usda_market_record -> unit (price_unit_id));
diesel::joinable!(usda_market_record -> usda_commodity (commodity_id));
diesel::joinable!(usda_market_record -> usda_market_report (report_id));
diesel::joinable!(usda_market_report -> location_address (office_city_id));
diesel::joinable!(xrd_record -> method (method_id));
diesel::joinable!(xrd_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(xrd_record -> resource (resource_id));
diesel::joinable!(xrf_record -> method (method_id));
diesel::joinable!(xrf_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(xrf_record -> resource (resource_id));

diesel::allow_tables_to_appear_in_same_query!(
    billion_ton2023_record,
    calorimetry_record,
    compositional_record,
    decon_vessel,
    fermentation_record,
    field_sample,
    ftnir_record,
    gasification_record,
    icp_record,
    location_address,
    method,
    observation,
    parameter,
    place,
    prepared_sample,
    pretreatment_record,
    primary_ag_product,
    provider,
    proximate_record,
    resource,
    resource_availability,
    resource_class,
    resource_end_use_record,
    resource_morphology,
    resource_storage_record,
    resource_subclass,
    resource_transport_record,
    resource_usda_commodity_map,
    strain,
    ultimate_record,
    unit,
    usda_census_record,
    usda_commodity,
    usda_market_record,
    usda_market_report,
    use_case,
    xrd_record,
    xrf_record,
);
