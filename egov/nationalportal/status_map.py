"""Our dossier statuses -> DVCQG-style status codes ("TrangThaiHoSo"), in one table.

The codes 1–10 follow the status list in DOMAIN §1.4 (seen in a provincial TTHC system's code,
[V] there); that the national portal uses the same numbers is [M]: confirm against the portal's
integration specification. CLOSED has no code of its own in that list; "8" (stopped) is a guess [M].
DRAFT never reaches the portal.
"""

from __future__ import annotations

from egov.dossiers.models import Dossier

S = Dossier.Status

STATUS_CODES: dict[str, str] = {
    S.SUBMITTED: "1",  # Mới đăng ký / chờ tiếp nhận
    S.RECEIVED: "2",  # Được tiếp nhận
    S.REFUSED: "3",  # Không được tiếp nhận
    S.PROCESSING: "4",  # Đang xử lý (accepted: the clock runs)
    S.SUPPLEMENT_REQUESTED: "5",  # Yêu cầu bổ sung giấy tờ
    S.AWAITING_PAYMENT: "6",  # Yêu cầu thực hiện nghĩa vụ tài chính
    S.WITHDRAWN: "7",  # Công dân yêu cầu rút hồ sơ
    S.STOPPED: "8",  # Dừng xử lý
    S.RESOLVED: "9",  # Đã xử lý xong
    S.RETURNED: "10",  # Đã trả kết quả
    S.CLOSED: "8",  # [M] closed after 15 days without supplementation: reported as stopped
}


def status_code(status: str) -> str | None:
    """The portal's code for one of our statuses, or None when the status is never pushed."""
    return STATUS_CODES.get(status)
