//! `biositing adopt --from-alembic`: take over a database that the Python
//! (SQLModel/Alembic) stack built, without downtime for the portal.
//!
//! The database's Alembic revision says which of our base-table migrations it
//! already has ([`crate::alembic::KNOWN_REVISIONS`]); its base tables are
//! compared with what those create and they are recorded as applied (never
//! re-run). In one transaction, the base migrations it lacks and our other
//! hand-written migrations (refresh log, indexes, change tracking) run, the
//! portal views are built beside the old ones straight from their head
//! definitions, with every grant the old views had, and swapped in at its end,
//! the old views moved to [`BACKUP_SCHEMA`]; the historical view migrations are
//! recorded, not run, so no intermediate definition is ever visible. An
//! interrupted adopt leaves the database as it was, and a rerun completes it.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use biositing_db::migrations::{
    migrate, record_applied_without_running, status, MigrateEvent, MigrateOptions, MigrationLock,
    MigrationScript, MigrationSet, RunLimits,
};
use biositing_db::quote_ident;
use biositing_views::{PORTAL_SCHEMA, READONLY_ROLE};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde::Serialize;

use crate::history::FrozenViews;
use crate::{render, Error, Result};

/// Where the Python stack's views go when ours replace them.
pub const BACKUP_SCHEMA: &str = "data_portal_before_adopt";

/// The newest of the seed-state migrations whose result a database built by
/// the Python stack already holds: the seed base tables, the ten views, their
/// indexes and grants. Those, like every generated view migration, are
/// recorded, not run.
pub const PYTHON_STACK_STATE: &str = "2026-11-26-000004";

/// Scratch schema in which our base-table migration is applied, then rolled back.
const EXPECTED_SCHEMA: &str = "biositing_adopt_expected";
/// Scratch schema in which our view definitions are created empty to read their columns.
const CANDIDATE_SCHEMA: &str = "biositing_adopt_candidate";
/// Where an adoption lists what it found and left alone: `table T` or `column T.C`.
pub const NOT_MANAGED_TABLE: &str = "biositing_not_managed";

#[derive(Debug, Clone)]
pub struct AdoptOptions {
    pub dry_run: bool,
    pub accept_view_changes: bool,
    /// How long to wait for another migration run's advisory lock.
    pub lock_wait: Duration,
    /// How long a statement may wait for other sessions' locks (a base table a
    /// migration alters, a view swapped) before the attempt is retried.
    pub lock_timeout: Duration,
    /// Attempts of the swap transaction when readers hold the views too long.
    pub attempts: u32,
}

impl Default for AdoptOptions {
    fn default() -> Self {
        Self {
            dry_run: false,
            accept_view_changes: false,
            lock_wait: Duration::from_secs(60),
            lock_timeout: Duration::from_secs(5),
            attempts: 3,
        }
    }
}

/// A column of a view: name and PostgreSQL type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub name: String,
    pub sql_type: String,
}

/// What the portal gains and loses in one view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ViewChange {
    pub view: String,
    /// Whether the database has this view today.
    pub exists: bool,
    pub gained: Vec<Column>,
    pub lost: Vec<Column>,
    /// Same name, another type: (name, type now, type after).
    pub retyped: Vec<(String, String, String)>,
    /// The deployed rows against the head definition's, on the same data
    /// (`views try`'s comparison); `None` for a view the database lacks or
    /// never populated.
    pub rows: Option<RowChanges>,
    /// Our migrations that changed this view since the seed state, each a
    /// documented change or deviation (docs/view-changes.md) that may explain
    /// a difference.
    pub explained_by: Vec<String>,
}

/// Rows the portal would lose, gain or see changed in one view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowChanges {
    pub deployed_rows: i64,
    pub new_rows: i64,
    /// `unique_key` or `multiset` (when the key itself changed meaning).
    pub compared_by: crate::try_view::CompareBy,
    pub only_deployed: crate::try_view::RowSample,
    pub only_new: crate::try_view::RowSample,
    pub changed: crate::try_view::ChangedRows,
}

impl ViewChange {
    /// Whether readers would lose columns, see them retyped, lose rows or see
    /// values change: the adoption then needs `--accept-view-changes`.
    pub fn breaks_readers(&self) -> bool {
        !self.lost.is_empty()
            || !self.retyped.is_empty()
            || self
                .rows
                .as_ref()
                .is_some_and(|r| r.only_deployed.count > 0 || r.changed.count > 0)
    }
}

