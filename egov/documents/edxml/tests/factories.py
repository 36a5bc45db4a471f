"""Example envelopes and status messages for the edXML tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from egov.documents.edxml import (
    Attachment,
    Bussiness,
    Code,
    DocumentType,
    Envelope,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ReplacementInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
    document_id_for,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def minimal_envelope(**overrides: object) -> Envelope:
    values: dict[str, object] = {
        "sender": Organization(organ_id="000.00.00.H30"),
        "recipients": [Organization(organ_id="000.00.04.G14")],
        "code": Code(code_number="", code_notation="UBND-VP"),
        "promulgation_info": PromulgationInfo(promulgation_date=dt.date(2026, 3, 5)),
        "subject": "Về việc báo cáo",
    }
    values.update(overrides)
    return Envelope(**values)  # type: ignore[arg-type]


def rich_envelope() -> Envelope:
    return Envelope(
        sender=Organization(
            organ_id="000.00.00.H30",
            organ_name="Ủy ban nhân dân tỉnh Hậu Giang",
            organization_in_charge="Chủ tịch Ủy ban nhân dân tỉnh",
            organ_add="Số 02 Trần Hưng Đạo, phường V, thành phố Vị Thanh",
            email="ubnd@haugiang.gov.vn",
            telephone="0293 3876 543",
            fax="0293 3876 544",
            website="https://haugiang.gov.vn",
        ),
        recipients=[
            Organization(organ_id="000.00.04.G14", organ_name="Văn phòng Chính phủ"),
            Organization(
                organ_id="000.01.12.H30", organ_name="Sở Nội vụ tỉnh Hậu Giang", email="snv@hg.gov.vn"
            ),
            Organization(organ_id="000.02.12.H30", organ_name="Sở Tài chính"),
        ],
        code=Code(code_number="267", code_notation="UBND-VP"),
        promulgation_info=PromulgationInfo(place="Hậu Giang", promulgation_date=dt.date(2026, 3, 5)),
        document_type=DocumentType(type=1, type_name="Công văn"),
        subject="Về việc triển khai thực hiện Nghị định số 30/2020/NĐ-CP về công tác văn thư",
        content="Kính gửi: Các sở, ban, ngành tỉnh.\nỦy ban nhân dân tỉnh đề nghị…",
        signer_info=SignerInfo(
            competence="KT. Chủ tịch", position="Phó Chủ tịch", full_name="Nguyễn Văn Đức"
        ),
        due_date=dt.date(2026, 3, 20),
        to_places=["Như trên", "Lưu: VT, NC."],
        other_info=OtherInfo(
            priority=1,
            sphere_of_promulgation="Lưu hành nội bộ",
            typer_notation="NVĐ",
            promulgation_amount=15,
            page_amount=3,
            appendixes=["Phụ lục I: Danh mục hồ sơ", "Phụ lục II: Biểu mẫu báo cáo"],
        ),
        response_for=[
            ResponseFor(
                organ_id="000.00.04.G14",
                code="123/VPCP-TTĐT",
                promulgation_date=dt.date(2026, 2, 10),
                document_id=document_id_for("000.00.04.G14", dt.date(2026, 2, 10), "123/VPCP-TTĐT"),
            )
        ],
        steering_type=1,
        document_id=document_id_for("000.00.00.H30", dt.date(2026, 3, 5), "267/UBND-VP"),
        trace_headers=[
            TraceHeader(organ_id="000.00.00.H30", timestamp=dt.datetime(2026, 3, 5, 9, 15, 30, tzinfo=VN)),
            TraceHeader(organ_id="000.00.04.G14", timestamp=dt.datetime(2026, 3, 5, 9, 16, 2, tzinfo=VN)),
        ],
        bussiness=Bussiness(
            bussiness_doc_type=3,
            bussiness_doc_reason="Thay thế văn bản ban hành sai thể thức",
            staff_info=StaffInfo(
                department="Văn phòng", staff="Trần Thị Hằng", mobile="0912345678", email="h@hg.vn"
            ),
            paper=0,
            replacement_info_list=[
                ReplacementInfo(
                    document_id="000.00.00.H30,2026/03/01,250/UBND-VP",
                    organ_ids=["000.00.04.G14", "000.01.12.H30"],
                )
            ],
        ),
        attachments=[
            Attachment(
                content_id="3f1c2a9e-0001",
                name="267-UBND-VP.signed.pdf",
                content_type="application/pdf",
                data=PDF,
                description="Văn bản đã ký số",
            ),
            Attachment(
                content_id="3f1c2a9e-0002",
                name="Phụ lục kèm theo.docx",
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                data=bytes(range(256)) * 4,
            ),
            Attachment(content_id="3f1c2a9e-0003", name="rỗng.txt", content_type="text/plain", data=b""),
        ],
    )


def status_message(code: str = "03") -> StatusMessage:
    return StatusMessage(
        response_for=ResponseFor(
            organ_id="000.00.00.H30",
            code="267/UBND-VP",
            promulgation_date=dt.date(2026, 3, 5),
            document_id="000.00.00.H30,2026/03/05,267/UBND-VP",
        ),
        sender=Organization(organ_id="000.00.04.G14", organ_name="Văn phòng Chính phủ"),
        status_code=code,
        timestamp=dt.datetime(2026, 3, 5, 10, 0, 0, tzinfo=VN),
        description="Đã tiếp nhận văn bản, chuyển Vụ Tổng hợp xử lý",
        staff_info=StaffInfo(
            department="Phòng Văn thư", staff="Lê Thị Mai", mobile="0987654321", email="mai@vpcp.vn"
        ),
    )
