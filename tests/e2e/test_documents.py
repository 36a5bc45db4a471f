"""E2E: an incoming document is registered and directed; the specialist drafts the reply, which is
reviewed, approved, signed with the demo PKCS#12 certificates, numbered and released to another
agency, whose clerk finds it in its incoming register with the signatures shown as valid.

Demo positions: at UBND tỉnh the specialist `chuyenvien` and the head of the office `truongphong`
(the documents demo gives them these positions besides those at Sở Tư pháp; the set-up adds them
when missing); at Sở Tư pháp a clerk `vanthustp`, added by the set-up.

Every staff documents page the story visits is checked with axe-core (WCAG 2.1 A/AA, no serious or
critical violation).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SHOTS, assert_accessible, assert_no_horizontal_scroll, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "egov-demo-2026"


@pytest.fixture
def office(transactional_db: None) -> None:
    from egov.accounts.services import user_create_staff
    from egov.org.models import Agency, Department, Role, StaffAssignment
    from egov.org.services import staff_assignment_create

    call_command("demo_seed", verbosity=0)
    from egov.accounts.models import User

    province = Agency.objects.get(agency_code="000.00.00.H59")
    justice = Agency.objects.get(agency_code="000.00.01.H59")
    vp = Department.objects.get(agency=province, code="VP")
    for username, role in (("chuyenvien", Role.SPECIALIST), ("truongphong", Role.DEPARTMENT_HEAD)):
        user = User.objects.get(username=username)
        if StaffAssignment.objects.filter(user=user, agency=province, department=vp, role=role).exists():
            continue
        staff_assignment_create(
            user=user,
            agency=province,
            department=vp,
            role=role,
            title="Văn phòng",
            valid_from=date(2025, 7, 1),
        )
    clerk = user_create_staff(
        actor=None, username="vanthustp", full_name="Đỗ Thị Hạnh", password=DEMO_PASSWORD, email=""
    )
    staff_assignment_create(
        user=clerk,
        agency=justice,
        department=Department.objects.filter(agency=justice, code="VP").first(),
        role=Role.CLERK,
        title="Văn thư",
        valid_from=date(2025, 7, 1),
    )


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


def _login(browser: Browser, pages: list[Page], base: str, username: str, width: int = 1280) -> Page:
    ctx = browser.new_context(
        viewport={"width": width, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    pages.append(page)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    return page


def _pdf(name: str, title: str) -> Path:
    from egov.printing.pdf import pdf_render

    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    path.write_bytes(pdf_render(template="signing/sample_document.html", context={"title": title}))
    return path


def _action(page: Page, name: str) -> Any:
    return page.locator(f"form[action$='/{name}/']")


def test_incoming_to_signed_reply_released_to_another_agency(
    live_server: Any, office: None, browser: Browser, pages: list[Page]
) -> None:
    from egov.documents.models import IncomingDocument, OutgoingDocument

    base = live_server.url
    scan = _pdf("cong-van-den.pdf", "Công văn đề nghị báo cáo")
    reply = _pdf("du-thao-tra-loi.pdf", "Về việc báo cáo tình hình cải cách hành chính")

    # 1. The clerk registers an incoming document.
    clerk = _login(browser, pages, base, "vanthu")
    clerk.goto(f"{base}/staff/documents/")
    assert_accessible(clerk, "incoming list")
    clerk.goto(f"{base}/staff/documents/den/vao-so/")
    assert_accessible(clerk, "incoming register")
    form = clerk.locator("form", has=clerk.locator("#id_abstract"))
    form.locator("#id_received_at").fill("2026-11-23T08:30")
    form.locator("#id_sender_name").fill("Bộ Nội vụ")
    form.locator("#id_original_number").fill("5120")
    form.locator("#id_original_symbol").fill("BNV-CCHC")
    form.locator("#id_doc_type").select_option(label="Công văn")
    form.locator("#id_abstract").fill("Về việc báo cáo tình hình cải cách hành chính năm 2026")
    present = form.locator("#id_present_to")
    present.select_option(label=present.locator("option", has_text="Phạm Văn Hùng").first.inner_text())
    form.locator("#id_file").set_input_files(str(scan))
    shot(clerk, "doc-01-register")
    form.get_by_role("button", name="Vào sổ", exact=True).click()
    expect(clerk).to_have_url(re.compile(r"/staff/documents/den/\d+/$"))
    incoming = IncomingDocument.objects.get(original_symbol="BNV-CCHC")
    assert incoming.status == "registered" and (incoming.arrival_number or 0) >= 1
    assert_accessible(clerk, "incoming detail (registered)")

    # 2. The leader directs it to the specialist.
    leader = _login(browser, pages, base, "lanhdao")
    leader.goto(f"{base}/staff/documents/den/{incoming.pk}/")
    direct = _action(leader, "direct")
    lead = direct.locator("select[name$=lead]")
    lead.select_option(label="Văn phòng Ủy ban nhân dân")
    direct.locator("textarea[name$=comment]").fill("Giao Văn phòng tham mưu văn bản trả lời.")
    direct.get_by_role("button").click()
    expect(leader.locator("#main")).to_contain_text("Giao Văn phòng tham mưu")
    shot(leader, "doc-02-directed")
    assert_accessible(leader, "incoming detail (directed)")
    # The head of the office assigns the specialist.
    head = _login(browser, pages, base, "truongphong")
    head.goto(f"{base}/staff/documents/den/{incoming.pk}/")
    assign = _action(head, "assign")
    handler = assign.locator("select[name$=specialist]")
    handler.select_option(
        label=handler.locator("option", has_text="Trần Văn Minh").first.text_content() or ""
    )
    assert_accessible(head, "incoming detail (assign)")
    assign.get_by_role("button").click()
    expect(head.locator("#main")).to_contain_text("Trần Văn Minh")

    # 3. The specialist drafts the reply to Sở Tư pháp.
    specialist = _login(browser, pages, base, "chuyenvien")
    specialist.goto(f"{base}/staff/documents/di/du-thao/")
    assert_accessible(specialist, "outgoing create")
    draft = specialist.locator("form", has=specialist.locator("#id_abstract"))
    issuing = draft.locator("#id_agency")
    issuing.select_option(label=issuing.locator("option", has_text="Ủy ban nhân dân tỉnh").first.inner_text())
    draft.locator("#id_doc_type").select_option(label="Công văn")
    draft.locator("#id_abstract").fill("Về việc báo cáo tình hình cải cách hành chính năm 2026")
    department = draft.locator("#id_drafting_department")
    if department.count():
        department.select_option(label="Văn phòng Ủy ban nhân dân")
    internal = draft.locator("#id_internal")
    internal.select_option(label=internal.locator("option", has_text="Sở Tư pháp").first.inner_text())
    draft.locator("#id_file").set_input_files(str(reply))
    shot(specialist, "doc-03-draft")
    draft.get_by_role("button", name="Lưu dự thảo").click()
    expect(specialist).to_have_url(re.compile(r"/staff/documents/di/\d+/$"))
    outgoing = OutgoingDocument.objects.get(abstract__startswith="Về việc báo cáo tình hình cải cách")
    assert_accessible(specialist, "outgoing detail (draft)")
    _action(specialist, "submit").get_by_role("button").click()

    # Review chain: head of the office (content), clerk (format), leader (approval).
    for page, name in ((head, "review"), (clerk, "check"), (leader, "approve")):
        page.goto(f"{base}/staff/documents/di/{outgoing.pk}/")
        assert_accessible(page, f"outgoing detail ({name})")
        _action(page, name).get_by_role("button").click()
        page.wait_for_load_state("load")
    outgoing.refresh_from_db()
    assert outgoing.status == "approved", outgoing.status

    # 4. The leader signs with the demo PKCS#12 certificates (personal, then the agency's seal).
    leader.goto(f"{base}/staff/documents/di/{outgoing.pk}/")
    sign = _action(leader, "sign")
    assert_accessible(leader, "outgoing detail (sign)")
    sign.locator("select[name$=mode]").select_option("KT.")
    sign.locator("input[name$=mode_body]").fill("CHỦ TỊCH")
    sign.locator("input[name$=position]").fill("PHÓ CHỦ TỊCH")
    sign.get_by_role("button").click()
    leader.wait_for_load_state("load")
    outgoing.refresh_from_db()
    assert outgoing.status == "signed", outgoing.status
    shot(leader, "doc-04-signed")

    # 5. The clerk numbers and releases it.
    clerk.goto(f"{base}/staff/documents/di/{outgoing.pk}/")
    number = _action(clerk, "number")
    assert_accessible(clerk, "outgoing detail (number)")
    number.locator("input[name$=issuing_abbr]").fill("UBND")
    unit = number.locator("input[name$=unit_abbr]")
    if unit.count():
        unit.fill("VP")
    number.get_by_role("button").click()
    clerk.wait_for_load_state("load")
    _action(clerk, "release").get_by_role("button").click()
    clerk.wait_for_load_state("load")
    outgoing.refresh_from_db()
    assert outgoing.status == "released", outgoing.status
    assert re.fullmatch(r"\d{2,}/UBND-VP", f"{outgoing.number_text}"), outgoing.number_text
    shot(clerk, "doc-05-released")
    assert_accessible(clerk, "outgoing detail (released)")
    signed = SHOTS / "released.pdf"
    from egov.core.files.selectors import file_open

    assert outgoing.signed_file is not None
    with file_open(outgoing.signed_file) as fh:
        signed.write_bytes(fh.read())
    pdfsig = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True, check=False).stdout
    assert pdfsig.count("Signature is Valid") == 2, pdfsig

    # 6. The other agency's clerk sees it in the incoming register, signatures valid.
    other = _login(browser, pages, base, "vanthustp", width=390)
    other.goto(f"{base}/staff/documents/")
    expect(other.locator("#main")).to_contain_text("cải cách hành chính")
    assert_accessible(other, "incoming list (390 px)")
    copy = IncomingDocument.objects.get(
        agency__agency_code="000.00.01.H59", abstract__startswith="Về việc báo cáo tình hình cải cách"
    )
    other.goto(f"{base}/staff/documents/den/{copy.pk}/")
    report = other.locator("#h-sig-report").locator("xpath=..")
    expect(report).to_contain_text("Phạm Văn Hùng")
    expect(report.locator(".badge.text-bg-danger")).to_have_count(0)
    shot(other, "doc-06-received-valid")
    assert_no_horizontal_scroll(other)
    assert_accessible(other, "incoming detail (received, 390 px)")

    # 7. The clerk's other pages: outgoing register, search, office dashboard, work files.
    for path, name in (
        ("di/", "outgoing list"),
        ("tim-kiem/?q=c%E1%BA%A3i+c%C3%A1ch", "search"),
        ("bang-dieu-khien/", "office dashboard"),
        ("ho-so/", "work files"),
    ):
        clerk.goto(f"{base}/staff/documents/{path}")
        expect(clerk.locator("h1")).to_be_visible()
        assert_accessible(clerk, name)
    expect(clerk.locator("#main")).to_contain_text("Hồ sơ")
