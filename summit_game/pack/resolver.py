"""Pass 3 of loading: references and expressions.

Declares the variables and sources, then resolves what scenes, choices and
endings refer to (ids, gotos, roles, sources and quotes) and compiles and
type-checks every condition and effect, reporting each problem at its
file:line:column.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .._lazy import lazy
from ._yaml import Located, find_control, not_utf8_hint
from .globbing import RealPaths, inside, what_is  # inside: here too for those who import it from the resolver
from .bounds import constant_parts, describe
from .citations import Quote, SourceText, fold_text
from .suggest import closest_id
from .compiled import Places, SceneC, SourceInfo, VarInfo, Where
from .diagnostics import Diagnostic, display_path, excerpt
from .rules import FLAG_HAS_NO_BOUNDS, RESERVED_NAMES
from .expr import Condition, EffectOp, ExprError, compile_condition, compile_effect

if TYPE_CHECKING:
    from . import model as m

difflib = lazy("difflib")  # only for "did you mean" hints

_CONSTANT_SET = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_]*\s*=\s*([-+]?\d+)\s*\Z")
#: the label every front end puts on the game's voice (consequences, endings, meter descriptions)
MODEL_SAYS = re.compile(r"\bthe game[’']s (?:own )?model\b", re.IGNORECASE)
MAX_SOURCE_BYTES = 2_000_000
MAX_SOURCES_BYTES = 20_000_000  # all of a pack's sources together, checked before they are read
_MISSING = object()
MAX_QUOTE_HINTS = 25  # quotes not found that get a closest-passage hint (each one searches a whole source)
MAX_GOTO_HINTS = 25  # gotos naming nothing that get a 'did you mean' (each one weighs every id of the pack)


#: a line of a text that is a key of a scene, choice, ending or citation (SG115)
SWALLOWED = re.compile(r"^[ \t]*(?:- )?(id|title|text|choices|label|goto|cite|quote|source|speaker|effects|if|roles|"
                       r"role_text|result_cite|chance|weight|auto|reason|unavailable|location|variants|debrief)"
                       r"[ \t]*:(?:[ \t]|$)", re.M)


class Resolver:
    def __init__(self, root: Path, manifest: m.Manifest, mdoc: Located, mshown: str, real: RealPaths | None = None):
        self.root = root
        self.real = real  # follows links, each folder once (``inside``), when given
        self.read: dict[Path, bytes] = {}  # each source file's bytes as read (for the pack's content hash)
        self.manifest = manifest
        # the roles a game can have (SG111 reads a condition's 'role' as one of them)
        self._all_roles = None if manifest is None else tuple(r.id for r in manifest.roles)
        self.diags: list[Diagnostic] = []
        self.warnings: list[Diagnostic] = []  # found while loading; `check` reports them with its own
        self.mdoc = mdoc
        self.mshown = mshown
        self._hints_left = MAX_QUOTE_HINTS
        self._goto_hints_left = MAX_GOTO_HINTS
        self._listed: tuple[object, str] = (None, "")  # (the ids, the start of their listing) for SG021's hint
        self.variables: dict[str, VarInfo] = {}
        self.var_types: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        self.sources: dict[str, SourceInfo] = {}
        self.reads = Places()
        self.writes = Places()
        self._told_no_sources = False
        self._distinct_sources: list[str] | None = None  # _source_ids
        # a duplicated scene or ending id -> the index of its SG020 in diags, and the gotos that name
        # no scene but look like it (the duplicate was probably meant to have that name)
        self.duplicates: dict[str, int] = {}
        self.misnamed: dict[str, list[tuple[str, Where]]] = {}
        self.duplicate_titles: dict[str, list[str]] = {}  # the titles of a duplicated id's later definitions
        # Packs repeat the same expressions ("trust += 1") many times: compile each text once.
        # The variables are fixed once declare() has run, so a text always compiles the same way.
        self._conditions: dict[str, Condition | ExprError] = {}
        self._constant: dict = {}  # condition text (and the roles, if it reads role) -> its parts constant within bounds
        self._effects: dict[str, EffectOp | ExprError] = {}
        self._outside: dict[str, tuple[str, str] | None] = {}  # effect text -> its SG035 (message, hint), if any

    def err(self, doc: Located, shown: str, path: tuple, code: str, msg: str, hint: str = "", offset: int = 0, key: bool = False):
        line, col = doc.where(path, key=key)
        if offset and path in doc.spans:
            col += offset + (1 if path in doc.quoted else 0)
        self.diags.append(Diagnostic(shown, line, col, code, msg, hint))

    def expr_err(self, doc: Located, shown: str, path: tuple, code: str, msg: str, offset: int = 0, hint: str = ""):
        """An error inside the expression at ``path``: point at its character ``offset``.

        Plain and quoted one-line scalars map offsets to columns directly; a block
        scalar (| or >) starts on the next line, so there we point at its indicator.
        """
        line, col = doc.where(path)
        if path in doc.spans and path not in doc.blocks:
            col += offset + (1 if path in doc.quoted else 0)
        self.diags.append(Diagnostic(shown, line, col, code, msg, hint))

    def literals(self, doc: Located, shown: str, path: tuple, literals: tuple) -> None:
        """Texts compared with ``role`` or ``route`` must name a declared role or route."""
        for name, text, offset in literals:
            if name == "role":
                known, code = [r.id for r in self.manifest.roles], "SG023"
            else:
                known, code = [r.id for r in self.manifest.routes], "SG027"
                if text == "":
                    continue  # route == '' means "no route chosen"
            if text in known:
                continue
            close = difflib.get_close_matches(text, known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else (f"{name}s: {', '.join(known)}" if known else f"the pack declares no {name}s")
            self.expr_err(doc, shown, path, code, f"unknown {name} '{text}'", offset, hint)

    def warn(self, doc: Located, shown: str, path: tuple, code: str, msg: str, hint: str = "") -> None:
        line, col = doc.where(path)
        self.warnings.append(Diagnostic(shown, line, col, code, msg, hint))

    def split_outcome(self, doc: Located, shown: str, path: tuple, goto: str, chance: list) -> None:
        """SG119: a chance outcome with only ``goto:`` after one without it: most likely a stray '- ' split
        one outcome in two, and the goto meant for the outcome above is an outcome of its own (weight 1,
        nothing said), drawn as often as the weights make it."""
        item = doc.value_at(path)  # the keys as written: an outcome that says 'effects: []' or 'weight: 1' is meant
        if not isinstance(item, dict) or set(item) != {"goto"}:
            return
        total = sum(o.weight for o in chance)
        above = doc.where(path[:-1] + (path[-1] - 1,))[0]
        self.warn(doc, shown, path, "SG119",
                  f"this outcome has only goto: {goto}; did a '- ' split the outcome above (line {above}) in two?",
                  f"as written it is an outcome of its own, drawn 1 time in {total} with no text; if the goto is the "
                  f"outcome above's, remove the '- ' before 'goto:' and line it up with that outcome's keys")

    def needs_if(self, doc: Located, shown: str, path: tuple, choice: "m.Choice") -> None:
        """SG117: what only a choice's ``if`` gives a meaning to (``unavailable: hide``, ``reason``) on a
        choice without one, which is always available: the author meant something that never happens."""
        if choice.unavailable == "hide":
            self.warn(doc, shown, path + ("unavailable",), "SG117",
                      f"unavailable: hide does nothing here: choice '{choice.id}' has no 'if', so it is always "
                      "available", "to show it only when a condition holds, give it that 'if:'; to show it to "
                      "some roles only, give it 'roles: [...]'; otherwise delete the line")
        if choice.reason is not None:
            self.warn(doc, shown, path + ("reason",), "SG117",
                      f"this reason is never shown: choice '{choice.id}' has no 'if', so it is never unavailable",
                      "a reason says why a choice is unavailable: give the choice the 'if:' it explains, "
                      "or delete the line")

    def swallowed(self, doc: Located, shown: str, path: tuple, text: str | None) -> None:
        """SG115: a text (a block, ``|``) whose lines go on into what were meant as keys: ``cite:`` or
        ``- quote: ...`` indented as deep as the text becomes part of it, and is shown to the player."""
        if text and "\n" in text and ":" in text and (m := SWALLOWED.search(text)):
            n = text.count("\n", 0, m.start()) + 1
            self.warn(doc, shown, path, "SG115",
                      f"line {n} of this text reads '{m.group(1)}:', a key, but is part of the text "
                      "(and would be shown to the player)",
                      "a text block (|) takes every line below it indented as deep as its first one: if "
                      f"'{m.group(1)}:' is meant as a key, indent it as the keys beside the text's own, or put "
                      "back the key it belongs under")

    def model_voice(self, doc: Located, shown: str, path: tuple, text: str | None, what: str) -> None:
        """SG112: text every front end already labels "The game's model" says so itself, so it reads twice."""
        # "model" in text.lower() first: 20 times faster than the search, and true of every text it
        # matches (no character but M, O, D, E, L matches those letters under re.IGNORECASE)
        if text and "model" in text.lower() and (m := MODEL_SAYS.search(text)):
            self.warn(doc, shown, path, "SG112",
                      f"this {what} says '{m.group(0)}': the game shows it labelled as the game's model "
                      "already, so the player reads it twice",
                      "leave the label to the game: write the model's claim as a plain sentence")

    def where(self, doc: Located, shown: str, path: tuple) -> Where:
        """The place of ``path``, looked up when it is first read (``Where.later``)."""
        return Where.later(shown, doc, path)

    # -- declarations
    def declare(self) -> None:
        doc, shown, man = self.mdoc, self.mshown, self.manifest
        for name, var in man.variables.items():
            p = ("variables", name)
            kind = var.type or ("flag" if isinstance(var.start, bool) else "meter")
            if kind == "flag" and not isinstance(var.start, bool):
                self.err(doc, shown, p + ("start",), "SG012", f"flag '{name}' must start true or false")
            if kind == "flag":
                raw = doc.value["variables"][name]
                for key in [k for k in ("min", "max") if k in raw]:  # a meter's: misplaced, as SG010 says of others
                    self.err(doc, shown, p + (key,), "SG010", FLAG_HAS_NO_BOUNDS.format(key=key),
                             "delete the line, or make it a meter (type: meter, and start at a whole number)",
                             key=True)
            if kind == "meter":
                if isinstance(var.start, bool):
                    self.err(doc, shown, p + ("start",), "SG012", f"meter '{name}' must start at a whole number")
                elif var.min > var.max:
                    self.err(doc, shown, p + ("min",), "SG035", f"min {var.min} is above max {var.max}")
                elif not var.min <= var.start <= var.max:
                    self.err(doc, shown, p + ("start",), "SG035", f"start {var.start} is outside {var.min}..{var.max}")
            if name in RESERVED_NAMES:
                self.err(doc, shown, p, "SG012", f"'{name}' is a reserved name", key=True)
            self.variables[name] = VarInfo(
                name, kind, var.label or name.replace("_", " "), var.start, var.min, var.max, var.good,
                var.show if var.show is not None else kind == "meter", var.description or "",
                Where(shown, *doc.where(p, key=True)),  # the variable's name, where authors look for it
                self.role_texts(doc, shown, p + ("good_for",), var.good_for),
            )
            self.model_voice(doc, shown, p + ("description",), var.description, "description")
            self.var_types[name] = self.variables[name].type
            self.labels[name] = self.variables[name].label
        self.declare_sources(man.sources)
        # roles
        seen: dict[str, int] = {}
        for i, role in enumerate(man.roles):
            p = ("roles", i)
            if role.id in seen:
                first = doc.where(("roles", seen[role.id], "id"))[0]
                self.err(doc, shown, p + ("id",), "SG020",
                         f"duplicate role id '{role.id}' (first defined at line {first})",
                         "each role has its own id: rename one")
            seen.setdefault(role.id, i)
            self.check_values(doc, shown, p + ("start",), role.start)
        seen = {}
        for i, route in enumerate(man.routes):
            p = ("routes", i)
            if route.id in seen:
                first = doc.where(("routes", seen[route.id], "id"))[0]
                self.err(doc, shown, p + ("id",), "SG020",
                         f"duplicate route id '{route.id}' (first defined at line {first})",
                         "each route has its own id: rename one")
            seen.setdefault(route.id, i)
            self.check_values(doc, shown, p + ("set",), route.set)

    def declare_sources(self, sources: list[m.Source]) -> None:
        """Read each source's text (the ``sources:`` of pack.yaml): files, encodings, paragraphs."""
        doc, shown = self.mdoc, self.mshown
        total = 0
        for i, src in enumerate(sources):
            p = ("sources", i)
            if src.id in self.sources:
                first = next((doc.where(("sources", j, "id"))[0] for j, other in enumerate(sources[:i])
                              if other.id == src.id), 0)
                self.err(doc, shown, p + ("id",), "SG020", f"duplicate source id '{src.id}' (first defined at line {first})",
                         "each source has its own id, which citations name: rename one")
                continue
            if "\x00" in src.file or not src.file.strip():
                self.err(doc, shown, p + ("file",), "SG026", "source file name is empty or holds a NUL character")
                continue
            f = self.root / src.file
            kind = what_is(f)  # a stat only: nothing is read yet
            if kind not in ("file", "missing", "folder", "other"):  # the system refuses the name: too long, a link loop
                self.err(doc, shown, p + ("file",), "SG026", f"cannot read source file '{excerpt(src.file, 200)}': {kind}")
                continue
            if not inside(self.root, f, self.real):
                self.err(doc, shown, p + ("file",), "SG026", f"source file '{src.file}' is outside the pack folder")
                continue
            if kind != "file":  # a folder, a device or a FIFO (which would block the read forever)
                what = "does not exist" if kind == "missing" else "is not a regular file"
                self.err(doc, shown, p + ("file",), "SG026", f"source file '{excerpt(src.file, 200)}' {what}",
                         self.nearby(src.file))
                continue
            try:
                size = f.stat().st_size
                if size > MAX_SOURCE_BYTES:
                    self.err(doc, shown, p + ("file",), "SG026", f"source file '{src.file}' is over {MAX_SOURCE_BYTES:,} bytes")
                    continue
                total += size
                if total > MAX_SOURCES_BYTES:
                    self.err(doc, shown, p + ("file",), "SG026",
                             f"the sources up to '{src.file}' are over {MAX_SOURCES_BYTES:,} bytes together; "
                             f"that is the limit for a pack")
                    return
                data = f.read_bytes()
                self.read[f] = data
                text = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                before = data[:exc.start]
                line, col = before.count(b"\n") + 1, len(before) - (before.rfind(b"\n") + 1) + 1
                self.err(doc, shown, p + ("file",), "SG026",
                         f"cannot read source file '{src.file}': not valid UTF-8 (byte 0x{data[exc.start]:02x} "
                         f"on its line {line}, column {col})",
                         not_utf8_hint(data))
                continue
            except OSError as exc:
                self.err(doc, shown, p + ("file",), "SG026", f"cannot read source file '{src.file}': {exc.strerror or exc}")
                continue
            bad = find_control(text.replace("\r\n", "\n"))
            if bad:
                line = text.count("\n", 0, bad.start()) + 1
                self.err(doc, shown, p + ("file",), "SG026",
                         f"source file '{src.file}' has control character U+{ord(bad.group()):04X} on its line {line}",
                         "it would reach the player's terminal; remove it")
                continue
            st = SourceText.from_text(text)
            if st.problems:
                where = display_path(f, Path.cwd())
                for problem in st.problems:
                    self.diags.append(Diagnostic(where, problem.line, problem.column, "SG029",
                                                 f"source '{src.id}': {problem.message}", problem.hint))
                continue
            if not st.body.strip():  # one error for the file, not one 'not found' per quote of it
                self.err(doc, shown, p + ("file",), "SG026",
                         f"source file '{src.file}' has no text" + (" after its front matter" if text.strip() else ""),
                         "paste the text you quote into it (see docs/authoring.md, 'Source texts')")
                continue
            self.sources[src.id] = SourceInfo(src, st)

    def nearby(self, name: str) -> str:
        """'did you mean' among the pack's own files (for a misspelt source file)."""
        files: list[str] = []
        try:
            for f in self.root.rglob("*"):
                if len(files) >= 2000:
                    break
                if f.is_file():
                    files.append(f.relative_to(self.root).as_posix())
        except OSError:
            return ""
        close = difflib.get_close_matches(name, files, n=1)
        return f"did you mean '{close[0]}'?" if close else ""

    def check_values(self, doc: Located, shown: str, path: tuple, values: dict) -> None:
        for name, value in values.items():
            info = self.variables.get(name)
            if info is None:
                close = difflib.get_close_matches(name, list(self.variables), n=1)
                hint = f"did you mean '{close[0]}'?" if close else ""
                if name in ("role", "route"):
                    hint = (f"'{name}' is set by the game (the {name} the player chose), not a variable: remove this "
                            "line; start values are for the variables under 'variables:' in pack.yaml")
                self.err(doc, shown, path + (name,), "SG031", f"unknown variable '{name}'", hint, key=True)
                continue
            self.writes.add(name, shown, *doc.where(path + (name,)))
            if info.kind == "flag" and not isinstance(value, bool):
                self.err(doc, shown, path + (name,), "SG032", f"'{name}' is a flag: use true or false")
            elif info.kind == "meter":
                if isinstance(value, bool):
                    self.err(doc, shown, path + (name,), "SG032", f"'{name}' is a meter: use a whole number")
                elif info.min <= info.max and not info.min <= value <= info.max:
                    self.err(doc, shown, path + (name,), "SG035", f"{name} = {value} is outside {info.min}..{info.max}")

    # -- expressions and citations
    def cond(self, doc: Located, shown: str, path: tuple, source: str | None,
             roles: list[str] | None = None) -> Condition | None:
        """``source`` compiled (None when it is None or has errors); ``roles``: a choice's ``roles:``,
        for SG111 (which roles can be reading it)."""
        if source is None:
            return None
        c = self._conditions.get(source)
        if c is None:
            try:
                c = compile_condition(source, self.var_types, self.labels)
            except ExprError as e:
                c = e
            self._conditions[source] = c
        if isinstance(c, ExprError):
            self.expr_err(doc, shown, path, c.code, c.message, c.offset)
            return None
        if c.literals:
            self.literals(doc, shown, path, c.literals)
        if c.reads:
            later = self.reads.later
            for name in c.reads:
                later(name, shown, doc, path)
        self.bounds_warnings(doc, shown, path, source, roles)
        return c

    def bounds_warnings(self, doc: Located, shown: str, path: tuple, source: str,
                        roles: list[str] | None = None) -> None:
        """SG111: a condition (or a comparison in it) with one value whatever the variables hold (and
        whichever role can read it: ``roles``, a choice's, or else any of the pack's)."""
        can = tuple(roles) if roles is not None else self._all_roles
        key = (source, can, roles is not None) if "role" in source else source
        parts = self._constant.get(key)
        if parts is None:
            parts = self._constant[key] = constant_parts(source, self.variables, can, roles is not None)
        for part in parts:
            line, col = doc.where(path)
            if path in doc.spans and path not in doc.blocks:
                col += part.offset + (1 if path in doc.quoted else 0)
            message, hint = describe(part, self.variables)
            self.warnings.append(Diagnostic(shown, line, col, "SG111", message, hint))

    def effects(self, doc: Located, shown: str, path: tuple, sources: list[str]) -> list[EffectOp]:
        out = []
        for i, s in enumerate(sources):
            e = self._effects.get(s)
            if e is None:
                try:
                    e = compile_effect(s, self.var_types)
                except ExprError as ex:
                    e = ex
                self._effects[s] = e
            if isinstance(e, ExprError):
                self.expr_err(doc, shown, path + (i,), e.code, e.message, e.offset)
                continue
            if e.literals:
                self.literals(doc, shown, path + (i,), e.literals)
            outside = self._outside.get(s, _MISSING)
            if outside is _MISSING:  # once per text: a meter set to a constant outside its bounds
                outside = self._outside[s] = None
                info = self.variables.get(e.target)
                constant = _CONSTANT_SET.match(s)
                if info is not None and info.kind == "meter" and constant:
                    value = int(constant.group(1))
                    if not info.min <= value <= info.max:
                        outside = self._outside[s] = (
                            f"{e.target} = {value} is outside {info.min}..{info.max}",
                            "effects are clamped to the bounds, so this would set it to "
                            f"{max(info.min, min(info.max, value))}")
            if outside is not None:
                self.err(doc, shown, path + (i,), "SG035", *outside)
            at = path + (i,)
            self.writes.later(e.target, shown, doc, at)
            for name in e.reads:
                if name != e.target:
                    self.reads.later(name, shown, doc, at)
            out.append(e)
        return out

    def expect_quotes(self, entries: Iterable[m.Scene | m.Ending]) -> None:
        """Tell each source how many quotes of these scenes and endings are about to be looked up
        in it (an upper bound: a quote text is looked up once), so that it can index itself first
        when that pays (``SourceText.expect``)."""
        ids = self._source_ids()
        default = ids[0] if len(ids) == 1 else None  # as ``cites`` reads a citation without 'source:'
        counts: dict[str | None, int] = {}
        lists = []  # every list of citations (most choices have one, few have more)
        for obj in entries:
            if obj.cite:
                lists.append(obj.cite)
            for ch in getattr(obj, "choices", ()):
                if ch.cite:
                    lists.append(ch.cite)
                if ch.result_cite:
                    lists.append(ch.result_cite)
                if ch.chance:
                    lists += [o.cite for o in ch.chance if o.cite]
        for cites in lists:
            for c in cites:
                sid = c.source or default
                counts[sid] = counts.get(sid, 0) + 1
        for sid, n in counts.items():
            if sid in self.sources:
                self.sources[sid].text.expect(n)
        # Every quote is looked up here, one after another, while its source is in the processor's
        # cache; ``cites`` then finds each answer kept (``SourceText.cited``). Looked up scene by
        # scene instead, each search read the source back from memory: 2.8 ms of a 100-scene load.
        sources = self.sources
        for cites in lists:
            for c in cites:
                src = sources.get(c.source or default)
                if src is not None:
                    src.text.cited(c.quote)

    def _source_ids(self) -> list[str]:
        """The manifest's source ids, each once: a source declared twice is one (its SG020 says so). Made
        once per load, not once per list of citations (400 of them in a 100-scene pack: 1% of a load)."""
        if self._distinct_sources is None:
            self._distinct_sources = list(dict.fromkeys(s.id for s in self.manifest.sources))
        return self._distinct_sources

    def cites(self, doc: Located, shown: str, path: tuple, cites: list[m.Citation]) -> list[Quote]:
        out = []
        sources = self.manifest.sources
        distinct = self._source_ids()
        only = distinct[0] if len(distinct) == 1 else None  # the source a citation without one is from
        for i, c in enumerate(cites):
            sid = c.source
            if sid is None:
                sid = only
            if sid is None:
                if not sources:
                    if not self._told_no_sources:  # one error says it; the rest would repeat it
                        self._told_no_sources = True
                        self.err(doc, shown, path + (i,), "SG024", "this quote has no source: the pack declares none",
                                 "add the text you quote under 'sources:' in pack.yaml (see docs/authoring.md)")
                    continue
                ids = ", ".join(distinct)
                having = [o.id for o in self.sources.values() if o.text.cited(c.quote) is not None]
                self.err(doc, shown, path + (i,), "SG024", "say which source this quote is from (source: ...)",
                         f"the pack has {len(distinct)} sources: {ids}" +
                         (f"; these words are in '{having[0]}': write 'source: {having[0]}'" if len(having) == 1 else ""))
                continue
            src = self.sources.get(sid)
            if src is None:
                if any(s.id == sid for s in sources):
                    continue  # the source file itself failed; already reported
                close = difflib.get_close_matches(sid, [s.id for s in sources], n=1)
                self.err(doc, shown, path + (i, "source"), "SG024", f"unknown source '{sid}'",
                         f"did you mean '{close[0]}'?" if close else "")
                continue
            text = src.text
            found = text.cited(c.quote)
            if found is None:
                other = next((o for o in self.sources.values() if o is not src and o.text.cited(c.quote) is not None), None)
                if other is not None:  # the right words, the wrong source
                    hint = (f"these words are in source '{other.id}'"
                            f" ({other.text.place(other.text.cited(c.quote)[2])}): write 'source: {other.id}'")
                    self.err(doc, shown, path + (i, "quote"), "SG025", f"quote not found in source '{sid}'", hint)
                    continue
                front, end_line = text.front_matter
                if front and fold_text(c.quote).strip() and fold_text(c.quote).strip() in fold_text(front):
                    self.err(doc, shown, path + (i, "quote"), "SG025", f"quote not found in source '{sid}'",
                             f"these words are in its front matter (lines 1 to {end_line}), which is a note for "
                             "people and is never quoted: to quote them, put them in the text below it")
                    continue
                # the closest passage is a search through the whole source: for the first few only
                self._hints_left -= 1
                hint = (text.hint(c.quote, c.speaker) if self._hints_left >= 0 else
                        f"(no closest passage shown after the first {MAX_QUOTE_HINTS} quotes not found)")
                self.err(doc, shown, path + (i, "quote"), "SG025", f"quote not found in source '{sid}'", hint)
                continue
            start, end, paragraph, across, ref, in_marks = found
            if across:
                advice = text.speakers(text.named_parts(start, end), c.speaker)
                self.err(doc, shown, path + (i, "quote"), "SG025",
                         f"quote runs across a paragraph break in source '{sid}'",
                         "quote each paragraph as its own citation" + (f"; {advice}" if advice else ""))
                continue
            speaker = c.speaker
            in_block = src.text.block_quote(paragraph)  # a Markdown block quote: someone's words, as marks say
            if speaker:
                speaker = " ".join(speaker.split())
                if not in_marks and not in_block:
                    self.warn(doc, shown, path + (i, "speaker"), "SG118",
                              f"'{excerpt(speaker)}' is named as the speaker, but these words are not inside "
                              f"quotation marks in source '{sid}' ({src.text.place(paragraph)}): the game would "
                              "show the source's own words as theirs",
                              f"if the source says this itself, delete the 'speaker:' line; if it quotes "
                              f"{excerpt(speaker)}, cite the words it puts in quotation marks (or in a Markdown "
                              "block quote, a paragraph that starts with '>')")
            else:
                speaker = None
                if in_marks or in_block:
                    where = ("inside quotation marks" if in_marks else
                             "in a block quote (a paragraph that starts with '>')")
                    self.warn(doc, shown, path + (i, "quote"), "SG110",
                              f"this quote is {where} in source '{sid}' ({src.text.place(paragraph)}): "
                              "the source shows it is reported speech, but the citation names no speaker",
                              f"say who speaks (speaker: NAME), so it is labelled as their words, as quoted "
                              f"in the {src.kind}, not as the {src.kind}'s own argument")
            out.append(Quote(sid, c.quote, c.note, paragraph, start, end, ref, speaker))
        return out

    def goto(self, doc: Located, shown: str, path: tuple, target: str | None, ids: set[str]) -> None:
        if target is None or target in ids or target == "end":
            return
        self._goto_hints_left -= 1
        close = closest_id(target, [*ids, "end"]) if self._goto_hints_left >= 0 else None
        meant = close if close in self.duplicates else None
        if meant is None and close is None:
            # a copied scene whose id was left as it was: the goto names it by its title's words
            # ("goto: vote" for the second 'offer', titled "The vote")
            words = set(target.split("_")) - {""}
            meant = next((sid for sid, titles in self.duplicate_titles.items()
                          if any(words <= set(re.findall(r"[a-z0-9]+", t.lower())) for t in titles)), None)
        if meant is not None:
            # one mistake, one error: the duplicate's SG020 names this goto (explain_duplicates)
            self.misnamed.setdefault(meant, []).append((target, self.where(doc, shown, path)))
            return
        if close == "end":
            hint = "did you mean 'end' (the first ending whose 'if' holds)?"
        elif close:
            hint = f"did you mean '{close}'?"
        else:
            if self._listed[0] is not ids:  # one listing for every goto: sorting 9,000 ids 9,000 times is not
                names = sorted(ids)
                self._listed = (ids, ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else ""))
            listed = self._listed[1]
            hint = (f"goto takes the id of a scene or an ending ({listed}), or 'end': the first ending whose "
                    "'if' holds")
            if self._goto_hints_left < 0:
                hint += f" (no 'did you mean' searched after the first {MAX_GOTO_HINTS} gotos that name nothing)"
        self.err(doc, shown, path, "SG021", f"goto '{target}' names no scene or ending", hint)

    def explain_duplicates(self) -> None:
        """A duplicate id whose near-namesake a goto names: say so in the duplicate's error."""
        for sid, gotos in self.misnamed.items():
            i = self.duplicates[sid]
            names = sorted({t for t, _ in gotos})
            where = ", ".join(f"{w.file}:{w.line}" for _, w in gotos[:3])
            wanted = " or ".join(f"'{n}'" for n in names)
            self.diags[i] = self.diags[i].replace(hint=(
                f"goto {wanted} ({where}) names no scene or ending: if this is the scene it means, rename "
                f"this one {wanted}; if not, correct that goto"))

    def role_texts(self, doc: Located, shown: str, path: tuple, texts: dict[str, str],
                   model: str | None = None, seen_by: list[str] | None = None,
                   what: str = "choice") -> dict[str, str]:
        """``model`` names the text when the game shows it labelled as its model (SG112); ``seen_by``, a
        choice's (or a scene's, ``what``) ``roles:``: a text for a role not among them is never shown (SG120)."""
        if not texts:
            return {}
        known = {r.id for r in self.manifest.roles}
        for role in texts:
            if seen_by is not None and role in known and role not in seen_by:
                line, col = doc.where(path + (role,), key=True)
                self.warnings.append(Diagnostic(
                    shown, line, col, "SG120",
                    f"role_text for '{role}', a role this {what} is not "
                    f"{'shown to' if what == 'choice' else 'for'} (roles: {', '.join(seen_by)}): no player reads it",
                    f"add '{role}' to the {what}'s roles:, or delete this text"))
            self.swallowed(doc, shown, path + (role,), texts[role])
            if model:
                self.model_voice(doc, shown, path + (role,), texts[role], model)
            if role not in known:
                close = difflib.get_close_matches(role, sorted(known), n=1)
                self.err(doc, shown, path + (role,), "SG023", f"unknown role '{role}'",
                         f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(sorted(known))}", key=True)
        return dict(texts)

    def roles(self, doc: Located, shown: str, path: tuple, roles: list[str] | None) -> tuple[str, ...] | None:
        if roles is None:
            return None
        known = {r.id for r in self.manifest.roles}
        for i, r in enumerate(roles):
            if r not in known:
                close = difflib.get_close_matches(r, sorted(known), n=1)
                self.err(doc, shown, path + (i,), "SG023", f"unknown role '{r}'",
                         f"did you mean '{close[0]}'?" if close else f"roles: {', '.join(sorted(known))}")
        return tuple(roles)


def auto_loops(scenes: dict[str, SceneC]) -> list[list[str]]:
    """Cycles of scenes whose first auto route has no condition (the player could never stop)."""
    nxt = {sid: s.auto[0][1] for sid, s in scenes.items() if s.auto and s.auto[0][0] is None}
    loops: list[list[str]] = []
    done: set[str] = set()
    for sid in scenes:
        trail: list[str] = []
        at = sid
        while at in nxt and at not in done and at not in trail:
            trail.append(at)
            at = nxt[at]
        if at in trail:
            loops.append(trail[trail.index(at):])
        done.update(trail)
    return loops
