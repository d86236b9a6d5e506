use std::process::ExitCode;

use biositing_db::migrations::{migrate, MigrateOptions};
use biositing_refresh::RefreshOptions;
use biositing_sample::SampleOptions;
use biositing_views::{
    mv_biomass_availability as availability, mv_biomass_composition as composition,
    mv_biomass_county_production as county_production, mv_biomass_end_uses as end_uses,
    mv_biomass_fermentation as fermentation, mv_biomass_gasification as gasification,
    mv_biomass_pricing as pricing, mv_biomass_sample_stats as sample_stats,
    mv_biomass_search as search, mv_usda_county_production as usda,
};
use clap::Args;
use diesel::prelude::*;

use crate::{Cli, EXIT_FAILED};

#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Load the synthetic sample dataset (skipped when the database already holds data)
    #[arg(long)]
    sample: bool,
    /// Size of the sample dataset: scale 1 is about 100,000 observations (1 to 1000)
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = super::sample_data::scale_parser())]
    scale: u32,
    #[command(flatten)]
    limits: super::migrate::LimitArgs,
}

/// Create, migrate, (load,) refresh, and show what the portal now sees.
pub fn run(cli: &Cli, args: &SetupArgs) -> anyhow::Result<ExitCode> {
    let url = cli.database_url()?;
    let limits = args.limits.limits(&url)?;
    let project = cli.project()?;
    let name = url.database().unwrap_or_default();
    if biositing_db::create_database(&url)? {
        println!("Created database \"{name}\" on {}.", url.server());
    } else {
        println!("Database \"{name}\" exists on {}.", url.server());
    }
    let mut conn = super::connect_primary(&url)?;

    let set = project.migrations().clone();
    super::migrate::refuse_unready_pending(&mut conn, &project)?;
    let options = MigrateOptions {
        limits: limits.clone(),
        ..MigrateOptions::default()
    };
    let report = migrate(&mut conn, &set, &options, &mut |event| {
        super::migrate::print_event(&event, &limits);
    })?;
    println!(
        "Migrations: {} applied now, {} in all.",
        report.migrations.len(),
        set.scripts().len()
    );

    if args.sample {
        let resources: i64 = biositing_models::schema::resource::table
            .count()
            .get_result(&mut conn)?;
        if resources == 0 {
            let options = SampleOptions {
                scale: args.scale,
                ..SampleOptions::default()
            };
            let summary = super::sample_data::load_with_progress(&mut conn, &options, true)?;
            println!("Sample data: {} rows loaded.", summary.total_rows);
        } else {
            println!(
                "Sample data: skipped, the database already holds {resources} resources (reload with `biositing sample-data --replace`)."
            );
        }
    }

    let cores = std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(1);
    let options = RefreshOptions {
        jobs: cores,
        ..RefreshOptions::default()
    };
    let refreshed = super::refresh::refresh_views::<&str>(&url, &[], options, true)?;
    super::refresh::print_summary(&refreshed);

    println!("\nWhat the portal's typed queries return:");
    if let Err(e) = print_examples(&mut conn) {
        println!("  (examples unavailable: {e})");
    }
    Ok(if refreshed.failed().next().is_some() {
        ExitCode::from(EXIT_FAILED)
    } else {
        ExitCode::SUCCESS
    })
}

fn show(label: &str, text: String) {
    println!("  {label:<48} {text}");
}

fn number(value: Option<&bigdecimal::BigDecimal>) -> String {
    value.map_or_else(
        || "-".into(),
        |v| {
            v.with_scale_round(2, bigdecimal::RoundingMode::HalfEven)
                .to_string()
        },
    )
}

/// The resource of a view's first row (by id): an argument for an example call.
macro_rules! first_resource_id {
    ($conn:expr, $view:ident :: $table:ident) => {
        $view::$table::table
            .select($view::$table::resource_id)
            .order($view::$table::id)
            .first::<Option<i32>>($conn)
            .optional()?
            .flatten()
    };
}

