"""The navigation bar, by role. Apps add entries here; each entry names the roles that see it.

Entries with the same `group` are shown together under one dropdown (Bootstrap's, keyboard-accessible)
at the position of the group's first entry, so the bar of a leader or a clerk fits on one line at
1280 px. A group of which the user sees only one entry is shown as a plain link."""

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


DOCUMENT_ROLES = frozenset({"clerk", "agency_leader", "department_head", "specialist"})
DOCUMENTS = "documents"
ONE_STOP = "one_stop"
ADMINISTRATION = "administration"
# The label of each group's dropdown button.
GROUPS: dict[str, str | Promise] = {
    DOCUMENTS: _("Documents"),
    ONE_STOP: _("One-stop dossiers"),
    ADMINISTRATION: _("Administration"),
}


@dataclass(frozen=True)
class NavEntry:
    label: str | Promise
    url_name: str
    roles: frozenset[str]
    group: str = ""


NAV: tuple[NavEntry, ...] = (
    NavEntry(_("Online services"), "portal:catalog", frozenset({ANONYMOUS, CITIZEN})),
    NavEntry(_("My dossiers"), "portal:my-dossiers", frozenset({CITIZEN})),
    NavEntry(_("Track a dossier"), "tracking:lookup", frozenset({ANONYMOUS, CITIZEN})),
    NavEntry(_("Staff home"), "staff-home", frozenset({ANY_STAFF})),
    NavEntry(_("Receive"), "dossiers:intake", frozenset({"reception_officer"}), ONE_STOP),
    NavEntry(
        _("Online reception"), "dossiers:reception", frozenset({"reception_officer", "clerk"}), ONE_STOP
    ),
    NavEntry(
        _("Dossiers"),
        "dossiers:inbox",
        frozenset({"reception_officer", "specialist", "department_head", "agency_leader"}),
        ONE_STOP,
    ),
    NavEntry(
        _("Dashboard"),
        "reports:dashboard",
        frozenset({"agency_leader", "department_head", "agency_admin", "system_admin"}),
    ),
    NavEntry(_("Incoming documents"), "documents:incoming-list", DOCUMENT_ROLES, DOCUMENTS),
    NavEntry(_("Outgoing documents"), "documents:outgoing-list", DOCUMENT_ROLES, DOCUMENTS),
    NavEntry(
        _("Office dashboard"),
        "documents:dashboard",
        frozenset({"clerk", "agency_leader", "department_head"}),
        DOCUMENTS,
    ),
    NavEntry(_("Work files"), "documents:workfile-lists", DOCUMENT_ROLES, DOCUMENTS),
    NavEntry(_("Search documents"), "documents:search", DOCUMENT_ROLES, DOCUMENTS),
    NavEntry(
        _("Document exchange"),
        "documents:exchange",
        frozenset({"clerk", "agency_leader", "system_admin"}),
        DOCUMENTS,
    ),
    NavEntry(_("Procedures"), "catalog:list", frozenset({ANY_STAFF})),
    NavEntry(_("Working calendar"), "work_calendar:year", frozenset({ANY_STAFF})),
    NavEntry(_("Digital signatures"), "signing:my_certificates", frozenset({ANY_STAFF})),
    NavEntry(_("Processes"), "workflow:list", frozenset({"agency_admin", "system_admin"}), ADMINISTRATION),
    NavEntry(
        _("National portal"),
        "nationalportal:overview",
        frozenset({"agency_admin", "system_admin"}),
        ADMINISTRATION,
    ),
    NavEntry(_("Administration site"), "admin:index", frozenset({ADMIN_SITE}), ADMINISTRATION),
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


def _in_section(path: str, url: str) -> bool:
    """Whether `path` is the page `url` or below it (the group of the current page is marked)."""
    return path == url or (url != "/" and path.startswith(url))


def nav_items_for(request: HttpRequest) -> list[dict[str, Any]]:
    """The entries `request.user` sees, in order: links ({label, url, active}) and groups
    ({label, key, children: [links], active}) with more than one visible entry."""
    user = request.user
    roles = _roles(user) if user.is_authenticated else {ANONYMOUS}
    items: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for entry in NAV:
        if not roles & entry.roles:
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        link = {"label": entry.label, "url": url, "active": request.path == url}
        if not entry.group:
            items.append(link)
            continue
        group = groups.get(entry.group)
        if group is None:
            group = {"label": GROUPS[entry.group], "key": entry.group, "children": [], "active": False}
            groups[entry.group] = group
            items.append(group)
        group["children"].append(link)
        group["active"] = group["active"] or _in_section(request.path, url)
    return [_flatten(item) for item in items]


def _flatten(item: dict[str, Any]) -> dict[str, Any]:
    children = item.get("children")
    if children is not None and len(children) == 1:
        return dict(children[0])
    return item
