from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from egov.api.tests.conftest import World, token_client
from egov.dossiers.models import Dossier, Task
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role


def intake_body(world: World, **overrides: Any) -> dict[str, Any]:
    mandatory = world.version.components.get(mandatory=True)
    body: dict[str, Any] = {
        "procedure_version_id": world.version.pk,
        "applicant": {"name": "Nguyễn Văn An", "id_number": "001090012345", "phone": "0912345678"},
        "components": [{"name": mandatory.name, "procedure_component_id": mandatory.pk}],
    }
    body.update(overrides)
    return body


# --- scoping -----------------------------------------------------------------------------------


def test_list_shows_only_dossiers_in_scope(world: World) -> None:
    mine = make_dossier(competent_agency=world.agency, version=world.version)
    theirs = make_dossier(competent_agency=world.other)
    body = token_client(world.specialist).get("/api/v1/dossiers/").json()
    codes = [d["code"] for d in body["results"]]
    assert mine.code in codes and theirs.code not in codes
    outsider = token_client(world.outsider).get("/api/v1/dossiers/").json()
    assert [d["code"] for d in outsider["results"]] == [theirs.code]


def test_other_agency_dossier_is_404_on_retrieve_and_actions(world: World) -> None:
    theirs = make_dossier(competent_agency=world.other, with_task=True)
    client = token_client(world.specialist)
    assert client.get(f"/api/v1/dossiers/{theirs.code}/").status_code == 404
    response = client.post(f"/api/v1/dossiers/{theirs.code}/actions/", {"action": "claim"}, format="json")
    assert response.status_code == 404
    assert not Task.objects.filter(dossier=theirs, assignee__isnull=False).exists()
    assert token_client(world.outsider).get(f"/api/v1/dossiers/{theirs.code}/").status_code == 200


def test_staff_without_assignment_sees_nothing(world: World) -> None:
    from egov.accounts.tests.factories import StaffFactory

    make_dossier(competent_agency=world.agency, version=world.version)
    assert token_client(StaffFactory()).get("/api/v1/dossiers/").json()["count"] == 0


# --- list filters and query count ---------------------------------------------------------------


def test_list_filters(world: World) -> None:
    now = timezone.now()
    old = make_dossier(
        competent_agency=world.agency,
        version=world.version,
        now=now - timedelta(days=10),
        applicant_name="Trần Thị Bình",
    )
    new = make_dossier(competent_agency=world.agency, version=world.version, status=Dossier.Status.RESOLVED)
    client = token_client(world.specialist)

    def codes(**params: str) -> list[str]:
        response = client.get("/api/v1/dossiers/", params)
        assert response.status_code == 200, response.json()
        return [d["code"] for d in response.json()["results"]]

    assert codes(status="resolved") == [new.code]
    assert codes(q="tran thi binh") == [old.code]
    assert codes(q=new.code) == [new.code]
    assert codes(procedure=world.version.procedure.code) == [new.code, old.code]
    day = timezone.localdate(now - timedelta(days=10))
    assert codes(received_from=day.strftime("%d/%m/%Y"), received_to=day.isoformat()) == [old.code]
    assert codes(received_from=timezone.localdate(now).isoformat()) == [new.code]
    assert codes(due_before=(timezone.localdate(now) - timedelta(days=2)).isoformat()) == [old.code]


