from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from egov.documents.models import DocumentType, OutgoingDocument, Secrecy
from egov.documents.selectors import outgoing_search, outgoing_visible_to
from egov.documents.services import outgoing_check_exchangeable, outgoing_number
from egov.documents.tests.conftest import Office, vn

pytestmark = pytest.mark.django_db


def make(office: Office, code: str = "quyet_dinh", **kw: object) -> OutgoingDocument:
    values: dict = {
        "agency": office.agency,
        "doc_type": DocumentType.objects.get(code=code),
        "abstract": "Về việc thành lập Tổ công tác",
        "status": OutgoingDocument.Status.SIGNED,
        "created_by": office.specialist,
    }
    values.update(kw)
    return OutgoingDocument.objects.create(**values)


def test_signed_document_is_numbered_and_dated_in_vietnam_time(office: Office) -> None:
    doc = outgoing_number(
        actor=office.clerk, document=make(office), issuing_abbr="UBND", now=vn(2026, 1, 1, 0, 5)
    )
    assert (doc.number, doc.number_text, doc.status) == (1, "01/QĐ-UBND", OutgoingDocument.Status.NUMBERED)
    assert doc.issued_date is not None and doc.issued_date.isoformat() == "2026-01-01"
    assert doc.issued_number is not None and doc.issued_number.year == 2026
    cv = outgoing_number(
        actor=office.clerk, document=make(office, "cong_van"), issuing_abbr="UBND", unit_abbr="VP",
        now=vn(2026, 1, 2, 9),
    )  # fmt: skip
    assert cv.number_text == "02/UBND-VP"
    assert set(outgoing_search(user=office.clerk, query="to cong tac")) == {cv, doc}


def test_numbering_refusals(office: Office) -> None:
    draft = make(office, status=OutgoingDocument.Status.DRAFT)
    with pytest.raises(ValidationError) as exc:
        outgoing_number(actor=office.clerk, document=draft, issuing_abbr="UBND")
    assert exc.value.code == "not_signed"
    doc = outgoing_number(actor=office.clerk, document=make(office), issuing_abbr="UBND")
    with pytest.raises(ValidationError) as exc:
        outgoing_number(actor=office.clerk, document=doc, issuing_abbr="UBND")
    assert exc.value.code == "already_numbered"


def test_secret_outgoing_uses_the_secret_series_and_is_never_exchanged(office: Office) -> None:
    outgoing_number(actor=office.clerk, document=make(office), issuing_abbr="UBND")
    secret = outgoing_number(
        actor=office.clerk, document=make(office, secrecy=Secrecy.SECRET), issuing_abbr="UBND"
    )
    assert secret.number == 1
    with pytest.raises(ValidationError) as exc:
        outgoing_check_exchangeable(secret)
    assert exc.value.code == "secret_no_exchange"
    assert not secret.exchangeable
    outgoing_check_exchangeable(make(office))  # normal: allowed
    assert not outgoing_visible_to(user=office.colleague).filter(pk=secret.pk).exists()
    assert outgoing_visible_to(user=office.specialist).filter(pk=secret.pk).exists()  # its drafter
    assert not outgoing_visible_to(user=office.other_clerk).exists()
