"""exact_text: the metadata and the start of the text, lowercased, for the exact-match ranking of
the document search (egov.documents.search.exact_values). Existing rows are filled here: with SQL
on PostgreSQL (its lower() maps Vietnamese letters as Python does), in Python on SQLite."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

EXACT_TEXT_CHARS = 3000  # egov.documents.search.EXACT_TEXT_CHARS when this migration was written
BATCH = 2000


def fill(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE documents_documenttext SET exact_text = lower(heading || chr(10) || substr(text, 1, %s))",
            [EXACT_TEXT_CHARS],
        )
        return
    from egov.core.text import nfc

    text_model = apps.get_model("documents", "DocumentText")
    last = 0
    while True:
        rows = list(text_model.objects.filter(pk__gt=last).order_by("pk")[:BATCH])
        if not rows:
            return
        for row in rows:
            row.exact_text = nfc(f"{row.heading}\n{row.text[:EXACT_TEXT_CHARS]}").lower()
        text_model.objects.bulk_update(rows, ["exact_text"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("documents", "0005_search_agency_words")]

    operations = [
        migrations.AddField(
            model_name="documenttext",
            name="exact_text",
            field=models.TextField(blank=True, editable=False, verbose_name="exact-match text"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
