//! One writer per base table, in foreign-key order. Each writes the columns its
//! [`Target`] names, in that order; `COPY` names the same columns, so a column
//! added to a table later (and not yet generated) takes its default.

use crate::copy::{epoch_secs, Loader, Row, Sink, Target};
use crate::rng::stream;
use crate::vocab::{
    self, kind, method, param, unit, ANALYSES, COUNTIES, CROPS, END_USES, END_USE_VALUES,
    EXTRA_COMMODITIES, FERMENTATION_HOURS, FERMENTATION_PRODUCTS, FERMENTATION_PROGRESS, METHODS,
    PARAMETERS, RESOURCE_CLASSES, RESOURCE_SUBCLASSES, SCENARIOS, STATE_GEOID, STRAINS, UNITS,
    VESSELS,
};
use crate::world::{base_time, World};
use crate::Error;

/// `etl_run_id` of every generated row.
const ETL_RUN: i64 = 1;
/// Dataset ids of the non-laboratory tables (the column has no foreign key).
const DATASET_END_USE: i64 = 30;
const DATASET_LOGISTICS: i64 = 40;
const DATASET_CENSUS: i64 = 50;
const DATASET_SURVEY: i64 = 51;
const DATASET_COUNTY_REPORTS: i64 = 52;
const DATASET_MARKET: i64 = 60;
/// `dimension_type_id` of time-course observations (no foreign key).
const DIMENSION_TIME: i64 = 1;

pub const CENSUS_YEARS: std::ops::RangeInclusive<i64> = 2012..=2023;

/// The tables the generator loads and the columns it writes, in load order
/// (parents first). A column of the schema that is not listed is left to its
/// default; see [`crate::generated_columns`].
pub fn targets() -> Vec<Target> {
    vec![
        target::PLACE,
        target::UNIT,
        target::RESOURCE_CLASS,
        target::RESOURCE_SUBCLASS,
        target::PRIMARY_AG_PRODUCT,
        target::USE_CASE,
        target::DECON_VESSEL,
        target::STRAIN,
        target::METHOD,
        target::PARAMETER,
        target::PROVIDER,
        target::USDA_COMMODITY,
        target::RESOURCE,
        target::RESOURCE_MORPHOLOGY,
        target::LOCATION_ADDRESS,
        target::FIELD_SAMPLE,
        target::PREPARED_SAMPLE,
        target::COMPOSITIONAL_RECORD,
        target::PROXIMATE_RECORD,
        target::ULTIMATE_RECORD,
        target::XRF_RECORD,
        target::ICP_RECORD,
        target::CALORIMETRY_RECORD,
        target::XRD_RECORD,
        target::FTNIR_RECORD,
        target::FERMENTATION_RECORD,
        target::GASIFICATION_RECORD,
        target::PRETREATMENT_RECORD,
        target::RESOURCE_AVAILABILITY,
        target::RESOURCE_TRANSPORT_RECORD,
        target::RESOURCE_STORAGE_RECORD,
        target::RESOURCE_END_USE_RECORD,
        target::BILLION_TON2023_RECORD,
        target::RESOURCE_USDA_COMMODITY_MAP,
        target::USDA_MARKET_REPORT,
        target::USDA_MARKET_RECORD,
        target::USDA_CENSUS_RECORD,
        target::OBSERVATION,
    ]
}

/// One [`Target`] per table; its row writer below writes these columns in this order.
mod target {
    use crate::copy::{copy_target, Target};

