"""Shared pytest fixtures for every app and the cross-app tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from pytest_django import DjangoDbBlocker


@pytest.fixture(autouse=True)
def _calendar_checks_held(monkeypatch: pytest.MonkeyPatch) -> None:
    """The working calendar re-reads its override table at most once a second (another worker may
    have changed it). On a busy machine that second can pass in the middle of a test and add a query
    to a fixed query count. Changes made in this process invalidate the cache at once anyway; a test
    of the periodic re-check sets CHECK_INTERVAL itself."""
    from egov.core.calendar import cache

    monkeypatch.setattr(cache, "CHECK_INTERVAL", 10.0**9)


@pytest.fixture(autouse=True)
def _files_root(tmp_path: Path, settings: Any) -> None:
    """Each test stores uploads in its own folder, so nothing leaks between tests."""
    settings.EGOV_FILES_ROOT = tmp_path / "files"


def _audit_truncate_trigger(action: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE audit_auditevent {action} TRIGGER audit_event_no_truncate")


@pytest.fixture
def audit_truncate_allowed(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """A transactional test ends with TRUNCATE of every table, which the audit table refuses on
    PostgreSQL (append-only trigger). Request this fixture *before* transactional_db: it lifts that
    one trigger around the flush and restores it afterwards."""
    with django_db_blocker.unblock():
        _audit_truncate_trigger("DISABLE")
    yield
    with django_db_blocker.unblock():
        _audit_truncate_trigger("ENABLE")
