"""eforms.js in Debian Chromium: live conditions, disabled hidden controls, axe-core WCAG 2.1 AA.

The rendered form is loaded with page.set_content (no server, no network), so this runs with the
ordinary suite (a few seconds); skipped when /usr/bin/chromium is not installed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from egov.catalog.eform_schemas import eform_schema_for
from egov.org.tests.factories import CommuneFactory, ProvinceFactory
from egov.portal.eforms import eform_build, eform_render
from egov.portal.eforms.testing import vietnamese

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
SCRIPT = Path(__file__).resolve().parents[1] / "static" / "egov" / "eforms.js"
AXE = Path(__file__).resolve().parents[3] / "tests" / "e2e" / "node_modules" / "axe-core" / "axe.min.js"
CSS = [
    Path(__file__).resolve().parents[3] / "static" / "vendor" / "bootstrap-5.3.9" / "bootstrap.min.css",
    Path(__file__).resolve().parents[3] / "static" / "egov" / "egov.css",
]


@pytest.fixture
def birth_html(db: None, settings: Any) -> dict[str, str]:
    """The birth registration form rendered unbound ("blank") and with errors ("errors").
    Rendered before the browser starts: no ORM call may run inside Playwright's event loop."""
    settings.EGOV_DEFAULT_PROVINCE_CODE = 80
    province = ProvinceFactory(code="80", name="Tỉnh Tây Ninh")
    CommuneFactory(code="25459", name="Phường Tân Ninh", kind="ward", parent=province)
    schema = eform_schema_for("1.001193")
    business = eform_schema_for("1.001612")
    assert schema is not None and business is not None

    def render(data: dict[str, Any] | None, schema: dict[str, Any] = schema) -> str:
        with vietnamese():
            form = eform_build(schema, data=data)
            if data is not None:
                form.is_valid()
            body = eform_render(form)
        return (
            '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tờ khai</title></head>'
            '<body><main class="container"><h1>Đăng ký khai sinh</h1>'
            f'<form method="post" novalidate id="f">{body}'
            '<button class="btn btn-primary" type="submit">Nộp hồ sơ</button></form></main></body></html>'
        )

    return {
        "blank": render(None),
        "errors": render({"f_requester_id_number": "123"}),
        "business": render(None, business),
    }


@pytest.fixture
def page(birth_html: dict[str, str]) -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":  # CI installs it: a missing browser is a failure there
            pytest.fail("Debian Chromium is required under CI=true")
        pytest.skip("Debian Chromium is not installed")
    with playwright.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 900}, locale="vi-VN")
        yield context.new_page()
        browser.close()


def _load(page: Any, html: str) -> None:
    page.route("**/static/egov/eforms.js", lambda route: route.fulfill(path=str(SCRIPT)))
    page.set_content(html.replace('src="/static/', 'src="http://egov.test/static/'))
    for css in CSS:
        if css.exists():
            page.add_style_tag(path=str(css))
    page.wait_for_function("document.querySelector('[data-eform-ready]') !== null")


def _posted(page: Any) -> list[str]:
    return list(page.evaluate("() => [...new FormData(document.getElementById('f')).keys()]"))


def test_conditions_live(page: Any, birth_html: dict[str, str]) -> None:
    _load(page, birth_html["blank"])
    father = page.locator("#id_f_father_name")
    assert father.is_hidden()
    assert father.is_disabled()
    assert "f_father_name" not in _posted(page)
    page.get_by_label("Đã xác định được cha").check()
    assert father.is_visible() and father.is_enabled()
    father.fill("Nguyễn Văn Cường")
    assert "f_father_name" in _posted(page)
    page.get_by_label("Đã xác định được cha").uncheck()
    assert father.is_hidden()
    assert "f_father_name" not in _posted(page)

    detail = page.locator("#id_f_relationship_detail")
    assert detail.is_hidden()
    page.get_by_label("Người khác (ông, bà, người thân thích, người được ủy quyền)").check()
    assert detail.is_visible()
    page.get_by_label("Mẹ", exact=True).check()
    assert detail.is_hidden()


def test_error_summary_gets_focus_and_markup_is_accessible(page: Any, birth_html: dict[str, str]) -> None:
    _load(page, birth_html["errors"])
    assert page.evaluate("document.activeElement.id") == "eform-error-summary"
    assert page.locator("#eform-error-summary a").count() > 5
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("axe-core is required under CI=true (tests/run.sh runs npm ci)")
        pytest.skip("axe-core is not installed (npm ci --prefix tests/e2e)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => { const r = await axe.run(document, {runOnly: {type: 'tag', values:"
        " ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});"
        " return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' '))})); }"
    )
    assert violations == []


def test_section_condition_and_select(page: Any, birth_html: dict[str, str]) -> None:
    _load(page, birth_html["business"])
    section = page.locator("[data-eform-section='3']")
    assert section.is_hidden()
    assert "f_proxy_name" not in _posted(page)
    page.get_by_label("Người nộp hồ sơ").select_option("uy_quyen")
    assert section.is_visible()
    page.locator("#id_f_proxy_name").fill("Đỗ Thị Lan")
    assert "f_proxy_name" in _posted(page)
    page.get_by_label("Người nộp hồ sơ").select_option("chu_ho")
    assert section.is_hidden()
    assert "f_proxy_name" not in _posted(page)
