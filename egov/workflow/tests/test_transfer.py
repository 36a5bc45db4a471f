from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory, DepartmentFactory
from egov.workflow.models import ProcessDefinition, Step
from egov.workflow.services import process_export, process_import

pytestmark = pytest.mark.django_db


def test_round_trip(valid_draft, admin, agency):
    dept = DepartmentFactory.create(agency=agency, code="TP")
    other = AgencyFactory.create()
    Step.objects.filter(definition=valid_draft, code="appraise").update(department=dept)
    Step.objects.filter(definition=valid_draft, code="approve").update(
        unit_rule=Step.UnitRule.OTHER_AGENCY, other_agency=other
    )
    valid_draft.transitions.filter(code="done").update(guards=["fees_paid"], requires_attachment=True)
    data = process_export(valid_draft)
    data = json.loads(json.dumps(data))
    copy = process_import(actor=admin, data=data, procedure=valid_draft.procedure, agency=agency)
    assert copy.pk != valid_draft.pk and copy.status == ProcessDefinition.Status.DRAFT
    exported = process_export(copy)
    assert exported["steps"] == data["steps"]
    assert exported["transitions"] == data["transitions"]
    assert copy.steps.get(code="appraise").department == dept


def _data(valid_draft):
    return json.loads(json.dumps(process_export(valid_draft)))


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda d: d["steps"][1].update(role="boss"), "(appraise)"),
        (lambda d: d["steps"][0].update(hours="abc"), "(receive)"),
        (lambda d: d["steps"][1].update(department="NOPE"), "(appraise)"),
        (lambda d: d["steps"][2].update(other_agency="000.00.00.X00"), "(approve)"),
        (lambda d: d["transitions"][0].update(source="ghost"), "(to_appraise)"),
        (lambda d: d["transitions"][1].update(target="ghost"), "(to_approve)"),
        (lambda d: d["transitions"][2].update(guards=["unknown_guard"]), "(supplement)"),
        (lambda d: d["transitions"][2].update(kind="jump"), "(supplement)"),
        (lambda d: d["steps"].append(dict(d["steps"][0])), "(receive)"),
    ],
)
def test_bad_import_names_the_item_and_rolls_back(valid_draft, admin, agency, mutate, needle):
    data = _data(valid_draft)
    mutate(data)
    before = ProcessDefinition.objects.count()
    with pytest.raises(ValidationError) as info:
        process_import(actor=admin, data=data, procedure=valid_draft.procedure, agency=agency)
    assert needle in info.value.messages[0]
    assert ProcessDefinition.objects.count() == before


def test_bad_format(valid_draft, admin, agency):
    data: Any
    for data in ({"format": "other"}, [], {"format": "egov.workflow/1", "steps": "x"}):
        with pytest.raises(ValidationError):
            process_import(actor=admin, data=data, procedure=valid_draft.procedure, agency=agency)


def test_commands(valid_draft, agency, tmp_path):
    out = StringIO()
    call_command("process_export", str(valid_draft.pk), stdout=out)
    assert json.loads(out.getvalue())["steps"][0]["code"] == "receive"
    path = tmp_path / "p.json"
    call_command("process_export", str(valid_draft.pk), output=str(path))
    call_command(
        "process_import", str(path), procedure=valid_draft.procedure.code, agency=agency.pk, stdout=StringIO()
    )
    latest = ProcessDefinition.objects.filter(agency=agency).order_by("-version").first()
    assert latest is not None and latest.steps.count() == 3
    assert latest.steps.get(code="receive").role == Role.SPECIALIST
