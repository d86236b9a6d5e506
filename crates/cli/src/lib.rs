//! The `biositing` command line. Argument parsing and printing live here; the
//! work is done by the library crates. One module per subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use biositing_db::migrations::MigrationSet;
use biositing_db::DatabaseUrl;
use biositing_workflow::Project;
use clap::{Parser, Subcommand};

mod commands;
mod output;

/// Exit codes: 0 success, 1 the operation failed, 2 bad input or cannot connect.
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_BAD_INPUT: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "biositing",
    version,
    about = "Keep the ca-biositing data-portal database and its materialized views correct",
    long_about = "Keep the ca-biositing data-portal database and its materialized views correct.\n\n\
                  The database comes from --database-url, else DATABASE_URL in the environment or a .env file.\n\
                  Exit codes: 0 success, 1 the operation failed, 2 bad input or cannot connect."
)]
pub struct Cli {
    /// PostgreSQL URL, e.g. postgres://user@localhost:5432/biositing
    #[arg(
        long,
        global = true,
        env = "DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    database_url: Option<String>,

    /// Read migrations from this folder instead of the ones built into the binary
    #[arg(long, global = true, value_name = "DIR")]
    migrations_dir: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Adopt(commands::adopt::AdoptArgs),
    /// Create the database if missing, migrate, optionally load sample data, refresh every view, show results
    Setup(commands::setup::SetupArgs),
    /// Create or drop the database the URL names
    #[command(subcommand)]
    Database(commands::database::DatabaseCommand),
    /// Apply pending migrations, each in its own transaction
    Migrate(commands::migrate::MigrateArgs),
    /// Revert applied migrations, newest first
    Rollback(commands::rollback::RollbackArgs),
    /// Show applied and pending migrations, and any problem with them
    Status(commands::status::StatusArgs),
    /// Maintain the migrations folder
    #[command(subcommand)]
    Migration(commands::migration::MigrationCommand),
    /// Refresh materialized views: in parallel, without blocking readers, each on its own
    Refresh(commands::refresh::RefreshArgs),
    /// Inspect the registered views
    #[command(subcommand)]
    Views(commands::views::ViewsCommand),
    /// Load the deterministic synthetic sample dataset (COPY, one transaction)
    SampleData(commands::sample_data::SampleDataArgs),
    /// Deploy/CI gate: migrations applied and unedited, views, indexes and mappings as declared
    Verify(commands::verify::VerifyArgs),
}

impl Cli {
    fn database_url(&self) -> anyhow::Result<DatabaseUrl> {
        let raw = self
            .database_url
            .as_deref()
            .ok_or(biositing_db::Error::MissingUrl)?;
        Ok(DatabaseUrl::parse(raw)?)
    }

    /// The definitions and migrations to work with: the checkout's files when run
    /// inside one (refusing a binary built from other sources), else the copies
    /// built into the binary; `--migrations-dir` overrides the migrations.
    fn project(&self) -> anyhow::Result<Project> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        let project = Project::discover(&cwd)?;
        match &self.migrations_dir {
            Some(dir) => Ok(project.with_migrations_dir(dir)?),
            None => Ok(project),
        }
    }

    /// The migrations to work with (see [`Cli::project`]).
    fn migrations(&self) -> anyhow::Result<MigrationSet> {
        Ok(self.project()?.migrations().clone())
    }

    /// The workspace's `migrations/` folder, for commands that write to it.
    fn migrations_folder(&self) -> anyhow::Result<PathBuf> {
        match &self.migrations_dir {
            Some(dir) => Ok(dir.clone()),
            None => self.workspace_path("migrations"),
        }
    }

    /// A path inside the project checkout (found by its diesel.toml), for
    /// commands that write source files.
    fn workspace_path(&self, relative: &str) -> anyhow::Result<PathBuf> {
        let cwd = std::env::current_dir().context("cannot read the current directory")?;
        biositing_workflow::project::find_checkout(&cwd)
            .map(|root| root.join(relative))
            .filter(|path| path.is_dir())
            .ok_or_else(|| {
                commands::InputError(format!(
                    "no project checkout here or above (a diesel.toml beside {relative}/): run this inside the project"
                ))
                .into()
            })
    }
}

/// Entry point of the binary: parse, run, and turn errors into one line and an exit code.
pub fn main() -> ExitCode {
    exit_quietly_on_closed_stdout();
    // A missing .env file is normal; values already in the environment win.
    let _ = dotenvy::dotenv();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(EXIT_BAD_INPUT)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(&cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", output::one_line(&error));
            ExitCode::from(exit_code_for(&error))
        }
    }
}

/// `biositing views show X | head` closes stdout early; Rust then panics in
/// `println!`. Exit the way a Unix tool does instead of printing a panic.
fn exit_quietly_on_closed_stdout() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if message.contains("Broken pipe") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
}

fn exit_code_for(error: &anyhow::Error) -> u8 {
    let input = error
        .downcast_ref::<biositing_db::Error>()
        .is_some_and(biositing_db::Error::is_input_error)
        || error
            .downcast_ref::<biositing_refresh::Error>()
            .is_some_and(biositing_refresh::Error::is_input_error)
        || error
            .downcast_ref::<biositing_workflow::Error>()
            .is_some_and(biositing_workflow::Error::is_input_error)
        || error
            .downcast_ref::<biositing_sample::Error>()
            .is_some_and(biositing_sample::Error::is_input_error)
        || error.is::<commands::InputError>();
    if input {
        EXIT_BAD_INPUT
    } else {
        EXIT_FAILED
    }
}

fn run(cli: &Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Adopt(args) => commands::adopt::run(cli, args),
        Command::Database(cmd) => commands::database::run(cli, cmd),
        Command::Migrate(args) => commands::migrate::run(cli, args),
        Command::Rollback(args) => commands::rollback::run(cli, args),
        Command::Status(args) => commands::status::run(cli, args),
        Command::Migration(cmd) => commands::migration::run(cli, cmd),
        Command::Refresh(args) => commands::refresh::run(cli, args),
        Command::Views(cmd) => commands::views::run(cli, cmd),
        Command::Verify(args) => commands::verify::run(cli, args),
        Command::Setup(args) => commands::setup::run(cli, args),
        Command::SampleData(args) => commands::sample_data::run(cli, args),
    }
}
