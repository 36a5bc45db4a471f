from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from egov.org.models import Role
from egov.org.tests.factories import AgencyFactory, AssignmentFactory
from egov.signing import images
from egov.signing.certs import DemoCA, ca_create, pem_of, pkcs12_issue
from egov.signing.models import SigningCertificate
from egov.signing.services import seal_image_upload, signature_image_upload, upload_pkcs12
from egov.signing.testing import sample_pdf

PASS = "mat-khau-1"


@pytest.fixture(scope="session")
def ca() -> DemoCA:
    return ca_create(name="egov test CA")


@pytest.fixture(scope="session")
def other_ca() -> DemoCA:
    return ca_create(name="Another CA")


@pytest.fixture(scope="session")
def pdf_bytes() -> bytes:
    return sample_pdf()


@dataclass
class SignWorld:
    agency: Any
    other_agency: Any
    leader: Any
    clerk: Any
    other_clerk: Any
    personal: SigningCertificate
    agency_cert: SigningCertificate
    other_agency_cert: SigningCertificate
    ca_pem: str


@pytest.fixture
def sw(db: None, ca: DemoCA) -> SignWorld:
    agency: Any = AgencyFactory(name="Ủy ban nhân dân tỉnh Tây Ninh", short_name="UBND tỉnh")
    other: Any = AgencyFactory(name="Sở Tư pháp", short_name="STP", agency_code="000.00.01.H59")
    leader: Any = AssignmentFactory(agency=agency, role=Role.AGENCY_LEADER).user
    leader.full_name = "Phạm Văn Hùng"
    leader.save()
    clerk = AssignmentFactory(agency=agency, role=Role.CLERK).user
    other_clerk = AssignmentFactory(agency=other, role=Role.CLERK).user
    personal = upload_pkcs12(
        actor=leader,
        owner_user=leader,
        data=pkcs12_issue(ca=ca, common_name="Phạm Văn Hùng", organisation=agency.name, passphrase=PASS),
        passphrase=PASS,
    )
    agency_cert = upload_pkcs12(
        actor=None,
        agency=agency,
        passphrase=PASS,
        data=pkcs12_issue(ca=ca, common_name=agency.name, organisation=agency.name, passphrase=PASS),
    )
    other_cert = upload_pkcs12(
        actor=None,
        agency=other,
        passphrase=PASS,
        data=pkcs12_issue(ca=ca, common_name=other.name, organisation=other.name, passphrase=PASS),
    )
    signature_image_upload(actor=leader, user=leader, data=images.signature_png(full_name="Phạm Văn Hùng"))
    seal_image_upload(
        actor=None, agency=agency, data=images.seal_png(name=agency.name, short_name="UBND tỉnh")
    )
    return SignWorld(
        agency, other, leader, clerk, other_clerk, personal, agency_cert, other_cert, pem_of([ca.cert])
    )
