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

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,47}$"),
    Field(description="An id: lower-case letters, digits and _, starting with a letter (at most 48)."),
]
Expr = Annotated[str, Field(description="A condition, e.g. `escalation >= 7 and not nato_offered`.")]
Effect = Annotated[str, Field(description="An effect, e.g. `trust += 1` or `nato_offered = true`.")]
Markdown = Annotated[str, Field(description="Markdown text.")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Citation(_Model):
    """A verbatim quotation of one of the pack's sources."""

    source: Id | None = Field(
        None, description="Id of a source in pack.yaml. May be left out when the pack has one source."
    )
    quote: str = Field(
        min_length=3,
        max_length=2000,
        description="The exact words of the source. Curly/straight quotes, dashes and white space may differ.",
    )
    note: str | None = Field(None, description="Optional: why this passage matters here (the game's voice).")
    speaker: str | None = Field(
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

    id: Id
    file: str = Field(description="Path of the text (Markdown or plain) relative to the pack folder.")
    title: str
    authors: list[str] = Field(min_length=1)
    publisher: str
    date: str = Field(description="Publication date, e.g. 2025-08-18.")
    url: str
    licence: str = Field(description="The licence and its terms, shown to players.")
    kind: str = Field(
        "source",
        min_length=2,
        max_length=24,
        pattern=r"^[a-z][a-z -]*$",
        description="What players call it: article, memo, speech, report... Labels its quotes "
        "('The article — Gaskell & Gokay'). Default: source.",
    )


class Variable(_Model):
    """A meter (a bounded whole number) or a flag (true/false)."""

    type: Literal["meter", "flag"] | None = Field(
        None, description="meter or flag; inferred from `start` when left out."
    )
    label: str | None = Field(None, description="Shown to players. Defaults to the id.")
    description: str | None = None
    start: int | bool = Field(description="Value at the start of a game (roles may override).")
    min: int = 0
    max: int = 10
    good: Literal["high", "low", "none"] = Field(
        "none", description="Which direction is good for the player's side; colours the meter."
    )
    good_for: dict[Id, Literal["high", "low", "none"]] = Field(
        default_factory=dict,
        description="Which direction is good for particular roles (role id: high|low|none); overrides "
        "`good` for them (colours, arrows, better/worse, the debrief).",
    )
    show: bool | None = Field(
        None, description="Show in the meters panel. Default: meters yes, flags no."
    )


class Role(_Model):
    """The player's seat at the table."""

    id: Id
    title: str
    briefing: Markdown
    start: dict[str, int | bool] = Field(
        default_factory=dict, description="Start values that differ for this role."
    )


class Route(_Model):
    """A way through the pack, e.g. a full run or a short icebreaker route."""

    id: Id
    title: str
    summary: str = ""
    start: Id | None = Field(None, description="Scene to start in. Default: the pack's start.")
    set: dict[str, int | bool] = Field(default_factory=dict, description="Start values for this route.")


class Outcome(_Model):
    """One weighted outcome of a chance choice."""

    weight: int = Field(1, ge=1, le=1000)
    text: Markdown = ""
    effects: list[Effect] = Field(default_factory=list)
    cite: Cites = Field(default_factory=list)
    goto: Id | None = Field(None, description="Overrides the choice's goto.")


class Choice(_Model):
    id: Id = Field(description="Stable id, unique within its scene. Saves refer to it: keep it when you reword.")
    label: str = Field(min_length=1, description="What the player picks.")
    roles: list[Id] | None = Field(None, description="Only these roles see this choice.")
    if_: Expr | None = Field(None, alias="if", description="Condition for the choice to be available.")
    unavailable: Literal["disable", "hide"] = Field(
        "disable", description="When `if` is false: show it disabled with the reason, or hide it."
    )
    reason: str | None = Field(None, description="Why it is unavailable. Default: the condition, in words.")
    cite: Cites = Field(default_factory=list, description="The source's argument about this option.")
    effects: list[Effect] = Field(default_factory=list)
    text: Markdown = Field("", description="The consequence, in the game's voice.")
    role_text: dict[Id, Markdown] = Field(
        default_factory=dict,
        description="The consequence as particular roles see it (role id: text); replaces `text` for them.",
    )
    result_cite: Cites = Field(default_factory=list, description="Quotations shown with the consequence.")
    chance: list[Outcome] | None = Field(None, description="Weighted outcomes drawn from the game's seed.")
    goto: Id | None = Field(None, description="Next scene, an ending id, or `end` to pick an ending by condition.")

    model_config = ConfigDict(populate_by_name=False)


class Auto(_Model):
    """An automatic route: when the condition holds on entering the scene, go on at once."""

    if_: Expr | None = Field(None, alias="if")
    goto: Id


RoleText = Annotated[
    dict[Id, Markdown],
    Field(description="The text as particular roles see it (role id: text); replaces `text` for them."),
]


class Scene(_Model):
    id: Id
    title: str
    speaker: str | None = None
    location: str | None = None
    roles: list[Id] | None = Field(None, description="Only these roles should reach this scene (checked).")
    text: Markdown = ""
    role_text: RoleText = Field(default_factory=dict)
    cite: Cites = Field(default_factory=list)
    auto: list[Auto] = Field(default_factory=list, description="Checked in order on entering the scene.")
    choices: list[Choice] = Field(default_factory=list)


class Variant(_Model):
    """Ending text for a state: the first variant whose `if` holds replaces the ending's text."""

    if_: Expr = Field(alias="if", description="When this text applies, e.g. `civilian_harm >= 8`.")
    text: Markdown = Field("", description="Replaces the ending's text (for roles not in `role_text`).")
    role_text: RoleText = Field(default_factory=dict)


class Ending(_Model):
    id: Id
    title: str
    if_: Expr | None = Field(None, alias="if", description="Selects this ending for `goto: end`. Leave out on the fallback.")
    text: Markdown = ""
    role_text: RoleText = Field(default_factory=dict)
    variants: list[Variant] = Field(
        default_factory=list,
        description="Texts that depend on the state at the end: the first whose `if` holds (and that has "
        "text for the role) replaces `text`/`role_text`.",
    )
    cite: Cites = Field(default_factory=list)
    debrief: list[str] = Field(default_factory=list, description="Discussion questions.")


class SceneFile(_Model):
    """A scene file: scenes and/or endings."""

    scenes: list[Scene] = Field(default_factory=list)
    endings: list[Ending] = Field(default_factory=list)


class Manifest(_Model):
    """pack.yaml: what the pack is and what it declares."""

    id: Id
    title: str
    version: str = Field(description='Quote it: version: "1.0"')
    summary: str = ""
    language: str = "en"
    content_note: str = ""
    as_of: str = Field(
        "",
        max_length=300,
        description="What the scenario knows and when, e.g. 'This scenario knows only the article of 18 August "
        "2025.' Shown on the title screen, the ending, the debrief and the exports.",
    )
    start: Id
    authors: list[str] = Field(default_factory=list)
    scene_files: list[str] = Field(
        default_factory=lambda: ["scenes/*.yaml"],
        description="Glob patterns of scene files, relative to the pack folder.",
    )
    sources: list[Source] = Field(default_factory=list)
    variables: dict[Id, Variable] = Field(default_factory=dict)
    roles: list[Role] = Field(min_length=1)
    routes: list[Route] = Field(default_factory=list)
    scenes: list[Scene] = Field(default_factory=list, description="Scenes may also live in pack.yaml.")
    endings: list[Ending] = Field(default_factory=list)

    @field_validator("scene_files")
    @classmethod
    def _relative(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            if not pattern.strip() or "\x00" in pattern:
                raise ValueError("a scene file pattern must not be empty or hold a NUL character")
            if pattern.startswith("/") or ".." in pattern.replace("\\", "/").split("/"):
                raise ValueError(f"scene file pattern '{pattern}' must stay inside the pack folder")
        return patterns


__all__ = [
    "Auto", "Choice", "Citation", "Ending", "Manifest", "Outcome", "Role", "Route",
    "Scene", "SceneFile", "Source", "Variable", "Variant", "Union",
]
