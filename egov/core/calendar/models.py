"""Admin-entered exceptions to the working calendar of the `holidays` package.

An override wins over the package for its date: national overrides (province_code is null) apply
everywhere, province overrides (2025 province codes) apply to that province only and win over the
national ones. Rows are created and deleted only through `egov.core.calendar.services`, which write
the audit record and invalidate the in-process calendar cache; they are never edited in place.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from vietnam_provinces import ProvinceCode

PROVINCE_CODES: frozenset[int] = frozenset(int(c.value) for c in ProvinceCode)


class CalendarOverride(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "day_off", _("Day off")
        MAKEUP_WORKING_DAY = "makeup_working_day", _("Make-up working day")
        LOCAL_CLOSURE = "local_closure", _("Local closure")

    date = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    reason = models.TextField(_("reason"))
    source_document = models.CharField(
        _("source document"),
        max_length=200,
        help_text=_("The notice or decision that declares it, e.g. Thông báo 6150/TB-BNV."),
    )
    province_code = models.PositiveSmallIntegerField(
        _("province code"),
        null=True,
        blank=True,
        help_text=_("2025 province code. Leave empty for a national change."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("calendar override")
        verbose_name_plural = _("calendar overrides")
        ordering = ["date", "province_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(province_code__isnull=True),
                name="work_calendar_override_national_date_unique",
                violation_error_message=_("There is already a national change for this date."),
            ),
            models.UniqueConstraint(
                fields=["date", "province_code"],
                condition=models.Q(province_code__isnull=False),
                name="work_calendar_override_province_date_unique",
                violation_error_message=_("There is already a change for this province on this date."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="local_closure") | models.Q(province_code__isnull=False),
                name="work_calendar_override_closure_has_province",
                violation_error_message=_("A local closure needs a province."),
            ),
        ]

    def __str__(self) -> str:
        where = str(self.province_code) if self.province_code is not None else _("national")
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()} ({where})"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.kind == self.Kind.LOCAL_CLOSURE and self.province_code is None:
            errors["province_code"] = _("A local closure needs a province.")
        if self.province_code is not None and self.province_code not in PROVINCE_CODES:
            errors["province_code"] = _("Unknown province code (use the 2025 codes).")
        if not (self.reason or "").strip():
            errors["reason"] = _("Give the reason.")
        if not (self.source_document or "").strip():
            errors["source_document"] = _("Give the source document.")
        if errors:
            raise ValidationError(errors)
