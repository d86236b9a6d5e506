use std::process::ExitCode;

fn main() -> ExitCode {
    biositing_cli::main()
}
