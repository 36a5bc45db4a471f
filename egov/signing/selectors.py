"""Reads: who may use which certificate; lists for the pages; trust roots."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from egov.org.models import Agency, Role, StaffAssignment
from egov.signing.models import SealImage, SignatureImage, SigningCertificate, TrustRoot

# Who may apply the agency's digital signature (clerk's office) or manage its signing material.
AGENCY_SEAL_ROLES = (Role.CLERK, Role.AGENCY_LEADER, Role.AGENCY_ADMIN)
AGENCY_MANAGE_ROLES = (Role.AGENCY_ADMIN,)


def _current_assignments(user: Any) -> QuerySet[StaffAssignment]:
    today = timezone.localdate()
    return StaffAssignment.objects.filter(user=user, valid_from__lte=today).exclude(valid_to__lt=today)


def agencies_user_may_seal(*, user: Any) -> QuerySet[Agency]:
    if user is None or not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    ids = _current_assignments(user).filter(role__in=AGENCY_SEAL_ROLES).values("agency_id")
    return Agency.objects.filter(pk__in=ids)


def agencies_user_manages(*, user: Any) -> QuerySet[Agency]:
    if user is None or not user.is_authenticated:
        return Agency.objects.none()
    if user.is_superuser:
        return Agency.objects.all()
    ids = _current_assignments(user).filter(role__in=AGENCY_MANAGE_ROLES).values("agency_id")
    return Agency.objects.filter(pk__in=ids).order_by("name", "pk")


def certificate_can_use(*, user: Any, certificate: SigningCertificate) -> bool:
    """A personal certificate only by its owner; an agency one by that agency's clerks/leaders/admins."""
    if user is None or not user.is_authenticated or not user.is_active or not certificate.is_active:
        return False
    if certificate.kind == SigningCertificate.Kind.PERSONAL:
        return bool(certificate.owner_user_id == user.pk)
    if certificate.owner_agency_id is None:
        return False
    return agencies_user_may_seal(user=user).filter(pk=certificate.owner_agency_id).exists()


def certificates_of_user(*, user: Any) -> QuerySet[SigningCertificate]:
    return SigningCertificate.objects.filter(owner_user=user, kind=SigningCertificate.Kind.PERSONAL).order_by(
        "-created_at", "pk"
    )


def certificates_of_agencies(*, agencies: Any) -> QuerySet[SigningCertificate]:
    return (
        SigningCertificate.objects.filter(owner_agency__in=agencies, kind=SigningCertificate.Kind.AGENCY)
        .select_related("owner_agency")
        .order_by("owner_agency__name", "-created_at", "pk")
    )


def certificate_current_for_user(*, user: Any) -> SigningCertificate | None:
    now = timezone.now()
    return (
        certificates_of_user(user=user)
        .filter(is_active=True, not_before__lte=now, not_after__gte=now)
        .first()
    )


def certificate_current_for_agency(*, agency: Agency) -> SigningCertificate | None:
    now = timezone.now()
    return (
        SigningCertificate.objects.filter(
            owner_agency=agency,
            kind=SigningCertificate.Kind.AGENCY,
            is_active=True,
            not_before__lte=now,
            not_after__gte=now,
        )
        .order_by("-created_at", "pk")
        .first()
    )


def signature_image_for(*, user: Any) -> SignatureImage | None:
    return SignatureImage.objects.filter(user=user, is_active=True).select_related("file").first()


def seal_image_for(*, agency: Agency) -> SealImage | None:
    return SealImage.objects.filter(agency=agency, is_active=True).select_related("file").first()


def trust_roots_active() -> list[str]:
    return list(TrustRoot.objects.filter(is_active=True).values_list("certificate_pem", flat=True))
