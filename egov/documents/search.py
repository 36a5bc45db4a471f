"""Full-text search over incoming and outgoing documents (DOMAIN §3.4/3.5, ARCHITECTURE §3.9).

Index: one DocumentText row per document with its metadata line (`heading`: number and symbol,
abstract, issuing body or recipients, signer), the text extracted from its file
(egov.documents.textextract) and `search_text`, the folded words of both. `document_text_index`
writes it (called by the register and release flows), `documents_text_pending` catches up
documents that have no row yet (periodic-safe), `manage.py documents_reindex` rebuilds everything.

Search (`document_search`):
- the query is NFC, capped at MAX_QUERY_LENGTH characters and cut into folded words (letters and
  digits; "05/QĐ-UBND" is 05, qd, ubnd); EVERY word must match:
  PostgreSQL: each word is a whole word of the stored tsvector, within the user's agencies (words
  stored per agency, GIN index, migration 0005_search_agency_words), the last one may also be the
  beginning of a word (≥ 4 letters: typing in progress); SQLite: each word is a substring of
  search_text (LIKE);
- permissions are applied in SQL (visible_texts): ordinary documents by the agency and secrecy
  copied on the row, secret ones by the document selectors (documents_visible_to /
  outgoing_visible_to): secret documents and other agencies' documents never come back, whatever
  the text says;
- ranking: rows whose metadata or the first EXACT_TEXT_CHARS characters of the text contain the
  query exactly as typed (accents kept, case ignored; column exact_text) first, then the full-text
  rank (PostgreSQL ts_rank), then the newest index rows.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connections, transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from egov.core.text import fold, nfc
from egov.documents.models import DocumentKind, DocumentText, IncomingDocument, OutgoingDocument, Secrecy
from egov.documents.selectors import documents_visible_to, outgoing_visible_to
from egov.documents.textextract import document_text_extract, tidy
from egov.org.models import Agency
from egov.org.scoping import staff_scope

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
MAX_WORDS = 12
MAX_PER_PAGE = 100
PREFIX_MIN = 4
SNIPPET_CHARS = 240
EXACT_TEXT_CHARS = 3000  # of the extracted text, for the exact-match ranking (exact_text)
_WORD = re.compile(r"[^\W_]+")
TABLE = DocumentText._meta.db_table
# PostgreSQL only: the generated column of migration 0003_search; the query is always a parameter.
MATCH_SQL = f'"{TABLE}"."search_vector" @@ to_tsquery(\'simple\', %s)'
RANK_SQL = f'ts_rank("{TABLE}"."search_vector", to_tsquery(\'simple\', %s))'

# -- indexing ---------------------------------------------------------------------------------------


def search_words(text: str) -> list[str]:
    """Folded words (letters and digits) of `text`, in order."""
    return _WORD.findall(fold(text))


def incoming_heading(document: IncomingDocument) -> str:
    parts = [
        document.number_symbol,
        document.doc_type.name if document.doc_type_id else "",
        document.abstract,
        document.sender_name,
        document.signer_name,
    ]
    return nfc(" · ".join(p for p in parts if p))[:1000]


def outgoing_heading(document: OutgoingDocument) -> str:
    names = [str(r.get("organ_name", "")) for r in document.recipients if isinstance(r, dict)]
    parts = [
        document.number_text,
        document.doc_type.name if document.doc_type_id else "",
        document.abstract,
        ", ".join(n for n in names if n),
        document.internal_recipients,
        document.signer_name,
    ]
    return nfc(" · ".join(p for p in parts if p))[:1000]


def index_values(*, heading: str, text: str) -> str:
    """The folded words of heading and text, space separated (the column search_text)."""
    return " ".join(search_words(f"{heading}\n{text}"))


def exact_values(*, heading: str, text: str) -> str:
    """The metadata and the first EXACT_TEXT_CHARS characters of the text, NFC and lowercased (the
    column exact_text): "contains the query exactly as typed" is then a plain LIKE, with no case
    folding of long texts per matching row."""
    return nfc(f"{heading}\n{text[:EXACT_TEXT_CHARS]}").lower()


def document_index_on_commit(*, kind: str, document_id: int) -> None:
    """Index a document right after the transaction that registered or released it commits. A
    failure never undoes the registration: the periodic `documents_text_pending` picks it up."""

    def run() -> None:
        model = IncomingDocument if kind == DocumentKind.INCOMING else OutgoingDocument
        found = model.objects.filter(pk=document_id).first()
        if found is None:
            return
        try:
            document_text_index(kind=kind, document=found)
        except Exception:  # logged; the periodic job retries documents without a search row
            logger.exception("Indexing %s document %s failed", kind, document_id)

    transaction.on_commit(run)


def document_text_index(
    *, kind: str, document: IncomingDocument | OutgoingDocument, extract: bool = True
) -> DocumentText:
    """Create or refresh the search row of one document. The file's text is extracted (outside any
    transaction: pdftotext may take seconds) unless `extract` is False, which keeps the text
    already indexed (metadata-only refresh). A derived index, not a record: no audit row."""
    if kind not in DocumentKind.values:
        raise ValueError(f"unknown document kind {kind!r}")
    heading = incoming_heading(document) if kind == DocumentKind.INCOMING else outgoing_heading(document)  # type: ignore[arg-type]
    body: str | None = None
    if extract:
        body = tidy(document_text_extract(document.file)) if document.file_id else ""
    model: Any = type(document)
    with transaction.atomic():
        # The agency and secrecy copies are read under the document's row lock: a concurrent
        # change of secrecy (outgoing_draft_update) waits for this and then updates the row itself.
        current = (
            model.objects.select_for_update().filter(pk=document.pk).values("agency_id", "secrecy").first()
        )
        if current is None:
            raise model.DoesNotExist(f"{kind} document {document.pk} is gone")
        row = (
            DocumentText.objects.select_for_update()
            .filter(document_kind=kind, document_id=document.pk)
            .first()
        )
        if row is None:
            row = DocumentText(document_kind=kind, document_id=document.pk)
        if body is not None:
            row.text, row.extracted = body, True
        row.agency_id = current["agency_id"]
        row.secrecy_level = current["secrecy"]
        row.heading = heading
        row.search_text = index_values(heading=heading, text=row.text)
        row.exact_text = exact_values(heading=heading, text=row.text)
        row.updated_at = timezone.now()
        row.save()
    return row


def documents_text_pending(limit: int = 100) -> int:
    """Index up to `limit` documents that have no DocumentText row yet (oldest first); returns how
    many were indexed. Safe to run twice at once: a row created meanwhile by another run is skipped."""
    done = 0
    for kind, model in ((DocumentKind.INCOMING, IncomingDocument), (DocumentKind.OUTGOING, OutgoingDocument)):
        if done >= limit:
            break
        has_row = DocumentText.objects.filter(document_kind=kind, document_id=OuterRef("pk"))
        pending = (
            model.objects.filter(~Exists(has_row)).select_related("doc_type", "file").order_by("pk")  # type: ignore[attr-defined]
        )
        for document in pending[: limit - done]:
            try:
                document_text_index(kind=kind, document=document)
            except IntegrityError:
                logger.info("document %s %s indexed by another run", kind, document.pk)
                continue
            done += 1
    return done


def documents_reindex(*, kind: str | None = None, extract: bool = True, batch: int = 500) -> int:
    """Rebuild the search rows of every document (of one kind); returns how many were indexed."""
    count = 0
    kinds = [k for k in DocumentKind.values if kind in (None, k)]
    for each in kinds:
        model: Any = IncomingDocument if each == DocumentKind.INCOMING else OutgoingDocument
        last = 0
        while True:
            chunk = list(
                model.objects.filter(pk__gt=last).select_related("doc_type", "file").order_by("pk")[:batch]
            )
            if not chunk:
                break
            for document in chunk:
                document_text_index(kind=each, document=document, extract=extract)
                count += 1
            last = chunk[-1].pk
    return count


# -- query ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # NFC, capped, spaces collapsed
    words: tuple[str, ...]  # folded words, unique, in query order

    @property
    def exact(self) -> str:
        return self.text.lower()

    def tsquery(self, agencies: list[int]) -> str:
        """`(g1xw1 & g1xw2 & g1xw3:*) | (g7xw1 & …)`: every word of the query, within one agency,
        for each of `agencies`. The stored vector holds each word as `g<agency id>x<word>`
        (migration 0005_search_agency_words), so one agency's posting lists hold only its own
        documents. Whole words; the last one also as a prefix when it has at least PREFIX_MIN
        letters (typing in progress; a prefix of 1–3 letters would expand to most of the
        vocabulary). Only letters and digits, so no tsquery operator can be injected."""
        groups = []
        for agency in agencies:
            terms = [f"g{int(agency)}x{word}" for word in self.words]
            if terms and len(self.words[-1]) >= PREFIX_MIN:
                terms[-1] = f"{terms[-1]}:*"
            groups.append(f"({' & '.join(terms)})")
        return " | ".join(groups)


def query_parse(query: str | None) -> ParsedQuery:
    text = " ".join(nfc(query or "")[:MAX_QUERY_LENGTH].split())
    words = tuple(dict.fromkeys(search_words(text)))[:MAX_WORDS]
    return ParsedQuery(text=text, words=words)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    document: IncomingDocument | OutgoingDocument | None
    heading: SafeString  # escaped, matches in <mark>
    snippet: SafeString  # escaped, matches in <mark>; "" when only the metadata matched
    url: str


@dataclass(frozen=True)
class SearchPage:
    query: ParsedQuery
    hits: list[SearchHit]
    total: int
    number: int
    per_page: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages


_ALL: Any = object()


def _agency_ids(user: Any) -> list[int] | None:
    """The user's agencies (None: all agencies; [] for anonymous users). Only used to narrow the
    index rows: the document selectors in visible_texts decide visibility."""
    if not getattr(user, "is_authenticated", False):
        return []
    scope = staff_scope(user=user)
    if scope.everything:
        return None
    return sorted(set(scope.agency_ids) | set(scope.tree_root_ids) | {a for a, _ in scope.departments})


def visible_texts(*, user: Any, kind: str | None = None, agency_ids: Any = _ALL) -> QuerySet[DocumentText]:
    """Index rows of the documents `user` may see.

    Ordinary documents are visible to the staff of their agency (documents_visible_to /
    outgoing_visible_to), so for them the row's own agency and secrecy copies decide, with no probe
    of the document tables. The copies are exact: a document never changes agency, its secrecy is
    copied under the document's row lock (document_text_index) and updated in the same transaction
    when a draft's secrecy changes (outgoing_draft_update). Secret rows (about 1 %) are checked against
    the document selectors, one primary-key probe each."""
    agencies = _agency_ids(user) if agency_ids is _ALL else agency_ids
    if agencies == []:
        return DocumentText.objects.none()
    secret = Q(pk__in=[])
    if kind in (None, DocumentKind.INCOMING):
        incoming = documents_visible_to(user=user).filter(pk=OuterRef("document_id"))
        secret |= Q(document_kind=DocumentKind.INCOMING) & Q(Exists(incoming))
    if kind in (None, DocumentKind.OUTGOING):
        outgoing = outgoing_visible_to(user=user).filter(pk=OuterRef("document_id"))
        secret |= Q(document_kind=DocumentKind.OUTGOING) & Q(Exists(outgoing))
    qs = DocumentText.objects.filter(
        Q(secrecy_level=Secrecy.NORMAL) | (~Q(secrecy_level=Secrecy.NORMAL) & secret)
    )
    if kind is not None:
        qs = qs.filter(document_kind=kind)
    return qs.filter(agency_id__in=agencies) if agencies is not None else qs


def _postgres(qs: QuerySet[Any]) -> bool:
    return connections[qs.db].vendor == "postgresql"


def search_queryset(*, user: Any, query: ParsedQuery, kind: str | None = None) -> QuerySet[DocumentText]:
    """Visible rows matching every word, ranked (see the module docstring)."""
    agencies = _agency_ids(user)
    if not query.words or agencies == []:
        return DocumentText.objects.none()
    postgres = _postgres(DocumentText.objects.all())
    # PostgreSQL: the tsquery below only has words of the user's agencies, and a row's words carry
    # its own agency (generated from agency_id by the database), so the word match is the agency
    # filter. Left in SQL as well, the planner ANDs a scan of the agency's whole btree index.
    qs = visible_texts(user=user, kind=kind, agency_ids=None if postgres else agencies)
    if postgres:
        if agencies is None:  # a system administrator: every agency's words
            agencies = list(Agency.objects.using(qs.db).order_by("pk").values_list("pk", flat=True))
        words = query.tsquery(agencies)
        match = RawSQL(MATCH_SQL, [words], output_field=BooleanField())  # noqa: S611
        qs = qs.filter(match)
        rank: Any = RawSQL(RANK_SQL, [words], output_field=FloatField())  # noqa: S611
    else:
        for word in query.words:
            qs = qs.filter(search_text__contains=word)
        rank = Value(0.0)
    exact = Q(exact_text__contains=query.exact)
    qs = qs.alias(
        _exact=Case(When(exact, then=Value(0)), default=Value(1), output_field=IntegerField()),
        _rank=rank,
    )
    return qs.order_by("_exact", F("_rank").desc(), "-updated_at", "-pk")


# -- snippets ---------------------------------------------------------------------------------------


class _CharFold(dict[int, str]):
    """str.translate table: each character → its fold, exactly one character (" " when it folds to
    nothing), filled on first use: the snippets fold thousands of characters per page."""

    def __missing__(self, code: int) -> str:
        folded = fold(chr(code))
        self[code] = value = folded[0] if folded else " "
        return value


_CHAR_FOLD = _CharFold()


def _fold_chars(text: str) -> str:
    """`text` folded character by character, same length (positions map back to `text`)."""
    return text.translate(_CHAR_FOLD)


def _spans(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the words in `text`, matched at the start of a word."""
    folded = _fold_chars(text)
    found: list[tuple[int, int]] = []
    for word in words:
        for m in re.finditer(rf"(?<![^\W_]){re.escape(word)}", folded):
            found.append((m.start(), m.end()))
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, words: tuple[str, ...], *, width: int | None = None) -> SafeString:
    """`text` HTML-escaped with the words in <mark>; when `width` is given, a window of about that
    many characters around the first match ("" when nothing matches)."""
    spans = _spans(text, words)
    start, end = 0, len(text)
    if width is not None:
        if not spans:
            return mark_safe("")
        start = max(0, spans[0][0] - width // 4)
        end = min(len(text), start + width)
        spans = [(s, e) for s, e in spans if s >= start and e <= end]
    parts: list[str] = ["…" if start > 0 else ""]
    cursor = start
    for s, e in spans:
        parts.append(escape(text[cursor:s]))
        parts.append(f"<mark>{escape(text[s:e])}</mark>")
        cursor = e
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text is escaped


# -- page -------------------------------------------------------------------------------------------


def _url(kind: str, pk: int) -> str:
    name = "documents:incoming-detail" if kind == DocumentKind.INCOMING else "documents:outgoing-detail"
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return ""


def _page_rows(qs: QuerySet[DocumentText], *, number: int, per_page: int) -> tuple[int, list[Any]]:
    """(total, rows of page `number`): the matches are ranked and counted in ONE query that
    carries only their keys (COUNT(*) OVER (); a window over the wide rows spilled to disk on broad
    queries), then a second query reads the page's rows. On PostgreSQL, JIT is off for the first
    (SET LOCAL): compiling costs far more than it saves on these short queries."""
    offset = (number - 1) * per_page
    page = qs.annotate(_total=Window(Count("*"))).values_list("pk", "_total")[offset : offset + per_page]
    with transaction.atomic(using=qs.db):
        if _postgres(qs):
            with connections[qs.db].cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '32MB'")  # the ranked keys stay in memory
        found = list(page)
    if not found:
        return 0, []
    order = [pk for pk, _total in found]
    rows = {
        row[0]: row[1:]
        for row in DocumentText.objects.using(qs.db)
        .filter(pk__in=order)
        .values_list("pk", "document_kind", "document_id", "heading", "text")
    }
    return int(found[0][1]), [rows[pk] for pk in order if pk in rows]


def document_search(
    *, user: Any, query: str | None, kind: str | None = None, page: int = 1, per_page: int = 20
) -> SearchPage:
    """One page of the documents `user` may see that match `query` (see the module docstring).
    Queries: the user's scope, the ranked page with the total, its rows, and one per document kind
    on the page."""
    parsed = query_parse(query)
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    if not parsed.words or kind not in (None, *DocumentKind.values):
        return SearchPage(query=parsed, hits=[], total=0, number=1, per_page=per_page)
    qs = search_queryset(user=user, query=parsed, kind=kind)
    number = max(1, page)
    total, rows = _page_rows(qs, number=number, per_page=per_page)
    if not rows and total == 0 and number > 1:  # past the end: the count, then the last page
        total = qs.count()
        number = max(1, -(-total // per_page))
        total, rows = _page_rows(qs, number=number, per_page=per_page)
    documents: dict[tuple[str, int], Any] = {}
    incoming = [pk for k, pk, _h, _t in rows if k == DocumentKind.INCOMING]
    outgoing = [pk for k, pk, _h, _t in rows if k == DocumentKind.OUTGOING]
    if incoming:
        for doc in IncomingDocument.objects.filter(pk__in=incoming).select_related("doc_type"):
            documents[(DocumentKind.INCOMING, doc.pk)] = doc
    if outgoing:
        for out in OutgoingDocument.objects.filter(pk__in=outgoing).select_related("doc_type"):
            documents[(DocumentKind.OUTGOING, out.pk)] = out
    hits = [
        SearchHit(
            kind=k,
            document=documents.get((k, pk)),
            heading=highlight(heading, parsed.words),
            snippet=highlight(text, parsed.words, width=SNIPPET_CHARS),
            url=_url(k, pk),
        )
        for k, pk, heading, text in rows
    ]
    return SearchPage(query=parsed, hits=hits, total=total, number=number, per_page=per_page)
