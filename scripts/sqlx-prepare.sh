#!/usr/bin/env bash
# Refreshes .sqlx/ (the query metadata that lets the workspace build without a
# database) after a query or a migration changed. No sqlx-cli needed: the query macros
# write their metadata to SQLX_OFFLINE_DIR when they run against a database.
set -euo pipefail
cd "$(dirname "$0")/.."
db="postgres://postgres@127.0.0.1:5432/liasse_sqlx_prepare"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS liasse_sqlx_prepare" >/dev/null
# The binary migrates the database (creating it) with apalis's migrations and ours.
DATABASE_URL="$db" SQLX_OFFLINE=false cargo run -q -- migrate
rm -f .sqlx/query-*.json
# Every crate with query macros must be recompiled for its queries to be written.
touch scheduler/src/lib.rs
DATABASE_URL="$db" SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/.sqlx" cargo check -q --workspace --all-targets
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE liasse_sqlx_prepare" >/dev/null
echo ".sqlx/ refreshed: $(ls .sqlx | wc -l) queries"
