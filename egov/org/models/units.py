"""Administrative units (đơn vị hành chính): effective-dated, with successor links.

Since 1 July 2025 the country has two tiers of local government: 34 provincial units and 3,321
commune-level units (xã, phường, đặc khu). Districts (huyện) exist only as history (rule 12).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The day the two-tier local government took effect (Resolution 202/2025/QH15).
TWO_TIER_START = date(2025, 7, 1)


DISTRICT_RULE_MESSAGE = _(
    "A district-level unit cannot start on or after 1 July 2025: the district level was "
    "abolished with the two-tier local government."
)


def check_district_rule(*, kind: str, valid_from: date | None) -> None:
    """Rule 12: no unit of kind district may start on or after 1 July 2025."""
    if kind == AdminUnit.Kind.DISTRICT and valid_from is not None and valid_from >= TWO_TIER_START:
        raise ValidationError({"valid_from": DISTRICT_RULE_MESSAGE}, code="district_after_two_tier")


def check_period(*, valid_from: date | None, valid_to: date | None) -> None:
    if valid_from is not None and valid_to is not None and valid_to < valid_from:
        raise ValidationError(
            {"valid_to": _("The end date cannot be before the start date.")}, code="period_reversed"
        )


class AdminUnit(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", pgettext_lazy("unit kind", "Province")
        CITY = "city", pgettext_lazy("unit kind", "Centrally-run city")
        COMMUNE = "commune", pgettext_lazy("unit kind", "Commune")
        WARD = "ward", pgettext_lazy("unit kind", "Ward")
        SPECIAL_ZONE = "special_zone", pgettext_lazy("unit kind", "Special zone")
        DISTRICT = "district", pgettext_lazy("unit kind", "District (historical)")

    code = models.CharField(
        _("code"),
        max_length=10,
        help_text=_("Official code: 2 digits for a province, 5 digits for a commune (2025 codes)."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty while current."))
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        symmetrical=False,
        related_name="predecessors",
        through="UnitSuccession",
        through_fields=("predecessor", "successor"),
        blank=True,
    )
    search_text = models.CharField(_("search text"), max_length=300, blank=True, editable=False)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="org_adminunit_code_valid_from_unique"
            ),
            models.CheckConstraint(
                condition=~Q(kind="district") | Q(valid_from__lt=TWO_TIER_START),
                name="org_adminunit_no_district_after_2025_07_01",
                violation_error_message=DISTRICT_RULE_MESSAGE,
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="org_adminunit_period_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "valid_to"], name="org_adminunit_kind_idx"),
            models.Index(fields=["search_text"], name="org_adminunit_search_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_district_rule(kind=self.kind, valid_from=self.valid_from)
        check_period(valid_from=self.valid_from, valid_to=self.valid_to)

    @property
    def is_provincial(self) -> bool:
        return self.kind in (self.Kind.PROVINCE, self.Kind.CITY)

    def is_current(self, on: date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class UnitSuccession(models.Model):
    """One link between an old unit and its successor (the 2025 mergers, splits and renamings)."""

    class Relation(models.TextChoices):
        MERGED_INTO = "merged_into", _("Merged into")
        SPLIT_INTO = "split_into", _("Split into")
        RENAMED = "renamed", _("Renamed to")

    predecessor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("predecessor"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        AdminUnit,
        verbose_name=_("successor"),
        on_delete=models.CASCADE,
        related_name="predecessor_links",
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)
    effective_on = models.DateField(_("effective on"))

    class Meta:
        verbose_name = _("unit succession")
        verbose_name_plural = _("unit successions")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="org_unitsuccession_unique"),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="org_unitsuccession_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"

    def clean(self) -> None:
        if self.predecessor_id is not None and self.predecessor_id == self.successor_id:
            raise ValidationError(_("A unit cannot be its own successor."), code="succession_self")
