"""Fixtures for the reception of online dossiers (rule 5a): the services `world` (one agency with a
reception officer, a specialist, a leader; another agency) plus helpers to submit online dossiers.

Office hours are 07:30–11:30 and 13:30–17:00 (7.5 working hours a day); Tết 2026 is Mon 16 –
Fri 20 February."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest

from egov.dossiers.models import Dossier
from egov.dossiers.services import dossier_receive
from egov.dossiers.tests.services.conftest import World, build_world, vn
from egov.dossiers.tests.services.factories import make_dossier

__all__ = ["World", "build_world", "online", "submit", "vn"]


def submit(world: World, *, now: datetime, name: str = "Nguyễn Văn An", **overrides: Any) -> Dossier:
    """An online submission through the intake service (status SUBMITTED, submitted_at=now)."""
    from egov.dossiers.types import ApplicantData

    applicant = ApplicantData(name=name, id_number="001090012345", phone="0912345678", email="an@example.vn")
    data = world.intake(channel=Dossier.Channel.ONLINE, applicant=applicant, **overrides)
    return dossier_receive(actor=None, receiving_agency=world.agency, data=data, now=now)


def online(world: World, *, at: datetime, agency: Any = None, **overrides: Any) -> Dossier:
    """A SUBMITTED online dossier row built directly (fast; for long lists)."""
    values: dict[str, Any] = {
        "competent_agency": agency or world.agency,
        "version": world.version,
        "process": world.process if agency is None else None,
        "status": Dossier.Status.SUBMITTED,
        "channel": Dossier.Channel.ONLINE,
        "submitted_at": at,
        "received_at": at,
        "accepted_at": None,
        "clock_started_at": None,
        "due_at": None,
        "now": at,
    }
    values.update(overrides)
    if values["process"] is None:
        values.pop("process")
    return make_dossier(**values)


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def steady_calendar(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No periodic re-check of the calendar overrides (a fingerprint query at most once a second)
    during query-count assertions."""
    from egov.core.calendar import cache

    monkeypatch.setattr(cache, "CHECK_INTERVAL", 10**9)
    yield
