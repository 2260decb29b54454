"""``scene_files`` patterns, matched in steps bounded by the pack folder's size.

``Path.glob`` follows symbolic links to folders (a link loop grew its work
exponentially: over 120 s at 12 levels) and expands each ``**`` on its own
(eight chained ``**`` took over 120 s). Here the folder is walked once, links
to folders are never followed, at most ``MAX_ENTRIES`` names are looked at and
at most ``MAX_DEPTH`` levels deep, and each pattern is one regular expression
(consecutive ``**`` fold into one, so matching a path cannot backtrack
exponentially). A walk that would go further stops with ``TooMany``.

Patterns mean what ``Path.glob``'s do: ``*``, ``?`` and ``[...]`` within one
name, ``**`` for any number of folders.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

MAX_ENTRIES = 20_000  # names looked at, over the whole walk
MAX_DEPTH = 32  # folder levels below the pack folder
MAX_PATTERN = 200  # characters


def what_is(path: Path | str) -> str:
    """'file', 'folder', 'missing' or 'other' (a device, FIFO or socket); or, for a name the
    system refuses to look up, its reason ('File name too long', 'Too many levels of symbolic
    links', 'Permission denied'). ``Path.is_file`` raises on those in Python 3.11."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        return getattr(exc, "strerror", None) or str(exc)
    if stat.S_ISREG(st.st_mode):
        return "file"
    return "folder" if stat.S_ISDIR(st.st_mode) else "other"


def inside(root: Path, path: Path, real: "RealPaths | None" = None) -> bool:
    """Whether ``path`` (links followed) lies inside the folder ``root``.

    ``real`` follows links for a caller asking about many files of one folder (``RealPaths``,
    each folder once)."""
    try:
        real_path, real_root = (Path(path).resolve(), Path(root).resolve()) if real is None else (real(path), real(root))
        if real_path is None or real_root is None:
            return False
        real_path.relative_to(real_root)
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def resolved(root: Path) -> Path | None:
    """``root`` with its links followed, for ``inside``; None when that fails (``inside`` then says no)."""
    try:
        return Path(root).resolve()
    except (OSError, RuntimeError, ValueError):
        return None


_UNSET = object()


class RealPaths:
    """Paths with their links followed (``Path.resolve``), each folder followed once.

    ``Path.resolve`` walks every part of a path with a stat call and Python between, and a
    pack's files share a few folders: here a path is its folder's real path (asked the same
    way, and kept) and its name, once a stat call says the name is not a link itself. The
    walk is done on text (pathlib's objects cost more than the stat calls). None for a path
    that cannot be followed (a link loop, a name the system refuses).
    """

    def __init__(self) -> None:
        self._known: dict[str, str | None] = {}

    def __call__(self, path: Path | str) -> Path | None:
        text = os.fspath(path)
        if os.sep != "/" or text.startswith("//"):  # not POSIX, or a root POSIX leaves to the system
            return resolved(Path(text))
        real = self._real(text)
        return None if real is None else Path(real)

    def _real(self, text: str) -> str | None:
        known = self._known.get(text, _UNSET)
        if known is not _UNSET:
            return known  # type: ignore[return-value]
        head, name = os.path.split(text)
        if not name:  # the top ('/', or '' for the working folder): followed as it is
            top = resolved(Path(text or "."))
            real = None if top is None else str(top)
        else:
            up = self._real(head.rstrip("/") or ("/" if head else ""))
            if up is None:
                real = None
            elif name == "..":
                real = os.path.dirname(up)  # as resolve: '..' of the folder the links led to
            elif name == ".":
                real = up
            else:
                real = os.path.join(up, name)
                try:
                    st = os.lstat(real)
                except (FileNotFoundError, NotADirectoryError):
                    pass  # as resolve gives a path that does not exist
                except (OSError, ValueError):
                    full = resolved(Path(text))
                    real = None if full is None else str(full)
                else:
                    if stat.S_ISLNK(st.st_mode):
                        full = resolved(Path(real))
                        real = None if full is None else str(full)
        self._known[text] = real
        return real


class TooMany(Exception):
    """The walk (or the pattern) is larger than a pack can be; the message says which limit."""


def _name_regex(part: str) -> str:
    out, i = [], 0
    while i < len(part):
        c = part[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "[":
            j = part.find("]", i + 2 if part[i + 1 : i + 2] in ("!", "]") else i + 1)
            if j == -1:
                out.append(re.escape(c))
            else:
                body = part[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\").replace("/", "") + "]")
                i = j
        else:
            out.append(re.escape(c))
        i += 1
    return "".join(out)


def split_pattern(pattern: str) -> list[str]:
    """The pattern's parts, '**/**' folded into '**'; ``TooMany`` for one longer than a pack needs."""
    if len(pattern) > MAX_PATTERN:
        raise TooMany(f"the pattern is {len(pattern):,} characters; the limit is {MAX_PATTERN}")
    parts: list[str] = []
    for part in pattern.replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        if part == "**" and parts and parts[-1] == "**":
            continue  # '**/**' means what '**' means
        parts.append(part)
    if len(parts) > MAX_DEPTH:
        raise TooMany(f"the pattern has {len(parts)} parts; the limit is {MAX_DEPTH}")
    return parts


def find(root: Path, pattern: str, max_entries: int | None = None,
         unreadable: list[tuple[Path, str]] | None = None) -> list[Path]:
    """The paths under ``root`` that ``pattern`` matches, sorted (files, and folders for a trailing ``**``).

    Each (folder, part of the pattern) is visited once and each folder listed once, so
    the work is bounded by the folders the pattern can reach times its parts. Raises
    ``TooMany`` past ``max_entries`` names listed or ``MAX_DEPTH`` levels. ``unreadable``, if given,
    gains (folder, the system's reason) for each folder that exists but cannot be listed.
    """
    max_entries = MAX_ENTRIES if max_entries is None else max_entries
    parts = split_pattern(pattern)
    names = [None if p == "**" else re.compile(_name_regex(p) + r"\Z") for p in parts]
    root = Path(root)
    listed: dict[str, list[tuple[str, bool]]] = {}  # relative folder -> (name, is a real folder)
    count = 0

    def listing(rel: str) -> list[tuple[str, bool]]:
        nonlocal count
        if rel not in listed:
            if rel.count("/") + 1 > MAX_DEPTH:
                raise TooMany(f"the pack folder is nested more than {MAX_DEPTH} levels deep")
            out = []
            try:
                with os.scandir(root / rel if rel else root) as it:
                    for entry in it:
                        count += 1
                        if count > max_entries:
                            raise TooMany(f"the pattern reaches more than {max_entries:,} files and folders")
                        try:
                            is_dir = entry.is_dir(follow_symlinks=False)  # a link to a folder is never walked into
                        except OSError:
                            is_dir = False
                        out.append((entry.name, is_dir))
            except (FileNotFoundError, NotADirectoryError):
                pass
            except OSError as exc:  # 'Permission denied': said, not taken for an empty folder
                if unreadable is not None:
                    unreadable.append((root / rel if rel else root, exc.strerror or str(exc)))
            listed[rel] = sorted(out)
        return listed[rel]

    found: set[str] = set()
    visited: set[tuple[str, int]] = set()
    stack: list[tuple[str, int]] = [("", 0)]
    join = lambda rel, name: f"{rel}/{name}" if rel else name  # noqa: E731
    while stack:
        rel, i = stack.pop()
        if (rel, i) in visited:
            continue
        visited.add((rel, i))
        if i == len(parts):
            if rel:
                found.add(rel)
            continue
        regex = names[i]
        if regex is None:  # '**': no more folders, or one more and still '**'
            stack.append((rel, i + 1))
            stack.extend((join(rel, name), i) for name, is_dir in listing(rel) if is_dir)
            continue
        last = i == len(parts) - 1
        part = parts[i]
        if not any(c in part for c in "*?["):  # a plain name: looked up, its folder not listed
            try:
                is_dir = stat.S_ISDIR(os.lstat(root / join(rel, part)).st_mode)
            except (OSError, ValueError):
                continue
            if last:
                found.add(join(rel, part))
            elif is_dir:
                stack.append((join(rel, part), i + 1))
            continue
        for name, is_dir in listing(rel):
            if regex.match(name):
                if last:
                    found.add(join(rel, name))
                elif is_dir:
                    stack.append((join(rel, name), i + 1))
    return sorted(root / p for p in found)
