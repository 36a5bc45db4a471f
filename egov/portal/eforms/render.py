"""Server-side rendering of an EForm: accessible Bootstrap 5 markup, conditions as data attributes."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django import forms
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from egov.portal.eforms import schema as s

if TYPE_CHECKING:
    from egov.portal.eforms.forms import EForm


@dataclass
class FieldView:
    name: str
    type: str
    kind: str  # input | textarea | select | radio | checkbox | checkboxes
    bound: forms.BoundField
    label: str
    help: str
    required: bool
    visible: bool  # its own condition holds (the section fieldset hides and disables the rest)
    condition: str  # JSON of visible_if, "" when none
    input_id: str
    help_id: str
    error_id: str
    errors: list[str]

    @property
    def describedby(self) -> str:
        return " ".join(
            i for i in (self.help_id if self.help else "", self.error_id if self.errors else "") if i
        )


@dataclass
class SectionView:
    index: int
    title: str
    help: str
    visible: bool
    condition: str
    fields: list[FieldView] = field(default_factory=list)


def _kind(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


def _condition_json(condition: Any) -> str:
    return json.dumps(condition, ensure_ascii=False, separators=(",", ":")) if condition else ""


_CSS = {
    "input": "form-control",
    "textarea": "form-control",
    "select": "form-select",
    "radio": "form-check-input",
    "checkbox": "form-check-input",
    "checkboxes": "form-check-input",
}


def _field_view(form: EForm, ref: s.FieldRef) -> FieldView:
    from egov.portal.eforms.forms import first_input_id

    bound = form[ref.html_name]
    widget = bound.field.widget
    kind = _kind(widget)
    visible = form.own_condition_holds(ref.name)
    errors = [str(e) for e in bound.errors] if form.is_visible(ref.name) else []
    input_id = first_input_id(bound)
    view = FieldView(
        name=ref.name,
        type=ref.type,
        kind=kind,
        bound=bound,
        label=s.localized(ref.spec, "label"),
        help=s.localized(ref.spec, "help"),
        required=bool(ref.spec.get("required")),
        visible=visible,
        condition=_condition_json(ref.spec.get("visible_if")),
        input_id=input_id,
        help_id=f"{bound.auto_id}-help",
        error_id=f"{bound.auto_id}-error",
        errors=errors,
    )
    attrs = widget.attrs
    # Bootstrap colours the option labels of an .is-invalid check box in a low-contrast red: the
    # error message (with its "Error:" prefix) says it instead.
    marked = errors and kind not in ("radio", "checkbox", "checkboxes")
    attrs["class"] = _CSS[kind] + (" is-invalid" if marked else "")
    for key in ("aria-describedby", "aria-invalid", "aria-required", "disabled"):
        attrs.pop(key, None)
    if kind not in ("radio", "checkboxes"):
        # Groups carry these on their <fieldset>.
        if view.describedby:
            attrs["aria-describedby"] = view.describedby
        if errors:
            attrs["aria-invalid"] = "true"
        if view.required and kind != "checkbox":
            attrs["aria-required"] = "true"
    if not visible:
        attrs["disabled"] = True
    return view


def eform_sections(form: EForm) -> list[SectionView]:
    """The sections and fields of `form` ready for the template."""
    form.compute_visibility()
    views = []
    for index, section in enumerate(s.sections(form.eform_schema)):
        view = SectionView(
            index=index,
            title=s.localized(section, "title"),
            help=s.localized(section, "help"),
            visible=form.section_is_visible(index),
            condition=_condition_json(section.get("visible_if")),
        )
        view.fields = [_field_view(form, ref) for ref in form.refs if ref.section_index == index]
        views.append(view)
    return views


def eform_render(form: EForm) -> SafeString:
    """The fields and the error summary (no <form>, no CSRF token, no buttons: the page adds those)."""
    return SafeString(render_to_string("portal/eforms/form.html", {"form": form}))
