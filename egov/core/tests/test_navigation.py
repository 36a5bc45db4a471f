"""The navigation bar shows each role what it may use, and nothing to others."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from egov.accounts.tests.factories import StaffFactory, UserFactory
from egov.org.models import Role
from egov.org.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db


def _nav(client: Client) -> str:
    html = client.get("/").content.decode()
    start = html.index('id="egov-nav"')
    return html[start : html.index("</nav>", start)]


def test_anonymous_sees_no_staff_links(client: Client) -> None:
    nav = _nav(client)
    assert "/staff/" not in nav and "/admin/" not in nav
    assert "Đăng nhập" in nav


def test_citizen_sees_no_staff_links(client: Client) -> None:
    client.force_login(UserFactory.create(kind="citizen"))
    nav = _nav(client)
    assert "/staff/" not in nav and "/admin/" not in nav
    assert "Đăng xuất" in nav


def test_specialist_sees_workspace_and_calendar_but_not_admin(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.SPECIALIST)
    client.force_login(assignment.user)
    nav = _nav(client)
    assert 'href="/staff/"' in nav and 'href="/staff/calendar/"' in nav
    assert "/admin/" not in nav


def test_administrator_with_admin_site_access_sees_administration(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.AGENCY_ADMIN, user=StaffFactory.create(is_staff=True))
    client.force_login(assignment.user)
    assert 'href="/admin/"' in _nav(client)


def test_no_admin_link_without_admin_site_access(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.AGENCY_ADMIN, valid_to=date(2025, 12, 31))
    client.force_login(assignment.user)
    nav = _nav(client)
    assert "/admin/" not in nav
    assert 'href="/staff/"' in nav  # still a staff member


def test_staff_without_position_sees_workspace_only(client: Client) -> None:
    client.force_login(StaffFactory.create())
    nav = _nav(client)
    assert 'href="/staff/"' in nav and "/admin/" not in nav
