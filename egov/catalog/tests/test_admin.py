"""Catalogue admin: pages load, actions call the services, published versions are read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from egov.accounts.tests.factories import StaffFactory
from egov.catalog.models import ProcedureVersion
from egov.catalog.tests.factories import draft, published

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    client.force_login(StaffFactory.create(is_staff=True, is_superuser=True))
    return client


def test_changelists_and_forms_load(admin_client: Client) -> None:
    version = published()
    for name in ("procedure", "procedureversion", "field"):
        assert admin_client.get(reverse(f"admin:catalog_{name}_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    assert page.status_code == 200
    assert 'name="deadline_hours"' not in page.content.decode()  # read-only once published
    assert (
        admin_client.get(reverse("admin:catalog_procedure_change", args=[version.procedure_id])).status_code
        == 200
    )


def test_publish_and_new_draft_actions(admin_client: Client) -> None:
    version = draft()
    url = reverse("admin:catalog_procedureversion_changelist")
    admin_client.post(url, {"action": "publish", "_selected_action": [version.pk]})
    version.refresh_from_db()
    assert version.status == ProcedureVersion.Status.PUBLISHED
    admin_client.post(
        reverse("admin:catalog_procedure_changelist"),
        {"action": "new_draft_version", "_selected_action": [version.procedure_id]},
    )
    new = version.procedure.versions.get(number=2)
    assert new.status == ProcedureVersion.Status.DRAFT and new.components.count() == 1


def test_publish_action_reports_problems(admin_client: Client) -> None:
    version = draft()
    version.components.all().delete()
    url = reverse("admin:catalog_procedureversion_changelist")
    response = admin_client.post(url, {"action": "publish", "_selected_action": [version.pk]}, follow=True)
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.status == ProcedureVersion.Status.DRAFT
