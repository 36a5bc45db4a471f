"""Rule 8 / Decision 28/2018: secret documents never leave through the exchange axis."""

from __future__ import annotations

import pytest
from django.utils import translation

from egov.documents.edxml import SECRECY_NORMAL, EdxmlError, envelope_build, envelope_parse
from egov.documents.edxml.tests.factories import minimal_envelope, rich_envelope


@pytest.mark.parametrize("secrecy", ["Mật", "Tối mật", "Tuyệt mật", "secret", "top_secret", "mat", " MẬT "])
def test_secret_envelope_is_refused(secrecy: str) -> None:
    env = rich_envelope()
    env.secrecy = secrecy
    with translation.override("vi"), pytest.raises(EdxmlError) as exc:
        envelope_build(env)
    assert exc.value.code == "secret"
    assert "Văn bản mật không được gửi qua trục liên thông" in str(exc.value)


def test_secret_is_refused_before_any_other_check() -> None:
    env = minimal_envelope(subject="", secrecy="Tuyệt mật")  # also invalid: the secrecy wins
    with pytest.raises(EdxmlError) as exc:
        envelope_build(env)
    assert exc.value.code == "secret"


@pytest.mark.parametrize("secrecy", [SECRECY_NORMAL, "", "Normal"])
def test_normal_envelope_is_built(secrecy: str) -> None:
    env = minimal_envelope(secrecy=secrecy)
    assert envelope_parse(envelope_build(env)).subject == env.subject


def test_secrecy_is_not_serialised() -> None:
    assert b"secrecy" not in envelope_build(minimal_envelope()).lower()
