"""Re-encrypt stored key material with the current EGOV_SIGNING_KEY (see egov/signing/crypto.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from egov.signing.services import signing_reencrypt


class Command(BaseCommand):
    help = "Re-encrypt every stored PKCS#12, passphrase and PIN with the current EGOV_SIGNING_KEY."

    def handle(self, *args: Any, **options: Any) -> None:
        count = signing_reencrypt(actor=None)
        self.stdout.write(f"{count} certificate(s) re-encrypted.")
