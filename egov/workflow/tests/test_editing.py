from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from egov.core.audit.models import AuditEvent
from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory, DepartmentFactory
from egov.workflow.models import ProcessDefinition, Step, Transition
from egov.workflow.services import (
    process_create_draft,
    process_new_version,
    process_publish,
    step_add,
    step_remove,
    step_update,
    transition_add,
    transition_remove,
    transition_update,
)
from egov.workflow.tests.factories import make_procedure

pytestmark = pytest.mark.django_db


def test_create_draft_numbers_versions(agency, admin):
    procedure = make_procedure()
    first = process_create_draft(actor=admin, procedure=procedure, agency=agency, name="Quy trình A")
    second = process_create_draft(actor=admin, procedure=procedure, agency=agency, name="")
    other = process_create_draft(actor=admin, procedure=procedure, agency=AgencyFactory.create(), name="B")
    assert (first.version, second.version, other.version) == (1, 2, 1)
    assert second.name == procedure.name
    assert AuditEvent.objects.filter(action="workflow.process_create_draft").count() == 3


def _step(definition, admin, code="receive", **kw):
    values: dict[str, Any] = {
        "name": "Tiếp nhận",
        "role": Role.RECEPTION_OFFICER,
        "unit_rule": Step.UnitRule.RECEIVING_UNIT,
        "hours": Decimal(2),
    }
    values.update(kw)
    return step_add(actor=admin, definition=definition, code=code, **values)


def test_step_and_transition_crud(draft, admin):
    a = _step(draft, admin, is_start=True)
    b = _step(draft, admin, code="approve", name="Phê duyệt", is_end=True)
    assert (a.order, b.order) == (10, 20)
    tr = transition_add(
        actor=admin, definition=draft, code="go", name="Đi", kind="forward", source=a, target=b
    )
    step_update(actor=admin, step=b, hours="3.5", name="Ký")
    b.refresh_from_db()
    assert (b.hours, b.name) == (Decimal("3.5"), "Ký")
    transition_update(actor=admin, transition=tr, guards=["fees_paid"], requires_comment=True)
    tr.refresh_from_db()
    assert tr.guards == ["fees_paid"] and tr.requires_comment
    transition_remove(actor=admin, transition=tr)
    transition_add(actor=admin, definition=draft, code="go", name="Đi", kind="forward", source=a, target=b)
    step_remove(actor=admin, step=b)
    assert not Transition.objects.filter(definition=draft).exists()
    assert list(draft.steps.values_list("code", flat=True)) == ["receive"]
    assert AuditEvent.objects.filter(action__startswith="workflow.step_").count() == 4


def test_duplicate_codes_and_bad_values_refused(draft, admin):
    a = _step(draft, admin)
    with pytest.raises(ValidationError) as info:
        _step(draft, admin)
    assert "code" in info.value.message_dict
    with pytest.raises(ValidationError):
        _step(draft, admin, code="Bad Code")
    with pytest.raises(ValidationError):
        _step(draft, admin, code="x", role="boss")
    with pytest.raises(ValidationError) as info:
        _step(draft, admin, code="y", department=DepartmentFactory.create())
    assert "department" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        transition_add(
            actor=admin, definition=draft, code="t", name="T", kind="forward", source=a, guards=["zz"]
        )
    assert "guards" in info.value.message_dict
    with pytest.raises(TypeError):
        step_update(actor=admin, step=a, definition=None)


def test_transition_between_definitions_refused(draft, admin, agency):
    a = _step(draft, admin)
    other = process_create_draft(actor=admin, procedure=make_procedure(), agency=agency, name="Khác")
    b = _step(other, admin)
    with pytest.raises(ValidationError) as info:
        transition_add(actor=admin, definition=draft, code="t", name="T", kind="forward", source=a, target=b)
    assert "target" in info.value.message_dict


def test_published_definition_is_immutable(valid_draft, admin):
    process_publish(actor=admin, definition=valid_draft)
    step = valid_draft.steps.first()
    tr = valid_draft.transitions.first()
    attempts = [
        lambda: _step(valid_draft, admin, code="new"),
        lambda: step_update(actor=admin, step=step, name="Khác"),
        lambda: step_remove(actor=admin, step=step),
        lambda: transition_add(
            actor=admin, definition=valid_draft, code="n", name="N", kind="forward", source=step
        ),
        lambda: transition_update(actor=admin, transition=tr, name="Khác"),
        lambda: transition_remove(actor=admin, transition=tr),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as info:
            attempt()
        assert info.value.code == "immutable"
        assert "bản mới" in info.value.messages[0] or "new version" in info.value.messages[0]
    assert valid_draft.steps.count() == 3


def test_new_version_copies(valid_draft, admin):
    with pytest.raises(ValidationError):
        process_new_version(actor=admin, definition=valid_draft)
    process_publish(actor=admin, definition=valid_draft)
    draft = process_new_version(actor=admin, definition=valid_draft)
    assert draft.status == ProcessDefinition.Status.DRAFT
    assert draft.version == valid_draft.version + 1
    assert list(draft.steps.values_list("code", "hours", "is_start", "is_end")) == list(
        valid_draft.steps.values_list("code", "hours", "is_start", "is_end")
    )
    assert draft.transitions.count() == valid_draft.transitions.count() == 5
    assert draft.transitions.get(code="supplement").target == draft.steps.get(code="receive")
    with pytest.raises(ValidationError) as info:
        process_new_version(actor=admin, definition=valid_draft)
    assert info.value.code == "draft_exists"
    process_publish(actor=admin, definition=draft)
    valid_draft.refresh_from_db()
    assert valid_draft.status == ProcessDefinition.Status.RETIRED
