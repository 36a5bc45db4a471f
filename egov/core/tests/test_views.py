from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_public_home_is_vietnamese(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Dịch vụ công" in body
    assert "07:30–11:30, 13:30–17:00" in body


def test_public_home_in_english_when_chosen(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in response.content.decode()
    assert "Public services" in response.content.decode()


def test_security_headers(client: Client) -> None:
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert len(response["X-Request-ID"]) >= 8


def test_healthz_reports_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["pending_migrations"] == 0


def test_unsupported_methods_are_refused(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
    assert client.generic("TRACE", "/").status_code == 405


@override_settings(DEBUG=False)
def test_404_page_is_vietnamese(client: Client) -> None:
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_staff_home_requires_login(client: Client) -> None:
    response = client.get(reverse("staff-home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_staff_home_forbidden_for_citizens(client: Client, django_user_model: Any) -> None:
    citizen = django_user_model.objects.create(username="cd", kind="citizen")
    client.force_login(citizen)
    response = client.get(reverse("staff-home"))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


def test_openapi_schema_and_docs_are_served_without_cdn(client: Client) -> None:
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/health/" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "jsdelivr" not in docs.lower()


def test_vendored_files_match_the_manifest() -> None:
    import hashlib

    vendor = Path(settings.BASE_DIR) / "static" / "vendor"
    manifest = json.loads((vendor / "MANIFEST.json").read_text())
    assert {m["name"] for m in manifest} == {"bootstrap", "htmx.org"}
    for package in manifest:
        for name, digest in package["sha256"].items():
            assert hashlib.sha256((vendor / package["folder"] / name).read_bytes()).hexdigest() == digest
