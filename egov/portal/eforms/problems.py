"""schema_problems(): why an e-form schema cannot be published (empty list when it can)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from egov.portal.eforms import schema as s
from egov.portal.eforms.conditions import condition_problems
from egov.portal.eforms.fields import build_field

# "(a+)+", "(x*)*", "(\d{2})+": a repeated group whose body ends with a repetition (catastrophic
# backtracking). A heuristic, with the 200-character limit and fullmatch on short inputs.
_NESTED_REPEAT = re.compile(r"[*+}]\)[*+{?]")


def _example_error(ref: s.FieldRef, value: Any) -> str | None:
    """Why `value` (JSON domain) is not a valid answer for the field, or None when it is."""
    kind = ref.type
    type_ok = {
        s.BOOLEAN: isinstance(value, bool),
        s.INTEGER: isinstance(value, int) and not isinstance(value, bool),
        s.DECIMAL: isinstance(value, int | float | str) and not isinstance(value, bool),
        s.MULTICHOICE: isinstance(value, list) and all(isinstance(v, str) for v in value),
    }.get(kind, isinstance(value, str))
    if not type_ok:
        return _("wrong JSON type")
    if kind == s.DATE:
        try:
            date.fromisoformat(value)
        except ValueError:
            return _("a date is written YYYY-MM-DD")
    field = build_field(ref.spec, db=False)
    try:
        field.clean(str(value) if kind == s.DECIMAL else value)
    except ValidationError as error:
        return " ".join(str(m) for m in error.messages)
    return None


def _example_ok(ref: s.FieldRef, value: Any) -> bool:
    return _example_error(ref, value) is None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _bound_ok(kind: str, value: Any) -> bool:
    if kind == s.INTEGER:
        return _is_int(value)
    if kind == s.DECIMAL:
        try:
            return not isinstance(value, bool) and Decimal(str(value)).is_finite()
        except InvalidOperation:
            return False
    if value == "today":
        return True
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _ordered(low: Any, high: Any, kind: str) -> bool:
    if kind == s.DATE:
        if "today" in (low, high):
            return True
        return bool(date.fromisoformat(low) <= date.fromisoformat(high))
    return bool(Decimal(str(low)) <= Decimal(str(high)))


def _choices_problems(spec: dict[str, Any], where: str) -> list[str]:
    choices = spec.get("choices")
    shape_ok = (
        isinstance(choices, list)
        and choices
        and all(
            isinstance(c, list)
            and len(c) in (2, 3)
            and all(isinstance(part, str) for part in c)
            and c[0].strip()
            and c[1].strip()
            for c in choices
        )
    )
    if not shape_ok:
        return [
            _("%(where)s: “choices” must be a list of [value, label] or [value, label, English label].")
            % {"where": where}
        ]
    values = [c[0] for c in choices]  # type: ignore[union-attr]
    repeated = sorted({v for v in values if values.count(v) > 1})
    return [
        _("%(where)s: the choice value “%(value)s” is repeated.") % {"where": where, "value": v}
        for v in repeated
    ]


def _text_key_problems(obj: dict[str, Any], keys: tuple[str, ...], where: str) -> list[str]:
    return [
        _("%(where)s: “%(key)s” must be a text.") % {"where": where, "key": key}
        for key in keys
        if key in obj and not isinstance(obj[key], str)
    ]


def _field_problems(spec: dict[str, Any], where: str, kind: str) -> list[str]:
    """Problems of one field's own keys (not its name, condition or example)."""
    problems: list[str] = []
    allowed = s.COMMON_FIELD_KEYS | s.TYPE_KEYS[kind]
    for key in spec:
        if key not in s.ALL_FIELD_KEYS:
            problems.append(_("%(where)s: unknown key “%(key)s”.") % {"where": where, "key": key})
        elif key not in allowed:
            problems.append(
                _("%(where)s: “%(key)s” does not apply to the %(type)s type.")
                % {"where": where, "key": key, "type": kind}
            )
    if not isinstance(spec.get("label"), str) or not spec["label"].strip():
        problems.append(_("%(where)s: the label is missing.") % {"where": where})
    problems += _text_key_problems(spec, ("label_en", "help", "help_en"), where)
    if "required" in spec and not isinstance(spec["required"], bool):
        problems.append(
            _("%(where)s: “%(key)s” must be true or false.") % {"where": where, "key": "required"}
        )
    if "autocomplete" in spec and spec["autocomplete"] not in s.AUTOCOMPLETE_TOKENS:
        problems.append(
            _("%(where)s: unknown autocomplete value “%(value)s”.")
            % {"where": where, "value": spec["autocomplete"]}
        )
    for key in ("min_length", "max_length"):
        if key in spec and not (_is_int(spec[key]) and spec[key] >= (1 if key == "max_length" else 0)):
            problems.append(
                _("%(where)s: “%(key)s” must be a whole number of 1 or more.") % {"where": where, "key": key}
                if key == "max_length"
                else _("%(where)s: “%(key)s” must be a whole number of 0 or more.")
                % {"where": where, "key": key}
            )
    if (
        _is_int(spec.get("min_length"))
        and _is_int(spec.get("max_length"))
        and spec["min_length"] > spec["max_length"]
    ):
        problems.append(_("%(where)s: the minimum is greater than the maximum.") % {"where": where})
    if kind in (s.INTEGER, s.DECIMAL, s.DATE):
        bad = [k for k in ("min", "max") if k in spec and not _bound_ok(kind, spec[k])]
        for key in bad:
            message = {
                s.INTEGER: _("%(where)s: “%(key)s” must be a whole number."),
                s.DECIMAL: _("%(where)s: “%(key)s” must be a number."),
                s.DATE: _("%(where)s: “%(key)s” must be a date written YYYY-MM-DD, or “today”."),
            }[kind]
            problems.append(message % {"where": where, "key": key})
        if not bad and "min" in spec and "max" in spec and not _ordered(spec["min"], spec["max"], kind):
            problems.append(_("%(where)s: the minimum is greater than the maximum.") % {"where": where})
    if "pattern" in spec:
        problems += _pattern_problems(spec["pattern"], where)
    if kind in (s.CHOICE, s.MULTICHOICE):
        problems += _choices_problems(spec, where)
    if "widget" in spec and spec["widget"] not in s.WIDGETS:
        problems.append(_("%(where)s: the widget must be “select” or “radio”.") % {"where": where})
    if "province" in spec and not (
        (_is_int(spec["province"]) or isinstance(spec["province"], str)) and str(spec["province"]).isdigit()
    ):
        problems.append(
            _("%(where)s: the province must be a 2025 province code such as 80.") % {"where": where}
        )
    return problems


