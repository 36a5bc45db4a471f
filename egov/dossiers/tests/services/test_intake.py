from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from egov.dossiers.codes import code_prefix_for
from egov.dossiers.deadlines import online_acceptance_due
from egov.dossiers.models import Dossier, Handover, Task
from egov.dossiers.services import (
    DossierConflict,
    dossier_accept_online,
    dossier_refuse_at_intake,
    dossier_request_supplement_at_intake,
)
from egov.dossiers.tests.services.conftest import World, build_world, vn
from egov.dossiers.types import ApplicantData, ComponentInput
from egov.notifications.models import OutboxMessage


def test_rule1_counter_intake_over_tet(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        d = world.receive(now=vn(2026, 2, 13, 10, 0))
    assert d.status == Dossier.Status.PROCESSING
    assert d.received_at == d.accepted_at == d.clock_started_at == vn(2026, 2, 13, 10, 0)
    assert d.due_at == vn(2026, 2, 25, 17, 0)
    assert d.code == "000.00.31.H59-260213-0001"
    assert d.fees_due == Decimal(50000)
    assert d.components.count() == 1
    done = d.tasks.get(step__code="tiep_nhan")
    assert done.status == Task.Status.DONE and done.completed_by == world.officer
    nxt = d.tasks.get(status=Task.Status.OPEN)
    assert nxt.step.code == "tham_dinh" and nxt.agency == world.agency and nxt.assignee is None
    assert Handover.objects.filter(dossier=d).count() == 1
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert f"dossier:{d.code}:received:email" in keys and f"dossier:{d.code}:received:sms" in keys


@pytest.mark.django_db
def test_rule2_same_day_cutoff() -> None:
    w = build_world(same_day=True, cutoff=time(15, 0), deadline_hours=Decimal(0))
    before = w.receive(now=vn(2026, 3, 6, 14, 59))  # Friday
    after = w.receive(now=vn(2026, 3, 6, 15, 1))
    assert before.due_at == vn(2026, 3, 6, 17, 0)
    assert after.due_at == vn(2026, 3, 9, 17, 0)  # next working day (Monday)


def test_validation_messages_by_field(world: World) -> None:
    bad = ApplicantData(name="  ", id_number="123", phone="12ab", email="not-mail")
    with pytest.raises(ValidationError) as exc:
        world.receive(now=vn(2026, 3, 2, 9, 0), applicant=bad, components=[])
    fields = set(exc.value.message_dict)
    assert fields == {
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_email",
        "components",
    }


def test_version_not_in_force_and_agency_not_implementing(world: World) -> None:
    world.version.status = "retired"
    world.version.save()
    with pytest.raises(ValidationError) as exc:
        world.receive(now=vn(2026, 3, 2, 9, 0))
    assert "procedure_version_id" in exc.value.message_dict
    world.version.status = "published"
    world.version.save()
    with pytest.raises(ValidationError) as exc:
        world.receive(now=vn(2026, 3, 2, 9, 0), competent_agency_id=world.other.pk)
    assert "competent_agency_id" in exc.value.message_dict


def test_nfc_normalised(world: World) -> None:
    decomposed = "Nguye\u0302\u0303n Va\u0306n An"
    d = world.receive(
        now=vn(2026, 3, 2, 9, 0), applicant=ApplicantData(name=decomposed, id_number="001090012345")
    )
    assert d.applicant_name == "Nguyễn Văn An"


def test_only_reception_staff_of_the_unit_may_receive(world: World) -> None:
    from egov.dossiers.services import dossier_receive

    with pytest.raises(ValidationError):
        dossier_receive(actor=world.outsider, receiving_agency=world.agency, data=world.intake())
    with pytest.raises(ValidationError):
        dossier_receive(actor=world.specialist, receiving_agency=world.agency, data=world.intake())


def test_rule5a_online_acceptance(world: World) -> None:
    d = world.receive(now=vn(2026, 3, 6, 16, 0), channel=Dossier.Channel.ONLINE)  # Friday 16:00
    assert d.status == Dossier.Status.SUBMITTED and d.accepted_at is None and d.due_at is None
    assert d.tasks.count() == 0
    # 1 working hour on Friday (16:00-17:00), then Monday 07:30-11:30 and 13:30-16:30.
    assert online_acceptance_due(d) == vn(2026, 3, 9, 16, 30)
    accepted = dossier_accept_online(actor=world.officer, dossier=d, now=vn(2026, 3, 9, 9, 0))
    assert accepted.clock_started_at == vn(2026, 3, 9, 9, 0)
    assert accepted.due_at == vn(2026, 3, 12, 17, 0)
    with pytest.raises(DossierConflict):
        dossier_accept_online(actor=world.officer, dossier=d)


def test_refuse_and_supplement_at_intake(world: World) -> None:
    d1 = world.receive(now=vn(2026, 3, 2, 9, 0), channel=Dossier.Channel.ONLINE)
    with pytest.raises(ValidationError):
        dossier_refuse_at_intake(actor=world.officer, dossier=d1, reason=" ")
    refused = dossier_refuse_at_intake(actor=world.officer, dossier=d1, reason="Không thuộc thẩm quyền")
    assert refused.status == Dossier.Status.REFUSED
    d2 = world.receive(now=vn(2026, 3, 2, 9, 0), channel=Dossier.Channel.ONLINE)
    req = dossier_request_supplement_at_intake(
        actor=world.officer, dossier=d2, items=["Bản sao CCCD", ""], reason="Thiếu giấy tờ"
    )
    d2.refresh_from_db()
    assert (
        d2.status == Dossier.Status.SUPPLEMENT_REQUESTED
        and req.stage == "intake"
        and req.items == ["Bản sao CCCD"]
    )


def test_code_prefix_interagency(world: World) -> None:
    assert code_prefix_for(receiving_agency=world.other, competent_agency=world.agency, interagency=True) == (
        world.other.agency_code
    )
    assert code_prefix_for(
        receiving_agency=world.other, competent_agency=world.agency, interagency=False
    ) == (world.agency.agency_code)


def test_post_channel_keeps_submitted_at(world: World) -> None:
    d = world.receive(
        now=vn(2026, 3, 2, 9, 0),
        channel=Dossier.Channel.POST,
        components=[
            ComponentInput(name=c.name, procedure_component_id=c.pk) for c in world.version.components.all()
        ],
    )
    assert d.submitted_at == vn(2026, 3, 2, 9, 0) and d.components.count() == 2
