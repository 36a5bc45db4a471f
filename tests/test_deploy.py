"""Production settings pass Django's deployment checks, and refuse to start without a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def test_prod_settings_pass_check_deploy() -> None:
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-0123456789",
        EGOV_PAYMENT_TMN_CODE="TAYNINH01",
        EGOV_PAYMENT_HASH_SECRET="bank-issued-secret-0123456789abcdef",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_prod_refuses_the_payment_sandbox_secret() -> None:
    result = _manage(
        "check",
        "--deploy",
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY="x" * 20 + "-a-long-random-production-secret-key-0123456789",
    )
    assert result.returncode != 0
    assert "egov.payments.E001" in result.stdout + result.stderr


def test_prod_settings_refuse_to_start_without_secret_key() -> None:
    result = _manage("check", DJANGO_SETTINGS_MODULE="config.settings.prod")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
