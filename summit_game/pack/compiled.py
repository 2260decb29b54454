"""The compiled pack: what the loader hands the engine once every check has passed.

Plain records (``record.py``) with no pydantic validation left in them, so the engine's
hot paths read attributes and call compiled closures, nothing more.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping

from .citations import Quote, SourceText, reference
from .expr import BOOL, INT, Condition, EffectOp
from .record import Frozen, Record

if TYPE_CHECKING:
    from . import model as m


class Where(Frozen):
    def __init__(self, file: str, line: int, column: int) -> None:
        # A pack makes tens of thousands of these while loading
        d = self.__dict__
        d["file"] = file
        d["line"] = line
        d["column"] = column

    @classmethod
    def later(cls, file: str, doc: Any, path: tuple) -> "Where":
        """The place of ``path`` in ``doc`` (a ``_yaml.Located``), looked up the first time its line
        or column is read: a pack's scenes and choices are placed only when a warning, the graph or
        a playtest report names them, and the loader reads scene files without their positions."""
        where = object.__new__(cls)
        d = where.__dict__
        d["file"] = file
        d["_at"] = (doc, path)
        return where

    def __getattr__(self, name: str) -> Any:  # only for what __dict__ lacks: a later Where's line and column
        d = self.__dict__
        at = d.get("_at")
        if at is None or name not in ("line", "column"):
            raise AttributeError(name)
        d["line"], d["column"] = at[0].where(at[1])
        d.pop("_at", None)  # pop: another thread may have looked it up meanwhile, to the same answer
        return d[name]

    def __getstate__(self) -> dict:  # a copy or a pickle holds the place, never the document
        return {"file": self.file, "line": self.line, "column": self.column}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)


class Places(Mapping[str, "list[Where]"]):
    """Where each variable is read (or written): ``Pack.reads`` and ``Pack.writes``.

    A pack of 1,000 scenes places its variables 11,000 times, and only ``playtest``'s report
    asks for the places themselves (the analysis asks which variables are read or written at
    all). So each variable keeps one flat list, file, line, column, file, line, column, ...,
    and its ``Where``s are built the first time it is looked up (then kept): a mapping of
    variable names to lists of ``Where``, in the order the places were added. A place can also
    be added as a document and a path in it (``later``), looked up only then.
    """

    __slots__ = ("_flat", "_built")

    def __init__(self) -> None:
        self._flat: dict[str, list] = {}
        self._built: dict[str, list[Where]] = {}

    def add(self, name: str, file: str, line: int, column: int) -> None:
        flat = self._flat.get(name)
        if flat is None:
            self._flat[name] = [file, line, column]
        else:
            flat += (file, line, column)
            self._built.pop(name, None)

    #: ``later(name, file, doc, path)``: the place of ``path`` in ``doc`` (a ``_yaml.Located``), looked
    #: up when ``name`` is. ``add`` itself (no call more, 800 times a 100-scene load): the flat list
    #: holds the document where a place added with ``add`` has its line, and the path for its column.
    later = add

    def __getitem__(self, name: str) -> list[Where]:
        built = self._built.get(name)
        if built is None:
            flat = self._flat[name]  # KeyError for a name never placed, as a dict
            built = self._built[name] = [
                Where(flat[i], flat[i + 1], flat[i + 2]) if type(flat[i + 1]) is int else
                Where(flat[i], *flat[i + 1].where(flat[i + 2])) for i in range(0, len(flat), 3)]
        return built

    def __contains__(self, name: object) -> bool:
        return name in self._flat

    def __iter__(self) -> Iterator[str]:
        return iter(self._flat)

    def __len__(self) -> int:
        return len(self._flat)

    def __repr__(self) -> str:
        return f"Places({dict(self)!r})"


class VarInfo(Record):
    def __init__(self, name: str, kind: str, label: str, start: int | bool, min: int, max: int, good: str,
                 show: bool, description: str, where: Where | None = None, good_for: dict[str, str] | None = None) -> None:
        self.name = name
        self.kind = kind  # "meter" | "flag"
        self.label = label
        self.start = start
        self.min = min
        self.max = max
        self.good = good
        self.show = show
        self.description = description
        self.where = where
        self.good_for = {} if good_for is None else good_for  # role id -> high|low|none

    @property
    def type(self) -> str:
        return INT if self.kind == "meter" else BOOL

    def good_for_role(self, role: str | None) -> str:
        """Which direction is good for ``role``: its own (``good_for``), else the meter's ``good``."""
        return self.good_for.get(role, self.good) if role is not None else self.good


class SourceInfo(Record):
    def __init__(self, model: m.Source, text: SourceText) -> None:
        self.model = model
        self.text = text

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def kind(self) -> str:
        return self.model.kind

    def reference(self) -> str:
        s = self.model
        return reference(s.authors, s.title, s.publisher, s.date, s.url)


class OutcomeC(Record):
    def __init__(self, weight: int, text: str, effects: list[EffectOp], cite: list[Quote], goto: str | None) -> None:
        self.weight = weight
        self.text = text
        self.effects = effects
        self.cite = cite
        self.goto = goto


