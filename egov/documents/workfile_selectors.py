"""Reads for work files (DOMAIN §3.7): settings, who may see and change an agency's files, the
file list of a year, the documents in a file, the archive-transfer index, the files due for
transfer and for a disposal review, and the exports (xlsx, PDF) of those lists."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from egov.documents.models import FileList, WorkFile, WorkFileItem
from egov.documents.selectors import documents_visible_to, outgoing_visible_to
from egov.org.models import Agency, Role
from egov.org.scoping import current_assignments
from egov.printing import vn_format as vf

DEFAULT_TRANSFER_MONTHS = 12
DEFAULT_RETENTION_YEARS = (70, 50, 20, 10, 5)
# Who keeps the files of an agency (create lists, open, fill and close files, transfer them).
KEEPER_ROLES = (Role.CLERK, Role.AGENCY_LEADER, Role.DEPARTMENT_HEAD, Role.SPECIALIST)
LIST_ROLES = (Role.CLERK, Role.AGENCY_LEADER)


# -- settings ---------------------------------------------------------------------------------------


def transfer_months() -> int:
    """EGOV_ARCHIVE_TRANSFER_MONTHS: closed files go to the agency archive within this many months of
    the work ending (Decree 30/2020: 1 year; [M], check against the Law on Archives 2024)."""
    return int(getattr(settings, "EGOV_ARCHIVE_TRANSFER_MONTHS", DEFAULT_TRANSFER_MONTHS))


def retention_choices() -> list[tuple[str, str]]:
    """EGOV_WORKFILE_RETENTION_YEARS: the retention periods offered (years), besides permanent."""
    years = getattr(settings, "EGOV_WORKFILE_RETENTION_YEARS", DEFAULT_RETENTION_YEARS)
    return [("", _("Permanent"))] + [(str(n), retention_label(int(n))) for n in years]


def retention_label(years: int | None) -> str:
    if years is None:
        return _("Permanent")
    return _("%(n)s years") % {"n": years}


def retention_vi(years: int | None) -> str:
    """The retention period as written on the official forms (Vietnamese, like the registers)."""
    return "Vĩnh viễn" if years is None else f"{years} năm"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return d.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(d)  # pragma: no cover


# -- scope ------------------------------------------------------------------------------------------


def keeper_agency_ids(*, user: Any, roles: Iterable[str] = KEEPER_ROLES) -> list[int]:
    """Agencies where `user` holds one of `roles` today (files are kept per agency; a parent
    agency's leader does not see the files of its sub-agencies)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    ids = current_assignments(user=user, roles=roles).values_list("agency_id", flat=True)
    return sorted(set(ids))


def keeper_agencies(*, user: Any) -> QuerySet[Agency]:
    return Agency.objects.filter(pk__in=keeper_agency_ids(user=user)).order_by("name")


def user_keeps(*, user: Any, agency_id: int, roles: Iterable[str] = KEEPER_ROLES) -> bool:
    return agency_id in keeper_agency_ids(user=user, roles=roles)


def workfiles_visible_to(*, user: Any) -> QuerySet[WorkFile]:
    return WorkFile.objects.filter(agency_id__in=keeper_agency_ids(user=user))


def file_list_for(*, user: Any, agency: Agency, year: int) -> FileList | None:
    if not user_keeps(user=user, agency_id=agency.pk):
        return None
    return FileList.objects.select_related("approved_by").filter(agency=agency, year=year).first()


def file_list_entries(*, file_list: FileList) -> QuerySet[WorkFile]:
    return file_list.files.select_related("department", "creator").order_by("position", "pk")


def workfile_get(*, user: Any, pk: int) -> WorkFile | None:
    return (
        workfiles_visible_to(user=user)
        .select_related("agency", "file_list", "department", "creator", "closed_by", "transfer_batch")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class ItemRow:
    item: WorkFileItem
    visible: bool
    kind: str  # "incoming" | "outgoing"
    number: str
    date: date | None
    author: str
    abstract: str
    pages: int


def workfile_items(*, workfile: WorkFile, user: Any) -> list[ItemRow]:
    """The documents of a file in order (3 queries). Documents `user` may not see (secret ones) keep
    their place and page count but not their content."""
    items = list(
        workfile.items.select_related("incoming__doc_type", "outgoing__doc_type").order_by("position", "pk")
    )
    in_ids = [i.incoming_id for i in items if i.incoming_id]
    out_ids = [i.outgoing_id for i in items if i.outgoing_id]
    seen_in = (
        set(documents_visible_to(user=user).filter(pk__in=in_ids).values_list("pk", flat=True))
        if in_ids
        else set()
    )
    seen_out = (
        set(outgoing_visible_to(user=user).filter(pk__in=out_ids).values_list("pk", flat=True))
        if out_ids
        else set()
    )
    rows = []
    for i in items:
        if i.incoming is not None:
            d = i.incoming
            rows.append(
                ItemRow(
                    i, d.pk in seen_in, "incoming", d.number_symbol, d.issued_date, d.sender_name,
                    f"{d.doc_type.name}: {d.abstract}", i.page_count,
                )
            )  # fmt: skip
        elif i.outgoing is not None:
            o = i.outgoing
            rows.append(
                ItemRow(
                    i, o.pk in seen_out, "outgoing", o.number_text, o.issued_date, "",
                    f"{o.doc_type.name}: {o.abstract}", i.page_count,
                )
            )  # fmt: skip
    return rows


def addable_documents(*, user: Any, workfile: WorkFile, query: str, limit: int = 10) -> dict[str, list[Any]]:
    """Documents of the file's agency that `user` may see, matching a number/symbol (or words of
    the abstract), not yet in the file: {"incoming": [...], "outgoing": [...]} (2 queries)."""
    from egov.core.text import fold

    q = query.strip()
    if not q:
        return {"incoming": [], "outgoing": []}
    incoming = documents_visible_to(user=user).filter(agency_id=workfile.agency_id)
    outgoing = outgoing_visible_to(user=user).filter(agency_id=workfile.agency_id)
    in_match = Q(original_symbol__icontains=q) | Q(original_number=q)
    out_match = Q(number_text__icontains=q)
    if q.isdigit():
        in_match |= Q(arrival_number=int(q))
    words = fold(q).split()[:6]
    if words:
        text_in, text_out = Q(), Q()
        for w in words:
            text_in &= Q(search_text__contains=w)
            text_out &= Q(search_text__contains=w)
        in_match |= text_in
        out_match |= text_out
    incoming = (
        incoming.filter(in_match)
        .exclude(
            pk__in=WorkFileItem.objects.filter(workfile=workfile, incoming__isnull=False).values(
                "incoming_id"
            )
        )
        .select_related("doc_type")
        .order_by("-received_at", "-pk")[:limit]
    )
    outgoing = (
        outgoing.filter(out_match)
        .exclude(
            pk__in=WorkFileItem.objects.filter(workfile=workfile, outgoing__isnull=False).values(
                "outgoing_id"
            )
        )
        .select_related("doc_type")
        .order_by("-pk")[:limit]
    )
    return {"incoming": list(incoming), "outgoing": list(outgoing)}


# -- archive ----------------------------------------------------------------------------------------


def files_due_for_transfer(*, agency: Agency | int, today: date | None = None) -> QuerySet[WorkFile]:
    """Closed files not yet transferred whose work ended more than EGOV_ARCHIVE_TRANSFER_MONTHS ago."""
    day = today or timezone.localdate()
    limit = add_months(day, -transfer_months())
    agency_id = agency if isinstance(agency, int) else agency.pk
    return WorkFile.objects.filter(
        agency_id=agency_id, status=WorkFile.Status.CLOSED, transferred_at__isnull=True, end_date__lt=limit
    ).order_by("end_date", "code", "pk")


def files_due_for_disposal_review(*, agency: Agency | int, today: date | None = None) -> QuerySet[WorkFile]:
    """Closed (or transferred) files kept for N years whose N years since the end date have passed.
    Permanent files never appear (2 queries: the retention values in use, then the files)."""
    day = today or timezone.localdate()
    agency_id = agency if isinstance(agency, int) else agency.pk
    base = WorkFile.objects.filter(
        agency_id=agency_id, status=WorkFile.Status.CLOSED, retention_years__isnull=False
    )
    years = sorted({n for n in base.values_list("retention_years", flat=True).distinct() if n is not None})
    cond = Q(pk__in=[])
    for n in years:
        cond |= Q(retention_years=n, end_date__lt=add_months(day, -12 * n))
    return base.filter(cond).order_by("end_date", "code", "pk")


TRANSFER_COLUMNS = (
    "STT", "Số, ký hiệu hồ sơ", "Tiêu đề hồ sơ", "Thời gian bắt đầu và kết thúc", "Thời hạn bảo quản",
    "Số tờ/số trang", "Ghi chú",
)  # fmt: skip
TRANSFER_WIDTHS = (6, 16, 52, 22, 14, 11, 16)


def _span(w: WorkFile) -> str:
    return f"{vf.date_short(w.start_date) or '…'} – {vf.date_short(w.end_date) or '…'}"


def archive_transfer_index(
    *, agency: Agency | int, year: int | None = None, files: Sequence[WorkFile] | None = None
) -> list[list[str]]:
    """Mục lục hồ sơ nộp lưu: STT, file number/symbol, title, start–end date, retention, pages, note.
    For the closed files of `year`'s list (or the given `files`, e.g. a transfer batch)."""
    if files is None:
        if year is None:
            raise ValueError("archive_transfer_index needs a year or the files")
        agency_id = agency if isinstance(agency, int) else agency.pk
        files = list(
            WorkFile.objects.filter(agency_id=agency_id, year=year, status=WorkFile.Status.CLOSED).order_by(
                "position", "pk"
            )
        )
    with translation.override("vi"):
        return [
            [str(n), w.code, w.title, _span(w), retention_vi(w.retention_years), str(w.page_total), w.note]
            for n, w in enumerate(files, start=1)
        ]


FILE_LIST_COLUMNS = (
    "Số, ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Đơn vị/người lập hồ sơ",
    "Ghi chú",
)  # fmt: skip
FILE_LIST_WIDTHS = (16, 60, 16, 26, 18)


def file_list_rows(files: Iterable[WorkFile]) -> list[list[str]]:
    """The yearly file list; a section heading becomes its own row (first cell empty)."""
    rows: list[list[str]] = []
    section = None
    with translation.override("vi"):
        for w in files:
            if w.section and w.section != section:
                rows.append(["", w.section.upper(), "", "", ""])
            section = w.section
            who = ", ".join(
                x
                for x in (
                    w.department.name if w.department else "",
                    (w.creator.get_full_name() or w.creator.get_username()) if w.creator else "",
                )
                if x
            )
            rows.append([w.code, w.title, retention_vi(w.retention_years), who, w.note])
    return rows


ITEM_COLUMNS = (
    "STT", "Số, ký hiệu văn bản", "Ngày tháng năm văn bản", "Tác giả văn bản", "Trích yếu nội dung văn bản",
    "Tờ số/số trang", "Ghi chú",
)  # fmt: skip
ITEM_WIDTHS = (6, 18, 13, 24, 55, 10, 14)


def item_rows(rows: Iterable[ItemRow], agency_name: str) -> list[list[str]]:
    """Mục lục văn bản trong hồ sơ; documents the reader may not see are listed without content."""
    out = []
    with translation.override("vi"):
        for n, r in enumerate(rows, start=1):
            if not r.visible:
                out.append([str(n), "", "", "", "(Văn bản mật)", str(r.pages or ""), ""])
                continue
            author = r.author or agency_name
            out.append([str(n), r.number, vf.date_short(r.date), author, r.abstract, str(r.pages or ""), ""])
    return out


@dataclass(frozen=True)
class Table:
    title: str
    subtitle: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]
    rows: list[list[str]]
    centred: tuple[int, ...] = ()


def table_xlsx(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = table.title[:31]
    sheet.append([table.title.upper()])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([table.subtitle])
    sheet.append(list(table.columns))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in table.rows:
        sheet.append(row)
    for index, width in enumerate(table.widths, start=1):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_pdf(table: Table, *, agency: Agency | None) -> bytes:
    from egov.printing.pdf import pdf_render

    with translation.override("vi"):
        context = {
            "form_title": table.title,
            "columns": table.columns,
            "centred": table.centred,
            "widths": [round(100 * w / sum(table.widths), 1) for w in table.widths],
            "rows": table.rows,
            "period": table.subtitle,
            "agency_governing": agency.parent.name
            if agency is not None and agency.parent is not None
            else "",
            "agency_unit": agency.name if agency is not None else "",
            "printed": vf.datetime_short(timezone.now()),
        }
        return pdf_render(template="documents/workfiles/print_table.html", context=context)
