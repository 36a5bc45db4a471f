from __future__ import annotations

from decimal import Decimal

from django import template

from egov.printing.vn_format import money

register = template.Library()


@register.filter
def vnd(value: Decimal | int | None) -> str:
    """1500000 → '1.500.000 đồng'."""
    return money(value)
