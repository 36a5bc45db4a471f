"""Dossier → context adapters for the one-stop forms (Circular 03/2025 Annex I) and the tracking
book (form 07) as PDF and xlsx. Forms are always printed in Vietnamese; times in Asia/Ho_Chi_Minh."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from io import BytesIO
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from egov.dossiers.models import Dossier, Handover
from egov.org.models import AdminUnit, Agency
from egov.printing import vn_format as vf
from egov.printing.catalog import FORMS, TIMELINESS_LABELS, form_spec
from egov.printing.pdf import pdf_render
from egov.printing.qr import qr_data_uri, tracking_url

COMPONENT_FORMS = {
    "original": "Bản chính",
    "copy": "Bản sao",
    "certified_copy": "Bản sao chứng thực",
    "original_or_copy": "Bản chính hoặc bản sao",
}
PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "TP. ")


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())


def _place(agency: Agency) -> str:
    """The place name of the date line: setting EGOV_PRINT_PLACE, else the agency's province."""
    configured = str(getattr(settings, "EGOV_PRINT_PLACE", "") or "")
    if configured:
        return configured
    unit: AdminUnit | None = agency.unit
    while unit is not None and unit.parent_id is not None:
        unit = unit.parent
    name = unit.name if unit is not None else ""
    for prefix in PLACE_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def agency_header(agency: Agency, *, place: str | None = None, on: Any = None) -> dict[str, Any]:
    parent = agency.parent
    when = on if on is not None else timezone.now()
    return {
        "agency_governing": parent.name if parent is not None else "",
        "agency_unit": agency.name,
        "place_date": vf.place_date_line(place if place is not None else _place(agency), when),
    }


def _dossier_queryset() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "procedure_version__procedure",
        "receiving_agency__parent",
        "receiving_agency__unit",
        "competent_agency__parent",
        "competent_agency__unit",
        "received_by",
    )


def _base_context(number: int, dossier: Dossier, extra: dict[str, Any]) -> dict[str, Any]:
    spec = form_spec(number)
    version = dossier.procedure_version
    header_agency = dossier.competent_agency if number in (4, 5) else dossier.receiving_agency
    link = tracking_url(dossier.code)
    fees = dossier.fees_due or 0
    return {
        "form_number": spec.label,
        "form_title": spec.title,
        "code": dossier.code,
        "tracking_url": link,
        "qr_uri": qr_data_uri(link),
        **agency_header(header_agency, place=extra.get("place"), on=extra.get("printed_on")),
        "receiving_unit": dossier.receiving_agency.name,
        "competent_unit": dossier.competent_agency.name,
        "applicant_name": dossier.applicant_name,
        "applicant_address": dossier.applicant_address,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "procedure_name": version.name,
        "procedure_code": version.procedure.code,
        "sets": dossier.sets,
        "deadline_text": vf.working_days(version.deadline_hours),
        "received_phrase": vf.datetime_phrase(dossier.accepted_at or dossier.received_at),
        "received_short": vf.date_short(dossier.received_at),
        "due_phrase": vf.datetime_phrase(dossier.due_at),
        "due_short": vf.date_short(dossier.due_at),
        "delivery": dossier.delivery,
        "delivery_address": dossier.delivery_address,
        "fees_text": vf.money(fees) if fees else "",
        "receiver_name": _person(dossier.received_by),
        "officer_name": _person(dossier.received_by),
    }


def _form01(dossier: Dossier, extra: dict[str, Any]) -> dict[str, Any]:
    components = [
        {"name": c.name, "form": COMPONENT_FORMS.get(c.form, c.form), "copies": c.copies}
        for c in dossier.components.all()
    ]
    return {"components": components}


def _form02(dossier: Dossier, extra: dict[str, Any]) -> dict[str, Any]:
    request = dossier.supplementations.select_related("requested_by").order_by("-requested_at").first()
    items: list[Any] = list(request.items) if request is not None else []
    texts = [i.get("name") or i.get("text") or str(i) if isinstance(i, dict) else str(i) for i in items]
    ctx: dict[str, Any] = {"items": texts, "requested_phrase": vf.datetime_phrase(None)}
    if request is not None:
        ctx |= {
            "reason": request.reason,
            "requested_phrase": vf.datetime_phrase(request.requested_at),
            "officer_name": _person(request.requested_by),
        }
    return ctx


def _form04(dossier: Dossier, extra: dict[str, Any]) -> dict[str, Any]:
    new_due: datetime | None = extra.get("new_due_at", dossier.due_at)
    original = dossier.original_due_at or dossier.due_at
    return {
        "original_due_phrase": vf.datetime_phrase(original),
        "new_due_phrase": vf.datetime_phrase(new_due),
    }


def _form05(dossier: Dossier, extra: dict[str, Any]) -> dict[str, Any]:
    stopped: datetime = extra.get("stopped_at") or timezone.now()
    return {"stopped_phrase": vf.datetime_phrase(stopped)}


