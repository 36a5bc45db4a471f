"""Helpers for tests and e2e runs: a DVCQG simulator on 127.0.0.1 and a tiny client for its control API.

with simulator_server() as base_url:          # settings: EGOV_DVCQG_BASE_URL = base_url, and the
    sim_seed(base_url, [sample_item(...)])    # simulator uses EGOV_DVCQG_CLIENT_ID / _SECRET
    ...
    sim_status(base_url, "000.00.00.G22-261201-0001")["pushes"]
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from egov.nationalportal import conf
from egov.nationalportal.simulator import DvcqgSimulator, SimulatorConfig


@contextmanager
def simulator_running(
    port: int = 0, *, client_id: str | None = None, secret: str | None = None, portal_code: str | None = None
) -> Iterator[DvcqgSimulator]:
    """A simulator serving in a thread (credentials default to the current settings)."""
    server = DvcqgSimulator(
        SimulatorConfig(
            client_id=client_id if client_id is not None else conf.client_id(),
            secret=secret if secret is not None else conf.secret(),
            portal_code=portal_code or conf.portal_agency_code(),
        ),
        port=port,
    )
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def simulator_server(port: int = 0, **options: Any) -> Iterator[str]:
    """Like `simulator_running`, yielding the base URL (http://127.0.0.1:<port>)."""
    with simulator_running(port, **options) as server:
        yield server.url


def _call(base_url: str, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - a local test server
        f"{base_url}{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def sim_seed(base_url: str, items: list[dict[str, Any]]) -> list[str]:
    codes: list[str] = _call(base_url, "POST", "/_sim/dossiers", {"items": items})["codes"]
    return codes


def sim_fail_pushes(base_url: str, count: int, status: int = 503) -> None:
    _call(base_url, "POST", "/_sim/fail-pushes", {"count": count, "status": status})


def sim_status(base_url: str, remote_code: str) -> dict[str, Any]:
    answer: dict[str, Any] = _call(base_url, "GET", f"/_sim/status/{quote(remote_code, safe='')}")
    return answer


def sample_item(
    *,
    procedure_code: str,
    agency_code: str,
    remote_code: str = "",
    submitted: str = "",
    name: str = "Nguyễn Văn An",
    id_number: str = "001090012345",
    components: list[str] | None = None,
) -> dict[str, Any]:
    """A submitted dossier in the wire format; the simulator adds a PDF to the first component."""
    item: dict[str, Any] = {
        "MaTTHC": procedure_code,
        "MaDonVi": agency_code,
        "LoaiDoiTuong": "1",
        "ChuHoSo": name,
        "SoGiayToChuHoSo": id_number,
        "SoDienThoai": "0912345678",
        "Email": "an@example.vn",
        "DiaChi": "Số 1 đường Lê Lợi",
        "HinhThucNhanKetQua": "3",
        "DanhSachGiayTo": [
            {"TenGiayTo": c, "HinhThuc": "1", "SoBan": 1} for c in (components or ["Tờ khai"])
        ],
    }
    if remote_code:
        item["MaHoSo"] = remote_code
    if submitted:
        item["NgayNopHoSo"] = submitted
    return item
