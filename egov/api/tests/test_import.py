from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Permission

from egov.accounts.tests.factories import StaffFactory
from egov.api.tests.conftest import World, token_client
from egov.core.audit.models import AuditEvent
from egov.dossiers.models import Dossier
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role
from egov.org.tests.factories import AssignmentFactory

URL = "/api/v1/dossiers/import/"
VN = ZoneInfo("Asia/Ho_Chi_Minh")


def row(world: World, code: str, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "code": code,
        "procedure_code": world.version.procedure.code,
        "receiving_agency_code": world.agency.agency_code,
        "applicant_name": "Trần Thị Bình",
        "applicant_id_number": "001190012345",
        "status": "returned",
        "received_at": "2025-08-05T08:10:00+07:00",
        "accepted_at": "2025-08-05T08:15:00+07:00",
        "due_at": "2025-08-08T08:10:00+07:00",
        "resolved_at": "2025-08-07T15:00:00+07:00",
        "returned_at": "2025-08-08T09:00:00+07:00",
    }
    values.update(overrides)
    return values


def importer() -> Any:
    user: Any = StaffFactory()
    AssignmentFactory(user=user, role=Role.SYSTEM_ADMIN)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="api", codename="import_legacy"))
    return user


def test_permission_is_required(world: World) -> None:
    body = {"dossiers": [row(world, "OLD-1")]}
    assert token_client(world.officer).post(URL, body, format="json").status_code == 403
    admin_without_perm = make_staff(agency=world.agency, role=Role.SYSTEM_ADMIN)
    assert token_client(admin_without_perm).post(URL, body, format="json").status_code == 403
    perm_without_role = make_staff(agency=world.agency, role=Role.SPECIALIST)
    perm_without_role.user_permissions.add(
        Permission.objects.get(content_type__app_label="api", codename="import_legacy")
    )
    assert token_client(perm_without_role).post(URL, body, format="json").status_code == 403
    assert not Dossier.objects.exists()


def test_import_keeps_original_codes_and_timestamps(world: World) -> None:
    body = {
        "dossiers": [
            row(world, "OLD-1"),
            row(world, "OLD-2", status="processing", resolved_at=None, returned_at=None),
        ]
    }
    response = token_client(importer()).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json() == {"imported": 2, "codes": ["OLD-1", "OLD-2"]}
    old = Dossier.objects.get(code="OLD-1")
    assert old.received_at == datetime(2025, 8, 5, 8, 10, tzinfo=VN)
    assert old.accepted_at == datetime(2025, 8, 5, 8, 15, tzinfo=VN)
    assert old.due_at == datetime(2025, 8, 8, 8, 10, tzinfo=VN)
    assert old.resolved_at == datetime(2025, 8, 7, 15, 0, tzinfo=VN)
    assert old.status == "returned" and old.timeliness == "on_time"
    assert old.procedure_version == world.version
    assert AuditEvent.objects.filter(action="dossier.import_legacy").count() == 2


def test_one_bad_row_imports_nothing(world: World) -> None:
    body = {
        "dossiers": [
            row(world, "OLD-1"),
            row(world, "OLD-2", receiving_agency_code="999.99.99.H99"),
            row(world, "OLD-3", resolved_at="2025-08-01T08:00:00+07:00"),
            row(world, "OLD-1"),
        ]
    }
    response = token_client(importer()).post(URL, body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"1.receiving_agency_code", "2.resolved_at", "3.code"} <= set(errors)
    assert "0.code" not in errors
    assert not Dossier.objects.exists()
    assert not AuditEvent.objects.filter(action="dossier.import_legacy").exists()


def test_existing_codes_are_refused(world: World) -> None:
    existing = make_dossier(competent_agency=world.agency, version=world.version)
    body = {"dossiers": [row(world, "OLD-1"), row(world, existing.code)]}
    response = token_client(importer()).post(URL, body, format="json")
    assert response.status_code == 400
    assert "1.code" in response.json()["errors"]
    assert not Dossier.objects.filter(code="OLD-1").exists()


def test_shape_errors_are_json(world: World) -> None:
    response = token_client(importer()).post(
        URL, {"dossiers": [row(world, "OLD-1", received_at="hôm qua")]}, format="json"
    )
    assert response.status_code == 400
    assert "dossiers.0.received_at" in response.json()["errors"]
    empty = token_client(importer()).post(URL, {"dossiers": []}, format="json")
    assert empty.status_code == 400
