"""Declarative visibility conditions (`visible_if`). No eval, no expression strings.

    {"field": f, "equals": v} | {"field": f, "not_equals": v} | {"field": f, "in": [..]}
    {"field": f, "not_in": [..]} | {"field": f, "filled": true|false}
    {"all": [cond, …]} | {"any": [cond, …]} | {"not": cond}

Values are compared in the JSON domain (what cleaned_eform_data() returns). A hidden or invalid
field counts as empty. On a multichoice field, "equals" means "this option is ticked" and "in"
means "one of these options is ticked". A boolean counts as filled only when ticked.
eforms.js implements the same rules in the browser.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from egov.portal.eforms.schema import (
    BOOLEAN,
    CHOICE,
    INTEGER,
    MAX_CONDITION_DEPTH,
    MULTICHOICE,
    VALUE_CONDITION_TYPES,
    FieldRef,
)

FIELD_OPERATORS = ("equals", "not_equals", "in", "not_in", "filled")
GROUP_OPERATORS = ("all", "any", "not")


def is_filled(value: Any) -> bool:
    # `0 in (False, …)` is true in Python, so compare by identity and type.
    return not (value is None or value is False or value == "" or value == [])


def _matches(value: Any, operand: Any) -> bool:
    if isinstance(value, list):
        return operand in value
    if value is None:
        return False
    # True == 1 in Python: never let a boolean match a number or the reverse.
    if isinstance(value, bool) != isinstance(operand, bool):
        return False
    return bool(value == operand)


def evaluate(condition: Any, values: Mapping[str, Any]) -> bool:
    """True when `condition` holds for `values` (field name → JSON value; None when hidden/empty).
    No condition (None) is always true."""
    if condition is None:
        return True
    if not isinstance(condition, dict):
        return False
    if "all" in condition:
        return all(evaluate(c, values) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, values) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], values)
    value = values.get(condition.get("field", ""))
    if "equals" in condition:
        return _matches(value, condition["equals"])
    if "not_equals" in condition:
        return not _matches(value, condition["not_equals"])
    if "in" in condition:
        return any(_matches(value, item) for item in condition["in"])
    if "not_in" in condition:
        return not any(_matches(value, item) for item in condition["not_in"])
    if "filled" in condition:
        return is_filled(value) == bool(condition["filled"])
    return False


def referenced_fields(condition: Any) -> set[str]:
    if not isinstance(condition, dict):
        return set()
    if "field" in condition:
        return {str(condition["field"])}
    names: set[str] = set()
    for key in ("all", "any"):
        for item in condition.get(key) or []:
            names |= referenced_fields(item)
    if "not" in condition:
        names |= referenced_fields(condition["not"])
    return names


def _operand_ok(ref: FieldRef, operand: Any, example_ok: Callable[[FieldRef, Any], bool]) -> bool:
    kind = ref.type
    if kind == BOOLEAN:
        return isinstance(operand, bool)
    if kind == INTEGER:
        return isinstance(operand, int) and not isinstance(operand, bool)
    if kind in (CHOICE, MULTICHOICE):
        values = {str(item[0]) for item in ref.spec.get("choices") or [] if isinstance(item, list | tuple)}
        return isinstance(operand, str) and operand in values
    return isinstance(operand, str) and example_ok(ref, operand)


def condition_problems(
    condition: Any,
    *,
    where: str,
    earlier: Mapping[str, FieldRef],
    example_ok: Callable[[FieldRef, Any], bool],
    depth: int = 0,
) -> list[str]:
    """Why `condition` is not valid; `earlier` holds the fields declared before the condition."""
    invalid = [_("%(where)s: the condition is not valid.") % {"where": where}]
    if depth > MAX_CONDITION_DEPTH:
        return [_("%(where)s: the condition is nested too deeply.") % {"where": where}]
    if not isinstance(condition, dict):
        return invalid
    groups = [k for k in GROUP_OPERATORS if k in condition]
    if groups:
        if len(condition) != 1:
            return invalid
        key = groups[0]
        if key == "not":
            return condition_problems(
                condition["not"], where=where, earlier=earlier, example_ok=example_ok, depth=depth + 1
            )
        items = condition[key]
        if not isinstance(items, list) or not items:
            return invalid
        problems: list[str] = []
        for item in items:
            problems += condition_problems(
                item, where=where, earlier=earlier, example_ok=example_ok, depth=depth + 1
            )
        return problems
    operators = [k for k in FIELD_OPERATORS if k in condition]
    if set(condition) != {"field", *operators} or len(operators) != 1:
        return invalid
    name, operator = condition["field"], operators[0]
    if not isinstance(name, str) or name not in earlier:
        return [
            _("%(where)s: the condition refers to “%(name)s”, which is not a field declared earlier.")
            % {"where": where, "name": name}
        ]
    ref, operand = earlier[name], condition[operator]
    if operator == "filled":
        return [] if isinstance(operand, bool) else invalid
    if ref.type not in VALUE_CONDITION_TYPES or (ref.type == BOOLEAN and operator in ("in", "not_in")):
        return [
            _("%(where)s: the condition “%(operator)s” cannot be used on the %(type)s field “%(name)s”.")
            % {"where": where, "operator": operator, "type": ref.type, "name": name}
        ]
    operands = operand if operator in ("in", "not_in") else [operand]
    if operator in ("in", "not_in") and (not isinstance(operand, list) or not operand):
        return invalid
    if not all(_operand_ok(ref, item, example_ok) for item in operands):
        return [
            _("%(where)s: the condition value for “%(name)s” is not one of its possible values.")
            % {"where": where, "name": name}
        ]
    return []
