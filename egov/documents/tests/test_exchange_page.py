"""The exchange queue page (Liên thông văn bản): states in words, filters, scope (another agency's
rows and secret documents never appear), a fixed query count, and "send again" on a failed row,
end to end through the axis simulator."""
# ruff: noqa: F811 - the fixtures imported from other test modules are parameters here

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from egov.core.audit.models import AuditEvent
from egov.documents.axis.services import exchange_axis_retry, exchange_axis_send_pending
from egov.documents.axis.simulator import AxisSimulator
from egov.documents.axis.testing import sim_fail, sim_messages
from egov.documents.axis.tests.conftest import axis  # noqa: F401 - fixture
from egov.documents.exchange_selectors import exchange_row_get, exchange_scope, exchange_state
from egov.documents.models import ExchangePackage, ExchangeStatus, OutgoingDocument, Secrecy
from egov.documents.services import exchange_import
from egov.documents.tests.conftest import staff
from egov.documents.tests.test_exchange import receiver, released_package
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    World,
    draft,
    out_ca,
    out_pdf,
    world,
)
from egov.org.models import Agency, Role

pytestmark = pytest.mark.django_db

PAGE = reverse("documents:exchange")


def retry_url(kind: str, pk: int) -> str:
    return reverse("documents:exchange-retry", args=[kind, pk])


def copy(package: ExchangePackage, *, agency: Agency | None = None, **fields: Any) -> ExchangePackage:
    """Another outbound package row like `package` (the states that need a transport failure)."""
    values: dict[str, Any] = {
        "direction": package.direction,
        "agency": agency or package.agency,
        "status": ExchangePackage.Status.READY,
        "document_id": package.document_id,
        "sender_code": package.sender_code,
        "recipient_codes": package.recipient_codes,
        "outgoing": package.outgoing,
        "body": b"",
        "created_at": timezone.now(),
    }
    values.update(fields)
    return ExchangePackage.objects.create(**values)


def pks(response: Any) -> list[int]:
    return [item["row"].pk for item in response.context["items"]]


def test_outbound_states_filters_and_scope(client: Client, world: World) -> None:
    doc, waiting = released_package(world)
    now = timezone.now()
    retrying = copy(waiting, attempts=2, next_attempt_at=now + timedelta(minutes=5), last_error="HTTP 503")
    failed = copy(waiting, attempts=1, failed_at=now, last_error="HTTP 422: recipient unknown")
    sent = copy(waiting, status=ExchangePackage.Status.SENT, attempts=1, sent_at=now, axis_message_id="m-1")
    theirs = copy(waiting, agency=world.other, document_id="other-agency-doc")
    secret_doc = draft(world, external=False, secrecy=Secrecy.SECRET, abstract="Tài liệu mật")
    secret = copy(waiting, outgoing=secret_doc, document_id="secret-doc")
    client.force_login(world.clerk)
    response = client.get(PAGE)
    assert response.status_code == 200
    assert set(pks(response)) == {waiting.pk, retrying.pk, failed.pk, sent.pk}
    states = {item["row"].pk: item["state"] for item in response.context["items"]}
    assert states[waiting.pk].key == "waiting"
    assert states[retrying.pk].key == "retrying"
    local = timezone.localtime(retrying.next_attempt_at).strftime("%H:%M %d/%m/%Y")
    assert local in states[retrying.pk].label
    assert states[failed.pk].key == "failed" and "recipient unknown" in states[failed.pk].label
    assert states[sent.pk].key == "sent"
    html = response.content.decode()
    assert reverse("documents:outgoing-detail", args=[doc.pk]) in html
    assert doc.abstract in html and waiting.recipient_codes in html and "Bộ Nội vụ" in html
    assert "other-agency-doc" not in html and "Tài liệu mật" not in html
    for state, expected in [("waiting", waiting), ("retrying", retrying), ("failed", failed), ("sent", sent)]:
        assert pks(client.get(PAGE, {"state": state})) == [expected.pk]
    # Only a clerk of the agency gets the button, on the failed row only.
    assert [i["row"].pk for i in response.context["items"] if i["can_retry"]] == [failed.pk]
    assert retry_url("packages", failed.pk) in html
    client.force_login(world.leader)
    leader_page = client.get(PAGE)
    assert set(pks(leader_page)) == {waiting.pk, retrying.pk, failed.pk, sent.pk}
    assert not any(i["can_retry"] for i in leader_page.context["items"])
    # The other agency's clerk sees only its own row, never the secret one.
    client.force_login(world.other_clerk)
    assert pks(client.get(PAGE)) == [theirs.pk]
    # A system administrator sees every agency (secret documents still filtered out).
    admin = staff(world.agency, Role.SYSTEM_ADMIN)
    client.force_login(admin)
    assert set(pks(client.get(PAGE))) == {waiting.pk, retrying.pk, failed.pk, sent.pk, theirs.pk}
    assert secret.pk not in pks(client.get(PAGE, {"state": "waiting"}))
    # Staff who keep no agency's documents do not get the page.
    client.force_login(world.specialist)
    assert client.get(PAGE).status_code == 404


