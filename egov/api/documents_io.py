"""Serializers of the staff document endpoints (văn bản đến/đi): read-only views of the documents
the caller may see. The views pass the history (direction slip, handlers, updates, reviews) and the
download links in the serializer context, already read by the documents selectors."""

from __future__ import annotations

import html
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from egov.core.files.access import file_can_download
from egov.documents.models import DirectionRecipient


def person_name(user: Any) -> str:
    return (getattr(user, "full_name", "") or user.get_username()) if user is not None else ""


def download_link(*, user: Any, stored: Any) -> dict[str, Any] | None:
    """The staff download URL of a stored file (egov.core.files, a logged-in session), only when the
    file's own access rule lets `user` download it."""
    if stored is None or not file_can_download(user, stored):
        return None
    return {
        "name": stored.original_name,
        "size": stored.size,
        "content_type": stored.content_type,
        "download_url": reverse("files:download", args=[stored.pk]),
    }


def plain_text(marked: str) -> str:
    """A highlighted search fragment (every text piece escaped, matches in <mark>) as plain text."""
    return html.unescape(marked.replace("<mark>", "").replace("</mark>", ""))


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()

    def get_name(self, obj: Any) -> str:
        return person_name(obj)


class UnitSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()


class FileLinkSerializer(serializers.Serializer):
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    download_url = serializers.CharField(help_text="Staff download page (needs a logged-in staff session).")


# -- incoming ---------------------------------------------------------------------------------------


class IncomingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    agency = serializers.CharField(source="agency.agency_code")
    arrival_number = serializers.IntegerField(allow_null=True)
    arrival_year = serializers.IntegerField()
    arrival_series = serializers.CharField()
    received_at = serializers.DateTimeField()
    channel = serializers.CharField()
    sender_name = serializers.CharField()
    number_symbol = serializers.CharField()
    issued_date = serializers.DateField(allow_null=True)
    doc_type = serializers.CharField(source="doc_type.code")
    doc_type_name = serializers.CharField(source="doc_type.name")
    abstract = serializers.CharField()
    urgency = serializers.CharField()
    urgency_label = serializers.CharField(source="get_urgency_display")
    secrecy = serializers.CharField()
    secrecy_label = serializers.CharField(source="get_secrecy_display")
    due_date = serializers.DateField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)
    lead_department = UnitSerializer(allow_null=True)
    lead_user = PersonSerializer(allow_null=True)
    handler = PersonSerializer(allow_null=True)

    def get_url(self, obj: Any) -> str:
        return reverse("api:document-incoming-detail", args=[obj.pk])


class SlipRecipientSerializer(serializers.Serializer):
    department = UnitSerializer(allow_null=True)
    user = PersonSerializer(allow_null=True)
    deadline = serializers.DateField(allow_null=True)


class DirectionSerializer(serializers.Serializer):
    directed_by = PersonSerializer()
    directed_at = serializers.DateTimeField()
    comment = serializers.CharField()
    deadline = serializers.DateField(allow_null=True)
    lead = SlipRecipientSerializer(many=True)
    coordinators = SlipRecipientSerializer(many=True)
    informed = SlipRecipientSerializer(many=True)


class AssignmentSerializer(serializers.Serializer):
    handler = PersonSerializer()
    assigned_by = PersonSerializer()
    assigned_at = serializers.DateTimeField()
    deadline = serializers.DateField(allow_null=True)
    comment = serializers.CharField()


class UpdateSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    author = PersonSerializer()
    at = serializers.DateTimeField()
    note = serializers.CharField()
    reply_id = serializers.IntegerField(allow_null=True)


def direction_data(history: dict[str, Any]) -> dict[str, Any] | None:
    """The current direction slip (part 1) grouped by part, from selectors.incoming_history."""
    direction = history.get("direction")
    if direction is None:
        return None
    parts: dict[str, list[DirectionRecipient]] = {p: [] for p in DirectionRecipient.Part.values}
    for recipient in history["slip_recipients"]:
        parts[recipient.part].append(recipient)
    return {
        "directed_by": direction.directed_by,
        "directed_at": direction.directed_at,
        "comment": direction.comment,
        "deadline": direction.deadline,
        "lead": parts[DirectionRecipient.Part.LEAD],
        "coordinators": parts[DirectionRecipient.Part.COORDINATE],
        "informed": parts[DirectionRecipient.Part.INFORM],
    }


