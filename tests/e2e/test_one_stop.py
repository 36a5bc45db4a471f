"""E2E: one dossier through the whole one-stop flow, in Chromium, with a screenshot at every step.

Counter intake (form 01 PDF) → supplementation requested by the specialist (public tracking shows
it) → completed at the counter (deadline restarts) → department head → leader approves → result
returned at the counter → the citizen rates it → the leader dashboard counts it early/on time;
finally the audit chain holds and every state change of the dossier was audited.

Procedure choice: 1.004873 "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân" — 3 working days, no
fee, implemented by the communes (demo: UBND phường 000.01.00.H59 and UBND xã 000.02.00.H59). The
demo has no specialist, department head or leader at a commune, so the set-up gives the demo users
chuyenvien, truongphong and lanhdao those positions at UBND xã (staff_assignment_create), and the
reception officer picks UBND xã as the competent agency at the counter.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import F, Q
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from tests.e2e.conftest import SHOTS, assert_no_horizontal_scroll, shot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "egov-demo-2026"
PROCEDURE_CODE = "1.004873"
COMMUNE_CODE = "000.02.00.H59"  # UBND xã: the competent agency chosen at the counter
APPLICANT_NAME = "Nguyễn Thị Thu Hà"
APPLICANT_ID = "079190004567"
APPLICANT_PHONE = "0912345678"


@pytest.fixture
def one_stop(transactional_db: None) -> None:
    """Demo data, plus the commune positions the five-step process needs (see the module doc)."""
    from egov.accounts.models import User
    from egov.org.models import Agency, Department, Role
    from egov.org.services import staff_assignment_create

    call_command("demo_seed", verbosity=0)
    commune = Agency.objects.get(agency_code=COMMUNE_CODE)
    office = Department.objects.filter(agency=commune).first()
    for username, role, title, department in (
        ("chuyenvien", Role.SPECIALIST, "Công chức Tư pháp - Hộ tịch", office),
        ("truongphong", Role.DEPARTMENT_HEAD, "Chánh Văn phòng", office),
        ("lanhdao", Role.AGENCY_LEADER, "Chủ tịch", None),
    ):
        staff_assignment_create(
            user=User.objects.get(username=username),
            agency=commune,
            department=department,
            role=role,
            title=title,
            valid_from=date(2025, 7, 1),
        )


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[Page]]:
    """Pages opened by the test (one browser context per person); all closed at the end."""
    pages: list[Page] = []
    yield pages
    for page in pages:
        page.context.close()


def _open(browser: Browser, pages: list[Page], width: int = 1280) -> Page:
    ctx = browser.new_context(
        viewport={"width": width, "height": 900},
        locale="vi-VN",
        timezone_id="Asia/Ho_Chi_Minh",
        accept_downloads=True,
    )
    ctx.set_default_timeout(15_000)
    page = ctx.new_page()
    pages.append(page)
    return page


def _staff(browser: Browser, pages: list[Page], base: str, username: str) -> Page:
    page = _open(browser, pages)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/staff/$"))
    return page


def _transition_form(page: Page, code: str) -> Locator:
    return page.locator("form", has=page.locator(f"input[name=transition][value={code}]"))


def _act(page: Page, code: str, comment: str = "") -> None:
    form = _transition_form(page, code)
    expect(form).to_be_visible()
    if comment:
        form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button").click()
    page.wait_for_load_state("load")


def _status(code: str) -> str:
    from egov.dossiers.models import Dossier

    return str(Dossier.objects.get(code=code).status)


def _wait_status(code: str, wanted: str, timeout: float = 10.0) -> None:
    end = time.monotonic() + timeout
    while _status(code) != wanted and time.monotonic() < end:
        time.sleep(0.1)
    assert _status(code) == wanted


def _pdf_text(data: bytes, name: str) -> str:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / name
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def _date_forms(value: datetime) -> list[str]:
    """The appointment date as the page prints it and as form 01 may word it."""
    t = timezone.localtime(value)
    return [
        f"{t:%d/%m/%Y}",
        f"ngày {t:%d} tháng {t:%m} năm {t.year}",
        f"ngày {t.day} tháng {t.month} năm {t.year}",
        f"ngày {t:%d} tháng {t.month} năm {t.year}",
    ]


def test_one_stop_dossier_end_to_end(
    live_server: object, one_stop: None, browser: Browser, contexts: list[Page]
) -> None:
    # The public status page caches answers per process (30 s); the live server is one process, so
    # each state change drops the cached copy on commit and the citizen sees the new state at once.
    from egov.core.audit.models import AuditEvent
    from egov.core.audit.selectors import audit_chain_verify
    from egov.dossiers.deadlines import dossier_due
    from egov.dossiers.models import Dossier, Rating, SupplementationRequest, Task
    from egov.reports.services import rollup_refresh_recent

    base = str(live_server)
    started = time.monotonic()

    # 1. The reception officer receives the dossier at the counter.
    motcua = _staff(browser, contexts, base, "motcua")
    motcua.goto(f"{base}/staff/dossiers/new/")
    expect(motcua.locator("h1")).to_have_text("Tiếp nhận hồ sơ")
    motcua.locator("#procedure-q").press_sequentially("xac nhan tinh trang hon nhan", delay=20)
    option = motcua.locator("#procedure-results [role=option]", has_text=PROCEDURE_CODE)
    expect(option).to_be_visible()
    expect(option).to_contain_text("Thủ tục cấp Giấy xác nhận tình trạng hôn nhân")
    shot(motcua, "os-01-intake-search")
    option.click()
    expect(motcua.locator("#picked-version")).to_have_count(1)
    competent = motcua.locator("#id_competent_agency")
    competent.select_option(label=competent.locator("option", has_text="xã").first.inner_text())
    boxes = motcua.locator("#components input[type=checkbox][name$='-on']")
    expect(boxes.first).to_be_visible()
    for i in range(boxes.count()):
        boxes.nth(i).check()
    motcua.locator("input[name=applicant_kind][value=person]").check(force=True)
    motcua.locator("#id_applicant_name").fill(APPLICANT_NAME)
    motcua.locator("#id_applicant_id_number").fill(APPLICANT_ID)
    motcua.locator("#id_applicant_phone").fill(APPLICANT_PHONE)
    motcua.locator("input[name=delivery][value=counter]").check()
    shot(motcua, "os-02-intake-filled")
    motcua.get_by_role("button", name=re.compile(r"^Tiếp nhận")).click()
    expect(motcua).to_have_url(re.compile(r"/staff/dossiers/[^/]+/\?print=1$"))
    heading = motcua.locator("h1")
    expect(heading).to_contain_text("Hồ sơ")
    code = heading.locator("span").inner_text().strip()
    dossier = Dossier.objects.get(code=code)
    assert dossier.competent_agency.agency_code == COMMUNE_CODE
    assert dossier.applicant_id_number == APPLICANT_ID
    assert dossier.delivery == "counter"
    assert dossier.due_at is not None
    due_text = f"{timezone.localtime(dossier.due_at):%d/%m/%Y %H:%M}"
    expect(motcua.locator("#main")).to_contain_text(due_text)  # the appointment as shown
    shot(motcua, "os-03-received")
    pdf_link = motcua.locator("a[href$='/forms/1.pdf']").first
    expect(pdf_link).to_be_visible()
    response = motcua.request.get(f"{base}{pdf_link.get_attribute('href')}")
    assert response.ok
    assert response.headers["content-type"].startswith("application/pdf")
    form01 = " ".join(_pdf_text(response.body(), "form01.pdf").split())
    assert code in form01
    assert any(d in form01 for d in _date_forms(dossier.due_at)), form01

    # 2. The specialist claims the task from the inbox and requests supplementation.
    specialist = _staff(browser, contexts, base, "chuyenvien")
    specialist.goto(f"{base}/staff/dossiers/")
    task = Task.objects.get(dossier=dossier, status=Task.Status.OPEN)
    row = specialist.locator(f"#task-{task.pk}")
    expect(row).to_contain_text(code)
    shot(specialist, "os-04-inbox")
    row.locator("form[action$='/claim/'] button").click()
    expect(row).to_contain_text("Trần Văn Minh")
    row.get_by_role("link", name=code).click()
    expect(specialist.locator("h1")).to_contain_text(code)
    _act(specialist, "request_supplement", "Bản sao giấy tờ chứng minh nơi cư trú")
    _wait_status(code, Dossier.Status.SUPPLEMENT_REQUESTED)
    shot(specialist, "os-05-supplement-requested")

    citizen = _open(browser, contexts, 390)  # no login, a phone
    citizen.goto(f"{base}/tra-cuu/{code}/")
    expect(citizen.get_by_role("status")).to_contain_text("Cần bổ sung, hoàn thiện hồ sơ")
    expect(citizen.locator("body")).to_contain_text("Nguyễn T** T** H**")
    expect(citizen.locator("body")).not_to_contain_text(APPLICANT_NAME)
    assert_no_horizontal_scroll(citizen)
    shot(citizen, "os-06-public-supplement")

    # 3. Supplementation completed at the counter: the deadline restarts from re-acceptance.
    # Set-up: the first acceptance is moved one day back (as if received yesterday), so that the
    # recomputed appointment is strictly later even when the test runs outside working hours.
    Dossier.objects.filter(pk=dossier.pk).update(
        clock_started_at=F("clock_started_at") - timedelta(days=1), due_at=F("due_at") - timedelta(days=1)
    )
    due_before = Dossier.objects.get(pk=dossier.pk).due_at
    assert due_before is not None
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    supplement = motcua.locator("details", has=motcua.locator("form[action$='/supplement/']"))
    supplement.locator("summary").click()
    for i in range(supplement.locator("input[name=components]").count()):
        supplement.locator("input[name=components]").nth(i).check()
    shot(motcua, "os-07-supplement-complete")
    before_click = timezone.now()
    supplement.locator("form button[type=submit]").click()
    _wait_status(code, Dossier.Status.PROCESSING)
    after_click = timezone.now()
    dossier.refresh_from_db()
    request = SupplementationRequest.objects.get(dossier=dossier)
    assert request.completed_at is not None
    assert dossier.clock_started_at == request.completed_at
    assert before_click <= dossier.clock_started_at <= after_click
    assert dossier.due_at is not None
    assert dossier.due_at == dossier_due(version=dossier.procedure_version, start=dossier.clock_started_at)
    assert dossier.due_at > due_before
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    expect(motcua.locator("#main")).to_contain_text(f"{timezone.localtime(dossier.due_at):%d/%m/%Y %H:%M}")
    shot(motcua, "os-08-reaccepted")

    # 4. Back to the step that asked: reception forwards, specialist appraises, the department
    # head reviews, the leader approves.
    open_task = Task.objects.get(dossier=dossier, status=Task.Status.OPEN)
    if open_task.step.code == "receive":
        _act(motcua, "to_appraise")
    specialist.goto(f"{base}/staff/dossiers/{code}/")
    _act(specialist, "to_review", "Hồ sơ đầy đủ, đủ điều kiện cấp.")
    head = _staff(browser, contexts, base, "truongphong")
    head.goto(f"{base}/staff/dossiers/{code}/")
    shot(head, "os-09-review")
    _act(head, "to_approve", "Đồng ý trình ký.")
    leader = _staff(browser, contexts, base, "lanhdao")
    leader.goto(f"{base}/staff/dossiers/{code}/")
    shot(leader, "os-10-approve")
    _act(leader, "approve", "Đồng ý.")
    expect(leader.locator("body")).not_to_contain_text("Bạn không có quyền")
    assert Task.objects.get(dossier=dossier, status=Task.Status.OPEN).step.code == "return_result"

    # 5. The result is returned at the counter (receiver name and ID).
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    _act(motcua, "result_returned")
    _wait_status(code, Dossier.Status.RESOLVED)
    motcua.goto(f"{base}/staff/dossiers/{code}/")
    back = motcua.locator("form[action$='/return/']")
    back.locator("input[name=receiver_name]").fill(APPLICANT_NAME)
    back.locator("input[name=receiver_id_number]").fill(APPLICANT_ID)
    shot(motcua, "os-11-return")
    back.get_by_role("button", name="Trả kết quả").click()
    _wait_status(code, Dossier.Status.RETURNED)
    shot(motcua, "os-12-returned")

    # 6. The citizen rates the service on the public page (last 4 digits of the ID number).
    citizen.goto(f"{base}/tra-cuu/{code}/")
    expect(citizen.get_by_role("status")).to_contain_text("Đã trả kết quả")
    citizen.locator(f"a[href$='/tra-cuu/{code}/danh-gia/']").click()
    expect(citizen.locator("h1")).to_be_visible()
    citizen.locator("input[name=verify]").fill(APPLICANT_ID[-4:])
    citizen.locator("input[name=overall]").first.check()
    citizen.locator("textarea[name=comment]").fill("Cán bộ hướng dẫn tận tình.")
    shot(citizen, "os-13-rate")
    citizen.get_by_role("button", name="Gửi đánh giá").click()
    expect(citizen.get_by_role("status")).to_contain_text("Cảm ơn")
    assert_no_horizontal_scroll(citizen)
    shot(citizen, "os-14-rated")
    assert Rating.objects.filter(dossier=dossier).count() == 1

    # 7. The leader dashboard counts it as early or on time (after the rollup refresh).
    dossier.refresh_from_db()
    assert dossier.resolved_at is not None
    assert dossier.resolved_at <= dossier.due_at
    assert dossier.timeliness in ("early", "on_time"), dossier.timeliness
    rollup_refresh_recent()
    leader.goto(f"{base}/staff/reports/")
    expect(leader.locator("h1")).to_have_text("Bảng điều hành của lãnh đạo")
    unit_row = leader.locator("#chart-unit-title").locator("xpath=..").locator("tr", has_text="xã")
    leader.locator("#chart-unit-title").locator("xpath=..").locator("summary").click()
    cells = unit_row.locator("td")
    expect(cells.nth(1)).to_have_text("1")  # resolved
    early, on_time, late = (int(cells.nth(i).inner_text()) for i in (2, 3, 4))
    assert early + on_time == 1
    assert late == 0
    expect(cells.nth(5)).to_have_text(re.compile(r"^100"))
    shot(leader, "os-15-dashboard")

    # Audit: the chain holds and every state change of this dossier was recorded.
    assert audit_chain_verify().ok
    tasks = list(Task.objects.filter(dossier=dossier).order_by("pk"))
    events = list(
        AuditEvent.objects.filter(
            Q(object_type="dossiers.dossier", object_id=str(dossier.pk))
            | Q(object_type="dossiers.task", object_id__in=[str(t.pk) for t in tasks])
        ).order_by("id")
    )
    changes = [(e.action, e.from_state, e.to_state) for e in events if e.from_state != e.to_state]
    assert [to for _action, _from, to in changes] == [
        "received",
        "processing",
        "supplement_requested",
        "processing",
        "resolved",
        "returned",
    ], changes
    # Every step done (forward moves keep the status "processing") has its own audit event.
    audited_tasks = {e.data.get("task") for e in events if e.action.startswith("task.")}
    # The first reception task is completed by the intake itself (dossier.receive/accept above).
    assert tasks[0].step.is_start
    done = [t for t in tasks[1:] if t.status == Task.Status.DONE and t.outcome]
    assert [t.outcome for t in done] == [
        "request_supplement",
        "to_appraise",
        "to_review",
        "to_approve",
        "approve",
        "result_returned",
    ]
    assert {t.pk for t in done} <= audited_tasks, (done, audited_tasks)
    print(f"one-stop flow for {code}: {time.monotonic() - started:.1f}s; {changes}")  # noqa: T201
