from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from egov.core.audit.models import AuditEvent
from egov.workflow.models import ProcessDefinition, Step, Transition
from egov.workflow.services import PublishError, process_check, process_publish
from egov.workflow.tests.factories import (
    DefinitionFactory,
    StepFactory,
    TransitionFactory,
    make_procedure,
    valid_process,
)

pytestmark = pytest.mark.django_db


def codes(definition: ProcessDefinition) -> list[str]:
    return [p.code for p in process_check(definition).problems]


def messages(definition: ProcessDefinition) -> list[str]:
    with translation.override("vi"):
        return [p.message for p in process_check(definition).problems]


def test_valid_process_passes_and_publishes(valid_draft, admin):
    assert process_check(valid_draft).ok
    published = process_publish(actor=admin, definition=valid_draft)
    assert published.status == ProcessDefinition.Status.PUBLISHED
    assert published.published_by == admin
    assert AuditEvent.objects.filter(action="workflow.process_publish").count() == 1


def test_no_steps(draft):
    assert {"no_steps", "start_count", "no_end"} <= set(codes(draft))
    assert "Quy trình chưa có bước nào." in messages(draft)


def test_exactly_one_start(valid_draft):
    Step.objects.filter(definition=valid_draft, code="appraise").update(is_start=True)
    assert codes(valid_draft) == ["start_count"]
    assert messages(valid_draft) == ["Quy trình phải có đúng một bước bắt đầu; hiện có 2."]
    Step.objects.filter(definition=valid_draft).update(is_start=False)
    assert "start_count" in codes(valid_draft)


def test_at_least_one_end(valid_draft):
    Step.objects.filter(definition=valid_draft).update(is_end=False)
    assert codes(valid_draft) == ["no_end"]
    assert messages(valid_draft) == ["Quy trình phải có ít nhất một bước kết thúc."]


def test_unreachable_step(valid_draft):
    StepFactory.create(definition=valid_draft, code="orphan", name="Bước mồ côi", order=9, is_end=True)
    assert codes(valid_draft) == ["unreachable"]
    assert messages(valid_draft) == ["Không thể đi tới bước “Bước mồ côi” từ bước bắt đầu."]


def test_no_way_to_end(valid_draft):
    loop = StepFactory.create(definition=valid_draft, code="loop", name="Vòng lặp", order=5)
    receive = Step.objects.get(definition=valid_draft, code="receive")
    TransitionFactory.create(source=receive, target=loop, code="to_loop")
    TransitionFactory.create(source=loop, target=loop, code="again", kind=Transition.Kind.RETURN)
    assert codes(valid_draft) == ["no_way_to_end"]
    assert messages(valid_draft) == ["Từ bước “Vòng lặp” quy trình không bao giờ kết thúc được."]


def test_other_agency_required(valid_draft):
    Step.objects.filter(definition=valid_draft, code="appraise").update(unit_rule=Step.UnitRule.OTHER_AGENCY)
    assert codes(valid_draft) == ["other_agency_missing"]
    assert "Thẩm định" in messages(valid_draft)[0]


def test_unknown_guard(valid_draft):
    Transition.objects.filter(definition=valid_draft, code="done").update(guards=["no_such_guard"])
    assert codes(valid_draft) == ["unknown_guard"]
    assert messages(valid_draft) == ["Chuyển bước “Ký duyệt” dùng điều kiện không xác định “no_such_guard”."]


def test_dangling_forward_transition(valid_draft):
    receive = Step.objects.get(definition=valid_draft, code="receive")
    TransitionFactory.create(
        source=receive, target=None, code="nowhere", name="Đi đâu", kind=Transition.Kind.FORWARD
    )
    assert codes(valid_draft) == ["dangling_transition"]
    assert "Đi đâu" in messages(valid_draft)[0]


def test_hours_exceed_deadline(valid_draft):
    Step.objects.filter(definition=valid_draft, code="appraise").update(hours=Decimal("40"))
    result = process_check(valid_draft)
    assert [p.code for p in result.problems] == ["hours_exceed_deadline"]
    assert result.total_hours == Decimal(48)
    assert result.deadline_hours == Decimal(40)
    assert messages(valid_draft) == [
        "Các bước được phân bổ tổng cộng 48 giờ làm việc, vượt thời hạn giải quyết 40 giờ làm việc."
    ]


def test_hours_equal_deadline_is_fine(valid_draft):
    Step.objects.filter(definition=valid_draft, code="appraise").update(hours=Decimal("32"))
    assert process_check(valid_draft).ok


def test_same_day_skips_hours_with_note(agency):
    draft = DefinitionFactory.create(agency=agency, procedure=make_procedure(deadline_hours=4, same_day=True))
    valid_process(draft, hours=(8, 8, 8))
    result = process_check(draft)
    assert result.ok
    assert len(result.notes) == 1


def test_latest_published_version_counts(agency):
    procedure = make_procedure(deadline_hours=100)
    procedure.versions.create(
        number=2, status="published", valid_from="2026-01-01", name="v2", deadline_hours=Decimal(10)
    )
    procedure.versions.create(
        number=3, status="draft", valid_from="2026-06-01", name="v3", deadline_hours=999
    )
    draft = DefinitionFactory.create(agency=agency, procedure=procedure)
    valid_process(draft)
    assert codes(draft) == ["hours_exceed_deadline"]


def test_no_published_version_is_a_note(agency):
    draft = DefinitionFactory.create(agency=agency, procedure=make_procedure(status="draft"))
    valid_process(draft, hours=(100, 100, 100))
    result = process_check(draft)
    assert result.ok and result.notes


def test_publish_refused_lists_every_problem(valid_draft, admin):
    Step.objects.filter(definition=valid_draft).update(is_end=False, hours=Decimal(100))
    with pytest.raises(PublishError) as info:
        process_publish(actor=admin, definition=valid_draft)
    assert {p.code for p in info.value.result.problems} == {"no_end", "hours_exceed_deadline"}
    assert len(info.value.messages) == 2
    valid_draft.refresh_from_db()
    assert valid_draft.status == ProcessDefinition.Status.DRAFT


def test_publish_retires_previous(valid_draft, admin):
    process_publish(actor=admin, definition=valid_draft)
    second = DefinitionFactory.create(procedure=valid_draft.procedure, agency=valid_draft.agency, version=99)
    valid_process(second)
    process_publish(actor=admin, definition=second)
    valid_draft.refresh_from_db()
    assert valid_draft.status == ProcessDefinition.Status.RETIRED
    assert AuditEvent.objects.filter(action="workflow.process_retire").count() == 1


def test_publish_twice_refused(valid_draft, admin):
    process_publish(actor=admin, definition=valid_draft)
    with pytest.raises(ValidationError) as info:
        process_publish(actor=admin, definition=valid_draft)
    assert info.value.code == "immutable"
