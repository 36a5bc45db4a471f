"""The clerk's registration form for an incoming document (paper scan or electronic file)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.accounts.models import User
from egov.core.permissions import staff_required
from egov.documents.forms import RegisterForm
from egov.documents.selectors import registering_agencies
from egov.documents.services import IncomingData, incoming_register

FIELDS = (
    "received_at", "channel", "sender_name", "sender_code", "original_number", "original_symbol",
    "issued_date", "doc_type", "abstract", "signer_name", "signer_position", "page_count", "urgency",
    "secrecy", "due_date", "note",
)  # fmt: skip


@require_http_methods(["GET", "POST"])
@staff_required
def incoming_register_view(request: HttpRequest) -> HttpResponse:
    agencies = registering_agencies(user=request.user)
    if not agencies.exists():
        raise PermissionDenied
    form = RegisterForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        leader = User.objects.filter(pk=data["present_to"]).first() if data.get("present_to") else None
        try:
            document = incoming_register(
                actor=request.user,
                data=IncomingData(**{k: data[k] for k in FIELDS}),
                file=data.get("file"),
                agency=data["agency"],
                present_to=leader,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Registered as incoming document no. %(number)s.") % {"number": document.arrival_number},
            )
            return redirect("documents:incoming-detail", pk=document.pk)
    return render(request, "documents/register.html", {"form": form})