def _pattern_problems(pattern: Any, where: str) -> list[str]:
    if not isinstance(pattern, str) or not pattern:
        return [_("%(where)s: “%(key)s” must be a text.") % {"where": where, "key": "pattern"}]
    if len(pattern) > s.PATTERN_MAX:
        return [
            _("%(where)s: the pattern is longer than %(limit)d characters.")
            % {"where": where, "limit": s.PATTERN_MAX}
        ]
    try:
        re.compile(pattern)
    except re.error:
        return [_("%(where)s: the pattern is not a valid regular expression.") % {"where": where}]
    if _NESTED_REPEAT.search(pattern):
        return [_("%(where)s: the pattern repeats a repetition, which can be very slow.") % {"where": where}]
    return []


def schema_problems(schema: Any) -> list[str]:
    """Why `schema` is not a valid e-form schema (translated messages); [] when it is valid.
    An empty dict ({}: no e-form) is valid."""
    if not isinstance(schema, dict):
        return [_("The e-form schema must be a JSON object.")]
    if not schema:
        return []
    top = _("Schema")
    problems = [
        _("%(where)s: unknown key “%(key)s”.") % {"where": top, "key": k}
        for k in schema
        if k not in s.TOP_KEYS
    ]
    if schema.get("version") != s.SCHEMA_VERSION:
        problems.append(_("The schema version must be %(version)d.") % {"version": s.SCHEMA_VERSION})
    sections = schema.get("sections")
    if not isinstance(sections, list) or not sections:
        problems.append(_("The schema needs at least one section."))
        return problems
    earlier: dict[str, s.FieldRef] = {}
    for index, section in enumerate(sections):
        problems += _section_problems(section, index, earlier)
    return problems


def _section_problems(section: Any, index: int, earlier: dict[str, s.FieldRef]) -> list[str]:
    where = _("Section %(number)d") % {"number": index + 1}
    if not isinstance(section, dict):
        return [_("%(where)s: must be a JSON object.") % {"where": where}]
    problems = [
        _("%(where)s: unknown key “%(key)s”.") % {"where": where, "key": k}
        for k in section
        if k not in s.SECTION_KEYS
    ]
    if not isinstance(section.get("title"), str) or not section["title"].strip():
        problems.append(_("%(where)s: the title is missing.") % {"where": where})
    problems += _text_key_problems(section, ("title_en", "help", "help_en"), where)
    if "visible_if" in section:
        # A section condition may only look at fields of earlier sections.
        problems += condition_problems(
            section["visible_if"], where=where, earlier=dict(earlier), example_ok=_example_ok
        )
    fields = section.get("fields")
    if not isinstance(fields, list) or not fields:
        problems.append(_("%(where)s needs at least one field.") % {"where": where})
        return problems
    for position, spec in enumerate(fields):
        problems += _one_field(spec, index, position, section, earlier)
    return problems


def _one_field(
    spec: Any, index: int, position: int, section: dict[str, Any], earlier: dict[str, s.FieldRef]
) -> list[str]:
    name = spec.get("name") if isinstance(spec, dict) else None
    if isinstance(name, str) and s.NAME_RE.match(name):
        where = _("Field “%(name)s”") % {"name": name}
    else:
        where = _("Field %(number)d of section %(section)d") % {"number": position + 1, "section": index + 1}
    if not isinstance(spec, dict):
        return [_("%(where)s: must be a JSON object.") % {"where": where}]
    problems: list[str] = []
    if not isinstance(name, str) or not s.NAME_RE.match(name):
        problems.append(
            _(
                "%(where)s: the name must start with a lower-case letter and use only a–z, 0–9 and _ "
                "(at most 50 characters)."
            )
            % {"where": where}
        )
    elif name in earlier:
        problems.append(_("The field name “%(name)s” is used more than once.") % {"name": name})
    kind = spec.get("type")
    if kind not in s.FIELD_TYPES:
        problems.append(_("%(where)s: unknown type “%(type)s”.") % {"where": where, "type": kind})
        return problems
    problems += _field_problems(spec, where, kind)
    if "visible_if" in spec:
        problems += condition_problems(
            spec["visible_if"], where=where, earlier=earlier, example_ok=_example_ok
        )
    ref = s.FieldRef(section_index=index, section=section, spec=spec)
    if not problems and "example" in spec:
        error = _example_error(ref, spec["example"])
        if error:
            problems.append(
                _("%(where)s: the example is not valid: %(error)s") % {"where": where, "error": error}
            )
    if isinstance(name, str) and name not in earlier and s.NAME_RE.match(name):
        earlier[name] = ref
    return problems
