"""PostgreSQL search support (ARCHITECTURE §3.9); nothing happens on SQLite.

- extensions unaccent and pg_trgm (left in place when reversed: other objects may use them);
- egov_unaccent(text): an IMMUTABLE wrapper of unaccent, so that it can be used in indexes;
- text search configuration `vn`: a copy of `simple` whose words go through unaccent first;
- a GIN trigram index on catalog_procedure.search_text, serving the search's LIKE '%word%' filters.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

EXTENSIONS = """
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS unaccent;
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE EXCEPTION USING
        MESSAGE = 'egov search needs the PostgreSQL extensions unaccent and pg_trgm, and this database '
            'user may not create them.',
        HINT = 'As a superuser, run in this database: CREATE EXTENSION IF NOT EXISTS unaccent; '
            'CREATE EXTENSION IF NOT EXISTS pg_trgm; then run migrate again.';
END
$$;
"""

FORWARD = """
CREATE OR REPLACE FUNCTION egov_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'vn') THEN
        CREATE TEXT SEARCH CONFIGURATION vn (COPY = simple);
        ALTER TEXT SEARCH CONFIGURATION vn
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;
    END IF;
END
$$;

CREATE INDEX IF NOT EXISTS catalog_procedure_search_trgm
    ON catalog_procedure USING gin (search_text gin_trgm_ops);
"""

BACKWARD = """
DROP INDEX IF EXISTS catalog_procedure_search_trgm;
DROP TEXT SEARCH CONFIGURATION IF EXISTS vn;
DROP FUNCTION IF EXISTS egov_unaccent(text);
"""


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs only on PostgreSQL (the embedded SQLite mode searches the folded column)."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [
        PostgresOnlySQL(EXTENSIONS, reverse_sql=migrations.RunSQL.noop),
        PostgresOnlySQL(FORWARD, reverse_sql=BACKWARD),
    ]
