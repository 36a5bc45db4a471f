"""edXML round trip between two agencies, import refusals, status messages both ways."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

import tempfile
from typing import Any, cast

import pytest
from django.core.exceptions import ValidationError

from egov.core.files.selectors import file_open
from egov.documents.edxml import status_parse
from egov.documents.models import (
    ExchangePackage,
    ExchangeStatus,
    IncomingDocument,
    OutgoingRecipient,
    Secrecy,
    Urgency,
)
from egov.documents.services import (
    exchange_import,
    exchange_package_create,
    exchange_status_for,
    exchange_status_receive,
    exchange_statuses_pending,
    incoming_register_received,
    outgoing_release,
)
from egov.documents.tests.conftest import staff
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    EXTERNAL_CODE,
    World,
    numbered,
    out_ca,
    out_pdf,
    world,
)
from egov.org.models import Agency, Role
from egov.org.tests.factories import AgencyFactory
from egov.signing.testing import pdfsig
from egov.signing.validation import pdf_validate

pytestmark = pytest.mark.django_db


def released_package(w: World, **kw: Any) -> tuple[Any, ExchangePackage]:
    doc = outgoing_release(clerk=w.clerk, document=numbered(w, **kw))
    row = OutgoingRecipient.objects.get(document=doc, kind="external")
    assert row.package is not None
    return doc, row.package


def receiver() -> Agency:
    return cast(Agency, AgencyFactory(name="Bộ Nội vụ", agency_code=EXTERNAL_CODE))


def test_round_trip_and_statuses_back(world: World) -> None:
    doc, package = released_package(world)
    ministry = receiver()
    clerk_b = staff(ministry, Role.CLERK)
    incoming = exchange_import(agency=ministry, package=bytes(package.body))
    assert incoming.status == IncomingDocument.Status.RECEIVED and incoming.agency == ministry
    assert incoming.doc_type == doc.doc_type
    assert (incoming.original_number, incoming.original_symbol) == ("01", "QĐ-UBND")
    assert incoming.issued_date == doc.issued_date and incoming.abstract == doc.abstract
    assert (incoming.signer_name, incoming.signer_position) == ("Phạm Văn Hùng", "Phó Chủ tịch")
    assert incoming.urgency == Urgency.URGENT and incoming.sender_code == world.agency.agency_code
    assert incoming.file is not None
    with file_open(incoming.file) as fh:
        received = fh.read()
    with file_open(doc.signed_file) as fh:
        assert received == fh.read()
    assert all(r.ok for r in pdf_validate(pdf=received, trust_roots=[world.ca_pem]))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(received)
        tmp.flush()
        assert pdfsig(tmp.name).valid == [True, True]
    # 01 was produced on import; B's clerk registers → 03; directed and done → 04, 06.
    inbound = ExchangePackage.objects.get(direction="inbound", incoming=incoming)
    assert list(inbound.statuses.values_list("code", flat=True)) == ["01"]
    assert exchange_statuses_pending() == 0
    incoming_register_received(actor=clerk_b, document=incoming)
    # Registering sends 03 at once (the incoming services call exchange_status_for).
    assert list(inbound.statuses.order_by("code").values_list("code", flat=True)) == ["01", "03"]
    assert exchange_statuses_pending() == 0
    IncomingDocument.objects.filter(pk=incoming.pk).update(status=IncomingDocument.Status.DONE)
    assert exchange_statuses_pending() == 2
    assert exchange_statuses_pending() == 0  # idempotent
    assert exchange_status_for(document=incoming, code="06") is not None
    codes = list(inbound.statuses.order_by("code").values_list("code", flat=True))
    assert codes == ["01", "03", "04", "06"]
    # The statuses travel back to A and are recorded; the recipient's delivery follows.
    for status in inbound.statuses.order_by("code"):
        message = status_parse(status.body.encode())
        assert message.response_for.document_id == package.document_id
        exchange_status_receive(agency=world.agency, message=status.body.encode())
    exchange_status_receive(agency=world.agency, message=inbound.statuses.get(code="06").body.encode())
    recorded = ExchangeStatus.objects.filter(direction="inbound", package=package)
    assert sorted(recorded.values_list("code", flat=True)) == ["01", "03", "04", "06"]
    assert OutgoingRecipient.objects.get(package=package).delivery == OutgoingRecipient.Delivery.COMPLETED
    # The same package twice is refused.
    with pytest.raises(ValidationError) as exc:
        exchange_import(agency=ministry, package=bytes(package.body))
    assert exc.value.code == "duplicate"


def test_malformed_and_misaddressed_packages_are_refused_with_status_02(world: World) -> None:
    ministry = receiver()
    with pytest.raises(ValidationError) as exc:
        exchange_import(agency=ministry, package=b"<edXML><broken")
    assert exc.value.code == "edxml_invalid"
    assert "edXML" in exc.value.messages[0]
    refused = ExchangePackage.objects.get(status="refused")
    assert refused.statuses.get().code == "02"
    _doc, package = released_package(world)
    with pytest.raises(ValidationError) as exc:
        exchange_import(agency=world.other, package=bytes(package.body))
    assert exc.value.code == "not_addressed"
    status = ExchangeStatus.objects.get(package__agency=world.other, code="02")
    assert status_parse(status.body.encode()).response_for.organ_id == world.agency.agency_code
    assert not IncomingDocument.objects.filter(agency=ministry).exists()
    assert IncomingDocument.objects.filter(agency=world.other).count() == 1  # only the internal copy


def test_secret_document_cannot_be_exported(world: World) -> None:
    doc = numbered(world, secrecy=Secrecy.SECRET)
    row = OutgoingRecipient.objects.get(document=doc, kind="external")
    with pytest.raises(ValidationError) as exc:
        exchange_package_create(document=doc, recipient=row)
    assert exc.value.code == "secret_no_exchange"
    assert not ExchangePackage.objects.exists()


def test_status_about_an_unknown_document_is_refused(world: World) -> None:
    _doc, package = released_package(world)
    ministry = receiver()
    exchange_import(agency=ministry, package=bytes(package.body))
    status = ExchangeStatus.objects.get(code="01")
    with pytest.raises(ValidationError) as exc:
        exchange_status_receive(agency=world.other, message=status.body.encode())
    assert exc.value.code == "status_unknown"
    with pytest.raises(ValidationError) as exc:
        exchange_status_receive(agency=world.agency, message=b"nonsense")
    assert exc.value.code == "status_invalid"


def test_a_late_status_never_moves_a_recipient_back(world: World) -> None:
    """Statuses can arrive out of order (another system, a retry): 03 then a late 01 leaves the
    recipient ACCEPTED; 04 still moves it on."""
    _doc, package = released_package(world)
    ministry = receiver()
    incoming = exchange_import(agency=ministry, package=bytes(package.body))
    incoming_register_received(actor=staff(ministry, Role.CLERK), document=incoming)
    inbound = ExchangePackage.objects.get(direction="inbound", incoming=incoming)
    body = {code: inbound.statuses.get(code=code).body.encode() for code in ("01", "03")}
    recipient = OutgoingRecipient.objects.get(package=package)
    exchange_status_receive(agency=world.agency, message=body["03"])
    exchange_status_receive(agency=world.agency, message=body["01"])
    recipient.refresh_from_db()
    assert recipient.delivery == OutgoingRecipient.Delivery.ACCEPTED
    IncomingDocument.objects.filter(pk=incoming.pk).update(status=IncomingDocument.Status.ASSIGNED)
    exchange_statuses_pending()
    exchange_status_receive(agency=world.agency, message=inbound.statuses.get(code="04").body.encode())
    recipient.refresh_from_db()
    assert recipient.delivery == OutgoingRecipient.Delivery.ASSIGNED
