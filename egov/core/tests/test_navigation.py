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


def _dropdown(nav: str, key: str) -> str:
    """The menu of the dropdown of group `key` ('' when there is none)."""
    start = nav.find(f'id="egov-nav-{key}"')
    if start < 0:
        return ""
    return nav[start : nav.index("</ul>", start)]


def test_leader_finds_the_documents_under_one_dropdown(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.AGENCY_LEADER)
    client.force_login(assignment.user)
    nav = _nav(client)
    menu = _dropdown(nav, "documents")
    for url in ("/staff/documents/", "/staff/documents/di/", "/staff/documents/bang-dieu-khien/"):
        assert f'href="{url}"' in menu
    assert 'href="/staff/documents/ho-so/"' in menu and 'href="/staff/documents/tim-kiem/"' in menu
    assert 'data-bs-toggle="dropdown"' in nav and 'aria-expanded="false"' in nav
    # The leader's only one-stop entry is a plain link, not a dropdown of one.
    assert _dropdown(nav, "one_stop") == ""
    assert nav.count('href="/staff/dossiers/"') == 1


def test_reception_officer_gets_one_stop_dropdown_and_no_documents(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.RECEPTION_OFFICER)
    client.force_login(assignment.user)
    nav = _nav(client)
    menu = _dropdown(nav, "one_stop")
    assert 'href="/staff/dossiers/new/"' in menu and 'href="/staff/dossiers/"' in menu
    assert "/staff/documents/" not in nav


def test_current_page_marks_its_group_and_entry(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.CLERK)
    client.force_login(assignment.user)
    html = client.get("/staff/documents/di/").content.decode()
    start = html.index('id="egov-nav"')
    nav = html[start : html.index("</nav>", start)]
    assert 'class="nav-link dropdown-toggle active"' in nav
    assert 'class="dropdown-item active" href="/staff/documents/di/" aria-current="page"' in nav


def test_specialist_without_admin_rights_sees_no_administration_group(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.SPECIALIST)
    client.force_login(assignment.user)
    nav = _nav(client)
    assert _dropdown(nav, "administration") == "" and "/admin/" not in nav


def test_administrator_tools_are_grouped(client: Client) -> None:
    assignment = AssignmentFactory.create(role=Role.AGENCY_ADMIN, user=StaffFactory.create(is_staff=True))
    client.force_login(assignment.user)
    menu = _dropdown(_nav(client), "administration")
    assert 'href="/admin/"' in menu and menu.count('class="dropdown-item') == 3