class ChoiceC(Record):
    def __init__(self, id: str, label: str, roles: tuple[str, ...] | None, cond: Condition | None, hide: bool,
                 reason: str | None, cite: list[Quote], effects: list[EffectOp], text: str, result_cite: list[Quote],
                 chance: list[OutcomeC] | None, goto: str | None, where: Where,
                 role_text: dict[str, str] | None = None) -> None:
        self.id = id
        self.label = label
        self.roles = roles
        self.cond = cond
        self.hide = hide
        self.reason = reason
        self.cite = cite
        self.effects = effects
        self.text = text
        self.result_cite = result_cite
        self.chance = chance
        self.goto = goto
        self.where = where
        self.role_text = {} if role_text is None else role_text

    def text_for(self, role: str) -> str:
        return self.role_text.get(role, self.text)


class SceneC(Record):
    def __init__(self, id: str, title: str, speaker: str | None, location: str | None, roles: tuple[str, ...] | None,
                 text: str, cite: list[Quote], auto: list[tuple[Condition | None, str]], choices: list[ChoiceC],
                 where: Where, role_text: dict[str, str] | None = None) -> None:
        self.id = id
        self.title = title
        self.speaker = speaker
        self.location = location
        self.roles = roles
        self.text = text
        self.cite = cite
        self.auto = auto
        self.choices = choices
        self.where = where
        self.role_text = {} if role_text is None else role_text

    def text_for(self, role: str) -> str:
        return self.role_text.get(role, self.text)

    def choice(self, choice_id: str) -> ChoiceC | None:
        for c in self.choices:
            if c.id == choice_id:
                return c
        return None


class VariantC(Record):
    def __init__(self, cond: Condition, text: str, role_text: dict[str, str] | None = None,
                 where: Where | None = None) -> None:
        self.cond = cond
        self.text = text
        self.role_text = {} if role_text is None else role_text
        self.where = where  # the variant's own place ('- if:' in the ending's variants:), for what names it

    def text_for(self, role: str) -> str:
        """This variant's text for ``role`` ('' when it has none for that role)."""
        return self.role_text.get(role, self.text)


class EndingC(Record):
    def __init__(self, id: str, title: str, cond: Condition | None, text: str, cite: list[Quote], debrief: list[str],
                 where: Where, role_text: dict[str, str] | None = None, variants: list[VariantC] | None = None) -> None:
        self.id = id
        self.title = title
        self.cond = cond
        self.text = text
        self.cite = cite
        self.debrief = debrief
        self.where = where
        self.role_text = {} if role_text is None else role_text
        self.variants = [] if variants is None else variants

    def text_for(self, role: str, env: Mapping[str, Any] | None = None) -> str:
        """The ending's text for ``role`` in the end state ``env`` (variables, ``role``, ``route``).

        The first variant whose condition holds and that has text for the role wins;
        otherwise the role's ``role_text``, otherwise ``text``.
        """
        at = self.variant_for(role, env) if env is not None else None
        return self.variants[at].text_for(role) if at is not None else self.role_text.get(role, self.text)

    def variant_for(self, role: str, env: Mapping[str, Any]) -> int | None:
        """The index of the variant whose text ``role`` reads in the end state ``env``, or None (the
        ending's own text): the first whose condition holds and that has text for the role."""
        for i, v in enumerate(self.variants):
            if v.text_for(role) and v.cond(env):
                return i
        return None


class Pack(Record):
    def __init__(self, root: Path, manifest: m.Manifest, variables: dict[str, VarInfo], sources: dict[str, SourceInfo],
                 roles: dict[str, m.Role], routes: dict[str, m.Route], scenes: dict[str, SceneC],
                 endings: dict[str, EndingC], content_hash: str, files: list[str] | None = None,
                 reads: Mapping[str, list[Where]] | None = None, writes: Mapping[str, list[Where]] | None = None,
                 warnings: list | None = None) -> None:
        self.root = root
        self.manifest = manifest
        self.variables = variables
        self.sources = sources
        self.roles = roles
        self.routes = routes
        self.scenes = scenes
        self.endings = endings  # in selection order
        self.content_hash = content_hash
        self.files = [] if files is None else files
        self.reads = Places() if reads is None else reads  # variable -> where it is read
        self.writes = Places() if writes is None else writes
        self.warnings = [] if warnings is None else warnings  # Diagnostics found while loading (SG110, SG111); `check` reports them

    @property
    def id(self) -> str:
        return self.manifest.id

    @property
    def title(self) -> str:
        return self.manifest.title

    @property
    def version(self) -> str:
        return self.manifest.version

    @property
    def start(self) -> str:
        return self.manifest.start

    @property
    def as_of(self) -> str:
        """What the scenario knows and when ('' when the pack does not say)."""
        return self.manifest.as_of.strip()

    @property
    def source_kind(self) -> str:
        """What to call the pack's sources together: their shared kind, else 'source'."""
        kinds = {s.kind for s in self.sources.values()}
        return kinds.pop() if len(kinds) == 1 else "source"

    def all_quotes(self) -> list[Quote]:
        quotes: list[Quote] = []
        for s in self.scenes.values():
            quotes += s.cite
            for c in s.choices:
                quotes += c.cite + c.result_cite
                for o in c.chance or []:
                    quotes += o.cite
        for e in self.endings.values():
            quotes += e.cite
        return quotes
