"""Choices shared by incoming and outgoing documents (DOMAIN §3.3, rule 8)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent (Khẩn)")
    VERY_URGENT = "very_urgent", _("Very urgent (Thượng khẩn)")
    FLASH = "flash", _("Flash (Hỏa tốc)")


class Secrecy(models.TextChoices):
    NORMAL = "normal", _("Not secret")
    SECRET = "secret", _("Secret (Mật)")
    TOP_SECRET = "top_secret", _("Top secret (Tối mật)")
    ABSOLUTE = "absolute", _("Absolutely secret (Tuyệt mật)")


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")


# Annex VI "Priority" (1 character): 0 normal, 1 khẩn, 2 thượng khẩn, 3 hỏa tốc.
URGENCY_PRIORITY = {Urgency.NORMAL: 0, Urgency.URGENT: 1, Urgency.VERY_URGENT: 2, Urgency.FLASH: 3}


def is_urgent(urgency: str) -> bool:
    return urgency != Urgency.NORMAL


def is_secret(secrecy: str) -> bool:
    return secrecy != Secrecy.NORMAL
