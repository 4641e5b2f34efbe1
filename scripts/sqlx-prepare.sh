#!/usr/bin/env bash
# Refreshes .sqlx/ (the query metadata that lets the workspace build without a
# database) after a query or a migration changed. Needs sqlx-cli:
#   cargo install sqlx-cli --no-default-features --features postgres,rustls --locked
set -euo pipefail
cd "$(dirname "$0")/.."
db="postgres://postgres@127.0.0.1:5432/liasse_sqlx_prepare"
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS liasse_sqlx_prepare" >/dev/null
# The binary migrates the database (creating it) with apalis's migrations and ours.
DATABASE_URL="$db" SQLX_OFFLINE=false cargo run -q -- migrate
DATABASE_URL="$db" SQLX_OFFLINE=false cargo sqlx prepare --workspace -- --all-targets
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE liasse_sqlx_prepare" >/dev/null
echo ".sqlx/ refreshed"
