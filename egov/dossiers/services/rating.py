"""Satisfaction rating (Decree 118/2025 Art. 33): once per dossier, after the result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from egov.core.text import nfc
from egov.dossiers.models import RATING_CRITERIA, Dossier, Rating
from egov.dossiers.services._common import audit, lock_dossier, require

DEFAULT_SCALE: list[tuple[str, str]] = [
    ("very_satisfied", "Rất hài lòng"),
    ("satisfied", "Hài lòng"),
    ("unsatisfied", "Chưa hài lòng"),
]
RATABLE = (Dossier.Status.RESOLVED, Dossier.Status.RETURNED)


def rating_scale() -> list[tuple[str, str]]:
    """(code, label) pairs, best first: setting EGOV_RATING_SCALE or the default three levels."""
    return [(str(code), str(label)) for code, label in getattr(settings, "EGOV_RATING_SCALE", DEFAULT_SCALE)]


def _already() -> Any:
    from django.core.exceptions import ValidationError

    return ValidationError(_("This dossier has already been rated. Thank you."), code="already_rated")


@transaction.atomic
def dossier_rate(
    *,
    dossier: Dossier,
    levels: dict[str, str],
    comment: str = "",
    channel: str,
    now: datetime | None = None,
) -> Rating:
    """Record the applicant's rating. `levels` maps criterion keys (RATING_CRITERIA) to scale codes;
    "overall" is required."""
    now = now or timezone.now()
    codes = {code for code, _label in rating_scale()}
    keys = {key for key, _label in RATING_CRITERIA}
    require(channel in Rating.Channel.values, _("Unknown channel."), "invalid", "channel")
    require(levels.get("overall") in codes, _("Choose your overall satisfaction."), "required", "overall")
    bad = [k for k, v in levels.items() if k not in keys or (v and v not in codes)]
    require(not bad, _("Some answers are not valid."), "invalid", "levels")
    locked = lock_dossier(dossier)
    require(
        locked.status in RATABLE,
        _("You can rate the service once the result is ready or handed over."),
        "not_resolved",
    )
    if Rating.objects.filter(dossier=locked).exists():
        raise _already()
    criteria = {k: v for k, v in levels.items() if k != "overall" and v}
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                dossier=locked,
                level=levels["overall"],
                criteria=criteria,
                comment=nfc(comment).strip()[:2000],
                channel=channel,
                created_at=now,
            )
    except IntegrityError as exc:  # a concurrent second rating
        raise _already() from exc
    audit(
        actor=None,
        action="dossier.rate",
        dossier=locked,
        from_state=locked.status,
        to_state=locked.status,
        data={"level": rating.level, "channel": channel},
    )
    return rating
