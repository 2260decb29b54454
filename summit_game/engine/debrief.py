"""The debrief: the path taken, what the source argued at each decision, the questions.

One structure (``Debrief``) feeds the TUI, the plain mode and the Markdown
export, so all three say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..pack.citations import Quote
from ..pack.compiled import Pack
from .core import Outcome, State
from .record import game_record, record_path, write_record
from .saves import atomic_write


@dataclass(frozen=True)
class Decision:
    number: int
    scene_title: str
    label: str
    consequence: str  # the game's model
    argued: tuple[Quote, ...]  # the source on this option
    result: tuple[Quote, ...]  # quotations shown with the consequence


@dataclass(frozen=True)
class Debrief:
    pack_title: str
    role_title: str
    route_title: str | None
    ending_title: str
    ending_text: str
    ending_cite: tuple[Quote, ...]
    decisions: tuple[Decision, ...]
    meters: tuple[tuple[str, object, object], ...]  # label, start, final
    questions: tuple[str, ...]
    references: tuple[str, ...]
    licences: tuple[str, ...]
    source_kind: str = "source"
    team: str = ""


def build(pack: Pack, state: State, outcomes: tuple[Outcome, ...] | list[Outcome], team: str = "") -> Debrief:
    ending = pack.endings.get(state.ending or "")
    decisions = tuple(
        Decision(i, o.scene_title, o.label, o.text, o.choice_cite, o.result_cite)
        for i, o in enumerate(outcomes, 1)
    )
    role = pack.roles.get(state.role)
    route = pack.routes.get(state.route or "")
    starts = {n: v.start for n, v in pack.variables.items()}
    if role:
        starts.update(role.start)
    if route:
        starts.update(route.set)
    meters = tuple(
        (v.label, starts[n], state.values.get(n)) for n, v in pack.variables.items() if v.show
    )
    return Debrief(
        pack_title=pack.title,
        role_title=role.title if role else state.role,
        route_title=route.title if route else None,
        ending_title=ending.title if ending else "Unfinished game",
        ending_text=ending.text if ending else "",
        ending_cite=tuple(ending.cite) if ending else (),
        decisions=decisions,
        meters=meters,
        questions=tuple(ending.debrief) if ending else (),
        references=tuple(s.reference() for s in pack.sources.values()),
        licences=tuple(f"{s.model.title}: {s.model.licence}" for s in pack.sources.values()),
        source_kind=pack.source_kind,
        team=team,
    )


def _quote_md(q: Quote) -> str:
    line = f'> "{q.quote.strip()}" ({q.place})'
    if q.note:
        line += f"\n>\n> *Note (the game's):* {q.note}"
    return line


def to_markdown(d: Debrief) -> str:
    out = [f"# Debrief: {d.ending_title}", ""]
    meta = f"**Team:** {d.team} · " if d.team else ""
    meta += f"**Pack:** {d.pack_title} · **Role:** {d.role_title}"
    if d.route_title:
        meta += f" · **Route:** {d.route_title}"
    out += [meta, ""]
    if d.ending_text:
        out += [d.ending_text.strip(), ""]
    for q in d.ending_cite:
        out += [_quote_md(q), ""]
    out += ["## The path you took", ""]
    if not d.decisions:
        out += ["No decisions were taken.", ""]
    for dec in d.decisions:
        out += [f"### {dec.number}. {dec.scene_title}: {dec.label}", ""]
        if dec.argued:
            out += [f"What the {d.source_kind} argued:", ""]
            out += [_quote_md(q) + "\n" for q in dec.argued]
        if dec.consequence.strip():
            out += [f"The game's model: {dec.consequence.strip()}", ""]
        for q in dec.result:
            out += [_quote_md(q), ""]
    if d.meters:
        out += ["## Where things stood", "", "| meter | start | end |", "|---|---|---|"]
        out += [f"| {label} | {a} | {b} |" for label, a, b in d.meters]
        out += [""]
    out += ["## Discussion questions", ""]
    out += [f"{i}. {q}" for i, q in enumerate(d.questions, 1)] or ["(This ending has no questions.)"]
    out += ["", "## Source", ""]
    out += [f"- {r}" for r in d.references]
    out += [f"- Licence: {lic}" for lic in d.licences]
    out += ["", "Quotations are verbatim from the source; everything else is the game's model, not the authors' words.", ""]
    return "\n".join(out)


def debrief_markdown(pack: Pack, state: State, outcomes, team: str = "") -> str:
    return to_markdown(build(pack, state, tuple(outcomes), team))


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``... when taken (two games ending in the same second keep both)."""
    path = Path(folder) / f"{stem}{suffix}"
    n = 2
    while path.exists() or record_path(path).exists():
        path = Path(folder) / f"{stem}-{n}{suffix}"
        n += 1
    return path


def export_debrief(folder: Path, pack: Pack, state: State, outcomes, now: datetime | None = None,
                   team: str = "") -> Path:
    """Write the debrief as Markdown into ``folder``, and its JSON record beside it
    (``engine.record``: what ``summit-game compare`` reads); returns the Markdown file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = free_path(folder, f"debrief-{pack.id}-{state.role}-{stamp}")
    atomic_write(path, debrief_markdown(pack, state, outcomes, team).encode("utf-8"))
    write_record(record_path(path), game_record(pack, state, outcomes, team=team, debrief=path.name))
    return path
