"""Tiles of the staff home page: what each role will do.

A tile names a URL when its module exists. A tile whose module is not built yet (or whose URL does
not resolve) says plainly that it is coming and links nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from egov.org.models import Role

ONE_STOP = _("Coming with the one-stop module.")
DOCUMENTS = _("Coming with the document management module.")
REPORTS = _("Coming with the reports module.")
ANY_ROLE = "*"


@dataclass(frozen=True)
class Tile:
    key: str
    title: str | Promise
    text: str | Promise
    roles: frozenset[str]
    url_name: str | None = None
    coming: str | Promise = ""


TILES: tuple[Tile, ...] = (
    Tile(
        "receive",
        _("Receive dossiers"),
        _("Record dossiers brought to the counter and accept online ones."),
        frozenset({Role.RECEPTION_OFFICER}),
        url_name="dossiers:intake",
        coming=ONE_STOP,
    ),
    Tile(
        "return",
        _("Return results"),
        _("Hand results back at the counter, by post or online."),
        frozenset({Role.RECEPTION_OFFICER}),
        url_name="dossiers:inbox",
        coming=ONE_STOP,
    ),
    Tile(
        "handle",
        _("Dossiers to handle"),
        _("Dossiers assigned to you for appraisal."),
        frozenset({Role.SPECIALIST}),
        url_name="dossiers:inbox",
        coming=ONE_STOP,
    ),
    Tile(
        "review",
        _("Review and approve"),
        _("Check the appraisal of your department and forward it for decision."),
        frozenset({Role.DEPARTMENT_HEAD}),
        url_name="dossiers:inbox",
        coming=ONE_STOP,
    ),
    Tile(
        "dashboards",
        _("Dashboards"),
        _("Dossiers early, on time and late, by agency and procedure."),
        frozenset({Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD}),
        url_name="reports:dashboard",
        coming=REPORTS,
    ),
    Tile(
        "sign",
        _("Documents to sign"),
        _("Drafts waiting for your approval and digital signature."),
        frozenset({Role.AGENCY_LEADER}),
        url_name="documents:dashboard",
        coming=DOCUMENTS,
    ),
    Tile(
        "incoming",
        _("Incoming documents"),
        _("Register incoming documents and present them for assignment."),
        frozenset({Role.CLERK}),
        url_name="documents:incoming-list",
        coming=DOCUMENTS,
    ),
    Tile(
        "outgoing",
        _("Outgoing documents"),
        _("Number, seal and release outgoing documents."),
        frozenset({Role.CLERK, Role.SPECIALIST}),
        url_name="documents:outgoing-list",
        coming=DOCUMENTS,
    ),
    Tile(
        "administration",
        _("Administration"),
        _("Agencies, departments, staff positions and administrative units."),
        frozenset({Role.AGENCY_ADMIN, Role.SYSTEM_ADMIN}),
        url_name="admin:index",
    ),
    Tile(
        "calendar",
        _("Working calendar"),
        _("Working days, public holidays and make-up working days used for deadlines."),
        frozenset({ANY_ROLE}),
        url_name="work_calendar:year",
        coming=_("The working calendar page is being prepared."),
    ),
)


def _url(url_name: str | None) -> str:
    if not url_name:
        return ""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


def tiles_for(*, roles: Iterable[str]) -> list[dict[str, Any]]:
    """The tiles for a set of role codes, in a fixed order, each with `url` ('' = not available yet)."""
    held = {str(r) for r in roles} | {ANY_ROLE}
    result = []
    for tile in TILES:
        if not held & {str(r) for r in tile.roles}:
            continue
        url = _url(tile.url_name)
        result.append(
            {
                "key": tile.key,
                "title": tile.title,
                "text": tile.text,
                "url": url,
                "coming": "" if url else tile.coming,
            }
        )
    return result
