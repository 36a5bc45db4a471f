"""S12 PAdES visible signature: pdf_sign of a 1-page A4 PDF with a PKCS#12 personal certificate.

Workload: a one-page A4 notice rendered once with WeasyPrint (egov.printing), signed with
`egov.signing.services.pdf_sign` (PAdES B-B, SHA-256, visible Annex I stamp: titles, blue signature
image, full name in Source Serif 4; the chain is embedded as a PAdES DSS revision because its CA is
a configured TrustRoot, as in the demo) using the demo leader's PKCS#12 certificate (`lanhdao` when the
demo data is loaded, else a bench user with a certificate from a throwaway CA). Each signature is
timed on its own: median and p95 are per signature over n × rounds signatures after two warm-ups.

Baseline: SHA-256 of the same PDF bytes, in the same run.
"""

from __future__ import annotations

import hashlib
import statistics
import time
from typing import Any

from bench.runner import Result

NUMBER = "S12"
NAME = "pdf_sign"
GOAL_MS = 250.0
GOAL = f"p95 ≤ {GOAL_MS:.0f} ms"
DEFAULT_N = 20
APPS = None
BENCH_USER = "bench-signer"


def certificate_for_bench() -> Any:
    """The demo leader's personal certificate, or a bench one (created once)."""
    from egov.accounts.models import User
    from egov.signing import images
    from egov.signing.certs import ca_create, pem_of, pkcs12_issue
    from egov.signing.demo import DEMO_PASSPHRASE
    from egov.signing.models import SigningCertificate
    from egov.signing.selectors import signature_image_for
    from egov.signing.services import signature_image_upload, trust_root_add, upload_pkcs12

    found = (
        SigningCertificate.objects.filter(
            owner_user__username__in=["lanhdao", BENCH_USER], backend="pkcs12", is_active=True
        )
        .order_by("owner_user__username")
        .last()
    )
    if found is not None:
        return found
    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create_user(username=BENCH_USER, full_name="Phạm Văn Hùng", kind="staff")
    ca = ca_create(name="egov bench CA")
    trust_root_add(actor=None, name="egov bench CA", certificate_pem=pem_of([ca.cert]))
    data = pkcs12_issue(ca=ca, common_name="Phạm Văn Hùng", passphrase=DEMO_PASSPHRASE)
    cert = upload_pkcs12(actor=None, owner_user=user, data=data, passphrase=DEMO_PASSPHRASE)
    if signature_image_for(user=user) is None:
        signature_image_upload(actor=None, user=user, data=images.signature_png(full_name="Phạm Văn Hùng"))
    return cert


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run(*, n: int, rounds: int) -> Result:
    from egov.signing.services import Appearance, pdf_sign
    from egov.signing.testing import sample_pdf

    pdf = sample_pdf()
    certificate = certificate_for_bench()
    appearance = Appearance(
        mode="KT.", mode_body="CHỦ TỊCH", position="PHÓ CHỦ TỊCH", full_name="Phạm Văn Hùng"
    )

    def sign_once() -> bytes:
        return pdf_sign(pdf=pdf, certificate=certificate, actor=None, reason="Bench", appearance=appearance)

    for _ in range(2):
        sign_once()
    times = []
    for _ in range(n * rounds):
        started = time.perf_counter()
        sign_once()
        times.append(time.perf_counter() - started)
    hashes = max(1000, n * 50)
    started = time.perf_counter()
    for _ in range(hashes):
        hashlib.sha256(pdf).digest()
    base_ops = hashes / (time.perf_counter() - started)
    median, p95 = statistics.median(times), _p95(times)
    return Result(
        number=NUMBER,
        name=NAME,
        n=n,
        rounds=rounds,
        median_s=median,
        p95_s=p95,
        ops_per_second=1 / median,
        baseline=f"sha256 of the same {len(pdf):,}-byte PDF",
        baseline_ops_per_second=base_ops,
        goal=GOAL,
        passed=p95 * 1000 <= GOAL_MS,
        notes=f"{n * rounds} signatures timed one by one after 2 warm-ups; RSA-2048, visible stamp.",
    )
