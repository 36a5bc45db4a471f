"""The dashboard's period: from/to dates in the query string, defaulting to this year, with presets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_DAYS = 366 * 5


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(format="%d/%m/%Y"))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(format="%d/%m/%Y"))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, date) and isinstance(end, date):
            if start > end:
                raise forms.ValidationError(_("The start date must not be after the end date."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Choose a period of at most five years."))
        return data


@dataclass(frozen=True)
class Preset:
    label: str
    start: date
    end: date


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def presets(today: date) -> list[Preset]:
    month_start = today.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    quarter_start = today.replace(month=3 * ((today.month - 1) // 3) + 1, day=1)
    quarter_end = _month_end(quarter_start.replace(month=quarter_start.month + 2))
    return [
        Preset(str(_("This month")), month_start, _month_end(today)),
        Preset(str(_("Last month")), last_month_end.replace(day=1), last_month_end),
        Preset(
            str(_("This quarter")),
            quarter_start,
            quarter_end,
        ),
        Preset(str(_("This year")), date(today.year, 1, 1), date(today.year, 12, 31)),
        Preset(str(_("Last year")), date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    ]


def period_from(data: dict[str, str], today: date) -> tuple[PeriodForm, date, date]:
    """The bound form and the period to show (this year when the dates are missing or invalid)."""
    form = PeriodForm(data or None)
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
        if start > end:
            start, end = end, start
    return form, start, end
