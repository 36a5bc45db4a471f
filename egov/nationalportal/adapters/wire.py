"""The DVCQG-like JSON wire format (field names in the portal's Vietnamese style; [M]: the names
and value codes follow the style of the portal's published sync specification but are not
confirmed, see docs/integrations.md). Used by the HTTP adapter and the simulator."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from egov.nationalportal.adapters.base import (
    PermanentAdapterError,
    RemoteApplicant,
    RemoteComponent,
    RemoteDossier,
    RemoteFile,
)

VN = ZoneInfo("Asia/Ho_Chi_Minh")
WIRE_DATETIME = "%Y%m%d%H%M%S"  # the portal's compact local time, Asia/Ho_Chi_Minh

APPLICANT_KINDS = {"1": "person", "2": "organisation", "person": "person", "organisation": "organisation"}
DELIVERY = {
    "1": "counter",
    "2": "post",
    "3": "online",
    "counter": "counter",
    "post": "post",
    "online": "online",
}
FORMS = {
    "1": "original",
    "2": "copy",
    "3": "certified_copy",
    "4": "original_or_copy",
    "original": "original",
    "copy": "copy",
    "certified_copy": "certified_copy",
    "original_or_copy": "original_or_copy",
}


def wire_datetime(value: datetime | None) -> str:
    return value.astimezone(VN).strftime(WIRE_DATETIME) if value else ""


def parse_datetime(value: Any) -> datetime:
    """`yyyyMMddHHmmss` (local time) or ISO 8601 with an offset; an aware datetime."""
    if not isinstance(value, str) or not value.strip():
        raise PermanentAdapterError("missing date")
    text = value.strip()
    if text.isdigit() and len(text) == 14:
        return datetime.strptime(text, WIRE_DATETIME).replace(tzinfo=VN)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise PermanentAdapterError(f"invalid date {text!r}") from None
    if parsed.tzinfo is None:
        raise PermanentAdapterError(f"date without time zone {text!r}")
    return parsed


def _text(item: dict[str, Any], key: str, *, required: bool = False, limit: int = 500) -> str:
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str | int):
        raise PermanentAdapterError(f"{key} is not text")
    text = str(value).strip()
    if required and not text:
        raise PermanentAdapterError(f"{key} is missing")
    return text[:limit]


def _files(raw: Any) -> tuple[RemoteFile, ...]:
    if not isinstance(raw, list):
        return ()
    files = []
    for f in raw:
        if not isinstance(f, dict):
            raise PermanentAdapterError("TepDinhKem item is not an object")
        size = f.get("KichThuoc")
        files.append(
            RemoteFile(
                name=_text(f, "TenTep", required=True, limit=255),
                url=_text(f, "DuongDan", required=True, limit=1000),
                content_type=_text(f, "LoaiTep", limit=100),
                size=int(size) if isinstance(size, int) else None,
                sha256=_text(f, "MaBam", limit=64).lower(),
            )
        )
    return tuple(files)


def _components(raw: Any) -> tuple[RemoteComponent, ...]:
    if raw in (None, ""):
        return ()
    if not isinstance(raw, list):
        raise PermanentAdapterError("DanhSachGiayTo is not a list")
    result = []
    for c in raw:
        if not isinstance(c, dict):
            raise PermanentAdapterError("DanhSachGiayTo item is not an object")
        copies = c.get("SoBan", 1)
        result.append(
            RemoteComponent(
                name=_text(c, "TenGiayTo", required=True),
                form=FORMS.get(_text(c, "HinhThuc"), "original"),
                copies=copies if isinstance(copies, int) and 0 < copies < 100 else 1,
                code=_text(c, "MaGiayTo", limit=50),
                files=_files(c.get("TepDinhKem")),
            )
        )
    return tuple(result)


def dossier_from_wire(item: Any) -> RemoteDossier:
    """Parse one pulled item; PermanentAdapterError when it is malformed."""
    if not isinstance(item, dict):
        raise PermanentAdapterError("dossier item is not an object")
    eform = item.get("DuLieuBieuMau") or {}
    return RemoteDossier(
        remote_code=_text(item, "MaHoSo", required=True, limit=40),
        procedure_code=_text(item, "MaTTHC", required=True, limit=40),
        agency_code=_text(item, "MaDonVi", required=True, limit=13),
        submitted_at=parse_datetime(item.get("NgayNopHoSo")),
        applicant=RemoteApplicant(
            name=_text(item, "ChuHoSo", limit=200),
            kind=APPLICANT_KINDS.get(_text(item, "LoaiDoiTuong") or "1", "person"),
            id_number=_text(item, "SoGiayToChuHoSo", limit=12),
            tax_code=_text(item, "MaSoThue", limit=14),
            phone=_text(item, "SoDienThoai", limit=15),
            email=_text(item, "Email", limit=254),
            address=_text(item, "DiaChi", limit=300),
        ),
        components=_components(item.get("DanhSachGiayTo")),
        delivery=DELIVERY.get(_text(item, "HinhThucNhanKetQua") or "3", "online"),
        delivery_address=_text(item, "DiaChiNhanKetQua", limit=300),
        eform_data=eform if isinstance(eform, dict) else {},
        raw=item,
    )


def status_to_wire(*, remote_code: str, status_code: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The body of a status push (TrangThaiHoSo = the portal's code, see status_map)."""

    def when(key: str) -> str:
        value = payload.get(key)
        return wire_datetime(datetime.fromisoformat(value)) if value else ""

    return {
        "MaHoSo": remote_code,
        "TrangThaiHoSo": status_code,
        "TrangThaiNoiBo": payload.get("status", ""),
        "SoHoSoTinh": payload.get("dossier_code", ""),
        "NgayCapNhat": when("changed_at"),
        "NgayTiepNhan": when("accepted_at"),
        "NgayHenTra": when("due_at"),
        "NgayKetThucXuLy": when("resolved_at"),
        "NgayTra": when("returned_at"),
        "LyDo": payload.get("reason", ""),
        "GiayToBoSung": payload.get("items", []),
        "LanThayDoi": payload.get("seq", 0),
    }
