"""EForm: a Django form built from an e-form schema, with live conditions and a draft (partial) mode."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _

from egov.core.text import nfc
from egov.portal.eforms import schema as s
from egov.portal.eforms.conditions import evaluate
from egov.portal.eforms.fields import build_field, to_json


def _nfc_any(value: Any) -> Any:
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, list):
        return [_nfc_any(v) for v in value]
    return value


def _clean_raw(value: Any) -> Any:
    """A posted string: NFC, line ends as \\n, cut at RAW_MAX characters."""
    if not isinstance(value, str):
        return value
    return nfc(value).replace("\r\n", "\n")[: s.RAW_MAX]


def raw_to_data(schema: dict[str, Any], raw: Mapping[str, Any]) -> MultiValueDict[str, Any]:
    """A draft's raw answers (see EForm.raw_eform_data) → form data, as if the citizen posted them."""
    data: MultiValueDict[str, Any] = MultiValueDict()
    for ref in s.iter_fields(schema):
        value = raw.get(ref.name)
        if value is None or value is False:
            continue
        if value is True:
            data.setlist(ref.html_name, ["on"])
        elif isinstance(value, list):
            data.setlist(ref.html_name, [str(v) for v in value])
        else:
            data.setlist(ref.html_name, [str(value)])
    return data