/// A grant on an old view, carried over to its replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grant {
    pub view: String,
    pub privilege: String,
    pub grantee: String,
}

/// The plan of an adoption (printed by `--dry-run`) and, after a run, its report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AdoptReport {
    /// `alembic_version.version_num`, when the table exists.
    pub alembic_revision: Option<String>,
    /// The database was adopted (or built by biositing) before this run.
    pub already_adopted: bool,
    /// Missing or different base-table objects: adoption is refused.
    pub base_table_differences: Vec<String>,
    /// Objects in the database that biositing neither created nor touches.
    pub not_managed: Vec<String>,
    /// Extensions our migrations need that the database lacks.
    pub extensions_to_create: Vec<String>,
    /// Migrations recorded as applied without being run.
    pub recorded: Vec<String>,
    pub view_changes: Vec<ViewChange>,
    pub grants_carried_over: Vec<Grant>,
    /// Views moved to [`BACKUP_SCHEMA`].
    pub backed_up: Vec<String>,
    /// Migrations run (or, in a dry run, to run) after the adoption.
    pub migrations: Vec<String>,
    pub dry_run: bool,
}

/// Progress of an adoption, for the caller to display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AdoptEvent<'a> {
    WaitingForLock,
    Planned(&'a AdoptReport),
    Building { view: &'a str },
    Swapping,
    SwapRetry { attempt: u32, error: String },
    Migrate(MigrateEvent<'a>),
}

/// What an adoption does with each migration of the set.
#[derive(Debug, Default)]
struct Classified<'a> {
    /// Base migrations the revision already has: compared, then recorded.
    present_base: Vec<&'a MigrationScript>,
    /// Base migrations the revision lacks and every other hand-written
    /// migration (a table a head view reads may come from either): run in the
    /// adoption's transaction, before the views are built.
    to_run: Vec<&'a MigrationScript>,
    /// The seed-state view migrations and every generated view migration:
    /// recorded, not run (the head definitions are built at once).
    views: Vec<&'a MigrationScript>,
}

/// Whether `script` only builds portal views: one of the seed-state view
/// migrations, or one that `migration generate` wrote.
fn is_view_migration(script: &MigrationScript, stack_state: &str) -> bool {
    let generated = script
        .up_sql()
        .lines()
        .next()
        .is_some_and(|l| l.starts_with("-- Generated by `biositing migration generate`"));
    generated || script.version() <= stack_state
}

fn classify<'a>(
    set: &'a MigrationSet,
    known: &crate::alembic::AlembicRevision,
) -> Result<Classified<'a>> {
    let stack_state = set.resolve(PYTHON_STACK_STATE)?.version().to_string();
    let name_of = |s: &MigrationScript| {
        s.folder()
            .split_once('_')
            .map_or(String::new(), |(_, n)| n.to_string())
    };
    let has = |name: &str| {
        crate::alembic::BASE_MIGRATIONS
            .iter()
            .position(|b| *b == name)
            .zip(
                crate::alembic::BASE_MIGRATIONS
                    .iter()
                    .position(|b| *b == known.base_migration),
            )
            .map(|(at, through)| at <= through)
    };
    let mut classified = Classified::default();
    for script in set.scripts() {
        match has(&name_of(script)) {
            Some(true) => classified.present_base.push(script),
            Some(false) => classified.to_run.push(script),
            None if is_view_migration(script, &stack_state) => classified.views.push(script),
            None => classified.to_run.push(script),
        }
    }
    if classified.present_base.is_empty() {
        return Err(Error::InvalidInput(
            "no base-table migration in this build".into(),
        ));
    }
    Ok(classified)
}

