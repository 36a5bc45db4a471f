"""Work-file pages: the yearly file list, a file (documents, add by number/symbol, close), the
archive transfer and disposal-review lists, and their exports. Thin: forms here, rules in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from egov.core.permissions import staff_required
from egov.documents import workfile_selectors as ws
from egov.documents.models import FileList, IncomingDocument, OutgoingDocument, WorkFile, WorkFileItem
from egov.documents.services import workfiles as svc
from egov.org.models import Agency, Department

PER_PAGE = 50
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class EntryForm(forms.Form):
    section = forms.CharField(label=gettext_lazy("Section heading"), max_length=200, required=False)
    code = forms.CharField(label=gettext_lazy("File number/symbol"), max_length=30)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=500)
    retention = forms.ChoiceField(label=gettext_lazy("Retention period"), required=False)
    department = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Department.objects.none(), required=False
    )
    rights = forms.ChoiceField(label=gettext_lazy("Access regime"), choices=WorkFile.Rights.choices)
    note = forms.CharField(label=gettext_lazy("Note"), max_length=500, required=False)

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["retention"].choices = ws.retention_choices()  # type: ignore[attr-defined]
        self.fields["department"].queryset = Department.objects.filter(agency=agency).order_by("name")  # type: ignore[attr-defined]
        for f in self.fields.values():
            f.widget.attrs["class"] = "form-select" if isinstance(f, forms.ChoiceField) else "form-control"


class AddForm(forms.Form):
    kind = forms.ChoiceField(choices=[("incoming", "incoming"), ("outgoing", "outgoing")])
    document = forms.IntegerField(min_value=1)
    pages = forms.IntegerField(label=gettext_lazy("Pages"), min_value=0, max_value=32767, required=False)


class CloseForm(forms.Form):
    end_date = forms.DateField(label=gettext_lazy("End date"), input_formats=DATE_FORMATS, required=False)


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


def _agency(request: HttpRequest) -> tuple[Agency, list[Agency]]:
    agencies = list(ws.keeper_agencies(user=request.user))
    if not agencies:
        raise Http404
    raw = request.GET.get("agency") or request.POST.get("agency") or ""
    if raw:
        chosen = next((a for a in agencies if str(a.pk) == raw), None)
        if chosen is None:
            raise Http404
        return chosen, agencies
    return agencies[0], agencies


def _list_page(
    request: HttpRequest,
    *,
    agency: Agency,
    agencies: list[Agency],
    year: int,
    entry_form: EntryForm | None = None,
    error: str = "",
) -> HttpResponse:
    file_list = ws.file_list_for(user=request.user, agency=agency, year=year)
    page = None
    if file_list is not None:
        page = Paginator(ws.file_list_entries(file_list=file_list), PER_PAGE).get_page(
            request.GET.get("page")
        )
    context = {
        "agency": agency,
        "agencies": agencies,
        "year": year,
        "years": [year - 1, year, year + 1],
        "file_list": file_list,
        "page": page,
        "rows": list(page.object_list) if page else [],
        "query": f"agency={agency.pk}&year={year}",
        "can_draw": ws.user_keeps(user=request.user, agency_id=agency.pk, roles=ws.LIST_ROLES),
        "can_approve": ws.user_keeps(user=request.user, agency_id=agency.pk, roles=["agency_leader"]),
        "entry_form": entry_form or EntryForm(agency=agency),
        "error": error,
    }
    status = 400 if (error or (entry_form is not None and entry_form.errors)) else 200
    return render(request, "documents/workfiles/lists.html", context, status=status)


@require_GET
@staff_required
def workfile_lists(request: HttpRequest) -> HttpResponse:
    agency, agencies = _agency(request)
    return _list_page(request, agency=agency, agencies=agencies, year=_year(request))


@require_POST
@staff_required
def file_list_create_view(request: HttpRequest) -> HttpResponse:
    agency, agencies = _agency(request)
    year = _year(request)
    try:
        svc.file_list_create(actor=request.user, agency=agency, year=year, note=request.POST.get("note", ""))
    except ValidationError as exc:
        return _list_page(request, agency=agency, agencies=agencies, year=year, error=" ".join(exc.messages))
    messages.success(request, _("File list created."))
    return redirect(f"{_lists_url()}?agency={agency.pk}&year={year}")


def _lists_url() -> str:
    from django.urls import reverse

    return reverse("documents:workfile-lists")


@require_POST
@staff_required
def file_list_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    file_list = FileList.objects.filter(pk=pk, agency_id__in=ws.keeper_agency_ids(user=request.user)).first()
    if file_list is None or action not in ("add-entry", "approve"):
        raise Http404
    agency = Agency.objects.get(pk=file_list.agency_id)
    agencies = list(ws.keeper_agencies(user=request.user))
    form = EntryForm(request.POST, agency=agency) if action == "add-entry" else None
    try:
        if action == "approve":
            svc.file_list_approve(actor=request.user, file_list=file_list)
            messages.success(request, _("File list approved."))
        else:
            assert form is not None  # noqa: S101
            if not form.is_valid():
                return _list_page(
                    request, agency=agency, agencies=agencies, year=file_list.year, entry_form=form
                )
            d = form.cleaned_data
            svc.file_list_add_entry(
                actor=request.user,
                file_list=file_list,
                data=svc.EntryData(
                    code=d["code"],
                    title=d["title"],
                    section=d["section"],
                    department=d["department"],
                    retention_years=int(d["retention"]) if d["retention"] else None,
                    rights=d["rights"],
                    note=d["note"],
                ),
            )
            messages.success(request, _("File added to the list."))
    except ValidationError as exc:
        if form is not None:
            form.add_error(None, exc)
            return _list_page(request, agency=agency, agencies=agencies, year=file_list.year, entry_form=form)
        return _list_page(
            request, agency=agency, agencies=agencies, year=file_list.year, error=" ".join(exc.messages)
        )
    return redirect(f"{_lists_url()}?agency={agency.pk}&year={file_list.year}")


def _detail(
    request: HttpRequest, workfile: WorkFile, *, error: str = "", close_form: CloseForm | None = None
) -> HttpResponse:
    query = (request.GET.get("q") or "").strip()[:60]
    found = (
        ws.addable_documents(user=request.user, workfile=workfile, query=query)
        if workfile.status == "open"
        else {}
    )
    context = {
        "wf": workfile,
        "items": ws.workfile_items(workfile=workfile, user=request.user),
        "retention": ws.retention_label(workfile.retention_years),
        "q": query,
        "found": found,
        "close_form": close_form or CloseForm(),
        "error": error,
    }
    status = 400 if error or (close_form is not None and close_form.errors) else 200
    return render(request, "documents/workfiles/detail.html", context, status=status)


def _get(request: HttpRequest, pk: int) -> WorkFile:
    workfile = ws.workfile_get(user=request.user, pk=pk)
    if workfile is None:
        raise Http404
    return workfile


@require_GET
@staff_required
def workfile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(request, pk))


@require_POST
@staff_required
def workfile_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    workfile = _get(request, pk)
    close_form = None
    try:
        if action == "open":
            svc.workfile_open(actor=request.user, workfile=workfile)
            messages.success(request, _("File opened."))
        elif action == "add":
            form = AddForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Choose a document to add."))
            d = form.cleaned_data
            model: Any = IncomingDocument if d["kind"] == "incoming" else OutgoingDocument
            doc = model.objects.filter(pk=d["document"]).first()
            if doc is None:
                raise ValidationError(_("The document does not exist."))
            svc.workfile_add_document(
                actor=request.user,
                workfile=workfile,
                page_count=d["pages"],
                incoming=doc if d["kind"] == "incoming" else None,
                outgoing=doc if d["kind"] == "outgoing" else None,
            )
            messages.success(request, _("Document added to the file."))
        elif action == "remove":
            item = WorkFileItem.objects.filter(pk=request.POST.get("item") or 0, workfile=workfile).first()
            if item is None:
                raise ValidationError(_("The document is not in this file."))
            svc.workfile_remove_document(actor=request.user, item=item)
            messages.success(request, _("Document removed from the file."))
        elif action == "close":
            close_form = CloseForm(request.POST)
            if not close_form.is_valid():
                return _detail(request, workfile, close_form=close_form)
            svc.workfile_close(
                actor=request.user, workfile=workfile, end_date=close_form.cleaned_data["end_date"]
            )
            messages.success(request, _("File closed."))
        else:
            raise Http404
    except ValidationError as exc:
        workfile.refresh_from_db()
        return _detail(request, workfile, error=" ".join(exc.messages), close_form=close_form)
    return redirect("documents:workfile-detail", pk=workfile.pk)


@require_http_methods(["GET", "POST"])
@staff_required
def workfile_transfer(request: HttpRequest) -> HttpResponse:
    agency, agencies = _agency(request)
    today = timezone.localdate()
    error = ""
    if request.method == "POST":
        ids = [int(x) for x in request.POST.getlist("files") if x.isdigit()]
        files = list(WorkFile.objects.filter(pk__in=ids, agency=agency))
        try:
            batch = svc.archive_transfer_record(
                actor=request.user, agency=agency, workfiles=files, note=request.POST.get("note", "")
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("%(n)s files recorded as transferred.") % {"n": batch.file_count})
            return redirect(f"{request.path}?agency={agency.pk}")
    due = Paginator(ws.files_due_for_transfer(agency=agency, today=today), PER_PAGE).get_page(
        request.GET.get("page")
    )
    disposal = list(ws.files_due_for_disposal_review(agency=agency, today=today)[:200])
    context = {
        "agency": agency,
        "agencies": agencies,
        "page": due,
        "due": list(due.object_list),
        "disposal": disposal,
        "months": ws.transfer_months(),
        "year": today.year - 1,
        "query": f"agency={agency.pk}",
        "can_transfer": ws.user_keeps(user=request.user, agency_id=agency.pk, roles=ws.LIST_ROLES),
        "error": error,
    }
    return render(request, "documents/workfiles/transfer.html", context, status=400 if error else 200)


def _send(table: ws.Table, *, fmt: str, agency: Agency | None, name: str) -> HttpResponse:
    if fmt == "xlsx":
        response = HttpResponse(
            ws.table_xlsx(table),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(ws.table_pdf(table, agency=agency), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
@staff_required
def file_list_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    file_list = (
        FileList.objects.select_related("agency__parent")
        .filter(pk=pk, agency_id__in=ws.keeper_agency_ids(user=request.user))
        .first()
    )
    if file_list is None or fmt not in ("xlsx", "pdf"):
        raise Http404
    rows = ws.file_list_rows(ws.file_list_entries(file_list=file_list))
    table = ws.Table(
        f"Danh mục hồ sơ năm {file_list.year}",
        "Đã phê duyệt" if file_list.status == FileList.Status.APPROVED else "Dự thảo",
        ws.FILE_LIST_COLUMNS,
        ws.FILE_LIST_WIDTHS,
        rows,
        (3,),
    )
    return _send(table, fmt=fmt, agency=file_list.agency, name=f"danh-muc-ho-so-{file_list.year}")


@require_GET
@staff_required
def workfile_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    workfile = _get(request, pk)
    rows = ws.item_rows(ws.workfile_items(workfile=workfile, user=request.user), workfile.agency.name)
    table = ws.Table(
        "Mục lục văn bản",
        f"Hồ sơ số {workfile.code}: {workfile.title}",
        ws.ITEM_COLUMNS,
        ws.ITEM_WIDTHS,
        rows,
        (1, 3, 6),
    )
    agency = Agency.objects.select_related("parent").get(pk=workfile.agency_id)
    return _send(table, fmt=fmt, agency=agency, name=f"muc-luc-{workfile.pk}")


@require_GET
@staff_required
def transfer_index_export(request: HttpRequest, year: int, fmt: str) -> HttpResponse:
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    agency, _agencies = _agency(request)
    rows = ws.archive_transfer_index(agency=agency, year=year)
    table = ws.Table(
        "Mục lục hồ sơ nộp lưu", f"Hồ sơ năm {year}", ws.TRANSFER_COLUMNS, ws.TRANSFER_WIDTHS, rows, (1, 4, 6)
    )
    agency = Agency.objects.select_related("parent").get(pk=agency.pk)
    return _send(table, fmt=fmt, agency=agency, name=f"muc-luc-nop-luu-{year}")
