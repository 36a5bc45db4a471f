"""Every message of the engine has a Vietnamese translation in egov/portal/eforms/messages.vi.po
(merged into egov/portal/locale by the integrator: that catalogue is shared)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib

from egov.portal.eforms.testing import MESSAGES_VI

PACKAGE = Path(__file__).resolve().parents[1] / "eforms"
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "portal" / "eforms"
TRANSLATE_TAG = re.compile(r'{% translate "([^"]+)" %}')


def _msgids() -> set[str]:
    found: set[str] = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "gettext", "gettext_lazy")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    for path in TEMPLATES.glob("*.html"):
        found |= set(TRANSLATE_TAG.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_msgid_has_a_vietnamese_translation() -> None:
    catalogue = {e.msgid: e.msgstr for e in polib.pofile(str(MESSAGES_VI))}
    used = _msgids()
    assert len(used) > 60
    missing = sorted(m for m in used if not catalogue.get(m))
    assert missing == []
    assert sorted(set(catalogue) - used) == []  # nothing stale
    for msgid, msgstr in catalogue.items():
        assert sorted(re.findall(r"%\(\w+\)[sd]", msgid)) == sorted(re.findall(r"%\(\w+\)[sd]", msgstr)), (
            msgid
        )
