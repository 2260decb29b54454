"""The meters panel: a bar per meter, its value, and the change the last choice made.

Meaning never rests on colour: a change is shown as an arrow and a signed
number (``▲ +2``) and, where the pack says which way is good, a word
(``better``/``worse``); colour only repeats it.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from textual.content import Content
from textual.widgets import Static

BAR = 10


def bar(value: int, low: int, high: int, width: int = BAR) -> str:
    span = max(high - low, 1)
    filled = round((min(max(value, low), high) - low) * width / span)
    return "█" * filled + "░" * (width - filled)


def verdict(good: str, delta: int) -> str:
    """'better' / 'worse' / '' for a change of ``delta`` on a meter whose good side is ``good``."""
    if not delta or good not in ("high", "low"):
        return ""
    return "better" if (delta > 0) == (good == "high") else "worse"


def change_content(change: Any) -> Content:
    """'▲ +2 better' for a meter, 'no → yes' for a flag."""
    if change.kind != "meter":
        before = "yes" if change.before else "no"
        after = "yes" if change.after else "no"
        return Content.assemble((f"{before} → {after}", "bold"))
    delta = change.delta
    arrow = "▲" if delta > 0 else "▼"
    word = verdict(change.good, delta)
    style = {"better": "bold $text-success", "worse": "bold $text-error"}.get(word, "bold")
    return Content.assemble((f"{arrow} {delta:+d}", style), (f" {word}" if word else "", style))


MODEL_NOTE = "The meters are the game's model of where things stand, not measurements."


def direction(var: Any, role: str | None) -> str:
    """'higher is better for your side' / 'lower is ...' / '' for a meter, from the role's view."""
    good = var.good_for_role(role) if hasattr(var, "good_for_role") else var.good
    if var.kind != "meter":
        return ""
    return {"high": "higher is better for your side", "low": "lower is better for your side"}.get(good, "")


def meters_tooltip(variables: list[Any], role: str | None) -> str:
    """Hovering the panel: what each meter stands for, labelled as the game's model (m shows it too)."""
    lines = [MODEL_NOTE]
    for v in variables:
        text = " ".join((v.description or "").split())
        way = direction(v, role)
        lines.append(f"{v.label}" + (f" ({way})" if way else "") + (f": {text}" if text else ""))
    lines.append("Press m for the meters explained.")
    return "\n".join(lines)


def flag_text(value: Any) -> str:
    return "yes" if value else "no"


class MeterPanel(Static):
    """Every shown variable of the pack, with the last change beside it.

    ``compact`` puts each meter on one line (narrow terminals).
    """

    DEFAULT_CSS = """
    MeterPanel {
        height: auto;
        width: 100%;
        padding: 0 1;
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._rows: list[tuple[Any, Any, Any]] = []
        self.compact = False

    def show(self, variables: Iterable[Any], values: Mapping[str, Any], changes: Iterable[Any] = (),
             role: str | None = None) -> None:
        by_name = {c.name: c for c in changes}
        self._rows = [(v, values.get(v.name), by_name.get(v.name)) for v in variables if v.show]
        self.tooltip = meters_tooltip([v for v, _, _ in self._rows], role)
        self.update(self._render_rows())

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            self.update(self._render_rows())

    def _render_rows(self) -> Content:
        lines: list[Content] = []
        pad = max((len(v.label) for v, _, _ in self._rows), default=0) + 1
        for var, value, change in self._rows:
            if var.kind == "meter":
                value_text = f"{value}/{var.max}" if var.min == 0 else f"{value} ({var.min}..{var.max})"
                gauge = Content.assemble((bar(int(value), var.min, var.max), "$primary"), " ", (value_text, "bold"))
            else:
                gauge = Content.assemble((flag_text(value), "bold"))
            delta = Content.assemble("  ", change_content(change)) if change is not None else Content("")
            label = Content(var.label)
            if self.compact:
                lines.append(Content.assemble(label, ":".ljust(pad - len(var.label)), " ", gauge, delta))
            else:
                lines.append(label)
                lines.append(Content.assemble("  ", gauge, delta))
        if not lines:
            return Content("(this pack has no meters)")
        return Content("\n").join(lines)
