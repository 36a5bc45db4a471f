#!/usr/bin/env bash
# Regenerate requirements.lock (runtime) and requirements-dev.lock (runtime + tools) from pyproject.toml
# in a throwaway virtualenv, so that the locks hold exactly what a clean install resolves to.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/rt" && "$tmp/rt/bin/pip" install -q --upgrade pip
"$tmp/rt/bin/pip" install -q .
"$tmp/rt/bin/pip" freeze --exclude egov > requirements.lock
python3 -m venv "$tmp/dev" && "$tmp/dev/bin/pip" install -q --upgrade pip
"$tmp/dev/bin/pip" install -q ".[dev]"
"$tmp/dev/bin/pip" freeze --exclude egov > requirements-dev.lock
echo "requirements.lock: $(wc -l < requirements.lock) pins; requirements-dev.lock: $(wc -l < requirements-dev.lock) pins"