def _form06(dossier: Dossier, extra: dict[str, Any]) -> dict[str, Any]:
    rows = Handover.objects.filter(dossier=dossier).select_related(
        "from_agency", "to_agency", "from_user", "to_user"
    )
    handovers = [
        {
            "from_agency": h.from_agency.name,
            "to_agency": h.to_agency.name if h.to_agency else "",
            "from_user": _person(h.from_user),
            "to_user": _person(h.to_user),
            "at_phrase": vf.datetime_phrase(h.at),
            "step_name": h.step_name,
            "timeliness_label": TIMELINESS_LABELS.get(h.timeliness, ""),
            "note": h.note,
        }
        for h in rows
    ]
    coordinating = sorted(
        {h["to_agency"] for h in handovers if h["to_agency"]} - {dossier.competent_agency.name}
    )
    return {"handovers": handovers, "coordinating": ", ".join(coordinating)}


_EXTRA_BUILDERS = {1: _form01, 2: _form02, 4: _form04, 5: _form05, 6: _form06}


def form_context(*, number: int, dossier: Dossier, **extra: Any) -> dict[str, Any]:
    """The template context of form ``number`` for ``dossier``; ``extra`` overrides any key
    (e.g. reason, doc_number, book_no, book_seq, hotline, place, printed_on, new_due_at, stopped_at)."""
    if number == 7:
        raise ValueError("Form 07 is a register: use tracking_book_pdf().")
    dossier = _dossier_queryset().get(pk=dossier.pk)
    context = _base_context(number, dossier, extra)
    builder = _EXTRA_BUILDERS.get(number)
    if builder is not None:
        context |= builder(dossier, extra)
    context |= {k: v for k, v in extra.items() if k not in ("new_due_at", "stopped_at", "printed_on")}
    return context


def form_pdf(*, number: int, dossier: Dossier, **extra: Any) -> bytes:
    """Render one of forms 01–06 for a dossier as PDF bytes."""
    with translation.override("vi"):
        context = form_context(number=number, dossier=dossier, **extra)
        return pdf_render(template=form_spec(number).template, context=context)


# --- Form 07: the tracking book --------------------------------------------------------------

BOOK_COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
)


def book_rows(dossiers: Iterable[Dossier]) -> list[dict[str, Any]]:
    if isinstance(dossiers, QuerySet):
        dossiers = dossiers.select_related("procedure_version", "competent_agency").prefetch_related(
            Prefetch("handovers", queryset=Handover.objects.order_by("at", "pk"))
        )
    rows = []
    for n, d in enumerate(dossiers, start=1):
        handovers = list(d.handovers.all())
        transfer = next((h.at for h in handovers if h.from_agency_id == d.receiving_agency_id), None)
        rows.append(
            {
                "stt": n,
                "code": d.code,
                "procedure_name": d.procedure_version.name,
                "sets": d.sets,
                "applicant_name": d.applicant_name,
                "address_phone": ", ".join(p for p in (d.applicant_address, d.applicant_phone) if p),
                "competent": d.competent_agency.name,
                "received": vf.date_short(d.received_at),
                "due": vf.date_short(d.due_at),
                "transferred": vf.date_short(transfer),
                "resolved": vf.date_short(d.resolved_at),
                "returned": vf.date_short(d.returned_at),
                "note": d.get_status_display() if d.status in ("refused", "stopped", "withdrawn") else "",
            }
        )
    return rows


def tracking_book_pdf(*, agency: Agency, dossiers: Iterable[Dossier], period: str = "") -> bytes:
    """Form 07 (Sổ theo dõi hồ sơ) for ``agency``, one row per dossier, A4 landscape."""
    spec = FORMS[7]
    with translation.override("vi"):
        context = {
            "form_number": spec.label,
            "form_title": spec.title,
            "period": period,
            "rows": book_rows(dossiers),
            **agency_header(agency),
        }
        return pdf_render(template=spec.template, context=context)


def tracking_book_xlsx(*, agency: Agency, dossiers: Iterable[Dossier]) -> bytes:
    """The same register as an xlsx workbook (one sheet, one row per dossier)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "So theo doi ho so"
    sheet.append([f"{FORMS[7].title.upper()} – {agency.name}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(BOOK_COLUMNS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    keys = ("stt", "code", "procedure_name", "sets", "applicant_name", "address_phone", "competent")
    dates = ("received", "due", "transferred", "resolved", "returned", "note")
    with translation.override("vi"):
        for row in book_rows(dossiers):
            sheet.append([row[k] for k in keys + dates])
    for column, width in zip(
        "ABCDEFGHIJKLM", (6, 28, 40, 10, 28, 34, 30, 12, 12, 14, 14, 14, 20), strict=True
    ):
        sheet.column_dimensions[column].width = width
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
