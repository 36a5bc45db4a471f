"""Registers of incoming documents (Decree 30/2020 Annex IV; DOMAIN §3.4) as xlsx and PDF:

- Sổ đăng ký văn bản đến (10 columns): Ngày đến; Số đến; Tác giả; Số, ký hiệu; Ngày tháng văn bản;
  Tên loại và trích yếu nội dung; Đơn vị hoặc người nhận; Ngày chuyển; Ký nhận; Ghi chú.
- Sổ theo dõi giải quyết văn bản đến (7 columns): Số đến; Tên loại, số, ký hiệu, ngày tháng và tác
  giả; Đơn vị/người nhận; Thời hạn giải quyết; Tiến độ giải quyết; Số, ký hiệu VB trả lời; Ghi chú.

The column titles are the statutory Vietnamese ones (the registers are official forms)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from egov.documents.models import DirectionRecipient, HandlingUpdate, IncomingDocument
from egov.printing import vn_format as vf


@dataclass(frozen=True)
class Register:
    key: str
    title: str
    columns: tuple[str, ...]
    widths: tuple[int, ...]
    centred: tuple[int, ...]  # 1-based columns (numbers and dates)


INCOMING = Register(
    "incoming",
    "Sổ đăng ký văn bản đến",
    (
        "Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng văn bản",
        "Tên loại và trích yếu nội dung", "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú",
    ),
    (13, 6, 22, 15, 13, 44, 24, 13, 9, 14),
    (1, 2, 5, 8),
)  # fmt: skip
TRACKING = Register(
    "tracking",
    "Sổ theo dõi giải quyết văn bản đến",
    (
        "Số đến", "Tên loại, số, ký hiệu, ngày tháng và tác giả văn bản", "Đơn vị hoặc người nhận",
        "Thời hạn giải quyết", "Tiến độ giải quyết", "Số, ký hiệu văn bản trả lời", "Ghi chú",
    ),
    (7, 44, 26, 13, 36, 18, 14),
    (1, 4),
)  # fmt: skip
REGISTERS = {r.key: r for r in (INCOMING, TRACKING)}


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user is not None else ""


def _receivers(document: IncomingDocument) -> str:
    rows = [r for r in document.recipients.all() if r.current]
    if not rows:
        return ""
    labels = {"lead": "Chủ trì", "coordinate": "Phối hợp", "inform": "Để biết"}
    out = []
    for part in ("lead", "coordinate", "inform"):
        names = [str(r.department.name) if r.department else _name(r.user) for r in rows if r.part == part]
        if names:
            out.append(f"{labels[part]}: {', '.join(names)}")
    if document.handler is not None and document.handler_id != document.lead_user_id:
        out.append(f"Xử lý: {_name(document.handler)}")
    return "; ".join(out)


def _progress(document: IncomingDocument) -> str:
    updates = list(document.updates.all())
    if document.status == IncomingDocument.Status.DONE:
        return f"Đã giải quyết {vf.date_short(document.closed_at)}"
    if document.status == IncomingDocument.Status.RETURNED:
        return "Đã trả lại"
    last = updates[-1] if updates else None
    if last is not None:
        return f"{vf.date_short(last.at)}: {last.note}"
    return str(document.get_status_display())


def with_register_data(qs: QuerySet[IncomingDocument]) -> QuerySet[IncomingDocument]:
    return qs.select_related("doc_type", "lead_department", "lead_user", "handler", "reply").prefetch_related(
        Prefetch(
            "recipients",
            queryset=DirectionRecipient.objects.filter(current=True).select_related("department", "user"),
        ),
        Prefetch("updates", queryset=HandlingUpdate.objects.select_related("author").order_by("at", "pk")),
    )


def register_rows(key: str, documents: Iterable[IncomingDocument]) -> list[list[str]]:
    rows: list[list[str]] = []
    for d in documents:
        kind_abstract = f"{d.doc_type.name}: {d.abstract}"
        note = "; ".join(
            x for x in (d.get_secrecy_display() if d.is_secret else "",
                        d.get_urgency_display() if d.is_urgent else "", d.note) if x
        )  # fmt: skip
        if key == INCOMING.key:
            rows.append([
                vf.date_short(d.received_at), str(d.arrival_number or ""), d.sender_name, d.number_symbol,
                vf.date_short(d.issued_date), kind_abstract, _receivers(d), vf.date_short(d.directed_at),
                "", note,
            ])  # fmt: skip
        else:
            reply = d.reply.number_text if d.reply is not None else ""
            described = (
                f"{d.doc_type.name} số {d.number_symbol or '—'} ngày {vf.date_short(d.issued_date) or '—'}"
            )
            rows.append([
                str(d.arrival_number or ""), f"{described} của {d.sender_name}", _receivers(d),
                vf.date_short(d.deadline), _progress(d), reply, note,
            ])  # fmt: skip
    return rows


def register_xlsx(*, key: str, agency_name: str, period: str, documents: Iterable[IncomingDocument]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    spec = REGISTERS[key]
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = spec.title[:31]
    sheet.append([f"{spec.title.upper()} – {agency_name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([period])
    sheet.append(list(spec.columns))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    with translation.override("vi"):
        for row in register_rows(key, documents):
            sheet.append(row)
    for index, width in enumerate(spec.widths, start=1):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def register_pdf(*, key: str, agency: Any, period: str, documents: Iterable[IncomingDocument]) -> bytes:
    from egov.printing.pdf import pdf_render

    spec = REGISTERS[key]
    with translation.override("vi"):
        context = {
            "form_title": spec.title,
            "columns": spec.columns,
            "centred": spec.centred,
            "widths": [round(100 * w / sum(spec.widths), 1) for w in spec.widths],
            "rows": register_rows(key, documents),
            "period": period,
            "agency_governing": agency.parent.name if agency is not None and agency.parent_id else "",
            "agency_unit": agency.name if agency is not None else "",
            "printed": vf.datetime_short(timezone.now()),
        }
        return pdf_render(template="documents/print/register.html", context=context)
