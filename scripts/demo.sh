#!/usr/bin/env bash
# The main job on a fresh machine: bring up PostgreSQL, then create the database,
# migrate, load the sample data, refresh every view and show the results.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-postgres.sh
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/biositing}"
cargo run --quiet --release --bin biositing -- setup --sample "$@"
