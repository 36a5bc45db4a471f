"""Demo data for the documents app: three incoming documents registered by the demo clerk `vanthu`
at the provincial People's Committee, one directed by `lanhdao`. Idempotent (does nothing when the
agency already has incoming documents). Call after egov.org demo_seed."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from egov.accounts.models import User
from egov.documents.models import DocumentType, IncomingDocument, Secrecy, Urgency
from egov.documents.services import IncomingData, incoming_direct, incoming_register
from egov.documents.services.types import document_types_ensure
from egov.org.models import Department, Role, StaffAssignment


@transaction.atomic
def documents_demo_seed() -> int:
    """Returns how many documents were created (0 when already seeded or the demo users are missing)."""
    document_types_ensure()
    clerk = User.objects.filter(username="vanthu").first()
    leader = User.objects.filter(username="lanhdao").first()
    if clerk is None or leader is None:
        return 0
    assignment = StaffAssignment.objects.filter(user=clerk, role=Role.CLERK).select_related("agency").first()
    if assignment is None or IncomingDocument.objects.filter(agency=assignment.agency).exists():
        return 0
    agency = assignment.agency
    now = timezone.now()
    types = {t.code: t for t in DocumentType.objects.all()}
    items = [
        IncomingData(
            sender_name="Bộ Nội vụ",
            sender_code="000.00.00.G09",
            original_number="5120",
            original_symbol="BNV-CQĐP",
            issued_date=timezone.localdate(now) - timedelta(days=3),
            doc_type=types["cong_van"],
            abstract="Về việc báo cáo kết quả thực hiện mô hình chính quyền địa phương hai cấp",
            signer_name="Nguyễn Văn A",
            signer_position="Thứ trưởng",
            page_count=3,
            received_at=now - timedelta(hours=3),
            due_date=timezone.localdate(now) + timedelta(days=14),
        ),
        IncomingData(
            sender_name="Ủy ban nhân dân xã Tân Phú",
            original_number="12",
            original_symbol="TTr-UBND",
            issued_date=timezone.localdate(now) - timedelta(days=1),
            doc_type=types["to_trinh"],
            abstract="Đề nghị hỗ trợ kinh phí khắc phục hậu quả mưa lũ",
            signer_name="Trần Thị B",
            signer_position="Chủ tịch",
            page_count=2,
            urgency=Urgency.URGENT,
            received_at=now - timedelta(hours=1),
        ),
        IncomingData(
            sender_name="Sở Tài chính",
            original_number="845",
            original_symbol="STC-QLNS",
            issued_date=timezone.localdate(now) - timedelta(days=2),
            doc_type=types["cong_van"],
            abstract="Về việc lập dự toán ngân sách nhà nước năm 2027",
            signer_name="Lê Văn C",
            signer_position="Giám đốc",
            page_count=5,
            secrecy=Secrecy.NORMAL,
            received_at=now - timedelta(minutes=30),
        ),
    ]
    created = [incoming_register(actor=clerk, data=d, agency=agency, now=now) for d in items]
    office = Department.objects.filter(agency=agency, code="VP").first()
    if office is not None:
        incoming_direct(
            actor=leader,
            document=created[0],
            lead_unit=office,
            coordinators=[d for d in Department.objects.filter(agency=agency).exclude(pk=office.pk)],
            deadline=date.fromordinal(timezone.localdate(now).toordinal() + 10),
            comment="Giao Văn phòng chủ trì, tổng hợp báo cáo; Ban Tiếp công dân phối hợp.",
            now=now,
        )
    return len(created)
