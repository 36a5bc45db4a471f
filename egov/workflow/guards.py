"""Named guard functions for transitions (never evaluated code).

A guard is registered under a stable name with a human label:

    @register_guard("fees_paid", _("Fees paid"))
    def fees_paid(dossier, task, actor): ...

It returns None when the transition is allowed, otherwise the reason (translated text) it is not.
Transition.guards stores a list of names; unknown names are refused when a transition is saved and
when a definition is published. "A comment is required" is not a guard: see
Transition.requires_comment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GuardFn = Callable[[Any, Any, Any], "str | None"]


@dataclass(frozen=True)
class Guard:
    name: str
    label: str | Promise
    fn: GuardFn


_REGISTRY: dict[str, Guard] = {}


def register_guard(name: str, label: str | Promise) -> Callable[[GuardFn], GuardFn]:
    """Decorator: register `fn(dossier, task, actor) -> str | None` under `name`."""

    def decorator(fn: GuardFn) -> GuardFn:
        if name in _REGISTRY and _REGISTRY[name].fn is not fn:
            raise ValueError(f"Guard {name!r} is already registered.")
        _REGISTRY[name] = Guard(name=name, label=label, fn=fn)
        return fn

    return decorator


def unregister_guard(name: str) -> None:
    """Remove a guard (tests and plug-ins only)."""
    _REGISTRY.pop(name, None)


def get_guard(name: str) -> Guard | None:
    return _REGISTRY.get(name)


def guard_names() -> list[str]:
    return sorted(_REGISTRY)


def guard_choices() -> list[tuple[str, str]]:
    """(name, label) pairs for forms, sorted by name."""
    return [(name, str(_REGISTRY[name].label)) for name in guard_names()]


def unknown_guards(names: Iterable[Any]) -> list[str]:
    """The names in `names` that are not registered (non-strings count as unknown)."""
    return [str(name) for name in names if not isinstance(name, str) or name not in _REGISTRY]


def guards_failing(names: Iterable[str], *, dossier: Any, task: Any, actor: Any) -> list[str]:
    """Run the named guards; return the reasons of those that refuse (empty list: allowed).
    An unknown name refuses (a definition is validated at publish, so this is a safety net)."""
    reasons: list[str] = []
    for name in names:
        guard = _REGISTRY.get(name)
        if guard is None:
            reasons.append(str(_("Unknown condition “%(name)s”.") % {"name": name}))
            continue
        reason = guard.fn(dossier, task, actor)
        if reason:
            reasons.append(str(reason))
    return reasons


@register_guard("fees_paid", _("Fees and charges are paid"))
def fees_paid(dossier: Any, task: Any, actor: Any) -> str | None:
    due = Decimal(getattr(dossier, "fees_due", 0) or 0)
    collected = Decimal(getattr(dossier, "fees_collected", 0) or 0)
    if collected >= due:
        return None
    return str(
        _("Fees are not fully paid: %(collected)s of %(due)s VND collected.")
        % {"collected": f"{collected:,.0f}".replace(",", "."), "due": f"{due:,.0f}".replace(",", ".")}
    )


@register_guard("has_result_file", _("The result document is attached"))
def has_result_file(dossier: Any, task: Any, actor: Any) -> str | None:
    if getattr(dossier, "result_file_id", None) is not None:
        return None
    return str(_("The result document has not been attached yet."))


@register_guard("actor_not_receiver", _("Approver is not the officer who received the dossier"))
def actor_not_receiver(dossier: Any, task: Any, actor: Any) -> str | None:
    received_by = getattr(dossier, "received_by_id", None)
    if received_by is None or actor is None or received_by != getattr(actor, "pk", None):
        return None
    return str(_("The officer who received the dossier may not approve it."))
