"""dossier_receive_from_national_portal: status, times, receiving unit, code rules, validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.dossiers.models import Dossier
from egov.dossiers.services.national import dossier_receive_from_national_portal
from egov.dossiers.tests.services.conftest import World, vn
from egov.org.tests.factories import AgencyFactory

PORTAL = "000.00.00.G22"


def _receive(world: World, remote_code: str, **kw: object) -> Dossier:
    data = world.intake(competent_agency_id=world.agency.pk)
    return dossier_receive_from_national_portal(
        data=data,
        remote_code=remote_code,
        submitted_at=kw.pop("submitted_at", vn(2026, 12, 1, 8, 0)),  # type: ignore[arg-type]
        code_prefix=PORTAL,
        now=kw.pop("now", vn(2026, 12, 1, 9, 0)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_submitted_dossier_with_three_separate_times(world: World) -> None:
    d = _receive(world, "000.00.31.H59-261201-0003")
    assert (d.status, d.channel, d.code) == ("submitted", "national_portal", "000.00.31.H59-261201-0003")
    assert (d.submitted_at, d.received_at, d.accepted_at) == (
        vn(2026, 12, 1, 8, 0),
        vn(2026, 12, 1, 9, 0),
        None,
    )
    assert d.receiving_agency == world.agency and d.received_by is None and d.online_alerted_at is None
    assert d.clock_started_at is None and d.due_at is None and not d.tasks.exists()  # type: ignore[attr-defined]
    event = AuditEvent.objects.get(action="dossier.receive", object_id=str(d.pk))
    assert event.to_state == "submitted" and event.data["remote_code"] == "000.00.31.H59-261201-0003"


def test_adopted_code_raises_the_daily_counter(world: World) -> None:
    _receive(world, "000.00.31.H59-261201-0005")
    counter = world.receive(now=vn(2026, 12, 1, 10, 0))  # counter intake, same agency, same day
    assert counter.code == "000.00.31.H59-261201-0006"


def test_code_in_use_or_odd_shape_gets_a_portal_code(world: World) -> None:
    first = world.receive(now=vn(2026, 12, 1, 8, 0))
    assert first.code == "000.00.31.H59-261201-0001"
    d = _receive(world, first.code)  # already used here
    assert d.code == f"{PORTAL}-261201-0001"
    assert _receive(world, "HS-12345").code == f"{PORTAL}-261201-0002"
    assert _receive(world, "000.00.31.H59-261341-0001").code == f"{PORTAL}-261201-0003"  # no such date


def test_receiving_unit_and_validation(world: World) -> None:
    centre = AgencyFactory(agency_code="000.00.98.H59")
    d = _receive(world, "R-1", receiving_agency=centre)
    assert d.receiving_agency == centre and d.competent_agency == world.agency
    with pytest.raises(ValidationError) as exc:
        dossier_receive_from_national_portal(
            data=world.intake(competent_agency_id=world.other.pk),
            remote_code="R-2",
            submitted_at=vn(2026, 12, 1, 8, 0),
            code_prefix=PORTAL,
        )
    assert "competent_agency_id" in exc.value.message_dict
    with pytest.raises(ValidationError):
        dossier_receive_from_national_portal(
            data=world.intake(), remote_code="R-3", submitted_at=vn(2026, 12, 1, 8, 0), code_prefix=PORTAL
        )
