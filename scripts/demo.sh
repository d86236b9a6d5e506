#!/usr/bin/env bash
# The main job on a fresh machine: bring up PostgreSQL, build the tool, then create
# the database, migrate, load the sample data, refresh every view and show the
# results. One line per stage; cargo shows its own progress while compiling.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "demo: [1/3] PostgreSQL"
bash scripts/ensure-postgres.sh

echo "demo: [2/3] building biositing (cargo build --release; the first build takes several minutes)"
cargo build --release -p biositing-cli

export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/biositing}"
# Where cargo put it: ./target, unless CARGO_TARGET_DIR says otherwise.
bin="${CARGO_TARGET_DIR:-target}/release/biositing"
echo "demo: [3/3] $bin setup --sample (the database in DATABASE_URL)"
"$bin" setup --sample "$@"

cat <<EOF

demo: done. The tool is $bin (DATABASE_URL=$DATABASE_URL). Next, try:
  $bin views status                      # each view: rows, size, fresh or stale
  $bin views try mv_biomass_search       # what an edit of crates/views/src/mv_biomass_search/definition.sql would change
  $bin verify                            # the deploy gate
  $bin --help                            # every command (README.md documents them; docs/view-workflow.md: changing a view)
EOF
