"""`make run`'s last step: web server, worker, periodic runner and SMS simulator start together,
serve the Vietnamese home page and the demo login, and all stop on Ctrl-C (SIGINT)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode()


def test_run_embedded_serves_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'embedded.sqlite3'}",
        "EGOV_FILES_ROOT": str(tmp_path / "files"),
        "SMS_SIMULATOR_LOG": str(tmp_path / "sms.jsonl"),
    }
    manage = [sys.executable, "manage.py"]
    for step in (["migrate", "--noinput"], ["demo_seed"]):
        done = subprocess.run(
            [*manage, *step], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr
    port, sms_port, dvcqg_port, pay_port = _free_port(), _free_port(), _free_port(), _free_port()
    axis_port = _free_port()
    proc = subprocess.Popen(
        [
            *manage,
            "run_embedded",
            "--addr",
            f"127.0.0.1:{port}",
            "--sms-port",
            str(sms_port),
            "--dvcqg-port",
            str(dvcqg_port),
            "--payment-port",
            str(pay_port),
            "--axis-port",
            str(axis_port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert proc.poll() is None, "run_embedded exited early"
                assert time.monotonic() < deadline, "web server did not come up in 60 s"
                time.sleep(0.5)
        assert status == 200
        assert '<html lang="vi">' in body and "Dịch vụ công" in body
        assert _get(f"http://127.0.0.1:{port}/healthz")[0] == 200
        # The SMS, national-portal and payment simulators answer on their ports.
        for simulator in (sms_port, dvcqg_port, pay_port):
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", simulator), timeout=10):
                        break
                except OSError:
                    assert time.monotonic() < deadline, f"nothing listens on {simulator}"
                    time.sleep(0.3)
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, output
    assert "motcua" in output and "egov-demo-2026" in output  # demo logins printed
    assert "egov stopped" in output
    # Nothing is left listening.
    for p in (port, sms_port, dvcqg_port, pay_port):
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", p)) != 0, f"port {p} still open after Ctrl-C"
    # No child process survived: the process group is empty.
    try:
        os.killpg(proc.pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive, "a child of run_embedded survived Ctrl-C"