    pub const PLACE: Target = copy_target!(place(
        geoid,
        state_name,
        state_fips,
        county_name,
        county_fips,
        region_name,
        agg_level_desc
    ));
    pub const UNIT: Target = copy_target!(unit(id, name, description, uri));
    pub const RESOURCE_CLASS: Target = copy_target!(resource_class(id, name, description, uri));
    pub const RESOURCE_SUBCLASS: Target =
        copy_target!(resource_subclass(id, name, description, uri));
    pub const PRIMARY_AG_PRODUCT: Target =
        copy_target!(primary_ag_product(id, name, description, uri));
    pub const USE_CASE: Target = copy_target!(use_case(id, name, description, uri));
    pub const DECON_VESSEL: Target = copy_target!(decon_vessel(
        id,
        name,
        description,
        uri,
        vessel_uuid,
        serial_number,
        volume_numeric_per_well,
        volume_unit
    ));
    pub const STRAIN: Target = copy_target!(strain(id, name, description, uri, parent_strain_id));
    pub const METHOD: Target = copy_target!(method(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        name,
        method_abbrev_id,
        method_category_id,
        method_standard_id,
        description,
        detection_limits,
        source_id
    ));
    pub const PARAMETER: Target = copy_target!(parameter(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        name,
        standard_unit_id,
        calculated,
        description
    ));
    pub const PROVIDER: Target = copy_target!(provider(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        codename
    ));
    pub const USDA_COMMODITY: Target = copy_target!(usda_commodity(
        id,
        name,
        description,
        uri,
        usda_source,
        usda_code,
        parent_commodity_id
    ));
    pub const RESOURCE: Target = copy_target!(resource(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        name,
        primary_ag_product_id,
        resource_class_id,
        resource_subclass_id,
        resource_code,
        description,
        uri
    ));
    pub const RESOURCE_MORPHOLOGY: Target =
        copy_target!(resource_morphology(id, resource_id, morphology_uri));
    pub const LOCATION_ADDRESS: Target = copy_target!(location_address(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        geography_id,
        address_line1,
        address_line2,
        city,
        zip,
        lat,
        lon,
        is_anonymous
    ));
    pub const FIELD_SAMPLE: Target = copy_target!(field_sample(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        name,
        resource_id,
        provider_id,
        collector_id,
        sample_collection_source,
        amount_collected,
        amount_collected_unit_id,
        sampling_location_id,
        field_storage_method_id,
        field_storage_duration_value,
        field_storage_duration_unit_id,
        field_storage_location_id,
        collection_timestamp,
        collection_method_id,
        harvest_method_id,
        harvest_date,
        field_sample_storage_location_id,
        note
    ));
    pub const PREPARED_SAMPLE: Target = copy_target!(prepared_sample(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        name,
        field_sample_id,
        prep_method_id,
        prep_date,
        preparer_id,
        note
    ));
    pub const COMPOSITIONAL_RECORD: Target = copy_target!(compositional_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note
    ));
    pub const PROXIMATE_RECORD: Target = copy_target!(proximate_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note
    ));
    pub const ULTIMATE_RECORD: Target = copy_target!(ultimate_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note
    ));
    pub const XRF_RECORD: Target = copy_target!(xrf_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note,
        wavelength_nm,
        intensity,
        energy_slope,
        energy_offset
    ));
    pub const ICP_RECORD: Target = copy_target!(icp_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note
    ));
    pub const CALORIMETRY_RECORD: Target = copy_target!(calorimetry_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note
    ));
    pub const XRD_RECORD: Target = copy_target!(xrd_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note,
        scan_low_nm,
        scan_high_nm
    ));
    pub const FTNIR_RECORD: Target = copy_target!(ftnir_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note
    ));
    pub const FERMENTATION_RECORD: Target = copy_target!(fermentation_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note,
        strain_id,
        pretreatment_method_id,
        eh_method_id,
        well_position,
        vessel_id,
        analyte_detection_equipment_id
    ));
    pub const GASIFICATION_RECORD: Target = copy_target!(gasification_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note,
        reactor_type_id
    ));
    pub const PRETREATMENT_RECORD: Target = copy_target!(pretreatment_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        experiment_id,
        resource_id,
        prepared_sample_id,
        technical_replicate_no,
        technical_replicate_total,
        method_id,
        analyst_id,
        raw_data_id,
        qc_pass,
        note,
        pretreatment_method_id,
        eh_method_id,
        reaction_block_id,
        block_position,
        temperature,
        replicate_no
    ));
    pub const RESOURCE_AVAILABILITY: Target = copy_target!(resource_availability(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        resource_id,
        geoid,
        from_month,
        to_month,
        year_round,
        residue_factor_dry_tons_acre,
        residue_factor_wet_tons_acre,
        note
    ));
    pub const RESOURCE_TRANSPORT_RECORD: Target = copy_target!(resource_transport_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        dataset_id,
        method_id,
        geoid,
        transport_description,
        resource_id,
        note
    ));
    pub const RESOURCE_STORAGE_RECORD: Target = copy_target!(resource_storage_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        dataset_id,
        method_id,
        geoid,
        storage_description,
        resource_id,
        note
    ));
    pub const RESOURCE_END_USE_RECORD: Target = copy_target!(resource_end_use_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        dataset_id,
        method_id,
        geoid,
        resource_id,
        use_case_id,
        note
    ));
    pub const BILLION_TON2023_RECORD: Target = copy_target!(billion_ton2023_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        subclass_id,
        resource_id,
        geoid,
        county_square_miles,
        model_name,
        scenario_name,
        price_offered_usd,
        production,
        production_unit_id,
        btu_ton,
        production_energy_content,
        energy_content_unit_id,
        product_density_dtpersqmi,
        land_source
    ));
    pub const RESOURCE_USDA_COMMODITY_MAP: Target = copy_target!(resource_usda_commodity_map(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        resource_id,
        primary_ag_product_id,
        usda_commodity_id,
        match_tier,
        note
    ));
    pub const USDA_MARKET_REPORT: Target = copy_target!(usda_market_report(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        slug_id,
        slug_name,
        report_series_title,
        frequency,
        office_name,
        office_city_id,
        office_state_fips,
        source_id
    ));
    pub const USDA_MARKET_RECORD: Target = copy_target!(usda_market_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        report_id,
        dataset_id,
        report_begin_date,
        report_end_date,
        report_date,
        commodity_id,
        market_type_id,
        market_type_category,
        grp,
        market_category_id,
        class_,
        grade,
        variety,
        protein_pct,
        application,
        pkg,
        sale_type,
        price_unit_id,
        freight,
        trans_mode
    ));
    pub const USDA_CENSUS_RECORD: Target = copy_target!(usda_census_record(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        dataset_id,
        geoid,
        commodity_code,
        year,
        source_reference,
        note
    ));
    pub const OBSERVATION: Target = copy_target!(observation(
        id,
        created_at,
        updated_at,
        etl_run_id,
        lineage_group_id,
        record_id,
        dataset_id,
        record_type,
        parameter_id,
        value,
        unit_id,
        dimension_type_id,
        dimension_value,
        dimension_unit_id,
        note
    ));
}

/// `id, created_at, updated_at, etl_run_id, lineage_group_id` of an entity row.
fn entity(row: &mut Row<'_>, id: i64, created: i64, updated: i64) {
    row.int(id).ts(created).ts(updated).int(ETL_RUN).null();
}

fn lookup(row: &mut Row<'_>, id: i64, name: &str, description: &str, uri_kind: &str) {
    row.int(id).text(name).text(description).text(&format!(
        "https://example.org/biositing/{uri_kind}/{}",
        slug(name)
    ));
}

fn slug(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut dash = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            dash = false;
        } else if !dash && !out.is_empty() {
            out.push('-');
            dash = true;
        }
    }
    out.trim_end_matches('-').to_string()
}

