from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory
from egov.workflow.models import ProcessDefinition, Step
from egov.workflow.services import process_export
from egov.workflow.tests.factories import DefinitionFactory, make_procedure, staff_with

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
STEP = {
    "code": "receive",
    "name": "Tiếp nhận hồ sơ",
    "order": "1",
    "role": Role.RECEPTION_OFFICER,
    "unit_rule": Step.UnitRule.RECEIVING_UNIT,
    "hours": "2",
    "is_start": "on",
}


def test_anonymous_redirected(client, draft):
    for url in (reverse("workflow:list"), reverse("workflow:detail", args=[draft.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_admin_adds_step_via_htmx(client, admin, draft):
    client.force_login(admin)
    response = client.post(reverse("workflow:step_add", args=[draft.pk]), STEP, **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="wf-editor">')
    assert "<html" not in html
    assert "Tiếp nhận hồ sơ" in html and "<svg" in html
    assert draft.steps.get().code == "receive"


def test_htmx_step_errors_shown(client, admin, draft):
    client.force_login(admin)
    response = client.post(reverse("workflow:step_add", args=[draft.pk]), {**STEP, "code": "Bad Code"}, **HX)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not draft.steps.exists()


def test_admin_edits_and_removes_via_htmx(client, admin, valid_draft):
    client.force_login(admin)
    step = valid_draft.steps.get(code="appraise")
    response = client.get(reverse("workflow:step_edit", args=[valid_draft.pk, step.pk]), **HX)
    assert response.status_code == 200 and 'value="appraise"' in response.content.decode()
    data: dict[str, Any] = {
        "code": "appraise",
        "name": "Thẩm định lại",
        "role": Role.SPECIALIST,
        "hours": "5",
        "unit_rule": Step.UnitRule.COMPETENT_DEPARTMENT,
        "order": "2",
    }
    response = client.post(reverse("workflow:step_edit", args=[valid_draft.pk, step.pk]), data, **HX)
    assert response.status_code == 200 and "Thẩm định lại" in response.content.decode()
    tr = valid_draft.transitions.get(code="refuse")
    response = client.post(reverse("workflow:transition_delete", args=[valid_draft.pk, tr.pk]), **HX)
    assert response.status_code == 200
    assert not valid_draft.transitions.filter(code="refuse").exists()
    receive = valid_draft.steps.get(code="receive")
    data2: dict[str, Any] = {
        "code": "skip",
        "name": "Bỏ qua",
        "kind": "forward",
        "source": receive.pk,
        "target": "",
        "guards": ["fees_paid"],
    }
    response = client.post(reverse("workflow:transition_add", args=[valid_draft.pk]), data2, **HX)
    assert response.status_code == 200
    assert valid_draft.transitions.get(code="skip").guards == ["fees_paid"]


def test_specialist_may_view_not_edit(client, draft, agency):
    client.force_login(staff_with(Role.SPECIALIST, agency))
    assert client.get(reverse("workflow:detail", args=[draft.pk])).status_code == 200
    assert client.post(reverse("workflow:step_add", args=[draft.pk]), STEP, **HX).status_code == 403
    assert client.post(reverse("workflow:publish", args=[draft.pk])).status_code == 403
    assert not draft.steps.exists()


def test_other_agency_gets_404(client, draft):
    client.force_login(staff_with(Role.AGENCY_ADMIN, AgencyFactory.create()))
    assert client.get(reverse("workflow:detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("workflow:step_add", args=[draft.pk]), STEP, **HX).status_code == 404
    assert client.get(reverse("workflow:export", args=[draft.pk])).status_code == 404


def test_publish_lists_failures_then_succeeds(client, admin, draft, valid_draft):
    client.force_login(admin)
    empty = DefinitionFactory.create(agency=draft.agency)
    response = client.post(reverse("workflow:publish", args=[empty.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-check="no_steps"' in html and 'data-check="no_end"' in html
    response = client.post(reverse("workflow:publish", args=[valid_draft.pk]))
    assert response.status_code == 302
    valid_draft.refresh_from_db()
    assert valid_draft.status == ProcessDefinition.Status.PUBLISHED
    detail = client.get(reverse("workflow:detail", args=[valid_draft.pk])).content.decode()
    assert reverse("workflow:new_version", args=[valid_draft.pk]) in detail
    assert reverse("workflow:step_add", args=[valid_draft.pk]) not in detail
    response = client.post(reverse("workflow:new_version", args=[valid_draft.pk]))
    new = ProcessDefinition.objects.get(
        procedure=valid_draft.procedure, agency=valid_draft.agency, status="draft"
    )
    assert response["Location"] == reverse("workflow:detail", args=[new.pk])


def test_export_and_import(client, admin, valid_draft, agency):
    client.force_login(admin)
    response = client.get(reverse("workflow:export", args=[valid_draft.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data == json.loads(json.dumps(process_export(valid_draft)))
    upload = SimpleUploadedFile("p.json", response.content, content_type="application/json")
    procedure = make_procedure()
    response = client.post(
        reverse("workflow:import"), {"procedure": procedure.pk, "agency": agency.pk, "file": upload}
    )
    assert response.status_code == 302
    imported = ProcessDefinition.objects.get(procedure=procedure)
    assert imported.steps.count() == 3
    bad = SimpleUploadedFile("p.json", b"{not json", content_type="application/json")
    response = client.post(
        reverse("workflow:import"), {"procedure": procedure.pk, "agency": agency.pk, "file": bad}, follow=True
    )
    assert ProcessDefinition.objects.filter(procedure=procedure).count() == 1
    assert "alert-danger" in response.content.decode()


def test_specialist_cannot_import_or_create(client, agency):
    client.force_login(staff_with(Role.SPECIALIST, agency))
    procedure = make_procedure()
    client.post(reverse("workflow:create"), {"procedure": procedure.pk, "agency": agency.pk, "name": "X"})
    assert not ProcessDefinition.objects.exists()
    page = client.get(reverse("workflow:list")).content.decode()
    assert reverse("workflow:import") not in page


def test_admin_creates_draft(client, admin, agency):
    client.force_login(admin)
    procedure = make_procedure()
    response = client.post(reverse("workflow:create"), {"procedure": procedure.pk, "agency": agency.pk})
    definition = ProcessDefinition.objects.get(procedure=procedure)
    assert response["Location"] == reverse("workflow:detail", args=[definition.pk])


def test_list_query_count_is_fixed(client, admin, agency):
    client.force_login(admin)
    DefinitionFactory.create(agency=agency)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("workflow:list")).status_code == 200
    for _ in range(5):
        DefinitionFactory.create(agency=agency)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("workflow:list"))
    assert response.status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.content.decode().count(reverse("workflow:list")) >= 1


def test_list_is_scoped(client, draft):
    other = DefinitionFactory.create(agency=AgencyFactory.create(), name="Quy trình cơ quan khác")
    client.force_login(staff_with(Role.SPECIALIST, draft.agency))
    html = client.get(reverse("workflow:list")).content.decode()
    assert draft.name in html and other.name not in html