def test_statuses_and_inbound_tabs(client: Client, world: World) -> None:
    _doc, package = released_package(world)
    ministry = receiver()
    incoming = exchange_import(agency=ministry, package=bytes(package.body))
    with pytest.raises(ValidationError):
        exchange_import(agency=ministry, package=b"<edXML><broken")
    clerk_b = staff(ministry, Role.CLERK)
    client.force_login(clerk_b)
    statuses = client.get(PAGE, {"tab": "statuses"})
    # 01 for the package taken, 02 for the one refused (the newest first).
    assert [i["row"].code for i in statuses.context["items"]] == ["02", "01"]
    item = statuses.context["items"][1]
    assert item["state"].key == "waiting"
    assert world.agency.agency_code in item["to"]
    assert reverse("documents:incoming-detail", args=[incoming.pk]) in statuses.content.decode()
    inbound = client.get(PAGE, {"tab": "inbound"})
    states = sorted(i["state"].key for i in inbound.context["items"])
    assert states == ["received", "refused"]
    refused = next(i for i in inbound.context["items"] if i["state"].key == "refused")
    assert "edXML" in refused["state"].label
    assert len(client.get(PAGE, {"tab": "inbound", "state": "refused"}).context["items"]) == 1
    assert client.get(PAGE, {"tab": "statuses", "state": "sent"}).context["items"] == []
    # Agency A's clerk sees none of B's statuses nor its received packages.
    client.force_login(world.clerk)
    assert client.get(PAGE, {"tab": "statuses"}).context["items"] == []
    assert client.get(PAGE, {"tab": "inbound"}).context["items"] == []


def test_fixed_query_count(client: Client, world: World, django_assert_num_queries: Any) -> None:
    _doc, package = released_package(world)
    ministry = receiver()
    exchange_import(agency=ministry, package=bytes(package.body))
    inbound = ExchangePackage.objects.get(agency=ministry, direction="inbound")
    status = ExchangeStatus.objects.get(package=inbound, direction="outbound")
    admin = staff(world.agency, Role.SYSTEM_ADMIN)
    client.force_login(admin)
    counts = {}
    for tab in ("packages", "statuses", "inbound"):
        client.get(PAGE, {"tab": tab})
        with django_assert_num_queries(9 if tab != "inbound" else 8) as captured:
            assert client.get(PAGE, {"tab": tab}).status_code == 200
        counts[tab] = len(captured.captured_queries)
    for i in range(25):
        copy(package, document_id=f"p-{i}")
        ExchangeStatus.objects.create(
            package=inbound,
            direction="outbound",
            organ_id=f"000.00.{i:02d}.X",
            code="03",
            document_id=status.document_id,
            created_at=timezone.now(),
            body=status.body,
        )
    for tab in ("packages", "statuses"):
        with django_assert_num_queries(counts[tab]):
            response = client.get(PAGE, {"tab": tab, "page": "2"})
        assert len(response.context["items"]) > 0
    assert len(client.get(PAGE).context["items"]) == 20


