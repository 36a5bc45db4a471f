"""Serializers of the dossier endpoints (input shapes and the staff view of a dossier)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from egov.dossiers.models import Dossier
from egov.dossiers.types import ApplicantData, ComponentInput, IntakeData

COUNTER_CHANNELS = [c for c in Dossier.Channel.values if c != Dossier.Channel.ONLINE]


class DossierSerializer(serializers.Serializer):
    code = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    channel = serializers.CharField()
    procedure_code = serializers.CharField(source="procedure_version.procedure.code")
    procedure_name = serializers.CharField(source="procedure_version.name")
    procedure_version_id = serializers.IntegerField()
    receiving_agency = serializers.CharField(source="receiving_agency.agency_code")
    competent_agency = serializers.CharField(source="competent_agency.agency_code")
    applicant_name = serializers.CharField()
    applicant_kind = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    accepted_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)


class ApplicantSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200, label=_("applicant name"))
    kind = serializers.ChoiceField(choices=Dossier.ApplicantKind.choices, default="person")
    id_number = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    tax_code = serializers.CharField(max_length=14, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ComponentInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=500)
    form = serializers.CharField(max_length=20, default="original")
    copies = serializers.IntegerField(min_value=1, max_value=100, default=1)
    procedure_component_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class IntakeSerializer(serializers.Serializer):
    procedure_version_id = serializers.IntegerField(min_value=1)
    receiving_agency_id = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    competent_agency_id = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    applicant = ApplicantSerializer()
    components = ComponentInputSerializer(many=True, required=False, default=list)
    channel = serializers.ChoiceField(choices=COUNTER_CHANNELS, default="counter")
    delivery = serializers.ChoiceField(choices=Dossier.Delivery.choices, default="counter")
    delivery_address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    sets = serializers.IntegerField(min_value=1, max_value=100, default=1)
    fees_collected = serializers.DecimalField(
        max_digits=14, decimal_places=0, min_value=Decimal(0), default=Decimal(0)
    )


def intake_data(values: dict[str, Any]) -> IntakeData:
    return IntakeData(
        procedure_version_id=values["procedure_version_id"],
        applicant=ApplicantData(**values["applicant"]),
        components=[ComponentInput(**c) for c in values["components"]],
        channel=values["channel"],
        delivery=values["delivery"],
        delivery_address=values["delivery_address"],
        sets=values["sets"],
        fees_collected=values["fees_collected"],
        competent_agency_id=values["competent_agency_id"],
    )


class ActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["claim", "transition", "return"])
    task_id = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    transition = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    method = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
    receiver_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    receiver_id_number = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    tracking_number = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
