"""S14: concurrent outgoing-document numbering (egov.documents.services.numbering).

`threads` threads (default 50), each with its own database connection, issue numbers with
`document_number_issue` for the same agency, document type and year, `per_thread` each, all at
once (a barrier releases them together). Every round uses a fresh year, so its series starts at 1;
the round passes when the numbers issued are exactly 1..N (unique and gapless). Each issuance is its
own transaction (counter upsert + IssuedNumber + audit row), as in the release flow.

median / p95: time per number over the rounds (round wall time ÷ N); ops/s = numbers per second
with all threads. Baseline: the same N numbers issued by a single thread in a loop, same run.
Goal: every round unique and gapless. On SQLite (one writer at a time) the threads would only queue
on the database lock, so the scenario runs with one thread there (noted).
"""

from __future__ import annotations

import statistics
import threading
import time
from datetime import date
from typing import Any

from bench.runner import Result, percentile

NUMBER = "S14"
NAME = "number_issue"
GOAL = "1..N unique, gapless"
DEFAULT_N = 10  # numbers per thread
APPS = None
THREADS = 50
AGENCY_CODE = "000.99.00.H97"
FIRST_YEAR = 2100


def agency_and_type() -> tuple[Any, Any]:
    from egov.core.text import fold
    from egov.documents.models import DocumentType
    from egov.documents.services.types import document_types_ensure
    from egov.org.models import AdminUnit, Agency

    document_types_ensure()
    unit, _ = AdminUnit.objects.get_or_create(
        code="9BD0",
        defaults={"name": "Tỉnh Bench", "kind": AdminUnit.Kind.PROVINCE, "valid_from": date(2025, 7, 1)},
    )
    agency, _ = Agency.objects.get_or_create(
        agency_code=AGENCY_CODE,
        defaults={
            "name": "Ủy ban nhân dân Bench",
            "kind": Agency.Kind.DEPARTMENT,
            "unit": unit,
            "valid_from": date(2025, 7, 1),
            "search_text": fold("Ủy ban nhân dân Bench"),
        },
    )
    return agency, DocumentType.objects.get(code="quyet_dinh")


def next_year(agency: Any) -> int:
    from django.db.models import Max

    from egov.documents.models import NumberCounter

    last = NumberCounter.objects.filter(agency=agency).aggregate(m=Max("year"))["m"] or 0
    return max(FIRST_YEAR, last + 1)


def issue_concurrently(*, agency: Any, doc_type: Any, year: int, threads: int, per_thread: int) -> list[int]:
    """All numbers issued by `threads` threads at once (each thread: its own connection)."""
    from django.db import connection

    from egov.documents.services.numbering import document_number_issue

    numbers: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads)

    def worker() -> None:
        mine: list[int] = []
        try:
            barrier.wait()
            for _ in range(per_thread):
                number, _text = document_number_issue(
                    agency=agency, doc_type=doc_type, year=year, issuing_abbr="UBND"
                )
                mine.append(number)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()
            with lock:
                numbers.extend(mine)

    if threads == 1:
        for _ in range(per_thread):
            numbers.append(
                document_number_issue(agency=agency, doc_type=doc_type, year=year, issuing_abbr="UBND")[0]
            )
        return numbers
    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} threads failed: {errors[0]!r}")
    return numbers


def gapless(numbers: list[int]) -> bool:
    return sorted(numbers) == list(range(1, len(numbers) + 1))


def run(*, n: int, rounds: int, threads: int = THREADS) -> Result:
    from django.db import connection

    agency, doc_type = agency_and_type()
    serial_note = ""
    if connection.vendor != "postgresql":
        threads, serial_note = 1, " SQLite: run with one thread (one writer at a time)."
    total = threads * n
    per_number: list[float] = []
    ok = True
    for _ in range(rounds + 1):  # the first round warms up
        year = next_year(agency)
        started = time.perf_counter()
        numbers = issue_concurrently(
            agency=agency, doc_type=doc_type, year=year, threads=threads, per_thread=n
        )
        elapsed = time.perf_counter() - started
        ok = ok and gapless(numbers) and len(numbers) == total
        per_number.append(elapsed / total)
    timed = per_number[1:]
    base: list[float] = []
    for _ in range(rounds):
        year = next_year(agency)
        started = time.perf_counter()
        numbers = issue_concurrently(agency=agency, doc_type=doc_type, year=year, threads=1, per_thread=total)
        base.append((time.perf_counter() - started) / total)
        ok = ok and gapless(numbers)
    median, p95 = statistics.median(timed), percentile(timed, 95)
    base_median = statistics.median(base)
    return Result(
        number=NUMBER,
        name=NAME,
        n=total,
        rounds=rounds,
        median_s=median,
        p95_s=p95,
        ops_per_second=1.0 / median if median else float("inf"),
        baseline="the same N numbers from one thread in a loop, same run",
        baseline_ops_per_second=1.0 / base_median if base_median else float("inf"),
        goal=GOAL,
        passed=ok,
        notes=(
            f"{connection.vendor}: {threads} threads × {n} numbers per round, {rounds} rounds (fresh year "
            f"each); all rounds unique and gapless: {ok}; round wall time median "
            f"{median * total * 1e3:.1f} ms for {total} numbers.{serial_note}"
        ),
    )
