from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory
from egov.workflow.demo import workflow_demo_seed
from egov.workflow.models import ProcessDefinition
from egov.workflow.selectors import (
    process_list_for,
    process_published_for,
    start_step,
    transitions_from,
)
from egov.workflow.services import process_check, process_publish
from egov.workflow.tests.factories import make_procedure, staff_with

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent():
    a, b = AgencyFactory.create(), AgencyFactory.create()
    normal = make_procedure(deadline_hours=Decimal("56"), agencies=[a, b])
    same_day = make_procedure(deadline_hours=Decimal("4"), same_day=True, agencies=[a])
    make_procedure(status="draft", agencies=[a])
    assert workflow_demo_seed() == 3
    assert workflow_demo_seed() == 0
    call_command("workflow_demo", stdout=StringIO())
    assert ProcessDefinition.objects.count() == 3
    d = process_published_for(procedure=normal, agency=a)
    assert d is not None
    total = sum(s.hours for s in d.steps.all())
    assert total <= Decimal(56)
    assert [s.code for s in d.steps.all()] == ["receive", "appraise", "review", "approve", "return_result"]
    assert process_check(d).ok
    sd = process_published_for(procedure=same_day, agency=a)
    assert sd is not None and sum(s.hours for s in sd.steps.all()) <= 7


def test_selectors(valid_draft, admin, agency):
    assert process_published_for(procedure=valid_draft.procedure, agency=agency) is None
    process_publish(actor=admin, definition=valid_draft)
    assert process_published_for(procedure=valid_draft.procedure, agency=agency) == valid_draft
    start = start_step(valid_draft)
    assert start is not None and start.code == "receive"
    assert [t.code for t in transitions_from(start)] == ["to_appraise"]
    assert list(process_list_for(user=admin)) == [valid_draft]
    assert list(process_list_for(user=staff_with(Role.SPECIALIST, agency))) == [valid_draft]
    assert list(process_list_for(user=staff_with(Role.AGENCY_ADMIN, AgencyFactory.create()))) == []
