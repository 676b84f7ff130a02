#!/usr/bin/env bash
# `npm test`: format, lint, types, unit + integration (PGlite and PostgreSQL), then the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
step() { printf '\n=== %s ===\n' "$*"; }

step "format (prettier --check)"
npx prettier --check . --log-level warn
step "lint (eslint)"
npx eslint . --max-warnings 0
step "typecheck (tsc)"
npx tsc --noEmit

step "unit and integration tests (vitest; PGlite and PostgreSQL)"
npx vitest run

step "browser and API end-to-end tests (Playwright, real server on PostgreSQL)"
E2E_DB="slipway_e2e_$$"
node scripts/create-database.mjs "$TEST_DATABASE_URL" "$E2E_DB"
export E2E_DATABASE_URL="${TEST_DATABASE_URL%/*}/$E2E_DB"
export NEXT_DIST_DIR="${NEXT_DIST_DIR:-.next}"
rm -rf "./data-e2e-${E2E_PORT:-3210}"
npx playwright test
