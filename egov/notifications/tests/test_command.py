"""The `sms_simulator` management command: argument parsing, and a real run stopped by SIGTERM."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path
from typing import IO

import pytest
from django.conf import settings
from django.core.management.base import CommandError

from egov.notifications.management.commands.sms_simulator import Command
from egov.notifications.tests.conftest import free_port


def _parse(*argv: str) -> dict[str, object]:
    parser = Command().create_parser("manage.py", "sms_simulator")
    return vars(parser.parse_args(list(argv)))


def test_defaults() -> None:
    options = _parse()
    assert options["port"] == 8025
    assert options["fail_rate"] == 0.0
    assert options["callback_url"] is None
    assert options["callback_delay"] == 1.0
    assert options["log"] is None


def test_all_options() -> None:
    options = _parse(
        "--port",
        "9025",
        "--fail-rate",
        "0.25",
        "--callback-url",
        "http://127.0.0.1:8000/notifications/sms/receipt",
        "--callback-delay",
        "0",
        "--log",
        "/tmp/sms.jsonl",
    )
    assert options["port"] == 9025
    assert options["fail_rate"] == 0.25
    assert options["callback_url"] == "http://127.0.0.1:8000/notifications/sms/receipt"
    assert options["callback_delay"] == 0.0
    assert options["log"] == Path("/tmp/sms.jsonl")


@pytest.mark.parametrize(
    "argv",
    [
        ("--port", "http"),
        ("--port", "70000"),
        ("--fail-rate", "1.5"),
        ("--fail-rate", "-0.1"),
        ("--fail-rate", "often"),
        ("--callback-url", "ftp://example.vn/receipt"),
        ("--callback-url", "127.0.0.1:8000"),
        ("--callback-delay", "-1"),
    ],
)
def test_invalid_arguments_are_refused(argv: tuple[str, ...]) -> None:
    with pytest.raises(CommandError):
        _parse(*argv)


def _first_line(stream: IO[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    return lines.get(timeout=timeout)


def test_command_serves_until_sigterm_and_exits_cleanly(tmp_path: Path) -> None:
    port = free_port()
    log_path = tmp_path / "sms.jsonl"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "SMS_GATEWAY_TOKEN": "cmd-token",
        "PYTHONUNBUFFERED": "1",
    }
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "sms_simulator", "--port", str(port), "--log", str(log_path)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = _first_line(proc.stdout, timeout=120)
        assert f"127.0.0.1:{port}/send" in banner, banner
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/send",
            data=json.dumps({"to": "+84912345678", "text": "Xin chào", "client_ref": "c-1"}).encode(),
            method="POST",
            headers={"Authorization": "Bearer cmd-token", "Content-Type": "application/json"},
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(request, timeout=60) as response:
            assert json.loads(response.read())["message_id"].startswith("SIM-")
        assert json.loads(log_path.read_text(encoding="utf-8"))["text"] == "Xin chào"

        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, err
    assert "SMS simulator stopped." in out
