//! The `biositing` command line. Argument parsing and printing live here; the
//! work is done by the library crates. One module per subcommand.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use biositing_db::migrations::MigrationSet;
use biositing_db::DatabaseUrl;
use biositing_workflow::Project;
use clap::{Parser, Subcommand};

/// `biositing migrate | head -1` closes stdout early, and the work must still
/// finish and exit with its own code. In this crate these replace std's macros
/// of the same names: they write through [`output`], which ignores a closed
/// stream (EPIPE) instead of panicking, and removes any credential of the
/// database URL from what it prints.
macro_rules! println {
    () => {
        $crate::output::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

macro_rules! print {
    ($($arg:tt)*) => {
        $crate::output::write_stdout(format_args!($($arg)*))
    };
}

macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::output::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

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
                  The database comes from --database-url, else DATABASE_URL in the environment or a .env file;\n\
                  its streaming standbys (views status, verify, refresh --wait-for-replicas) from --replica or\n\
                  --wait-for-replicas, else DATABASE_REPLICA_URLS (comma-separated).\n\
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
    // A missing .env file is normal; values already in the environment win.
    let env_file = load_env_file();
    output::hide_secrets_of(
        std::env::args_os()
            .map(|a| a.to_string_lossy().into_owned())
            .chain(std::env::var("DATABASE_URL").ok())
            .chain(std::env::var(commands::replicas::REPLICA_URLS_ENV).ok()),
    );
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let text = e.render().to_string();
            return if e.use_stderr() {
                output::write_stderr(format_args!("{text}"));
                ExitCode::from(EXIT_BAD_INPUT)
            } else {
                output::write_stdout(format_args!("{text}"));
                ExitCode::SUCCESS
            };
        }
    };
    let outcome = env_file
        .map_err(anyhow::Error::from)
        .and_then(|()| run(&cli));
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", output::one_line(&error));
            ExitCode::from(exit_code_for(&error))
        }
    }
}

/// Loads the first `.env` found from the current directory upwards, as
/// dotenvy would. One that cannot be parsed is an error naming the file and
/// the line (never the line's text, which may hold a password).
fn load_env_file() -> Result<(), commands::InputError> {
    let Ok(cwd) = std::env::current_dir() else {
        return Ok(());
    };
    let Some(path) = cwd
        .ancestors()
        .map(|dir| dir.join(".env"))
        .find(|p| p.is_file())
    else {
        return Ok(());
    };
    match dotenvy::from_path(&path) {
        Ok(()) => Ok(()),
        Err(dotenvy::Error::LineParse(text, index)) => {
            let content = std::fs::read_to_string(&path).unwrap_or_default();
            let at = content.find(&text).map_or_else(
                || "a line".to_string(),
                |start| biositing_db::sql::Position::of(&content, start + index).to_string(),
            );
            Err(commands::InputError(format!(
                "cannot read {}: {at} is not KEY=VALUE (quote a value holding spaces, quotes or #): fix that line or remove the file",
                path.display()
            )))
        }
        Err(e) => Err(commands::InputError(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
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
