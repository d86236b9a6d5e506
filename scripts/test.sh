#!/usr/bin/env bash
# The test suite on a fresh machine: bring up PostgreSQL and the Diesel CLI, check
# formatting and lints, then run every test of the workspace against the server.
# One line per stage; cargo shows its own progress while compiling.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "test: [1/5] PostgreSQL"
bash scripts/ensure-postgres.sh

# The schema test compares `diesel print-schema` with the committed schema.rs.
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v diesel >/dev/null 2>&1; then
    echo "test: [2/5] installing the Diesel CLI (cargo install; a few minutes)"
    cargo install --locked diesel_cli --no-default-features --features postgres
else
    echo "test: [2/5] Diesel CLI: $(command -v diesel)"
fi

echo "test: [3/5] cargo fmt --check"
cargo fmt --all --check
echo "test: [4/5] cargo clippy (compiles the workspace)"
cargo clippy --workspace --all-targets -- -D warnings
echo "test: [5/5] cargo test (compiles the tests, then runs them against PostgreSQL)"
cargo test --workspace --no-fail-fast
bash scripts/acceptance.sh  # a view change and a new view in a temporary copy keep the suite green
