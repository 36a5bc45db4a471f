"""One error shape for the whole API: {"errors": {"field": ["message", ...]}} (plus "detail" for
errors that are not about one field). Service ValidationErrors map to HTTP statuses by their code."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from egov.dossiers.services import DossierConflict

NON_FIELD = NON_FIELD_ERRORS  # "__all__"
STATUS_BY_CODE = {"forbidden": status.HTTP_403_FORBIDDEN, "not_found": status.HTTP_404_NOT_FOUND}


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(required=False)
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


def _flatten(data: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error dicts/lists → {"applicant.name": ["…"], "components.0.name": ["…"]}."""
    out: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = NON_FIELD if key in ("non_field_errors", NON_FIELD) and not prefix else str(key)
            out.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
    elif isinstance(data, list) and data and all(isinstance(v, str) for v in data):
        out[prefix or NON_FIELD] = [str(v) for v in data]
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if value:
                out.update(_flatten(value, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix or NON_FIELD] = [str(data)]
    return out


def django_errors(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            (NON_FIELD if field is None else field): [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {NON_FIELD: [str(m) for m in exc.messages]}


def _codes(exc: DjangoValidationError) -> set[str]:
    if hasattr(exc, "error_dict"):
        return {e.code or "" for errs in exc.error_dict.values() for e in errs}
    return {e.code or "" for e in exc.error_list}


def error_response(errors: dict[str, list[str]], code: int = status.HTTP_400_BAD_REQUEST) -> Response:
    body: dict[str, Any] = {"errors": errors}
    if list(errors) == [NON_FIELD]:
        body["detail"] = errors[NON_FIELD][0]
    return Response(body, status=code)


def response_for(exc: Exception) -> Response | None:
    """The response for a validation-type error, or None to let DRF handle it."""
    if isinstance(exc, DossierConflict):
        return error_response(django_errors(exc), status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        codes = _codes(exc)
        code = next((STATUS_BY_CODE[c] for c in codes if c in STATUS_BY_CODE), status.HTTP_400_BAD_REQUEST)
        return error_response(django_errors(exc), code)
    if isinstance(exc, exceptions.ValidationError):
        return error_response(_flatten(exc.detail))
    return None


class ErrorShapeMixin:
    """Views answer validation errors, conflicts and service denials in the one error shape."""

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        """Unsupported methods are 405 for everyone, before authentication and permissions."""
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):  # type: ignore[attr-defined]
            raise exceptions.MethodNotAllowed(request.method or "")
        super().initial(request, *args, **kwargs)  # type: ignore[misc]

    def handle_exception(self, exc: Exception) -> Response:
        response = response_for(exc)
        if response is not None:
            return response
        return super().handle_exception(exc)  # type: ignore[misc]


VALIDATION_EXAMPLE = OpenApiExample(
    "Validation error",
    value={"errors": {"applicant_id_number": ["Số định danh cá nhân phải có đúng 12 chữ số."]}},
    response_only=True,
    status_codes=["400"],
)
CONFLICT_EXAMPLE = OpenApiExample(
    "Conflict",
    value={
        "detail": "Hồ sơ đã được cán bộ khác xử lý.",
        "errors": {"__all__": ["Hồ sơ đã được cán bộ khác xử lý."]},
    },
    response_only=True,
    status_codes=["409"],
)
BAD_REQUEST = OpenApiResponse(ErrorSerializer, description="Validation errors", examples=[VALIDATION_EXAMPLE])
CONFLICT = OpenApiResponse(
    ErrorSerializer, description="Changed by someone else", examples=[CONFLICT_EXAMPLE]
)
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="Not found (or not in your scope)")
FORBIDDEN = OpenApiResponse(description="Not authenticated, or not an active staff member")
THROTTLED = OpenApiResponse(description="Too many requests")
