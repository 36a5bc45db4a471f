"""Errors raised by egov.signing, with messages fit to show to staff."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class SigningError(ValidationError):
    """Bad input or unusable key material; the message is shown to the user."""


class SigningDenied(PermissionDenied):
    """The actor may not use this certificate / manage this agency's signing material."""
