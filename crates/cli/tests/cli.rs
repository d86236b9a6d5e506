//! The command line's shape: clap's own consistency checks and the help text.

use biositing_cli::Cli;
use clap::CommandFactory;

#[test]
fn clap_definition_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn help_lists_every_command_and_the_exit_codes() {
    let help = Cli::command().render_long_help().to_string();
    for command in [
        "adopt",
        "setup",
        "database",
        "migrate",
        "rollback",
        "status",
        "migration",
        "refresh",
        "views",
        "sample-data",
        "verify",
    ] {
        assert!(
            help.contains(&format!("\n  {command} ")),
            "help lacks `{command}`:\n{help}"
        );
    }
    assert!(help
        .contains("Exit codes: 0 success, 1 the operation failed, 2 bad input or cannot connect."));
    assert!(help.contains("--database-url <URL>"));
}

#[test]
fn subcommand_help_names_the_options() {
    let mut cli = Cli::command();
    let migrate = cli
        .find_subcommand_mut("migrate")
        .unwrap()
        .render_long_help()
        .to_string();
    for option in [
        "--to <VERSION>",
        "--dry-run",
        "--lock-wait <SECS>",
        "--json",
    ] {
        assert!(
            migrate.contains(option),
            "migrate help lacks {option}:\n{migrate}"
        );
    }
    let rollback = cli
        .find_subcommand_mut("rollback")
        .unwrap()
        .render_long_help()
        .to_string();
    assert!(
        rollback.contains("--steps <N>") && rollback.contains("--to <VERSION>"),
        "{rollback}"
    );
}

#[test]
fn conflicting_and_unknown_arguments_are_rejected() {
    let err = Cli::command()
        .try_get_matches_from(["biositing", "rollback", "--steps", "2", "--to", "x"])
        .unwrap_err();
    assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
    let err = Cli::command()
        .try_get_matches_from(["biositing", "frobnicate"])
        .unwrap_err();
    assert_eq!(err.kind(), clap::error::ErrorKind::InvalidSubcommand);
}
