"""The one exception of the edXML package, with a stable machine code and a Vietnamese message."""

from __future__ import annotations

from django.utils.translation import gettext


class EdxmlError(ValueError):
    """Raised for every refusal: bad input, hostile XML, secret document, unknown status code.

    ``code`` is a stable identifier for callers and tests (e.g. ``"secret"``, ``"dtd"``,
    ``"required"``); ``field`` names the edXML element concerned when there is one; ``message`` is
    the translated, user-facing text (English msgid, Vietnamese in the ``documents`` catalogue).
    """

    def __init__(self, code: str, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message


# Every message of the package is built here so that the msgid list stays in one place.


def secret_refused() -> EdxmlError:
    return EdxmlError(
        "secret",
        gettext(
            "A secret document cannot be sent through the document exchange axis; "
            "send it by the secret-document channel."
        ),
    )


def too_large(limit_mb: int) -> EdxmlError:
    return EdxmlError(
        "too_large",
        gettext("The edXML package is larger than %(limit)s MB.") % {"limit": limit_mb},
    )


def malformed(detail: str = "") -> EdxmlError:
    return EdxmlError("malformed", gettext("The edXML package is not well-formed XML."), field=detail)


def dtd_forbidden() -> EdxmlError:
    return EdxmlError(
        "dtd",
        gettext("The edXML package contains a DTD or an entity declaration, which is not allowed."),
    )


def bad_encoding() -> EdxmlError:
    return EdxmlError("encoding", gettext("The edXML package must be encoded in UTF-8."))


def wrong_root(found: str) -> EdxmlError:
    return EdxmlError(
        "namespace",
        gettext(
            "The package is not an edXML message of QCVN 102:2016 (unexpected root element or namespace)."
        ),
        field=found,
    )


def required(field: str) -> EdxmlError:
    return EdxmlError(
        "required",
        gettext("The required field %(field)s is missing or empty.") % {"field": field},
        field=field,
    )


def too_long(field: str, limit: int) -> EdxmlError:
    return EdxmlError(
        "too_long",
        gettext("The field %(field)s is longer than %(limit)s characters.")
        % {"field": field, "limit": limit},
        field=field,
    )


def bad_agency_code(field: str, value: str) -> EdxmlError:
    return EdxmlError(
        "agency_code",
        gettext(
            "The agency code “%(value)s” in %(field)s is not a 13-character code of the form DDD.CC.BB.AXX."
        )
        % {"value": value[:40], "field": field},
        field=field,
    )


def bad_date(field: str, value: str) -> EdxmlError:
    return EdxmlError(
        "date",
        gettext("The date “%(value)s” in %(field)s is not in the yyyy/MM/dd format.")
        % {"value": value[:40], "field": field},
        field=field,
    )


def bad_timestamp(field: str, value: str) -> EdxmlError:
    return EdxmlError(
        "timestamp",
        gettext("The time “%(value)s” in %(field)s is not in the yyyy/MM/dd HH:mm:ss format.")
        % {"value": value[:40], "field": field},
        field=field,
    )


def bad_number(field: str, value: str) -> EdxmlError:
    return EdxmlError(
        "number",
        gettext("The value “%(value)s” in %(field)s is not an allowed number.")
        % {"value": value[:40], "field": field},
        field=field,
    )


def bad_text(field: str) -> EdxmlError:
    return EdxmlError(
        "text",
        gettext("The field %(field)s contains characters that cannot be written in XML.") % {"field": field},
        field=field,
    )


def bad_base64(name: str) -> EdxmlError:
    return EdxmlError(
        "base64",
        gettext("The attachment “%(name)s” is not correctly base64-encoded.") % {"name": name[:100]},
        field="ContentTransferEncoded",
    )


def attachment_too_large(name: str, limit_mb: int) -> EdxmlError:
    return EdxmlError(
        "attachment_too_large",
        gettext("The attachment “%(name)s” is larger than %(limit)s MB.")
        % {"name": name[:100], "limit": limit_mb},
        field="Attachment",
    )


def too_many_attachments(limit: int) -> EdxmlError:
    return EdxmlError(
        "too_many_attachments",
        gettext("The edXML package has more than %(limit)s attachments.") % {"limit": limit},
        field="Attachment",
    )


def manifest_mismatch(content_id: str) -> EdxmlError:
    return EdxmlError(
        "manifest",
        gettext("The manifest and the attached files do not match (content id “%(cid)s”).")
        % {"cid": content_id[:100]},
        field="edXMLManifest",
    )


def duplicate_content_id(content_id: str) -> EdxmlError:
    return EdxmlError(
        "duplicate_content_id",
        gettext("The content id “%(cid)s” is used by more than one attachment.") % {"cid": content_id[:100]},
        field="ContentId",
    )


def unknown_status(value: str) -> EdxmlError:
    return EdxmlError(
        "status_code",
        gettext("The status code “%(value)s” is not one of the codes of QCVN 102:2016.")
        % {"value": value[:20]},
        field="StatusCode",
    )


def bad_business_type(value: str) -> EdxmlError:
    return EdxmlError(
        "business_type",
        gettext("The business type “%(value)s” is not allowed (0 new, 1 revoke, 2 update, 3 replace).")
        % {"value": value[:20]},
        field="BussinessDocType",
    )
