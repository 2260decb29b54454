"""``summit-game new DIR``: a small working pack to start writing from.

It has what every pack needs and a little of what most use (a meter, two roles, a condition,
chance, citations), passes ``check --strict`` and ``playtest`` as written, and its files start
with modelines that resolve to JSON Schemas written beside it (``.schema/``), so an editor
with a YAML language server completes and checks it wherever the folder lives.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from .diagnostics import excerpt
from .globbing import what_is
from .schema import dumps, schemas

SCHEMA_DIR = ".schema"


class StarterError(Exception):
    """The folder cannot take a new pack (not empty, not a folder, not writable)."""


def pack_id_for(folder: Path) -> str:
    """An id from the folder's name: lower-case letters, digits and _, starting with a letter."""
    ident = re.sub(r"[^a-z0-9]+", "_", folder.resolve().name.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = "pack_" + ident if ident else "my_pack"
    return ident[:48].rstrip("_")


def _title_for(folder: Path) -> str:
    words = re.sub(r"[^A-Za-z0-9]+", " ", folder.resolve().name).strip()
    return (words[:1].upper() + words[1:]) if words else "My pack"


PACK = """\
# yaml-language-server: $schema={schema}/pack.schema.json
# A starter pack written by `summit-game new`: replace the story with yours.
#   summit-game check --strict {folder}   errors and warnings, with file:line:column
#   summit-game playtest {folder}         each role's endings, how often, and by which choices
#   summit-game play --plain {folder}     play it
# docs/authoring.md explains every key (https://example.org is a placeholder: use your source's address).
id: {id}
title: "{title}"
version: "0.1"
summary: "A starter pack: two scenes, two endings and one source to quote."
language: en
content_note: "A placeholder story, to replace with your own."
authors: ["Your name"]
start: opening

sources:
  - id: notes
    file: sources/notes.md
    title: "Notes for a first meeting"
    authors: ["Your name"]
    publisher: "Your pack"
    date: "2026-01-01"
    url: "https://example.org/replace-me"
    licence: "CC0 1.0: replace with your source's licence"
    kind: notes

variables:
  trust:
    label: Trust at the table
    description: "How far each side believes the other."
    start: 3
    min: 0
    max: 10
    good: high

roles:
  - id: host
    title: The host
    briefing: |
      You called this meeting. You want an agreement, but not at any price.
  - id: guest
    title: The guest
    briefing: |
      You came a long way. You will agree only to what you can defend at home.
    start:
      trust: 2
"""

SCENES = """\
# yaml-language-server: $schema=../{schema}/scene.schema.json
scenes:
  - id: opening
    title: The first meeting
    text: |
      The two delegations sit down. Nobody speaks first.
    cite:
      - quote: "Each wants something the other can give."
    choices:
      - id: listen
        label: Listen before you speak
        effects: ["trust += 2"]
        text: The other side talks for longer than planned, and says more than it meant to.
        cite:
          - quote: "Listening first costs little"
        goto: offer
      - id: press
        label: Press for a quick answer
        effects: ["trust -= 1"]
        text: You get an answer. It is no.
        cite:
          - quote: "Pressing for a quick answer may win a point today and lose the room tomorrow."
        goto: offer

  - id: offer
    title: The offer
    text: |
      It is time to put something on the table.
    choices:
      - id: fair_offer
        label: Offer terms both sides can defend
        if: "trust >= 4"
        reason: "The other side does not trust you enough yet (trust 4 or more)."
        effects: ["trust += 2"]
        text: They take it home to think it over. Both sides can defend it.
        cite:
          - quote: "An agreement both sides can defend at home lasts longer"
        goto: end
      - id: gamble
        label: Make a bold offer and see
        text: A bold offer, and a long silence.
        cite:
          - quote: "A bold offer can open a door or close it."
        chance:
          - weight: 1
            text: They like it.
            effects: ["trust += 3"]
          - weight: 2
            text: They leave to call home, and do not come back today.
            effects: ["trust -= 2"]
        goto: end

endings:
  - id: agreement
    title: An agreement
    if: "trust >= 5"
    text: Both sides leave with something they can defend at home.
    cite:
      - quote: "lasts longer than one that only one side wanted"
    debrief:
      - What made the agreement possible?
      - Would it hold if trust fell again?
  - id: no_deal
    title: No deal today
    text: The meeting ends without an agreement. There will be another.
    debrief:
      - What would you do differently at the first meeting?
"""

NOTES = """\
Two sides meet for the first time. Each wants something the other can give.

Listening first costs little and can change what the other side is willing to say.

Pressing for a quick answer may win a point today and lose the room tomorrow. A bold offer can open a door or close it.

An agreement both sides can defend at home lasts longer than one that only one side wanted.
"""

PLAYTEST = """\
# yaml-language-server: $schema={schema}/playtest.schema.json
# What `summit-game playtest` checks: named lines of play and expectations (docs/authoring.md, "Playtesting").
lines:
  patient:
    role: host
    note: "Listens first, then makes the fair offer."
    prefer: [listen, fair_offer]
  pushy:
    role: host
    note: "Presses for an answer, then gambles."
    prefer: [press]

expect:
  - reachable: agreement
    role: host
  - reachable: agreement
    role: guest
  - reachable: no_deal
    role: guest
  - line: patient
    ending: agreement
    at_least: 0.9
  - meter: trust
    higher_on: patient
    than: pushy
"""


def write_starter(folder: Path) -> list[Path]:
    """Write the starter pack into ``folder`` (created; it must be empty if it exists)."""
    kind = what_is(folder)
    if kind not in ("missing", "file", "folder", "other"):
        raise StarterError(f"cannot use {excerpt(str(folder), 200)}: {kind}")
    if kind != "missing":
        if kind != "folder":
            raise StarterError(f"{folder} exists and is not a folder")
        try:
            if any(folder.iterdir()):
                raise StarterError(f"{folder} is not empty; give a new folder (nothing was written)")
        except OSError as exc:
            raise StarterError(f"cannot read {folder}: {exc.strerror or exc}") from None
    shown = shlex.quote(str(folder)) if str(folder).isprintable() else "PACK"  # it goes into comments
    values = {"id": pack_id_for(folder), "title": _title_for(folder), "schema": SCHEMA_DIR, "folder": shown}
    files = {
        "pack.yaml": PACK.format(**values),
        "scenes/meeting.yaml": SCENES.format(**values),
        "sources/notes.md": NOTES,
        "playtest.yaml": PLAYTEST.format(**values),
    }
    files.update({f"{SCHEMA_DIR}/{name}": dumps(schema) for name, schema in schemas().items()})
    written: list[Path] = []
    try:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            written.append(path)
    except OSError as exc:
        raise StarterError(f"cannot write {folder}: {exc.strerror or exc}") from None
    return written


__all__ = ["SCHEMA_DIR", "StarterError", "pack_id_for", "write_starter"]
