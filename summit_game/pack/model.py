"""The shape of a scene pack, as pydantic models.

These models are the single description of the format: the loader validates
with them, and ``summit-game schema`` turns them into the JSON Schema that
authors' editors use. Prose about each key lives in ``description=`` so the
editor can show it on hover.

Conventions: unknown keys are errors (``extra="forbid"``), values are
strict (a number is not silently a string), and optional keys have
sensible defaults so a small pack stays small.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z][a-z0-9_]{0,47}$"
KIND_PATTERN = r"^[a-z][a-z -]*$"
#: pattern -> the rule in words, for the error when a value does not match it (ids have their own)
PATTERN_RULES = {
    KIND_PATTERN: "'{value}' is not a valid kind: use lower-case letters, spaces and hyphens, starting with a "
                  "letter (e.g. article, policy brief, op-ed)",
}

#: variable names the expressions reserve (the resolver refuses them as SG012)
from .rules import RESERVED_NAMES  # noqa: E402,F401 - the models name it here too

from .rules import FLAG_HAS_NO_BOUNDS

# What the JSON Schema must also say so editors and `check` agree (tests/test_schema_agrees.py):
# rules the loader checks after the shape, written as draft-07 keywords on the models below.
_FLAG_OR_METER = {"allOf": [
    {"if": {"required": ["type"], "properties": {"type": {"const": "flag"}}},
     "then": {"properties": {"start": {"type": "boolean"}}}},
    {"if": {"required": ["type"], "properties": {"type": {"const": "meter"}}},
     "then": {"properties": {"start": {"type": "integer"}}}},
    # a flag (typed so, or untyped and starting true or false) has no bounds (SG010)
    {"if": {"anyOf": [{"required": ["type"], "properties": {"type": {"const": "flag"}}},
                      {"not": {"required": ["type"]}, "required": ["start"],
                       "properties": {"start": {"type": "boolean"}}}]},
     # false: an editor says it at the key, as check does (with this errorMessage, not its own words)
     "then": {"properties": {"min": False, "max": False}, "errorMessage": FLAG_HAS_NO_BOUNDS.format(key="min or max")}},
]}
_GOTO = {"type": "string"}
_WAY_ON = {"anyOf": [  # a choice needs a goto, or a chance whose every outcome has one (SG028)
    {"required": ["goto"], "properties": {"goto": _GOTO}},
    {"required": ["chance"],
     "properties": {"chance": {"type": "array", "items": {"required": ["goto"], "properties": {"goto": _GOTO}}}}},
]}
_CHOICES_OR_AUTO = {"anyOf": [  # a scene needs a choice or an auto route (SG028)
    {"required": ["choices"], "properties": {"choices": {"minItems": 1}}},
    {"required": ["auto"], "properties": {"auto": {"minItems": 1}}},
]}
_PATTERN_INSIDE = {  # a scene file pattern: not blank, no NUL, not absolute, no '..' (SG012)
    "type": "string", "pattern": "\\S", "not": {"pattern": "^/|(^|[/\\\\])[.][.]([/\\\\]|$)|\\u0000"}}

from .rules import scene_file_pattern

# a scene file pattern: each item checked, and located, alone (the same function pack/shape.py runs)
ScenePattern = Annotated[str, AfterValidator(scene_file_pattern)]

Id = Annotated[
    str,
    StringConstraints(pattern=ID_PATTERN),
    Field(description="An id: lower-case letters, digits and _, starting with a letter (at most 48)."),
]
Expr = Annotated[str, Field(description="A condition, e.g. `escalation >= 7 and not nato_offered`.")]
Effect = Annotated[str, Field(description="An effect, e.g. `trust += 1` or `nato_offered = true`.")]
Markdown = Annotated[str, Field(description="Markdown text.")]
StartValue = Annotated[int | bool, Field(description="A variable's start value: a whole number or true/false.")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(_Model):
    """A verbatim quotation of one of the pack's sources."""

    source: Id = Field(  # type: ignore[assignment]
        None, description="Id of a source in pack.yaml. May be left out when the pack has one source."
    )
    quote: str = Field(
        min_length=3,
        max_length=2000,
        description="The exact words of the source. Curly/straight quotes, dashes and white space may differ.",
    )
    note: str = Field(None, description="Optional: why this passage matters here (the game's voice).")  # type: ignore[assignment]
    speaker: str = Field(  # type: ignore[assignment]
        None,
        min_length=1,
        max_length=120,
        description="Who speaks, when the source quotes someone else (e.g. Keir Starmer): the quote is then "
        "labelled 'Keir Starmer, as quoted in the article (...)' and listed as reported, not as the "
        "source's own argument. `check` warns when a quote lies inside quotation marks but names no speaker.",
    )


Cites = Annotated[list[Citation], Field(description="Verbatim quotations of the pack's sources.")]


