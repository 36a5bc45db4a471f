from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

from egov.workflow import guards


def test_builtin_guards_registered():
    assert {"fees_paid", "has_result_file"} <= set(guards.guard_names())
    assert "comment_present" not in guards.guard_names()
    assert all(label for _, label in guards.guard_choices())


def test_fees_paid():
    paid = SimpleNamespace(fees_due=Decimal(50000), fees_collected=Decimal(50000))
    unpaid = SimpleNamespace(fees_due=Decimal(50000), fees_collected=Decimal(0))
    assert guards.fees_paid(paid, None, None) is None
    reason = guards.fees_paid(unpaid, None, None)
    assert reason and "50.000" in reason


def test_has_result_file():
    assert guards.has_result_file(SimpleNamespace(result_file_id=3), None, None) is None
    assert guards.has_result_file(SimpleNamespace(result_file_id=None), None, None)
    assert guards.has_result_file(object(), None, None)


def test_register_custom_and_run():
    @guards.register_guard("test_always_no", "Never")
    def never(dossier, task, actor):
        return "không"

    try:
        assert guards.get_guard("test_always_no") is not None
        assert guards.guards_failing(["test_always_no"], dossier=None, task=None, actor=None) == ["không"]
        assert guards.unknown_guards(["test_always_no", "nope", 3]) == ["nope", "3"]
        assert len(guards.guards_failing(["nope"], dossier=None, task=None, actor=None)) == 1
    finally:
        guards.unregister_guard("test_always_no")
    assert guards.get_guard("test_always_no") is None


def test_duplicate_name_refused():
    import pytest

    with pytest.raises(ValueError):
        guards.register_guard("fees_paid", "x")(lambda d, t, a: None)
