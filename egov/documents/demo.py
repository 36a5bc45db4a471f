"""Demo data for the documents app (demo mode; run by `manage.py demo_seed` after the org and signing
demo steps). Everything goes through the documents, signing and org services, so the audit chain,
numbering and notifications are the real ones.

At the provincial People's Committee (the agency of the demo clerk `vanthu`):
- incoming documents in each state: received electronically and waiting to be registered,
  registered, urgent (presented at once), directed to the Office, in progress with notes, done with
  a reply, overdue, and a secret one presented to the leader `lanhdao`;
- outgoing documents drafted by `chuyenvien`: a draft, one in review, one approved and waiting for
  the leader's signature, one signed with the demo certificates and numbered (waiting for release)
  and one released to Sở Tư pháp and to the demo commune, where it waits in their incoming queues
  (received electronically, not registered yet); it is the reply of a handled incoming document;
- the yearly file list (approved) with two open work files holding some of these documents.

The demo has no head of unit or specialist at the provincial People's Committee, so (as the e2e
test of documents does) `truongphong` becomes head of its Office and `chuyenvien` a specialist
there. Idempotent: each document is looked up by its key (original symbol or abstract) and created
only when missing; what exists is kept.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from egov.accounts.models import User
from egov.core.files.kinds import SCAN_KINDS
from egov.core.files.services import file_store
from egov.documents.models import (
    Channel,
    DocumentType,
    FileList,
    IncomingDocument,
    OutgoingDocument,
    Secrecy,
    Urgency,
    WorkFile,
)
from egov.documents.services import (
    EntryData,
    IncomingData,
    RecipientInput,
    file_list_add_entry,
    file_list_approve,
    file_list_create,
    incoming_assign_handler,
    incoming_close,
    incoming_direct,
    incoming_progress,
    incoming_receive,
    incoming_register,
    outgoing_approve,
    outgoing_draft_create,
    outgoing_format_check,
    outgoing_issue_number,
    outgoing_release,
    outgoing_review,
    outgoing_sign,
    outgoing_submit,
    workfile_add_document,
    workfile_open,
)
from egov.documents.services.types import document_types_ensure
from egov.org.models import Agency, Department, Role, StaffAssignment
from egov.org.services import staff_assignment_create

CLERK, LEADER, SPECIALIST, HEAD, COMMUNE_OFFICER = (
    "vanthu",
    "lanhdao",
    "chuyenvien",
    "truongphong",
    "motcuaxa",
)
# Positions the demo adds at the provincial People's Committee (see the module docstring).
OFFICE_POSITIONS = (
    (SPECIALIST, Role.SPECIALIST, "Chuyên viên"),
    (HEAD, Role.DEPARTMENT_HEAD, "Chánh Văn phòng"),
)
POSITIONS_FROM = date(2025, 7, 1)


@dataclass
class Cast:
    agency: Agency
    commune: Agency | None
    office: Department
    clerk: Any
    leader: Any
    specialist: Any
    head: Any
    now: datetime
    types: dict[str, DocumentType]
    created: list[str]

    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        """`days` ago at hour:minute in Vietnam (office hours), never later than a moment ago."""
        local = timezone.localtime(self.now).replace(hour=hour, minute=minute, second=0, microsecond=0)
        return min(local - timedelta(days=days), self.now - timedelta(minutes=5))

    def today(self, days: int = 0) -> date:
        return timezone.localdate(self.now) + timedelta(days=days)


@functools.cache
def _pdf_bytes(title: str) -> bytes:
    from egov.printing.pdf import pdf_render

    return pdf_render(
        template="signing/sample_document.html",
        context={"agency_governing": "ỦY BAN NHÂN DÂN", "agency_unit": "VĂN PHÒNG", "title": title},
    )


def _pdf(title: str) -> SimpleUploadedFile:
    """A sample PDF (rendered once per title: WeasyPrint takes most of the time of the demo)."""
    return SimpleUploadedFile("van-ban.pdf", _pdf_bytes(title), content_type="application/pdf")


def _positions(agency: Agency, office: Department, users: dict[str, Any]) -> None:
    for username, role, title in OFFICE_POSITIONS:
        exists = StaffAssignment.objects.filter(
            user=users[username], agency=agency, department=office, role=role, valid_to__isnull=True
        ).exists()
        if not exists:
            staff_assignment_create(
                user=users[username], agency=agency, department=office, role=role, title=title,
                valid_from=POSITIONS_FROM,
            )  # fmt: skip


def _cast() -> Cast | None:
    users = {u.username: u for u in User.objects.filter(username__in=[CLERK, LEADER, SPECIALIST, HEAD])}
    if len(users) < 4:
        return None
    clerk_position = (
        StaffAssignment.objects.filter(user=users[CLERK], role=Role.CLERK, valid_to__isnull=True)
        .select_related("agency")
        .first()
    )
    if clerk_position is None:
        return None
    agency = clerk_position.agency
    office = Department.objects.filter(agency=agency, code="VP").first()
    if office is None:
        return None
    _positions(agency, office, users)
    commune_position = (
        StaffAssignment.objects.filter(user__username=COMMUNE_OFFICER, valid_to__isnull=True)
        .select_related("agency")
        .first()
    )
    document_types_ensure()
    return Cast(
        agency=agency,
        commune=commune_position.agency if commune_position else None,
        office=office,
        clerk=users[CLERK],
        leader=users[LEADER],
        specialist=users[SPECIALIST],
        head=users[HEAD],
        now=timezone.now(),
        types={t.code: t for t in DocumentType.objects.all()},
        created=[],
    )


# -- incoming ---------------------------------------------------------------------------------------


def _incoming(c: Cast, symbol: str, make: Callable[[], IncomingDocument]) -> IncomingDocument | None:
    """The incoming document of the demo agency with this original symbol; made when missing."""
    number, _sep, rest = symbol.partition("/")
    existing = IncomingDocument.objects.filter(
        agency=c.agency, original_number=number, original_symbol=rest
    ).first()
    if existing is not None:
        return existing
    c.created.append(f"incoming {symbol}")
    return make()


def _data(c: Cast, symbol: str, days: int, **values: Any) -> IncomingData:
    number, _sep, rest = symbol.partition("/")
    return IncomingData(
        original_number=number,
        original_symbol=rest,
        received_at=c.at(days, 7, 45),
        issued_date=c.today(-days - 2),
        doc_type=values.pop("doc_type", c.types["cong_van"]),
        page_count=values.pop("page_count", 2),
        **values,
    )


def _register(c: Cast, data: IncomingData, days: int, **kwargs: Any) -> IncomingDocument:
    return incoming_register(actor=c.clerk, data=data, agency=c.agency, now=c.at(days, 8, 15), **kwargs)


def _direct(c: Cast, doc: IncomingDocument, days: int, deadline_in: int, comment: str) -> IncomingDocument:
    when = c.at(days, 10)
    return incoming_direct(
        actor=c.leader, document=doc, lead_unit=c.office, comment=comment, now=when,
        deadline=timezone.localdate(when) + timedelta(days=deadline_in),
    )  # fmt: skip


def _handle(c: Cast, doc: IncomingDocument, days: int, notes: tuple[str, ...]) -> IncomingDocument:
    """The head of the Office names the specialist, who writes one progress note a day."""
    incoming_assign_handler(
        actor=c.head, document=doc, specialist=c.specialist, comment="Giao đồng chí Minh tham mưu.",
        now=c.at(days, 14),
    )  # fmt: skip
    for i, note in enumerate(notes):
        incoming_progress(actor=c.specialist, document=doc, note=note, now=c.at(max(days - 1 - i, 0), 9, 30))
    doc.refresh_from_db()
    return doc


def _seed_incoming(c: Cast, reply: OutgoingDocument | None) -> dict[str, IncomingDocument | None]:
    def received() -> IncomingDocument:
        scan = file_store(upload=_pdf("CÔNG VĂN"), user=None, allowed_kinds=SCAN_KINDS)
        data = _data(
            c, "1875/VPCP-KSTT", 0, sender_name="Văn phòng Chính phủ", sender_code="000.00.00.G01",
            abstract="Về việc cắt giảm, đơn giản hóa thủ tục hành chính nội bộ năm 2027",
            signer_name="Nguyễn Văn Sơn", signer_position="Phó Chủ nhiệm", channel=Channel.ELECTRONIC,
        )  # fmt: skip
        return incoming_receive(agency=c.agency, data=data, stored_file=scan, now=c.now)

    def registered() -> IncomingDocument:
        data = _data(
            c, "845/STC-QLNS", 1, sender_name="Sở Tài chính",
            abstract="Về việc lập dự toán ngân sách nhà nước năm 2027", signer_name="Lê Văn Cường",
            signer_position="Giám đốc", page_count=5,
        )  # fmt: skip
        return _register(c, data, 1)

    def urgent() -> IncomingDocument:
        data = _data(
            c, "12/TTr-UBND", 0, sender_name="Ủy ban nhân dân xã Tân Phú", doc_type=c.types["to_trinh"],
            abstract="Đề nghị hỗ trợ kinh phí khắc phục hậu quả mưa lũ", signer_name="Trần Thị Bình",
            signer_position="Chủ tịch", urgency=Urgency.URGENT,
        )  # fmt: skip
        return _register(c, data, 0)

    def directed() -> IncomingDocument:
        data = _data(
            c, "5120/BNV-CQĐP", 3, sender_name="Bộ Nội vụ", sender_code="000.00.00.G09",
            abstract="Về việc báo cáo kết quả thực hiện mô hình chính quyền địa phương hai cấp",
            signer_name="Nguyễn Văn An", signer_position="Thứ trưởng", due_date=c.today(14),
        )  # fmt: skip
        doc = _register(c, data, 3)
        return _direct(c, doc, 2, 12, "Giao Văn phòng chủ trì, tổng hợp báo cáo.")

    def in_progress() -> IncomingDocument:
        data = _data(
            c, "2210/SNNMT-ĐĐ", 6, sender_name="Sở Nông nghiệp và Môi trường",
            abstract="Về việc rà soát, cập nhật bảng giá đất giai đoạn 2026–2030",
            signer_name="Võ Thanh Tâm", signer_position="Phó Giám đốc",
        )  # fmt: skip
        doc = _direct(c, _register(c, data, 6), 5, 15, "Văn phòng tham mưu ý kiến, trình trước hạn.")
        return _handle(c, doc, 4, ("Đã xin ý kiến các sở, ngành liên quan.", "Đang tổng hợp ý kiến góp ý."))

    def done() -> IncomingDocument:
        data = _data(
            c, "318/STP-HCTP", 9, sender_name="Sở Tư pháp", sender_code="000.00.01.H59",
            abstract="Về việc đề nghị cung cấp số liệu chứng thực, hộ tịch năm 2026",
            signer_name="Nguyễn Thị Hoa", signer_position="Phó Giám đốc",
        )  # fmt: skip
        doc = _direct(c, _register(c, data, 9), 8, 10, "Văn phòng dự thảo văn bản trả lời.")
        doc = _handle(c, doc, 7, ("Đã tổng hợp số liệu từ các xã, phường.",))
        return incoming_close(actor=c.specialist, document=doc, note="Đã có văn bản trả lời.", reply_to=reply)

    def overdue() -> IncomingDocument:
        data = _data(
            c, "77/SXD-QLN", 20, sender_name="Sở Xây dựng", sender_code="000.00.02.H59",
            abstract="Về việc báo cáo tình hình phát triển nhà ở xã hội quý III",
            signer_name="Phan Quốc Dũng", signer_position="Giám đốc",
        )  # fmt: skip
        doc = _direct(c, _register(c, data, 20), 19, 7, "Văn phòng tổng hợp, báo cáo đúng hạn.")
        return _handle(c, doc, 18, ("Đã đôn đốc các xã gửi số liệu.",))

    def secret() -> IncomingDocument:
        data = _data(
            c, "09/CAT-PV01", 1, sender_name="Công an tỉnh",
            abstract="Về việc bảo đảm an ninh, trật tự dịp Tết",
            signer_name="Lê Quang Huy", signer_position="Giám đốc", secrecy=Secrecy.SECRET, page_count=3,
        )  # fmt: skip
        return _register(c, data, 1, present_to=c.leader)

    # In the order the clerk registered them, so the arrival numbers follow the arrival dates.
    makers: dict[str, tuple[str, Callable[[], IncomingDocument]]] = {
        "overdue": ("77/SXD-QLN", overdue),
        "done": ("318/STP-HCTP", done),
        "in_progress": ("2210/SNNMT-ĐĐ", in_progress),
        "directed": ("5120/BNV-CQĐP", directed),
        "registered": ("845/STC-QLNS", registered),
        "secret": ("09/CAT-PV01", secret),
        "urgent": ("12/TTr-UBND", urgent),
        "received": ("1875/VPCP-KSTT", received),
    }
    return {key: _incoming(c, symbol, make) for key, (symbol, make) in makers.items()}


# -- outgoing ---------------------------------------------------------------------------------------

OUT_DRAFT = "Dự thảo Kế hoạch chuyển đổi số năm 2027"
OUT_REVIEW = "Về việc tổ chức Hội nghị tổng kết công tác cải cách hành chính năm 2026"
OUT_APPROVED = "Về việc đôn đốc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"
OUT_SIGNED = "Về việc triển khai thu phí trực tuyến tại Trung tâm Phục vụ hành chính công"
OUT_RELEASED = "Về việc cung cấp số liệu chứng thực, hộ tịch năm 2026"


def _outgoing(
    c: Cast, abstract: str, stage: str, recipients: list[RecipientInput]
) -> OutgoingDocument | None:
    """An outgoing document of the demo agency taken to `stage`: draft, submitted, approved (waiting
    for the leader's signature), numbered (signed and numbered, waiting for release) or released."""
    existing = OutgoingDocument.objects.filter(agency=c.agency, abstract=abstract).first()
    if existing is not None:
        return existing
    if not recipients:
        return None
    c.created.append(f"outgoing {stage}")
    doc = outgoing_draft_create(
        actor=c.specialist, agency=c.agency, doc_type=c.types["cong_van"], abstract=abstract,
        file=_pdf("CÔNG VĂN"), recipients=recipients, drafting_department=c.office, page_count=1,
    )  # fmt: skip
    if stage == "draft":
        return doc
    doc = outgoing_submit(actor=c.specialist, document=doc)
    if stage == "submitted":
        return doc
    doc = outgoing_review(actor=c.head, document=doc, approve=True)
    doc = outgoing_format_check(actor=c.clerk, document=doc, approve=True)
    doc = outgoing_approve(actor=c.leader, document=doc, approve=True, comment="Đồng ý ban hành.")
    if stage == "approved":
        return doc
    doc = outgoing_sign(
        leader=c.leader, document=doc, mode=OutgoingDocument.SigningMode.KT, mode_body="Chủ tịch",
        position="Phó Chủ tịch",
    )  # fmt: skip
    doc = outgoing_issue_number(clerk=c.clerk, document=doc, issuing_abbr="UBND")
    if stage == "numbered":
        return doc
    return outgoing_release(clerk=c.clerk, document=doc)


def _event_loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _can_sign(c: Cast) -> bool:
    """The demo certificates exist, and pyHanko's synchronous API can run here: it calls
    asyncio.run(), which fails in a thread that already runs an event loop (the e2e set-up runs
    demo_seed under Playwright's sync API), so the signed examples are skipped there."""
    from egov.signing.selectors import certificate_current_for_agency, certificate_current_for_user

    return (
        not _event_loop_running()
        and certificate_current_for_user(user=c.leader) is not None
        and certificate_current_for_agency(agency=c.agency) is not None
    )


def _seed_outgoing(c: Cast) -> dict[str, OutgoingDocument | None]:
    justice = Agency.objects.filter(parent=c.agency, name="Sở Tư pháp", valid_to__isnull=True).first()
    others = [RecipientInput(agency=a) for a in (justice, c.commune) if a is not None and a.pk != c.agency.pk]
    external = [RecipientInput(name="Bộ Nội vụ", agency_code="000.00.00.G09")]
    signing = _can_sign(c)
    # The released example also goes to a ministry through the exchange axis (an edXML package that
    # `make run` posts to the local axis simulator: see "Liên thông văn bản").
    released = [*others, *external] if signing else []
    return {
        "draft": _outgoing(c, OUT_DRAFT, "draft", others or external),
        "submitted": _outgoing(c, OUT_REVIEW, "submitted", others or external),
        "approved": _outgoing(c, OUT_APPROVED, "approved", others or external),
        "numbered": _outgoing(c, OUT_SIGNED, "numbered", external if signing else []),
        "released": _outgoing(c, OUT_RELEASED, "released", released),
    }


# -- work files -------------------------------------------------------------------------------------

FILES = (
    ("01.VP", "Hồ sơ về cải cách hành chính, chứng thực và hộ tịch năm {year}", 10),
    ("02.VP", "Hồ sơ về đất đai, nhà ở năm {year}", None),
)


def _seed_files(c: Cast, docs: list[IncomingDocument | OutgoingDocument | None]) -> None:
    year = timezone.localdate(c.now).year
    file_list = FileList.objects.filter(agency=c.agency, year=year).first()
    if file_list is None:
        file_list = file_list_create(actor=c.clerk, agency=c.agency, year=year, note="Danh mục hồ sơ mẫu")
        c.created.append("file list")
    workfiles: list[WorkFile] = []
    for code, title, retention in FILES:
        workfile = WorkFile.objects.filter(agency=c.agency, year=year, code__iexact=code).first()
        if workfile is None:
            if file_list.status != FileList.Status.DRAFT:
                return  # an approved list of someone else's making: leave it alone
            data = EntryData(
                code=code, title=title.format(year=year), retention_years=retention, department=c.office,
                creator=c.specialist,
            )  # fmt: skip
            workfile = file_list_add_entry(actor=c.clerk, file_list=file_list, data=data)
            c.created.append(f"work file {code}")
        workfiles.append(workfile)
    if file_list.status == FileList.Status.DRAFT:
        file_list_approve(actor=c.leader, file_list=file_list, now=c.now)
    for workfile in workfiles:
        workfile.refresh_from_db()
        if workfile.status == WorkFile.Status.PLANNED:
            workfile_open(actor=c.clerk, workfile=workfile, start_date=c.today(-30))
    first, second = workfiles
    for workfile, doc in ((first, docs[0]), (first, docs[1]), (second, docs[2]), (second, docs[3])):
        if doc is None or workfile.status == WorkFile.Status.CLOSED:
            continue
        if isinstance(doc, IncomingDocument):
            if not workfile.items.filter(incoming_id=doc.pk).exists():
                workfile_add_document(actor=c.specialist, workfile=workfile, incoming=doc)
        elif not workfile.items.filter(outgoing_id=doc.pk).exists():
            workfile_add_document(actor=c.specialist, workfile=workfile, outgoing=doc)


@transaction.atomic
def documents_demo_seed(*, actor: Any = None) -> int:
    """Returns how many items were created (0 when already seeded or the demo users are missing)."""
    cast = _cast()
    if cast is None:
        return 0
    outgoing = _seed_outgoing(cast)
    incoming = _seed_incoming(cast, reply=outgoing["released"])
    _seed_files(cast, [incoming["done"], outgoing["released"], incoming["in_progress"], incoming["overdue"]])
    return len(cast.created)
