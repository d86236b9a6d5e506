#!/usr/bin/env bash
# The test suite on a fresh machine: bring up PostgreSQL and the Diesel CLI, check
# formatting and lints, then run every test of the workspace against the server.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-postgres.sh

# The schema test compares `diesel print-schema` with the committed schema.rs.
export PATH="$HOME/.cargo/bin:$PATH"
if ! command -v diesel >/dev/null 2>&1; then
    echo "test: installing the Diesel CLI"
    cargo install --quiet --locked diesel_cli --no-default-features --features postgres
fi

cargo fmt --all --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
cargo test --workspace --no-fail-fast