pub fn load_all(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    lookups(world, l)?;
    resources(world, l)?;
    places_and_samples(world, l)?;
    records(world, l)?;
    resource_facts(world, l)?;
    usda(world, l)?;
    observations(world, l)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Lookups
// ---------------------------------------------------------------------------

fn lookups(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    l.table(target::PLACE, |s| {
        s.push(|row| {
            row.text(STATE_GEOID)
                .text("California")
                .text("06")
                .null()
                .text("000")
                .text("California")
                .text("STATE");
        })?;
        for c in &COUNTIES {
            s.push(|row| {
                row.text(c.geoid)
                    .text("California")
                    .text("06")
                    .text(c.name)
                    .text(&c.geoid[2..])
                    .text(c.region)
                    .text("COUNTY");
            })?;
        }
        Ok(())
    })?;
    l.table(target::UNIT, |s| {
        for (id, name, description) in &UNITS {
            s.push(|row| lookup(row, i64::from(*id), name, description, "units"))?;
        }
        Ok(())
    })?;
    l.table(target::RESOURCE_CLASS, |s| {
        for (i, (name, description)) in RESOURCE_CLASSES.iter().enumerate() {
            s.push(|row| lookup(row, i as i64 + 1, name, description, "classes"))?;
        }
        Ok(())
    })?;
    l.table(target::RESOURCE_SUBCLASS, |s| {
        for (i, (name, description)) in RESOURCE_SUBCLASSES.iter().enumerate() {
            s.push(|row| lookup(row, i as i64 + 1, name, description, "subclasses"))?;
        }
        Ok(())
    })?;
    l.table(target::PRIMARY_AG_PRODUCT, |s| {
        for (i, crop) in CROPS.iter().enumerate() {
            let description = format!("California {} grown for market", crop.product);
            s.push(|row| lookup(row, i as i64 + 1, crop.product, &description, "products"))?;
        }
        Ok(())
    })?;
    l.table(target::USE_CASE, |s| {
        for (i, (name, description)) in END_USES.iter().enumerate() {
            s.push(|row| lookup(row, i as i64 + 1, name, description, "use-cases"))?;
        }
        Ok(())
    })?;
    l.table(target::DECON_VESSEL, |s| {
        for (i, (name, description, volume, volume_unit)) in VESSELS.iter().enumerate() {
            let mut rng = world.rng(&[stream::MORPHOLOGY, 900, i as u64]);
            let uuid = format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                rng.next_u64() as u32,
                rng.next_u64() as u16,
                rng.next_u64() & 0xfff,
                rng.next_u64() & 0xfff,
                rng.next_u64() & 0xffff_ffff_ffff
            );
            s.push(|row| {
                lookup(row, i as i64 + 1, name, description, "vessels");
                row.text(&uuid)
                    .text(&format!("SN-{:05}", 1000 + i * 37))
                    .opt_num(*volume, 1)
                    .opt_text(*volume_unit);
            })?;
        }
        Ok(())
    })?;
    l.table(target::STRAIN, |s| {
        for (i, (name, description, parent)) in STRAINS.iter().enumerate() {
            s.push(|row| {
                lookup(row, i as i64 + 1, name, description, "strains");
                row.opt_int(*parent);
            })?;
        }
        Ok(())
    })?;
    let created = base_time() - 400 * 86_400;
    l.table(target::METHOD, |s| {
        for (id, name, category, description) in &METHODS {
            s.push(|row| {
                entity(row, i64::from(*id), created, created);
                row.text(name)
                    .int(100 + i64::from(*id)) // method_abbrev_id
                    .int(*category)
                    .opt_int((*category == 1).then_some(i64::from(*id))) // method_standard_id
                    .text(description)
                    .opt_text((*category == 1).then_some("see laboratory SOP"))
                    .int(1); // source_id
            })?;
        }
        Ok(())
    })?;
    l.table(target::PARAMETER, |s| {
        for p in &PARAMETERS {
            s.push(|row| {
                entity(row, i64::from(p.id), created, created);
                row.text(p.name)
                    .opt_int(p.unit)
                    .boolean(p.calculated)
                    .text(p.description);
            })?;
        }
        Ok(())
    })?;
    l.table(target::PROVIDER, |s| {
        const KINDS: [&str; 6] = [
            "grower",
            "huller",
            "processor",
            "winery",
            "mill",
            "cooperative",
        ];
        for id in 1..=world.providers {
            let mut rng = world.rng(&[stream::PROVIDER, id as u64]);
            let kind = rng.pick(&KINDS).copied().unwrap_or("grower");
            s.push(|row| {
                entity(row, i64::from(id), created, created);
                row.text(&format!("{kind}-{id:03}"));
            })?;
        }
        Ok(())
    })?;
    l.table(target::USDA_COMMODITY, |s| {
        for (i, crop) in CROPS.iter().enumerate() {
            s.push(|row| {
                lookup(
                    row,
                    i as i64 + 1,
                    crop.commodity,
                    &format!("All {} reported by NASS", crop.product),
                    "commodities",
                );
                row.text("NASS")
                    .text(&format!("{}", 11_000 + i * 10))
                    .null();
            })?;
        }
        for (j, (name, source, parent, _)) in EXTRA_COMMODITIES.iter().enumerate() {
            let id = (CROPS.len() + 1 + j) as i64;
            s.push(|row| {
                lookup(
                    row,
                    id,
                    name,
                    &format!("{name} as reported by {source}"),
                    "commodities",
                );
                row.text(source)
                    .text(&format!("{}", 20_000 + j * 10))
                    .opt_int(parent.map(|p| p as i64 + 1));
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Resources, places, samples
// ---------------------------------------------------------------------------

fn resources(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    l.table(target::RESOURCE, |s| {
        for (r, res) in world.resources.iter().enumerate() {
            let residue = res.residue();
            let mut rng = world.rng(&[stream::RESOURCE, r as u64]);
            let created = base_time() - 300 * 86_400 + rng.int(0, 30 * 86_400);
            let updated = created + rng.int(0, 200 * 86_400);
            let description = if res.variant == 0 {
                format!("{}.", residue.blurb)
            } else {
                format!("{}; this lot is tracked separately.", residue.blurb)
            };
            let uri = rng.chance(0.75).then(|| {
                format!(
                    "https://example.org/biositing/literature/{}",
                    res.code.to_lowercase()
                )
            });
            s.push(|row| {
                entity(row, i64::from(res.id), created, updated);
                row.text(&res.name)
                    .opt_int(residue.crop.map(|c| c as i64 + 1))
                    .opt_int(residue.class.map(|c| c as i64 + 1))
                    .opt_int(residue.subclass.map(|c| c as i64 + 1))
                    .text(&res.code)
                    .text(&description)
                    .opt_text(uri.as_deref());
            })?;
        }
        Ok(())
    })?;
    // Exactly one morphology row per resource: more would duplicate rows of
    // mv_biomass_search and break its unique index.
    l.table(target::RESOURCE_MORPHOLOGY, |s| {
        for (r, res) in world.resources.iter().enumerate() {
            let mut rng = world.rng(&[stream::MORPHOLOGY, r as u64]);
            let uri = rng.chance(0.85).then(|| {
                format!(
                    "https://example.org/biositing/images/{}.jpg",
                    res.code.to_lowercase()
                )
            });
            s.push(|row| {
                row.int(res.id).int(res.id).opt_text(uri.as_deref());
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn places_and_samples(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    const ROADS: [&str; 8] = [
        "Orchard",
        "Levee",
        "Canal",
        "Mill",
        "Packing House",
        "Huller",
        "Section Line",
        "Slough",
    ];
    l.table(target::LOCATION_ADDRESS, |s| {
        for a in &world.addresses {
            let mut rng = world.rng(&[stream::ADDRESS, a.id as u64]);
            let created = base_time() - 250 * 86_400 + rng.int(0, 100 * 86_400);
            let number = rng.int(100, 29_999);
            let road = rng.pick(&ROADS).copied().unwrap_or("Orchard");
            let anonymous = a.county.is_none() || rng.chance(0.3);
            s.push(|row| {
                entity(row, i64::from(a.id), created, created);
                match a.county.map(|c| &COUNTIES[c]) {
                    Some(c) => {
                        row.text(c.geoid)
                            .text(&format!("{number} {road} Rd"))
                            .opt_text((a.slot == 1).then_some("Gate 2"))
                            .text(c.town)
                            .text(&format!("{}{:02}", c.zip3, rng.int(0, 99)))
                            .float(c.lat + rng.range(-0.15, 0.15), 5)
                            .float(c.lon + rng.range(-0.15, 0.15), 5)
                            .boolean(anonymous);
                    }
                    None => {
                        row.null()
                            .text(&format!("withheld site {}-{}", a.step + 1, a.slot + 1))
                            .null()
                            .null()
                            .null()
                            .null()
                            .null()
                            .boolean(true);
                    }
                }
            })?;
        }
        Ok(())
    })?;
    const SOURCES: [&str; 4] = ["field", "huller", "processing plant", "storage pile"];
    l.table(target::FIELD_SAMPLE, |s| {
        for fs in &world.field_samples {
            let res = &world.resources[fs.resource];
            let mut rng = world.rng(&[stream::FIELD_SAMPLE, 1, fs.id as u64]);
            let collected = base_time() - 220 * 86_400 + rng.int(0, 500 * 86_400);
            let harvest_day = collected / 86_400 - rng.int(0, 20);
            let stored_days = rng.int(0, 14);
            s.push(|row| {
                entity(row, i64::from(fs.id), collected + 3600, collected + 3600);
                row.text(&format!("{}-FS{:02}", res.code, fs.number + 1))
                    .int(res.id)
                    .int(rng.int(1, i64::from(world.providers)))
                    .int(rng.int(1, 20)) // collector_id
                    .text(rng.pick(&SOURCES).copied().unwrap_or("field"))
                    .num(rng.range(0.5, 25.0), 2)
                    .int(unit::KG)
                    .opt_int(fs.location)
                    .int(rng.int(1, 4)) // field_storage_method_id
                    .num(stored_days as f64, 1)
                    .int(unit::DAYS)
                    .opt_int(if rng.chance(0.5) { fs.location } else { None })
                    .ts(collected)
                    .int(rng.int(1, 3)) // collection_method_id
                    .int(rng.int(1, 3)) // harvest_method_id
                    .date(harvest_day)
                    .null() // field_sample_storage_location_id
                    .opt_text(rng.chance(0.1).then_some("collected after rain"));
            })?;
        }
        Ok(())
    })?;
    l.table(target::PREPARED_SAMPLE, |s| {
        for ps in &world.prepared_samples {
            let mut rng = world.rng(&[stream::PREPARED_SAMPLE, ps.id as u64]);
            let prepared = base_time() - 150 * 86_400 + rng.int(0, 500 * 86_400);
            s.push(|row| {
                entity(row, i64::from(ps.id), prepared, prepared);
                row.text(&ps.name)
                    .opt_int(ps.field_sample)
                    .int(rng.int(1, 3)) // prep_method_id
                    .date(prepared / 86_400)
                    .int(rng.int(1, 6)) // preparer_id
                    .opt_text(
                        rng.chance(0.08)
                            .then_some("milled to pass a 2 mm screen, oven dried"),
                    );
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Laboratory records
// ---------------------------------------------------------------------------

fn records(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    let targets = [
        target::COMPOSITIONAL_RECORD,
        target::PROXIMATE_RECORD,
        target::ULTIMATE_RECORD,
        target::XRF_RECORD,
        target::ICP_RECORD,
        target::CALORIMETRY_RECORD,
        target::XRD_RECORD,
        target::FTNIR_RECORD,
        target::FERMENTATION_RECORD,
        target::GASIFICATION_RECORD,
        target::PRETREATMENT_RECORD,
    ];
    for (k, target) in targets.into_iter().enumerate() {
        debug_assert_eq!(target.table, ANALYSES[k].table);
        l.table(target, |s| {
            let mut id = 0i64;
            for (r, res) in world.resources.iter().enumerate() {
                for seq in 0..world.record_counts[r][k] {
                    id += 1;
                    let rec = world.record(k, r, seq);
                    let mut set = rec.set_rng.clone();
                    s.push(|row| {
                        entity(row, id, rec.created, rec.updated);
                        row.text(&rec.code)
                            .int(rec.dataset)
                            .int(rec.experiment)
                            .int(res.id)
                            .opt_int(rec.prepared_sample)
                            .int(rec.replicate)
                            .int(3)
                            .int(ANALYSES[k].method)
                            .int(rec.analyst)
                            .opt_int(rec.raw_data)
                            .opt_text(rec.qc_pass)
                            .opt_text(rec.note);
                        record_extras(row, k, &mut set, seq);
                    })?;
                }
            }
            Ok(())
        })?;
    }
    Ok(())
}

/// The kind-specific trailing columns; drawn from the replicate set's stream so
/// that the three replicates of a set share their conditions.
fn record_extras(row: &mut Row<'_>, k: usize, set: &mut crate::rng::Rng, seq: u32) {
    match k {
        kind::XRF => {
            row.num(set.range(0.05, 1.2), 4)
                .num(set.range(1_000.0, 90_000.0), 1)
                .num(set.range(0.0098, 0.0102), 6)
                .num(set.range(-0.05, 0.05), 4);
        }
        kind::XRD => {
            row.int(5).int(if set.chance(0.5) { 40 } else { 60 });
        }
        kind::FERMENTATION => {
            let strain = set.chance(0.95).then(|| set.int(1, STRAINS.len() as i64));
            let pretreatment = set.chance(0.9).then(|| {
                i64::from(method::FIRST_PRETREATMENT)
                    + set.int(0, i64::from(method::PRETREATMENT_COUNT) - 1)
            });
            let enzyme = set.chance(0.85).then(|| {
                i64::from(method::FIRST_ENZYME) + set.int(0, i64::from(method::ENZYME_COUNT) - 1)
            });
            let well = format!(
                "{}{}",
                char::from(b'A' + (seq % 8) as u8),
                1 + (seq / 8) % 12
            );
            // Temperature and agitation are drawn still (the real schema has no
            // columns for them) so that the draws after them stay the same.
            let _ = (
                set.pick(&[30.0, 32.0, 35.0, 37.0]),
                set.pick(&[150.0, 200.0, 250.0]),
            );
            row.opt_int(strain)
                .opt_int(pretreatment)
                .opt_int(enzyme)
                .text(&well)
                .int(if set.chance(0.5) { 4 } else { 5 })
                .int(set.int(1, 3));
        }
        kind::GASIFICATION => {
            // Feedstock mass, bed temperature and gas flow: drawn, not written
            // (no such columns in the real schema), as above.
            let _ = (
                set.range(0.5, 2.0),
                set.range(700.0, 900.0),
                set.range(10.0, 40.0),
            );
            row.opt_int(set.chance(0.95).then(|| set.int(1, 3)));
        }
        kind::PRETREATMENT => {
            let pretreatment = i64::from(method::FIRST_PRETREATMENT)
                + set.int(0, i64::from(method::PRETREATMENT_COUNT) - 1);
            let enzyme = set.chance(0.9).then(|| {
                i64::from(method::FIRST_ENZYME) + set.int(0, i64::from(method::ENZYME_COUNT) - 1)
            });
            row.int(pretreatment)
                .opt_int(enzyme)
                .int(6)
                .text(&format!("T{:02}", 1 + seq % 24))
                .num(set.range(120.0, 210.0), 1)
                .int(i64::from(seq % 3) + 1);
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Availability, logistics, end uses, Billion-Ton
// ---------------------------------------------------------------------------

fn shift_month(month: i32, by: i64) -> i64 {
    (i64::from(month) - 1 + by).rem_euclid(12) + 1
}

fn resource_facts(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    l.table(target::RESOURCE_AVAILABILITY, |s| {
        let mut id = 0i64;
        for (r, res) in world.resources.iter().enumerate() {
            let residue = res.residue();
            if residue.counties.is_empty() {
                continue;
            }
            let mut rng = world.rng(&[stream::AVAILABILITY, r as u64]);
            let created = base_time() - 100 * 86_400 + rng.int(0, 50 * 86_400);
            let factor = (residue.dry_tons_acre > 0.0)
                .then(|| residue.dry_tons_acre * (1.0 + 0.05 * rng.normal()));
            let wet = |dry: f64| dry / (1.0 - residue.moisture);
            // The statewide row, with the residue factors other counties fall back to.
            id += 1;
            s.push(|row| {
                entity(row, id, created, created);
                row.int(res.id)
                    .text(STATE_GEOID)
                    .int(residue.from_month)
                    .int(residue.to_month)
                    .boolean(residue.year_round)
                    .opt_num(factor, 3)
                    .opt_num(factor.map(wet), 3)
                    .text("statewide residue factor");
            })?;
            // County rows for a few of the counties that grow it.
            let mut counties: Vec<&str> = residue.counties.to_vec();
            let take = rng.int(1, 2.min(counties.len() as i64)) as usize;
            for _ in 0..take {
                let i = rng.index(counties.len());
                let geoid = counties.swap_remove(i);
                let shift = rng.int(-1, 1);
                let f = factor.map(|f| f * rng.range(0.8, 1.2));
                id += 1;
                s.push(|row| {
                    entity(row, id, created, created);
                    row.int(res.id)
                        .text(geoid)
                        .int(shift_month(residue.from_month, shift))
                        .int(shift_month(residue.to_month, shift))
                        .boolean(false)
                        .opt_num(f, 3)
                        .opt_num(f.map(wet), 3)
                        .null();
                })?;
            }
        }
        Ok(())
    })?;

    const TRANSPORT_NOTES: [&str; 3] = [
        "Loose material hauled {d} miles in self-unloading trailers to the nearest user",
        "Baled at the field edge and trucked about {d} miles on flatbeds",
        "Moved in bulk by dump truck, usually under {d} miles",
    ];
    const STORAGE_NOTES: [&str; 4] = [
        "Kept in tarped piles for up to {m} months; surface layer spoils in wet winters",
        "Bales stacked in covered barns, keeps {m} months or more",
        "Packed in silage bags while wet; stable for about {m} months",
        "Left in open windrows; use within {m} months",
    ];
    l.table(target::RESOURCE_TRANSPORT_RECORD, |s| {
        let mut id = 0i64;
        for (r, res) in world.resources.iter().enumerate() {
            let mut rng = world.rng(&[stream::LOGISTICS, 1, r as u64]);
            for _ in 0..rng.int(0, 2) {
                let m = rng.int(0, i64::from(method::TRANSPORT_COUNT) - 1);
                let text = TRANSPORT_NOTES[m as usize].replace("{d}", &rng.int(10, 80).to_string());
                let geoid = logistics_geoid(res.residue().counties, &mut rng);
                id += 1;
                s.push(|row| {
                    entity(row, id, base_time(), base_time());
                    row.int(DATASET_LOGISTICS)
                        .int(i64::from(method::FIRST_TRANSPORT) + m)
                        .opt_text(geoid)
                        .text(&text)
                        .int(res.id)
                        .null();
                })?;
            }
        }
        Ok(())
    })?;
    l.table(target::RESOURCE_STORAGE_RECORD, |s| {
        let mut id = 0i64;
        for (r, res) in world.resources.iter().enumerate() {
            let mut rng = world.rng(&[stream::LOGISTICS, 2, r as u64]);
            for _ in 0..rng.int(0, 2) {
                let m = rng.int(0, i64::from(method::STORAGE_COUNT) - 1);
                let text = STORAGE_NOTES[m as usize].replace("{m}", &rng.int(2, 12).to_string());
                let geoid = logistics_geoid(res.residue().counties, &mut rng);
                id += 1;
                s.push(|row| {
                    entity(row, id, base_time(), base_time());
                    row.int(DATASET_LOGISTICS)
                        .int(i64::from(method::FIRST_STORAGE) + m)
                        .opt_text(geoid)
                        .text(&text)
                        .int(res.id)
                        .null();
                })?;
            }
        }
        Ok(())
    })?;

    // At most one end-use record per (resource, use): a second one with another
    // percentage would duplicate a row of mv_biomass_end_uses' unique key.
    l.table(target::RESOURCE_END_USE_RECORD, |s| {
        let mut id = 0i64;
        for (r, res) in world.resources.iter().enumerate() {
            for (use_index, geoid, use_case) in end_uses(world, r) {
                id += 1;
                s.push(|row| {
                    entity(row, id, base_time(), base_time());
                    row.int(DATASET_END_USE)
                        .int(i64::from(method::FIRST_END_USE) + use_index as i64)
                        .opt_text(geoid)
                        .int(res.id)
                        .opt_int(use_case)
                        .null();
                })?;
            }
        }
        Ok(())
    })?;

    l.table(target::BILLION_TON2023_RECORD, |s| {
        let mut id = 0i64;
        for (r, res) in world.resources.iter().enumerate() {
            let residue = res.residue();
            if residue.counties.is_empty() || residue.dry_tons_acre <= 0.0 {
                continue;
            }
            let mut rng = world.rng(&[stream::BILLION_TON, r as u64]);
            let btu_ton = rng.int(13_500_000, 17_500_000);
            let n = residue.counties.len().min(4);
            for c in 0..n {
                let geoid = residue.counties[(c + res.variant) % residue.counties.len()];
                let Some(county) = vocab::county_index(geoid).map(|i| &COUNTIES[i]) else {
                    continue;
                };
                let acres = match residue.crop {
                    Some(crop) => rng.range(CROPS[crop].acres.0, CROPS[crop].acres.1),
                    None => rng.range(2_000.0, 10_000.0),
                };
                let potential = acres * residue.dry_tons_acre;
                for (scenario, price, share) in &SCENARIOS {
                    let production = (potential * share * rng.range(0.9, 1.1)).round() as i64;
                    let energy = production * btu_ton / 1_000_000;
                    id += 1;
                    let unit_known = rng.chance(0.95);
                    s.push(|row| {
                        entity(row, id, base_time(), base_time());
                        row.opt_int(residue.subclass.map(|c| c as i64 + 1))
                            .int(res.id)
                            .text(geoid)
                            .float(county.square_miles, 1)
                            .text("county residue supply model (synthetic)")
                            .text(scenario)
                            .num(*price, 2)
                            .int(production)
                            .opt_int(unit_known.then_some(i64::from(unit::DRY_TONS)))
                            .int(btu_ton)
                            .int(energy)
                            .int(unit::MMBTU)
                            .num(production as f64 / county.square_miles, 4)
                            .text(if residue.class == Some(2) {
                                "forestland"
                            } else {
                                "agricultural land"
                            });
                    })?;
                }
            }
        }
        // Rows without a resource, which the views' inner joins leave out.
        for step in 0..world.scale {
            id += 1;
            s.push(|row| {
                entity(row, id, base_time(), base_time());
                row.null()
                    .null()
                    .text(COUNTIES[step % COUNTIES.len()].geoid)
                    .float(COUNTIES[step % COUNTIES.len()].square_miles, 1)
                    .text("county residue supply model (synthetic)")
                    .text("near-term")
                    .num(40.0, 2)
                    .int(1200)
                    .int(unit::DRY_TONS)
                    .null()
                    .null()
                    .null()
                    .null()
                    .text("agricultural land");
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

fn logistics_geoid(
    counties: &'static [&'static str],
    rng: &mut crate::rng::Rng,
) -> Option<&'static str> {
    let roll = rng.unit();
    if roll < 0.5 {
        rng.pick(counties).copied()
    } else if roll < 0.8 {
        Some(STATE_GEOID)
    } else {
        None
    }
}

/// The end uses of resource `r`: `(position in END_USES, geoid, use_case_id)`,
/// distinct uses only.
pub fn end_uses(world: &World, r: usize) -> Vec<(usize, Option<&'static str>, Option<i64>)> {
    let res = &world.resources[r];
    let mut rng = world.rng(&[stream::END_USE, r as u64]);
    let mut uses: Vec<usize> = (0..END_USES.len()).collect();
    let n = rng.int(1, 4) as usize;
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let use_index = uses.swap_remove(rng.index(uses.len()));
        let geoid = logistics_geoid(res.residue().counties, &mut rng);
        let use_case = rng.chance(0.9).then_some(use_index as i64 + 1);
        out.push((use_index, geoid, use_case));
    }
    out
}

// ---------------------------------------------------------------------------
// USDA
// ---------------------------------------------------------------------------

/// A market report template: `(title, frequency, office, office county, category,
/// commodity ids)`.
#[allow(clippy::type_complexity)]
static REPORTS: [(&str, &str, &str, Option<&str>, &str, &[i64]); 4] = [
    (
        "California Hay Report (synthetic)",
        "weekly",
        "Sacramento field office",
        Some("06067"),
        "Hay",
        &[HAY, RICE_STRAW, WHEAT_STRAW],
    ),
    (
        "Central Valley Feedstuffs (synthetic)",
        "weekly",
        "Fresno field office",
        Some("06019"),
        "Feedstuffs",
        &[ALMOND_HULLS],
    ),
    (
        "California Grain Bids (synthetic)",
        "weekly",
        "Modesto field office",
        Some("06099"),
        "Grain",
        &[CORN_GRAIN],
    ),
    (
        "Western Byproducts Review (synthetic)",
        "monthly",
        "Western regional desk",
        None,
        "Byproducts",
        &[ALMOND_HULLS, RICE_STRAW],
    ),
];
const RECORDS_PER_REPORT: i64 = 60;
const CORN_GRAIN: i64 = vocab::COMMODITY_CORN_GRAIN as i64;
const ALMOND_HULLS: i64 = vocab::COMMODITY_ALMOND_HULLS as i64;
const RICE_STRAW: i64 = vocab::COMMODITY_RICE_STRAW as i64;
const WHEAT_STRAW: i64 = vocab::COMMODITY_WHEAT_STRAW as i64;
const HAY: i64 = vocab::COMMODITY_HAY as i64;

/// Mid price of a commodity in its report unit.
fn price_level(commodity: i64) -> (f64, i32) {
    let unit = EXTRA_COMMODITIES
        .get((commodity as usize).wrapping_sub(CROPS.len() + 1))
        .and_then(|c| c.3)
        .unwrap_or(unit::USD_TON);
    let level = match commodity {
        CORN_GRAIN => 11.0, // USD/cwt
        ALMOND_HULLS => 210.0,
        RICE_STRAW | WHEAT_STRAW => 85.0,
        _ => 260.0, // hay
    };
    (level, unit)
}

/// The census record `(crop, geoid, year, step)` grid, in id order.
fn census_grid(world: &World) -> impl Iterator<Item = (usize, &'static str, i64, usize)> + '_ {
    (0..world.scale).flat_map(|step| {
        CROPS.iter().enumerate().flat_map(move |(c, crop)| {
            std::iter::once(STATE_GEOID)
                .chain(crop.counties.iter().copied())
                .flat_map(move |geoid| CENSUS_YEARS.map(move |year| (c, geoid, year, step)))
        })
    })
}

fn market_grid(world: &World) -> impl Iterator<Item = (i64, usize, i64)> + '_ {
    // (report id, template, position in report)
    (0..world.scale).flat_map(|step| {
        (0..REPORTS.len()).flat_map(move |t| {
            let report = (step * REPORTS.len() + t) as i64 + 1;
            (0..RECORDS_PER_REPORT).map(move |i| (report, t, i))
        })
    })
}

fn usda(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    // Only the base resources are mapped, so census rows per (commodity, county,
    // year) times mapped resources stays linear in the scale.
    l.table(target::RESOURCE_USDA_COMMODITY_MAP, |s| {
        let mut id = 0i64;
        for res in world.resources.iter().filter(|r| r.variant == 0) {
            let residue = res.residue();
            let Some(crop) = residue.crop else { continue };
            let mut maps = vec![(crop as i64 + 1, "crop")];
            if let Some(traded) = residue.traded_as {
                maps.push((i64::from(traded), "residue"));
            }
            for (commodity, tier) in maps {
                id += 1;
                s.push(|row| {
                    entity(row, id, base_time(), base_time());
                    row.int(res.id)
                        .int(crop as i64 + 1)
                        .int(commodity)
                        .text(tier)
                        .null();
                })?;
            }
        }
        Ok(())
    })?;
    l.table(target::USDA_MARKET_REPORT, |s| {
        for step in 0..world.scale {
            for (t, (title, frequency, office, county, _, _)) in REPORTS.iter().enumerate() {
                let id = (step * REPORTS.len() + t) as i64 + 1;
                let office_city = county
                    .and_then(vocab::county_index)
                    .map(|c| world.address_in(c, step, 0));
                s.push(|row| {
                    entity(row, id, base_time(), base_time());
                    row.int(3000 + id)
                        .text(&format!(
                            "SYN_{}_{id:03}",
                            slug(title).to_uppercase().replace('-', "_")
                        ))
                        .text(title)
                        .text(frequency)
                        .text(office)
                        .opt_int(office_city)
                        .text("06")
                        .int(2);
                })?;
            }
        }
        Ok(())
    })?;
    l.table(target::USDA_MARKET_RECORD, |s| {
        let start = epoch_secs(2021, 1, 4);
        for (id, (report, t, i)) in market_grid(world).enumerate() {
            let id = id as i64 + 1;
            let (_, frequency, _, _, category, commodities) = REPORTS[t];
            let commodity = commodities[(i as usize) % commodities.len()];
            let (_, price_unit) = price_level(commodity);
            let mut rng = world.rng(&[stream::MARKET, id as u64]);
            let days = if frequency == "weekly" { 14 } else { 30 };
            let date = start + i * days * 86_400 + (report % 7) * 86_400;
            let grade = rng
                .pick(&["Supreme", "Premium", "Good", "Fair", "Utility"])
                .copied();
            s.push(|row| {
                entity(row, id, date + 86_400, date + 86_400);
                row.int(report)
                    .int(DATASET_MARKET)
                    .ts(date - 6 * 86_400)
                    .ts(date)
                    .ts(date)
                    .int(commodity)
                    .int(t as i64 + 1)
                    .text(category)
                    .text(if commodity == HAY {
                        "Alfalfa"
                    } else {
                        "Byproduct"
                    })
                    .int(rng.int(1, 4))
                    .opt_text((commodity == HAY).then_some("Large Square 3x4"))
                    .opt_text(grade)
                    .null()
                    .opt_num((commodity == HAY).then(|| rng.range(16.0, 23.0)), 1)
                    .text(if rng.chance(0.7) { "Dairy" } else { "Export" })
                    .text(if commodity == CORN_GRAIN {
                        "Bulk"
                    } else {
                        "Ton"
                    })
                    .text(if rng.chance(0.6) { "FOB" } else { "Delivered" })
                    .int(price_unit)
                    .text(if rng.chance(0.5) { "FOB" } else { "Delivered" })
                    .text(if rng.chance(0.9) { "Truck" } else { "Rail" });
            })?;
        }
        Ok(())
    })?;
    l.table(target::USDA_CENSUS_RECORD, |s| {
        for (id, (c, geoid, year, step)) in census_grid(world).enumerate() {
            let id = id as i64 + 1;
            let census_year = matches!(year, 2012 | 2017 | 2022);
            let (dataset, source) = match (step, census_year) {
                (0, true) => (DATASET_CENSUS, format!("NASS Census of Agriculture {year}")),
                (0, false) => (DATASET_SURVEY, format!("NASS county estimates {year}")),
                _ => (
                    DATASET_COUNTY_REPORTS,
                    format!("county agricultural commissioner crop report {year} (set {step})"),
                ),
            };
            let created = epoch_secs(year + 1, 3, 1);
            s.push(|row| {
                entity(row, id, created, created);
                row.int(dataset)
                    .text(geoid)
                    .int(c as i64 + 1)
                    .int(year)
                    .text(&source)
                    .opt_text((geoid == STATE_GEOID).then_some("state total"));
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Observations
// ---------------------------------------------------------------------------

struct Obs<'a> {
    record_id: &'a str,
    dataset: i64,
    record_type: &'a str,
    param: i32,
    value: Option<f64>,
    decimals: usize,
    unit: Option<i32>,
    dimension: Option<i64>,
    created: i64,
    note: Option<&'a str>,
}

fn observation_row(row: &mut Row<'_>, id: i64, o: &Obs<'_>) {
    entity(row, id, o.created, o.created);
    row.text(o.record_id)
        .int(o.dataset)
        .text(o.record_type)
        .int(o.param)
        .opt_num(o.value, o.decimals)
        .opt_int(o.unit);
    match o.dimension {
        Some(hours) => {
            row.int(DIMENSION_TIME)
                .num(hours as f64, 1)
                .int(unit::HOURS);
        }
        None => {
            row.null().null().null();
        }
    }
    row.opt_text(o.note);
}

fn observations(world: &World, l: &mut Loader<'_, '_>) -> Result<(), Error> {
    l.table(target::OBSERVATION, |s| {
        let mut id = 0i64;
        let mut emit = |s: &mut Sink<'_>, o: Obs<'_>| -> Result<(), Error> {
            id += 1;
            s.push(|row| observation_row(row, id, &o))
        };

        // Laboratory analyses.
        for (k, analysis) in ANALYSES.iter().enumerate() {
            for r in 0..world.resources.len() {
                for seq in 0..world.record_counts[r][k] {
                    let rec = world.record(k, r, seq);
                    let mut rng =
                        world.rng(&[stream::OBSERVATION, k as u64, r as u64, u64::from(seq)]);
                    if rng.chance(0.03) {
                        continue; // a record without observations
                    }
                    let created = rec.created + 86_400;
                    let base = Obs {
                        record_id: &rec.observed_code,
                        dataset: rec.dataset,
                        record_type: analysis.label,
                        param: 0,
                        value: None,
                        decimals: 2,
                        unit: None,
                        dimension: None,
                        created,
                        note: None,
                    };
                    if k == kind::FERMENTATION {
                        // The real schema keeps one observation per (record,
                        // parameter, unit): a product's titer at the end of the
                        // run, with its hour. The earlier points of the time
                        // course are drawn still, so later draws stay the same.
                        for product in FERMENTATION_PRODUCTS {
                            let final_titer = world.profile(r, product);
                            let mut last = None;
                            for (hours, progress) in
                                FERMENTATION_HOURS.into_iter().zip(FERMENTATION_PROGRESS)
                            {
                                let v = final_titer * progress * (1.0 + 0.05 * rng.normal());
                                last = Some((hours, v.max(0.0)));
                            }
                            if let Some((hours, v)) = last {
                                emit(
                                    s,
                                    Obs {
                                        param: product,
                                        value: Some(v),
                                        decimals: 3,
                                        unit: Some(unit::G_L),
                                        dimension: Some(hours),
                                        ..base
                                    },
                                )?;
                            }
                        }
                        let y =
                            world.profile(r, param::PRODUCT_YIELD) * (1.0 + 0.04 * rng.normal());
                        emit(
                            s,
                            Obs {
                                param: param::PRODUCT_YIELD,
                                value: Some(y),
                                decimals: 4,
                                unit: Some(unit::G_G),
                                ..base
                            },
                        )?;
                        continue;
                    }
                    for &p in analysis.params {
                        if rng.chance(0.04) {
                            continue; // not measured this time
                        }
                        let Some(def) = vocab::parameter(p) else {
                            continue;
                        };
                        let typical = world.profile(r, p);
                        let mut v = (typical * (1.0 + 0.04 * rng.normal())).max(0.0);
                        let (mut unit, mut decimals) = (def.unit, def.decimals);
                        if k == kind::ICP {
                            v *= 10_000.0; // percent to mg/kg
                            unit = Some(unit::MG_KG);
                            decimals = 1;
                        }
                        if rng.chance(0.01) {
                            unit = None; // unit not recorded
                        }
                        let below_limit = rng.chance(0.005);
                        emit(
                            s,
                            Obs {
                                param: p,
                                value: (!below_limit).then_some(v),
                                decimals,
                                unit,
                                note: below_limit.then_some("below detection limit"),
                                ..base
                            },
                        )?;
                    }
                }
            }
        }

        // USDA census: production and acreage.
        for (census_id, (c, geoid, year, step)) in census_grid(world).enumerate() {
            let census_id = (census_id + 1).to_string();
            let crop = &CROPS[c];
            let geo_key = geoid.parse::<u64>().unwrap_or(0);
            let mut rng = world.rng(&[stream::CENSUS, c as u64, geo_key, year as u64, step as u64]);
            let mut county_rng = world.rng(&[stream::CENSUS, c as u64, geo_key]);
            let mut acres = county_rng.range(crop.acres.0, crop.acres.1);
            if geoid == STATE_GEOID {
                acres *= crop.counties.len() as f64 * 1.6;
            }
            acres *= (1.0 + 0.02 * (year - 2017) as f64) * (1.0 + 0.04 * rng.normal());
            let yield_ = crop.tons_per_acre * (1.0 + 0.08 * rng.normal());
            let created = epoch_secs(year + 1, 3, 2);
            let base = Obs {
                record_id: &census_id,
                dataset: if matches!(year, 2012 | 2017 | 2022) {
                    DATASET_CENSUS
                } else {
                    DATASET_SURVEY
                },
                record_type: "usda_census_record",
                param: 0,
                value: None,
                decimals: 0,
                unit: None,
                dimension: None,
                created,
                note: None,
            };
            if rng.chance(0.97) {
                emit(
                    s,
                    Obs {
                        param: param::PRODUCTION,
                        value: Some((acres * yield_).round()),
                        unit: Some(unit::TONS),
                        ..base
                    },
                )?;
            }
            if rng.chance(0.97) {
                emit(
                    s,
                    Obs {
                        param: crop.acres_param,
                        value: Some(acres.round()),
                        unit: Some(unit::ACRES),
                        ..base
                    },
                )?;
            }
            if rng.chance(0.3) {
                emit(
                    s,
                    Obs {
                        param: param::YIELD_PER_ACRE,
                        value: Some(yield_),
                        decimals: 3,
                        unit: Some(unit::TONS_ACRE),
                        ..base
                    },
                )?;
            }
        }

        // USDA market prices, sometimes in both units.
        for (market_id, (_, t, i)) in market_grid(world).enumerate() {
            let market_id_num = market_id as u64 + 1;
            let market_id = market_id_num.to_string();
            let commodities = REPORTS[t].5;
            let commodity = commodities[i as usize % commodities.len()];
            let (level, price_unit) = price_level(commodity);
            let mut rng = world.rng(&[stream::MARKET, 1, market_id_num]);
            if rng.chance(0.02) {
                continue;
            }
            let mid = level * (1.0 + 0.12 * rng.normal());
            // The report's low-high range is drawn still (later draws stay the
            // same), but the real schema keeps one observation per (record,
            // parameter, unit): the mid price.
            let _spread = rng.range(0.02, 0.1);
            let base = Obs {
                record_id: &market_id,
                dataset: DATASET_MARKET,
                record_type: "usda_market_record",
                param: param::PRICE_RECEIVED,
                value: None,
                decimals: 2,
                unit: Some(price_unit),
                dimension: None,
                created: base_time(),
                note: None,
            };
            emit(
                s,
                Obs {
                    value: Some(mid),
                    ..base
                },
            )?;
            if rng.chance(0.25) {
                let (other, factor) = if price_unit == unit::USD_CWT {
                    (unit::USD_TON, 20.0)
                } else {
                    (unit::USD_CWT, 0.05)
                };
                emit(
                    s,
                    Obs {
                        value: Some(mid * factor),
                        unit: Some(other),
                        note: Some("converted"),
                        ..base
                    },
                )?;
            }
        }

        // End uses, under the parameter names of the original team's later
        // revision: share of volume (low, high), value in USD/ton (low, high)
        // and the trend, which is carried in the observation's note.
        const TRENDS: [&str; 3] = ["growing", "steady", "shrinking"];
        let mut end_use_id = 0u64;
        for r in 0..world.resources.len() {
            let uses = end_uses(world, r);
            let mut rng = world.rng(&[stream::END_USE, 1, r as u64]);
            let weights: Vec<f64> = uses.iter().map(|_| rng.range(0.2, 1.0)).collect();
            let total: f64 = weights.iter().sum();
            for (w, (use_index, ..)) in weights.into_iter().zip(&uses) {
                end_use_id += 1;
                let record_id = end_use_id.to_string();
                if rng.chance(0.08) {
                    continue; // no observations for this use
                }
                let share = 100.0 * w / total;
                let record_type = if rng.chance(0.9) {
                    "resource_end_use_record"
                } else {
                    "Resource_End_Use_Record"
                };
                let base = Obs {
                    record_id: &record_id,
                    dataset: DATASET_END_USE,
                    record_type,
                    param: param::RESOURCE_USE_PERC_LOW,
                    value: None,
                    decimals: 1,
                    unit: Some(unit::PERCENT),
                    dimension: None,
                    created: base_time(),
                    note: None,
                };
                let low = share * rng.range(0.75, 0.95);
                emit(
                    s,
                    Obs {
                        value: Some(low),
                        ..base
                    },
                )?;
                emit(
                    s,
                    Obs {
                        param: param::RESOURCE_USE_PERC_HIGH,
                        value: Some((share * rng.range(1.05, 1.25)).min(100.0)),
                        ..base
                    },
                )?;
                if rng.chance(0.2) {
                    // A second interview's share: drawn, not kept (one
                    // observation per record, parameter and unit).
                    let _ = rng.range(0.9, 1.1);
                }
                if rng.chance(0.85) {
                    let (floor, ceiling) = END_USE_VALUES[*use_index];
                    let middle = (floor + ceiling) / 2.0;
                    for (parameter, value) in [
                        (param::RESOURCE_VALUE_LOW, rng.range(floor, middle)),
                        (param::RESOURCE_VALUE_HIGH, rng.range(middle, ceiling)),
                    ] {
                        emit(
                            s,
                            Obs {
                                param: parameter,
                                value: Some(value),
                                decimals: 2,
                                unit: Some(unit::USD_TON),
                                ..base
                            },
                        )?;
                    }
                }
                if rng.chance(0.75) {
                    emit(
                        s,
                        Obs {
                            param: param::RESOURCE_USE_TREND,
                            decimals: 0,
                            unit: None,
                            note: Some(TRENDS[rng.index(TRENDS.len())]),
                            ..base
                        },
                    )?;
                }
            }
        }
        Ok(())
    })?;
    Ok(())
}
