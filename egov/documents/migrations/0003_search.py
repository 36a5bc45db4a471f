"""The document search index (egov.documents.search).

On PostgreSQL (nothing more happens on SQLite), reusing the `vn` text-search configuration and the
pg_trgm extension created by catalog 0002_search_postgres:
- a stored generated column search_vector = to_tsvector('vn', search_text) plus one token
  `egovagency<agency id>`, with a GIN index, which serves the word filter, the agency filter (in
  the same index scan: the planner underestimates multi-word queries and would otherwise read every
  agency's matches) and the ranking.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

FORWARD = """
ALTER TABLE documents_documenttext ADD COLUMN IF NOT EXISTS search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('vn'::regconfig, search_text)
        || to_tsvector('simple'::regconfig, 'egovagency' || agency_id::text)
    ) STORED;
CREATE INDEX IF NOT EXISTS documents_text_vector_gin ON documents_documenttext USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS documents_text_vector_gin;
ALTER TABLE documents_documenttext DROP COLUMN IF EXISTS search_vector;
"""


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs only on PostgreSQL (as in catalog 0002_search_postgres)."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_seed_document_types"),
        ("org", "0001_initial"),
        ("catalog", "0002_search_postgres"),
    ]

    operations = [
        migrations.CreateModel(
            name="DocumentText",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "document_kind",
                    models.CharField(
                        choices=[("incoming", "Incoming document"), ("outgoing", "Outgoing document")],
                        max_length=10,
                        verbose_name="document kind",
                    ),
                ),
                ("document_id", models.PositiveBigIntegerField(verbose_name="document ID")),
                (
                    "secrecy_level",
                    models.CharField(
                        choices=[
                            ("normal", "Not secret"),
                            ("secret", "Secret (Mật)"),
                            ("top_secret", "Top secret (Tối mật)"),
                            ("absolute", "Absolutely secret (Tuyệt mật)"),
                        ],
                        default="normal",
                        max_length=12,
                        verbose_name="secrecy",
                    ),
                ),
                ("heading", models.CharField(blank=True, max_length=1000, verbose_name="metadata")),
                ("text", models.TextField(blank=True, verbose_name="extracted text")),
                ("search_text", models.TextField(blank=True, editable=False, verbose_name="search text")),
                ("extracted", models.BooleanField(default=False, verbose_name="text extracted")),
                ("updated_at", models.DateTimeField(verbose_name="updated at")),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="org.agency",
                        verbose_name="agency",
                    ),
                ),
            ],
            options={
                "verbose_name": "document text",
                "verbose_name_plural": "document texts",
                "indexes": [
                    models.Index(fields=["agency", "document_kind"], name="documents_text_agency_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("document_kind", "document_id"), name="documents_text_unique"
                    )
                ],
            },
        ),
        PostgresOnlySQL(FORWARD, reverse_sql=BACKWARD),
    ]
