"""The procedure catalogue (TTHC). A Procedure is the stable identity (national code); each
ProcedureVersion holds the rules in force for a period and is immutable once published. A dossier
pins the version it was received under, so later catalogue changes never move its deadline.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

procedure_code_validator = RegexValidator(
    r"^\d\.\d{6}$", _("The national procedure code has the form N.NNNNNN, for example 1.001193.")
)


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (Hộ tịch, Chứng thực, Xây dựng …)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    search_text = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    code = models.CharField(
        _("national code"), max_length=8, unique=True, validators=[procedure_code_validator]
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("field")
    )
    level = models.CharField(_("competent level"), max_length=10, choices=Level.choices)
    # Folded name + code (egov.core.text.fold), so search works the same on SQLite and PostgreSQL.
    search_text = models.CharField(max_length=600, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcedureVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    class OnlineLevel(models.TextChoices):
        FULL = "full", _("Full online service")
        PARTIAL = "partial", _("Partly online service")
        INFO = "info", _("Information only")

    class SupplementationMode(models.TextChoices):
        # Decree 118 Art. 19(5): the full period restarts when the complete dossier arrives.
        RESTART = "restart", _("Restart the full period on re-acceptance")
        # Kept for sector law that pauses the clock instead.
        PAUSE = "pause", _("Pause and resume the clock")

    procedure = models.ForeignKey(
        Procedure, on_delete=models.PROTECT, related_name="versions", verbose_name=_("procedure")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=500)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    # Durations are stored in working hours (1 working day = EGOV_HOURS_PER_WORKING_DAY hours).
    deadline_hours = models.DecimalField(
        _("deadline (working hours)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    same_day = models.BooleanField(_("resolved the same day"), default=False)
    cutoff = models.TimeField(_("same-day cut-off"), null=True, blank=True)
    supplementation_mode = models.CharField(
        _("supplementation"),
        max_length=10,
        choices=SupplementationMode.choices,
        default=SupplementationMode.RESTART,
    )
    online_level = models.CharField(
        _("online level"), max_length=10, choices=OnlineLevel.choices, default=OnlineLevel.INFO
    )
    requires_assurance_level = models.PositiveSmallIntegerField(_("required identity level"), default=1)
    eform_schema = models.JSONField(_("e-form schema"), default=dict, blank=True)
    implementing_agencies = models.ManyToManyField(
        "org.Agency", blank=True, related_name="procedure_versions", verbose_name=_("implementing agencies")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="catalog_version_unique_number"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="catalog_version_valid_range",
            ),
            models.CheckConstraint(
                condition=Q(same_day=False) | Q(cutoff__isnull=False), name="catalog_same_day_has_cutoff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class ProcedureComponent(models.Model):
    """Thành phần hồ sơ: one paper the applicant must (or may) provide."""

    class Form(models.TextChoices):
        ORIGINAL = "original", _("Original")
        COPY = "copy", _("Copy")
        CERTIFIED_COPY = "certified_copy", _("Certified copy")
        ORIGINAL_OR_COPY = "original_or_copy", _("Original or copy")

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="components", verbose_name=_("version")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=500)
    form = models.CharField(_("original or copy"), max_length=20, choices=Form.choices, default=Form.ORIGINAL)
    copies = models.PositiveSmallIntegerField(_("number of copies"), default=1)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    blank_form = models.ForeignKey(
        "files.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("blank form"),
    )

    class Meta:
        verbose_name = _("required component")
        verbose_name_plural = _("required components")
        ordering = ["version", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class FeeItem(models.Model):
    class Kind(models.TextChoices):
        FEE = "fee", _("Fee (lệ phí)")
        CHARGE = "charge", _("Charge (phí)")

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="fees", verbose_name=_("version")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FEE)
    name = models.CharField(_("name"), max_length=300)
    amount = models.DecimalField(_("amount (VND)"), max_digits=14, decimal_places=0)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fee item")
        verbose_name_plural = _("fee items")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class ResultType(models.Model):
    """What the applicant receives (giấy khai sinh, bản sao chứng thực, giấy phép xây dựng …)."""

    version = models.ForeignKey(
        ProcedureVersion, on_delete=models.CASCADE, related_name="result_types", verbose_name=_("version")
    )
    code = models.CharField(_("code"), max_length=50, blank=True)
    name = models.CharField(_("name"), max_length=300)

    class Meta:
        verbose_name = _("result type")
        verbose_name_plural = _("result types")
        ordering = ["version", "pk"]

    def __str__(self) -> str:
        return self.name
