"""Test helpers for the e-form engine (imported by tests only)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polib
from django.utils import translation
from django.utils.translation import trans_real

MESSAGES_VI = Path(__file__).resolve().parent / "messages.vi.po"


@contextmanager
def vietnamese() -> Iterator[None]:
    """Activate Vietnamese, with the engine's messages (messages.vi.po) added to the catalogue for
    the ones egov/portal/locale does not hold yet; removed again on exit."""
    with translation.override("vi"):
        catalog = trans_real.translation("vi")._catalog  # type: ignore[attr-defined]
        added = []
        for entry in polib.pofile(str(MESSAGES_VI)):
            if entry.msgid not in catalog:
                catalog[entry.msgid] = entry.msgstr
                added.append(entry.msgid)
        try:
            yield
        finally:
            first = catalog._catalogs[0]
            for msgid in added:
                first.pop(msgid, None)


def post_data(values: Mapping[str, Any]) -> dict[str, Any]:
    """Answers in the JSON domain → POST data as a browser sends it ("f_" names, "on" for ticks)."""
    data: dict[str, Any] = {}
    for name, value in values.items():
        if value is False or value is None:
            continue
        if value is True:
            data[f"f_{name}"] = "on"
        elif isinstance(value, list):
            data[f"f_{name}"] = [str(v) for v in value]
        else:
            data[f"f_{name}"] = str(value)
    return data
