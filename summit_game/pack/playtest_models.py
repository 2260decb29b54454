"""The pydantic models of ``playtest.yaml``: the one description of its shape.

They give ``playtest.schema.json`` and the located errors of a file whose shape is wrong, and
``summit-game playtest`` validates with them. ``summit-game check`` needs pydantic for none of this on
a valid file: ``playtest_file`` reads a plainly valid one with its own small validator
(``playtest_file.plain``), and a test keeps its field table equal to these models.
"""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .model import Id

Share = Annotated[float, Field(ge=0, le=1, description="A share of games, from 0 to 1 (0.2 is 20%).")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Line(_Model):
    """A line of play: a role (and route) that takes its preferred choices whenever they are available."""

    role: Id = Field(description="The role this line plays.")
    route: Id | None = Field(None, description="The route it plays. Default: the pack's first route.")
    prefer: list[str] = Field(
        default_factory=list,
        description="Choices taken whenever available, first listed first: `choice_id` (in any scene) or "
        "`scene.choice_id`. Where none is available, each available choice is equally likely.",
    )
    note: str = Field("", description="What this line stands for (shown in the report).")


class Reachable(_Model):
    """Some path reaches this ending or scene."""

    reachable: Id = Field(description="An ending or scene id.")
    role: Id | None = Field(None, description="For this role (default: for at least one role).")
    route: Id | None = Field(None, description="On this route (default: on any route).")
    line: Id | None = Field(None, description="On this line of play instead of an unweighted player.")


class Unreachable(_Model):
    """No path reaches this ending or scene."""

    unreachable: Id = Field(description="An ending or scene id.")
    role: Id | None = Field(None, description="For this role (default: for every role).")
    route: Id | None = Field(None, description="On this route (default: on every route).")
    line: Id | None = Field(None, description="On this line of play instead of an unweighted player.")


def _one_of(*keys: str, message: str) -> dict:
    """Exactly one of ``keys``; ``errorMessage`` is the words editors (VS Code, yaml-language-server) show."""
    return {"oneOf": [{"required": [k], "errorMessage": message} for k in keys]}


def _any_of(*keys: str, message: str) -> dict:
    return {"anyOf": [{"required": [k], "errorMessage": message} for k in keys]}


_LINE_OR_ROLE = "give exactly one of 'line' or 'role'"
_A_BOUND = "give 'at_least' or 'at_most' (or both), e.g. at_least: 0.2"
_HIGHER_OR_LOWER = "give exactly one of 'higher_on' or 'lower_on'"


class EndingShare(_Model):
    """How often a line of play (or an unweighted player of a role) ends in this ending."""

    # what _complete checks, said in the JSON Schema too (but for at_least <= at_most, which it cannot say)
    model_config = ConfigDict(json_schema_extra={"allOf": [
        _one_of("line", "role", message=_LINE_OR_ROLE), {"not": {"required": ["line", "route"]}},
        _any_of("at_least", "at_most", message=_A_BOUND)]})

    ending: Id = Field(description="The ending whose share is checked.")
    line: Id | None = Field(None, description="A line of play (or give `role`).")
    role: Id | None = Field(None, description="An unweighted player of this role (or give `line`).")
    route: Id | None = Field(None, description="With `role`: the route (default: the pack's first route).")
    at_least: Share | None = None
    at_most: Share | None = None

    @model_validator(mode="after")
    def _complete(self) -> "EndingShare":
        if (self.line is None) == (self.role is None):
            raise ValueError(_LINE_OR_ROLE)
        if self.line is not None and self.route is not None:
            raise ValueError("'route' goes with 'role'; a line of play names its own route")
        if self.at_least is None and self.at_most is None:
            raise ValueError(_A_BOUND)
        if self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            raise ValueError(f"at_least ({self.at_least}) is more than at_most ({self.at_most})")
        return self


class MeterCompare(_Model):
    """A meter's mean final value is higher (or lower) on one line of play than on another."""

    model_config = ConfigDict(json_schema_extra=_one_of("higher_on", "lower_on", message=_HIGHER_OR_LOWER))

    meter: Id = Field(description="A meter (or a flag: then the share of games ending with it true).")
    higher_on: Id | None = Field(None, description="The line where the mean final value is higher.")
    lower_on: Id | None = Field(None, description="The line where the mean final value is lower.")
    than: Id = Field(description="The line it is compared with.")

    @model_validator(mode="after")
    def _complete(self) -> "MeterCompare":
        if (self.higher_on is None) == (self.lower_on is None):
            raise ValueError(_HIGHER_OR_LOWER)
        return self


Expectation = Union[Reachable, Unreachable, EndingShare, MeterCompare]

#: the key that tells which kind an expectation is, in the order they are tried
_KINDS: list[tuple[str, type[BaseModel]]] = [
    ("reachable", Reachable), ("unreachable", Unreachable), ("meter", MeterCompare), ("ending", EndingShare),
]


class PlaytestFile(_Model):
    """playtest.yaml: named lines of play and expectations that `summit-game playtest` checks."""

    lines: dict[Id, Line] = Field(default_factory=dict, description="Named lines of play.")
    expect: list[Expectation] = Field(default_factory=list, description="Expectations about outcomes.")
