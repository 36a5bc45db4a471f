"""Editor forms (plain forms: they only clean input; services write)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from egov.catalog.models import Procedure
from egov.org.models import Agency, Department, Role
from egov.workflow.guards import guard_choices
from egov.workflow.models import ProcessDefinition, Step, Transition, slug_validator


class StepForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=50, validators=[slug_validator])
    name = forms.CharField(label=_("Name"), max_length=200)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32767, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit_rule = forms.ChoiceField(label=_("Unit rule"), choices=Step.UnitRule.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    other_agency = forms.ModelChoiceField(
        label=_("Other agency"), queryset=Agency.objects.none(), required=False
    )
    hours = forms.DecimalField(label=_("Working hours"), min_value=Decimal(0), max_digits=7, decimal_places=2)
    is_start = forms.BooleanField(label=_("Start step"), required=False)
    is_end = forms.BooleanField(label=_("End step"), required=False)

    def __init__(self, *args: Any, definition: ProcessDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["department"].queryset = Department.objects.filter(agency_id=definition.agency_id)
        fields["other_agency"].queryset = Agency.objects.filter(valid_to__isnull=True).exclude(
            pk=definition.agency_id
        )

    @staticmethod
    def initial_for(step: Step) -> dict[str, Any]:
        return {
            "code": step.code,
            "name": step.name,
            "order": step.order,
            "role": step.role,
            "unit_rule": step.unit_rule,
            "department": step.department_id,
            "other_agency": step.other_agency_id,
            "hours": step.hours,
            "is_start": step.is_start,
            "is_end": step.is_end,
        }


class TransitionForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=50, validators=[slug_validator])
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Transition.Kind.choices)
    source = forms.ModelChoiceField(label=_("From step"), queryset=Step.objects.none())
    target = forms.ModelChoiceField(
        label=_("To step"),
        queryset=Step.objects.none(),
        required=False,
        empty_label=_("(ends the process)"),
    )
    guards = forms.MultipleChoiceField(
        label=_("Conditions"), choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    requires_comment = forms.BooleanField(label=_("Comment required"), required=False)
    requires_attachment = forms.BooleanField(label=_("Attachment required"), required=False)

    def __init__(self, *args: Any, definition: ProcessDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        steps = Step.objects.filter(definition=definition).order_by("order", "pk")
        fields: Any = self.fields
        fields["source"].queryset = steps
        fields["target"].queryset = steps
        fields["guards"].choices = guard_choices()

    @staticmethod
    def initial_for(tr: Transition) -> dict[str, Any]:
        return {
            "code": tr.code,
            "name": tr.name,
            "kind": tr.kind,
            "source": tr.source_id,
            "target": tr.target_id,
            "guards": list(tr.guards),
            "requires_comment": tr.requires_comment,
            "requires_attachment": tr.requires_attachment,
        }


class DraftForm(forms.Form):
    procedure = forms.ModelChoiceField(label=_("Procedure"), queryset=Procedure.objects.order_by("code"))
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    name = forms.CharField(label=_("Name"), max_length=300, required=False)

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["agency"].queryset = agencies


class ImportForm(DraftForm):
    file = forms.FileField(label=_("JSON file"))

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, agencies=agencies, **kwargs)
        del self.fields["name"]
