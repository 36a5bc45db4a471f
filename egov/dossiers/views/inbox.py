"""The staff inbox: open tasks assigned to the user, delegated to them or in their unit queues."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from egov.core.permissions import staff_required
from egov.dossiers.views.common import is_htmx, redirect_hx

PER_PAGE = 20
DUE_SOON = timedelta(hours=8)  # one working day


def due_state(due: datetime | None, now: datetime) -> dict[str, str]:
    """Badge for a due time: late (quá hạn), due soon (sắp đến hạn) or in time (còn hạn)."""
    if due is None:
        return {"label": "", "css": ""}
    if due < now:
        return {"label": _("Overdue"), "css": "text-bg-danger"}
    if due - now <= DUE_SOON:
        return {"label": _("Due soon"), "css": "text-bg-warning"}
    return {"label": _("In time"), "css": "text-bg-success"}


def _page_number(raw: Any) -> int:
    try:
        return max(1, int(str(raw)))
    except (TypeError, ValueError):
        return 1


@require_GET
@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    from egov.dossiers.selectors import inbox_for

    number = _page_number(request.GET.get("page"))
    result = inbox_for(user=request.user, page=number, per_page=PER_PAGE)
    now = timezone.now()
    rows = [{"task": task, "due": due_state(task.due_at, now)} for task in result.tasks]
    context = {
        "page": result,
        "rows": rows,
        "previous_page": result.page - 1 if result.page > 1 else None,
        "next_page": result.page + 1 if result.page < result.pages else None,
    }
    return render(request, "dossiers/staff/inbox.html", context)


@require_POST
@staff_required
def claim(request: HttpRequest, task_id: int) -> HttpResponse:
    """Take a task from the unit queue ("Nhận xử lý"); htmx swaps the row."""
    from egov.dossiers.models import Task
    from egov.dossiers.services import task_claim

    error = ""
    try:
        task_claim(actor=request.user, task_id=task_id)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("The task is now yours."))
        return redirect_hx(request, reverse("dossiers:inbox"))
    task = (
        Task.objects.select_related("dossier__procedure_version", "step", "assignee")
        .filter(pk=task_id)
        .first()
    )
    if task is None:
        return HttpResponse(status=204)
    context = {
        "row": {"task": task, "due": due_state(task.due_at, timezone.now())},
        "error": error,
    }
    return render(request, "dossiers/staff/_inbox_row.html", context)
