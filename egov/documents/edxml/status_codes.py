"""StatusCode table of QCVN 102:2016 status messages (edXML:Status)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

# Official Vietnamese names, as written in the standard's table (regulatory data, not UI text).
STATUS_CODES: dict[str, str] = {
    "01": "Đã đến",
    "02": "Từ chối",
    "03": "Đã tiếp nhận",
    "04": "Phân công",
    "05": "Đang xử lý",
    "06": "Hoàn thành",
    "13": "Lấy lại",
    "15": "Đồng ý lấy lại/cập nhật",
    "16": "Từ chối lấy lại/cập nhật",
}

STATUS_ARRIVED = "01"
STATUS_REFUSED = "02"
STATUS_ACCEPTED = "03"
STATUS_ASSIGNED = "04"
STATUS_PROCESSING = "05"
STATUS_COMPLETED = "06"
STATUS_RECALL_REQUEST = "13"
STATUS_RECALL_AGREED = "15"
STATUS_RECALL_REFUSED = "16"

# UI labels (English msgids with context "edXML status", Vietnamese in the documents catalogue).
STATUS_LABELS: dict[str, Promise] = {
    "01": pgettext_lazy("edXML status", "Arrived"),
    "02": pgettext_lazy("edXML status", "Refused"),
    "03": pgettext_lazy("edXML status", "Accepted"),
    "04": pgettext_lazy("edXML status", "Assigned"),
    "05": pgettext_lazy("edXML status", "Processing"),
    "06": pgettext_lazy("edXML status", "Completed"),
    "13": pgettext_lazy("edXML status", "Recall requested"),
    "15": pgettext_lazy("edXML status", "Recall or update agreed"),
    "16": pgettext_lazy("edXML status", "Recall or update refused"),
}


def status_label(code: str) -> str:
    """The translated label of a status code; raises EdxmlError for an unknown code."""
    from egov.documents.edxml import errors

    if code not in STATUS_LABELS:
        raise errors.unknown_status(code)
    return str(STATUS_LABELS[code])