/// Adopts the database `conn` is connected to, or (`dry_run`) plans it.
pub fn adopt(
    conn: &mut PgConnection,
    set: &MigrationSet,
    options: &AdoptOptions,
    on_event: &mut dyn FnMut(AdoptEvent<'_>),
) -> Result<AdoptReport> {
    let lock = MigrationLock::acquire(conn, options.lock_wait, &mut |_holders| {
        on_event(AdoptEvent::WaitingForLock)
    })?;
    let outcome = plan_and_swap(conn, set, options, on_event);
    let released = lock.release(conn);
    let mut report = outcome?;
    released?;
    if !report.base_table_differences.is_empty() {
        return Err(Error::AdoptRefused(report.base_table_differences.clone()));
    }
    if report.dry_run {
        return Ok(report);
    }
    // Whatever is still pending (a rerun after an interrupted adoption, or
    // migrations newer than this build's classification): the runner takes
    // the lock again for itself.
    let migrated = migrate(
        conn,
        set,
        &MigrateOptions {
            limits: RunLimits {
                lock_wait: options.lock_wait,
                lock_timeout: options.lock_timeout,
                lock_retries: options.attempts.saturating_sub(1),
                ..RunLimits::default()
            },
            ..MigrateOptions::default()
        },
        &mut |e| on_event(AdoptEvent::Migrate(e)),
    )?;
    report.migrations.extend(migrated.migrations);
    Ok(report)
}

fn plan_and_swap(
    conn: &mut PgConnection,
    set: &MigrationSet,
    options: &AdoptOptions,
    on_event: &mut dyn FnMut(AdoptEvent<'_>),
) -> Result<AdoptReport> {
    let mut report = AdoptReport {
        alembic_revision: alembic_revision(conn)?,
        dry_run: options.dry_run,
        ..AdoptReport::default()
    };
    let state = status(conn, set)?;
    if !state.applied.is_empty() {
        let base = set.scripts().first();
        let adopted = base.is_some_and(|b| state.applied.iter().any(|a| a.version == b.version()));
        if !adopted {
            return Err(Error::InvalidInput(
                "biositing migrations are applied here, but not the base tables the Python stack's state corresponds to: this database was not built by the Python stack; use `biositing migrate`".into(),
            ));
        }
        report.already_adopted = true;
        report.migrations = state.pending.clone();
        return Ok(report);
    }
    let Some(revision) = report.alembic_revision.clone() else {
        return Err(Error::InvalidInput(
            "no alembic_version table: this database was not built by the Python stack (for an empty database, run `biositing migrate`)".into(),
        ));
    };
    let Some(known) = crate::alembic::known_revision(&revision) else {
        return Err(Error::InvalidInput(format!(
            "this database is at Alembic revision {revision}, which biositing does not know; it knows {}. Bring the database to one of those with the Python stack (`alembic upgrade <revision>`), then adopt it",
            crate::alembic::describe_known_revisions()
        )));
    };
    let classified = classify(set, known)?;
    let (differences, not_managed) = compare_base_tables(conn, &classified.present_base)?;
    report.base_table_differences = differences;
    report.not_managed = not_managed;
    let wanted: Vec<String> = classified
        .present_base
        .iter()
        .flat_map(|s| biositing_db::migrations::created_extensions(s.up_sql()))
        .collect();
    report.extensions_to_create =
        missing_extensions(conn, &wanted.iter().map(String::as_str).collect::<Vec<_>>())?;
    report.recorded = classified
        .present_base
        .iter()
        .chain(&classified.views)
        .map(|s| s.folder().to_string())
        .collect();
    report.recorded.sort();
    report.migrations = classified
        .to_run
        .iter()
        .map(|s| s.folder().to_string())
        .collect();

    let at_head = FrozenViews::replay(set);
    let live = live_views(conn)?;
    if report.base_table_differences.is_empty() {
        report.view_changes = view_changes(
            conn,
            set,
            &at_head,
            &live,
            &report,
            &classified,
            options.lock_timeout,
        )
        .map_err(|e| lock_timeout_given_up(e, options, 1))?;
    }
    report.grants_carried_over = grants_on(conn, &live)?;
    report.backed_up = live
        .iter()
        .filter(|v| at_head.get(v).is_some())
        .cloned()
        .collect();
    let clashes = backup_clashes(conn, &report.backed_up)?;
    if !clashes.is_empty() {
        return Err(Error::InvalidInput(format!(
            "{BACKUP_SCHEMA} already holds {}: remove the previous backup with `biositing adopt --drop-backup` first",
            clashes.join(", ")
        )));
    }
    on_event(AdoptEvent::Planned(&report));
    if options.dry_run || !report.base_table_differences.is_empty() {
        return Ok(report);
    }
    let breaking: Vec<&ViewChange> = report
        .view_changes
        .iter()
        .filter(|c| c.breaks_readers())
        .collect();
    if !breaking.is_empty() && !options.accept_view_changes {
        return Err(Error::ViewChangesNotAccepted(
            breaking.iter().map(|c| c.view.clone()).collect(),
        ));
    }

    let mut attempt = 1;
    loop {
        let outcome = conn.transaction::<(), Error, _>(|conn| {
            swap_in(conn, &at_head, &report, &classified, options, on_event)
        });
        match outcome {
            Ok(()) => return Ok(report),
            Err(e) if is_lock_timeout(&e) && attempt < options.attempts => {
                on_event(AdoptEvent::SwapRetry {
                    attempt,
                    error: e.to_string(),
                });
                attempt += 1;
            }
            Err(e) => return Err(lock_timeout_given_up(e, options, attempt)),
        }
    }
}

fn is_lock_timeout(error: &Error) -> bool {
    matches!(error, Error::Query(diesel::result::Error::DatabaseError(_, info))
        if info.message().contains("lock timeout"))
}

/// A lock timeout, once the adoption stops retrying, said as what it is.
fn lock_timeout_given_up(error: Error, options: &AdoptOptions, attempts: u32) -> Error {
    if is_lock_timeout(&error) {
        Error::AdoptLockTimeout {
            lock_timeout: options.lock_timeout,
            attempts,
        }
    } else {
        error
    }
}

/// What the adoption runs before it builds the head views, in its
/// transaction: the extensions and roles the migrations expect, what is not
/// managed, then the base migrations the revision lacks and every other
/// hand-written migration, in order. The plan runs the same in a transaction
/// it rolls back, so the head views it compares read what the swap's read.
/// A migration altering a base table waits at most `lock_timeout` for the
/// table's readers (and is retried with the whole transaction), so readers
/// never queue behind it.
fn run_before_views(
    conn: &mut PgConnection,
    report: &AdoptReport,
    classified: &Classified<'_>,
    lock_timeout: Duration,
    on_event: &mut dyn FnMut(AdoptEvent<'_>),
) -> Result<()> {
    let mut build = format!(
        "SET LOCAL lock_timeout = '{}ms';\n",
        lock_timeout.as_millis()
    );
    for extension in &report.extensions_to_create {
        build.push_str(&format!(
            "CREATE EXTENSION IF NOT EXISTS {};\n",
            quote_ident(extension)
        ));
    }
    // The role of migration 000004, created only if missing (it belongs to
    // the server), so that an owner without CREATEROLE adopts once it exists.
    build.push_str(&format!(
        "DO $$ BEGIN\n\
             IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READONLY_ROLE}') THEN\n\
                 CREATE ROLE {READONLY_ROLE} NOLOGIN;\n\
             END IF;\n\
         EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;\n\
         END $$;\n\
         CREATE SCHEMA IF NOT EXISTS {PORTAL_SCHEMA};\n\
         GRANT USAGE ON SCHEMA {PORTAL_SCHEMA} TO {READONLY_ROLE};\n"
    ));
    conn.batch_execute(&build)?;
    // What the hand-written migrations exclude from change tracking, then
    // those migrations (and the base migrations the revision lacks), in order.
    record_not_managed(conn, &report.not_managed)?;
    for script in &classified.to_run {
        on_event(AdoptEvent::Migrate(MigrateEvent::Applying {
            folder: script.folder(),
        }));
        let started = std::time::Instant::now();
        conn.batch_execute(script.up_sql())?;
        record_applied_without_running(conn, script)?;
        on_event(AdoptEvent::Migrate(MigrateEvent::Applied {
            folder: script.folder(),
            elapsed: started.elapsed(),
        }));
    }
    Ok(())
}

/// The transaction of the adoption: everything is built beside the old views,
/// then the old views are moved aside and the new ones renamed, last.
fn swap_in(
    conn: &mut PgConnection,
    frozen: &FrozenViews,
    report: &AdoptReport,
    classified: &Classified<'_>,
    options: &AdoptOptions,
    on_event: &mut dyn FnMut(AdoptEvent<'_>),
) -> Result<()> {
    run_before_views(conn, report, classified, options.lock_timeout, on_event)?;

    let replaced: BTreeSet<&str> = report.backed_up.iter().map(String::as_str).collect();
    let mut renames = String::new();
    for name in build_order(frozen) {
        let Some(view) = frozen.get(name) else {
            continue;
        };
        on_event(AdoptEvent::Building { view: name });
        let swapped = replaced.contains(name);
        let target = if swapped {
            renames.push_str(&render::rename_view(&render::temporary_name(name), name));
            render::temporary_name(name)
        } else {
            name.to_string()
        };
        let mut definition = view.definition.clone();
        for other in &replaced {
            definition =
                render::rename_references(&definition, other, &render::temporary_name(other));
        }
        let mut sql = render::create_view_from(&target, &definition);
        for index in &view.indexes {
            match render::index_name(index) {
                Some(index_name) if swapped => {
                    let temporary = render::temporary_name(index_name);
                    renames.push_str(&render::rename_index(&temporary, index_name));
                    sql.push_str(
                        &render::retarget_index(index, &temporary, &target)
                            .unwrap_or_else(|| index.clone()),
                    );
                }
                _ => sql.push_str(index),
            }
            sql.push('\n');
        }
        sql.push_str(&render::grant_select(&target));
        for grant in report.grants_carried_over.iter().filter(|g| g.view == name) {
            sql.push_str(&format!(
                "GRANT {} ON {PORTAL_SCHEMA}.{} TO {};\n",
                grant.privilege,
                quote_ident(&target),
                quote_ident(&grant.grantee)
            ));
        }
        conn.batch_execute(&sql)?;
    }
    let mut grantees: BTreeSet<&str> = BTreeSet::new();
    for grant in &report.grants_carried_over {
        grantees.insert(&grant.grantee);
    }
    let mut usage = String::new();
    for grantee in grantees.into_iter().filter(|g| *g != READONLY_ROLE) {
        // A direct grant on each replacement (above) and the schema: no role
        // membership, which would reach into every database of the cluster.
        usage.push_str(&format!(
            "GRANT USAGE ON SCHEMA {PORTAL_SCHEMA} TO {role};\n",
            role = quote_ident(grantee)
        ));
    }
    conn.batch_execute(&usage)?;
    for script in classified.present_base.iter().chain(&classified.views) {
        record_applied_without_running(conn, script)?;
    }

    on_event(AdoptEvent::Swapping);
    let mut swap = format!(
        "SET LOCAL lock_timeout = '{}ms';\nCREATE SCHEMA IF NOT EXISTS {BACKUP_SCHEMA};\n",
        options.lock_timeout.as_millis()
    );
    for name in &replaced {
        swap.push_str(&format!(
            "ALTER MATERIALIZED VIEW {PORTAL_SCHEMA}.{} SET SCHEMA {BACKUP_SCHEMA};\n",
            quote_ident(name)
        ));
    }
    swap.push_str(&renames);
    conn.batch_execute(&swap)?;
    Ok(())
}

/// Keeps the tables and columns the Python stack had beyond ours on record, so
/// The views in an order that builds a view after every portal view its
/// definition reads (`data_portal.<name>`), else by name.
fn build_order(frozen: &FrozenViews) -> Vec<&str> {
    let names: Vec<&str> = frozen.names().collect();
    let reads = |view: &str, other: &str| {
        view != other
            && frozen
                .get(view)
                .is_some_and(|v| v.definition.contains(&format!("{PORTAL_SCHEMA}.{other}")))
    };
    let mut ordered: Vec<&str> = Vec::new();
    while ordered.len() < names.len() {
        let before = ordered.len();
        for name in &names {
            if !ordered.contains(name)
                && names
                    .iter()
                    .all(|other| ordered.contains(other) || !reads(name, other))
            {
                ordered.push(name);
            }
        }
        if ordered.len() == before {
            // A cycle cannot be built by anyone; keep the rest by name.
            ordered.extend(
                names
                    .iter()
                    .filter(|n| !ordered.contains(n))
                    .copied()
                    .collect::<Vec<_>>(),
            );
        }
    }
    ordered
}

/// that `verify` knows them as not managed rather than as schema.rs drift.
fn record_not_managed(conn: &mut PgConnection, not_managed: &[String]) -> Result<()> {
    conn.batch_execute(&format!(
        "CREATE TABLE IF NOT EXISTS public.{NOT_MANAGED_TABLE} (\n\
             object text PRIMARY KEY,\n\
             recorded_at timestamptz NOT NULL DEFAULT now()\n\
         );\n\
         COMMENT ON TABLE public.{NOT_MANAGED_TABLE} IS 'biositing adopt: tables and columns kept from the Python stack, not managed by biositing';"
    ))?;
    for line in not_managed {
        let mut words = line.split(' ');
        let (Some(kind @ ("table" | "column")), Some(name)) = (words.next(), words.next()) else {
            continue;
        };
        diesel::sql_query(format!(
            "INSERT INTO public.{NOT_MANAGED_TABLE} (object) VALUES ($1) ON CONFLICT DO NOTHING"
        ))
        .bind::<Text, _>(format!("{kind} {name}"))
        .execute(conn)?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct Line {
    #[diesel(sql_type = Text)]
    line: String,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

fn alembic_revision(conn: &mut PgConnection) -> Result<Option<String>> {
    let exists: Vec<Name> = diesel::sql_query(
        "SELECT 'alembic_version'::text AS name WHERE to_regclass('public.alembic_version') IS NOT NULL",
    )
    .load(conn)?;
    if exists.is_empty() {
        return Ok(None);
    }
    let rows: Vec<Name> =
        diesel::sql_query("SELECT version_num::text AS name FROM public.alembic_version")
            .load(conn)?;
    Ok(Some(
        rows.into_iter()
            .map(|r| r.name)
            .collect::<Vec<_>>()
            .join(", "),
    ))
}

fn missing_extensions(conn: &mut PgConnection, wanted: &[&str]) -> Result<Vec<String>> {
    let present: Vec<Name> =
        diesel::sql_query("SELECT extname::text AS name FROM pg_extension").load(conn)?;
    Ok(wanted
        .iter()
        .filter(|w| !present.iter().any(|p| p.name == **w))
        .map(|w| w.to_string())
        .collect())
}

/// Lines describing the tables of `schema`: `table T`, `column T.c type[ not null]`,
/// `constraint T <definition>`, `index T <definition without name>`. Schema
/// names are left out of definitions so that two schemas compare.
fn table_catalog(conn: &mut PgConnection, schema: &str) -> Result<Vec<String>> {
    let rows: Vec<Line> = diesel::sql_query(
        "SELECT 'table ' || c.relname AS line
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
         UNION ALL
         SELECT 'column ' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
         UNION ALL
         SELECT 'constraint ' || c.relname || ' ' || pg_get_constraintdef(con.oid)
           FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND con.contype IN ('p', 'f', 'u')
         UNION ALL
         SELECT 'index ' || c.relname || ' ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END
                || substring(pg_get_indexdef(i.indexrelid) FROM ' USING .*$')
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1
         ORDER BY 1",
    )
    .bind::<Text, _>(schema)
    .load(conn)?;
    let prefix = format!("{schema}.");
    Ok(rows
        .into_iter()
        .map(|r| r.line.replace(&prefix, "").replace("public.", ""))
        .collect())
}

/// The live `public` tables against what the `base` migrations create (applied
/// in a scratch schema, rolled back): (differences that refuse adoption,
/// objects not managed).
fn compare_base_tables(
    conn: &mut PgConnection,
    base: &[&MigrationScript],
) -> Result<(Vec<String>, Vec<String>)> {
    let mut expected = Vec::new();
    let outcome = conn.transaction::<(), Error, _>(|conn| {
        conn.batch_execute(&format!(
            "CREATE SCHEMA {EXPECTED_SCHEMA}; SET LOCAL search_path = {EXPECTED_SCHEMA}, public;"
        ))?;
        for script in base {
            conn.batch_execute(script.up_sql())?;
        }
        expected = table_catalog(conn, EXPECTED_SCHEMA)?;
        Err(Error::Query(diesel::result::Error::RollbackTransaction))
    });
    match outcome {
        Ok(()) | Err(Error::Query(diesel::result::Error::RollbackTransaction)) => {}
        Err(e) => return Err(e),
    }
    let live = table_catalog(conn, "public")?;
    let ours: BTreeSet<String> = expected
        .iter()
        .filter_map(|l| l.strip_prefix("table "))
        .map(str::to_string)
        .collect();
    let table_of = |line: &str| -> String {
        let rest = line.split_once(' ').map_or("", |(_, r)| r);
        rest.split([' ', '.']).next().unwrap_or("").to_string()
    };
    let column_key = |line: &str| line.split(' ').nth(1).map(str::to_string);
    let live_columns: BTreeMap<String, String> = live
        .iter()
        .filter(|l| l.starts_with("column "))
        .filter_map(|l| Some((column_key(l)?, l.clone())))
        .collect();
    let bookkeeping =
        |table: &str| table.starts_with("__diesel") || table.starts_with("biositing_");
    let mut differences = Vec::new();
    for line in &expected {
        if live.contains(line) {
            continue;
        }
        let table = table_of(line);
        if bookkeeping(&table) {
            continue; // biositing's own, made by the adoption
        }
        if !line.starts_with("table ") && !live.contains(&format!("table {table}")) {
            continue; // reported once, as a missing table
        }
        let what = line.split_once(' ').map_or("", |(_, r)| r);
        if line.starts_with("column ") {
            let key = column_key(line).unwrap_or_default();
            match live_columns.get(&key) {
                Some(found) => differences.push(format!(
                    "column {key} is `{}`, biositing needs `{}`",
                    found.split(' ').skip(2).collect::<Vec<_>>().join(" "),
                    line.split(' ').skip(2).collect::<Vec<_>>().join(" ")
                )),
                None => differences.push(format!("missing column {what}")),
            }
        } else if line.starts_with("table ") {
            differences.push(format!("missing table {what}"));
        } else {
            differences.push(format!(
                "missing {}: {what}",
                line.split(' ').next().unwrap_or("")
            ));
        }
    }
    let not_managed = live
        .iter()
        .filter(|l| !expected.contains(l))
        .filter(|l| {
            let table = table_of(l);
            !bookkeeping(&table)
                && (l.starts_with("table ") || ours.contains(&table))
                && !(l.starts_with("column ")
                    && column_key(l).is_some_and(|k| {
                        expected.iter().any(|e| {
                            e.starts_with("column ") && column_key(e).as_deref() == Some(k.as_str())
                        })
                    }))
        })
        .map(|l| format!("{l} (not managed by biositing)"))
        .collect();
    Ok((differences, not_managed))
}

/// Materialized views in the portal schema today.
fn live_views(conn: &mut PgConnection) -> Result<Vec<String>> {
    let rows: Vec<Name> = diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'm' ORDER BY 1",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}

fn columns_of(conn: &mut PgConnection, schema: &str, view: &str) -> Result<Vec<Column>> {
    Ok(biositing_views::relation_columns(conn, schema, view)?
        .into_iter()
        .map(|(name, sql_type)| Column { name, sql_type })
        .collect())
}

/// Per view the portal will have after adoption: the columns it gains, loses,
/// or sees retyped, against the live view. In a transaction that is rolled
/// back, what the adoption runs first ([`run_before_views`]: the base tables
/// the revision lacks, a table a later migration adds…) is applied and the head
/// definitions created empty in a scratch schema.
fn view_changes(
    conn: &mut PgConnection,
    set: &MigrationSet,
    head: &FrozenViews,
    live: &[String],
    report: &AdoptReport,
    classified: &Classified<'_>,
    lock_timeout: Duration,
) -> Result<Vec<ViewChange>> {
    let mut changes = Vec::new();
    let names: Vec<String> = head.names().map(str::to_string).collect();
    // One snapshot: the deployed views and the base tables the head
    // definitions read are compared on the same data.
    let outcome = conn
        .build_transaction()
        .repeatable_read()
        .run::<(), Error, _>(|conn| {
            run_before_views(conn, report, classified, lock_timeout, &mut |_| {})?;
            conn.batch_execute(&format!("CREATE SCHEMA {CANDIDATE_SCHEMA};"))?;
            for name in &names {
                let Some(view) = head.get(name) else { continue };
                // A definition reading another portal view reads the live one here;
                // the columns of such a reader follow its own SELECT.
                let definition = view.definition.trim_end();
                conn.batch_execute(&format!(
                "CREATE MATERIALIZED VIEW {CANDIDATE_SCHEMA}.{} AS\n{definition}\nWITH NO DATA;",
                quote_ident(name)
            ))?;
                let after = columns_of(conn, CANDIDATE_SCHEMA, name)?;
                let exists = live.iter().any(|l| l == name);
                let before = if exists {
                    columns_of(conn, PORTAL_SCHEMA, name)?
                } else {
                    Vec::new()
                };
                let rows = match biositing_views::find_view(name) {
                    Some(definition)
                        if exists && crate::live::populated(conn, name)? == Some(true) =>
                    {
                        // In a savepoint rolled back at once: each comparison
                        // builds in the same scratch schema.
                        let mut compared = None;
                        let _ = conn.transaction::<(), Error, _>(|conn| {
                            compared = Some(row_changes(conn, definition));
                            Err(Error::Query(diesel::result::Error::RollbackTransaction))
                        });
                        compared.transpose()?.flatten()
                    }
                    _ => None,
                };
                let find = |list: &[Column], n: &str| list.iter().find(|c| c.name == n).cloned();
                changes.push(ViewChange {
                    view: name.clone(),
                    exists,
                    gained: after
                        .iter()
                        .filter(|c| find(&before, &c.name).is_none())
                        .cloned()
                        .collect(),
                    lost: if exists {
                        before
                            .iter()
                            .filter(|c| find(&after, &c.name).is_none())
                            .cloned()
                            .collect()
                    } else {
                        Vec::new()
                    },
                    retyped: before
                        .iter()
                        .filter_map(|b| {
                            let a = find(&after, &b.name)?;
                            (a.sql_type != b.sql_type)
                                .then(|| (b.name.clone(), b.sql_type.clone(), a.sql_type))
                        })
                        .collect(),
                    rows,
                    explained_by: changed_by(set, name),
                });
            }
            Err(Error::Query(diesel::result::Error::RollbackTransaction))
        });
    match outcome {
        Ok(()) | Err(Error::Query(diesel::result::Error::RollbackTransaction)) => Ok(changes),
        Err(e) => Err(e),
    }
}

/// The head definition of `view` built beside the deployed one and compared
/// row by row, in the caller's transaction (rolled back by the caller).
fn row_changes(
    conn: &mut PgConnection,
    view: &biositing_views::ViewDefinition,
) -> Result<Option<RowChanges>> {
    let options = crate::try_view::TryOptions {
        limit: 3,
        ..crate::try_view::TryOptions::default()
    };
    match crate::try_view::try_view_in_open_transaction(conn, view, &options)? {
        crate::try_view::TryOutcome::Built(report) => Ok(Some(RowChanges {
            deployed_rows: report.deployed_rows,
            new_rows: report.new_rows,
            compared_by: report.comparison.by,
            only_deployed: report.only_deployed,
            only_new: report.only_new,
            changed: report.changed,
        })),
        crate::try_view::TryOutcome::Failed(failure) => Err(Error::InvalidInput(format!(
            "the definition of {} does not build on this database: {}",
            failure.view, failure.message
        ))),
    }
}

/// Our generated migrations that changed `view` (their first lines say which
/// view they freeze), by folder.
fn changed_by(set: &MigrationSet, view: &str) -> Vec<String> {
    let marker = format!("-- Freezes the development definition of {view}.");
    set.scripts()
        .iter()
        .filter(|s| s.up_sql().lines().take(3).any(|l| l.trim_end() == marker))
        .map(|s| s.folder().to_string())
        .collect()
}

/// Every privilege granted on the live views to a role other than their owner.
fn grants_on(conn: &mut PgConnection, views: &[String]) -> Result<Vec<Grant>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        view: String,
        #[diesel(sql_type = Text)]
        privilege: String,
        #[diesel(sql_type = Text)]
        grantee: String,
    }
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT c.relname::text AS view, acl.privilege_type::text AS privilege, r.rolname::text AS grantee
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
                aclexplode(c.relacl) acl JOIN pg_roles r ON r.oid = acl.grantee
          WHERE n.nspname = $1 AND c.relkind = 'm' AND acl.grantee <> c.relowner
          ORDER BY 1, 3, 2",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|r| views.contains(&r.view))
        .map(|r| Grant {
            view: r.view,
            privilege: r.privilege,
            grantee: r.grantee,
        })
        .collect())
}

fn backup_clashes(conn: &mut PgConnection, views: &[String]) -> Result<Vec<String>> {
    let rows: Vec<Name> = diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 ORDER BY 1",
    )
    .bind::<Text, _>(BACKUP_SCHEMA)
    .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| r.name)
        .filter(|n| views.contains(n))
        .collect())
}

/// `biositing adopt --drop-backup`: drops [`BACKUP_SCHEMA`] and the old views in
/// it. Returns the dropped views (empty when there was no backup).
pub fn drop_backup(conn: &mut PgConnection, lock_timeout: Duration) -> Result<Vec<String>> {
    let rows: Vec<Name> = diesel::sql_query(
        "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'm' ORDER BY 1",
    )
    .bind::<Text, _>(BACKUP_SCHEMA)
    .load(conn)?;
    conn.transaction::<(), Error, _>(|conn| {
        conn.batch_execute(&format!(
            "SET LOCAL lock_timeout = '{}ms';\nDROP SCHEMA IF EXISTS {BACKUP_SCHEMA} CASCADE;",
            lock_timeout.as_millis()
        ))?;
        Ok(())
    })?;
    Ok(rows.into_iter().map(|r| r.name).collect())
}
