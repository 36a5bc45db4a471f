"""Public satisfaction rating (Decree 118/2025 Art. 33) at /tra-cuu/<code>/danh-gia/.

Anyone holding the code reaches the page, so the applicant proves it is them with the last 4
digits of the applicant's ID number or phone (checked on the server). Two limits: per client IP
(setting EGOV_RATELIMIT_RATING, default '10/m') and wrong answers per dossier (5 an hour).
"""

from __future__ import annotations

import hmac
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from egov.core.ratelimit import rate_limit, ratelimit, too_many_requests
from egov.dossiers.models import RATING_CRITERIA, Dossier, Rating
from egov.dossiers.public_status import normalise_code
from egov.dossiers.services.rating import RATABLE, dossier_rate, rating_scale

RATE_SETTING = "EGOV_RATELIMIT_RATING"
RATE_TEMPLATE = "dossiers/public/ratelimited.html"
WRONG_LIMIT = 5  # wrong verification answers per dossier and hour
WRONG_WINDOW = 3600


class RatingForm(forms.Form):
    verify = forms.CharField(
        label=gettext_lazy("Last 4 digits of the applicant's ID number or phone"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "pattern": r"\d{4}"}),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scale = rating_scale()
        for key, label in RATING_CRITERIA:
            self.fields[key] = forms.ChoiceField(
                label=label,
                required=key == "overall",
                choices=scale if key == "overall" else [("", "—"), *scale],
                widget=forms.RadioSelect if key == "overall" else forms.Select,
            )
        for name, f in self.fields.items():
            if not isinstance(f.widget, forms.RadioSelect):
                css = "form-select" if isinstance(f.widget, forms.Select) else "form-control"
                f.widget.attrs["class"] = css
            if name == "overall":
                f.error_messages["required"] = _("Choose your overall satisfaction.")

    def levels(self) -> dict[str, str]:
        return {k: self.cleaned_data.get(k) or "" for k, _label in RATING_CRITERIA}


def verification_matches(dossier: Dossier, answer: str) -> bool:
    answer = answer.strip()
    ok = False
    for value in (dossier.applicant_id_number, dossier.applicant_phone):
        digits = "".join(ch for ch in value if ch.isdigit())
        if len(digits) >= 4:  # constant-time compare, and check both so timing tells nothing
            ok = hmac.compare_digest(digits[-4:], answer) or ok
    return ok


@require_http_methods(["GET", "POST"])
@ratelimit("rating", 10, 60, setting=RATE_SETTING, template=RATE_TEMPLATE)
def rate(request: HttpRequest, code: str) -> HttpResponse:
    code = normalise_code(code)
    dossier = Dossier.objects.filter(code=code).exclude(status=Dossier.Status.DRAFT).first()
    if dossier is None:
        raise Http404
    context: dict[str, Any] = {"code": dossier.code, "dossier": dossier}
    if dossier.status not in RATABLE:
        return render(request, "dossiers/public/rate.html", {**context, "closed": "not_ready"})
    if Rating.objects.filter(dossier=dossier).exists():
        return render(request, "dossiers/public/rate.html", {**context, "closed": "done"})
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not verification_matches(dossier, form.cleaned_data["verify"]):
            if not rate_limit(f"rating-wrong:{dossier.pk}", WRONG_LIMIT, WRONG_WINDOW):
                return too_many_requests(request, WRONG_WINDOW, RATE_TEMPLATE)
            form.add_error("verify", _("These digits do not match the dossier."))
        else:
            try:
                dossier_rate(
                    dossier=dossier,
                    levels=form.levels(),
                    comment=form.cleaned_data["comment"],
                    channel="online",
                )
            except ValidationError as exc:
                for message in exc.messages:
                    form.add_error(None, message)
            else:
                return render(request, "dossiers/public/rate.html", {**context, "closed": "thanks"})
    return render(request, "dossiers/public/rate.html", {**context, "form": form}, status=200)
