"""One reader for everything ``summit-game compare`` reads, in one shape (``engine.record.Summary``).

- a game's record (``debrief-….record.json``, written when a TUI or plain game ends);
- a room's debrief record (``workshop-…-debrief.record.json``, written by the projector's
  ending screen: the same format, ``kind: "room"``, with each decision's split);
- a room's live record (``workshop-….json``, ``record.py``), written after every decision,
  so a workshop that never reached its ending can still be compared.

Every problem is an ``engine.record.RecordError`` naming the file. No Textual here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..engine.record import (
    FORMAT as GAME_FORMAT,
    SUFFIX,
    Chance,
    Meter,
    RecordError,
    Summary,
    SummaryDecision,
    Tally,
    load_json,
    summary_from_record,
)
from . import record as R

DEBRIEF_SUFFIX = "-debrief" + SUFFIX


def read_any(path: Path) -> Summary:
    """A record of any kind as a ``Summary``; RecordError says what is wrong and where."""
    path = Path(path)
    data = load_json(path, limit=R.MAX_BYTES)
    if isinstance(data, dict) and data.get("format") == R.FORMAT:
        return summary_from_live(path)
    if isinstance(data, dict) and data.get("format") not in (GAME_FORMAT, "summit-game-save", None):
        raise RecordError(f"{path}: not a summit-game record (its format is {data.get('format')!r})")
    return summary_from_record(path, data)


def _labels(pack_id: str) -> dict[str, tuple[str, bool]]:
    """Meter labels (and whether they are shown) from a bundled pack of that id, when there is one."""
    try:
        from ..pack import load_pack
        from ..pack.bundled import bundled_root

        folder = bundled_root() / pack_id
        if not (folder / "pack.yaml").is_file():
            return {}
        pack = load_pack(folder)
    except Exception:  # noqa: BLE001 - labels are a nicety; names do without them
        return {}
    if pack.id != pack_id:
        return {}
    return {n: (v.label, v.show) for n, v in pack.variables.items()}


def summary_from_live(path: Path) -> Summary:
    """A room's live record (``record.py``: checked, a damaged file falls back to its .bak)."""
    try:
        body: dict[str, Any] = R.read(path)
    except R.RecordError as exc:
        message = str(exc)
        raise RecordError(message if message.startswith(str(path)) else f"{path}: {message}") from None
    decisions = []
    for d in body["decisions"]:
        labels = {o.get("id"): o.get("label", o.get("id")) for o in d["options"] if isinstance(o, dict)}
        tallies = tuple(
            Tally(str(opt), str(labels.get(opt, opt)), int(c["phones"]), int(c["hands"]))
            for opt, c in d["split"].items()
        )
        ch = d.get("chance")
        chance = None
        if isinstance(ch, dict):
            chance = Chance(ch["draw"] + 1, None, int(ch.get("weight", 0) or 0), int(ch.get("total", 0) or 0))
        decisions.append(SummaryDecision(
            d["number"], d["scene"], str(d.get("scene_title", d["scene"])), d["played"],
            str(d.get("label", d["played"])), chance, tallies, bool(d["tie_pick"]), bool(d["tie_pick"]),
        ))
    starts = body.get("start") if isinstance(body.get("start"), dict) else {}
    final = body["decisions"][-1]["after"] if body["decisions"] else starts
    known = _labels(body["pack"]["id"])
    meters = tuple(
        Meter(n, known.get(n, (n, True))[0], starts.get(n), final.get(n))
        for n in starts if known.get(n, (n, True))[1]
    )
    ending = body.get("ending") if isinstance(body.get("ending"), dict) else None
    pack = body["pack"]
    return Summary(
        path=path, kind="room", team="", pack_id=pack["id"], pack_version=str(pack.get("version", "")),
        pack_title=str(pack.get("title", "")), role=body["role"], role_title=str(body.get("role_title") or ""),
        route=body.get("route"), route_title=body.get("route_title"), seed=body["seed"],
        decisions=tuple(decisions), meters=meters,
        ending=ending.get("id") if ending else None, ending_title=ending.get("title") if ending else None,
        started=str(body.get("started_at") or ""),
    )


def find_records(folder: Path) -> list[Path]:
    """Every record under ``folder`` (sub-folders too: one per team). A room's live record is left
    out when its debrief record is there (the same room, told twice)."""
    folder = Path(folder)
    found = {p for p in folder.rglob("*" + SUFFIX) if p.is_file()}
    for live in folder.rglob(R.PREFIX + "*.json"):
        if live.name.endswith(SUFFIX) or not live.is_file():
            continue
        if live.with_name(live.stem + DEBRIEF_SUFFIX) in found:
            continue
        found.add(live)
    return sorted(found)
