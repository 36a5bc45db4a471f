"""Staff pages: my certificates and signature image, agency certificates and seal, validate a PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from egov.core.permissions import staff_required
from egov.org.models import Agency
from egov.signing import selectors, services
from egov.signing.forms import ImageForm, Pkcs12Form, ValidateForm
from egov.signing.validation import pdf_validate

Save = Callable[[dict[str, Any]], Any]  # calls a service with a form's cleaned data


def _error_text(exc: ValidationError) -> str:
    return " ".join(str(m) for m in exc.messages)


def _saved(request: HttpRequest, form: Any, *, field: str, save: Save, done: str) -> bool:
    """Validate `form`, call the service `save` with its data; a refusal goes onto `field`. True
    when saved (with the success message queued)."""
    if not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(field, _error_text(exc))
        return False
    messages.success(request, done)
    return True


def _pkcs12(actor: Any, **owner: Any) -> Save:
    """The PKCS#12 upload for a person (owner_user=…) or an agency (agency=…)."""

    def save(data: dict[str, Any]) -> Any:
        return services.upload_pkcs12(
            actor=actor, data=data["file"].read(), passphrase=data["passphrase"], label=data["label"], **owner
        )

    return save


def _image(upload: Callable[..., Any], **target: Any) -> Save:
    """A signature or seal image upload (`upload` is the service)."""

    def save(data: dict[str, Any]) -> Any:
        return upload(data=data["image"].read(), name=data["image"].name, **target)

    return save


@staff_required
@require_http_methods(["GET", "POST"])
def my_certificates(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    cert_form = Pkcs12Form(prefix="cert")
    image_form = ImageForm(prefix="img")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pkcs12":
            cert_form = Pkcs12Form(request.POST, request.FILES, prefix="cert")
            if _saved(
                request, cert_form, field="file", save=_pkcs12(user, owner_user=user),
                done=_("The certificate was added."),
            ):  # fmt: skip
                return redirect("signing:my_certificates")
        elif action == "image":
            image_form = ImageForm(request.POST, request.FILES, prefix="img")
            if _saved(
                request, image_form, field="image",
                save=_image(services.signature_image_upload, actor=user, user=user),
                done=_("The signature image was saved."),
            ):  # fmt: skip
                return redirect("signing:my_certificates")
    context = {
        "certificates": selectors.certificates_of_user(user=user)[:50],
        "signature": selectors.signature_image_for(user=user),
        "cert_form": cert_form,
        "image_form": image_form,
        "managed_agencies": selectors.agencies_user_manages(user=user).exists(),
    }
    return render(request, "signing/my_certificates.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def agency_certificates(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    user: Any = request.user
    agencies = list(selectors.agencies_user_manages(user=user)[:50])
    if not agencies:
        raise Http404
    agency: Agency = agencies[0]
    if agency_id is not None:
        found = [a for a in agencies if a.pk == agency_id]
        if not found:
            raise Http404
        agency = found[0]
    cert_form = Pkcs12Form(prefix="cert")
    seal_form = ImageForm(prefix="seal")
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "pkcs12":
            cert_form = Pkcs12Form(request.POST, request.FILES, prefix="cert")
            if _saved(
                request, cert_form, field="file", save=_pkcs12(user, agency=agency),
                done=_("The agency certificate was added."),
            ):  # fmt: skip
                return redirect("signing:agency_certificates_of", agency_id=agency.pk)
        elif action == "seal":
            seal_form = ImageForm(request.POST, request.FILES, prefix="seal")
            if _saved(
                request, seal_form, field="image",
                save=_image(services.seal_image_upload, actor=user, agency=agency),
                done=_("The seal image was saved."),
            ):  # fmt: skip
                return redirect("signing:agency_certificates_of", agency_id=agency.pk)
    context = {
        "agency": agency,
        "agencies": agencies,
        "certificates": selectors.certificates_of_agencies(agencies=[agency])[:50],
        "seal": selectors.seal_image_for(agency=agency),
        "cert_form": cert_form,
        "seal_form": seal_form,
    }
    return render(request, "signing/agency_certificates.html", context)


@staff_required
@require_http_methods(["GET", "POST"])
def validate(request: HttpRequest) -> HttpResponse:
    form = ValidateForm()
    reports = None
    if request.method == "POST":
        form = ValidateForm(request.POST, request.FILES)
        if form.is_valid():
            reports = pdf_validate(pdf=form.cleaned_data["pdf"].read())
    return render(request, "signing/validate.html", {"form": form, "reports": reports})


@staff_required
@require_http_methods(["GET"])
def image(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The PNG of my signature image, or of a seal of an agency I may seal for or manage."""
    from django.http import FileResponse

    from egov.core.files.selectors import file_open
    from egov.signing.models import SealImage, SignatureImage

    user: Any = request.user
    stored = None
    if kind == "chu-ky":
        sig = SignatureImage.objects.filter(pk=pk, user=user).select_related("file").first()
        stored = sig.file if sig is not None else None
    elif kind == "con-dau":
        seal = SealImage.objects.filter(pk=pk).select_related("file").first()
        if seal is not None and (
            selectors.agencies_user_manages(user=user).filter(pk=seal.agency_id).exists()
            or selectors.agencies_user_may_seal(user=user).filter(pk=seal.agency_id).exists()
        ):
            stored = seal.file
    if stored is None:
        raise Http404
    return cast(HttpResponse, FileResponse(file_open(stored), content_type="image/png"))
