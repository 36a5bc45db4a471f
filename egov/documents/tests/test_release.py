"""Release to internal and external recipients, recall, replacement."""
# ruff: noqa: F811 - the fixtures imported from test_outgoing_fixtures are parameters here

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.core.files.selectors import file_open
from egov.documents.edxml import envelope_parse, status_parse
from egov.documents.models import (
    Channel,
    ExchangePackage,
    ExchangeStatus,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    RecallNotice,
    Secrecy,
)
from egov.documents.services import (
    incoming_register_received,
    outgoing_recall,
    outgoing_release,
    outgoing_replace,
    recall_notice_for,
)
from egov.documents.tests.test_outgoing_fixtures import (  # noqa: F401 - fixtures
    EXTERNAL_CODE,
    World,
    draft,
    numbered,
    out_ca,
    out_pdf,
    world,
)

pytestmark = pytest.mark.django_db
S = OutgoingDocument.Status


def test_release_delivers_inside_and_builds_edxml_outside(world: World) -> None:
    doc = numbered(world)
    with pytest.raises(ValidationError) as exc:
        outgoing_release(clerk=world.other_clerk, document=doc)
    assert exc.value.code == "not_clerk"
    with pytest.raises(ValidationError) as exc:
        outgoing_release(clerk=world.specialist, document=doc)
    assert exc.value.code == "not_clerk"
    doc = outgoing_release(clerk=world.clerk, document=doc)
    assert doc.status == S.RELEASED and doc.released_at is not None
    internal = OutgoingRecipient.objects.get(document=doc, kind="internal")
    assert internal.delivery == "delivered" and internal.incoming is not None
    copy = internal.incoming
    assert (copy.agency, copy.status, copy.channel) == (
        world.other,
        IncomingDocument.Status.RECEIVED,
        Channel.ELECTRONIC,
    )
    assert (copy.original_number, copy.original_symbol) == ("01", "QĐ-UBND")
    assert copy.sender_name == world.agency.name and copy.sender_code == world.agency.agency_code
    assert copy.signer_name == "Phạm Văn Hùng" and copy.issued_date == doc.issued_date
    assert copy.urgency == doc.urgency and copy.present_immediately
    assert copy.file is not None and copy.file.sha256 == doc.signed_file.sha256  # type: ignore[union-attr]
    assert copy.file_id != doc.signed_file_id
    # Their clerk registers it.
    registered = incoming_register_received(actor=world.other_clerk, document=copy)
    assert registered.arrival_number == 1
    external = OutgoingRecipient.objects.get(document=doc, kind="external")
    assert external.delivery == "sent" and external.package is not None
    package = external.package
    assert package.urgent and package.status == "ready" and package.recipient_codes == EXTERNAL_CODE
    envelope = envelope_parse(bytes(package.body))
    assert envelope.document_id == f"{world.agency.agency_code},{doc.issued_date:%Y/%m/%d},01/QĐ-UBND"
    assert envelope.other_info.priority == 1
    with file_open(doc.signed_file) as fh:  # type: ignore[arg-type]
        assert envelope.attachments[0].data == fh.read()
    with pytest.raises(ValidationError) as exc:
        outgoing_release(clerk=world.clerk, document=doc)
    assert exc.value.code == "not_numbered"


def test_secret_document_is_never_sent_electronically(world: World) -> None:
    doc = outgoing_release(clerk=world.clerk, document=numbered(world, secrecy=Secrecy.SECRET))
    assert set(OutgoingRecipient.objects.filter(document=doc).values_list("delivery", flat=True)) == {"paper"}
    assert not ExchangePackage.objects.exists()
    assert not IncomingDocument.objects.filter(agency=world.other).exists()


def test_release_requires_numbering(world: World) -> None:
    doc = draft(world)
    with pytest.raises(ValidationError) as exc:
        outgoing_release(clerk=world.clerk, document=doc)
    assert exc.value.code == "not_numbered"


def test_recall_freezes_copies_and_sends_status_13(world: World) -> None:
    doc = outgoing_release(clerk=world.clerk, document=numbered(world))
    with pytest.raises(ValidationError) as exc:
        outgoing_recall(actor=world.specialist, document=doc, reason="Sai nội dung")
    assert exc.value.code == "not_allowed"
    with pytest.raises(ValidationError) as exc:
        outgoing_recall(actor=world.leader, document=doc, reason=" ")
    assert exc.value.code == "reason_required"
    doc = outgoing_recall(actor=world.leader, document=doc, reason="Sai căn cứ pháp lý")
    assert doc.status == S.RECALLED and doc.recall_reason == "Sai căn cứ pháp lý"
    copy = OutgoingRecipient.objects.get(document=doc, kind="internal").incoming
    assert copy is not None
    notice = recall_notice_for(incoming=copy)
    assert notice is not None and notice.outgoing == doc and notice.reason == "Sai căn cứ pháp lý"
    assert set(OutgoingRecipient.objects.filter(document=doc).values_list("delivery", flat=True)) == {
        "recalled"
    }
    status = ExchangeStatus.objects.get(code="13")
    assert status.direction == "outbound" and status.sent_at is None
    message = status_parse(status.body.encode())
    assert message.status_code == "13" and message.response_for.document_id == status.package.document_id  # type: ignore[union-attr]
    assert RecallNotice.objects.count() == 1


def test_replace_links_a_new_document(world: World) -> None:
    old = outgoing_release(clerk=world.clerk, document=numbered(world))
    new = draft(world, abstract="Về việc thành lập Tổ công tác (thay thế)")
    with pytest.raises(ValidationError) as exc:
        outgoing_replace(actor=world.specialist, old=old, new=new)
    assert exc.value.code == "not_allowed"
    with pytest.raises(ValidationError) as exc:
        outgoing_replace(actor=world.leader, old=new, new=old)
    assert exc.value.code == "not_released"
    new = outgoing_replace(actor=world.leader, old=old, new=new)
    assert new.replaces == old and list(old.replaced_by.all()) == [new]
