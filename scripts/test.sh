#!/usr/bin/env bash
# The whole test suite, as CI runs it: starts (or installs) what the tests
# need — PostgreSQL, Chromium, Node.js — then vets and runs every test with
# the race detector. Usage: scripts/test.sh [go test flags…]
set -euo pipefail

# The arguments go to go test; a request for help stops here, before the
# script installs, starts or changes anything (PostgreSQL's pg_hba.conf
# included) or runs a test: handed to go test, it came after all of that.
for arg in "$@"; do
  case "$arg" in
    -h|-help|--help)
      printf '%s\n' \
        'Usage: scripts/test.sh [go test flags…]' \
        '' \
        'Runs the whole test suite, as CI does: go vet (also for GOOS=windows and darwin),' \
        'go test -race -count=1 -p 1 ./..., then a short pass without -race for the tests' \
        'that skip under it. Flags are passed to both go test runs (e.g. -run TestX -v).' \
        '' \
        'Before that it starts or installs, from Debian'"'"'s packages, what the tests need and' \
        'lacks: PostgreSQL (and, when its cluster refuses 127.0.0.1:5432 as postgres with' \
        'no password, creates the database test and puts a loopback trust line first in its' \
        'pg_hba.conf), Chromium and Node.js with npm.' \
        '' \
        'Environment:' \
        '  ESAHAYAK_TEST_POSTGRES  a PostgreSQL URL of your own for the tests; the script then' \
        '                          neither starts nor installs a local PostgreSQL, creates a' \
        '                          database nor edits pg_hba.conf' \
        '                          (default postgres://postgres@127.0.0.1:5432/test?sslmode=disable)' \
        '  npm_config_registry     the npm registry for the Node.js tests'"'"' npm ci'
      exit 0;;
  esac
done
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# PostgreSQL: the conformance suite and the crash tests run against the real one.
user_pg="${ESAHAYAK_TEST_POSTGRES:-}"
PG_URL="${user_pg:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
export ESAHAYAK_TEST_POSTGRES="$PG_URL"
pg_ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p 5432; }
# A URL of the user's own names a server of theirs: the local one on 5432 is
# neither started nor installed for it.
if [ -z "$user_pg" ] && ! pg_ready; then
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
# The default database, reached on loopback as postgres without a password,
# as the tests expect. A cluster that Debian's package has just made has no
# database 'test' and asks for a password on 127.0.0.1 (scram-sha-256): the
# cluster on port 5432 gets the database, and, only if a password is still
# asked for, a loopback trust line first in its pg_hba.conf. A database of
# the user's own (ESAHAYAK_TEST_POSTGRES) is theirs to set up.
command -v psql >/dev/null || { log "installing PostgreSQL's client"; apt_install postgresql-client; }
pg_connects() { psql "$PG_URL" -Atc 'select 1' >/dev/null 2>&1; }
as_pg() { as_root su postgres -c "psql -p 5432 -v ON_ERROR_STOP=1 -Atc \"$1\""; }
if ! pg_connects && [ -z "$user_pg" ]; then
  if [ "$(as_pg "select count(*) from pg_database where datname = 'test'")" = 0 ]; then
    log "creating database 'test'"
    as_pg "CREATE DATABASE test" >/dev/null
  fi
  if ! pg_connects; then
    hba=$(as_pg "show hba_file")
    if ! as_root grep -q '^# esahayak tests' "$hba"; then
      log "letting loopback connections into PostgreSQL without a password ($hba)"
      tmp=$(mktemp)
      { printf '# esahayak tests: loopback connections need no password\n'
        printf 'host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust\n'
        as_root cat "$hba"; } > "$tmp"
      as_root sh -c "cat '$tmp' > '$hba'"   # keeps the file's owner and mode
      rm -f "$tmp"
      as_pg "select pg_reload_conf()" >/dev/null
      for _ in $(seq 1 20); do pg_connects && break; sleep 0.5; done
    fi
  fi
fi
if ! pg_connects; then
  log "cannot connect to PostgreSQL at $PG_URL:"
  psql "$PG_URL" -Atc 'select 1' >&2 || true
  exit 1
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
# The binary builds for Windows and macOS too (killself_other.go): their
# vet keeps Unix-only calls in the test files that are tagged for Unix.
GOOS=windows go vet ./...
GOOS=darwin go vet ./...
log "go test -race"
# One package at a time: several packages start real servers, PostgreSQL
# load and a browser, and on 2 cores running them side by side only trades
# speed for flaky timing.
go test -race -count=1 -p 1 -timeout 60m "$@" ./...
# The few tests whose figure the race detector falsifies (an allocation
# count, a heap peak) skip themselves under it: without this pass they
# would never run in CI. About a minute, most of it the build.
# TestRaceSkippedTestsRunInCI keeps this list whole.
log "go test (without -race: the tests that skip under it)"
go test -count=1 -p 1 -timeout 10m \
  -run '^(TestAppendSignDoesNotAllocate|TestAccountEndpointStatsHoldsOneEndpointAtATime)$' \
  "$@" ./webhook ./internal/store/sqlite
