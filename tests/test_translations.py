"""Vietnamese first: every catalogue is complete, nothing fuzzy, and English exists beside it."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
VI_CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/vi/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "var" not in p.parts
)


def test_there_are_catalogues_for_every_app_with_strings() -> None:
    owners = {str(p.parent.parent.parent.parent.relative_to(ROOT)) for p in VI_CATALOGUES}
    for app in [
        "egov/org",
        "egov/accounts",
        "egov/notifications",
        "egov/core/calendar",
        "egov/core/files",
        ".",
    ]:
        assert app in owners, f"no Vietnamese catalogue for {app}"


@pytest.mark.parametrize("path", VI_CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_vietnamese_catalogue_is_complete(path: Path) -> None:
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
    assert (path.parents[2] / "en" / "LC_MESSAGES" / "django.po").exists()
