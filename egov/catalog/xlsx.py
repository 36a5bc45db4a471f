"""Excel (.xlsx) form of the catalogue document: one sheet per table, Vietnamese header row.

Reading turns the workbook back into the document of egov.catalog.exchange, each record carrying
"_where" (sheet and row), so import errors name the row to fix.
"""

from __future__ import annotations

import json
from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from egov.catalog.exchange import FORMAT, CatalogImportError, catalog_document

# (sheet title, [(document key, header)]); the first columns of child sheets identify the version.
FIELDS = ("Lĩnh vực", [("code", "Mã lĩnh vực"), ("name", "Tên lĩnh vực")])
PROCEDURES = (
    "Thủ tục",
    [("code", "Mã thủ tục"), ("name", "Tên thủ tục"), ("field", "Mã lĩnh vực"), ("level", "Cấp thực hiện")],
)
KEY = [("procedure", "Mã thủ tục"), ("number", "Phiên bản")]
VERSIONS = (
    "Phiên bản",
    [
        *KEY,
        ("status", "Trạng thái"),
        ("valid_from", "Hiệu lực từ ngày"),
        ("valid_to", "Hiệu lực đến ngày"),
        ("name", "Tên thủ tục"),
        ("legal_basis", "Căn cứ pháp lý"),
        ("deadline_hours", "Thời hạn giải quyết (giờ làm việc)"),
        ("same_day", "Giải quyết trong ngày"),
        ("cutoff", "Giờ tiếp nhận tối đa"),
        ("supplementation_mode", "Cách tính khi bổ sung hồ sơ"),
        ("online_level", "Mức độ dịch vụ công trực tuyến"),
        ("requires_assurance_level", "Mức độ định danh"),
        ("eform_schema", "Biểu mẫu điện tử (JSON)"),
        ("agencies", "Mã cơ quan thực hiện"),
    ],
)
COMPONENTS = (
    "Thành phần hồ sơ",
    [*KEY, ("order", "Thứ tự"), ("name", "Tên giấy tờ"), ("form", "Hình thức"), ("copies", "Số bản"),
     ("mandatory", "Bắt buộc")],
)  # fmt: skip
FEES = (
    "Phí, lệ phí",
    [*KEY, ("kind", "Loại"), ("name", "Tên khoản thu"), ("amount", "Mức thu (đồng)"), ("note", "Ghi chú")],
)
RESULTS = ("Kết quả", [*KEY, ("code", "Mã kết quả"), ("name", "Tên kết quả")])
CHILDREN = {"components": COMPONENTS, "fees": FEES, "result_types": RESULTS}


def _cell(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return value


def catalog_export_xlsx() -> bytes:
    document = catalog_document()
    book = Workbook()
    sheets = {}
    for title, columns in (FIELDS, PROCEDURES, VERSIONS, COMPONENTS, FEES, RESULTS):
        sheet = book.create_sheet(title)
        sheet.append([header for _key, header in columns])
        sheets[title] = sheet
    book.remove(book.worksheets[0])
    fields: dict[str, str] = {}
    for p in document["procedures"]:
        fields[p["field"]["code"]] = p["field"]["name"]
        sheets[PROCEDURES[0]].append([p["code"], p["name"], p["field"]["code"], p["level"]])
        for v in p["versions"]:
            row = {**v, "procedure": p["code"], "agencies": ", ".join(v["agencies"])}
            sheets[VERSIONS[0]].append([_cell(row.get(key)) for key, _h in VERSIONS[1]])
            for kind, (title, columns) in CHILDREN.items():
                for item in v[kind]:
                    item_row = {**item, "procedure": p["code"], "number": v["number"]}
                    sheets[title].append([_cell(item_row.get(key)) for key, _h in columns])
    for code, name in sorted(fields.items()):
        sheets[FIELDS[0]].append([code, name])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(book: Any, spec: tuple[str, list[tuple[str, str]]]) -> list[dict[str, Any]]:
    title, columns = spec
    if title not in book.sheetnames:
        raise CatalogImportError(_("The workbook has no sheet “%(sheet)s”.") % {"sheet": title})
    rows = book[title].iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(rows, ())]
    missing = [h for _key, h in columns if h not in header]
    if missing:
        raise CatalogImportError(
            _("Sheet “%(sheet)s” lacks the column(s): %(columns)s")
            % {"sheet": title, "columns": ", ".join(missing)}
        )
    by_header = {h: i for i, h in enumerate(header)}
    records = []
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        record = {key: values[by_header[h]] if by_header[h] < len(values) else None for key, h in columns}
        record["_where"] = _("Sheet “%(sheet)s”, row %(row)s") % {"sheet": title, "row": number}
        records.append(record)
    return records


def _key(record: dict[str, Any]) -> tuple[str, str]:
    return str(record.get("procedure") or "").strip(), str(record.get("number") or "").strip()


def workbook_document(data: bytes) -> dict[str, Any]:
    """The catalogue document held by an .xlsx file."""
    try:
        book = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise CatalogImportError(_("The file is not a readable Excel (.xlsx) workbook.")) from None
    fields = {str(r["code"]).strip(): r for r in _rows(book, FIELDS) if r.get("code")}
    versions: dict[tuple[str, str], dict[str, Any]] = {}
    by_procedure: dict[str, list[dict[str, Any]]] = {}
    for record in _rows(book, VERSIONS):
        record.update({kind: [] for kind in CHILDREN})
        codes = str(record.pop("agencies") or "")
        record["agencies"] = [c.strip() for c in codes.replace(";", ",").split(",") if c.strip()]
        versions[_key(record)] = record
        by_procedure.setdefault(_key(record)[0], []).append(record)
    for kind, spec in CHILDREN.items():
        for record in _rows(book, spec):
            parent = versions.get(_key(record))
            if parent is None:
                raise CatalogImportError(
                    _("%(where)s: no row in sheet “%(sheet)s” for procedure %(code)s version %(number)s.")
                    % {"where": record["_where"], "sheet": VERSIONS[0], "code": _key(record)[0],
                       "number": _key(record)[1]}
                )  # fmt: skip
            parent[kind].append(record)
    procedures = []
    for record in _rows(book, PROCEDURES):
        field_code = str(record.get("field") or "").strip()
        field = fields.get(field_code)
        record["field"] = {"code": field_code, "name": field["name"] if field else field_code}
        record["versions"] = by_procedure.get(str(record.get("code") or "").strip(), [])
        procedures.append(record)
    return {"format": FORMAT, "procedures": procedures}
