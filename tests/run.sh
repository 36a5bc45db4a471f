#!/usr/bin/env bash
# The whole suite, as `make test` runs it: lint, types, pytest on SQLite, pytest on PostgreSQL, e2e.
# Under CI=true, PostgreSQL and Chromium are required: their absence fails the run instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export DJANGO_SETTINGS_MODULE=config.settings.test
CI=${CI:-false}

echo "== ruff"
$BIN/ruff check .
$BIN/ruff format --check .
echo "== mypy"
$BIN/mypy .
$BIN/python manage.py compile_translations

# axe-core (accessibility checks in the browser tests) from the npm registry, pinned by
# tests/e2e/package-lock.json.
if [[ ! -f tests/e2e/node_modules/axe-core/axe.min.js ]]; then
  if command -v npm >/dev/null; then
    npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error
  elif [[ "$CI" == "true" ]]; then
    echo "npm is required under CI=true for the accessibility checks (apt-get install -y npm)" >&2; exit 1
  fi
fi

echo "== pytest (SQLite)"
DATABASE_URL="sqlite:///$PWD/var/test.sqlite3" $BIN/pytest -m "not e2e" -q -n 2

PG_URL=${TEST_POSTGRES_URL:-}
if [[ -z "$PG_URL" && "${DATABASE_URL:-}" == postgres* ]]; then PG_URL=$DATABASE_URL; fi
if [[ -z "$PG_URL" ]]; then
  for u in postgres root; do
    if $BIN/python - "$u" <<'PY' 2>/dev/null; then PG_URL="postgres://$u@127.0.0.1:5432/egov"; break; fi
import sys, psycopg
psycopg.connect(host="127.0.0.1", port=5432, user=sys.argv[1], dbname="postgres", connect_timeout=3).close()
PY
  done
fi
if [[ -n "$PG_URL" ]]; then
  echo "== pytest (PostgreSQL: ${PG_URL%%@*}@…)"
  DATABASE_URL="$PG_URL" $BIN/pytest -m "not e2e" -q -n 2
elif [[ "$CI" == "true" ]]; then
  echo "PostgreSQL is required under CI=true but 127.0.0.1:5432 is not reachable" >&2; exit 1
else
  echo "== PostgreSQL not reachable: PostgreSQL pass skipped (set DATABASE_URL to run it)"
fi

if [[ -x /usr/bin/chromium ]]; then
  echo "== e2e (Debian Chromium)"
  mkdir -p var/e2e
  DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL="sqlite:///$PWD/var/test-e2e.sqlite3" \
    $BIN/pytest tests/e2e -m e2e -q -p no:xdist
elif [[ "$CI" == "true" ]]; then
  echo "Chromium (/usr/bin/chromium) is required under CI=true: apt-get install -y chromium" >&2; exit 1
else
  echo "== /usr/bin/chromium not installed: e2e skipped (apt-get install -y chromium)"
fi
