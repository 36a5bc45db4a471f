"""Who may call the API: staff API tokens (`Authorization: Token <key>`) or a staff session; only
active staff accounts (kind "staff", or superusers). Throttle rates live on the classes here; the public
status endpoint's rate can be set with EGOV_RATELIMIT_PUBLIC_API (default PublicRateThrottle.rate)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.views import APIView

from egov.api.errors import ErrorShapeMixin
from egov.core.audit.services import audit_record
from egov.org.models import Role
from egov.org.scoping import current_assignments


def is_active_staff(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and getattr(user, "is_active", False)
        and (getattr(user, "kind", "") == "staff" or getattr(user, "is_superuser", False))
    )


class IsActiveStaff(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return is_active_staff(request.user)


IMPORT_PERMISSION = "api.import_legacy"


def can_import_legacy(user: Any) -> bool:
    """Superusers, or staff holding a current system_admin assignment and the Django permission."""
    if not is_active_staff(user):
        return False
    if user.is_superuser:
        return True
    return bool(
        user.has_perm(IMPORT_PERMISSION)
        and current_assignments(user=user, roles=[Role.SYSTEM_ADMIN.value]).exists()
    )


class CanImportLegacy(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return can_import_legacy(request.user)


class StaffRateThrottle(UserRateThrottle):
    rate = "600/min"


class StaffWriteRateThrottle(UserRateThrottle):
    scope = "staff_write"
    rate = "120/min"


class PublicRateThrottle(AnonRateThrottle):
    """Default rate of the public status endpoint. Its GET/HEAD fast path (egov.api.public) counts
    with egov.core.ratelimit at settings.EGOV_RATELIMIT_PUBLIC_API, falling back to this rate."""

    scope = "public_status"
    rate = "60/min"


class StaffAPIView(ErrorShapeMixin, APIView):
    """Base of every staff endpoint."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsActiveStaff]
    throttle_classes = [StaffRateThrottle]


@transaction.atomic
def api_token_create(*, user: Any, actor: Any = None, rotate: bool = False) -> Token:
    """The user's API token (a new one when `rotate`), with an audit record. Staff only."""
    if not is_active_staff(user):
        raise ValueError("API tokens are issued to active staff accounts only.")
    if rotate:
        Token.objects.filter(user=user).delete()
    token, created = Token.objects.get_or_create(user=user)
    audit_record(
        actor=actor,
        action="api.token_rotate" if rotate else ("api.token_create" if created else "api.token_show"),
        target=user,
        data={"username": user.get_username()},
    )
    return token