def test_send_again_through_the_axis(client: Client, world: World, axis: AxisSimulator) -> None:
    _doc, package = released_package(world)
    sim_fail(axis.url, "send", 1, 422)
    assert exchange_axis_send_pending() == 0
    package.refresh_from_db()
    assert package.failed_at is not None and "422" in package.last_error
    client.force_login(world.clerk)
    assert exchange_state(package).key == "failed"
    assert pks(client.get(PAGE, {"state": "failed"})) == [package.pk]
    # A leader sees it but may not send it again; another agency's clerk does not even find it.
    client.force_login(world.leader)
    refused = client.post(retry_url("packages", package.pk), {"tab": "packages"}, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    package.refresh_from_db()
    assert package.failed_at is not None
    client.force_login(world.other_clerk)
    assert client.post(retry_url("packages", package.pk)).status_code == 404
    assert client.post(retry_url("nothing", package.pk)).status_code == 404
    # The clerk sends it again; a double click changes nothing more.
    client.force_login(world.clerk)
    before = timezone.now()
    response = client.post(retry_url("packages", package.pk), {"tab": "packages", "state": "failed"})
    assert response.status_code == 302 and response["Location"].endswith("?tab=packages&state=failed")
    assert [m.level_tag for m in client.get(response["Location"]).context["messages"]] == ["success"]
    package.refresh_from_db()
    assert package.failed_at is None and package.attempts == 0
    assert package.next_attempt_at is not None and package.next_attempt_at >= before
    assert exchange_state(package).key == "waiting"
    second = client.post(retry_url("packages", package.pk), follow=True)
    assert [m.level_tag for m in second.context["messages"]] == ["error"]
    events = AuditEvent.objects.filter(action="documents.axis_package_retry")
    assert events.count() == 1
    event = events.get()
    assert event.actor_id == world.clerk.pk and "422" in event.reason
    assert (event.from_state, event.to_state) == ("failed", "pending")
    # The next run of the job posts it.
    assert exchange_axis_send_pending() == 1
    package.refresh_from_db()
    assert package.status == ExchangePackage.Status.SENT
    assert [m["docId"] for m in sim_messages(axis.url)] == [package.axis_message_id]
    assert pks(client.get(PAGE, {"state": "sent"})) == [package.pk]


def test_retry_service_refusals_and_status_rows(world: World) -> None:
    _doc, package = released_package(world)
    with pytest.raises(ValidationError) as exc:
        exchange_axis_retry(actor=world.clerk, row=package)
    assert exc.value.code == "not_failed"
    ExchangePackage.objects.filter(pk=package.pk).update(failed_at=timezone.now(), attempts=3)
    with pytest.raises(ValidationError) as exc:
        exchange_axis_retry(actor=world.leader, row=package)
    assert exc.value.code == "not_allowed"
    with pytest.raises(ValidationError) as exc:
        exchange_axis_retry(actor=world.other_clerk, row=package)
    assert exc.value.code == "not_allowed"
    admin = staff(world.other, Role.SYSTEM_ADMIN)
    again = exchange_axis_retry(actor=admin, row=package)
    assert isinstance(again, ExchangePackage) and again.attempts == 0 and again.failed_at is None
    # A status message that failed is put back the same way (by a clerk of the package's agency).
    ministry = receiver()
    exchange_import(agency=ministry, package=bytes(package.body))
    status = ExchangeStatus.objects.get(direction="outbound", package__agency=ministry)
    ExchangeStatus.objects.filter(pk=status.pk).update(failed_at=timezone.now(), last_error="HTTP 400")
    with pytest.raises(ValidationError):
        exchange_axis_retry(actor=world.clerk, row=status)
    retried = exchange_axis_retry(actor=staff(ministry, Role.CLERK), row=status)
    assert isinstance(retried, ExchangeStatus) and retried.failed_at is None
    assert AuditEvent.objects.filter(action="documents.axis_status_retry").count() == 1
    # A secret document's row is never found by the page (defensive: they are never exchanged).
    scope = exchange_scope(user=world.clerk)
    assert exchange_row_get(scope=scope, kind="packages", pk=package.pk) is not None
    assert package.outgoing_id is not None
    OutgoingDocument.objects.filter(pk=package.outgoing_id).update(secrecy=Secrecy.SECRET)
    assert exchange_row_get(scope=scope, kind="packages", pk=package.pk) is None
    assert exchange_row_get(scope=scope, kind="inbound", pk=package.pk) is None


def test_a_status_about_a_failed_package_waits_for_the_package(world: World) -> None:
    """A recall (13) about our own package that never reached the axis: retrying the status alone
    would fail again at once, so the clerk is told to send the package first."""
    _doc, package = released_package(world)
    ExchangePackage.objects.filter(pk=package.pk).update(failed_at=timezone.now(), attempts=3)
    status = ExchangeStatus.objects.create(
        package=package,
        direction="outbound",
        document_id=package.document_id,
        organ_id=world.agency.agency_code,
        code="13",
        created_at=timezone.now(),
        failed_at=timezone.now(),
        last_error="The package this status message is about could not be sent.",
    )
    with pytest.raises(ValidationError) as exc:
        exchange_axis_retry(actor=world.clerk, row=status)
    assert exc.value.code == "package_failed"
    exchange_axis_retry(actor=world.clerk, row=package)
    retried = exchange_axis_retry(actor=world.clerk, row=status)
    assert isinstance(retried, ExchangeStatus) and retried.failed_at is None
