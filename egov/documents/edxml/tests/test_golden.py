"""Build output compared byte for byte with hand-written fixtures (element order of the public samples)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from egov.documents.edxml import (
    Attachment,
    Bussiness,
    Code,
    DocumentType,
    Envelope,
    Organization,
    OtherInfo,
    PromulgationInfo,
    ResponseFor,
    SignerInfo,
    StaffInfo,
    StatusMessage,
    TraceHeader,
    envelope_build,
    envelope_parse,
    status_build,
    status_parse,
)
from egov.documents.edxml.tests.factories import VN

FIXTURES = Path(__file__).parent / "fixtures"


def golden_envelope() -> Envelope:
    return Envelope(
        sender=Organization(
            organ_id="000.00.04.G14",
            organ_name="Văn phòng Chính phủ",
            organization_in_charge="Bộ trưởng, Chủ nhiệm",
            organ_add="Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội",
            email="vpcp@chinhphu.vn",
            telephone="080 43162",
            fax="080 44130",
            website="https://vpcp.chinhphu.vn",
        ),
        recipients=[
            Organization(organ_id="000.00.00.H30", organ_name="Ủy ban nhân dân tỉnh Hậu Giang"),
            Organization(organ_id="000.00.00.H41", organ_name="Ủy ban nhân dân tỉnh Khánh Hòa"),
        ],
        code=Code(code_number="267", code_notation="VPCP-TTĐT"),
        promulgation_info=PromulgationInfo(place="Hà Nội", promulgation_date=dt.date(2012, 8, 6)),
        document_type=DocumentType(type=1, type_name="Công văn"),
        subject="Về việc cung cấp thông tin lên Cổng Thông tin điện tử Chính phủ",
        content="Kính gửi các bộ, cơ quan ngang bộ và Ủy ban nhân dân các tỉnh.",
        signer_info=SignerInfo(
            competence="KT. Bộ trưởng, Chủ nhiệm", position="Phó Chủ nhiệm", full_name="Nguyễn Văn Tùng"
        ),
        due_date=dt.date(2012, 8, 20),
        to_places=["Các bộ, cơ quan ngang bộ", "UBND các tỉnh, thành phố trực thuộc trung ương"],
        other_info=OtherInfo(
            priority=0,
            sphere_of_promulgation="Liên thông văn bản quốc gia",
            typer_notation="TVC",
            promulgation_amount=1,
            page_amount=2,
            appendixes=["Phụ lục: Danh mục thông tin"],
        ),
        steering_type=0,
        document_id="000.00.04.G14,2012/08/06,267/VPCP-TTĐT",
        trace_headers=[
            TraceHeader(organ_id="000.00.04.G14", timestamp=dt.datetime(2012, 8, 6, 14, 30, tzinfo=VN))
        ],
        bussiness=Bussiness(
            bussiness_doc_type=0,
            bussiness_doc_reason="Văn bản điện tử mới",
            staff_info=StaffInfo(department="Cục Kiểm soát thủ tục hành chính", staff="Phạm Thị Hoa"),
            paper=0,
        ),
        attachments=[
            Attachment(
                content_id="267-VPCP-TTDT-1",
                name="267-VPCP-TTĐT.pdf",
                content_type="application/pdf",
                data=b"%PDF-1.4\n%%EOF\n",
                description="Văn bản đã ký số",
            )
        ],
    )


def golden_status() -> StatusMessage:
    return StatusMessage(
        response_for=ResponseFor(
            organ_id="000.00.04.G14",
            code="267/VPCP-TTĐT",
            promulgation_date=dt.date(2012, 8, 6),
            document_id="000.00.04.G14,2012/08/06,267/VPCP-TTĐT",
        ),
        sender=Organization(organ_id="000.00.00.H30", organ_name="Ủy ban nhân dân tỉnh Hậu Giang"),
        status_code="01",
        description="Đã đến",
        timestamp=dt.datetime(2012, 8, 6, 14, 35, 10, tzinfo=VN),
        staff_info=StaffInfo(department="Văn phòng", staff="Võ Minh Tâm"),
    )


def test_envelope_build_matches_hand_written_fixture() -> None:
    expected = (FIXTURES / "golden_envelope.xml").read_bytes()
    assert envelope_build(golden_envelope()).decode("utf-8") == expected.decode("utf-8")


def test_envelope_fixture_parses_to_the_same_envelope() -> None:
    assert envelope_parse((FIXTURES / "golden_envelope.xml").read_bytes()) == golden_envelope()


def test_status_build_matches_hand_written_fixture() -> None:
    expected = (FIXTURES / "golden_status.xml").read_bytes()
    assert status_build(golden_status()).decode("utf-8") == expected.decode("utf-8")


def test_status_fixture_parses_to_the_same_message() -> None:
    assert status_parse((FIXTURES / "golden_status.xml").read_bytes()) == golden_status()
