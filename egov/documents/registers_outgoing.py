"""Reads for the outgoing pages and the outgoing register (Sổ đăng ký văn bản đi, Decree 30/2020
Annex IV; DOMAIN §3.5 step 6) as xlsx and PDF, 10 columns: Số, ký hiệu; Ngày tháng; Tên loại và
trích yếu; Người ký; Nơi nhận; Đơn vị, người nhận bản lưu; Số lượng bản; Ngày chuyển; Ký nhận;
Ghi chú. Column titles are the statutory Vietnamese ones. Visibility is `outgoing_visible_to`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from egov.core.text import fold
from egov.documents.models import ExchangePackage, OutgoingDocument, OutgoingRecipient, OutgoingReview
from egov.documents.selectors import has_role, outgoing_visible_to
from egov.documents.services.outgoing import EDITABLE
from egov.org.models import Role
from egov.printing import vn_format as vf

S = OutgoingDocument.Status
TITLE = "Sổ đăng ký văn bản đi"
COLUMNS = (
    "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
    "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
)  # fmt: skip
WIDTHS = (15, 12, 40, 18, 28, 16, 8, 12, 9, 14)
CENTRED = (1, 2, 7, 8)


@dataclass(frozen=True)
class OutgoingFilter:
    status: str = ""
    query: str = ""


def outgoing_list(*, user: Any, filters: OutgoingFilter | None = None) -> QuerySet[OutgoingDocument]:
    """Outgoing documents `user` may see, newest first (numbered ones by number)."""
    f = filters or OutgoingFilter()
    qs = outgoing_visible_to(user=user).select_related("doc_type", "agency", "drafting_department", "signer")
    if f.status:
        qs = qs.filter(status=f.status)
    for word in fold(f.query).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs.order_by("-created_at", "-pk")


def outgoing_get(*, user: Any, pk: int) -> OutgoingDocument | None:
    return (
        outgoing_visible_to(user=user)
        .select_related(
            "doc_type", "agency", "drafting_department", "signer", "created_by", "file", "pdf_file",
            "signed_file", "replaces",
        )
        .filter(pk=pk)
        .first()
    )  # fmt: skip


def outgoing_history(*, document: OutgoingDocument) -> dict[str, Any]:
    return {
        "reviews": list(
            OutgoingReview.objects.filter(document=document).select_related("actor").order_by("at", "pk")
        ),
        "recipient_rows": list(
            OutgoingRecipient.objects.filter(document=document)
            .select_related("agency", "package")
            .order_by("pk")
        ),
        "packages": list(
            ExchangePackage.objects.filter(outgoing=document).prefetch_related("statuses").order_by("pk")
        ),
        "replaced_by": list(document.replaced_by.all().order_by("pk")),
    }


def outgoing_actions_for(*, user: Any, document: OutgoingDocument) -> set[str]:
    """What `user` may do on `document` now (the services check again)."""
    if user is None or user.pk is None:
        return set()
    agency = document.agency_id
    clerk = has_role(user=user, agency=agency, roles=[Role.CLERK])
    leader = has_role(user=user, agency=agency, roles=[Role.AGENCY_LEADER])
    drafter = user.pk == document.created_by_id
    actions: set[str] = set()
    if document.status == S.DRAFT and drafter:
        actions.add("submit")
    if document.status in EDITABLE and (drafter or clerk):
        actions.add("pdf")
    if document.status == S.SUBMITTED and has_role(
        user=user, agency=agency, roles=[Role.DEPARTMENT_HEAD], department_id=document.drafting_department_id
    ):
        actions.add("review")
    if document.status == S.REVIEWED and clerk:
        actions.add("check")
    if document.status == S.CHECKED and leader:
        actions.add("approve")
    if document.status == S.APPROVED and leader:
        actions.add("sign")
    if document.status == S.APPROVED and clerk:
        actions.add("paper")
    if document.status == S.SIGNED and clerk:
        actions.add("number")
    if document.status == S.NUMBERED and clerk:
        actions.add("release")
    if document.status == S.RELEASED and (clerk or leader):
        actions.add("recall")
    return actions


# -- the register -----------------------------------------------------------------------------------


def with_register_data(qs: QuerySet[OutgoingDocument]) -> QuerySet[OutgoingDocument]:
    return qs.select_related("doc_type", "drafting_department", "created_by").prefetch_related(
        Prefetch("recipient_rows", queryset=OutgoingRecipient.objects.order_by("pk"))
    )


def register_rows(documents: Iterable[OutgoingDocument]) -> list[list[str]]:
    rows: list[list[str]] = []
    for d in documents:
        recipients = "; ".join(r.name for r in d.recipient_rows.all())
        keeper = ", ".join(
            x
            for x in ("VT", d.drafting_department.code if d.drafting_department else "", _name(d.created_by))
            if x
        )
        note = "; ".join(
            x
            for x in (
                d.get_secrecy_display() if d.is_secret else "",
                d.get_urgency_display() if d.urgency != "normal" else "",
                "Ký giấy" if d.paper_signed else "",
                str(d.get_status_display()) if d.status == S.RECALLED else "",
            )
            if x
        )
        rows.append([
            d.number_text, vf.date_short(d.issued_date), f"{d.doc_type.name}: {d.abstract}",
            f"{d.signer_position} {d.signer_name}".strip(), recipients, keeper, str(d.copies or ""),
            vf.date_short(d.released_at), "", note,
        ])  # fmt: skip
    return rows


def _name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username()) if user is not None else ""


def register_numbered(qs: QuerySet[OutgoingDocument], limit: int = 5000) -> list[OutgoingDocument]:
    """The numbered documents of `qs` in register order (year, series, number)."""
    docs = list(
        with_register_data(qs.filter(issued_number__isnull=False).select_related("issued_number"))[:limit]
    )
    docs.sort(key=lambda d: (d.issued_number.year, d.issued_number.series, d.issued_number.number))  # type: ignore[union-attr]
    return docs


def outgoing_register_xlsx(*, agency_name: str, period: str, documents: Iterable[OutgoingDocument]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = TITLE[:31]
    sheet.append([f"{TITLE.upper()} – {agency_name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([period])
    sheet.append(list(COLUMNS))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    with translation.override("vi"):
        for row in register_rows(documents):
            sheet.append(row)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[sheet.cell(row=3, column=index).column_letter].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def outgoing_register_pdf(*, agency: Any, period: str, documents: Iterable[OutgoingDocument]) -> bytes:
    from egov.printing.pdf import pdf_render

    with translation.override("vi"):
        context = {
            "form_title": TITLE,
            "columns": COLUMNS,
            "centred": CENTRED,
            "widths": [round(100 * w / sum(WIDTHS), 1) for w in WIDTHS],
            "rows": register_rows(documents),
            "period": period,
            "agency_governing": agency.parent.name if agency is not None and agency.parent_id else "",
            "agency_unit": agency.name if agency is not None else "",
            "printed": vf.datetime_short(timezone.now()),
        }
        return pdf_render(template="documents/print/register.html", context=context)
