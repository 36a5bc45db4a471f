"""E-form schemas of the demo procedures (JSON files beside this module, one per procedure).

Each file follows the schema contract of egov.portal.eforms (see egov/portal/eforms/README.md) and
the fields of the official declaration form (tờ khai) of the procedure, with an example per field.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

DIRECTORY = Path(__file__).resolve().parent

# National procedure code → schema file.
SCHEMA_FILES: dict[str, str] = {
    "1.001193": "khai_sinh.json",  # Đăng ký khai sinh
    "1.000656": "khai_tu.json",  # Đăng ký khai tử
    "1.000894": "ket_hon.json",  # Đăng ký kết hôn
    "2.000815": "chung_thuc_ban_sao.json",  # Chứng thực bản sao từ bản chính
    "1.001612": "ho_kinh_doanh.json",  # Đăng ký thành lập hộ kinh doanh
    "1.004873": "tinh_trang_hon_nhan.json",  # Cấp Giấy xác nhận tình trạng hôn nhân
    "2.000635": "ban_sao_trich_luc.json",  # Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh
}


# For a procedure offered online without a schema of its own.
GENERIC_FILE = "chung.json"


@cache
def _load(filename: str) -> dict[str, Any]:
    with (DIRECTORY / filename).open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


def eform_schema_for(procedure_code: str) -> dict[str, Any] | None:
    """The demo e-form schema of a procedure (a fresh copy), or None when there is none."""
    filename = SCHEMA_FILES.get(procedure_code.strip())
    return copy.deepcopy(_load(filename)) if filename else None


def eform_schema_generic() -> dict[str, Any]:
    """A general request form (requester, what is asked, how to receive the result), for a
    procedure offered online that has no schema of its own."""
    return copy.deepcopy(_load(GENERIC_FILE))


def eform_schema_codes() -> list[str]:
    """The procedure codes that have a demo e-form schema."""
    return sorted(SCHEMA_FILES)
