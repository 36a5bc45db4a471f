"""Tracking book (form 07, sổ theo dõi hồ sơ) of the user's agency: filters, pages, exports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from egov.catalog.models import Procedure
from egov.core.permissions import staff_required
from egov.dossiers.models import Dossier

PER_PAGE = 50
EXPORT_MAX = 5000
SELECT_CSS = "form-select form-select-sm"
INPUT_CSS = "form-control form-control-sm"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BookFilterForm(forms.Form):
    date_from = forms.DateField(label=_("Received from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Received until"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), *list(Dossier.Status.choices)]
    )
    procedure = forms.ModelChoiceField(
        label=_("Procedure"), required=False, queryset=Procedure.objects.none(), empty_label=_("All")
    )
    q = forms.CharField(label=_("Dossier code"), required=False, max_length=40)

    def __init__(self, *args: Any, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["procedure"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - narrowed for mypy
        field.queryset = (
            Procedure.objects.filter(versions__implementing_agencies=agency).distinct().order_by("code")
        )
        for f in self.fields.values():
            select = isinstance(f.widget, forms.Select)
            f.widget.attrs["class"] = SELECT_CSS if select else INPUT_CSS


def _book(request: HttpRequest) -> tuple[Any, BookFilterForm, Any]:
    from egov.dossiers.selectors import book_agency_for, tracking_book

    agency = book_agency_for(user=request.user)
    if agency is None:
        raise PermissionDenied
    form = BookFilterForm(request.GET or None, agency=agency)
    data: dict[str, Any] = form.cleaned_data if form.is_bound and form.is_valid() else {}
    procedure = data.get("procedure")
    qs = tracking_book(
        agency=agency,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        status=data.get("status") or "",
        procedure_id=procedure.pk if procedure is not None else None,
        code=data.get("q") or "",
    )
    return agency, form, qs


@require_GET
@staff_required
def book(request: HttpRequest) -> HttpResponse:
    agency, form, qs = _book(request)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "agency": agency,
        "form": form,
        "page": page,
        "rows": list(page.object_list),
        "query": query.urlencode(),
    }
    return render(request, "dossiers/staff/book.html", context)


@require_GET
@staff_required
def book_export(request: HttpRequest, fmt: str) -> HttpResponse:
    from egov.dossiers.forms_pdf import tracking_book_pdf, tracking_book_xlsx

    if fmt not in ("xlsx", "pdf"):
        raise Http404
    agency, _form, qs = _book(request)
    rows = qs[:EXPORT_MAX]
    stamp = timezone.localdate().strftime("%Y%m%d")
    if fmt == "xlsx":
        body = tracking_book_xlsx(agency=agency, dossiers=rows)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = tracking_book_pdf(agency=agency, dossiers=rows)
        kind = "application/pdf"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="so-theo-doi-ho-so-{stamp}.{fmt}"'
    return response
