"""S14 number_issue with tiny parameters: row shape, and gapless numbers from concurrent threads.

Transactional (threads use their own connections): `audit_truncate_allowed` is requested before
`transactional_db`, as in test_scenarios.py."""

from __future__ import annotations

from django.db import connection

from bench.runner import COLUMNS, Result
from bench.scenarios import number_issue


def test_number_issue_row_shape(audit_truncate_allowed: None, transactional_db: None) -> None:
    result = number_issue.run(n=2, rounds=5, threads=3)
    assert isinstance(result, Result) and result.number == "S14" and result.passed
    assert result.ops_per_second > 0 and result.baseline_ops_per_second > 0
    assert len(result.row()) == len(COLUMNS)


def test_concurrent_numbers_are_gapless(audit_truncate_allowed: None, transactional_db: None) -> None:
    agency, doc_type = number_issue.agency_and_type()
    threads = 4 if connection.vendor == "postgresql" else 1
    year = number_issue.next_year(agency)
    numbers = number_issue.issue_concurrently(
        agency=agency, doc_type=doc_type, year=year, threads=threads, per_thread=3
    )
    assert number_issue.gapless(numbers) and len(numbers) == threads * 3
    assert number_issue.next_year(agency) == year + 1
