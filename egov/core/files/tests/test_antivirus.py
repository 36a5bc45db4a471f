from __future__ import annotations

import io
import socket
import tempfile
from pathlib import Path

import pytest
from pytest_django import Settings

from egov.accounts.models import User
from egov.core.files.antivirus import ScannerUnavailable, antivirus_enabled, antivirus_scan
from egov.core.files.errors import UploadRejected
from egov.core.files.models import StoredFile
from egov.core.files.services import file_store
from egov.core.files.tests import samples
from egov.core.files.tests.clamd import HangUpClamd, clamd_tcp, clamd_unix


def _use_tcp(settings: Settings, port: int) -> None:
    settings.EGOV_CLAMD_HOST = "127.0.0.1"
    settings.EGOV_CLAMD_PORT = port


def test_off_unless_configured(settings: Settings) -> None:
    assert not antivirus_enabled()
    settings.EGOV_CLAMD_HOST = "127.0.0.1"
    assert antivirus_enabled()


def test_clean_stream_is_ok_and_sent_in_full(settings: Settings) -> None:
    content = samples.pdf_bytes() * 5000  # several INSTREAM chunks
    with clamd_tcp() as server:
        _use_tcp(settings, server.port)
        assert antivirus_scan(io.BytesIO(content)) is None
    assert server.received == [content]


def test_eicar_is_found(settings: Settings) -> None:
    with clamd_tcp() as server:
        _use_tcp(settings, server.port)
        assert antivirus_scan(io.BytesIO(b"abc" + samples.EICAR)) == "Eicar-Test-Signature"


def test_unix_socket(settings: Settings) -> None:
    with tempfile.TemporaryDirectory(dir="/tmp") as directory:  # short path: AF_UNIX limit
        path = str(Path(directory) / "clamd.sock")
        with clamd_unix(path):
            settings.EGOV_CLAMD_SOCKET = path
            assert antivirus_scan(io.BytesIO(samples.EICAR)) == "Eicar-Test-Signature"
            assert antivirus_scan(io.BytesIO(b"hello")) is None


def test_hang_up_is_unavailable(settings: Settings) -> None:
    with clamd_tcp(HangUpClamd) as server:
        _use_tcp(settings, server.port)
        with pytest.raises(ScannerUnavailable):
            antivirus_scan(io.BytesIO(samples.pdf_bytes()))


def test_silent_server_times_out(settings: Settings) -> None:
    listener = socket.create_server(("127.0.0.1", 0))  # accepts (backlog) but never answers
    try:
        _use_tcp(settings, listener.getsockname()[1])
        settings.EGOV_CLAMD_TIMEOUT = 0.3
        with pytest.raises(ScannerUnavailable):
            antivirus_scan(io.BytesIO(b"hello"))
    finally:
        listener.close()


@pytest.mark.django_db
def test_store_refuses_infected_file(settings: Settings, citizen: User, files_root: Path) -> None:
    infected = samples.pdf_bytes().replace(b"%%EOF", samples.EICAR + b"\n%%EOF")
    with clamd_tcp() as server:
        _use_tcp(settings, server.port)
        with pytest.raises(UploadRejected) as info:
            file_store(upload=samples.upload("don.pdf", infected), user=citizen)
        stored = file_store(upload=samples.upload("sach.pdf", samples.pdf_bytes()), user=citizen)
    assert str(info.value) == "Tệp “don.pdf” có chứa mã độc (Eicar-Test-Signature) nên đã bị từ chối."
    assert list(StoredFile.objects.all()) == [stored]
    assert len(samples.stored_paths(files_root)) == 1


@pytest.mark.django_db
@pytest.mark.parametrize("hang_up", [True, False])
def test_store_fails_closed_without_scanner(
    settings: Settings, citizen: User, files_root: Path, hang_up: bool
) -> None:
    if hang_up:
        with clamd_tcp(HangUpClamd) as server:
            _use_tcp(settings, server.port)
            with pytest.raises(UploadRejected) as info:
                file_store(upload=samples.upload("don.pdf", samples.pdf_bytes()), user=citizen)
    else:
        with socket.socket() as probe:  # a port that nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        _use_tcp(settings, port)
        with pytest.raises(UploadRejected) as info:
            file_store(upload=samples.upload("don.pdf", samples.pdf_bytes()), user=citizen)
    assert str(info.value) == (
        "Hệ thống quét virus hiện không hoạt động nên chưa thể nhận tệp “don.pdf”. Vui lòng thử lại sau."
    )
    assert not StoredFile.objects.exists()
    assert samples.stored_paths(files_root) == []