class Source(_Model):
    """A document the pack quotes, shipped as a text file inside the pack."""

    id: Id = Field(description="The source's id; a citation names it in `source:`.")
    file: str = Field(description="Path of the text (Markdown or plain) relative to the pack folder.")
    title: str = Field(description="The source's title, as published; shown to players.")
    authors: list[str] = Field(min_length=1, description="Its authors, as published (at least one); quote labels "
                               "name them.")
    publisher: str = Field(description="Who published it, e.g. the newspaper or the institute.")
    date: str = Field(description="Publication date, e.g. 2025-08-18.")
    url: str = Field(description="Where the source is published; shown to players.")
    licence: str = Field(description="The licence and its terms, shown to players.")
    kind: str = Field(
        "source",
        min_length=2,
        max_length=24,
        pattern=KIND_PATTERN,
        description="What players call it: article, memo, speech, report... Labels its quotes "
        "('The article — Gaskell & Gokay'). Default: source.",
    )


class Variable(_Model):
    """A meter (a bounded whole number) or a flag (true/false)."""

    type: Literal["meter", "flag"] = Field(  # type: ignore[assignment]
        None, description="meter or flag; inferred from `start` when left out."
    )
    label: str = Field(None, description="Shown to players. Defaults to the id.")  # type: ignore[assignment]
    description: str = Field(  # type: ignore[assignment]
        None, description="What it stands for, as the game's model (not a measurement); players read it on the "
        "meters screen."
    )
    start: int | bool = Field(description="Value at the start of a game (roles may override).")
    min: int = Field(0, description="A meter's lowest value; effects stop there.")
    max: int = Field(10, description="A meter's highest value; effects stop there.")
    good: Literal["high", "low", "none"] = Field(
        "none", description="Which direction is good for the player's side; colours the meter."
    )
    good_for: dict[Id, Literal["high", "low", "none"]] = Field(
        default_factory=dict,
        description="Which direction is good for particular roles (role id: high|low|none); overrides "
        "`good` for them (colours, arrows, better/worse, the debrief).",
    )
    show: bool = Field(  # type: ignore[assignment]
        None, description="Show in the meters panel. Default: meters yes, flags no."
    )

    model_config = ConfigDict(json_schema_extra=_FLAG_OR_METER)


class Role(_Model):
    """The player's seat at the table."""

    id: Id = Field(description="The role's id; conditions test it as `role == 'id'`.")
    title: str = Field(description="The seat's name, shown to players when they pick a role.")
    briefing: Markdown = Field(description="What the player reads before the first scene (Markdown).")
    start: dict[str, StartValue] = Field(
        default_factory=dict, description="Start values that differ for this role."
    )


class Route(_Model):
    """A way through the pack, e.g. a full run or a short icebreaker route."""

    id: Id = Field(description="The route's id; conditions test it as `route == 'id'`.")
    title: str = Field(description="Shown to players when they pick a route.")
    summary: str = Field("", description="One line on the route, shown when picking it.")
    start: Id = Field(None, description="Scene to start in. Default: the pack's start.")  # type: ignore[assignment]
    set: dict[str, StartValue] = Field(default_factory=dict, description="Start values for this route.")


class Outcome(_Model):
    """One weighted outcome of a chance choice."""

    weight: int = Field(1, ge=1, le=1000, description="How likely this outcome is against the others (1 to 1000).")
    text: Markdown = Field("", description="The consequence of this outcome, in the game's voice.")
    effects: list[Effect] = Field(default_factory=list, description="Effects of this outcome, e.g. `trust -= 1`.")
    cite: Cites = Field(default_factory=list, description="Quotations shown with this outcome.")
    goto: Id | None = Field(None, description="Overrides the choice's goto.")


class Choice(_Model):
    id: Id = Field(description="Stable id, unique within its scene. Saves refer to it: keep it when you reword.")
    label: str = Field(min_length=1, description="What the player picks.")
    roles: list[Id] = Field(None, description="Only these roles see this choice.")  # type: ignore[assignment]
    if_: Expr = Field(None, alias="if", description="Condition for the choice to be available.")  # type: ignore[assignment]
    unavailable: Literal["disable", "hide"] = Field(
        "disable", description="When `if` is false: show it disabled with the reason, or hide it."
    )
    reason: str = Field(None, description="Why it is unavailable. Default: the condition, in words.")  # type: ignore[assignment]
    cite: Cites = Field(default_factory=list, description="The source's argument about this option.")
    effects: list[Effect] = Field(default_factory=list, description="Effects of the choice, one per item, e.g. "
                                  "`trust += 1`.")
    text: Markdown = Field("", description="The consequence, in the game's voice.")
    role_text: dict[Id, Markdown] = Field(
        default_factory=dict,
        description="The consequence as particular roles see it (role id: text); replaces `text` for them.",
    )
    result_cite: Cites = Field(default_factory=list, description="Quotations shown with the consequence.")
    chance: list[Outcome] | None = Field(None, description="Weighted outcomes drawn from the game's seed.",
                                         json_schema_extra={"minItems": 1})
    goto: Id | None = Field(None, description="Next scene, an ending id, or `end` to pick an ending by condition.")

    model_config = ConfigDict(populate_by_name=False, json_schema_extra=_WAY_ON)


