"""Helpers for tests and e2e runs: an axis simulator on 127.0.0.1 and a tiny client for its control API.

with axis_simulator_running() as server:      # settings: EGOV_AXIS_URL = server.url; the simulator
    sim_fail(server.url, "send", 1, 500)       # uses EGOV_AXIS_KEY / EGOV_AXIS_SECRET
    sim_mailbox(server.url, "000.00.00.G09")["pending"]
"""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

from egov.documents.axis import conf
from egov.documents.axis.simulator import AxisSimulator, SimulatorConfig


@contextmanager
def axis_simulator_running(
    port: int = 0, *, key: str | None = None, secret: str | None = None
) -> Iterator[AxisSimulator]:
    """A simulator serving in a thread (credentials default to the current settings)."""
    server = AxisSimulator(
        SimulatorConfig(
            client_id=key if key is not None else conf.key(),
            secret=secret if secret is not None else conf.secret(),
        ),
        port=port,
    )
    server.start_in_thread()
    try:
        yield server
    finally:
        server.stop()


def _call(base_url: str, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(  # noqa: S310 - a local test server
        f"{base_url}{path}", data=data, method=method, headers={"Content-Type": "application/json"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


def sim_fail(base_url: str, op: str, count: int = 1, status: int = 500) -> None:
    _call(base_url, "POST", "/_sim/fail", {"op": op, "count": count, "status": status})


def sim_delay(base_url: str, op: str, seconds: float, count: int = 1) -> None:
    _call(base_url, "POST", "/_sim/delay", {"op": op, "count": count, "seconds": seconds})


def sim_post(base_url: str, *, sender: str, to: list[str], kind: str, body: bytes) -> str:
    payload = {"from": sender, "to": to, "type": kind, "body_base64": base64.b64encode(body).decode()}
    doc_id: str = _call(base_url, "POST", "/_sim/messages", payload)["docId"]
    return doc_id


def sim_redeliver(base_url: str, doc_id: str, to: str) -> bool:
    return bool(_call(base_url, "POST", "/_sim/redeliver", {"docId": doc_id, "to": to})["ok"])


def sim_mailbox(base_url: str, code: str) -> dict[str, Any]:
    answer: dict[str, Any] = _call(base_url, "GET", f"/_sim/mailbox/{quote(code, safe='')}")
    return answer


def sim_messages(base_url: str) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = _call(base_url, "GET", "/_sim/messages")["messages"]
    return messages