class EForm(forms.Form):
    """Fields are named "f_" + the schema name. Use eform_build() to make one.

    Full mode: required fields (when visible) are enforced. Partial mode (draft autosave): nothing is
    required; only the format of filled fields is checked; raw_eform_data() keeps every answer, even
    an invalid one. Hidden fields (visible_if false) are never required and their values are dropped.
    """

    use_required_attribute = False

    def __init__(
        self,
        schema: dict[str, Any],
        *,
        data: Mapping[str, Any] | None = None,
        initial: Mapping[str, Any] | None = None,
        partial: bool = False,
    ) -> None:
        self.eform_schema = schema
        self.partial = partial
        self.refs = list(s.iter_fields(schema))
        self._visible: dict[str, bool] | None = None
        self._section_visible: list[bool] = []
        self._own_visible: dict[str, bool] = {}
        prefixed_initial = {s.PREFIX + k: _nfc_any(v) for k, v in (initial or {}).items()}
        super().__init__(data=self._normalise(data), initial=prefixed_initial)
        for ref in self.refs:
            self.fields[ref.html_name] = build_field(ref.spec)

    def _normalise(self, data: Mapping[str, Any] | None) -> MultiValueDict[str, Any] | None:
        """Our keys only, every string NFC, each answer cut at RAW_MAX characters."""
        if data is None:
            return None
        result: MultiValueDict[str, Any] = MultiValueDict()
        getlist = getattr(data, "getlist", None)
        for key in data:
            if not key.startswith(s.PREFIX):
                continue
            if getlist is not None:
                values = list(getlist(key))
            else:
                value = data[key]
                values = list(value) if isinstance(value, list | tuple) else [value]
            result.setlist(key, [_clean_raw(v) for v in values])
        return result

    # --- visibility ---------------------------------------------------------------------------

    def _json_value(self, ref: s.FieldRef) -> Any:
        """The JSON value of one answer as it stands (None when empty or invalid)."""
        field = self.fields[ref.html_name]
        bound = self[ref.html_name]
        raw = bound.data if self.is_bound else bound.initial
        required, field.required = field.required, False
        try:
            return to_json(ref.type, field.clean(raw))
        except ValidationError:
            return None
        finally:
            field.required = required

    def compute_visibility(self) -> dict[str, bool]:
        """field name → visible, from the current answers (bound data, else initial)."""
        if self._visible is not None:
            return self._visible
        visible: dict[str, bool] = {}
        own: dict[str, bool] = {}  # the field's own condition, whatever its section
        values: dict[str, Any] = {}
        section_visible: list[bool] = []
        for index, section in enumerate(s.sections(self.eform_schema)):
            shown = evaluate(section.get("visible_if"), values)
            section_visible.append(shown)
            for ref in (r for r in self.refs if r.section_index == index):
                own[ref.name] = evaluate(ref.spec.get("visible_if"), values)
                visible[ref.name] = shown and own[ref.name]
                values[ref.name] = self._json_value(ref) if visible[ref.name] else None
        self._visible, self._section_visible, self._own_visible = visible, section_visible, own
        return visible

    def section_is_visible(self, index: int) -> bool:
        self.compute_visibility()
        return self._section_visible[index] if index < len(self._section_visible) else True

    def is_visible(self, name: str) -> bool:
        """The field is shown: its section's condition and its own hold."""
        return self.compute_visibility().get(name, False)

    def own_condition_holds(self, name: str) -> bool:
        """The field's own visible_if holds (its section may still be hidden). The markup hides a
        field on this alone, so that showing its section (eforms.js) shows the field too."""
        self.compute_visibility()
        return self._own_visible.get(name, False)

    # --- validation -----------------------------------------------------------------------------

    def full_clean(self) -> None:
        self._visible = None
        visible = self.compute_visibility()
        for ref in self.refs:
            required = bool(ref.spec.get("required")) and visible[ref.name] and not self.partial
            self.fields[ref.html_name].required = required
        super().full_clean()
        if not self.is_bound:
            return
        for ref in self.refs:
            if not visible[ref.name]:
                self.errors.pop(ref.html_name, None)
                self.cleaned_data.pop(ref.html_name, None)

    def cleaned_eform_data(self) -> dict[str, Any]:
        """The valid answers of the visible fields, JSON-serialisable, keyed by schema name, in schema
        order. Empty answers are left out; an unticked visible checkbox is False. Call after
        is_valid(); in partial mode, answers with an error are left out (see raw_eform_data)."""
        if not self.is_bound:
            raise ValueError("cleaned_eform_data() needs a bound form")
        cleaned = self.cleaned_data
        result: dict[str, Any] = {}
        for ref in self.refs:
            if not self.is_visible(ref.name) or ref.html_name not in cleaned:
                continue
            value = to_json(ref.type, cleaned[ref.html_name])
            if ref.type == s.BOOLEAN:
                result[ref.name] = bool(value)
            elif value is not None:
                result[ref.name] = value
        return result

    def raw_eform_data(self) -> dict[str, Any]:
        """Everything the citizen typed, as typed (NFC), valid or not: field name → str, list[str] or
        True. Store this in a draft; eform_build(schema, raw=…) gives the form back."""
        if not self.is_bound:
            raise ValueError("raw_eform_data() needs a bound form")
        result: dict[str, Any] = {}
        for ref in self.refs:
            value = self[ref.html_name].data
            if isinstance(value, str):
                value = value.strip()
            if value in (None, "", [], False):
                continue
            result[ref.name] = value
        return result

    @property
    def eform_sections(self) -> list[Any]:
        """Sections and fields ready for portal/eforms/form.html."""
        from egov.portal.eforms.render import eform_sections

        return eform_sections(self)

    def error_list(self) -> list[tuple[str, str]]:
        """(input id, message) in form order, for the error summary; the id is '' for form errors."""
        items = [("", str(message)) for message in self.non_field_errors()]
        labels = [s.localized(ref.spec, "label") for ref in self.refs]
        for ref in self.refs:
            bound = self[ref.html_name]
            target = first_input_id(bound)
            # "Họ, chữ đệm, tên" may be asked for the requester, the child, the mother …: name the section.
            shared = labels.count(s.localized(ref.spec, "label")) > 1
            for message in bound.errors:
                text = str(message)
                if shared:
                    section = s.localized(ref.section, "title")
                    text = _("%(section)s: %(message)s") % {"section": section, "message": text}
                items.append((target, text))
        return items


def first_input_id(bound: forms.BoundField) -> str:
    """The id of the input a label or an error link should point to (the first option of a group)."""
    if isinstance(bound.field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"{bound.auto_id}_0"
    return str(bound.id_for_label or bound.auto_id)


def eform_build(
    schema: dict[str, Any],
    *,
    data: Mapping[str, Any] | None = None,
    initial: Mapping[str, Any] | None = None,
    partial: bool = False,
    raw: Mapping[str, Any] | None = None,
) -> EForm:
    """An EForm for `schema`.

    data: the POST (keys "f_<name>"); initial: answers in the JSON domain (or a draft's raw answers,
    shown without errors); raw: a draft's raw answers, bound (errors shown); partial: draft mode."""
    if raw is not None and data is None:
        data = raw_to_data(schema, raw)
    return EForm(schema, data=data, initial=initial, partial=partial)
