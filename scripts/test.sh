#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts (or installs) what the tests
# need — PostgreSQL, Chromium, Node.js — then vets and runs every test with
# the race detector. Usage: scripts/test.sh [go test flags…]
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL: the conformance suite and the crash tests run against the real one.
PG_URL="${ESAHAYAK_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
export ESAHAYAK_TEST_POSTGRES="$PG_URL"
pg_ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
if ! pg_ready; then
  if ! command -v pg_ctlcluster >/dev/null; then
    log "installing PostgreSQL"
    apt_install postgresql
  fi
  log "starting PostgreSQL"
  ver=$(ls /etc/postgresql | sort -V | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$ver" main start || true
  for _ in $(seq 1 30); do pg_ready && break; sleep 1; done
  pg_ready || { log "PostgreSQL did not start"; exit 1; }
fi
# The default test database and trust auth on loopback, as the tests expect.
if ! psql "$PG_URL" -c 'select 1' >/dev/null 2>&1; then
  log "creating database 'test'"
  as_root su postgres -c "psql -c 'CREATE DATABASE test'" >/dev/null 2>&1 || true
fi

# Chromium for the dashboard's browser tests (Debian's package; no downloads).
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  log "installing Chromium"
  apt_install chromium
fi

# Node.js and npm for the interop tests with other people's verifiers.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "installing Node.js"
  apt_install nodejs npm
fi

log "go vet"
go vet ./...
log "go test -race"
# One package at a time: several packages start real servers, PostgreSQL
# load and a browser, and on 2 cores running them side by side only trades
# speed for flaky timing.
go test -race -count=1 -p 1 -timeout 60m "$@" ./...
