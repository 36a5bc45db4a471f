"""The document search vector holds each word prefixed with its agency (PostgreSQL only).

0003_search stored the folded words plus one `egovagency<id>` token. A search within one agency then
had to walk the posting lists of its common words across every agency (a word such as "cong" is in
a third of all documents) only to keep that agency's rows: about 60 ms of CPU per broad query at a
million documents. Now every word is stored as `g<agency id>x<word>` ("g12xcong"), so one agency's
posting lists hold only its own documents, as if the index were partitioned by agency, while a
search over several agencies ORs their groups (egov.documents.search). `search_text` is already
folded and split by egov.documents.search, so the `simple` configuration is enough. The GIN index
is rebuilt; the table is rewritten once (about 3 minutes per million rows).
"""

from __future__ import annotations

from django.db import migrations

from egov.core.migration_ops import PostgresOnlySQL

FORWARD = r"""
DROP INDEX IF EXISTS documents_text_vector_gin;
ALTER TABLE documents_documenttext DROP COLUMN IF EXISTS search_vector;
ALTER TABLE documents_documenttext ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector(
            'simple'::regconfig,
            regexp_replace(search_text, '(\S+)', 'g' || agency_id::text || 'x\1', 'g')
        )
    ) STORED;
CREATE INDEX documents_text_vector_gin ON documents_documenttext USING gin (search_vector);
"""

BACKWARD = """
DROP INDEX IF EXISTS documents_text_vector_gin;
ALTER TABLE documents_documenttext DROP COLUMN IF EXISTS search_vector;
ALTER TABLE documents_documenttext ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (
        to_tsvector('vn'::regconfig, search_text)
        || to_tsvector('simple'::regconfig, 'egovagency' || agency_id::text)
    ) STORED;
CREATE INDEX documents_text_vector_gin ON documents_documenttext USING gin (search_vector);
"""


class Migration(migrations.Migration):
    dependencies = [("documents", "0004_merge_0003_outgoing_flow_0003_search_0003_workfiles")]

    operations = [PostgresOnlySQL(FORWARD, reverse_sql=BACKWARD)]
