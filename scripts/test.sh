#!/usr/bin/env bash
# The test suite on a fresh machine: bring up PostgreSQL and the Diesel CLI, check
# formatting and lints, then run every test of the workspace against the server,
# then the acceptance of the change workflow. One line per stage, with the time
# spent so far; cargo shows its own progress while compiling.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
stage() { echo "test: [$1/7] $2 ($((SECONDS - started))s)"; }

stage 1 "PostgreSQL"
bash scripts/ensure-postgres.sh

# The Diesel CLI (tests/schema.rs compares `diesel print-schema` with the
# committed schema.rs; acceptance.sh regenerates it). Building it was the
# longest stage of a fresh run: it now builds unoptimized (`--debug`; the speed
# of print-schema does not matter) in the background, next to the lints and the
# compilation of the tests, which leave a core idle much of the time; the tests
# wait for it only before they run.
export PATH="$HOME/.cargo/bin:$PATH"
diesel_pid=""
diesel_log="$(mktemp)"
if ! command -v diesel >/dev/null 2>&1; then
    stage 2 "installing the Diesel CLI in the background (cargo install --debug; log: $diesel_log)"
    cargo install --locked --debug diesel_cli --no-default-features --features postgres \
        >"$diesel_log" 2>&1 &
    diesel_pid=$!
else
    stage 2 "Diesel CLI: $(command -v diesel)"
fi

stage 3 "cargo fmt --check"
cargo fmt --all --check
stage 4 "cargo clippy (compiles the workspace)"
cargo clippy --workspace --all-targets -- -D warnings
stage 5 "compiling the tests"
cargo test --workspace --no-run
if [[ -n "$diesel_pid" ]]; then
    echo "test: waiting for the Diesel CLI ($((SECONDS - started))s)"
    if ! wait "$diesel_pid"; then
        cat "$diesel_log" >&2
        echo "test: installing the Diesel CLI failed (see above)" >&2
        exit 1
    fi
fi
rm -f "$diesel_log"
stage 6 "cargo test (runs every test against PostgreSQL)"
cargo test --workspace --no-fail-fast
stage 7 "acceptance: the real change kinds in a temporary copy keep the suite green"
bash scripts/acceptance.sh
echo "test: passed in $((SECONDS - started))s"
