"""The e-form schema vocabulary: field types, allowed keys, and helpers to walk a schema.

The schema is plain JSON (stored in ProcedureVersion.eform_schema); see README.md in this package.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils import translation

SCHEMA_VERSION = 1
PREFIX = "f_"
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
PATTERN_MAX = 200
# Defaults when a schema gives no max_length (stops megabyte answers).
TEXT_MAX = 255
TEXTAREA_MAX = 2000
# A raw answer kept for a draft is cut at this many characters.
RAW_MAX = 5000
MAX_CONDITION_DEPTH = 8

TEXT = "text"
TEXTAREA = "textarea"
INTEGER = "integer"
DECIMAL = "decimal"
DATE = "date"
BOOLEAN = "boolean"
CHOICE = "choice"
MULTICHOICE = "multichoice"
EMAIL = "email"
PHONE = "phone"
ID_NUMBER = "id_number"
ADMIN_UNIT = "admin_unit"

FIELD_TYPES = (
    TEXT,
    TEXTAREA,
    INTEGER,
    DECIMAL,
    DATE,
    BOOLEAN,
    CHOICE,
    MULTICHOICE,
    EMAIL,
    PHONE,
    ID_NUMBER,
    ADMIN_UNIT,
)

TOP_KEYS = {"version", "sections"}
SECTION_KEYS = {"title", "title_en", "help", "help_en", "fields", "visible_if"}
COMMON_FIELD_KEYS = {
    "name",
    "label",
    "label_en",
    "type",
    "required",
    "help",
    "help_en",
    "example",
    "visible_if",
    "autocomplete",
}
TYPE_KEYS: dict[str, set[str]] = {
    TEXT: {"min_length", "max_length", "pattern"},
    TEXTAREA: {"min_length", "max_length"},
    INTEGER: {"min", "max"},
    DECIMAL: {"min", "max"},
    DATE: {"min", "max"},
    BOOLEAN: set(),
    CHOICE: {"choices", "widget"},
    MULTICHOICE: {"choices"},
    EMAIL: set(),
    PHONE: set(),
    ID_NUMBER: set(),
    ADMIN_UNIT: {"province"},
}
ALL_FIELD_KEYS = COMMON_FIELD_KEYS.union(*TYPE_KEYS.values())
WIDGETS = ("select", "radio")
# HTML autocomplete tokens a schema may ask for (WCAG 1.3.5, identify input purpose).
AUTOCOMPLETE_TOKENS = {
    "off",
    "name",
    "given-name",
    "family-name",
    "email",
    "tel",
    "bday",
    "sex",
    "street-address",
    "address-line1",
    "address-line2",
    "organization",
    "organization-title",
    "country-name",
}
# Default autocomplete / inputmode by type (a schema "autocomplete" key overrides the former).
TYPE_AUTOCOMPLETE = {EMAIL: "email", PHONE: "tel", ID_NUMBER: "off"}
TYPE_INPUTMODE = {INTEGER: "numeric", DECIMAL: "decimal", PHONE: "tel", ID_NUMBER: "numeric", EMAIL: "email"}
# Types on which value conditions (equals / in …) may be used; "filled" works on every type.
VALUE_CONDITION_TYPES = {TEXT, INTEGER, BOOLEAN, CHOICE, MULTICHOICE, ADMIN_UNIT}


@dataclass(frozen=True)
class FieldRef:
    """One field of a schema, with the section it belongs to (0-based indexes)."""

    section_index: int
    section: dict[str, Any]
    spec: dict[str, Any]

    @property
    def name(self) -> str:
        return str(self.spec["name"])

    @property
    def type(self) -> str:
        return str(self.spec.get("type", TEXT))

    @property
    def html_name(self) -> str:
        return PREFIX + self.name


def is_empty_schema(schema: Any) -> bool:
    """An empty dict means the procedure has no e-form."""
    return isinstance(schema, dict) and not schema


def sections(schema: dict[str, Any]) -> list[dict[str, Any]]:
    value = schema.get("sections") if isinstance(schema, dict) else None
    return [s for s in value if isinstance(s, dict)] if isinstance(value, list) else []


def iter_fields(schema: dict[str, Any]) -> Iterator[FieldRef]:
    """Every field, in declaration order (sections in order, fields in order)."""
    for index, section in enumerate(sections(schema)):
        fields = section.get("fields")
        if not isinstance(fields, list):
            continue
        for spec in fields:
            if isinstance(spec, dict) and isinstance(spec.get("name"), str):
                yield FieldRef(section_index=index, section=section, spec=spec)


def localized(obj: dict[str, Any], key: str) -> str:
    """obj[key + "_en"] when the active language is English and it is present, else obj[key]."""
    language = translation.get_language() or "vi"
    if language.startswith("en"):
        english = obj.get(f"{key}_en")
        if isinstance(english, str) and english.strip():
            return english
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def choice_list(spec: dict[str, Any]) -> list[tuple[str, str]]:
    """The (value, label) pairs of a choice/multichoice field, labels in the active language.

    A choice is [value, label] or [value, label, label_en]."""
    language = translation.get_language() or "vi"
    english = language.startswith("en")
    result = []
    for item in spec.get("choices") or []:
        if not isinstance(item, list | tuple) or len(item) not in (2, 3):
            continue
        label = item[2] if english and len(item) == 3 and item[2] else item[1]
        result.append((str(item[0]), str(label)))
    return result
