#!/usr/bin/env bash
# API fuzzing: starts the real system (a fresh Postgres database, s3s-fs on loopback,
# `liasse all`), creates a tenant and a key with every scope, uploads a few demo
# samples so real ids exist, then runs schemathesis against /openapi.json with every
# check that fits this API. Exits non-zero on any failed check, and on any 5xx the
# server counted (its own Prometheus counter, independent of schemathesis).
#
#   scripts/api-fuzz.sh [--max-examples N] [--max-time SECONDS] [--seed N] [-- SCHEMATHESIS ARGS…]
#
# Environment: LIASSE_BIN (the binary to run; default: cargo build, then
# target/debug/liasse), LIASSE_FUZZ_KEEP=1 keeps the log and reports directory.
# Needs scripts/setup.sh (the .venv-fuzz venv, s3s-fs, Postgres at 127.0.0.1:5432).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo >/dev/null || export PATH="$HOME/.cargo/bin:$PATH"

max_examples=50
max_time=
seed=
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --max-examples) max_examples=$2; shift 2 ;;
    --max-time) max_time=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --) shift; extra=("$@"); break ;;
    -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "api-fuzz: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

schemathesis=.venv-fuzz/bin/schemathesis
[ -x "$schemathesis" ] || { echo "api-fuzz: $schemathesis is missing: run scripts/setup.sh" >&2; exit 1; }
s3s_fs=$(command -v s3s-fs || echo "$HOME/.cargo/bin/s3s-fs")
[ -x "$s3s_fs" ] || { echo "api-fuzz: s3s-fs is missing: run scripts/setup.sh" >&2; exit 1; }
if [ -n "${LIASSE_BIN:-}" ]; then
  bin=$LIASSE_BIN
else
  cargo build --locked --bin liasse
  bin="${CARGO_TARGET_DIR:-target}/debug/liasse"
fi

