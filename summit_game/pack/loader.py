"""Folder -> checked, compiled ``Pack``; or every located error found.

Loading is in three passes, each reporting all it finds before stopping:
1. read every file (size, encoding, YAML safety) with positions;
2. validate shapes with the pydantic models, mapping each error back to
   its file:line:column, with "did you mean" for misspelt keys;
3. resolve references: ids, gotos, roles, sources and quotes, and compile
   and type-check every condition and effect.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import comments, expr, invisible, shape
from ._yaml import Located, YamlProblem, read_yaml
from .compiled import (
    ChoiceC,
    EndingC,
    OutcomeC,
    Pack,
    SceneC,
    SourceInfo,
    VarInfo,
    VariantC,
    Where,
)
from .diagnostics import Diagnostic, PackError, display_path, excerpt
from .globbing import RealPaths, TooMany, find, what_is
from .resolver import MAX_SOURCE_BYTES, Resolver, auto_loops, inside
from .suggest import closest_id

if TYPE_CHECKING:
    from . import model as m


MANIFEST = "pack.yaml"
MAX_FILES = 400
MAX_SCENE_BYTES = 20_000_000  # all scene files together
RESERVED = {"end"}
#: the compiled scenes' and choices' empty lists (no quotes, no effects, no auto routes): one list for
#: all of them (most choices have no result_cite, most scenes no auto; nothing changes a compiled
#: pack's lists after loading), so a pack of 1,000 scenes keeps 5,000 fewer lists for the collector
_NONE: list = []

# The compiled types are re-exported: ``from summit_game.pack.loader import Pack`` keeps working.
__all__ = [
    "MANIFEST", "MAX_FILES", "MAX_SOURCE_BYTES", "ChoiceC", "EndingC", "OutcomeC", "Pack", "SceneC",
    "SourceInfo", "VarInfo", "Where", "load_pack", "load_sources", "paused_gc",
]


# ---------------------------------------------------------------- pass 1


def _read(path: Path, shown: str, diags: list[Diagnostic], lean: bool = False,
          kept: dict[Path, bytes] | None = None, refused: set | None = None) -> Located | None:
    """Read one YAML file (``kept``, if given, keeps its bytes for the content hash; ``lean``: see
    ``read_yaml``; ``refused``: see ``invisible.check``)."""
    try:
        size = path.stat().st_size
        if size > 1_000_000:
            diags.append(Diagnostic(shown, 0, 0, "SG002", f"file is {size:,} bytes; the limit is 1,000,000",
                                    "split it: a pack may have many scene files (scene_files: in pack.yaml)"))
            return None
        data = path.read_bytes()
        if kept is not None:
            kept[path] = data
    except OSError as exc:
        diags.append(Diagnostic(shown, 0, 0, "SG001", f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        # A scene file that cites nothing has a warning on each of its choices (SG105, "cites no source"),
        # and placing the first has it read again for its lists' items (``Located``): it is read placing
        # them now. One search of its bytes; any file that cites is read lean, as before.
        doc = read_yaml(data, shown, lean, items=lean and b"cite" not in data)
    except YamlProblem as problem:
        diags.append(problem.diagnostic)
        return None
    diags += invisible.check(doc, data, shown, refused)  # one search, unless it holds an invisible character (SG036)
    diags += comments.check(doc, data, shown)  # one search, unless a value is followed by '#word' (SG116)
    return doc


def _valid_entries(value: Any):
    from . import scene_pieces

    return scene_pieces.valid_entries(value)


def _hash_files(root: Path, files: list[Path], read: dict[Path, bytes] | None = None) -> str:
    """The pack's content hash: each file's name and bytes, in name order. ``read`` holds the bytes
    of the files already read (the ones loaded, so the hash is of what was loaded); others are read."""
    read = read or {}
    h = hashlib.sha256()
    for name, f in sorted((f.relative_to(root).as_posix(), f) for f in files):
        h.update(os.fsencode(name) + b"\0")
        data = read.get(f)
        if data is None:
            try:
                data = f.read_bytes()
            except OSError:
                data = b""
        h.update(data)
        h.update(b"\0")
    return h.hexdigest()


def _validate(model: str, doc: Located, shown: str, diags: list[Diagnostic], bad_ids: list | None = None) -> Any:
    """Pass 2 for one file: its value as the model, or None with its located errors in ``diags``.

    A plainly valid file is validated without pydantic (``shape``); anything else goes to the
    pydantic models themselves, which say what is wrong and where.
    """
    value = shape.validate(model, doc.value)
    if value is not None:
        return value
    from pydantic import ValidationError

    from . import model as models
    from .shape_errors import schema_errors

    cls = getattr(models, model)
    try:
        return cls.model_validate(doc.value)
    except ValidationError as exc:
        diags += schema_errors(exc, doc, cls, shown, bad_ids)
        return None


def _titled(diags: list[Diagnostic], bad_ids: list, docs: list[Located]) -> list[Diagnostic]:
    """``diags`` where a goto or start that is not a valid id is a scene's or ending's title ('goto: The
    offer'): its hint names that one's id, instead of an id made from the title's words."""
    wanted = [(d, path, value) for d, path, value in bad_ids
              if path and path[-1] in ("goto", "start") and isinstance(value, str)]
    if not wanted:
        return diags
    titled: dict[str, tuple[str, str]] = {}  # a title, folded -> (scene or ending, its id)
    for doc in docs:
        if not isinstance(doc.value, dict):
            continue
        for key, kind in (("scenes", "scene"), ("endings", "ending")):
            items = doc.value.get(key)
            for item in items if isinstance(items, list) else ():
                if isinstance(item, dict) and isinstance(item.get("title"), str) and isinstance(item.get("id"), str):
                    titled.setdefault(" ".join(item["title"].split()).casefold(), (kind, item["id"]))
    hints: dict[int, str] = {}
    for d, path, value in wanted:
        found = titled.get(" ".join(value.split()).casefold())
        if found is not None:
            kind, sid = found
            hints[id(d)] = f"that is the title of {kind} '{sid}'; {path[-1]} takes its id: write {path[-1]}: {sid}"
    return [d.replace(hint=hints[id(d)]) if id(d) in hints else d for d in diags]


#: whether a front end froze the heap (``freeze_heap``): a load then leaves it frozen. (``gc.get_freeze_count()``
#: would tell, but it counts the frozen objects one by one: 11 ms a call with a game's heap frozen, on every load.)
_heap_frozen = False


def freeze_heap() -> None:
    """Collect, then keep every object alive now out of all later collections (``gc.freeze``), and note it, so
    that later loads leave the heap frozen. The front ends call it once their pack is loaded (a full collection
    scanning the pack fell on the first choice), and the served tabs' warm parent before it forks."""
    global _heap_frozen
    gc.collect()
    gc.freeze()
    _heap_frozen = True


def heap_frozen() -> bool:
    """Whether ``freeze_heap`` froze the heap (``gc.freeze`` called directly is not seen)."""
    return _heap_frozen


@contextlib.contextmanager
def paused_gc():
    """Pause the cyclic garbage collector while building many small objects.

    Loading allocates hundreds of thousands of dicts, lists and tuples that live on;
    the collector would scan them again and again (a third of the load time of a
    1,000-scene pack) and find almost no cycles. It is switched back on at the end.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if not _heap_frozen:
                # What the pause allocated goes straight to the oldest generation, unscanned:
                # switched back on, the collector would otherwise scan it all at the next
                # allocation (6.8 ms after a 1,000-scene load), only to find what every load
                # finds, no cycles. Only when nothing else is frozen (``freeze_heap`` keeps the
                # front ends' loaded packs out of every scan; ``unfreeze`` would undo that).
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def load_pack(folder: str | Path) -> Pack:
    """Load and check a pack folder. Raises ``PackError`` with every error found."""
    with paused_gc():
        return _load_pack(folder)


def enclosing_pack(path: Path, levels: int = 8) -> Path | None:
    """The nearest folder above ``path`` that holds pack.yaml (a scene file or ``scenes/`` given for the
    pack), or None."""
    try:
        at = path.absolute()
    except OSError:
        return None
    for parent in list(at.parents)[:levels]:
        if what_is(parent / MANIFEST) == "file":
            return parent
    return None


def _no_manifest_hint(root: Path) -> str:
    """A file that is the manifest misnamed (pack.yml, Pack.yaml), the pack folder above, or how to start a pack."""
    try:
        names = sorted(p.name for p in root.iterdir() if p.name.lower() in ("pack.yaml", "pack.yml"))
    except OSError:
        names = []
    if names:
        return f"rename {names[0]} to {MANIFEST}: only that name is read"
    above = enclosing_pack(root)
    if above is not None:
        return f"this folder is inside a pack: give the folder that holds {MANIFEST}, {display_path(above)}"
    return f"a pack folder holds {MANIFEST}; 'summit-game new DIR' writes a small working pack to start from"


def _check_folder(root: Path, shown: str) -> None:
    kind = what_is(root)
    if kind != "folder":
        what = {"missing": "pack folder does not exist", "file": "this is a file: a pack is a folder",
                "other": "pack folder is not a folder"}.get(kind, f"pack folder cannot be read: {kind}")
        hint = ""
        if kind == "file" and root.suffix.lower() in (".yaml", ".yml"):  # a lone scene file
            hint = (f"give the folder that holds {MANIFEST} (a scene file is checked with its pack: its gotos, "
                    f"variables and sources are the pack's); 'summit-game new DIR' writes a small pack to put it in")
        elif kind == "file":
            hint = f"give a pack's folder (the one that holds {MANIFEST})"
        if kind == "file" and root.name == MANIFEST:  # the manifest named instead of its folder
            hint = f"give the folder that holds {MANIFEST}: {display_path(root.parent)}"
        elif kind == "file" and (above := enclosing_pack(root)) is not None:  # a scene file named
            hint = (f"this is a file of the pack in {display_path(above)}: give that folder (the one that holds "
                    f"{MANIFEST}); every file of the pack is checked with it")
        raise PackError([Diagnostic(shown, 0, 0, "SG001", what, hint)])


def _check_manifest(root: Path, mpath: Path, mshown: str) -> None:
    """``PackError`` unless pack.yaml is a regular file (a stat only: a FIFO is never opened)."""
    kind = what_is(mpath)
    if kind == "file":
        return
    if kind == "missing":
        raise PackError([Diagnostic(mshown, 0, 0, "SG001", f"no {MANIFEST} in the pack folder", _no_manifest_hint(root))])
    what = ("is not a regular file (a device, FIFO or socket, or a link to one)" if kind == "other"
            else "is a folder" if kind == "folder" else f"cannot be read: {kind}")
    raise PackError([Diagnostic(mshown, 0, 0, "SG001", f"{MANIFEST} {what}",
                                f"{MANIFEST} is a plain YAML file in the pack folder")])


def _load_pack(folder: str | Path) -> Pack:
    expr.forget_trees()  # the shared expression trees are the pack's being loaded, and no other's
    root = Path(folder)
    base = Path.cwd()
    real = RealPaths()  # links followed, each folder once: for containment and display paths
    diags: list[Diagnostic] = []
    shown_root = display_path(root, base, real)
    _check_folder(root, shown_root)
    kept: dict[Path, bytes] = {}  # each file's bytes as read, for the content hash
    mpath = root / MANIFEST
    mshown = display_path(mpath, base, real)
    _check_manifest(root, mpath, mshown)
    if not inside(root, mpath, real):  # the same containment as scene and source files: never read what it points at
        raise PackError([Diagnostic(mshown, 0, 0, "SG001", f"{MANIFEST} links outside the pack folder",
                                    "copy the file into the pack instead of linking to it")])
    invisible_at: set[tuple[str, int, int]] = set()  # where a value with an SG036 starts: its shape error is not said too
    mdoc = _read(mpath, mshown, diags, kept=kept, refused=invisible_at)
    if mdoc is None:
        raise PackError(diags)
    if not isinstance(mdoc.value, dict):
        got = {list: "a list", type(None): "an empty file"}.get(type(mdoc.value), f"a single value ('{excerpt(mdoc.value)}')")
        line, col = mdoc.where(())
        raise PackError([Diagnostic(mshown, line, col, "SG012",
                                    f"pack.yaml must be a mapping of keys (id:, title:, ...), but it is {got}")])
    bad_ids: list = []  # values that are not valid ids: a goto may give a title (_titled)
    manifest = _validate("Manifest", mdoc, mshown, diags, bad_ids)
    # scene files
    patterns = mdoc.value.get("scene_files", ["scenes/*.yaml"]) if manifest is None else manifest.scene_files
    if not isinstance(patterns, list):
        patterns = ["scenes/*.yaml"]
    files: list[Path] = []
    chosen: set[Path] = set()  # a set: a list's 'in' made 20,000 files quadratic before the limit was read
    ppath = root / "playtest.yaml"  # never a scene file, whatever a pattern matches (playtest reads it)
    refused: set[Path] = set()  # matched but not plain files: said once
    for pattern in patterns:
        if (not isinstance(pattern, str) or not pattern or "\x00" in pattern or pattern.startswith("/")
                or ".." in pattern.replace("\\", "/").split("/")):
            continue  # the model reports these (when the manifest is otherwise valid)
        unreadable: list[tuple[Path, str]] = []
        try:
            found = find(root, pattern, unreadable=unreadable)  # bounded: no link loops, '**/**' once, a cap on names looked at
        except TooMany as exc:
            raise PackError([Diagnostic(mshown, *mdoc.where(("scene_files",)), "SG002",
                                        f"scene_files: pattern '{excerpt(pattern)}': {exc}")]) from None
        except (ValueError, OSError, re.error) as exc:
            diags.append(Diagnostic(mshown, *mdoc.where(("scene_files",)), "SG012",
                                    f"scene_files: cannot use pattern '{excerpt(pattern)}': {exc}"))
            continue
        for folder, reason in unreadable:  # its scene files would be left out, and the pack read without them
            diags.append(Diagnostic(display_path(folder, base, real), 0, 0, "SG001",
                                    f"this folder of scene files cannot be read: {reason}",
                                    "let its files be read (chmod a+rX on it, say), or move them out of it"))
        if not found and "scene_files" in mdoc.value:
            line, col = mdoc.where(("scene_files",))
            diags.append(Diagnostic(mshown, line, col, "SG001", f"scene_files: pattern '{pattern}' matches no file",
                                    "patterns are relative to the pack folder, e.g. scenes/*.yaml"))
        folders = others = 0  # what the pattern matched that is not a scene file
        for f in found:
            if f == mpath or f == ppath:
                others += 1
                continue
            if f in chosen or f in refused:
                continue
            kind = what_is(f)  # a stat only: a device or a FIFO is never opened (a FIFO's read would block forever)
            if kind == "folder":
                folders += 1
                continue  # '**' matches folders too
            if kind != "file":
                refused.add(f)
                what = {"other": "is not a regular file (a device, FIFO or socket, or a link to one)",
                        "missing": "is a link to a file that does not exist"}.get(kind, f"cannot be read: {kind}")
                diags.append(Diagnostic(display_path(f, base, real), 0, 0, "SG001", f"this scene file {what}",
                                        "a scene file is a plain YAML file in the pack folder: replace it with one, "
                                        "or remove it"))
                continue
            if not inside(root, f, real):
                diags.append(Diagnostic(display_path(f, base, real), 0, 0, "SG001", "file links outside the pack folder",
                                        "copy the file into the pack folder instead of linking to it"))
                continue
            chosen.add(f)
            files.append(f)
            if len(files) > MAX_FILES:  # said before any of them is read
                raise PackError([Diagnostic(shown_root, 0, 0, "SG002",
                                            f"more than {MAX_FILES} scene files; the limit is {MAX_FILES}")])
        if found and folders + others == len(found) and "scene_files" in mdoc.value:  # 'scenes', a trailing '**'
            what = "only folders" if not others else "only pack.yaml or playtest.yaml" if not folders else \
                "only folders and pack.yaml or playtest.yaml"
            diags.append(Diagnostic(mshown, *mdoc.where(("scene_files",)), "SG001",
                                    f"scene_files: pattern '{excerpt(pattern)}' matches {what}, no scene file",
                                    "a pattern names files: e.g. scenes/*.yaml, or scenes/**/*.yaml for every "
                                    "folder below scenes/"))
    unread: list[Diagnostic] = []  # scene files the default pattern leaves out by their ending (SG113)
    if "scene_files" not in mdoc.value:
        try:
            near = find(root, "scenes/*.yml")  # bounded as any pattern is
        except (TooMany, ValueError, OSError, re.error):
            near = []
        unread = [Diagnostic(display_path(f, base, real), 0, 0, "SG113", "this scene file is not read: scene files end in .yaml",
                             f"rename it to {f.stem}.yaml, or list it in pack.yaml's scene_files:")
                  for f in near if what_is(f) == "file"]
        diags += unread
    total = 0
    for f in files:  # the sizes together, before any is read (each is also capped on its own)
        try:
            total += f.stat().st_size
        except OSError:
            continue
        if total > MAX_SCENE_BYTES:
            raise PackError([Diagnostic(shown_root, 0, 0, "SG002",
                                        f"the scene files are over {MAX_SCENE_BYTES:,} bytes together; "
                                        "that is the limit for a pack")])
    # each scene file's model, and which of its scenes and endings it holds (None: all of them, by index)
    scene_docs: list[tuple[Located, str, Any, dict | None]] = []
    read_docs: list[Located] = [mdoc]  # every file read as a mapping, valid or not
    shown_as: dict[Path, str] = {mpath: mshown}  # each file's display path, worked out once
    left: set[str] = set()  # ids of scenes and endings an error left out of their file (scene_pieces)
    left_endings = False
    entry_errors = 0  # the errors of those entries; any other error stops the load before its names are checked
    whole = True  # every scene file read, or read but for entries known by their ids
    for f in files:
        shown = shown_as[f] = display_path(f, base, real)
        # Read without positions: the places the compiled pack keeps (its scenes', choices' and endings'
        # ``where``, ``Pack.reads`` and ``Pack.writes``) are looked up when first read (``Where.later``):
        # a scene's, choice's, ending's or variant's has the file read again placing the items of its
        # lists, once; any other place, an error or a warning, with every mark (``Located``).
        doc = _read(f, shown, diags, True, kept, invisible_at)
        if doc is None:
            # a YAML error: the file's other scenes and endings read without the broken ones (error path only)
            got = None
            if whole and f in kept and diags:
                from . import scene_pieces

                got = scene_pieces.by_entry(kept[f], shown, diags[-1])
            if got is None:
                whole = False
                continue
            doc, errors, out, rest = got
            diags[-1:] = errors
            entry_errors += len(errors)
            left |= out.ids
            left_endings = left_endings or out.endings
            diags += invisible.check(doc, rest, shown, invisible_at)  # what _read checks in a file read whole
            diags += comments.check(doc, rest, shown)
        if doc.value is None:
            continue  # an empty file is allowed
        if not isinstance(doc.value, dict):
            line, col = doc.where(())
            diags.append(Diagnostic(shown, line, col, "SG012",
                                    "a scene file must be a mapping with 'scenes:' and/or 'endings:'"))
            continue
        read_docs.append(doc)
        before = len(diags)
        scene_file = _validate("SceneFile", doc, shown, diags, bad_ids)
        if scene_file is not None:
            scene_docs.append((doc, shown, scene_file, None))
        elif whole and (valid := _valid_entries(doc.value)) is not None:
            from . import model as models

            good, out = valid  # the file's shape errors all lie in these entries: the others are read on
            scene_docs.append((doc, shown, models.SceneFile.model_construct(
                scenes=[x for _, x in good["scenes"]], endings=[x for _, x in good["endings"]]),
                {k: [i for i, _ in v] for k, v in good.items()}))
            entry_errors += sum(d.is_error for d in diags[before:])
            left |= out.ids
            left_endings = left_endings or out.endings
        else:
            whole = False
    carried: list[Diagnostic] = []  # errors of entries left out, said with the names of the rest
    if manifest is None or any(d.is_error for d in diags):
        # errors, and SG113 (a pack whose scenes are in a .yml file: that says why); the other warnings of
        # this pass (SG114, SG116) are said when the pack loads, as every other warning is
        going_on = manifest is not None and whole and entry_errors == sum(d.is_error for d in diags)
        diags = _titled(invisible.duplicates(diags, invisible_at), bad_ids, read_docs)
        if not going_on:
            raise PackError([d for d in diags if d.is_error or d.code == "SG113"])
        carried = [d for d in diags if d.is_error]
        diags = [d for d in diags if not d.is_error]

    early = [d for d in diags if not d.is_error]  # SG113, SG114, SG116
    r = Resolver(root, manifest, mdoc, mshown, real)
    r.warnings += early
    r.declare()

    # collect every scene and ending with its document
    entries: list[tuple[str, Any, Located, str, tuple]] = []
    for i, s in enumerate(manifest.scenes):
        entries.append(("scene", s, mdoc, mshown, ("scenes", i)))
    for i, e in enumerate(manifest.endings):
        entries.append(("ending", e, mdoc, mshown, ("endings", i)))
    for doc, shown, sf, at in scene_docs:
        for i, s in enumerate(sf.scenes) if at is None else zip(at["scenes"], sf.scenes):
            entries.append(("scene", s, doc, shown, ("scenes", i)))
        for i, e in enumerate(sf.endings) if at is None else zip(at["endings"], sf.endings):
            entries.append(("ending", e, doc, shown, ("endings", i)))
    r.expect_quotes(entry[1] for entry in entries)
    ids: dict[str, tuple] = {}  # id -> (doc, shown, path) of its first definition (placed only if repeated)
    for kind, obj, doc, shown, path in entries:
        if obj.id in RESERVED:
            r.err(doc, shown, path + ("id",), "SG020", f"'{obj.id}' is reserved (goto: end picks an ending)")
        elif obj.id in ids:
            fdoc, fshown, fpath = ids[obj.id]
            first = r.where(fdoc, fshown, fpath + ("id",))
            r.duplicates.setdefault(obj.id, len(r.diags))
            r.duplicate_titles.setdefault(obj.id, []).append(obj.title)
            r.err(doc, shown, path + ("id",), "SG020", f"duplicate id '{obj.id}' (first defined at {first.file}:{first.line})",
                  "scenes and endings share one set of ids")
        else:
            ids[obj.id] = (doc, shown, path)
    all_ids = set(ids) | left  # a goto or start naming a scene left out for its own error names a scene
    ending_ids = {o.id for k, o, *_ in entries if k == "ending"}
    scene_ids = sorted(all_ids - ending_ids)
    if manifest.start in ending_ids:
        r.err(mdoc, mshown, ("start",), "SG022", f"start '{manifest.start}' is an ending; the game must start in a scene",
              f"scenes: {', '.join(scene_ids[:8])}" if scene_ids else "")
    elif manifest.start not in all_ids:
        close = closest_id(manifest.start, scene_ids)
        r.err(mdoc, mshown, ("start",), "SG022", f"start scene '{manifest.start}' does not exist",
              f"did you mean '{close}'?" if close else "")
    for i, route in enumerate(manifest.routes):
        if route.start is not None and route.start not in all_ids:
            close = closest_id(route.start, scene_ids)
            r.err(mdoc, mshown, ("routes", i, "start"), "SG021", f"route start '{route.start}' names no scene",
                  f"did you mean '{close}'?" if close else "")

    scenes: dict[str, SceneC] = {}
    endings: dict[str, EndingC] = {}
    for kind, obj, doc, shown, path in entries:
        if kind == "scene":
            s: m.Scene = obj
            autos = []
            for j, a in enumerate(s.auto):
                c = r.cond(doc, shown, path + ("auto", j, "if"), a.if_)
                r.goto(doc, shown, path + ("auto", j, "goto"), a.goto, all_ids)
                autos.append((c, a.goto))
            choices: list[ChoiceC] = []
            cids: dict[str, int] = {}  # choice id -> its first index in the scene
            for j, ch in enumerate(s.choices):
                cp = path + ("choices", j)
                if ch.id in cids:
                    line = doc.where(path + ("choices", cids[ch.id], "id"))[0]
                    r.err(doc, shown, cp + ("id",), "SG020",
                          f"duplicate choice id '{ch.id}' in scene '{s.id}' (first defined at line {line})",
                          "a choice's id is unique within its scene, and saves refer to it: give this one its own")
                cids.setdefault(ch.id, j)
                outcomes = None
                if ch.chance is not None:
                    outcomes = []
                    if not ch.chance:
                        r.err(doc, shown, cp + ("chance",), "SG012", "chance needs at least one outcome")
                    for k, o in enumerate(ch.chance):
                        op = cp + ("chance", k)
                        r.model_voice(doc, shown, op + ("text",), o.text, "consequence")
                        r.swallowed(doc, shown, op + ("text",), o.text)
                        r.goto(doc, shown, op + ("goto",), o.goto, all_ids)
                        if o.goto is None and ch.goto is None:
                            r.err(doc, shown, op, "SG028", "this outcome leads nowhere: give it or its choice a goto")
                        elif k and o.goto is not None and not (o.text or o.effects or o.cite) and o.weight == 1 \
                                and ch.chance[k - 1].goto is None:
                            r.split_outcome(doc, shown, op, o.goto, ch.chance)  # if only 'goto:' was written
                        outcomes.append(OutcomeC(o.weight, o.text, r.effects(doc, shown, op + ("effects",), o.effects),
                                                 r.cites(doc, shown, op + ("cite",), o.cite), o.goto))
                elif ch.goto is None:
                    r.err(doc, shown, cp, "SG028", f"choice '{ch.id}' leads nowhere: add goto (a scene, an ending, or end)")
                # A pack has thousands of choices: what a choice leaves out is neither looked at nor placed
                # (each of these calls says nothing and gives None or an empty value for it).
                if ch.goto is not None and ch.goto not in all_ids:
                    r.goto(doc, shown, cp + ("goto",), ch.goto, all_ids)
                if ch.if_ is None and (ch.unavailable == "hide" or ch.reason is not None):
                    r.needs_if(doc, shown, cp, ch)
                if ch.text and "model" in ch.text.lower():  # model_voice's own first test, without its call
                    r.model_voice(doc, shown, cp + ("text",), ch.text, "consequence")
                if ch.text and "\n" in ch.text:  # swallowed's own first test
                    r.swallowed(doc, shown, cp + ("text",), ch.text)
                choices.append(ChoiceC(
                    ch.id, ch.label, None if ch.roles is None else r.roles(doc, shown, cp + ("roles",), ch.roles),
                    None if ch.if_ is None else r.cond(doc, shown, cp + ("if",), ch.if_, ch.roles), ch.unavailable == "hide",
                    ch.reason, r.cites(doc, shown, cp + ("cite",), ch.cite) if ch.cite else _NONE,
                    r.effects(doc, shown, cp + ("effects",), ch.effects) if ch.effects else _NONE, ch.text,
                    r.cites(doc, shown, cp + ("result_cite",), ch.result_cite) if ch.result_cite else _NONE, outcomes,
                    ch.goto, r.where(doc, shown, cp),
                    r.role_texts(doc, shown, cp + ("role_text",), ch.role_text, "consequence", ch.roles)
                    if ch.role_text else {},
                ))
            r.swallowed(doc, shown, path + ("text",), s.text)
            if not s.choices and not s.auto:
                r.err(doc, shown, path, "SG028", f"scene '{s.id}' has no choices and no auto route",
                      "give it choices: (what the player can do next) or an auto: route; an ending belongs under endings:")
            if s.id not in scenes and s.id not in endings:
                scenes[s.id] = SceneC(
                    s.id, s.title, s.speaker, s.location,
                    None if s.roles is None else r.roles(doc, shown, path + ("roles",), s.roles),
                    s.text, r.cites(doc, shown, path + ("cite",), s.cite) if s.cite else _NONE, autos or _NONE, choices,
                    r.where(doc, shown, path),
                    r.role_texts(doc, shown, path + ("role_text",), s.role_text, seen_by=s.roles, what="scene")
                    if s.role_text else {},
                )
        else:
            e: m.Ending = obj
            cond = r.cond(doc, shown, path + ("if",), e.if_)
            r.model_voice(doc, shown, path + ("text",), e.text, "ending text")
            r.swallowed(doc, shown, path + ("text",), e.text)
            variants = []
            for j, v in enumerate(e.variants):
                vp = path + ("variants", j)
                vcond = r.cond(doc, shown, vp + ("if",), v.if_)
                vtexts = r.role_texts(doc, shown, vp + ("role_text",), v.role_text, "ending text")
                r.model_voice(doc, shown, vp + ("text",), v.text, "ending text")
                r.swallowed(doc, shown, vp + ("text",), v.text)
                if not v.text and not v.role_text:
                    r.err(doc, shown, vp, "SG012", "this variant has no text: give it text or role_text")
                if vcond is not None:
                    variants.append(VariantC(vcond, v.text, vtexts, r.where(doc, shown, vp)))
            if e.id not in scenes and e.id not in endings:
                endings[e.id] = EndingC(e.id, e.title, cond, e.text, r.cites(doc, shown, path + ("cite",), e.cite),
                                        list(e.debrief), r.where(doc, shown, path),
                                        r.role_texts(doc, shown, path + ("role_text",), e.role_text, "ending text"), variants)
    for loop in auto_loops(scenes):
        first = scenes[loop[0]]
        for kind, obj, doc, shown, path in entries:
            if kind == "scene" and obj.id == first.id:
                r.err(doc, shown, path + ("auto", 0, "goto"), "SG028",
                      "auto routes loop forever: " + " -> ".join([*loop, loop[0]]),
                      "give one of these auto routes an 'if', or send it elsewhere")
                break
    r.explain_duplicates()
    if not endings and not left_endings:
        r.err(mdoc, mshown, (), "SG011", "the pack has no endings: add an 'endings:' list",
              "write 'endings:' at the start of a line in a scene file (beside 'scenes:') or in pack.yaml, then "
              "each ending as '- id: ...' with a 'title:' and 'text:'; the last one, without 'if', is where "
              "'goto: end' goes when no other ending's 'if' holds")
    if carried or any(d.is_error for d in r.diags):
        raise PackError(carried + r.diags + unread)  # a pack whose endings are in a .yml file: that says why
    all_files = [mpath, *files] + [root / s.model.file for s in r.sources.values()]
    for doc in (mdoc, *(d for d, _, _, _ in scene_docs)):  # kept for the places looked up later, without
        doc.value = None  # their values: the models and the compiled pack hold what the game needs
    return Pack(
        root=root,
        manifest=manifest,
        variables=r.variables,
        sources=r.sources,
        roles={x.id: x for x in manifest.roles},
        routes={x.id: x for x in manifest.routes},
        scenes=scenes,
        endings=endings,
        content_hash=_hash_files(root, all_files, {**kept, **r.read}),
        files=[shown_as.get(f) or display_path(f, base, real) for f in all_files],
        reads=r.reads,
        writes=r.writes,
        warnings=sorted(r.warnings),
    )


def load_sources(folder: str | Path) -> tuple[dict[str, SourceInfo], list[Diagnostic]]:
    """Only a pack's sources, read and checked as ``load_pack`` reads them, and what stopped any of them.

    For ``summit-game quote``, which an author runs while fixing a quote: the scene files
    (and the rest of pack.yaml) may still have errors. Raises ``PackError`` when there
    is no readable manifest at all.
    """
    from pydantic import ValidationError

    from . import model as m

    root = Path(folder)
    base = Path.cwd()
    _check_folder(root, display_path(root, base))
    mpath = root / MANIFEST
    mshown = display_path(mpath, base)
    _check_manifest(root, mpath, mshown)
    if not inside(root, mpath):  # the same containment as scene and source files: never read what it points at
        raise PackError([Diagnostic(mshown, 0, 0, "SG001", f"{MANIFEST} links outside the pack folder",
                                    "copy the file into the pack instead of linking to it")])
    diags: list[Diagnostic] = []
    mdoc = _read(mpath, mshown, diags)
    if mdoc is None:
        raise PackError(diags)
    raw = mdoc.value.get("sources", []) if isinstance(mdoc.value, dict) else None
    if not isinstance(raw, list):
        line, col = mdoc.where(())
        raise PackError([Diagnostic(mshown, line, col, "SG012", "pack.yaml has no list of sources")])
    sources: list[m.Source] = []
    for i, item in enumerate(raw):
        try:
            sources.append(m.Source.model_validate(item))
        except ValidationError:
            line, col = mdoc.where(("sources", i))
            diags.append(Diagnostic(mshown, line, col, "SG012", f"source {i + 1} has errors and was not read",
                                    f"summit-game check {display_path(root, base)} shows them"))
    r = Resolver(root, None, mdoc, mshown)  # type: ignore[arg-type]  # only sources are declared
    r.declare_sources(sources)
    return r.sources, diags + r.diags
