"""The exchange queue page (Liên thông văn bản): outbound edXML packages and status messages with
their transport state over the axis, the packages received, and "send again" on a failed row."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.core.permissions import staff_required
from egov.documents.axis.services import exchange_axis_retry
from egov.documents.exchange_selectors import (
    IN,
    INBOUND_STATES,
    OUT,
    OUTBOUND_STATES,
    TAB_INBOUND,
    TAB_PACKAGES,
    TAB_STATUSES,
    TABS,
    exchange_failed_counts,
    exchange_packages,
    exchange_row_get,
    exchange_scope,
    exchange_state,
    exchange_statuses,
    recipients_text,
    status_label,
)

PER_PAGE = 20


def _params(data: Any) -> tuple[str, str]:
    tab = data.get("tab", "")
    tab = tab if tab in TABS else TAB_PACKAGES
    choices = INBOUND_STATES if tab == TAB_INBOUND else OUTBOUND_STATES
    state = data.get("state", "")
    return tab, state if state in {key for key, _label in choices} else ""


@require_GET
@staff_required
def exchange_queue_view(request: HttpRequest) -> HttpResponse:
    scope = exchange_scope(user=request.user)
    if scope.nothing:
        raise Http404
    tab, state = _params(request.GET)
    if tab == TAB_STATUSES:
        rows: Any = exchange_statuses(scope=scope, state=state)
    else:
        rows = exchange_packages(scope=scope, direction=IN if tab == TAB_INBOUND else OUT, state=state)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    items = [
        {
            "row": row,
            "state": exchange_state(row),
            "to": recipients_text(row),
            "package": row if tab != TAB_STATUSES else row.package,
            "code": status_label(row.code) if tab == TAB_STATUSES else "",
            "can_retry": tab != TAB_INBOUND
            and row.failed_at is not None
            and scope.can_retry(
                row.agency_id if tab != TAB_STATUSES else getattr(row.package, "agency_id", None)
            ),
        }
        for row in page.object_list
    ]
    context = {
        "tab": tab,
        "state": state,
        "states": INBOUND_STATES if tab == TAB_INBOUND else OUTBOUND_STATES,
        "tabs": [
            (TAB_PACKAGES, _("Packages sent")),
            (TAB_STATUSES, _("Status messages sent")),
            (TAB_INBOUND, _("Packages received")),
        ],
        "failed": exchange_failed_counts(scope=scope),
        "page": page,
        "items": items,
        "many_agencies": scope.everything or len(scope.agency_ids) > 1,
        "query": urlencode({"tab": tab, "state": state}),
    }
    return render(request, "documents/exchange.html", context)


@require_POST
@staff_required
def exchange_retry_view(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in (TAB_PACKAGES, TAB_STATUSES):
        raise Http404
    row = exchange_row_get(scope=exchange_scope(user=request.user), kind=kind, pk=pk)
    if row is None:
        raise Http404
    try:
        exchange_axis_retry(actor=request.user, row=row)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message will be sent again at the next run of the exchange job."))
    tab, state = _params(request.POST)
    query = {"tab": tab, "state": state}
    page = request.POST.get("page", "")
    if page.isdigit():
        query["page"] = page
    return redirect(f"{reverse('documents:exchange')}?{urlencode(query)}")
