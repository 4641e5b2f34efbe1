#!/usr/bin/env bash
# The demo: runs `liasse all` on the embedded defaults (local Postgres, objects in
# .liasse/demo/store, a master key generated in .liasse/master.key with mode 0600),
# creates a demo tenant, submits samples/demo with a progress bar, prints the results
# table and the KPIs, then stops what it started.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
bin="${CARGO_TARGET_DIR:-target}/debug/liasse"
[ -x "$bin" ] || cargo build --locked

export LIASSE__DATABASE__URL="${LIASSE__DATABASE__URL:-postgres://postgres@127.0.0.1:5432/liasse_demo}"
export LIASSE__STORE__KIND="${LIASSE__STORE__KIND:-local}"
export LIASSE__STORE__PATH="${LIASSE__STORE__PATH:-.liasse/demo/store}"
export LIASSE__KEYS__MASTER_KEY_FILE="${LIASSE__KEYS__MASTER_KEY_FILE:-.liasse/master.key}"
export LIASSE__KEYS__GENERATE_IF_MISSING=true
export OMP_THREAD_LIMIT=1
mkdir -p .liasse
log=.liasse/demo/liasse-all.log
mkdir -p "$(dirname "$log")"

"$bin" migrate
"$bin" all --listen 127.0.0.1:0 --no-migrate >"$log" 2>&1 &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 300); do
  url=$(sed -n 's/^liasse: listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$log" | head -1)
  [ -n "$url" ] && break
  kill -0 $server 2>/dev/null || { cat "$log"; echo "liasse all stopped; see above" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { cat "$log"; exit 1; }
echo "liasse all is running at $url (log: $log)"

tenant=$("$bin" tenant create "Démo SARL")
export LIASSE_API_URL="$url"
export LIASSE_API_KEY=$(printf '%s' "$tenant" | sed -n 's/.*"api_key":"\([^"]*\)".*/\1/p')
echo "demo tenant: $(printf '%s' "$tenant" | sed -n 's/.*"tenant_id":"\([^"]*\)".*/\1/p')"
echo
"$bin" submit --wait samples/demo
echo
echo "KPIs of the demo tenant (GET /v1/kpis):"
"$bin" kpis
echo
echo "Prometheus (GET /metrics), Liasse series:"
curl -s "$url/metrics" | grep -E '^liasse_(documents|queue_depth|inputs_pending)' || true
