"""Accent-insensitive procedure search with the same rules on SQLite and PostgreSQL.

Matching: every word of the folded query (egov.core.text.fold) must occur in the folded
`Procedure.search_text` (code + name), in any order: "dang ky khai sinh", "khai sinh dang ky" and
"Đăng ký khai sinh" all find "Đăng ký khai sinh". On PostgreSQL these `LIKE '%word%'` filters are
served by the GIN trigram index on search_text (migration 0002_search_postgres).

Ranking, best first:
1. the name contains the query with its exact accents (case-insensitive);
2. the code starts with the query;
3. the folded code + name contains the folded query as one phrase (words in the same order);
4. every word of the query is a whole word of code + name (PostgreSQL: full-text search with the
   `vn` configuration; SQLite: word boundaries on the folded text);
5. only when asked (`closeness=True`, the public catalogue): PostgreSQL trigram similarity of the
   folded query and search_text, highest first; SQLite: shorter names first;
6. the code.

The query is NFC-normalised, capped at MAX_QUERY_LENGTH characters, and punctuation around words is
dropped, so a query of punctuation only is empty. LIKE wildcards (% _) are escaped by the ORM.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connections
from django.db.models import Case, F, Func, IntegerField, Model, Q, QuerySet, Value, When
from django.db.models.functions import Concat, Length, Replace

from egov.core.text import fold, nfc

MAX_QUERY_LENGTH = 200
# Unicode punctuation typed by Vietnamese keyboards and copied from documents, on top of ASCII's.
PUNCTUATION = string.punctuation + "“”‘’…–—«»"
# Characters that separate words on SQLite like PostgreSQL's text-search parser does (not "." so
# that codes such as 1.001193 stay one word).
_SEPARATORS = ("(", ")", ",", ";", ":", "/", "-", '"')
SQLITE_LOWER = "egov_lower"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class SearchQuery:
    text: str  # NFC, capped, outer punctuation of each word dropped, single spaces
    words: tuple[str, ...]  # folded words, without duplicates, in query order

    @property
    def is_empty(self) -> bool:
        return not self.words

    @property
    def folded(self) -> str:
        return " ".join(self.words)

    @property
    def exact(self) -> str:
        """The query as typed (accents kept), lower case: matched against names for rule 1."""
        return self.text.lower()


def search_parse(query: str | None) -> SearchQuery:
    """Normalise a query from a form or URL; never raises."""
    capped = nfc(query or "")[:MAX_QUERY_LENGTH]
    kept = [w for w in (part.strip(PUNCTUATION) for part in capped.split()) if w]
    text = " ".join(kept)
    words = tuple(dict.fromkeys(w for w in (part.strip(PUNCTUATION) for part in fold(text).split()) if w))
    return SearchQuery(text=text, words=words)


def sqlite_lower(value: str | None) -> str | None:
    """Unicode lower case for SQLite, whose LOWER() only knows ASCII (registered in CatalogConfig)."""
    return value.lower() if value is not None else None


class UnicodeLower(Func):
    """LOWER() on PostgreSQL (Unicode-aware); the registered Python function on SQLite."""

    function = "LOWER"
    arity = 1

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function=SQLITE_LOWER, **extra)


def search_filter(qs: QuerySet[M], query: SearchQuery, *, prefix: str = "") -> QuerySet[M]:
    """Keep rows whose folded code + name contains every word (AND); an empty query keeps all."""
    for word in query.words:
        qs = qs.filter(**{f"{prefix}search_text__contains": word})
    return qs


def _vendor(qs: QuerySet[Any]) -> str:
    return connections[qs.db].vendor


def _whole_words_sqlite(query: SearchQuery, prefix: str) -> tuple[Any, Q]:
    padded: Any = F(f"{prefix}search_text")
    for sep in _SEPARATORS:
        padded = Replace(padded, Value(sep), Value(" "))
    expression = Concat(Value(" "), padded, Value(" "))
    condition = Q()
    for word in query.words:
        condition &= Q(_search_padded__contains=f" {word} ")
    return expression, condition


def search_ranked(
    qs: QuerySet[M], query: SearchQuery, *, prefix: str = "", closeness: bool = False
) -> QuerySet[M]:
    """Order `qs` (already filtered with search_filter) by the ranking rules of this module."""
    if query.is_empty:
        return qs.order_by(f"{prefix}code")
    name, code, text = f"{prefix}name", f"{prefix}code", f"{prefix}search_text"
    postgres = _vendor(qs) == "postgresql"
    ranked: QuerySet[Any] = qs
    if postgres:
        exact_match = Q(**{f"{name}__icontains": query.exact})
    else:
        ranked = ranked.alias(_search_lower=UnicodeLower(F(name)))
        exact_match = Q(_search_lower__contains=query.exact)
    ranked = ranked.alias(
        _search_exact=Case(When(exact_match, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    ranked = ranked.alias(
        _search_code=Case(
            When(Q(**{f"{code}__startswith": query.folded}), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    ranked = ranked.alias(
        _search_phrase=Case(
            When(Q(**{f"{text}__contains": query.folded}), then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    order: list[Any] = ["_search_exact", "_search_code", "_search_phrase", "_search_whole"]
    if postgres:
        from django.contrib.postgres.search import SearchQuery as PgQuery
        from django.contrib.postgres.search import SearchVector, TrigramSimilarity

        ranked = ranked.alias(_search_vector=SearchVector(F(text), config="vn")).alias(
            _search_whole=Case(
                When(_search_vector=PgQuery(query.text, config="vn", search_type="plain"), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        if closeness:
            ranked = ranked.alias(_search_close=TrigramSimilarity(F(text), query.folded))
            order.append(F("_search_close").desc())
    else:
        padded, condition = _whole_words_sqlite(query, prefix)
        ranked = ranked.alias(_search_padded=padded).alias(
            _search_whole=Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())
        )
        if closeness:
            ranked = ranked.alias(_search_close=Length(F(name)))
            order.append("_search_close")
    order.append(code)
    return ranked.order_by(*order)
