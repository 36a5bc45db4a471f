from __future__ import annotations

from typing import Any

import pytest

from egov.signing.demo import DEMO_PASSPHRASE, signing_demo_seed
from egov.signing.models import SealImage, SignatureImage, SigningCertificate, TrustRoot


@pytest.mark.django_db
def test_demo_seed_idempotent(settings: Any) -> None:
    settings.DEMO_MODE = True
    from egov.org.demo import demo_seed

    demo_seed()
    created = signing_demo_seed()
    assert created > 0
    assert TrustRoot.objects.count() == 1
    lanhdao = SigningCertificate.objects.get(owner_user__username="lanhdao")
    assert lanhdao.subject_cn == "Phạm Văn Hùng" and lanhdao.issuer.startswith("CN=egov demo CA")
    assert SigningCertificate.objects.filter(kind="agency").count() == SealImage.objects.count() >= 7
    assert SignatureImage.objects.filter(user__username="lanhdao").exists()
    assert signing_demo_seed() == 0
    assert DEMO_PASSPHRASE
