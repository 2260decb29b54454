"""``summit-game graph``: a pack's scenes and endings as a graph, in Mermaid or Graphviz DOT.

Scenes and endings are nodes; choices are labelled edges (with their condition, and the
roles that see them), chance outcomes are edges with their share, auto routes dashed edges,
and ``goto: end`` goes through one "first ending that holds" node whose edges carry each
ending's condition. Nodes no game reaches and scenes where a player can be stuck are marked
in words and in style (never by colour alone), from the game's own exploration.

Pack text is untrusted: every label is escaped for the output language, so no title or
label can end a string, open a tag or start a statement.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..pack.compiled import Pack
from .playtest import DEFAULT_CAP, explore_exhaustive

LABEL_MAX = 48  # characters of a choice label kept on an edge
START = "play_start"  # the node where play begins (never a pack's id: those are prefixed)


@dataclass
class Node:
    id: str  # the output's node id (prefixed: never a keyword of Mermaid or DOT)
    kind: str  # start | scene | ending | select
    title: str
    marks: list[str] = field(default_factory=list)  # "unreachable", "soft-lock"


@dataclass
class Edge:
    src: str
    dst: str
    label: str
    kind: str  # start | choice | chance | auto | select


@dataclass
class Graph:
    pack: Pack
    role: str | None
    nodes: list[Node]
    edges: list[Edge]
    notes: list[str]


def _nid(kind: str, ident: str) -> str:
    return {"scene": "s_", "ending": "e_"}.get(kind, "") + ident


def _short(text: str, n: int = LABEL_MAX) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def build_graph(pack: Pack, role: str | None = None, explore: bool = True, cap: int = DEFAULT_CAP) -> Graph:
    notes: list[str] = []
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    for sid, s in pack.scenes.items():
        title = s.title + (f" ({', '.join(s.roles)} only)" if s.roles is not None and role is None else "")
        nodes[sid] = Node(_nid("scene", sid), "scene", title)
    for eid, e in pack.endings.items():
        nodes[eid] = Node(_nid("ending", eid), "ending", e.title)
    uses_end = False

    def target(goto: str) -> str:
        nonlocal uses_end
        if goto == "end":
            uses_end = True
            return "select_ending"
        return nodes[goto].id

    for sid, s in pack.scenes.items():
        src = nodes[sid].id
        for cond, goto in s.auto:
            edges.append(Edge(src, target(goto), "auto" + (f" if {cond.source}" if cond else ""), "auto"))
        for c in s.choices:
            if role is not None and c.roles is not None and role not in c.roles:
                continue
            label = _short(c.label)
            if c.roles is not None and role is None:
                label += f" [{', '.join(c.roles)}]"
            if c.cond is not None:
                label += f" if {c.cond.source}"
            if c.chance:
                total = sum(o.weight for o in c.chance)
                for o in c.chance:
                    goto = o.goto or c.goto
                    assert goto is not None
                    edges.append(Edge(src, target(goto), f"{label} ({o.weight} in {total})", "chance"))
            else:
                assert c.goto is not None
                edges.append(Edge(src, target(c.goto), label, "choice"))
    # where play begins: one 'Start' node, with an edge to each first scene (labelled by its routes)
    out_nodes = [Node(START, "start", "Start"), *nodes.values()]
    firsts: dict[str, list[str]] = {}
    for r in pack.routes.values():
        firsts.setdefault(r.start or pack.start, []).append(r.title)
    edges[:0] = [Edge(START, nodes[first].id, ", ".join(titles), "start")
                 for first, titles in (firsts or {pack.start: []}).items()]
    if uses_end:
        out_nodes.append(Node("select_ending", "select", "goto end: the first ending whose condition holds"))
        last = list(pack.endings)[-1]
        for k, (eid, e) in enumerate(pack.endings.items()):
            label = f"if {e.cond.source}" if e.cond else ("otherwise" if k else "always")
            if e.cond is not None and eid == last:
                label += ", or when none holds"
            edges.append(Edge("select_ending", nodes[eid].id, label, "select"))
            if e.cond is None:
                break  # the endings after one with no condition are reached only by a goto naming them
    for r in pack.routes.values():
        if r.start:
            notes.append(f"route {r.id} starts at {r.start}")

    if explore and role is None:
        _mark_from_check(pack, nodes, notes)
    elif explore:
        routes = list(pack.routes) or [None]
        reached: set[str] = set()
        stuck = False
        capped = False
        for rt in routes:
            g = explore_exhaustive(pack, role, rt, cap=cap)  # type: ignore[arg-type]
            capped |= g.capped
            reached |= g.scenes_shown | g.scenes_passed | set(g.endings)
            for p in g.problems:
                if p.kind == "stuck" and "soft-lock" not in nodes[p.scene].marks:
                    nodes[p.scene].marks.append("soft-lock")
                    stuck = True
        if capped:
            notes.append(f"the exploration stopped at {cap:,} states: nodes not marked unreachable may still be")
        else:
            for ident, node in nodes.items():
                if ident not in reached:
                    node.marks.append("unreachable")
        notes.append(f"marked: what no game of the {role} role reaches, and scenes where it can be stuck "
                     "(summit-game playtest --role shows the paths)")
    return Graph(pack, role, out_nodes, edges, notes)


def _mark_from_check(pack: Pack, nodes: dict[str, Node], notes: list[str]) -> None:
    """Marks from the warnings ``check`` gives (SG101, SG106, SG102), matched by their location."""
    from .analysis import analyse

    at = {(s.where.file, s.where.line, s.where.column): sid for sid, s in pack.scenes.items()}
    at.update({(e.where.file, e.where.line, e.where.column): eid for eid, e in pack.endings.items()})
    for d in analyse(pack):
        ident = at.get((d.file, d.line, d.column))
        if d.code == "SG108":
            notes.append("check's exploration stopped at its cap: nodes not marked unreachable may still be")
        if ident is None:
            continue
        mark = {"SG101": "unreachable", "SG106": "unreachable", "SG102": "soft-lock"}.get(d.code)
        if mark and mark not in nodes[ident].marks:
            nodes[ident].marks.append(mark)
    notes.append("marked: what no game of any role reaches, and scenes where a player can be stuck, "
                 "as summit-game check finds them")


# ----------------------------------------------------------------- Mermaid

_MERMAID_ESC = {c: f"#{ord(c)};" for c in '"#&<>|[]{}()`;%\\'}


def mermaid_text(text: str) -> str:
    """Text safe inside a Mermaid quoted label: entity codes for anything with a meaning there."""
    return "".join(_MERMAID_ESC.get(ch, ch) for ch in " ".join(text.split()))


def _comment(text: str) -> str:
    """Text for a one-line comment: a line break would end it, so there is none."""
    return " ".join(text.split())


def _title(node: Node) -> str:
    return node.title + "".join(f" ({m})" for m in node.marks)


def to_mermaid(g: Graph) -> str:
    lines = [f"%% {_comment(g.pack.title)}: scenes and endings" + (f", as {g.role} sees them" if g.role else "")]
    for note in g.notes:
        lines.append(f"%% {_comment(note)}")
    lines.append("flowchart TD")
    for n in g.nodes:
        label = f'"{mermaid_text(_title(n))}"'
        if n.kind == "start":
            lines.append(f"    {n.id}(({label}))")
        elif n.kind == "scene":
            lines.append(f"    {n.id}[{label}]")
        elif n.kind == "ending":
            lines.append(f"    {n.id}([{label}])")
        else:
            lines.append(f"    {n.id}{{{label}}}")
    for e in g.edges:
        arrow = "-.->" if e.kind in ("auto", "select") else "-->"
        if not e.label:
            lines.append(f"    {e.src} {arrow} {e.dst}")
            continue
        lines.append(f'    {e.src} {arrow}|"{mermaid_text(e.label)}"| {e.dst}')
    lines.append("    classDef ending stroke-width:3px")
    lines.append("    classDef unreachable stroke-dasharray:6 4,color:#666666")
    lines.append("    classDef softlock stroke:#cc0000,stroke-width:3px")
    endings = [n.id for n in g.nodes if n.kind == "ending"]
    if endings:
        lines.append(f"    class {','.join(endings)} ending")
    for mark, cls in (("unreachable", "unreachable"), ("soft-lock", "softlock")):
        ids = [n.id for n in g.nodes if any(m.startswith(mark) for m in n.marks)]
        if ids:
            lines.append(f"    class {','.join(ids)} {cls}")
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------------- DOT


def dot_text(text: str) -> str:
    """Text safe inside a DOT double-quoted string (no escape sequence of its own survives)."""
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(g: Graph) -> str:
    lines = [f"// {_comment(g.pack.title)}: scenes and endings" + (f", as {g.role} sees them" if g.role else "")]
    for note in g.notes:
        lines.append(f"// {_comment(note)}")
    lines.append("digraph pack {")
    lines.append('    graph [rankdir=TB, fontname="Helvetica"];')
    lines.append('    node [fontname="Helvetica", shape=box, style=rounded];')
    lines.append('    edge [fontname="Helvetica", fontsize=10];')
    for n in g.nodes:
        attrs = [f'label="{dot_text(_title(n))}"']
        if n.kind == "start":
            attrs.append("shape=circle")
        elif n.kind == "ending":
            attrs.append("shape=doubleoctagon")
        elif n.kind == "select":
            attrs.append("shape=diamond")
        styles = ["rounded"] if n.kind == "scene" else []
        if "unreachable" in n.marks:
            styles.append("dashed")
            attrs.append('fontcolor="#666666"')
        if any(m.startswith("soft-lock") for m in n.marks):
            styles.append("bold")
            attrs.append('color="#cc0000"')
        if styles:
            attrs.append(f'style="{",".join(styles)}"')
        lines.append(f'    "{n.id}" [{", ".join(attrs)}];')
    for e in g.edges:
        attrs = [f'label="{dot_text(e.label)}"']
        if e.kind in ("auto", "select"):
            attrs.append("style=dashed")
        elif e.kind == "start":
            attrs.append("style=bold")
        lines.append(f'    "{e.src}" -> "{e.dst}" [{", ".join(attrs)}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


__all__ = ["Edge", "Graph", "Node", "build_graph", "dot_text", "mermaid_text", "to_dot", "to_mermaid"]
