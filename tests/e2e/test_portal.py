"""E2E: a new citizen does birth registration online on a phone (390 px), with a screenshot and an
axe-core check (WCAG 2.1 A/AA: no serious or critical violation) on every portal page.

Register (one-time code from the outbox) → find "dang ky khai sinh" → fill the declaration form,
upload the documents, submit → acknowledgement with the dossier code → pay in the local sandbox
gateway (VNPay protocol, signed IPN to the live server) → the one-stop officer asks for a
correction from the online reception queue → the citizen supplements online → the officer
re-accepts, the commune processes and approves, the electronic result is uploaded and returned
online → the citizen downloads it and rates the service.

The demo has no specialist, department head or leader at a commune; the set-up gives the demo users
those positions at UBND xã (as the one-stop e2e does). The online dossier goes to the competent
commune's reception, where the demo's `motcuaxa` receives.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, cast

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import SHOTS, assert_accessible, assert_no_horizontal_scroll, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "egov-demo-2026"
COMMUNE_CODE = "000.02.00.H59"  # UBND xã: competent for birth registration in the demo
BIRTH = "1.001193"
CITIZEN_EMAIL = "nguyen.thi.hoa@example.vn"
CITIZEN_PASSWORD = "Hoa-dang-ky-2026!"
CITIZEN_ID = "072190001234"


@pytest.fixture
def commune(transactional_db: None) -> None:
    from egov.accounts.models import User
    from egov.org.models import Agency, Department, Role
    from egov.org.services import staff_assignment_create

    call_command("demo_seed", verbosity=0)
    agency = Agency.objects.get(agency_code=COMMUNE_CODE)
    office = Department.objects.filter(agency=agency).first()
    for username, role, title, department in (
        ("chuyenvien", Role.SPECIALIST, "Công chức Tư pháp - Hộ tịch", office),
        ("truongphong", Role.DEPARTMENT_HEAD, "Chánh Văn phòng", office),
        ("lanhdao", Role.AGENCY_LEADER, "Chủ tịch", None),
    ):
        staff_assignment_create(
            user=User.objects.get(username=username),
            agency=agency,
            department=department,
            role=role,
            title=title,
            valid_from=date(2025, 7, 1),
        )


@pytest.fixture
def gateway(live_server: Any, settings: Any) -> Iterator[str]:
    from egov.payments.testing import sandbox_server, sandbox_settings

    settings.EGOV_PUBLIC_BASE_URL = live_server.url
    with sandbox_server(ipn_url=live_server.url + "/thanh-toan/ipn/") as base:
        sandbox_settings(settings, base)
        yield base


@pytest.fixture
def pages(browser: Browser) -> Iterator[list[Page]]:
    opened: list[Page] = []
    yield opened
    for page in opened:
        page.context.close()


def _open(browser: Browser, pages: list[Page], width: int) -> Page:
    ctx = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=True,
    )
    ctx.set_default_timeout(20_000)
    page = ctx.new_page()
    pages.append(page)
    return page


def _look(page: Page, name: str) -> None:
    """Every citizen page: no sideways scroll at 390 px, accessible, and a screenshot."""
    shot(page, name)
    assert_no_horizontal_scroll(page)
    assert_accessible(page, name)


def _staff(browser: Browser, pages: list[Page], base: str, username: str) -> Page:
    page = _open(browser, pages, 1280)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    return page


def _act(page: Page, code: str, comment: str = "") -> None:
    form = page.locator("form", has=page.locator(f"input[name=transition][value={code}]"))
    expect(form).to_be_visible()
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button").click()
    page.wait_for_load_state("load")


def _wait_status(code: str, wanted: str, timeout: float = 15.0) -> None:
    from egov.dossiers.models import Dossier

    end = time.monotonic() + timeout
    while Dossier.objects.get(code=code).status != wanted and time.monotonic() < end:
        time.sleep(0.1)
    assert Dossier.objects.get(code=code).status == wanted


def _pdf(name: str, text: str) -> Path:
    from egov.core.files.tests.samples import pdf_bytes

    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    path.write_bytes(pdf_bytes(text))
    return path


def _fill_eform(page: Page, schema: dict[str, Any], values: dict[str, Any]) -> None:
    for section in schema["sections"]:
        for field in section["fields"]:
            name, kind = field["name"], field["type"]
            if name not in values:
                continue
            value = values[name]
            control = page.locator(f"#id_f_{name}")
            if kind == "boolean":
                checkbox = page.locator(f"input[name=f_{name}]")
                checkbox.check() if value else checkbox.uncheck()
            elif kind == "choice" and field.get("widget") == "radio":
                page.locator(f"input[name=f_{name}][value={value}]").check()
            elif kind in ("choice", "admin_unit"):
                control.select_option(str(value))
            elif kind == "multichoice":
                for v in value:
                    page.locator(f"input[name=f_{name}][value={v}]").check()
            else:
                control.fill(str(value))


def test_citizen_does_birth_registration_online_on_a_phone(
    live_server: Any, commune: None, gateway: str, browser: Browser, pages: list[Page]
) -> None:
    from egov.catalog.eform_schemas import eform_schema_for
    from egov.core.audit.selectors import audit_chain_verify
    from egov.dossiers.models import Dossier, Rating
    from egov.notifications.models import OutboxMessage
    from egov.payments.models import Payment
    from egov.portal.eforms import eform_example_data

    base = live_server.url
    started = time.monotonic()
    citizen = _open(browser, pages, 390)

    # 1. A new citizen registers with an e-mail address and confirms the code sent by the outbox.
    citizen.goto(f"{base}/accounts/register/")
    expect(citizen.locator("html")).to_have_attribute("lang", "vi")
    _look(citizen, "pt-01-register")
    citizen.get_by_label("Địa chỉ thư điện tử hoặc số điện thoại di động").fill(CITIZEN_EMAIL)
    citizen.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    citizen.get_by_label("Mật khẩu", exact=True).fill(CITIZEN_PASSWORD)
    citizen.get_by_label("Nhập lại mật khẩu").fill(CITIZEN_PASSWORD)
    citizen.get_by_role("button", name=re.compile("Đăng ký")).click()
    expect(citizen).to_have_url(re.compile(r"/accounts/verify/"))
    _look(citizen, "pt-02-verify")
    message = OutboxMessage.objects.filter(template="account_verification_code").latest("id")
    assert message.recipient == CITIZEN_EMAIL
    citizen.get_by_label("Mã 6 chữ số").fill(message.context["code"])
    citizen.get_by_role("button", name="Xác nhận").click()
    expect(citizen).to_have_url(re.compile(r"/accounts/profile/"))

    # 2. It finds birth registration by typing without accents.
    citizen.goto(f"{base}/dich-vu-cong/")
    _look(citizen, "pt-03-catalog")
    citizen.locator("#catalog-q").press_sequentially("dang ky khai sinh", delay=15)
    expect(citizen).to_have_url(re.compile(r"q=dang"))  # the htmx results replaced the list
    expect(citizen.locator("#catalog-count")).not_to_contain_text("25")
    hit = citizen.locator("#catalog-results h2 a").first
    expect(hit).to_have_text("Thủ tục đăng ký khai sinh")  # the closest match comes first
    shot(citizen, "pt-04-search")
    hit.click()
    expect(citizen.locator("h1")).to_contain_text("đăng ký khai sinh")
    _look(citizen, "pt-05-procedure")
    citizen.get_by_role("link", name="Nộp hồ sơ trực tuyến").first.click()

    # 3. Declaration form, documents, review, submission.
    expect(citizen.locator("h1")).to_contain_text("đăng ký khai sinh")
    _look(citizen, "pt-06-start")
    agency = citizen.locator("#agency")
    agency.select_option(label=agency.locator("option", has_text="Xã").first.inner_text())
    citizen.get_by_role("button", name="Bắt đầu").click()
    expect(citizen).to_have_url(re.compile(r"/dich-vu-cong/nhap/[0-9a-f-]+/$"))
    schema = eform_schema_for(BIRTH) or {}
    answers = eform_example_data(schema) | {
        "requester_name": "Nguyễn Thị Hoa",
        "requester_id_number": CITIZEN_ID,
    }
    answers |= {"requester_email": CITIZEN_EMAIL, "mother_name": "Nguyễn Thị Hoa"}
    _fill_eform(citizen, schema, answers)
    expect(citizen.locator("#autosave-status")).to_contain_text("Đã lưu nháp")  # htmx autosave
    _look(citizen, "pt-07-declaration")
    # The session expires while typing: the login page is not pasted into the form, the status line
    # says so and offers to log in again in a new tab; after that, the next change is saved again.
    session = citizen.context.cookies()
    citizen.context.clear_cookies()  # the session cookie goes; the CSRF cookie (a year) stays
    kept: list[Any] = [c for c in session if c["name"] != django_settings.SESSION_COOKIE_NAME]
    citizen.context.add_cookies(kept)
    citizen.locator("#id_f_mother_name").fill("Nguyễn Thị Hoa ")
    status = citizen.locator("#autosave-status")
    expect(status).to_contain_text("Phiên đăng nhập đã hết hạn")
    expect(status.get_by_role("link", name="Đăng nhập lại")).to_have_attribute("target", "_blank")
    assert citizen.locator("#main form input[name=password]").count() == 0
    shot(citizen, "pt-07b-session-expired")
    citizen.context.add_cookies(cast(list[Any], session))  # logged in again (in another tab)
    citizen.locator("#id_f_mother_name").fill("Nguyễn Thị Hoa")
    expect(status).to_contain_text("Đã lưu nháp")
    citizen.get_by_role("button", name="Tiếp tục: giấy tờ").click()
    expect(citizen).to_have_url(re.compile(r"/giay-to/$"))
    sections = citizen.locator("section[id^=slot-]")
    for i in range(sections.count()):
        section = citizen.locator("section[id^=slot-]").nth(i)
        section.locator("input[type=file]").set_input_files(str(_pdf(f"giay-to-{i}.pdf", f"giay to {i}")))
        section.get_by_role("button", name="Tải lên").click()
        expect(citizen.locator("section[id^=slot-]").nth(i).get_by_text("Đã đính kèm")).to_be_visible()
    _look(citizen, "pt-08-documents")
    citizen.get_by_role("link", name="Tiếp tục: kiểm tra hồ sơ").click()
    expect(citizen.get_by_role("button", name="Nộp hồ sơ")).to_be_visible()
    expect(citizen.locator("#main")).to_contain_text("Nguyễn Minh An")  # the child, from the form
    _look(citizen, "pt-09-review")
    citizen.get_by_role("button", name="Nộp hồ sơ").click()
    expect(citizen).to_have_url(re.compile(r"/ho-so-cua-toi/[^/]+/$"))
    dossier = Dossier.objects.get(applicant_user__email=CITIZEN_EMAIL)
    code = dossier.code
    expect(citizen.locator("#main")).to_contain_text(f"Mã hồ sơ: {code}")
    assert dossier.status == Dossier.Status.SUBMITTED and dossier.channel == Dossier.Channel.ONLINE
    assert dossier.competent_agency.agency_code == COMMUNE_CODE and dossier.accepted_at is None
    assert dossier.eform_data["child_name"] == "Nguyễn Minh An"
    keys = set(OutboxMessage.objects.values_list("idempotency_key", flat=True))
    assert f"dossier:{code}:submitted-online:email" in keys  # the acknowledgement
    _look(citizen, "pt-10-submitted")

    # 4. It pays the fee in the sandbox gateway (signed redirect, IPN back to the live server).
    citizen.get_by_role("button", name="Thanh toán trực tuyến").click()
    expect(citizen).to_have_url(re.compile(r"/paymentv2/vpcpay\.html"))
    shot(citizen, "pt-11-gateway")
    citizen.get_by_role("button", name="Thanh toán", exact=True).click()
    expect(citizen).to_have_url(re.compile(r"/thanh-toan/ket-qua/"))
    expect(citizen.locator("h1")).to_have_class(re.compile("text-success"))
    _look(citizen, "pt-12-paid")
    end = time.monotonic() + 15
    while Payment.objects.filter(dossier=dossier, status="paid").count() != 1 and time.monotonic() < end:
        time.sleep(0.1)
    assert Payment.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    assert dossier.fees_collected == dossier.fees_due == 8000

    # 5. The one-stop officer sees it in the online reception queue and asks for a correction.
    motcua = _staff(browser, pages, base, "motcuaxa")
    motcua.goto(f"{base}/staff/dossiers/tiep-nhan-truc-tuyen/")
    expect(motcua.locator("#main")).to_contain_text(code)
    shot(motcua, "pt-13-reception-queue")
    motcua.goto(f"{base}/staff/dossiers/tiep-nhan-truc-tuyen/{code}/")
    correction = motcua.locator("#correction")
    correction.locator("summary").click()
    correction.locator("textarea").nth(0).fill("Giấy chứng sinh (bản chụp rõ nét, đủ 2 mặt)")
    correction.locator("textarea").nth(1).fill("Ảnh giấy chứng sinh bị mờ, không đọc được số.")
    correction.get_by_role("button", name="Gửi yêu cầu").click()
    _wait_status(code, Dossier.Status.SUPPLEMENT_REQUESTED)
    shot(motcua, "pt-14-correction-sent")

    # 6. The citizen supplements online.
    citizen.goto(f"{base}/dich-vu-cong/ho-so-cua-toi/{code}/")
    expect(citizen.locator("#main")).to_contain_text("Giấy chứng sinh (bản chụp rõ nét, đủ 2 mặt)")
    _look(citizen, "pt-15-supplement-requested")
    citizen.locator("#sup-files").set_input_files(str(_pdf("chung-sinh-ro.pdf", "giay chung sinh")))
    citizen.get_by_role("button", name="Gửi hồ sơ bổ sung").click()
    expect(citizen.get_by_role("status").first).to_contain_text("Bộ phận Một cửa")
    _look(citizen, "pt-16-supplement-sent")
    assert dossier.supplementations.get().submitted_online_at is not None

    # 7. Re-accepted (the period restarts), processed, approved; the e-result is returned online.
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    expect(motcua.locator("#main")).to_contain_text("trực tuyến")  # the supplement sent online
    supplement = motcua.locator("details", has=motcua.locator("form[action$='/supplement/']"))
    supplement.locator("summary").click()
    supplement.locator("form button[type=submit]").click()
    _wait_status(code, Dossier.Status.PROCESSING)
    from egov.dossiers.models import Task

    if Task.objects.get(dossier=dossier, status=Task.Status.OPEN).step.code == "receive":
        motcua.goto(f"{base}/staff/dossiers/{code}/")
        _act(motcua, "to_appraise")
    specialist = _staff(browser, pages, base, "chuyenvien")
    specialist.goto(f"{base}/staff/dossiers/{code}/")
    _act(specialist, "to_review", "Hồ sơ đầy đủ, đủ điều kiện đăng ký khai sinh.")
    head = _staff(browser, pages, base, "truongphong")
    head.goto(f"{base}/staff/dossiers/{code}/")
    _act(head, "to_approve", "Đồng ý trình ký.")
    leader = _staff(browser, pages, base, "lanhdao")
    leader.goto(f"{base}/staff/dossiers/{code}/")
    _act(leader, "approve", "Đồng ý.")
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    result = motcua.locator("details", has=motcua.locator("form[action$='/result/']"))
    result.locator("summary").click()
    result.locator("input[type=file]").set_input_files(
        str(_pdf("trich-luc-khai-sinh.pdf", "TRICH LUC KHAI SINH"))
    )
    result.get_by_role("button", name="Tải lên văn bản kết quả").click()
    motcua.wait_for_load_state("load")
    _act(motcua, "result_returned")
    _wait_status(code, Dossier.Status.RESOLVED)
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    back = motcua.locator("details", has=motcua.locator("form[action$='/return/online/']"))
    back.locator("summary").click()
    back.locator("form[action$='/return/online/'] button").click()
    _wait_status(code, Dossier.Status.RETURNED)
    shot(motcua, "pt-17-returned-online")

    # 8. The citizen downloads the electronic result and rates the service.
    citizen.goto(f"{base}/dich-vu-cong/ho-so-cua-toi/{code}/")
    link = citizen.get_by_role("link", name="Tải kết quả điện tử")
    expect(link).to_be_visible()
    _look(citizen, "pt-18-result")
    got = citizen.request.get(f"{base}{link.get_attribute('href')}")
    assert got.ok and got.headers["content-type"].startswith("application/pdf")
    text = _pdftotext(got.body())
    assert "TRICH LUC KHAI SINH" in text
    citizen.get_by_role("link", name="Đánh giá mức độ hài lòng").click()
    _look(citizen, "pt-19-rate")
    citizen.locator("input[name=overall]").first.check()
    citizen.locator("textarea[name=comment]").fill("Nộp trên điện thoại rất tiện, không phải đi lại.")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.locator("#main")).to_contain_text("Cảm ơn")
    assert Rating.objects.get(dossier=dossier).channel == "online"
    citizen.goto(f"{base}/dich-vu-cong/ho-so-cua-toi/")
    _look(citizen, "pt-20-my-dossiers")
    citizen.goto(f"{base}/dich-vu-cong/kho-du-lieu/")
    expect(citizen.locator("#main")).to_contain_text("trich-luc-khai-sinh.pdf")
    _look(citizen, "pt-21-my-data")

    citizen.goto(f"{base}/thanh-toan/{code}/")
    expect(citizen.locator("#main")).to_contain_text("8.000")
    _look(citizen, "pt-22-payments")
    citizen.goto(f"{base}/accounts/profile/")
    _look(citizen, "pt-23-profile")
    citizen.goto(f"{base}/thanh-toan/tra-cuu-bien-lai/")
    _look(citizen, "pt-24-receipt-lookup")
    citizen.goto(f"{base}/tra-cuu/{code}/")
    expect(citizen.get_by_role("status")).to_contain_text("Đã trả kết quả")
    _look(citizen, "pt-25-public-status")
    citizen.goto(f"{base}/")
    _look(citizen, "pt-26-home")

    assert audit_chain_verify().ok
    print(f"portal flow for {code}: {time.monotonic() - started:.1f}s")  # noqa: T201


def _pdftotext(data: bytes) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / "portal-result.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True).stdout
