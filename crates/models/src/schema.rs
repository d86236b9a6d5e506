// @generated automatically by Diesel CLI.

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    ag_treatment (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    analysis_type (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    api_key (id) {
        id -> Int4,
        api_user_id -> Int4,
        name -> Varchar,
        #[max_length = 8]
        key_prefix -> Varchar,
        key_hash -> Varchar,
        is_active -> Bool,
        rate_limit_per_minute -> Int4,
        rate_window_start -> Nullable<Timestamptz>,
        rate_window_count -> Int4,
        last_used_at -> Nullable<Timestamptz>,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    api_user (id) {
        id -> Int4,
        username -> Varchar,
        hashed_password -> Varchar,
        email -> Nullable<Varchar>,
        full_name -> Nullable<Varchar>,
        is_admin -> Bool,
        disabled -> Bool,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    autoclave_record (id) {
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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
        production_energy_content -> Nullable<Int8>,
        energy_content_unit_id -> Nullable<Int4>,
        product_density_dtpersqmi -> Nullable<Numeric>,
        land_source -> Nullable<Varchar>,
        dataset_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    collection_method (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    contact (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        first_name -> Nullable<Varchar>,
        last_name -> Nullable<Varchar>,
        email -> Nullable<Varchar>,
        affiliation -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    county_ag_report_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        geoid -> Nullable<Varchar>,
        primary_ag_product_id -> Nullable<Int4>,
        description -> Nullable<Varchar>,
        resource_type -> Nullable<Varchar>,
        data_year -> Nullable<Int4>,
        data_source_id -> Nullable<Int4>,
        produced_nsjv -> Nullable<Bool>,
        processed_nsjv -> Nullable<Bool>,
        note -> Nullable<Varchar>,
        prodn_value_note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    data_source (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        data_source_type_id -> Nullable<Int4>,
        full_title -> Nullable<Varchar>,
        creator -> Nullable<Varchar>,
        subject -> Nullable<Varchar>,
        publisher -> Nullable<Varchar>,
        contributor -> Nullable<Varchar>,
        date -> Nullable<Timestamp>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        biocirv -> Nullable<Bool>,
        format -> Nullable<Varchar>,
        language -> Nullable<Varchar>,
        relation -> Nullable<Varchar>,
        temporal_coverage -> Nullable<Varchar>,
        location_coverage_id -> Nullable<Int4>,
        rights -> Nullable<Varchar>,
        license -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    data_source_type (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        source_type_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    dataset (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        record_type -> Nullable<Varchar>,
        source_id -> Nullable<Int4>,
        start_date -> Nullable<Date>,
        end_date -> Nullable<Date>,
        description -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    dimension_type (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    entity_lineage (id) {
        id -> Int4,
        lineage_group_id -> Nullable<Int4>,
        source_table -> Nullable<Varchar>,
        source_row_id -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    equipment (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        equipment_location_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    etl_run (id) {
        id -> Int4,
        run_id -> Nullable<Varchar>,
        started_at -> Nullable<Timestamp>,
        completed_at -> Nullable<Timestamp>,
        pipeline_name -> Nullable<Varchar>,
        status -> Nullable<Varchar>,
        records_ingested -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    experiment (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        analyst_id -> Nullable<Int4>,
        exper_start_date -> Nullable<Date>,
        exper_duration -> Nullable<Numeric>,
        exper_duration_unit_id -> Nullable<Int4>,
        exper_location_id -> Nullable<Int4>,
        description -> Nullable<Varchar>,
        name -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    experiment_analysis (id) {
        id -> Int4,
        experiment_id -> Nullable<Int4>,
        analysis_type_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    experiment_equipment (id) {
        id -> Int4,
        experiment_id -> Nullable<Int4>,
        equipment_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    experiment_method (id) {
        id -> Int4,
        experiment_id -> Nullable<Int4>,
        method_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    experiment_prepared_sample (id) {
        id -> Int4,
        experiment_id -> Nullable<Int4>,
        prepared_sample_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    facility_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Nullable<Int4>,
        facility_name -> Nullable<Varchar>,
        location_id -> Nullable<Int4>,
        capacity_mw -> Nullable<Numeric>,
        resource_id -> Nullable<Int4>,
        operator -> Nullable<Varchar>,
        start_year -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
        vessel_id -> Nullable<Int4>,
        analyte_detection_equipment_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    field_sample_condition (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        field_sample_id -> Nullable<Int4>,
        ag_treatment_id -> Nullable<Int4>,
        last_application_date -> Nullable<Date>,
        treatment_amount_per_acre -> Nullable<Float8>,
        processing_method_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    field_storage_method (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    file_object_metadata (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        data_source_id -> Nullable<Int4>,
        bucket_path -> Nullable<Varchar>,
        file_format -> Nullable<Varchar>,
        file_size -> Nullable<Int4>,
        checksum_md5 -> Nullable<Varchar>,
        checksum_sha256 -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
        reactor_type_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    harvest_method (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_biodiesel_plants (biodiesel_plant_id) {
        biodiesel_plant_id -> Int4,
        company -> Nullable<Varchar>,
        bbi_index -> Nullable<Int4>,
        city -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        capacity_mmg_per_y -> Nullable<Int4>,
        feedstock -> Nullable<Varchar>,
        status -> Nullable<Varchar>,
        address -> Nullable<Varchar>,
        coordinates -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
        source -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_biosolids_facilities (biosolid_facility_id) {
        biosolid_facility_id -> Int4,
        report_submitted_date -> Nullable<Date>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
        facility -> Nullable<Varchar>,
        authority -> Nullable<Varchar>,
        plant_type -> Nullable<Varchar>,
        aqmd -> Nullable<Varchar>,
        facility_address -> Nullable<Varchar>,
        facility_city -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        facility_zip -> Nullable<Varchar>,
        facility_county -> Nullable<Varchar>,
        mailing_street_1 -> Nullable<Varchar>,
        mailing_city -> Nullable<Varchar>,
        mailing_state -> Nullable<Varchar>,
        mailing_zip -> Nullable<Varchar>,
        biosolids_number -> Nullable<Varchar>,
        biosolids_contact -> Nullable<Varchar>,
        biosolids_contact_phone -> Nullable<Varchar>,
        biosolids_contact_email -> Nullable<Varchar>,
        adwf -> Nullable<Numeric>,
        potw_biosolids_generated -> Nullable<Int4>,
        twtds_biosolids_treated -> Nullable<Int4>,
        class_b_land_app -> Nullable<Int4>,
        class_b_applier -> Nullable<Varchar>,
        class_a_compost -> Nullable<Int4>,
        class_a_heat_dried -> Nullable<Int4>,
        class_a_other -> Nullable<Int4>,
        class_a_other_applier -> Nullable<Varchar>,
        twtds_transfer_to_second_preparer -> Nullable<Int4>,
        twtds_second_preparer_name -> Nullable<Varchar>,
        adc_or_final_c -> Nullable<Int4>,
        landfill -> Nullable<Int4>,
        landfill_name -> Nullable<Varchar>,
        surface_disposal -> Nullable<Int4>,
        deepwell_injection -> Nullable<Varchar>,
        stored -> Nullable<Int4>,
        longterm_treatment -> Nullable<Int4>,
        other -> Nullable<Int4>,
        name_of_other -> Nullable<Varchar>,
        incineration -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_cafo_manure_locations (cafo_manure_id) {
        cafo_manure_id -> Int4,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
        owner_name -> Nullable<Varchar>,
        facility_name -> Nullable<Varchar>,
        address -> Nullable<Varchar>,
        town -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        zip -> Nullable<Varchar>,
        animal -> Nullable<Varchar>,
        animal_feed_operation_type -> Nullable<Varchar>,
        animal_units -> Nullable<Int4>,
        animal_count -> Nullable<Int4>,
        manure_total_solids -> Nullable<Numeric>,
        source -> Nullable<Varchar>,
        date_accessed -> Nullable<Date>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_combustion_plants (combustion_fid) {
        combustion_fid -> Int4,
        objectid -> Nullable<Int4>,
        status -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        name -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        equivalent_generation -> Nullable<Numeric>,
        np_mw -> Nullable<Numeric>,
        cf -> Nullable<Numeric>,
        yearload -> Nullable<Int4>,
        fuel -> Nullable<Varchar>,
        notes -> Nullable<Varchar>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        wkt_geom -> Nullable<Varchar>,
        geom -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_district_energy_systems (des_fid) {
        des_fid -> Int4,
        cbg_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        system -> Nullable<Varchar>,
        object_id -> Nullable<Int4>,
        city -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        primary_fuel -> Nullable<Varchar>,
        secondary_fuel -> Nullable<Varchar>,
        usetype -> Nullable<Varchar>,
        cap_st -> Nullable<Numeric>,
        cap_hw -> Nullable<Numeric>,
        cap_cw -> Nullable<Numeric>,
        chpcg_cap -> Nullable<Numeric>,
        excess_c -> Nullable<Numeric>,
        excess_h -> Nullable<Numeric>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        wkt_geom -> Nullable<Varchar>,
        geom -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_ethanol_biorefineries (ethanol_biorefinery_id) {
        ethanol_biorefinery_id -> Int4,
        name -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        address -> Nullable<Varchar>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        capacity_mgy -> Nullable<Int4>,
        production_mgy -> Nullable<Int4>,
        constr_exp -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_food_processing_facilities (processing_facility_id) {
        processing_facility_id -> Int4,
        address -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        company -> Nullable<Varchar>,
        join_count -> Nullable<Int4>,
        master_type -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        subtype -> Nullable<Varchar>,
        target_fid -> Nullable<Int4>,
        processing_type -> Nullable<Varchar>,
        zip -> Nullable<Varchar>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        wkt_geom -> Nullable<Varchar>,
        geom -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_landfills (project_id) {
        project_id -> Varchar,
        project_int_id -> Nullable<Int4>,
        ghgrp_id -> Nullable<Varchar>,
        landfill_id -> Nullable<Int4>,
        landfill_name -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        physical_address -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        zip_code -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
        ownership_type -> Nullable<Varchar>,
        landfill_owner_orgs -> Nullable<Varchar>,
        landfill_opened_year -> Nullable<Date>,
        landfill_closure_year -> Nullable<Date>,
        landfill_status -> Nullable<Varchar>,
        waste_in_place -> Nullable<Int4>,
        waste_in_place_year -> Nullable<Date>,
        lfg_system_in_place -> Nullable<Bool>,
        lfg_collected -> Nullable<Numeric>,
        lfg_flared -> Nullable<Numeric>,
        project_status -> Nullable<Varchar>,
        project_name -> Nullable<Varchar>,
        project_start_date -> Nullable<Date>,
        project_shutdown_date -> Nullable<Date>,
        project_type_category -> Nullable<Varchar>,
        lfg_energy_project_type -> Nullable<Varchar>,
        rng_delivery_method -> Nullable<Varchar>,
        actual_mw_generation -> Nullable<Numeric>,
        rated_mw_capacity -> Nullable<Numeric>,
        lfg_flow_to_project -> Nullable<Numeric>,
        direct_emission_reductions -> Nullable<Numeric>,
        avoided_emission_reductions -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_livestock_anaerobic_digesters (digester_id) {
        digester_id -> Int4,
        project_name -> Nullable<Varchar>,
        project_type -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        digester_type -> Nullable<Varchar>,
        profile -> Nullable<Varchar>,
        year_operational -> Nullable<Date>,
        animal_type_class -> Nullable<Varchar>,
        animal_types -> Nullable<Varchar>,
        pop_feeding_digester -> Nullable<Varchar>,
        total_pop_feeding_digester -> Nullable<Int4>,
        cattle -> Nullable<Int4>,
        dairy -> Nullable<Int4>,
        poultry -> Nullable<Int4>,
        swine -> Nullable<Int4>,
        codigestion -> Nullable<Varchar>,
        biogas_generation_estimate -> Nullable<Int4>,
        electricity_generated -> Nullable<Int4>,
        biogas_end_uses -> Nullable<Varchar>,
        methane_emission_reductions -> Nullable<Int4>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_msw_to_energy_anaerobic_digesters (wte_id) {
        wte_id -> Int4,
        city -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        equivalent_generation -> Nullable<Numeric>,
        feedstock -> Nullable<Varchar>,
        dayload -> Nullable<Numeric>,
        dayload_bdt -> Nullable<Numeric>,
        facility_type -> Nullable<Varchar>,
        status -> Nullable<Varchar>,
        notes -> Nullable<Varchar>,
        source -> Nullable<Varchar>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        wkt_geom -> Nullable<Varchar>,
        geom -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_saf_and_renewable_diesel_plants (ibcc_index) {
        ibcc_index -> Int4,
        company -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        country -> Nullable<Varchar>,
        capacity -> Nullable<Varchar>,
        feedstock -> Nullable<Varchar>,
        products -> Nullable<Varchar>,
        status -> Nullable<Varchar>,
        address -> Nullable<Varchar>,
        coordinates -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    infrastructure_wastewater_treatment_plants (plant_id) {
        plant_id -> Int4,
        name -> Nullable<Varchar>,
        state -> Nullable<Varchar>,
        codigestion -> Nullable<Varchar>,
        flow_design_adjusted -> Nullable<Numeric>,
        flow_average -> Nullable<Numeric>,
        biosolids -> Nullable<Numeric>,
        excess_flow -> Nullable<Numeric>,
        biogas_utilized -> Nullable<Bool>,
        flaring -> Nullable<Bool>,
        excess_mass_loading_rate -> Nullable<Numeric>,
        excess_mass_loading_rate_wet -> Nullable<Numeric>,
        methane_production -> Nullable<Numeric>,
        energy_content -> Nullable<Numeric>,
        electric_kw -> Nullable<Numeric>,
        thermal_mmbtu_d -> Nullable<Numeric>,
        electric_kwh -> Nullable<Numeric>,
        thermal_annual_mmbtu_y -> Nullable<Numeric>,
        anaerobic_digestion_facility -> Nullable<Varchar>,
        county -> Nullable<Varchar>,
        dayload_bdt -> Nullable<Numeric>,
        dayload -> Nullable<Numeric>,
        equivalent_generation -> Nullable<Numeric>,
        facility_type -> Nullable<Varchar>,
        feedstock -> Nullable<Varchar>,
        #[sql_name = "type"]
        type_ -> Nullable<Varchar>,
        city -> Nullable<Varchar>,
        latitude -> Nullable<Numeric>,
        longitude -> Nullable<Numeric>,
        zipcode -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    landiq_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        record_id -> Varchar,
        dataset_id -> Nullable<Int4>,
        polygon_id -> Nullable<Int4>,
        main_crop -> Nullable<Int4>,
        secondary_crop -> Nullable<Int4>,
        tertiary_crop -> Nullable<Int4>,
        quaternary_crop -> Nullable<Int4>,
        confidence -> Nullable<Int4>,
        irrigated -> Nullable<Bool>,
        acres -> Nullable<Float8>,
        county -> Nullable<Varchar>,
        version -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
        pct1 -> Nullable<Float8>,
        pct2 -> Nullable<Float8>,
        pct3 -> Nullable<Float8>,
        pct4 -> Nullable<Float8>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    landiq_resource_mapping (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        landiq_crop_name -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    lineage_group (id) {
        id -> Int4,
        etl_run_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    location_resolution (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    location_soil_type (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        location_id -> Nullable<Int4>,
        soil_type_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    method_abbrev (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    method_assumption (id) {
        id -> Int4,
        method_id -> Int4,
        technical_assumption_id -> Int4,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    method_category (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    method_standard (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    parameter_category (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    parameter_category_parameter (id) {
        id -> Int4,
        parameter_id -> Nullable<Int4>,
        parameter_category_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    parameter_unit (id) {
        id -> Int4,
        parameter_id -> Nullable<Int4>,
        alternate_unit_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    physical_characteristic (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        field_sample_id -> Nullable<Int4>,
        particle_length -> Nullable<Numeric>,
        particle_width -> Nullable<Numeric>,
        particle_height -> Nullable<Numeric>,
        particle_unit_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    polygon (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        geom -> Nullable<Geometry>,
        dataset_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    preparation_method (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        prep_method_abbrev_id -> Nullable<Int4>,
        prep_temp_c -> Nullable<Numeric>,
        uri -> Nullable<Varchar>,
        drying_step -> Nullable<Bool>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    preparation_method_abbreviation (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
        vessel_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    primary_ag_product (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    processing_method (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_class (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_counterfactual (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        resource_id -> Nullable<Int4>,
        counterfactual_description -> Nullable<Varchar>,
        animal_bedding_percent -> Nullable<Numeric>,
        animal_bedding_source_id -> Nullable<Int4>,
        animal_feed_percent -> Nullable<Numeric>,
        animal_feed_source_id -> Nullable<Int4>,
        bioelectricty_percent -> Nullable<Numeric>,
        bioelectricty_source_id -> Nullable<Int4>,
        burn_percent -> Nullable<Numeric>,
        burn_source_id -> Nullable<Int4>,
        compost_percent -> Nullable<Numeric>,
        compost_source_id -> Nullable<Int4>,
        landfill_percent -> Nullable<Numeric>,
        landfill_source_id -> Nullable<Int4>,
        counterfactual_date -> Nullable<Date>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
        note -> Nullable<Varchar>,
        use_case_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_image (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        resource_id -> Int4,
        resource_name -> Nullable<Varchar>,
        image_url -> Nullable<Varchar>,
        sort_order -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_morphology (id) {
        id -> Int4,
        resource_id -> Nullable<Int4>,
        morphology_uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_price_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Int4,
        method_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        resource_id -> Nullable<Int4>,
        primary_ag_product_id -> Nullable<Int4>,
        source_id -> Int4,
        report_start_date -> Date,
        report_end_date -> Date,
        freight_terms -> Nullable<Varchar>,
        transport_mode -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_production_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Int4,
        method_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        primary_ag_product_id -> Nullable<Int4>,
        resource_id -> Nullable<Int4>,
        report_date -> Date,
        scenario -> Nullable<Varchar>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    resource_subclass (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    rgb_record (id) {
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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    soil_type (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    source_type (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    strain (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        parent_strain_id -> Nullable<Int4>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    technical_assumption (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        assumption_name -> Varchar,
        assumption_value -> Numeric,
        unit_id -> Nullable<Int4>,
        source_id -> Nullable<Int4>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    unit (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    usda_commodity (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
        usda_source -> Nullable<Varchar>,
        usda_code -> Nullable<Varchar>,
        parent_commodity_id -> Nullable<Int4>,
        api_name -> Nullable<Varchar>,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    usda_domain (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    usda_statistic_category (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    usda_survey_program (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    usda_survey_record (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        dataset_id -> Nullable<Int4>,
        geoid -> Nullable<Varchar>,
        commodity_code -> Nullable<Int4>,
        year -> Nullable<Int4>,
        survey_program_id -> Nullable<Int4>,
        survey_period -> Nullable<Varchar>,
        reference_month -> Nullable<Varchar>,
        seasonal_flag -> Nullable<Bool>,
        note -> Nullable<Varchar>,
        begin_code -> Nullable<Varchar>,
        end_code -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    usda_term_map (id) {
        id -> Int4,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        etl_run_id -> Nullable<Int4>,
        lineage_group_id -> Nullable<Int4>,
        source_system -> Nullable<Varchar>,
        source_context -> Nullable<Varchar>,
        raw_term -> Nullable<Varchar>,
        usda_commodity_id -> Nullable<Int4>,
        is_verified -> Nullable<Bool>,
        note -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

    use_case (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        uri -> Nullable<Varchar>,
    }
}

diesel::table! {
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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
    use diesel::sql_types::*;
    use postgis_diesel::sql_types::*;

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

diesel::joinable!(api_key -> api_user (api_user_id));
diesel::joinable!(autoclave_record -> contact (analyst_id));
diesel::joinable!(autoclave_record -> dataset (dataset_id));
diesel::joinable!(autoclave_record -> etl_run (etl_run_id));
diesel::joinable!(autoclave_record -> experiment (experiment_id));
diesel::joinable!(autoclave_record -> file_object_metadata (raw_data_id));
diesel::joinable!(autoclave_record -> method (method_id));
diesel::joinable!(autoclave_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(autoclave_record -> resource (resource_id));
diesel::joinable!(billion_ton2023_record -> dataset (dataset_id));
diesel::joinable!(billion_ton2023_record -> etl_run (etl_run_id));
diesel::joinable!(billion_ton2023_record -> place (geoid));
diesel::joinable!(billion_ton2023_record -> resource (resource_id));
diesel::joinable!(billion_ton2023_record -> resource_subclass (subclass_id));
diesel::joinable!(calorimetry_record -> contact (analyst_id));
diesel::joinable!(calorimetry_record -> dataset (dataset_id));
diesel::joinable!(calorimetry_record -> etl_run (etl_run_id));
diesel::joinable!(calorimetry_record -> experiment (experiment_id));
diesel::joinable!(calorimetry_record -> file_object_metadata (raw_data_id));
diesel::joinable!(calorimetry_record -> method (method_id));
diesel::joinable!(calorimetry_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(calorimetry_record -> resource (resource_id));
diesel::joinable!(compositional_record -> contact (analyst_id));
diesel::joinable!(compositional_record -> dataset (dataset_id));
diesel::joinable!(compositional_record -> etl_run (etl_run_id));
diesel::joinable!(compositional_record -> experiment (experiment_id));
diesel::joinable!(compositional_record -> file_object_metadata (raw_data_id));
diesel::joinable!(compositional_record -> method (method_id));
diesel::joinable!(compositional_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(compositional_record -> resource (resource_id));
diesel::joinable!(contact -> etl_run (etl_run_id));
diesel::joinable!(county_ag_report_record -> data_source (data_source_id));
diesel::joinable!(county_ag_report_record -> etl_run (etl_run_id));
diesel::joinable!(county_ag_report_record -> place (geoid));
diesel::joinable!(county_ag_report_record -> primary_ag_product (primary_ag_product_id));
diesel::joinable!(data_source -> data_source_type (data_source_type_id));
diesel::joinable!(data_source -> etl_run (etl_run_id));
diesel::joinable!(data_source -> location_resolution (location_coverage_id));
diesel::joinable!(data_source_type -> etl_run (etl_run_id));
diesel::joinable!(data_source_type -> source_type (source_type_id));
diesel::joinable!(dataset -> data_source (source_id));
diesel::joinable!(dataset -> etl_run (etl_run_id));
diesel::joinable!(equipment -> location_address (equipment_location_id));
diesel::joinable!(experiment -> contact (analyst_id));
diesel::joinable!(experiment -> etl_run (etl_run_id));
diesel::joinable!(experiment -> location_address (exper_location_id));
diesel::joinable!(experiment -> unit (exper_duration_unit_id));
diesel::joinable!(experiment_analysis -> analysis_type (analysis_type_id));
diesel::joinable!(experiment_analysis -> experiment (experiment_id));
diesel::joinable!(experiment_equipment -> equipment (equipment_id));
diesel::joinable!(experiment_equipment -> experiment (experiment_id));
diesel::joinable!(experiment_method -> experiment (experiment_id));
diesel::joinable!(experiment_method -> method (method_id));
diesel::joinable!(experiment_prepared_sample -> experiment (experiment_id));
diesel::joinable!(experiment_prepared_sample -> prepared_sample (prepared_sample_id));
diesel::joinable!(facility_record -> dataset (dataset_id));
diesel::joinable!(facility_record -> etl_run (etl_run_id));
diesel::joinable!(facility_record -> location_address (location_id));
diesel::joinable!(facility_record -> resource (resource_id));
diesel::joinable!(fermentation_record -> contact (analyst_id));
diesel::joinable!(fermentation_record -> dataset (dataset_id));
diesel::joinable!(fermentation_record -> decon_vessel (vessel_id));
diesel::joinable!(fermentation_record -> etl_run (etl_run_id));
diesel::joinable!(fermentation_record -> experiment (experiment_id));
diesel::joinable!(fermentation_record -> file_object_metadata (raw_data_id));
diesel::joinable!(fermentation_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(fermentation_record -> resource (resource_id));
diesel::joinable!(fermentation_record -> strain (strain_id));
diesel::joinable!(field_sample -> collection_method (collection_method_id));
diesel::joinable!(field_sample -> contact (collector_id));
diesel::joinable!(field_sample -> etl_run (etl_run_id));
diesel::joinable!(field_sample -> field_storage_method (field_storage_method_id));
diesel::joinable!(field_sample -> harvest_method (harvest_method_id));
diesel::joinable!(field_sample -> provider (provider_id));
diesel::joinable!(field_sample -> resource (resource_id));
diesel::joinable!(field_sample_condition -> ag_treatment (ag_treatment_id));
diesel::joinable!(field_sample_condition -> etl_run (etl_run_id));
diesel::joinable!(field_sample_condition -> field_sample (field_sample_id));
diesel::joinable!(field_sample_condition -> processing_method (processing_method_id));
diesel::joinable!(file_object_metadata -> data_source (data_source_id));
diesel::joinable!(file_object_metadata -> etl_run (etl_run_id));
diesel::joinable!(ftnir_record -> contact (analyst_id));
diesel::joinable!(ftnir_record -> dataset (dataset_id));
diesel::joinable!(ftnir_record -> etl_run (etl_run_id));
diesel::joinable!(ftnir_record -> experiment (experiment_id));
diesel::joinable!(ftnir_record -> file_object_metadata (raw_data_id));
diesel::joinable!(ftnir_record -> method (method_id));
diesel::joinable!(ftnir_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(ftnir_record -> resource (resource_id));
diesel::joinable!(gasification_record -> contact (analyst_id));
diesel::joinable!(gasification_record -> dataset (dataset_id));
diesel::joinable!(gasification_record -> decon_vessel (reactor_type_id));
diesel::joinable!(gasification_record -> etl_run (etl_run_id));
diesel::joinable!(gasification_record -> experiment (experiment_id));
diesel::joinable!(gasification_record -> file_object_metadata (raw_data_id));
diesel::joinable!(gasification_record -> method (method_id));
diesel::joinable!(gasification_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(gasification_record -> resource (resource_id));
diesel::joinable!(icp_record -> contact (analyst_id));
diesel::joinable!(icp_record -> dataset (dataset_id));
diesel::joinable!(icp_record -> etl_run (etl_run_id));
diesel::joinable!(icp_record -> experiment (experiment_id));
diesel::joinable!(icp_record -> file_object_metadata (raw_data_id));
diesel::joinable!(icp_record -> method (method_id));
diesel::joinable!(icp_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(icp_record -> resource (resource_id));
diesel::joinable!(landiq_record -> dataset (dataset_id));
diesel::joinable!(landiq_record -> etl_run (etl_run_id));
diesel::joinable!(landiq_record -> polygon (polygon_id));
diesel::joinable!(landiq_resource_mapping -> etl_run (etl_run_id));
diesel::joinable!(landiq_resource_mapping -> primary_ag_product (landiq_crop_name));
diesel::joinable!(landiq_resource_mapping -> resource (resource_id));
diesel::joinable!(lineage_group -> etl_run (etl_run_id));
diesel::joinable!(location_address -> etl_run (etl_run_id));
diesel::joinable!(location_address -> place (geography_id));
diesel::joinable!(location_soil_type -> etl_run (etl_run_id));
diesel::joinable!(location_soil_type -> location_address (location_id));
diesel::joinable!(location_soil_type -> soil_type (soil_type_id));
diesel::joinable!(method -> data_source (source_id));
diesel::joinable!(method -> etl_run (etl_run_id));
diesel::joinable!(method -> method_abbrev (method_abbrev_id));
diesel::joinable!(method -> method_category (method_category_id));
diesel::joinable!(method -> method_standard (method_standard_id));
diesel::joinable!(observation -> dataset (dataset_id));
diesel::joinable!(observation -> dimension_type (dimension_type_id));
diesel::joinable!(observation -> etl_run (etl_run_id));
diesel::joinable!(observation -> parameter (parameter_id));
diesel::joinable!(parameter -> etl_run (etl_run_id));
diesel::joinable!(parameter -> unit (standard_unit_id));
diesel::joinable!(parameter_category_parameter -> parameter (parameter_id));
diesel::joinable!(parameter_category_parameter -> parameter_category (parameter_category_id));
diesel::joinable!(parameter_unit -> parameter (parameter_id));
diesel::joinable!(parameter_unit -> unit (alternate_unit_id));
diesel::joinable!(physical_characteristic -> etl_run (etl_run_id));
diesel::joinable!(physical_characteristic -> field_sample (field_sample_id));
diesel::joinable!(physical_characteristic -> unit (particle_unit_id));
diesel::joinable!(polygon -> dataset (dataset_id));
diesel::joinable!(polygon -> etl_run (etl_run_id));
diesel::joinable!(preparation_method -> etl_run (etl_run_id));
diesel::joinable!(preparation_method -> preparation_method_abbreviation (prep_method_abbrev_id));
diesel::joinable!(prepared_sample -> contact (preparer_id));
diesel::joinable!(prepared_sample -> etl_run (etl_run_id));
diesel::joinable!(prepared_sample -> field_sample (field_sample_id));
diesel::joinable!(prepared_sample -> preparation_method (prep_method_id));
diesel::joinable!(pretreatment_record -> contact (analyst_id));
diesel::joinable!(pretreatment_record -> dataset (dataset_id));
diesel::joinable!(pretreatment_record -> decon_vessel (vessel_id));
diesel::joinable!(pretreatment_record -> etl_run (etl_run_id));
diesel::joinable!(pretreatment_record -> experiment (experiment_id));
diesel::joinable!(pretreatment_record -> file_object_metadata (raw_data_id));
diesel::joinable!(pretreatment_record -> method (method_id));
diesel::joinable!(pretreatment_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(pretreatment_record -> resource (resource_id));
diesel::joinable!(provider -> etl_run (etl_run_id));
diesel::joinable!(proximate_record -> contact (analyst_id));
diesel::joinable!(proximate_record -> dataset (dataset_id));
diesel::joinable!(proximate_record -> etl_run (etl_run_id));
diesel::joinable!(proximate_record -> experiment (experiment_id));
diesel::joinable!(proximate_record -> file_object_metadata (raw_data_id));
diesel::joinable!(proximate_record -> method (method_id));
diesel::joinable!(proximate_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(proximate_record -> resource (resource_id));
diesel::joinable!(resource -> etl_run (etl_run_id));
diesel::joinable!(resource -> primary_ag_product (primary_ag_product_id));
diesel::joinable!(resource -> resource_class (resource_class_id));
diesel::joinable!(resource -> resource_subclass (resource_subclass_id));
diesel::joinable!(resource_availability -> etl_run (etl_run_id));
diesel::joinable!(resource_availability -> place (geoid));
diesel::joinable!(resource_availability -> resource (resource_id));
diesel::joinable!(resource_counterfactual -> etl_run (etl_run_id));
diesel::joinable!(resource_counterfactual -> place (geoid));
diesel::joinable!(resource_counterfactual -> resource (resource_id));
diesel::joinable!(resource_end_use_record -> etl_run (etl_run_id));
diesel::joinable!(resource_end_use_record -> use_case (use_case_id));
diesel::joinable!(resource_image -> etl_run (etl_run_id));
diesel::joinable!(resource_image -> resource (resource_id));
diesel::joinable!(resource_morphology -> resource (resource_id));
diesel::joinable!(resource_price_record -> etl_run (etl_run_id));
diesel::joinable!(resource_production_record -> etl_run (etl_run_id));
diesel::joinable!(resource_storage_record -> etl_run (etl_run_id));
diesel::joinable!(resource_transport_record -> etl_run (etl_run_id));
diesel::joinable!(resource_usda_commodity_map -> etl_run (etl_run_id));
diesel::joinable!(resource_usda_commodity_map -> primary_ag_product (primary_ag_product_id));
diesel::joinable!(resource_usda_commodity_map -> resource (resource_id));
diesel::joinable!(resource_usda_commodity_map -> usda_commodity (usda_commodity_id));
diesel::joinable!(rgb_record -> contact (analyst_id));
diesel::joinable!(rgb_record -> dataset (dataset_id));
diesel::joinable!(rgb_record -> etl_run (etl_run_id));
diesel::joinable!(rgb_record -> experiment (experiment_id));
diesel::joinable!(rgb_record -> file_object_metadata (raw_data_id));
diesel::joinable!(rgb_record -> method (method_id));
diesel::joinable!(rgb_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(rgb_record -> resource (resource_id));
diesel::joinable!(technical_assumption -> etl_run (etl_run_id));
diesel::joinable!(ultimate_record -> contact (analyst_id));
diesel::joinable!(ultimate_record -> dataset (dataset_id));
diesel::joinable!(ultimate_record -> etl_run (etl_run_id));
diesel::joinable!(ultimate_record -> experiment (experiment_id));
diesel::joinable!(ultimate_record -> file_object_metadata (raw_data_id));
diesel::joinable!(ultimate_record -> method (method_id));
diesel::joinable!(ultimate_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(ultimate_record -> resource (resource_id));
diesel::joinable!(usda_census_record -> dataset (dataset_id));
diesel::joinable!(usda_census_record -> etl_run (etl_run_id));
diesel::joinable!(usda_census_record -> place (geoid));
diesel::joinable!(usda_census_record -> usda_commodity (commodity_code));
diesel::joinable!(usda_market_record -> dataset (dataset_id));
diesel::joinable!(usda_market_record -> etl_run (etl_run_id));
diesel::joinable!(usda_market_record -> unit (price_unit_id));
diesel::joinable!(usda_market_record -> usda_commodity (commodity_id));
diesel::joinable!(usda_market_record -> usda_market_report (report_id));
diesel::joinable!(usda_market_report -> data_source (source_id));
diesel::joinable!(usda_market_report -> etl_run (etl_run_id));
diesel::joinable!(usda_market_report -> location_address (office_city_id));
diesel::joinable!(usda_survey_record -> dataset (dataset_id));
diesel::joinable!(usda_survey_record -> etl_run (etl_run_id));
diesel::joinable!(usda_survey_record -> place (geoid));
diesel::joinable!(usda_survey_record -> usda_commodity (commodity_code));
diesel::joinable!(usda_survey_record -> usda_survey_program (survey_program_id));
diesel::joinable!(usda_term_map -> etl_run (etl_run_id));
diesel::joinable!(usda_term_map -> usda_commodity (usda_commodity_id));
diesel::joinable!(xrd_record -> contact (analyst_id));
diesel::joinable!(xrd_record -> dataset (dataset_id));
diesel::joinable!(xrd_record -> etl_run (etl_run_id));
diesel::joinable!(xrd_record -> experiment (experiment_id));
diesel::joinable!(xrd_record -> file_object_metadata (raw_data_id));
diesel::joinable!(xrd_record -> method (method_id));
diesel::joinable!(xrd_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(xrd_record -> resource (resource_id));
diesel::joinable!(xrf_record -> contact (analyst_id));
diesel::joinable!(xrf_record -> dataset (dataset_id));
diesel::joinable!(xrf_record -> etl_run (etl_run_id));
diesel::joinable!(xrf_record -> experiment (experiment_id));
diesel::joinable!(xrf_record -> file_object_metadata (raw_data_id));
diesel::joinable!(xrf_record -> method (method_id));
diesel::joinable!(xrf_record -> prepared_sample (prepared_sample_id));
diesel::joinable!(xrf_record -> resource (resource_id));

diesel::allow_tables_to_appear_in_same_query!(
    ag_treatment,
    analysis_type,
    api_key,
    api_user,
    autoclave_record,
    billion_ton2023_record,
    calorimetry_record,
    collection_method,
    compositional_record,
    contact,
    county_ag_report_record,
    data_source,
    data_source_type,
    dataset,
    decon_vessel,
    dimension_type,
    entity_lineage,
    equipment,
    etl_run,
    experiment,
    experiment_analysis,
    experiment_equipment,
    experiment_method,
    experiment_prepared_sample,
    facility_record,
    fermentation_record,
    field_sample,
    field_sample_condition,
    field_storage_method,
    file_object_metadata,
    ftnir_record,
    gasification_record,
    harvest_method,
    icp_record,
    infrastructure_biodiesel_plants,
    infrastructure_biosolids_facilities,
    infrastructure_cafo_manure_locations,
    infrastructure_combustion_plants,
    infrastructure_district_energy_systems,
    infrastructure_ethanol_biorefineries,
    infrastructure_food_processing_facilities,
    infrastructure_landfills,
    infrastructure_livestock_anaerobic_digesters,
    infrastructure_msw_to_energy_anaerobic_digesters,
    infrastructure_saf_and_renewable_diesel_plants,
    infrastructure_wastewater_treatment_plants,
    landiq_record,
    landiq_resource_mapping,
    lineage_group,
    location_address,
    location_resolution,
    location_soil_type,
    method,
    method_abbrev,
    method_assumption,
    method_category,
    method_standard,
    observation,
    parameter,
    parameter_category,
    parameter_category_parameter,
    parameter_unit,
    physical_characteristic,
    place,
    polygon,
    preparation_method,
    preparation_method_abbreviation,
    prepared_sample,
    pretreatment_record,
    primary_ag_product,
    processing_method,
    provider,
    proximate_record,
    resource,
    resource_availability,
    resource_class,
    resource_counterfactual,
    resource_end_use_record,
    resource_image,
    resource_morphology,
    resource_price_record,
    resource_production_record,
    resource_storage_record,
    resource_subclass,
    resource_transport_record,
    resource_usda_commodity_map,
    rgb_record,
    soil_type,
    source_type,
    strain,
    technical_assumption,
    ultimate_record,
    unit,
    usda_census_record,
    usda_commodity,
    usda_domain,
    usda_market_record,
    usda_market_report,
    usda_statistic_category,
    usda_survey_program,
    usda_survey_record,
    usda_term_map,
    use_case,
    xrd_record,
    xrf_record,
);
