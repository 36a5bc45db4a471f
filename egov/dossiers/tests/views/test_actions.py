"""Dossier page actions: allowed, other agency (404), wrong role (403), errors keep the input."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.core.files.services import file_store
from egov.core.files.tests.samples import pdf_bytes, upload
from egov.dossiers.models import Dossier, SupplementationRequest, Task
from egov.dossiers.tests.services.factories import make_dossier, make_staff
from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _dossier(counter: SimpleNamespace, **kw: object) -> Dossier:
    kw.setdefault("with_task", True)
    return make_dossier(
        competent_agency=counter.department, receiving_agency=counter.centre, version=counter.version, **kw
    )


def _local(d: Dossier, delta: timedelta) -> str:
    assert d.due_at is not None
    return timezone.localtime(d.due_at + delta).strftime("%Y-%m-%dT%H:%M")


def _url(name: str, d: Dossier) -> str:
    return reverse(f"dossiers:{name}", args=[d.code])


def test_page_offers_only_allowed_actions(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter)
    client.force_login(counter.specialist)
    body = client.get(_url("detail", d)).content.decode()
    for name in ("stop", "withdraw", "apologise", "result"):
        assert _url(name, d) in body
    for name in ("assign", "payment", "return-post", "supplement-complete"):
        assert _url(name, d) not in body
    assert reverse("dossiers:form-pdf", args=[d.code, 6]) in body
    assert reverse("dossiers:form-pdf", args=[d.code, 5]) not in body


@pytest.mark.parametrize(
    "name", ["stop", "withdraw", "apologise", "assign", "result", "payment", "return-post"]
)
def test_other_agency_gets_404(client: Client, counter: SimpleNamespace, name: str) -> None:
    d = _dossier(counter)
    client.force_login(make_staff(agency=AgencyFactory.create(), role=Role.AGENCY_LEADER))
    assert client.post(_url(name, d), {}).status_code == 404


def test_stop_and_withdraw(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter)
    client.force_login(counter.specialist)
    response = client.post(_url("stop", d), {"stop-reason": ""})
    assert response.status_code == 200 and not Task.objects.filter(dossier=d, status="cancelled").exists()
    assert client.post(_url("stop", d), {"stop-reason": "Công dân đề nghị"}).status_code == 302
    d.refresh_from_db()
    assert d.status == Dossier.Status.STOPPED
    assert reverse("dossiers:form-pdf", args=[d.code, 5]) in client.get(_url("detail", d)).content.decode()
    assert client.post(_url("withdraw", d), {"withdraw-reason": "x"}).status_code == 403
    other = _dossier(counter)
    assert client.post(_url("withdraw", other), {"withdraw-reason": "Rút hồ sơ"}).status_code == 302
    assert Dossier.objects.get(pk=other.pk).status == Dossier.Status.WITHDRAWN


def test_apology_error_keeps_input(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter, due_at=timezone.now() + timedelta(days=10))
    client.force_login(counter.specialist)
    past = _local(d, -timedelta(days=1))
    response = client.post(
        _url("apologise", d), {"apology-reason": "Cần xác minh", "apology-new_due_at": past}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Cần xác minh" in body and past in body
    assert "is-invalid" in body or "text-danger" in body
    later = _local(d, timedelta(days=3))
    response = client.post(
        _url("apologise", d), {"apology-reason": "Cần xác minh", "apology-new_due_at": later}
    )
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.extension_count == 1
    body = client.get(_url("detail", d)).content.decode()
    assert _url("apologise", d) not in body
    assert reverse("dossiers:form-pdf", args=[d.code, 4]) in body


@time_machine.travel(datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=True)
def test_apology_too_late_is_disabled_with_explanation(client: Client, counter: SimpleNamespace) -> None:
    # A Wednesday morning, due in 30 minutes: the last day for an apology (the working day before
    # the due date) has passed. At 23:45 the same "30 minutes" would fall on the next day.
    d = _dossier(counter, due_at=timezone.now() + timedelta(minutes=30))
    client.force_login(counter.specialist)
    body = client.get(_url("detail", d)).content.decode()
    assert "<fieldset disabled>" in body.replace(" >", ">")
    later = _local(d, timedelta(days=3))
    response = client.post(_url("apologise", d), {"apology-reason": "Muộn", "apology-new_due_at": later})
    assert response.status_code == 200
    d.refresh_from_db()
    assert d.extension_count == 0


def test_assign_needs_a_head_or_the_assignee(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter)
    colleague = make_staff(agency=counter.department, role=Role.SPECIALIST)
    client.force_login(counter.specialist)  # queue task, not a head: no button, 403
    assert _url("assign", d) not in client.get(_url("detail", d)).content.decode()
    assert client.post(_url("assign", d), {"assign-mode": "reassign"}).status_code == 403
    head = make_staff(agency=counter.department, role=Role.DEPARTMENT_HEAD)
    client.force_login(head)
    body = client.get(_url("detail", d)).content.decode()
    assert _url("assign", d) in body and f'value="{colleague.pk}"' in body
    response = client.post(_url("assign", d), {"assign-mode": "reassign", "assign-to_user": colleague.pk})
    assert response.status_code == 302
    task = Task.objects.get(dossier=d, status="open")
    assert task.assignee == colleague
    client.force_login(colleague)  # the assignee may delegate
    response = client.post(
        _url("assign", d), {"assign-mode": "delegate", "assign-to_user": counter.specialist.pk}
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.assignee == counter.specialist and task.delegated_from == colleague


def test_assign_rejects_someone_outside_the_queue(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter)
    outsider = make_staff(agency=AgencyFactory.create(), role=Role.SPECIALIST)
    client.force_login(make_staff(agency=counter.department, role=Role.DEPARTMENT_HEAD))
    response = client.post(_url("assign", d), {"assign-mode": "reassign", "assign-to_user": outsider.pk})
    assert response.status_code == 200
    assert Task.objects.get(dossier=d, status="open").assignee is None


def test_result_upload(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter)
    client.force_login(counter.specialist)
    bad = SimpleUploadedFile("kq.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post(_url("result", d), {"result-file": bad}).status_code == 200
    good = SimpleUploadedFile("ket-qua.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(_url("result", d), {"result-file": good}).status_code == 302
    d.refresh_from_db()
    assert d.result_file is not None and d.result_file.original_name == "ket-qua.pdf"


def test_payment_only_when_awaiting(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter, with_task=False, status=Dossier.Status.AWAITING_PAYMENT, fees_due=2000)
    client.force_login(counter.specialist)
    assert 'value="2000"' in client.get(_url("detail", d)).content.decode()
    assert client.post(_url("payment", d), {"pay-amount": "2000"}).status_code == 302
    d.refresh_from_db()
    assert d.status == Dossier.Status.RESOLVED and d.fees_collected == 2000
    assert client.post(_url("payment", d), {"pay-amount": "1"}).status_code == 403


def test_return_by_post_and_online(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter, with_task=False, status=Dossier.Status.RESOLVED)
    client.force_login(counter.officer)
    response = client.post(_url("return-post", d), {"post-tracking_number": "", "post-handed_at": ""})
    assert response.status_code == 200
    response = client.post(_url("return-post", d), {"post-tracking_number": "EA123456789VN"})
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Dossier.Status.RETURNED and d.return_tracking_number == "EA123456789VN"
    assert client.post(_url("return-online", d)).status_code == 403
    other = _dossier(counter, with_task=False, status=Dossier.Status.RESOLVED)
    refused = client.post(_url("return-online", other))  # no electronic result attached yet
    assert refused.status_code == 200 and "kết quả điện tử" in refused.content.decode().lower()
    other.refresh_from_db()
    assert other.status == Dossier.Status.RESOLVED
    result = file_store(upload=upload("kq.pdf", pdf_bytes()), user=counter.officer, owner=other)
    Dossier.objects.filter(pk=other.pk).update(result_file=result)
    assert client.post(_url("return-online", other)).status_code == 302
    other.refresh_from_db()
    assert other.status == Dossier.Status.RETURNED and other.return_method == "online"


def test_supplement_complete_shows_new_appointment(client: Client, counter: SimpleNamespace) -> None:
    d = _dossier(counter, with_task=False, status=Dossier.Status.SUPPLEMENT_REQUESTED, due_at=None)
    SupplementationRequest.objects.create(
        dossier=d,
        stage="intake",
        items=["Giấy ủy quyền"],
        reason="Thiếu",
        requested_at=timezone.now(),
        requested_by=counter.officer,
    )
    client.force_login(counter.specialist)  # not a reception officer of the receiving unit
    assert client.post(_url("supplement-complete", d), {}).status_code == 403
    client.force_login(counter.officer)
    assert "Giấy ủy quyền" in client.get(_url("detail", d)).content.decode()
    component = counter.version.components.get(mandatory=False)
    response = client.post(_url("supplement-complete", d), {"supp-components": [component.pk]}, follow=True)
    d.refresh_from_db()
    assert d.status == Dossier.Status.PROCESSING and d.due_at is not None
    assert timezone.localtime(d.due_at).strftime("%d/%m/%Y") in response.content.decode()
    assert d.components.filter(name=component.name).exists()
