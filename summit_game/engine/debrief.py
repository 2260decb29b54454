"""The debrief: the path taken, what the source argued (and reported) at each decision, the questions.

One structure (``Debrief``) feeds the TUI, the plain mode and the Markdown
export, so all three say the same thing. Quotes are labelled by
``pack.attribution.quote_label``: the source's own words are what it
*argued*; words it quotes from others (``speaker:``) are what it *reported*.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..pack.attribution import quote_label, reported_heading, split
from ..pack.citations import Quote
from ..pack.compiled import Pack
from .core import Outcome, State, ending_text
from .record import game_record, record_path, write_record
from .saves import atomic_write


@dataclass(frozen=True)
class Decision:
    number: int
    scene_title: str
    label: str
    consequence: str  # the game's model
    argued: tuple[Quote, ...]  # the source's own words on this option
    result: tuple[Quote, ...]  # quotations shown with the consequence
    reported: tuple[Quote, ...] = ()  # others' words on this option, as quoted in the source
    clamped: tuple[str, ...] = ()  # effects a meter's bound stopped, in words (the game's model)


@dataclass(frozen=True)
class MeterRow:
    label: str
    start: object
    final: object
    kind: str  # meter | flag
    good: str  # high | low | none, for the player's role
    description: str  # the game's model of what it stands for


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
    as_of: str = ""  # what the scenario knows and when
    meter_rows: tuple[MeterRow, ...] = ()  # the meters again, with direction and the model's description
    labels: dict = field(default_factory=dict)  # Quote.key -> label ('The article — Gaskell & Gokay, ¶3')

    def label(self, q: Quote) -> str:
        return self.labels.get(q.key, "The source")


def build(pack: Pack, state: State, outcomes: tuple[Outcome, ...] | list[Outcome], team: str = "") -> Debrief:
    ending = pack.endings.get(state.ending or "")
    decisions = []
    for i, o in enumerate(outcomes, 1):
        argued, reported = split(o.choice_cite)
        decisions.append(Decision(i, o.scene_title, o.label, o.text, argued, o.result_cite, reported,
                                  tuple(c.describe() for c in o.clamped)))
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
    rows = tuple(
        # a flag has no direction ('higher is better' means nothing for yes/no), as on the meters panel
        MeterRow(v.label, starts[n], state.values.get(n), v.kind,
                 v.good_for_role(state.role) if v.kind == "meter" else "none", v.description)
        for n, v in pack.variables.items() if v.show
    )
    labels = {}
    for o in outcomes:
        for q in (*o.choice_cite, *o.result_cite):
            labels[q.key] = quote_label(pack, q)
    for q in ending.cite if ending else ():
        labels[q.key] = quote_label(pack, q)
    return Debrief(
        pack_title=pack.title,
        role_title=role.title if role else state.role,
        route_title=route.title if route else None,
        ending_title=ending.title if ending else "Unfinished game",
        ending_text=ending_text(pack, state) if ending else "",
        ending_cite=tuple(ending.cite) if ending else (),
        decisions=tuple(decisions),
        meters=meters,
        questions=tuple(ending.debrief) if ending else (),
        references=tuple(s.reference() for s in pack.sources.values()),
        licences=tuple(f"{s.model.title}: {s.model.licence}" for s in pack.sources.values()),
        source_kind=pack.source_kind,
        team=team,
        as_of=pack.as_of,
        meter_rows=rows,
        labels=labels,
    )


BETTER = {"high": "higher", "low": "lower"}


def direction_words(good: str) -> str:
    """'higher is better for your side' / 'lower is ...' / '' (the game's model, per role)."""
    return f"{BETTER[good]} is better for your side" if good in BETTER else ""


def change_words(label: str, before: object, after: object) -> str:
    """'Trust: 2 to 3' for a meter, 'Mediator: yes (was no)' for a flag, as the consequence says it (plain mode)."""
    if isinstance(after, bool) or isinstance(before, bool):
        return f"{label}: {_show(after)} (was {_show(before)})"
    return f"{label}: {before} to {after}"


def _quote_md(d: Debrief, q: Quote) -> str:
    line = f'> **{d.label(q)}:** "{q.quote.strip()}"'
    if q.note:
        line += f"\n>\n> *Note (the game's):* {q.note}"
    return line


def _show(value: object) -> str:
    return ("yes" if value else "no") if isinstance(value, bool) else str(value)


def to_markdown(d: Debrief) -> str:
    out = [f"# Debrief: {d.ending_title}", ""]
    meta = f"**Team:** {d.team} · " if d.team else ""
    meta += f"**Pack:** {d.pack_title} · **Role:** {d.role_title}"
    if d.route_title:
        meta += f" · **Route:** {d.route_title}"
    out += [meta, ""]
    if d.as_of:
        out += [f"*{d.as_of}*", ""]
    if d.ending_text:
        out += ["The game's model, how it ends: " + d.ending_text.strip(), ""]
    for q in d.ending_cite:
        out += [_quote_md(d, q), ""]
    out += ["## The path you took", ""]
    if not d.decisions:
        out += ["No decisions were taken.", ""]
    for dec in d.decisions:
        out += [f"### {dec.number}. {dec.scene_title}: {dec.label}", ""]
        if dec.argued:
            out += [f"What the {d.source_kind} argued:", ""]
            out += [_quote_md(d, q) + "\n" for q in dec.argued]
        if dec.reported:
            out += [f"{reported_heading(d.source_kind)} (others' words, not the {d.source_kind}'s argument):", ""]
            out += [_quote_md(d, q) + "\n" for q in dec.reported]
        if dec.consequence.strip():
            out += [f"The game's model: {dec.consequence.strip()}", ""]
        for line in dec.clamped:
            out += [f"- {line}"]
        if dec.clamped:
            out += [""]
        if dec.result:
            out += ["Quoted with this outcome:", ""]
        for q in dec.result:
            out += [_quote_md(d, q), ""]
    if d.meter_rows:
        out += ["## Where things stood (the game's model, not a measurement)", "",
                "| meter | start | end | for your side |", "|---|---|---|---|"]
        out += [f"| {r.label} | {_show(r.start)} | {_show(r.final)} | {direction_words(r.good) or '-'} |"
                for r in d.meter_rows]
        out += [""]
        described = [r for r in d.meter_rows if r.description.strip()]
        for r in described:
            out += [f"- **{r.label}**: {' '.join(r.description.split())}"]
        if described:
            out += [""]
    out += ["## Discussion questions", ""]
    out += [f"{i}. {q}" for i, q in enumerate(d.questions, 1)] or ["(This ending has no questions.)"]
    out += ["", "## Source", ""]
    out += [f"- {r}" for r in d.references]
    out += [f"- Licence: {lic}" for lic in d.licences]
    out += ["", "Quotations are verbatim from the source; everything else is the game's model, not the authors' words. "
            "Words the source quotes from others are labelled with who said them.", ""]
    return "\n".join(out)


def debrief_markdown(pack: Pack, state: State, outcomes, team: str = "") -> str:
    return to_markdown(build(pack, state, tuple(outcomes), team))


def free_path(folder: Path, stem: str, suffix: str = ".md") -> Path:
    """``folder/stem.md``, or ``stem-2.md``... when taken (two games ending in the same second keep both).

    The name is claimed by creating the file exclusively (O_EXCL), so two games
    finishing at once, in two processes, cannot both pick it; the writer then
    replaces the empty file atomically.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n = 1
    while True:
        path = folder / (f"{stem}{suffix}" if n == 1 else f"{stem}-{n}{suffix}")
        n += 1
        if record_path(path).exists():
            continue
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except FileExistsError:
            continue
        os.close(fd)
        return path


def export_debrief(folder: Path, pack: Pack, state: State, outcomes, now: datetime | None = None,
                   team: str = "") -> Path:
    """Write the debrief as Markdown into ``folder``, and its JSON record beside it
    (``engine.record``: what ``summit-game compare`` reads); returns the Markdown file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    path = free_path(folder, f"debrief-{pack.id}-{state.role}-{stamp}")
    try:
        atomic_write(path, debrief_markdown(pack, state, outcomes, team).encode("utf-8"))
        write_record(record_path(path), game_record(pack, state, outcomes, team=team, debrief=path.name, now=now))
    except BaseException:
        discard(path)
        raise
    return path


def discard(path: Path) -> None:
    """Remove a debrief that could not be written whole (the disk full, say), and its record: no empty
    or half-written file is left behind for ``compare`` to read, and the next try takes the name again."""
    for p in (record_path(path), path):
        try:
            p.unlink()
        except OSError:
            pass
