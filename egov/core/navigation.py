"""The navigation bar, by role. Apps add entries here; each entry names the roles that see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ANY_STAFF = "*staff"
# Django admin access is Django's own `is_staff` flag (set for administrators by egov.org services).
ADMIN_SITE = "*admin_site"
CITIZEN = "*citizen"
ANONYMOUS = "*anonymous"


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: frozenset[str]


NAV: tuple[NavEntry, ...] = (
    NavEntry(_("Online services"), "portal:catalog", frozenset({ANONYMOUS, CITIZEN})),
    NavEntry(_("My dossiers"), "portal:my-dossiers", frozenset({CITIZEN})),
    NavEntry(_("Track a dossier"), "tracking:lookup", frozenset({ANONYMOUS, CITIZEN})),
    NavEntry(_("Staff home"), "staff-home", frozenset({ANY_STAFF})),
    NavEntry(_("Receive"), "dossiers:intake", frozenset({"reception_officer"})),
    NavEntry(_("Online reception"), "dossiers:reception", frozenset({"reception_officer", "clerk"})),
    NavEntry(
        _("Dossiers"),
        "dossiers:inbox",
        frozenset({"reception_officer", "specialist", "department_head", "agency_leader"}),
    ),
    NavEntry(
        _("Dashboard"),
        "reports:dashboard",
        frozenset({"agency_leader", "department_head", "agency_admin", "system_admin"}),
    ),
    NavEntry(
        _("Incoming documents"),
        "documents:incoming-list",
        frozenset({"clerk", "agency_leader", "department_head", "specialist"}),
    ),
    NavEntry(
        _("Outgoing documents"),
        "documents:outgoing-list",
        frozenset({"clerk", "agency_leader", "department_head", "specialist"}),
    ),
    NavEntry(
        _("Office dashboard"), "documents:dashboard", frozenset({"clerk", "agency_leader", "department_head"})
    ),
    NavEntry(
        _("Work files"),
        "documents:workfile-lists",
        frozenset({"clerk", "agency_leader", "department_head", "specialist"}),
    ),
    NavEntry(_("Procedures"), "catalog:list", frozenset({ANY_STAFF})),
    NavEntry(_("Processes"), "workflow:list", frozenset({"agency_admin", "system_admin"})),
    NavEntry(_("National portal"), "nationalportal:overview", frozenset({"agency_admin", "system_admin"})),
    NavEntry(_("Working calendar"), "work_calendar:year", frozenset({ANY_STAFF})),
    NavEntry(_("Digital signatures"), "signing:my_certificates", frozenset({ANY_STAFF})),
    NavEntry(_("Administration"), "admin:index", frozenset({ADMIN_SITE})),
)


def _roles(user: Any) -> set[str]:
    from egov.org.selectors import staff_roles

    if getattr(user, "kind", "") == "citizen" and not user.is_superuser:
        return {CITIZEN}
    roles = set(staff_roles(user=user))
    if getattr(user, "kind", "") == "staff":
        roles.add(ANY_STAFF)
    if user.is_superuser:
        roles.add(ANY_STAFF)
    if user.is_staff and user.is_active:
        roles.add(ADMIN_SITE)
    return roles


def nav_items_for(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    roles = _roles(user) if user.is_authenticated else {ANONYMOUS}
    items = []
    for entry in NAV:
        if not roles & entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": entry.label, "url": url, "active": request.path == url})
    return items