say() { printf 'api-fuzz: %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

work=$(mktemp -d -t liasse-api-fuzz.XXXXXX)
database="liasse_apifuzz_$(date +%s)_$$"
s3_pid=
server_pid=
cleanup() {
  local status=$?
  set +e
  for pid in $server_pid $s3_pid; do
    kill -TERM "$pid" 2>/dev/null && { wait "$pid"; } 2>/dev/null
  done
  psql -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS \"$database\" WITH (FORCE)" >/dev/null 2>&1 || true
  if [ "${LIASSE_FUZZ_KEEP:-0}" = 1 ] || [ "$status" != 0 ]; then
    say "kept $work (liasse.log, reports/)"
    rm -rf "$work/s3"
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The object store: s3s-fs on a free loopback port, over a directory of this run.
s3_port=$(free_port)
s3_key=liasse-fuzz
s3_secret=$(python3 -c 'import secrets; print(secrets.token_hex(24))') # hex: a leading '-' would read as an option
mkdir -p "$work/s3" "$work/reports"
"$s3s_fs" --host 127.0.0.1 --port "$s3_port" --access-key "$s3_key" --secret-key "$s3_secret" "$work/s3" \
  >"$work/s3s-fs.log" 2>&1 &
s3_pid=$!

export LIASSE__DATABASE__URL="postgres://postgres@127.0.0.1:5432/$database"
export LIASSE__STORE__KIND=s3
export LIASSE__STORE__ENDPOINT="http://127.0.0.1:$s3_port"
export LIASSE__STORE__REGION=eu-west-3
export LIASSE__STORE__BUCKET=liasse-fuzz
export LIASSE__STORE__ACCESS_KEY=$s3_key
export LIASSE__STORE__SECRET_KEY=$s3_secret
export LIASSE__STORE__CREATE_BUCKET=true
LIASSE__KEYS__MASTER_KEY=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
export LIASSE__KEYS__MASTER_KEY
export LIASSE__WORKER__CONCURRENCY=2
# The fuzzer sends hundreds of requests a second from one tenant: the rate limit is
# not what is under test here (tests/e2e/api.rs covers it), so it is set out of reach.
export LIASSE__API__RATE_LIMIT__REQUESTS_PER_SECOND=1000000
export LIASSE__API__RATE_LIMIT__BURST=1000000
# Long polls of GET /v1/results hold a request for up to api.max_wait: kept short so
# the fuzzer's many empty polls do not stall it (the served spec gives the maximum).
export LIASSE__API__MAX_WAIT=1
export RUST_LOG="${RUST_LOG:-info,sqlx=warn,apalis=warn,lopdf=off}"
export OMP_THREAD_LIMIT=1

for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$s3_port") 2>/dev/null && break
  kill -0 "$s3_pid" 2>/dev/null || { cat "$work/s3s-fs.log" >&2; say "s3s-fs stopped"; exit 1; }
  sleep 0.1
done

"$bin" migrate >/dev/null
"$bin" all --listen 127.0.0.1:0 --no-migrate >"$work/liasse.log" 2>&1 &
server_pid=$!
url=
for _ in $(seq 600); do
  url=$(sed -n 's/^liasse: listening on \(http:\/\/[0-9.:]*\).*/\1/p' "$work/liasse.log" | head -1)
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { tail -20 "$work/liasse.log" >&2; say "liasse all stopped"; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { say "liasse all did not start"; exit 1; }
say "liasse all at $url, database $database"

json_field() { python3 -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
tenant_id=$("$bin" tenant create "API Fuzz SARL" | json_field tenant_id)
# Every scope a tenant key can hold; the key stays in the environment, never on a
# command line or in the output.
LIASSE_FUZZ_KEY=$("$bin" key create --tenant "$tenant_id" --scopes upload,read,admin --name api-fuzz | json_field api_key)
export LIASSE_FUZZ_KEY
auth_header() { printf 'Authorization: Bearer %s\n' "$LIASSE_FUZZ_KEY"; }

# Real ids for the fuzzer to find: a batch with two e-invoices, a PDF and a corrupt
# PDF (done and failed documents), waited for; one result is acknowledged so a
# document answers 410 too.
batch=$(curl -sS --fail-with-body -H @<(auth_header) \
  -F "file=@samples/demo/cii-FA-2024-0200.xml" -F "file=@samples/demo/ubl-INV-2024-118.xml" \
  -F "file=@samples/demo/facture-2024-0042.pdf" -F "file=@samples/malformed/garbage.pdf" \
  "$url/v1/batches")
batch_id=$(printf '%s' "$batch" | json_field batch_id)
document_ids=$(printf '%s' "$batch" | python3 -c 'import json, sys; print(" ".join(d["document_id"] for d in json.load(sys.stdin)["documents"]))')
for _ in $(seq 600); do
  status=$(curl -sS --fail-with-body -H @<(auth_header) "$url/v1/batches/$batch_id" | json_field status)
  [ "$status" = done ] && break
  sleep 0.2
done
[ "$status" = done ] || { say "the sample batch did not finish (status $status)"; exit 1; }
first_document=${document_ids%% *}
curl -sS --fail-with-body -H @<(auth_header) -H 'Content-Type: application/json' \
  -d "{\"document_ids\": [\"$first_document\"]}" "$url/v1/results/ack" >/dev/null
say "tenant $tenant_id, batch $batch_id with $(wc -w <<<"$document_ids") documents"

# The configuration: the key through the spec's own security scheme, and the real ids
# offered as values half of the time for the parameters that take them.
quoted_ids=$(printf '"%s", ' $document_ids)
cat >"$work/schemathesis.toml" <<EOF
# Every check; the exceptions below are narrower (a CLI --checks would override them).
checks.enabled = true
# Past failures are replayed from here: a fresh system has other ids and ports, so
# each run keeps its own (and the work tree stays clean).
cache.directory = "$work/cache"

[auth.openapi.api_key]
bearer = "\${LIASSE_FUZZ_KEY}"

[dictionaries.batch_ids]
values = ["$batch_id"]

[dictionaries.document_ids]
values = [${quoted_ids%, }]

[parameters]
"path.batch_id" = { dictionary = "batch_ids", probability = 0.5 }
"path.document_id" = { dictionary = "document_ids", probability = 0.5 }

# Answers to schema-valid requests that are right all the same, because the schema
# cannot say why: confirm must be the caller's own tenant id (400 otherwise), and an
# acknowledged document's result is gone (410).
[[operations]]
include-name = "DELETE /v1/tenant"
checks.positive_data_acceptance.expected-statuses = ["2xx", 400, 401, 403, 404, 429]

[[operations]]
include-name = "GET /v1/documents/{document_id}"
checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 410, 429]

# A multipart part is bytes: a "file" part "of the wrong type" (schemathesis sends {}
# as an object) cannot be told from a file on the wire, so schema-violating uploads
# are not all rejectable. The rejections that are (no file part, a part under another
# name, a replayed Idempotency-Key with a malformed body) are asserted in tests/e2e/api.rs.
[[operations]]
include-name = "POST /v1/batches"
checks.negative_data_rejection.enabled = false

# Stateful sequences are not per operation: the same holds there for their uploads.
[phases.stateful]
checks.negative_data_rejection.enabled = false
EOF

args=(--config-file "$work/schemathesis.toml" run "$url/openapi.json"
  --max-examples "$max_examples" --request-timeout 15
  --report junit,ndjson --report-dir "$work/reports")
# One worker: hypothesis parses lambdas' source with ast.parse, which is not thread-safe
# on CPython 3.11 ("AST constructor recursion depth mismatch" with --workers 2).
args+=(--workers 1)
[ -n "$max_time" ] && args+=(--max-time "$max_time")
[ -n "$seed" ] && args+=(--seed "$seed")
started=$(date +%s)
set +e
env -u LIASSE__KEYS__MASTER_KEY -u LIASSE__STORE__SECRET_KEY "$schemathesis" "${args[@]}" "${extra[@]}" | tee "$work/schemathesis.out"
fuzz_status=${PIPESTATUS[0]}
set -e
elapsed=$(($(date +%s) - started))

# The server's own count of answers by status class: a 5xx fails the run even where
# schemathesis would not flag it.
answers=$(curl -sS "$url/metrics" | python3 -c '
import collections, re, sys
by_class = collections.Counter()
for line in sys.stdin:
    m = re.match(r"liasse_http_requests_total\{(.*)\} (\S+)$", line)
    if m:
        status = re.search(r"status=\"(\d+)\"", m.group(1)).group(1)
        by_class[status[0] + "xx"] += int(float(m.group(2)))
print(" ".join(f"{k}={by_class[k]}" for k in ("2xx", "3xx", "4xx", "5xx")))
')
server_errors=$(sed -n 's/.*5xx=\([0-9]*\).*/\1/p' <<<"$answers")
# Per operation (and the stateful sequences), from the JUnit report.
read -r n_tests n_failed n_operations < <(python3 -c '
import glob, sys, xml.etree.ElementTree as ET
root = ET.parse(glob.glob(sys.argv[1] + "/junit-*.xml")[0]).getroot()
cases = root.findall(".//testcase")
failed = [c for c in cases if c.find("failure") is not None or c.find("error") is not None]
print(len(cases), len(failed), sum(c.get("name") != "Stateful tests" for c in cases))
' "$work/reports" 2>/dev/null || echo "0 1 0")
[ "${server_errors:-0}" != 0 ] && n_failed=$((n_failed + 1))
cases=$(sed -n '/^Test cases:/{n;s/^ *//;p}' "$work/schemathesis.out")
echo
echo "api-fuzz summary: $n_operations operations (and stateful sequences), test cases: ${cases:-?};" \
  "server answers: $answers; ${elapsed}s with --max-examples $max_examples; schemathesis exit $fuzz_status"
echo "api-fuzz: $((n_tests - n_failed)) passed, $n_failed failed"
if [ "${server_errors:-0}" != 0 ]; then
  say "the server answered $server_errors requests with a 5xx; its log:"
  grep -E 'ERROR|WARN' "$work/liasse.log" | tail -20 >&2 || true
  exit 1
fi
exit "$fuzz_status"