class Auto(_Model):
    """An automatic route: when the condition holds on entering the scene, go on at once."""

    if_: Expr = Field(None, alias="if", description="Go on when this holds; leave out to always go on.")  # type: ignore[assignment]
    goto: Id = Field(description="The scene or ending to go to, or `end` to pick an ending by condition.")


RoleText = Annotated[
    dict[Id, Markdown],
    Field(description="The text as particular roles see it (role id: text); replaces `text` for them."),
]


class Scene(_Model):
    id: Id = Field(description="The scene's id, unique among scenes and endings; gotos name it.")
    title: str = Field(description="The scene's heading.")
    speaker: str = Field(None, description="Who speaks in the scene, shown beside the location.")  # type: ignore[assignment]
    location: str = Field(None, description="Where it happens, shown above the text.")  # type: ignore[assignment]
    roles: list[Id] = Field(None, description="Only these roles should reach this scene (checked).")  # type: ignore[assignment]
    text: Markdown = Field("", description="The scene's narrative, in the game's voice.")
    role_text: RoleText = Field(default_factory=dict)
    cite: Cites = Field(default_factory=list, description="Quotations shown with the scene.")
    auto: list[Auto] = Field(default_factory=list, description="Checked in order on entering the scene.")
    choices: list[Choice] = Field(default_factory=list, description="What the player can choose, in this order.")

    model_config = ConfigDict(json_schema_extra=_CHOICES_OR_AUTO)


class Variant(_Model):
    """Ending text for a state: the first variant whose `if` holds replaces the ending's text."""

    if_: Expr = Field(alias="if", description="When this text applies, e.g. `civilian_harm >= 8`.")
    text: Markdown = Field("", description="Replaces the ending's text (for roles not in `role_text`).")
    role_text: RoleText = Field(default_factory=dict)


class Ending(_Model):
    id: Id = Field(description="The ending's id, unique among scenes and endings; gotos name it.")
    title: str = Field(description="The ending's heading.")
    if_: Expr = Field(None, alias="if", description="Selects this ending for `goto: end`. Leave out on the fallback.")  # type: ignore[assignment]
    text: Markdown = Field("", description="What the ending says, in the game's voice.")
    role_text: RoleText = Field(default_factory=dict)
    variants: list[Variant] = Field(
        default_factory=list,
        description="Texts that depend on the state at the end: the first whose `if` holds (and that has "
        "text for the role) replaces `text`/`role_text`.",
    )
    cite: Cites = Field(default_factory=list, description="Quotations shown with the ending.")
    debrief: list[str] = Field(default_factory=list, description="Discussion questions.")


class SceneFile(_Model):
    """A scene file: scenes and/or endings."""

    scenes: list[Scene] = Field(default_factory=list, description="The scenes of this file.")
    endings: list[Ending] = Field(default_factory=list, description="The endings of this file; `goto: end` "
                                  "tries their conditions in order.")


class Manifest(_Model):
    """pack.yaml: what the pack is and what it declares."""

    id: Id = Field(description="The pack's id; saves record it.")
    title: str = Field(description="The pack's title, shown on the title screen.")
    version: str = Field(description='The pack\'s version; saves record it. Quote it: version: "1.0"')
    summary: str = Field("", description="A sentence or two on the pack, shown with its title.")
    language: str = Field("en", description="The language of the pack's text, e.g. en.")
    content_note: str = Field("", description="A note on the content, shown before play.")
    as_of: str = Field(
        "",
        max_length=300,
        description="What the scenario knows and when, e.g. 'This scenario knows only the article of 18 August "
        "2025.' Shown on the title screen, the ending, the debrief and the exports.",
    )
    start: Id = Field(description="The scene every game starts in (a route may start elsewhere).")
    authors: list[str] = Field(default_factory=list, description="Who wrote the pack.")
    scene_files: list[ScenePattern] = Field(
        default_factory=lambda: ["scenes/*.yaml"],
        description="Glob patterns of scene files, relative to the pack folder. Default: scenes/*.yaml; "
        "a list given here replaces it (add \"scenes/*.yaml\" to it to keep reading that folder).",
        json_schema_extra={"items": _PATTERN_INSIDE},
    )
    sources: list[Source] = Field(default_factory=list, description="The documents the pack quotes.")
    variables: dict[Id, Variable] = Field(
        default_factory=dict, description="Meters and flags (variable id: how it starts and shows); conditions "
        "and effects use them.", json_schema_extra={"propertyNames": {"not": {"enum": list(RESERVED_NAMES)}}})
    roles: list[Role] = Field(min_length=1, description="The seats a player can take (at least one).")
    routes: list[Route] = Field(default_factory=list, description="Ways through the pack, e.g. a full run and a "
                                "short one; players pick one.")
    scenes: list[Scene] = Field(default_factory=list, description="Scenes may also live in pack.yaml.")
    endings: list[Ending] = Field(default_factory=list, description="Endings may also live in pack.yaml.")



__all__ = [
    "Auto", "Choice", "Citation", "Ending", "Manifest", "Outcome", "Role", "Route",
    "Scene", "SceneFile", "Source", "Variable", "Variant", "Union",
]
