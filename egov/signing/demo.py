"""Demo signing material (demo mode only; run after the org demo): a demo CA and its TrustRoot,
PKCS#12 certificates for the leaders and for each agency, signature and seal images.

Idempotent: what exists is kept. The CA key lives only in memory during the seed (a new CA is made
only when no demo TrustRoot exists yet), so demo certificates cannot be issued later by accident.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from egov.accounts.models import User
from egov.org.models import Agency, Role, StaffAssignment
from egov.signing import images
from egov.signing.certs import DemoCA, ca_create, pkcs12_issue
from egov.signing.models import SealImage, SignatureImage, SigningCertificate, TrustRoot
from egov.signing.services import seal_image_upload, signature_image_upload, trust_root_add, upload_pkcs12

DEMO_CA_NAME = "egov demo CA – không dùng cho văn bản thật"
DEMO_PASSPHRASE = "egov-demo-2026"  # noqa: S105 - demo certificates only
LEADER_ROLES = (Role.AGENCY_LEADER,)


def _ca(created: list[str]) -> DemoCA | None:
    """A new CA when there is no demo trust root yet; else None (then no new certificates)."""
    if TrustRoot.objects.filter(name=DEMO_CA_NAME).exists():
        return None
    ca = ca_create(name=DEMO_CA_NAME)
    from egov.signing.certs import pem_of

    trust_root_add(actor=None, name=DEMO_CA_NAME, certificate_pem=pem_of([ca.cert]))
    created.append("trust root")
    return ca


def signing_demo_seed(*, actor: Any = None) -> int:
    created: list[str] = []
    with transaction.atomic():
        ca = _ca(created)
        leaders = (
            User.objects.filter(
                staff_assignments__role__in=LEADER_ROLES, staff_assignments__valid_to__isnull=True
            )
            .distinct()
            .order_by("pk")
        )
        for user in leaders:
            name = user.get_full_name() or user.username
            has_cert = SigningCertificate.objects.filter(owner_user=user, kind="personal").exists()
            if not has_cert and ca is not None:
                assignment = StaffAssignment.objects.filter(user=user, role__in=LEADER_ROLES).first()
                org = assignment.agency.name if assignment else ""
                data = pkcs12_issue(ca=ca, common_name=name, organisation=org, passphrase=DEMO_PASSPHRASE)
                upload_pkcs12(
                    actor=None, data=data, passphrase=DEMO_PASSPHRASE, owner_user=user, label="Chứng thư demo"
                )
                created.append(f"certificate {user.username}")
            if not SignatureImage.objects.filter(user=user).exists():
                signature_image_upload(actor=None, user=user, data=images.signature_png(full_name=name))
                created.append(f"signature {user.username}")
        for agency in Agency.objects.filter(valid_to__isnull=True).order_by("pk"):
            has_cert = SigningCertificate.objects.filter(owner_agency=agency, kind="agency").exists()
            if not has_cert and ca is not None:
                data = pkcs12_issue(
                    ca=ca, common_name=agency.name, organisation=agency.name, passphrase=DEMO_PASSPHRASE
                )
                upload_pkcs12(
                    actor=None,
                    data=data,
                    passphrase=DEMO_PASSPHRASE,
                    agency=agency,
                    label="Chứng thư cơ quan demo",
                )
                created.append(f"agency certificate {agency.pk}")
            if not SealImage.objects.filter(agency=agency).exists():
                png = images.seal_png(name=agency.name, short_name=agency.short_name or agency.name)
                seal_image_upload(actor=None, agency=agency, data=png)
                created.append(f"seal {agency.pk}")
    return len(created)