def test_list_rejects_bad_dates(world: World) -> None:
    response = token_client(world.specialist).get(
        "/api/v1/dossiers/", {"received_from": "31/02/2025", "status": "nope"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"received_from", "status"}


def test_list_query_count_is_fixed(world: World, django_assert_num_queries: Any) -> None:
    client = token_client(world.specialist)
    make_dossier(competent_agency=world.agency, version=world.version)
    with django_assert_num_queries(4):  # token, scope, count, page
        assert client.get("/api/v1/dossiers/").json()["count"] == 1
    for _ in range(5):
        make_dossier(competent_agency=world.agency, version=world.version, with_task=True)
    with django_assert_num_queries(4):
        assert client.get("/api/v1/dossiers/").json()["count"] == 6


# --- intake ---------------------------------------------------------------------------------------


def test_intake_happy_path(world: World) -> None:
    response = token_client(world.officer).post("/api/v1/dossiers/", intake_body(world), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    dossier = Dossier.objects.get(code=body["code"])
    assert dossier.receiving_agency == world.agency
    assert dossier.received_by == world.officer
    assert body["receiving_agency"] == "000.00.31.H59"
    assert body["due_at"] is not None


def test_intake_validation_errors_are_json_and_nothing_is_written(world: World) -> None:
    client = token_client(world.officer)
    bad = intake_body(world, applicant={"name": "Nguyễn Văn An", "id_number": "123"}, components=[])
    response = client.post("/api/v1/dossiers/", bad, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"applicant_id_number", "components"}
    assert all(isinstance(m, str) for messages in errors.values() for m in messages)
    shape = client.post("/api/v1/dossiers/", {"applicant": {}}, format="json")
    assert shape.status_code == 400
    assert {"procedure_version_id", "applicant.name"} <= set(shape.json()["errors"])
    assert not Dossier.objects.exists()


def test_intake_needs_a_reception_role_at_the_agency(world: World) -> None:
    client = token_client(world.officer)
    response = client.post(
        "/api/v1/dossiers/", intake_body(world, receiving_agency_id=world.other.pk), format="json"
    )
    assert response.status_code == 400
    assert "receiving_agency_id" in response.json()["errors"]
    specialist = token_client(world.specialist).post("/api/v1/dossiers/", intake_body(world), format="json")
    assert specialist.status_code == 400
    assert not Dossier.objects.exists()


def test_intake_with_explicit_receiving_agency(world: World) -> None:
    clerk = make_staff(agency=world.agency, role=Role.CLERK)
    response = token_client(clerk).post(
        "/api/v1/dossiers/", intake_body(world, receiving_agency_id=world.agency.pk), format="json"
    )
    assert response.status_code == 201, response.json()


# --- actions --------------------------------------------------------------------------------------


def test_claim_then_transition(world: World) -> None:
    dossier = make_dossier(competent_agency=world.agency, version=world.version, with_task=True)
    client = token_client(world.specialist)
    url = f"/api/v1/dossiers/{dossier.code}/actions/"
    assert client.post(url, {"action": "claim"}, format="json").status_code == 200
    assert Task.objects.get(dossier=dossier).assignee == world.specialist
    missing = client.post(url, {"action": "transition"}, format="json")
    assert missing.status_code == 400 and "transition" in missing.json()["errors"]
    response = client.post(url, {"action": "transition", "transition": "trinh_ky"}, format="json")
    assert response.status_code == 200, response.json()
    assert Task.objects.filter(dossier=dossier, status=Task.Status.OPEN, step__code="ky_duyet").exists()


def test_unknown_transition_is_400(world: World) -> None:
    dossier = make_dossier(competent_agency=world.agency, version=world.version, with_task=True)
    response = token_client(world.specialist).post(
        f"/api/v1/dossiers/{dossier.code}/actions/",
        {"action": "transition", "transition": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]


@pytest.mark.parametrize("name_the_task", [True, False])
def test_conflict_is_409(world: World, name_the_task: bool) -> None:
    dossier = make_dossier(competent_agency=world.agency, version=world.version, with_task=True)
    task = Task.objects.get(dossier=dossier)
    Task.objects.filter(pk=task.pk).update(status=Task.Status.DONE)  # someone else finished it first
    body: dict[str, Any] = {"action": "claim"}
    if name_the_task:
        body["task_id"] = task.pk
    response = token_client(world.specialist).post(
        f"/api/v1/dossiers/{dossier.code}/actions/", body, format="json"
    )
    assert response.status_code == 409
    assert response.json()["detail"]


def test_return_action(world: World) -> None:
    dossier = make_dossier(
        competent_agency=world.agency, version=world.version, status=Dossier.Status.RESOLVED
    )
    client = token_client(world.officer)
    url = f"/api/v1/dossiers/{dossier.code}/actions/"
    assert client.post(url, {"action": "return", "method": "counter"}, format="json").status_code == 400
    response = client.post(
        url, {"action": "return", "method": "counter", "receiver_name": "Nguyễn Văn An"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "returned"


def test_messages_are_vietnamese(world: World) -> None:
    response = token_client(world.officer).post(
        "/api/v1/dossiers/",
        intake_body(world, receiving_agency_id=world.other.pk),
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.json()["errors"]["receiving_agency_id"] == [
        "Bạn không giữ vai trò tiếp nhận tại cơ quan này."
    ]
