"""The room's debrief: what a room decided, how it split, what the source argued, why it ended so.

Pure Python (no Textual): ``build(room)`` gives a ``RoomDebrief`` that the
projector's ending screen shows, ``to_markdown`` prints as a handout (1 to 2
pages), and ``to_record`` writes as JSON (the ``summit-game-record`` format of
``engine.record`` with ``kind: "room"``, so ``summit-game compare`` reads it beside
teams' games). ``export(folder, room)`` writes both.

The two voices stay apart as everywhere in the game: quotations are the
source's words (labelled with the source and its authors), everything else is
the game's model and says so. Chance draws are announced as chance.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..engine.core import ending_text
from ..engine.debrief import discard, free_path
from ..engine.record import FORMAT, SCHEMA, meter_starts, record_path
from ..engine.saves import atomic_write
from ..pack import attribution
from ..pack.citations import Quote

if TYPE_CHECKING:
    from ..pack.compiled import EndingC, Pack
    from .room import Chance, Room


def quote_label(pack: "Pack", q: Quote) -> str:
    """Who speaks and where: the game's one label (``pack.attribution``), e.g. 'The article — Gaskell & Gokay, ¶4'
    or 'Keir Starmer, as quoted in the article (Gaskell & Gokay, ¶1)'."""
    return attribution.quote_label(pack, q)


@dataclass(frozen=True)
class Cited:
    label: str  # who speaks, and where
    quote: str
    note: str | None  # the game's note on the quote (the game's voice)
    source: str
    paragraph: int
    reported: bool = False  # someone else's words, as quoted in the source (not its argument)


@dataclass(frozen=True)
class OptionSplit:
    choice: str
    label: str
    phones: int
    hands: int
    available: bool
    taken: bool
    argued: tuple[Cited, ...]  # what the source argued about this option

    @property
    def total(self) -> int:
        return self.phones + self.hands


@dataclass(frozen=True)
class ChanceNote:
    outcome: int  # 1-based
    of: int
    weight: int
    total: int

    def words(self) -> str:
        return chance_sentence(self.outcome, self.of, self.weight, self.total)


def chance_sentence(outcome: int, of: int, weight: int, total: int) -> str:
    """What the projector and the debrief say of a chance outcome; its odds in lowest terms (weights 2 of 4
    are "a 1 in 2 chance", as a room would say it)."""
    from math import gcd

    common = gcd(weight, total) or 1
    return (f"Chance, not the room, decided what followed: outcome {outcome} of {of}, "
            f"which had a {weight // common} in {total // common} chance (the pack's weights).")


@dataclass(frozen=True)
class RoomDecision:
    number: int
    scene: str
    scene_title: str
    choice: str
    label: str
    options: tuple[OptionSplit, ...]
    joined: int
    voted: int
    tie_pick: bool
    tied: tuple[str, ...]  # labels of the tied options
    chance: ChanceNote | None
    consequence: str  # the game's model

    @property
    def total(self) -> int:
        return sum(o.total for o in self.options)

    @property
    def taken(self) -> OptionSplit | None:
        return next((o for o in self.options if o.taken), None)

    @property
    def not_taken(self) -> tuple[OptionSplit, ...]:
        return tuple(o for o in self.options if not o.taken)


@dataclass(frozen=True)
class EndingWhy:
    title: str
    condition: str | None  # in words; None for the fallback ending
    values: tuple[tuple[str, str], ...]  # (label, final value) of what the condition reads
    measured: str | None = None  # the condition in words with each variable's final value


@dataclass(frozen=True)
class RoomDebrief:
    pack_id: str
    pack_version: str
    pack_title: str
    pack_hash: str
    role: str
    role_title: str
    route: str | None
    route_title: str | None
    seed: int
    started_at: str
    ending: str | None
    ending_title: str
    ending_text: str
    ending_cite: tuple[Cited, ...]
    why: EndingWhy | None
    not_reached: tuple[EndingWhy, ...]  # endings tried before this one, whose conditions did not hold
    decisions: tuple[RoomDecision, ...]
    meters: tuple[tuple[str, str, Any, Any], ...]  # name, label, start, final
    questions: tuple[str, ...]
    references: tuple[str, ...]
    licences: tuple[str, ...]
    source_kind: str = "source"
    as_of: str = ""  # what the scenario knows and when (the pack's date line)


# ---------------------------------------------------------------- conditions in words

_OPS = {ast.GtE: "at least", ast.LtE: "at most", ast.Gt: "above", ast.Lt: "below", ast.Eq: "is", ast.NotEq: "is not"}


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def condition_words(source: str, labels: dict[str, str], values: dict[str, Any] | None = None) -> str:
    """'escalation >= 8 and not nato' -> 'Escalation risk at least 8 and not NATO on the table'.

    With ``values``, each variable is followed by what it was: 'Escalation risk at least 8 (it was 2)'.
    """
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError:  # pragma: no cover - the loader compiled it
        return source

    def w(node: ast.AST, top: bool = False, bare: bool = False) -> str:
        if isinstance(node, ast.BoolOp):
            word = " and " if isinstance(node.op, ast.And) else " or "
            text = word.join(w(v) for v in node.values)
            return text if top else f"({text})"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return f"not {w(node.operand)}"
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return f"-{w(node.operand)}"
        if isinstance(node, ast.Compare):
            parts = [w(node.left, bare=True)]
            for op, right in zip(node.ops, node.comparators):
                parts += [_OPS.get(type(op), "?"), w(right, bare=True)]
            names = [n.id for n in ast.walk(node) if isinstance(n, ast.Name) and n.id in labels]
            if values is not None and names:
                parts.append("(it was " + ", ".join(_show(values.get(n)) for n in dict.fromkeys(names)) + ")")
            return " ".join(parts)
        if isinstance(node, ast.BinOp):
            sign = "+" if isinstance(node.op, ast.Add) else "-"
            return f"{w(node.left)} {sign} {w(node.right)}"
        if isinstance(node, ast.Name):
            if node.id in ("true", "True"):
                return "yes"
            if node.id in ("false", "False"):
                return "no"
            label = labels.get(node.id, node.id)
            if values is not None and not bare and node.id in labels:
                return f"{label} (it was {_show(values.get(node.id))})"
            return label
        if isinstance(node, ast.Constant):
            return _show(node.value) if not isinstance(node.value, str) else f"'{node.value}'"
        return ast.unparse(node)  # pragma: no cover

    return w(tree, top=True)


def _why(pack: "Pack", ending: "EndingC", values: dict[str, Any]) -> EndingWhy:
    labels = {n: v.label for n, v in pack.variables.items()}
    if ending.cond is None:
        return EndingWhy(ending.title, None, ())
    reads = [n for n in pack.variables if n in ending.cond.reads]
    return EndingWhy(ending.title, condition_words(ending.cond.source, labels),
                     tuple((labels[n], _show(values.get(n))) for n in reads),
                     condition_words(ending.cond.source, labels, values))


# ---------------------------------------------------------------- building


def _cited(pack: "Pack", quotes) -> tuple[Cited, ...]:
    """The source's own words first, then others' words it reports (each labelled as theirs)."""
    argued, reported = attribution.split(quotes)
    return tuple(Cited(quote_label(pack, q), q.quote.strip(), q.note, q.source, q.paragraph, attribution.is_reported(q))
                 for q in argued + reported)


def _chance(ch: "Chance | None") -> ChanceNote | None:
    if ch is None:
        return None
    return ChanceNote(ch.draw + 1, ch.outcomes, ch.weight, ch.total)


def build(room: "Room") -> RoomDebrief:
    """The debrief of ``room`` as it stands (a room not yet at its ending gives an unfinished one)."""
    pack, state = room.pack, room.state
    decisions = []
    for p in room.results:
        scene = pack.scenes.get(p.decision.scene)
        opts = []
        for o in p.decision.options:
            c = p.tally.count(o.id)
            choice = scene.choice(o.id) if scene else None
            opts.append(OptionSplit(o.id, o.label, c.phones, c.hands, o.available, o.id == p.option,
                                    _cited(pack, choice.cite if choice else o.cite)))
        labels = {o.id: o.label for o in p.decision.options}
        decisions.append(RoomDecision(
            p.decision.number, p.decision.scene, p.decision.title, p.option, p.label, tuple(opts),
            p.tally.joined, p.tally.voted, p.tie_pick, tuple(labels.get(t, t) for t in p.tied),
            _chance(p.chance), p.outcome.text,
        ))
    role = pack.roles.get(state.role)
    route = pack.routes.get(state.route or "")
    ending = pack.endings.get(state.ending or "")
    values = dict(state.values)
    why = _why(pack, ending, values) if ending else None
    not_reached: list[EndingWhy] = []
    if ending is not None:
        for e in pack.endings.values():
            if e.id == ending.id:
                break
            if e.cond is not None:
                not_reached.append(_why(pack, e, values))
    starts = meter_starts(pack, state.role, state.route)
    meters = tuple((n, v.label, starts[n], values.get(n)) for n, v in pack.variables.items() if v.show)
    return RoomDebrief(
        pack_id=pack.id, pack_version=pack.version, pack_title=pack.title, pack_hash=pack.content_hash,
        role=state.role, role_title=role.title if role else state.role,
        route=state.route, route_title=route.title if route else None,
        seed=state.seed, started_at=room.started_at,
        ending=ending.id if ending else None,
        ending_title=ending.title if ending else "Not finished yet",
        ending_text=ending_text(pack, state) if ending else "",  # as the room's seat reads it, for this end state
        ending_cite=_cited(pack, ending.cite) if ending else (),
        why=why, not_reached=tuple(not_reached),
        decisions=tuple(decisions), meters=meters,
        questions=tuple(ending.debrief) if ending else (),
        references=tuple(s.reference() for s in pack.sources.values()),
        licences=tuple(f"{s.model.title}: {' '.join(s.model.licence.split())}" for s in pack.sources.values()),
        source_kind=pack.source_kind,
        as_of=pack.as_of or "",
    )


# ---------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    """Pack text inside a Markdown table cell or a line: no pipes or newlines breaking the layout."""
    return " ".join(text.replace("|", "\\|").split())


def _quote_md(c: Cited, nested: bool = False) -> list[str]:
    """A quote as a block quote, or (``nested``) as a list item under an option."""
    q = f'"{" ".join(c.quote.split())}" ({c.label})'
    note = f"*Note (the game's):* {' '.join(c.note.split())}" if c.note else None
    if nested:
        return [f"  - {q}"] + ([f"    {note}"] if note else [])
    return [f"> {q}"] + ([">", f"> {note}"] if note else [])


def _n(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def votes_words(d: RoomDecision) -> str:
    """'8 of 15 votes (5 phones, 3 hands)' for the option the room played."""
    t = d.taken
    won = t.total if t else 0
    return f"{won} of {_n(d.total, 'vote')} ({_n(t.phones if t else 0, 'phone')}, {_n(t.hands if t else 0, 'hand')})"


def pick_words(d: RoomDecision, lead: str = "") -> str:
    """How the facilitator came to pick: 'a tie: the facilitator picked', or 'no votes: ...' when nobody
    voted (a vote nobody took part in closes level, but the room did not tie)."""
    return lead + ("a tie" if d.total else "no votes") + ": the facilitator picked"


def to_markdown(d: RoomDebrief) -> str:
    kind = d.source_kind
    out = [f"# The room's debrief: {d.ending_title}", ""]
    meta = f"**Pack:** {d.pack_title} · **The room played:** {d.role_title}"
    if d.route_title:
        meta += f" · **Route:** {d.route_title}"
    meta += f" · **Started:** {d.started_at[:16].replace('T', ' ')}"
    out += [meta, ""]
    if d.as_of:
        out += [f"*{_md(d.as_of)}*", ""]
    if d.ending_text.strip():
        out += ["*The game's model:* " + " ".join(d.ending_text.split()), ""]
    for c in d.ending_cite:
        out += _quote_md(c) + [""]
    out += ["## Why this ending (the game's model)", ""]
    if d.why is None:
        out += ["The room has not reached an ending yet.", ""]
    elif d.why.condition is None:
        out += ["None of the other endings' conditions held at the end, so the game's model ends here.", ""]
    else:
        vals = "; ".join(f"{label}: {value}" for label, value in d.why.values)
        out += [f"This ending comes when **{d.why.condition}**. At the end: {vals}.", ""]
    if d.not_reached:
        out += ["The endings the game's model tries first, and why they did not come:"]
        for e in d.not_reached:
            out.append(f"- *{e.title}*: needs {e.measured}")
        out.append("")
    out += ["## The room's path", ""]
    if not d.decisions:
        out += ["No decisions were taken.", ""]
    for dec in d.decisions:
        out += [f"### {dec.number}. {dec.scene_title}", ""]
        line = f"**The room chose:** {_md(dec.label)}: {votes_words(dec)}."
        if dec.tie_pick and dec.total:
            line += f" A tie between {' and '.join(_md(t) for t in dec.tied)}: the facilitator picked."
        elif dec.tie_pick:
            line += " No votes: the facilitator picked."
        out += [line, ""]
        out += ["| option | phones | hands | total |", "|---|---:|---:|---:|"]
        for i, o in enumerate(dec.options, 1):
            name = f"{i}. {_md(o.label)}" + (" (played)" if o.taken else "") + ("" if o.available else " (unavailable)")
            out.append(f"| {'**' + name + '**' if o.taken else name} | {o.phones} | {o.hands} | {o.total} |")
        out.append("")
        if dec.chance is not None:
            out += [dec.chance.words(), ""]
        argued_others = [o for o in dec.not_taken if o.argued]
        if argued_others:
            out += [f"The {kind} on the options the room did not take:", ""]
            for o in argued_others:
                out.append(f"- **{_md(o.label)}**")
                for c in o.argued:
                    if c.reported:  # others' words the source quotes: said as theirs, never as its argument
                        out.append(f"  - {attribution.reported_heading(kind)} (others' words, not the {kind}'s argument):")
                    out += _quote_md(c, nested=True)
            out.append("")
    if d.meters:
        out += ["## Where things stood (the game's model)", "", "| meter | start | end |", "|---|---:|---:|"]
        out += [f"| {_md(label)} | {_show(a)} | {_show(b)} |" for _, label, a, b in d.meters]
        out += [""]
    out += ["## Discussion questions", ""]
    out += [f"{i}. {q}" for i, q in enumerate(d.questions, 1)] or ["(This ending has no questions.)"]
    out += ["", "## Source", ""]
    out += [f"- {r}" for r in d.references]
    out += [f"- Licence: {lic}" for lic in d.licences]
    out += ["", f"Quotations are verbatim from the {kind}; everything else (the consequences, the meters, the "
                "endings) is the game's model, not the authors' words. Votes are counts only: nothing about "
                "the people who voted was kept.", ""]
    return "\n".join(out)


# ---------------------------------------------------------------- JSON


def _cited_json(cs: tuple[Cited, ...]) -> list[dict]:
    return [{"label": c.label, "quote": c.quote, "note": c.note, "source": c.source, "paragraph": c.paragraph}
            for c in cs]


def to_record(d: RoomDebrief, markdown: str | None = None, live: str | None = None,
              now: datetime | None = None) -> dict[str, Any]:
    """The debrief as a ``summit-game-record`` of kind 'room' (what compare reads), with the debrief's sections."""
    return {
        "format": FORMAT,
        "schema": SCHEMA,
        "kind": "room",
        "engine": __version__,
        "written_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
        "started_at": d.started_at,
        "team": "",
        "pack": {"id": d.pack_id, "version": d.pack_version, "title": d.pack_title, "hash": d.pack_hash},
        "role": {"id": d.role, "title": d.role_title},
        "route": {"id": d.route, "title": d.route_title} if d.route else None,
        "seed": d.seed,
        "decisions": [
            {
                "number": dec.number, "scene": dec.scene, "scene_title": dec.scene_title,
                "choice": dec.choice, "label": dec.label,
                "chance": None if dec.chance is None else {
                    "outcome": dec.chance.outcome, "of": dec.chance.of, "weight": dec.chance.weight,
                    "total": dec.chance.total},
                "votes": {
                    "options": [{"id": o.choice, "label": o.label, "phones": o.phones, "hands": o.hands,
                                 "total": o.total, "available": o.available} for o in dec.options],
                    "joined": dec.joined, "voted": dec.voted, "tie": dec.tie_pick, "picked": dec.tie_pick,
                    "tied": list(dec.tied),
                },
                "consequence": dec.consequence,
                "argued": _cited_json(dec.taken.argued) if dec.taken else [],
                "not_taken": [{"id": o.choice, "label": o.label, "argued": _cited_json(o.argued)}
                              for o in dec.not_taken],
            }
            for dec in d.decisions
        ],
        "meters": [{"name": n, "label": label, "start": a, "final": b} for n, label, a, b in d.meters],
        "ending": {"id": d.ending, "title": d.ending_title, "text": d.ending_text,
                   "cite": _cited_json(d.ending_cite)} if d.ending else None,
        "why": None if d.why is None else {
            "condition": d.why.condition, "values": [list(v) for v in d.why.values],
            "not_reached": [{"title": e.title, "condition": e.condition, "values": [list(v) for v in e.values]}
                            for e in d.not_reached],
        },
        "questions": list(d.questions),
        "sources": [{"reference": r, "licence": lic} for r, lic in zip(d.references, d.licences)],
        "debrief": markdown,
        "live_record": live,
    }


@dataclass(frozen=True)
class Written:
    markdown: Path
    record: Path


def export(folder: Path, room: "Room", now: datetime | None = None) -> Written:
    """Write the room's debrief (Markdown) and its record (JSON) into ``folder``.

    Named after the room's live record when it has one (``workshop-x.json`` ->
    ``workshop-x-debrief.md`` and ``workshop-x-debrief.record.json``), else by the time.
    """
    d = build(room)
    if room.record_path is not None:
        stem = Path(room.record_path).stem + "-debrief"
        md = Path(folder) / f"{stem}.md"  # the same room written again replaces its debrief
    else:
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        md = free_path(folder, f"workshop-{room.pack.id}-{stamp}-debrief")
    rec = record_path(md)
    live = Path(room.record_path).name if room.record_path is not None else None
    try:
        atomic_write(md, to_markdown(d).encode("utf-8"))
        atomic_write(rec, json.dumps(to_record(d, md.name, live, now), indent=1, ensure_ascii=False).encode("utf-8"))
    except BaseException:
        if room.record_path is None:  # a name claimed for this debrief: no empty file is left (a disk full)
            discard(md)
        raise
    return Written(md, rec)
