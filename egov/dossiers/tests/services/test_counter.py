"""Refusal (form 03) and supplementation request (form 02) at the counter."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.dossiers.models import Dossier, SupplementationRequest, Task
from egov.dossiers.services import (
    dossier_refuse_at_counter,
    dossier_request_supplement_at_counter,
    dossier_supplement_complete,
)
from egov.dossiers.tests.services.conftest import World, vn

pytestmark = pytest.mark.django_db


def test_refuse_at_counter_creates_refused_dossier_without_clock(world: World) -> None:
    now = vn(2026, 3, 2, 9, 0)
    d = dossier_refuse_at_counter(
        actor=world.officer,
        receiving_agency=world.agency,
        data=world.intake(components=[]),  # no mandatory check at refusal
        reason="Không thuộc thẩm quyền",
        now=now,
    )
    assert d.status == Dossier.Status.REFUSED
    assert d.code.startswith("000.00.31.H59-260302-")
    assert d.received_at == now
    assert d.accepted_at is None and d.clock_started_at is None and d.due_at is None
    assert not Task.objects.filter(dossier=d).exists()
    assert AuditEvent.objects.filter(action="dossier.refuse_at_counter").exists()


def test_refuse_at_counter_needs_reason_and_receiver(world: World) -> None:
    with pytest.raises(ValidationError) as err:
        dossier_refuse_at_counter(
            actor=world.officer, receiving_agency=world.agency, data=world.intake(), reason="  "
        )
    assert "reason" in err.value.error_dict
    with pytest.raises(ValidationError):
        dossier_refuse_at_counter(
            actor=world.specialist, receiving_agency=world.agency, data=world.intake(), reason="x"
        )
    assert not Dossier.objects.exists()


def test_refuse_at_counter_still_validates_applicant(world: World) -> None:
    from egov.dossiers.types import ApplicantData

    with pytest.raises(ValidationError) as err:
        dossier_refuse_at_counter(
            actor=world.officer,
            receiving_agency=world.agency,
            data=world.intake(applicant=ApplicantData(name="An", id_number="123")),
            reason="x",
        )
    assert "applicant_id_number" in err.value.error_dict


def test_supplement_at_counter_then_complete_starts_clock_then(world: World) -> None:
    d = dossier_request_supplement_at_counter(
        actor=world.officer,
        receiving_agency=world.agency,
        data=world.intake(components=[]),
        items=["Tờ khai", " ", "Bản sao CCCD"],
        reason="Thiếu giấy tờ",
        now=vn(2026, 3, 2, 9, 0),
    )
    assert d.status == Dossier.Status.SUPPLEMENT_REQUESTED
    assert d.due_at is None and d.accepted_at is None
    request = SupplementationRequest.objects.get(dossier=d)
    assert request.stage == SupplementationRequest.Stage.INTAKE
    assert request.items == ["Tờ khai", "Bản sao CCCD"] and request.step is None
    done = dossier_supplement_complete(actor=world.officer, dossier=d, now=vn(2026, 3, 5, 8, 0))
    assert done.status == Dossier.Status.PROCESSING
    assert done.accepted_at == vn(2026, 3, 5, 8, 0) == done.clock_started_at
    assert done.due_at == vn(2026, 3, 10, 17, 0)  # 3 working days counted from Fri 06/03
    assert Task.objects.filter(dossier=d, status=Task.Status.OPEN, step__code="tham_dinh").exists()


def test_supplement_at_counter_needs_items_and_reason(world: World) -> None:
    with pytest.raises(ValidationError) as err:
        dossier_request_supplement_at_counter(
            actor=world.officer, receiving_agency=world.agency, data=world.intake(), items=[], reason="x"
        )
    assert "items" in err.value.error_dict
    with pytest.raises(ValidationError):
        dossier_request_supplement_at_counter(
            actor=world.outsider, receiving_agency=world.agency, data=world.intake(), items=["a"], reason="x"
        )