class IncomingDetailSerializer(IncomingSerializer):
    """Context: `history` (selectors.incoming_history) and `file` (download_link or None)."""

    sender_code = serializers.CharField()
    signer_name = serializers.CharField()
    signer_position = serializers.CharField()
    page_count = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()
    registered_by = PersonSerializer(allow_null=True)
    registered_at = serializers.DateTimeField(allow_null=True)
    registration_due = serializers.DateTimeField()
    presented_to = PersonSerializer(allow_null=True)
    directed_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    reply_id = serializers.IntegerField(allow_null=True)
    direction = serializers.SerializerMethodField()
    directions_count = serializers.SerializerMethodField()
    assignments = serializers.SerializerMethodField()
    updates = serializers.SerializerMethodField()
    file = serializers.SerializerMethodField()

    @extend_schema_field(DirectionSerializer(allow_null=True))
    def get_direction(self, obj: Any) -> dict[str, Any] | None:
        data = direction_data(self.context["history"])
        return None if data is None else DirectionSerializer(data).data

    def get_directions_count(self, obj: Any) -> int:
        return len(self.context["history"]["directions"])

    @extend_schema_field(AssignmentSerializer(many=True))
    def get_assignments(self, obj: Any) -> list[Any]:
        return list(AssignmentSerializer(self.context["history"]["assignments"], many=True).data)

    @extend_schema_field(UpdateSerializer(many=True))
    def get_updates(self, obj: Any) -> list[Any]:
        return list(UpdateSerializer(self.context["history"]["updates"], many=True).data)

    @extend_schema_field(FileLinkSerializer(allow_null=True))
    def get_file(self, obj: Any) -> dict[str, Any] | None:
        return self.context.get("file")


# -- outgoing ---------------------------------------------------------------------------------------


class OutgoingRecipientSerializer(serializers.Serializer):
    kind = serializers.CharField()
    name = serializers.CharField()
    agency_code = serializers.CharField()
    delivery = serializers.CharField()
    delivery_label = serializers.CharField(source="get_delivery_display")
    delivered_at = serializers.DateTimeField(allow_null=True)


class OutgoingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    url = serializers.SerializerMethodField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    agency = serializers.CharField(source="agency.agency_code")
    drafting_department = UnitSerializer(allow_null=True)
    number = serializers.IntegerField(allow_null=True)
    symbol = serializers.CharField()
    number_text = serializers.CharField()
    issued_date = serializers.DateField(allow_null=True)
    doc_type = serializers.CharField(source="doc_type.code")
    doc_type_name = serializers.CharField(source="doc_type.name")
    abstract = serializers.CharField()
    urgency = serializers.CharField()
    urgency_label = serializers.CharField(source="get_urgency_display")
    secrecy = serializers.CharField()
    secrecy_label = serializers.CharField(source="get_secrecy_display")
    signer = PersonSerializer(allow_null=True)
    signer_name = serializers.CharField()
    signer_position = serializers.CharField()
    signing_mode = serializers.CharField()
    created_at = serializers.DateTimeField()
    released_at = serializers.DateTimeField(allow_null=True)
    recipients = OutgoingRecipientSerializer(many=True, source="recipient_rows.all")

    def get_url(self, obj: Any) -> str:
        return reverse("api:document-outgoing-detail", args=[obj.pk])


class ReviewSerializer(serializers.Serializer):
    step = serializers.CharField()
    step_label = serializers.CharField(source="get_step_display")
    actor = PersonSerializer()
    at = serializers.DateTimeField()
    comment = serializers.CharField()


class OutgoingFilesSerializer(serializers.Serializer):
    content = FileLinkSerializer(allow_null=True)
    pdf = FileLinkSerializer(allow_null=True)
    signed = FileLinkSerializer(allow_null=True)


class OutgoingDetailSerializer(OutgoingSerializer):
    """Context: `history` (registers_outgoing.outgoing_history) and `files` ({content, pdf, signed})."""

    description = serializers.CharField()
    page_count = serializers.IntegerField(allow_null=True)
    copies = serializers.IntegerField(allow_null=True)
    due_date = serializers.DateField(allow_null=True)
    internal_recipients = serializers.CharField()
    created_by = PersonSerializer(allow_null=True)
    paper_signed = serializers.BooleanField()
    signed_at = serializers.DateTimeField(allow_null=True)
    recalled_at = serializers.DateTimeField(allow_null=True)
    recall_reason = serializers.CharField()
    replaces_id = serializers.IntegerField(allow_null=True)
    recipients = serializers.SerializerMethodField()  # type: ignore[assignment]
    reviews = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()

    @extend_schema_field(OutgoingRecipientSerializer(many=True))
    def get_recipients(self, obj: Any) -> list[Any]:
        return list(OutgoingRecipientSerializer(self.context["history"]["recipient_rows"], many=True).data)

    @extend_schema_field(ReviewSerializer(many=True))
    def get_reviews(self, obj: Any) -> list[Any]:
        return list(ReviewSerializer(self.context["history"]["reviews"], many=True).data)

    @extend_schema_field(OutgoingFilesSerializer)
    def get_files(self, obj: Any) -> dict[str, Any]:
        return dict(self.context["files"])


# -- search -----------------------------------------------------------------------------------------


class SearchHitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["incoming", "outgoing"])
    id = serializers.IntegerField()
    heading = serializers.CharField(help_text="Plain text (no markup).")
    snippet = serializers.CharField(
        help_text="Plain text around the first match; empty when only the metadata matched."
    )
    url = serializers.CharField(help_text="The API detail of the document.")


class SearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchHitSerializer(many=True)
