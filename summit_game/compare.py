"""``summit-game compare RECORD...``: teams' (or rooms') paths, splits and endings side by side.

Each file is read into the one shape ``engine.record.Summary`` by
``workshop.compare.read_any``: a game's record, a room's debrief record or a
room's live record. Rows are the scenes in the order they were first reached, the
ending and the meters; one column per record. Shown as a Rich table, or written
as Markdown with ``--format markdown``. Record text (team names, pack text) is
never read as markup.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, TextIO

from .engine.record import RecordError, Summary, SummaryDecision
from .pack.diagnostics import excerpt
from .pack.globbing import what_is
from .workshop.compare import find_records, read_any


@dataclass
class Row:
    title: str
    cells: list[str]
    kind: str = "decision"  # "head" | "decision" | "ending" | "meter"


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


def decision_cell(d: SummaryDecision, sep: str = "\n") -> str:
    lines = [d.label]
    if d.votes is not None:
        total = sum(t.total for t in d.votes)
        chosen = next((t for t in d.votes if t.choice == d.choice), None)
        won = chosen.total if chosen else 0
        split = " ".join(f"{i}:{t.total}" for i, t in enumerate(d.votes, 1))
        lines.append(f"{won} of {total} votes ({split})")
        if d.picked:
            lines.append("a tie: the facilitator picked" if total else "no votes: the facilitator picked")
    if d.chance is not None:
        lines.append(d.chance.words())
    return sep.join(lines)


def rows(played: list[Summary], sep: str = "\n") -> list[Row]:
    """The comparison as rows of text (one cell per record), for any renderer."""
    out: list[Row] = []
    if any(p.kind == "room" for p in played):  # games alone: the row would say 'a game' in every column
        out.append(Row("Played as", [("a room" if p.kind == "room" else "a game") for p in played], "head"))
    out.append(Row("Role", [p.role_title or p.role for p in played], "head"))
    if any(p.route for p in played):
        out.append(Row("Route", [(p.route_title or p.route or "") for p in played], "head"))
    order: list[str] = []
    titles: dict[str, str] = {}
    for p in played:
        for d in p.decisions:
            if d.scene not in titles:
                order.append(d.scene)
                titles[d.scene] = d.scene_title
    for scene in order:
        cells = []
        for p in played:
            taken = [d for d in p.decisions if d.scene == scene]
            cells.append(sep.join(decision_cell(d, sep) for d in taken) if taken else "·")
        out.append(Row(titles[scene], cells))
    out.append(Row("Ending", [(p.ending_title or p.ending or "") if p.ending else "(not finished)" for p in played],
                   "ending"))
    labels: dict[str, str] = {}
    for p in played:
        for m in p.meters:
            labels.setdefault(m.name, m.label)
    for name, label in labels.items():
        cells = []
        for p in played:
            m = next((m for m in p.meters if m.name == name), None)
            cells.append(f"{_show(m.start)} → {_show(m.final)}" if m else "·")
        out.append(Row(label, cells, "meter"))
    return out


def names(played: list[Summary]) -> list[str]:
    """Column headings: the team (or file) names, numbered when two are the same."""
    seen: dict[str, int] = {}
    out = []
    for p in played:
        n = p.name
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def notes(played: list[Summary]) -> list[str]:
    packs = {(p.pack_id, p.pack_version) for p in played}
    out = []
    if len({p for p, _ in packs}) > 1:
        out.append("These records are of different packs: " + ", ".join(sorted({p.pack_id for p in played}))
                   + ". Their scenes do not line up.")
    elif len(packs) > 1:
        out.append("These records are of different versions of the pack: "
                   + ", ".join(sorted(v for _, v in packs)) + ".")
    if any(p.kind == "room" for p in played):
        out.append("A room's split is its votes per option, in the order the options were shown (phones and hands).")
    if any(d.chance for p in played for d in p.decisions):
        out.append("'chance' marks a consequence drawn by chance (the pack's weights), not chosen.")
    return out


def to_markdown(played: list[Summary]) -> str:
    def cell(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")

    title = played[0].pack_title or played[0].pack_id
    out = [f"# Compare: {title}", ""]
    heads = names(played)
    out.append("| | " + " | ".join(cell(h) for h in heads) + " |")
    out.append("|---|" + "---|" * len(heads))
    for r in rows(played, sep="\n"):
        t = f"**{cell(r.title)}**" if r.kind in ("ending",) else cell(r.title)
        out.append(f"| {t} | " + " | ".join(cell(c) for c in r.cells) + " |")
    out.append("")
    for n in notes(played):
        out += [n, ""]
    out.append("Files: " + ", ".join(f"`{p.path}`" for p in played))
    out.append("")
    return "\n".join(out)


def to_table(played: list[Summary]):
    from rich import box
    from rich.table import Table
    from rich.text import Text

    title = played[0].pack_title or played[0].pack_id
    table = Table(title=Text(f"Compare: {title}"), box=box.SIMPLE_HEAVY, show_lines=True,
                  caption=Text("\n".join(notes(played))) if notes(played) else None, caption_justify="left")
    table.add_column("", style="bold", overflow="fold")
    for h in names(played):
        table.add_column(Text(h), overflow="fold")
    for r in rows(played):
        style = {"head": "dim", "ending": "bold", "meter": ""}.get(r.kind, "")
        table.add_row(Text(r.title), *[Text(c, style=style) for c in r.cells])
    return table


def gather(paths: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The record files named (a folder means every record inside it); and, for each name that
    cannot be used, what is wrong with it ('/x: no such file or folder')."""
    files: list[Path] = []
    missing: list[str] = []
    seen: set[Path] = set()
    for name in paths:
        p = Path(name)
        kind = what_is(p)
        if kind == "folder":
            found = find_records(p)
        elif kind in ("file", "other"):
            found = [p]  # reading it says what is wrong with a device or a FIFO
        else:
            why = "no such file or folder" if kind == "missing" else kind  # too long, a link loop, ...
            missing.append(f"{excerpt(name, 200)}: {why}")
            continue
        for f in found:  # a file named twice (itself and in its folder) is one column
            try:
                key = f.resolve()
            except (OSError, RuntimeError):  # a link loop found inside the folder
                key = f.absolute()
            if key not in seen:
                seen.add(key)
                files.append(f)
    return files, missing


def run_compare(paths: list[str], fmt: str = "table", out: TextIO | None = None, err: TextIO | None = None) -> int:
    """The command: 0 shown, 1 a file could not be read as a record, 2 a file or folder is missing."""
    out = out or sys.stdout
    err = err or sys.stderr
    files, missing = gather(paths)
    for m in missing:
        print(f"summit-game compare: {m}", file=err)
    if missing:
        return 2
    if not files:
        print("summit-game compare: no records found in " + ", ".join(paths)
              + " (a game writes one beside its debrief: debrief-....record.json)", file=err)
        return 1
    played: list[Summary] = []
    bad = 0
    for f in files:
        try:
            played.append(read_any(f))
        except RecordError as exc:
            print(f"summit-game compare: {exc}", file=err)
            bad += 1
    if played:
        if fmt == "markdown":
            out.write(to_markdown(played))
        else:
            from rich.console import Console

            Console(file=out, highlight=False).print(to_table(played))
    if bad:
        if len(files) > 1:
            print(f"summit-game compare: {bad} of {len(files)} files could not be read"
                  + (f"; the table shows the other {len(played)}" if played else ""), file=err)
        return 1
    return 0
