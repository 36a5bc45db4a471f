"""Small local factories: catalog rows made directly, workflow rows via factory_boy."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import factory

from egov.catalog.models import Field, Procedure, ProcedureVersion
from egov.core.text import fold
from egov.org.models import Agency, Role
from egov.org.tests.factories import AgencyFactory, AssignmentFactory
from egov.workflow.models import ProcessDefinition, Step, Transition

_codes = itertools.count(100)


def make_procedure(
    *,
    deadline_hours: Decimal | int = 40,
    same_day: bool = False,
    agencies: Iterable[Agency] = (),
    status: str = ProcedureVersion.Status.PUBLISHED,
) -> Procedure:
    n = next(_codes)
    field, _ = Field.objects.get_or_create(code="HT", defaults={"name": "Hộ tịch", "search_text": "ho tich"})
    name = f"Thủ tục thử {n}"
    procedure = Procedure.objects.create(
        code=f"9.{n:06d}", name=name, field=field, level=Procedure.Level.COMMUNE, search_text=fold(name)
    )
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=1,
        status=status,
        valid_from=date(2025, 7, 1),
        name=name,
        deadline_hours=Decimal(deadline_hours),
        same_day=same_day,
        cutoff="15:00" if same_day else None,
    )
    version.implementing_agencies.set(list(agencies))
    return procedure


class DefinitionFactory(factory.django.DjangoModelFactory[ProcessDefinition]):
    class Meta:
        model = ProcessDefinition

    procedure = factory.LazyFunction(make_procedure)
    agency = factory.SubFactory(AgencyFactory)
    version = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Quy trình thử {n}")


class StepFactory(factory.django.DjangoModelFactory[Step]):
    class Meta:
        model = Step

    definition = factory.SubFactory(DefinitionFactory)
    code = factory.Sequence(lambda n: f"step_{n}")
    name = factory.Sequence(lambda n: f"Bước {n}")
    order = factory.Sequence(lambda n: n)
    role = Role.SPECIALIST
    unit_rule = Step.UnitRule.COMPETENT_DEPARTMENT
    hours = Decimal(4)


class TransitionFactory(factory.django.DjangoModelFactory[Transition]):
    class Meta:
        model = Transition

    definition = factory.LazyAttribute(lambda t: t.source.definition)
    code = factory.Sequence(lambda n: f"tr_{n}")
    name = factory.Sequence(lambda n: f"Chuyển {n}")
    kind = Transition.Kind.FORWARD
    source = factory.SubFactory(StepFactory)
    target = None


def valid_process(definition: ProcessDefinition, *, hours: Iterable[int] = (4, 8, 4)) -> list[Step]:
    """receive → appraise → approve (approve ends it), with a return and a refusal."""
    h = list(hours)
    receive = StepFactory.create(definition=definition, code="receive", name="Tiếp nhận", order=1, hours=h[0])
    receive.is_start = True
    receive.save()
    appraise = StepFactory.create(
        definition=definition, code="appraise", name="Thẩm định", order=2, hours=h[1]
    )
    approve = StepFactory.create(
        definition=definition, code="approve", name="Phê duyệt", order=3, hours=h[2], is_end=True
    )
    TransitionFactory.create(source=receive, target=appraise, code="to_appraise", name="Chuyển thẩm định")
    TransitionFactory.create(source=appraise, target=approve, code="to_approve", name="Trình ký")
    TransitionFactory.create(
        source=appraise, target=receive, code="supplement", name="Bổ sung", kind=Transition.Kind.SUPPLEMENT
    )
    TransitionFactory.create(
        source=approve, target=None, code="done", name="Ký duyệt", kind=Transition.Kind.APPROVE
    )
    TransitionFactory.create(
        source=approve, target=None, code="refuse", name="Từ chối", kind=Transition.Kind.REFUSE
    )
    return [receive, appraise, approve]


def staff_with(role: str, agency: Agency, **kwargs: Any) -> Any:
    return AssignmentFactory(role=role, agency=agency, **kwargs).user