/// One example call of each typed query, with arguments picked from the data.
fn print_examples(conn: &mut PgConnection) -> QueryResult<()> {
    let query = search::SearchQuery {
        text: "almond".into(),
        resource_class: None,
        resource_subclass: None,
        primary_product: None,
        limit: 3,
        offset: 0,
    };
    let hits = search::search(conn, &query)?;
    let names: Vec<String> = hits
        .iter()
        .map(|h| {
            format!(
                "{} ({:.2})",
                h.resource.name.as_deref().unwrap_or("?"),
                h.rank
            )
        })
        .collect();
    show(
        "search(\"almond\", limit 3)",
        format!("{} hit(s): {}", hits.len(), names.join(", ")),
    );

    if let Some(id) = first_resource_id!(conn, composition::mv_biomass_composition) {
        let rows = composition::for_resource(conn, id, &composition::CompositionFilter::default())?;
        if let Some(r) = rows.first() {
            show(
                &format!("composition(resource {id})"),
                format!(
                    "{} row(s), e.g. {} {} in {}: avg {} {}",
                    rows.len(),
                    r.analysis_type.as_deref().unwrap_or("?"),
                    r.parameter_name.as_deref().unwrap_or("?"),
                    r.county.as_deref().unwrap_or("an unknown county"),
                    number(r.avg_value.as_ref()),
                    r.unit.as_deref().unwrap_or("")
                ),
            );
        }
    }

    if let Some(id) = first_resource_id!(conn, fermentation::mv_biomass_fermentation) {
        let rows = fermentation::for_resource(conn, id, None)?;
        if let Some(r) = rows.first() {
            show(
                &format!("fermentation(resource {id})"),
                format!(
                    "{} row(s), e.g. {} with {}: avg {} {}",
                    rows.len(),
                    r.product_name.as_deref().unwrap_or("?"),
                    r.strain_name.as_deref().unwrap_or("no strain"),
                    number(r.avg_value.as_ref()),
                    r.unit.as_deref().unwrap_or("")
                ),
            );
        }
    }

    if let Some(id) = first_resource_id!(conn, gasification::mv_biomass_gasification) {
        let rows = gasification::for_resource(conn, id, None)?;
        if let Some(r) = rows.first() {
            show(
                &format!("gasification(resource {id})"),
                format!(
                    "{} row(s), e.g. {} in {}: avg {} {}",
                    rows.len(),
                    r.parameter_name.as_deref().unwrap_or("?"),
                    r.reactor_type.as_deref().unwrap_or("an unknown reactor"),
                    number(r.avg_value.as_ref()),
                    r.unit.as_deref().unwrap_or("")
                ),
            );
        }
    }

    if let Some(id) = first_resource_id!(conn, county_production::mv_biomass_county_production) {
        let rows = county_production::for_resource(conn, id, None)?;
        let total: i64 = rows
            .iter()
            .filter_map(|r| r.production)
            .map(i64::from)
            .sum();
        show(
            &format!("county_production(resource {id})"),
            format!("{} row(s), {total} in all", rows.len()),
        );
    }

    if let Some(id) = first_resource_id!(conn, usda::mv_usda_county_production) {
        let rows = usda::for_resource(conn, id, None, 2017..=2023)?;
        show(
            &format!("usda_county_production(resource {id}, 2017-2023)"),
            format!("{} row(s)", rows.len()),
        );
    }

    let commodity: Option<Option<String>> = pricing::mv_biomass_pricing::table
        .select(pricing::mv_biomass_pricing::commodity_name)
        .first(conn)
        .optional()?;
    let year =
        |y: i32| chrono::NaiveDate::from_ymd_opt(y, 1, 1).and_then(|d| d.and_hms_opt(0, 0, 0));
    if let (Some(Some(commodity)), Some(from), Some(until)) = (commodity, year(1900), year(2200)) {
        let rows = pricing::for_commodity(conn, &commodity, None, from..until)?;
        if let Some(r) = rows.first() {
            show(
                &format!("pricing(\"{commodity}\")"),
                format!(
                    "{} row(s), e.g. {} {}",
                    rows.len(),
                    number(r.price_avg.as_ref()),
                    r.price_unit.as_deref().unwrap_or("")
                ),
            );
        }
    }

    if let Some(november) = availability::Month::new(11) {
        let rows = availability::in_season(conn, november)?;
        show(
            "availability in November",
            format!("{} resource(s) in season", rows.len()),
        );
    }

    let id: Option<i32> = end_uses::mv_biomass_end_uses::table
        .select(end_uses::mv_biomass_end_uses::resource_id)
        .first(conn)
        .optional()?;
    if let Some(id) = id {
        let rows = end_uses::for_resource(conn, id)?;
        let uses: Vec<&str> = rows.iter().map(|r| r.use_case.as_str()).collect();
        show(&format!("end_uses(resource {id})"), uses.join(", "));
        if let Some(stats) = sample_stats::for_resource(conn, id)? {
            show(
                &format!("sample_stats(resource {id})"),
                format!(
                    "{} sample(s), {} supplier(s), {} record(s)",
                    stats.sample_count.unwrap_or(0),
                    stats.supplier_count.unwrap_or(0),
                    stats.total_record_count.unwrap_or(0)
                ),
            );
        }
    }
    Ok(())
}
