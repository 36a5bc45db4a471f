"""Server-side SVG diagram of a process definition (no JavaScript, no external library).

Layout: steps are boxes stacked top to bottom in their order. A forward/approve transition to the
next box is a straight arrow down the middle; other forward transitions run in lanes on the right;
return and supplementation transitions run in lanes on the left, dashed and in another colour.
Transitions without a target end in an end mark to the right of their step. A filled circle marks
the start step; a ringed circle marks each end step. Every element carries a <title> and the
whole drawing has <title>/<desc>, role="img" and aria-label.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from egov.workflow.models import ProcessDefinition, Step, Transition

WIDTH = 760
BOX_X, BOX_W, BOX_H = 220, 320, 58
TOP, GAP = 30, 74
BACK_KINDS = frozenset({Transition.Kind.RETURN.value, Transition.Kind.SUPPLEMENT.value})
COLOURS = {"forward": "#0b5394", "back": "#b45309", "end": "#1e7b34", "refuse": "#a61b1b"}


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _text(x: float, y: float, text: str, *, size: int = 12, anchor: str = "start", extra: str = "") -> str:
    return (
        f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}" text-anchor="{anchor}"{extra}>'
        f"{escape(text)}</text>"
    )


def _markers(prefix: str) -> str:
    parts = []
    for name, colour in COLOURS.items():
        parts.append(
            f'<marker id="{prefix}-{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{colour}"/>'
            "</marker>"
        )
    return "<defs>" + "".join(parts) + "</defs>"


def _step_box(step: Step, y: float, role_labels: dict[str, str]) -> str:
    role = role_labels.get(step.role, step.role)
    line2 = _("%(role)s · %(hours)s h") % {"role": role, "hours": _hours(step.hours)}
    full = f"{step.name} — {line2}"
    stroke = "#1e7b34" if step.is_end else "#334155"
    width = 3 if step.is_end else 1.5
    out = [
        '<g class="wf-step">',
        f"<title>{escape(full)}</title>",
        f'<rect x="{BOX_X}" y="{y:.0f}" width="{BOX_W}" height="{BOX_H}" rx="8" fill="#f8fafc" '
        f'stroke="{stroke}" stroke-width="{width}"/>',
        _text(
            BOX_X + BOX_W / 2,
            y + 24,
            _short(step.name, 40),
            size=14,
            anchor="middle",
            extra=' font-weight="600"',
        ),
        _text(
            BOX_X + BOX_W / 2, y + 44, _short(line2, 48), size=12, anchor="middle", extra=' fill="#475569"'
        ),
    ]
    start_label, end_label = _("Start"), _("End")
    if step.is_start:
        out.append(
            f'<circle cx="{BOX_X - 14}" cy="{y + 12:.0f}" r="7" fill="#0f172a">'
            f"<title>{escape(start_label)}</title></circle>"
        )
    if step.is_end:
        cx, cy = BOX_X - 14, y + BOX_H - 12
        out.append(
            f'<g><title>{escape(end_label)}</title><circle cx="{cx}" cy="{cy:.0f}" r="8" fill="none" '
            f'stroke="#0f172a" stroke-width="2"/><circle cx="{cx}" cy="{cy:.0f}" r="4" fill="#0f172a"/></g>'
        )
    out.append("</g>")
    return "".join(out)


def render_process_svg(
    definition: ProcessDefinition,
    *,
    steps: list[Step] | None = None,
    transitions: list[Transition] | None = None,
) -> SafeString:
    """The diagram as an inline <svg> string (safe to put in a template)."""
    if steps is None:
        steps = list(definition.steps.order_by("order", "pk"))
    if transitions is None:
        transitions = list(definition.transitions.order_by("source__order", "pk"))
    prefix = f"wf{definition.pk or 0}"
    role_labels = {str(v): str(label) for v, label in Step._meta.get_field("role").choices or []}
    index = {s.pk: i for i, s in enumerate(steps)}
    ys = {s.pk: TOP + i * (BOX_H + GAP) for i, s in enumerate(steps)}
    height = TOP + max(len(steps), 1) * (BOX_H + GAP)
    title = _("Process diagram: %(name)s (version %(version)d)") % {
        "name": definition.name,
        "version": definition.version,
    }
    desc_parts = [
        _("Steps: %(steps)s.") % {"steps": "; ".join(f"{s.name} ({_hours(s.hours)} h)" for s in steps) or "—"}
    ]
    body: list[str] = []
    right_lane = left_lane = 0
    exits: dict[int, int] = {}
    end_exits: dict[int, int] = {}
    for tr in transitions:
        if tr.source_id not in ys:
            continue
        n = exits.get(tr.source_id, 0)
        exits[tr.source_id] = n + 1
        sy = ys[tr.source_id]
        target_name = tr.target.name if tr.target_id and tr.target is not None else _("end of the process")
        desc_parts.append(
            _("%(name)s: from %(source)s to %(target)s.")
            % {"name": tr.name, "source": tr.source.name, "target": target_name}
        )
        tip_text = f"{tr.name} ({tr.get_kind_display()}): {tr.source.name} → {target_name}"
        tip = f"<title>{escape(tip_text)}</title>"
        label = _short(tr.name, 22)
        if tr.target_id is None or tr.target_id not in ys:
            colour = "refuse" if tr.kind == Transition.Kind.REFUSE else "end"
            m = end_exits.get(tr.source_id, 0)
            end_exits[tr.source_id] = m + 1
            y = sy + 16 + (m % 2) * 26
            x1, x2 = BOX_X + BOX_W, WIDTH - 26
            body.append(
                f'<g class="wf-end">{tip}<path d="M{x1},{y:.0f} H{x2 - 9}" stroke="{COLOURS[colour]}" '
                f'stroke-width="1.5" fill="none" marker-end="url(#{prefix}-{colour})"/>'
                f'<circle cx="{x2}" cy="{y:.0f}" r="8" fill="none" stroke="{COLOURS[colour]}" '
                f'stroke-width="2"/>'
                f'<circle cx="{x2}" cy="{y:.0f}" r="4" fill="{COLOURS[colour]}"/>'
                + _text(x1 + 6, y - 3, label, size=11, extra=f' fill="{COLOURS[colour]}"')
                + "</g>"
            )
            continue
        ty = ys[tr.target_id]
        step_diff = index[tr.target_id] - index[tr.source_id]
        backwards = tr.kind in BACK_KINDS or step_diff <= 0
        if not backwards and step_diff == 1:
            x = BOX_X + BOX_W / 2 + (n % 3) * 24 - 12 * min(n, 1)
            body.append(
                f'<g class="wf-forward">{tip}<path d="M{x:.0f},{sy + BOX_H} V{ty - 2}" '
                f'stroke="{COLOURS["forward"]}" stroke-width="1.8" fill="none" '
                f'marker-end="url(#{prefix}-forward)"/>'
                + _text(
                    x + 8, sy + BOX_H + GAP / 2 + 4, label, size=11, extra=f' fill="{COLOURS["forward"]}"'
                )
                + "</g>"
            )
        elif backwards:
            lane_x = BOX_X - 34 - (left_lane % 8) * 18
            left_lane += 1
            y1, y2 = sy + 22 + (n % 3) * 10, ty + 36
            body.append(
                f'<g class="wf-return">{tip}<path d="M{BOX_X},{y1:.0f} H{lane_x} V{y2:.0f} H{BOX_X - 2}" '
                f'stroke="{COLOURS["back"]}" stroke-width="1.5" stroke-dasharray="6 4" fill="none" '
                f'marker-end="url(#{prefix}-back)"/>'
                + _text(BOX_X - 4, y1 - 4, label, size=11, anchor="end", extra=f' fill="{COLOURS["back"]}"')
                + "</g>"
            )
        else:
            lane_x = BOX_X + BOX_W + 30 + (right_lane % 8) * 18
            right_lane += 1
            y1, y2 = sy + 40, ty + 22
            body.append(
                f'<g class="wf-forward">{tip}<path d="M{BOX_X + BOX_W},{y1:.0f} H{lane_x} V{y2:.0f} '
                f'H{BOX_X + BOX_W + 2}" stroke="{COLOURS["forward"]}" stroke-width="1.5" fill="none" '
                f'marker-end="url(#{prefix}-forward)"/>'
                + _text(BOX_X + BOX_W + 6, y1 + 14, label, size=11, extra=f' fill="{COLOURS["forward"]}"')
                + "</g>"
            )
    boxes = [_step_box(s, ys[s.pk], role_labels) for s in steps]
    if not steps:
        boxes.append(_text(WIDTH / 2, TOP + 30, _("No steps yet."), size=14, anchor="middle"))
    desc = " ".join(desc_parts)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'style="max-width:{WIDTH}px;min-width:520px;height:auto" role="img" aria-label={quoteattr(title)} '
        f'aria-describedby="{prefix}-desc" font-family="system-ui, sans-serif">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        + _markers(prefix)
        + "".join(boxes)
        + "".join(body)
        + "</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - every text piece is escaped above
