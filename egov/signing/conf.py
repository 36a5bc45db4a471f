"""Settings of egov.signing, read in one place (config/ is wired by the integrator)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def encryption_secret() -> str:
    """EGOV_SIGNING_KEY when set, else SECRET_KEY: the input of the HKDF that derives the Fernet key."""
    return str(getattr(settings, "EGOV_SIGNING_KEY", "") or settings.SECRET_KEY)


def previous_secrets() -> list[str]:
    """EGOV_SIGNING_KEY_PREVIOUS: older secrets still accepted for decryption during a key rotation."""
    value = getattr(settings, "EGOV_SIGNING_KEY_PREVIOUS", ()) or ()
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    return [str(v).strip() for v in value]


def fonts_dir() -> Path:
    return Path(getattr(settings, "EGOV_SIGNING_FONTS_DIR", Path(settings.BASE_DIR) / "fonts"))


def stamp_font(bold: bool = False) -> Path:
    return fonts_dir() / ("SourceSerif4-Bold.otf" if bold else "SourceSerif4-Regular.otf")


def remote_url() -> str:
    """EGOV_SIGNING_REMOTE_URL: base URL of the remote-signing provider (SmartCA/MySign style)."""
    return str(getattr(settings, "EGOV_SIGNING_REMOTE_URL", "http://127.0.0.1:8765"))


def remote_api_secret() -> str:
    """EGOV_SIGNING_REMOTE_SECRET: shared HMAC secret for the remote-signing API."""
    return str(getattr(settings, "EGOV_SIGNING_REMOTE_SECRET", "egov-remote-demo-secret"))


def remote_timeout_seconds() -> float:
    """EGOV_SIGNING_REMOTE_TIMEOUT: how long to wait for the user's approval on the phone."""
    return float(getattr(settings, "EGOV_SIGNING_REMOTE_TIMEOUT", 120))


def pkcs11_allowed_modules() -> list[str]:
    """EGOV_SIGNING_PKCS11_MODULES: module paths staff may register (empty = any absolute path)."""
    return list(getattr(settings, "EGOV_SIGNING_PKCS11_MODULES", []) or [])


def key_cache_seconds() -> float:
    """EGOV_SIGNING_KEY_CACHE_SECONDS: how long an opened PKCS#12 key stays in process memory."""
    return float(getattr(settings, "EGOV_SIGNING_KEY_CACHE_SECONDS", 300))


def embed_validation_info() -> bool:
    """EGOV_SIGNING_EMBED_VALIDATION_INFO (default True): add the certificate chain (and any known
    revocation data) as a PAdES DSS revision after signing, when TrustRoots are configured."""
    return bool(getattr(settings, "EGOV_SIGNING_EMBED_VALIDATION_INFO", True))
