"""Source texts and verbatim quotations.

A quote is looked up in its source after folding only typography: curly
and straight quotes, the dashes, the ellipsis character, and runs of white
space. Letters, words and punctuation must be the source's own. A found
quote resolves to a paragraph (1-based) and a character span in the source
text, so the UI can open the source at that spot and highlight it.
"""

from __future__ import annotations

import bisect
import heapq
import re
from typing import Iterable

from .._lazy import lazy
from .record import Frozen, Record
from .refs import reference as reference  # where SourceText.reference and the loader find it

difflib = lazy("difflib")  # only for hints on quotes not found

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ",
}


_TABLE = str.maketrans(_FOLD)


def fold_text(text: str) -> str:
    """``fold(text)[0]`` without the index: the fast path for quotes (a test keeps the two equal)."""
    if not text.isascii() or "`" in text:  # the only ASCII character folded is the backtick
        text = text.translate(_TABLE)
    return " ".join(text.split())


def fold(text: str) -> tuple[str, list[int]]:
    """Fold typography; return the folded text and, for each of its characters, the original index."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace() or ch in "\u00a0\u202f\u2009":
            if not space and out:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        rep = _FOLD.get(ch, ch)
        for r in rep:
            out.append(r)
            index.append(i)
    if out and out[-1] == " ":
        out.pop()
        index.pop()
    return "".join(out), index


#: what shifts offsets when folding: a run of two or more white space characters (one space
#: stands for all of them) and the ellipsis character (three dots stand for it). ``\s`` is
#: exactly ``str.isspace``, which ``str.split`` folds, and the folded-to-space marks are spaces.
_SHIFTS = re.compile(r"\s\s+|\u2026")
#: the runs alone: a pattern that starts with a character class is searched for at C speed,
#: the alternation with the ellipsis was not (0.37 ms against 0.21 ms on a 37,000-character source)
_RUNS = re.compile(r"\s\s+")


def _shifts(text: str, at: int) -> Iterable[tuple[int, int]]:
    """The (start, end) of each match of ``_SHIFTS`` in ``text`` from ``at``, in order."""
    runs = (m.span() for m in _RUNS.finditer(text, at))
    if "\u2026" not in text:
        return runs
    dots = []
    i = text.find("\u2026", at)
    while i != -1:
        dots.append((i, i + 1))
        i = text.find("\u2026", i + 1)
    return heapq.merge(runs, dots)  # an ellipsis is not white space: the two never overlap


#: the ASCII characters ``str.isspace`` is true of (what ``str.split`` folds), each made a space, and the
#: backtick, the one ASCII character ``_FOLD`` changes
_ASCII_TABLE = str.maketrans({**{c: " " for c in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f"}, "`": "'"})


def _ascii_fold(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``fold_text(text)`` of an ASCII text, and its runs of two or more white space characters
    (``_RUNS``' matches) as (start, end): white space made spaces in one translation, the runs
    found as double spaces with ``str.find``, the folded text joined from what lies between them
    (0.1 ms on a 37,000-character source, against 0.45 ms for split-and-join and the pattern)."""
    t = text.translate(_ASCII_TABLE)
    runs = []
    n = len(t)
    i = t.find("  ")
    while i != -1:
        j = i + 2
        while j < n and t[j] == " ":
            j += 1
        runs.append((i, j))
        i = t.find("  ", j)
    if not runs:
        return t.strip(" "), runs
    pieces = []
    at = 0
    for i, j in runs:
        pieces.append(t[at:i])
        at = j
    pieces.append(t[at:])
    return " ".join(pieces).strip(" "), runs


def fold_map(text: str) -> tuple[str, list[int], list[int]]:
    """``fold(text)`` with its index kept only where it shifts: (folded, starts, deltas).

    Folded character ``j`` is ``text[j + deltas[k]]`` for the last ``k`` with ``starts[k] <= j``.
    A source has a few hundred shifts (paragraph breaks, double spaces) where ``fold`` keeps
    one index entry per character; the folded text is built by ``fold_text`` (C speed), and
    the shifts found with one regular expression (an ASCII text: both at once, ``_ascii_fold``).
    A property test keeps the two equal.
    """
    lead = len(text) - len(text.lstrip())  # white space before the first character is dropped
    if text.isascii():
        folded, runs = _ascii_fold(text)
        shifts: Iterable[tuple[int, int]] = runs if not runs or runs[0][0] >= lead else runs[1:]
    else:
        folded = fold_text(text)
        shifts = _shifts(text, lead)
    starts = [0]
    deltas = [lead]
    d = lead
    for i, end in shifts:
        j = i - d  # the folded position of text[i] (the shift-free stretch before it has delta d)
        if text[i] == "\u2026":  # '...': all three dots come from text[i]
            starts += (j + 1, j + 2)
            deltas += (d - 1, d - 2)
            d -= 2
        else:  # one space for the whole run, then the text resumes at the run's end
            if j + 1 >= len(folded):
                break  # white space at the very end is dropped
            d += end - i - 1
            starts.append(j + 1)
            deltas.append(d)
    return folded, starts, deltas


def _word_pairs(folded: str) -> dict[str, list[int]]:
    """Each pair of words side by side in folded text ('a b') -> the offsets where it starts, in order."""
    words = folded.split(" ")
    index: dict[str, list[int]] = {}
    at = 0
    for a, b in zip(words, words[1:]):
        key = a + " " + b
        places = index.get(key)
        if places is None:
            index[key] = [at]
        else:
            places.append(at)
        at += len(a) + 1
    return index


class Quote(Frozen):
    """A citation resolved against its source."""

    def __init__(self, source: str, quote: str, note: str | None, paragraph: int, start: int, end: int,
                 ref: str | None = None, speaker: str | None = None) -> None:
        d = self.__dict__
        d["source"] = source  # source id
        d["quote"] = quote  # as the author wrote it
        d["note"] = note
        d["paragraph"] = paragraph  # 1-based paragraph of the source body
        d["start"] = start  # character span in SourceText.body
        d["end"] = end
        d["ref"] = ref  # the paragraph's own reference ({5.89.1} in the source), if it has one
        d["speaker"] = speaker  # who speaks, when the source quotes someone else

    @property
    def reported(self) -> bool:
        """Someone else's words, as quoted in the source (not the source's own argument)."""
        return self.speaker is not None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.source, self.start, self.end)

    @property
    def place(self) -> str:
        """Where the quote is, in words: its paragraph's own reference, else 'paragraph N'."""
        return self.ref or f"paragraph {self.paragraph}"


class SourceProblem(Frozen):
    """Something wrong in a source text itself, at a line and column of its file (1-based)."""

    def __init__(self, line: int, column: int, message: str, hint: str = "") -> None:
        d = self.__dict__
        d["line"] = line
        d["column"] = column
        d["message"] = message
        d["hint"] = hint


class Passage(Frozen):
    """A stretch of a source: where it is and its words as the source has them."""

    def __init__(self, paragraph: int, ref: str | None, start: int, end: int, text: str, score: float = 1.0) -> None:
        d = self.__dict__
        d["paragraph"] = paragraph
        d["ref"] = ref
        d["start"] = start  # character span in SourceText.body
        d["end"] = end
        d["text"] = text  # the source's own characters (curly marks kept), white space folded to single spaces
        d["score"] = score  # how much of the quote it matches (1.0: all of it)

    @property
    def place(self) -> str:
        return self.ref or f"paragraph {self.paragraph}"


#: A paragraph's own reference: ``{5.89.1}`` (or ``{§3.2}``, ``{Art. 5}``) at its very start.
PARAGRAPH_REF = re.compile(r"\{([^\s{}][^{}\n]{0,39})\}[ \t]*")
#: a reference written after a block quote's '>' ("> {3.1} ..."): not read as one, its braces would be text
_REF_AFTER_QUOTE_MARK = re.compile(r">[ \t]*(\{[^\s{}][^{}\n]{0,39}\})[ \t]*\S")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
#: a paragraph: from a character that is not a line break, up to a line break followed by a blank
#: line (runs of characters are taken whole: ``[^\n](?:.|\n(?!\s*\n))*`` matched the same, one
#: character at a time and 30 times slower; a test keeps the two the same)
_PARAGRAPH = re.compile(r"[^\n][^\n]*(?:\n(?!\s*\n)[^\n]*)*")
_MISSING = object()
#: quotes of four words or more looked up in a source with str.find before its word pairs are
#: indexed (which costs about as much as 300 lookups on a source of 6,000 words), when nobody
#: said how many lookups are coming (``SourceText.expect``)
_INDEX_AFTER = 300
#: lookups from which the index pays for itself when they are known to be coming: building it
#: costs about 310 ``str.find``s, and each lookup through it about a third of one (measured
#: 2026-12-01 on the benchmark's 6,500-word source: 1.27 ms, 4.1 us and 1.3 us)
_INDEX_WORTH = 500
_MARKS = "\"'"  # quotation marks after folding
_CURLY_OPENERS = "\u201c\u2018\u00ab\u201e"  # as typed, before folding
_CURLY_CLOSERS = "\u201d\u2019\u00bb"
_OPENERS = _MARKS + "(["
_CLOSERS = _MARKS + ".,;:)]"


class SourceText(Record):
    """The body of a source file (front matter and paragraph references removed) and its paragraphs."""

    _uncompared = frozenset({"front_matter"})

    def __init__(self, body: str, paragraphs: list[tuple[int, int]] | None = None, refs: list[str | None] | None = None,
                 problems: list[SourceProblem] | None = None, front_matter: tuple[str, int] = ("", 0)) -> None:
        self.body = body
        #: the front matter's text and its closing line (never quoted: ``quote`` says when words are there)
        self.front_matter = front_matter
        self.paragraphs = [] if paragraphs is None else paragraphs
        self.refs = [] if refs is None else refs  # per paragraph: its own reference, or None
        self.problems = [] if problems is None else problems
        self._folded = ""
        # the folded text's offsets in ``body``, kept only where they shift (see ``fold_map``):
        # folded character j is body[j + _deltas[k]], k the last with _shift_at[k] <= j
        self._shift_at: list[int] = []
        self._deltas: list[int] = []
        self._last: list[int] = []  # per stretch: the body offset of its last character
        self._starts: list[int] = []
        self._pairs: dict[int, list[tuple[int, int]]] = {}
        self._located: dict[str, tuple[int, int, int, bool, str | None, bool] | None] = {}
        self._finds = 0  # quotes looked up with str.find so far
        self._expected = 0  # lookups said to be coming (expect)
        self._pairs_at: dict[str, list[int]] | None = None  # see _word_pairs

    @classmethod
    def from_text(cls, text: str) -> "SourceText":
        """Read a source file's text: front matter, paragraphs, paragraph references.

        What is wrong with the text itself (front matter never closed, a paragraph
        reference with no text or used twice) is listed in ``problems`` with its line.
        """
        text = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")
        problems: list[SourceProblem] = []
        front = ("", 0)
        line0 = 1  # the file's line number of text[0]
        first = text.split("\n", 1)[0]
        if first.rstrip(" \t") == "---":
            close = _FRONT_MATTER_END.search(text, len(first) + 1) if "\n" in text else None
            if close is None:
                problems.append(SourceProblem(
                    1, 1, "front matter opened on line 1 is never closed",
                    "end it with a line of just '---' before the text begins; if the text has no front "
                    "matter, remove that first line"))
                text = text[len(first) + 1:]
                line0 = 2
            else:
                nl = text.find("\n", close.end())
                line0 = text.count("\n", 0, close.end()) + 2
                front = (text[len(first) + 1:close.start()], line0 - 1)
                text = text[nl + 1:] if nl != -1 else ""
        stripped = text.lstrip("\n")
        line0 += len(text) - len(stripped)
        raw = stripped.rstrip("\n")
        # paragraphs, each with its reference marker (if any) taken out of the text
        pieces: list[str] = []
        paragraphs: list[tuple[int, int]] = []
        refs: list[str | None] = []
        seen: dict[str, int] = {}
        at = 0  # end of the raw text copied so far
        size = 0  # length of the body built so far
        for m in _PARAGRAPH.finditer(raw):
            a, b = m.span()
            pieces.append(raw[at:a])
            size += a - at
            ref = None
            marker = PARAGRAPH_REF.match(raw, a, b)
            if marker:
                line = line0 + raw.count("\n", 0, a)
                ref = marker.group(1).strip()
                if marker.end() >= b or not raw[marker.end():b].strip():
                    problems.append(SourceProblem(line, 1, f"paragraph reference {{{ref}}} has no text after it",
                                                  "a reference starts its paragraph: {5.89.1} The words..."))
                elif ref in seen:
                    problems.append(SourceProblem(line, 1, f"paragraph reference {{{ref}}} is used twice",
                                                  f"first used on line {seen[ref]}; each paragraph's reference "
                                                  "must be its own"))
                else:
                    seen[ref] = line
                a_text = marker.end()
            else:
                a_text = a
                late = _REF_AFTER_QUOTE_MARK.match(raw, a, b)
                if late:
                    problems.append(SourceProblem(
                        line0 + raw.count("\n", 0, a), late.start(1) - a + 1,
                        f"paragraph reference {late.group(1)} comes after the block quote's '>', so it is not "
                        "read as one: players would see the braces as words of the text",
                        f"a reference starts its paragraph, before the '>': {late.group(1)} > The words..."))
            piece = raw[a_text:b]
            paragraphs.append((size, size + len(piece)))
            refs.append(ref)
            pieces.append(piece)
            size += len(piece)
            at = b
        body = "".join(pieces)
        st = cls(body, paragraphs, refs, problems, front)
        st._fold()
        st._starts = [p[0] for p in paragraphs]
        return st

    def _find_folded(self, folded: str) -> int:
        """``self._folded.find(folded)``: where a folded quote first is, or -1.

        ``str.find`` reads the source from its start for every quote; a pack of thousands of
        quotes on one source does that thousands of times. After the first ``_INDEX_AFTER``,
        the source's pairs of words side by side are indexed once. A pair of inner words of a
        quote (each with a space on both sides) is a pair of whole words of the source wherever
        the quote is, so the quote can only start at the places of its rarest inner pair, less
        the pair's offset in the quote; those few are compared, in order. When ``expect`` was told
        of enough lookups to come, the index is built at the first; when told of fewer, not
        before more than that many were made.
        """
        index = self._pairs_at
        if index is None:
            if folded.count(" ") < 3 or (self._expected < _INDEX_WORTH and self._finds < max(_INDEX_AFTER, self._expected)):
                self._finds += 1
                return self._folded.find(folded)
            index = self._pairs_at = _word_pairs(self._folded)
        words = folded.split(" ")
        if len(words) < 4:
            return self._folded.find(folded)
        best: list[int] = []
        best_offset = 0
        offset = len(words[0]) + 1
        for k in range(1, len(words) - 2):
            places = index.get(words[k] + " " + words[k + 1])
            if places is None:
                return -1  # the source never has these two words side by side
            if not best or len(places) < len(best):
                best, best_offset = places, offset
            offset += len(words[k]) + 1
        source = self._folded
        for place in best:
            start = place - best_offset
            if start >= 0 and source.startswith(folded, start):
                return start
        return -1

    def expect(self, lookups: int) -> None:
        """Say how many quotes are about to be looked up (an upper bound will do): with enough of
        them the source indexes its word pairs at the first, instead of after ``_INDEX_AFTER``
        lookups with ``str.find`` (a pack of 500 quotes paid for 300 finds and the index)."""
        self._expected = lookups

    def _fold(self) -> None:
        """Fold ``body`` for quote lookups, keeping its offsets only where they shift."""
        self._folded, self._shift_at, self._deltas = fold_map(self.body)
        self._pairs_at = None
        ends = self._shift_at[1:] + [len(self._folded)]
        self._last = [e - 1 + d for e, d in zip(ends, self._deltas)]

    def _at(self, j: int) -> int:
        """The body offset of folded character ``j``."""
        return j + self._deltas[bisect.bisect_right(self._shift_at, j) - 1]

    def _folded_at(self, offset: int) -> int:
        """The first folded character at or after body ``offset`` (``bisect_left`` over the full index)."""
        k = bisect.bisect_left(self._last, offset)
        if k == len(self._last):
            return len(self._folded)
        return max(self._shift_at[k], offset - self._deltas[k])

    def paragraph_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self._starts, offset), 1)

    def ref_of(self, paragraph: int) -> str | None:
        """The paragraph's own reference (``{5.89.1}`` in the source), or None."""
        return self.refs[paragraph - 1] if 0 < paragraph <= len(self.refs) else None

    def block_quote(self, paragraph: int) -> bool:
        """Whether the paragraph is a Markdown block quote (its first line starts with '>'): someone's words."""
        if not 0 < paragraph <= len(self.paragraphs):
            return False
        a, b = self.paragraphs[paragraph - 1]
        return self.body[a:min(b, a + 200)].lstrip().startswith(">")

    def place(self, paragraph: int) -> str:
        """'5.89.1' for a paragraph with its own reference, else 'paragraph 4'."""
        return self.ref_of(paragraph) or f"paragraph {paragraph}"

    def find(self, quote: str) -> tuple[int, int] | None:
        """Span of ``quote`` in ``body`` (typography folded), or None."""
        folded = fold_text(quote)
        if not folded:
            return None
        at = self._find_folded(folded)
        if at == -1:
            return None
        return self._at(at), self._at(at + len(folded) - 1) + 1

    def locate(self, quote: str) -> tuple[int, int, int, bool] | None:
        """(start, end, paragraph, runs across a paragraph break) of ``quote``, or None: ``find``,
        ``paragraph_of`` and ``spans_paragraphs`` at once, the same quote text looked up once."""
        found = self.cited(quote)
        return None if found is None else found[:4]

    def cited(self, quote: str) -> tuple[int, int, int, bool, str | None, bool] | None:
        """What a citation of ``quote`` needs, found once per quote text: ``locate``'s four answers,
        then the paragraph's own reference (``ref_of``) and whether quotation marks enclose the
        quote (``quotation_around`` is not None). None when the source does not have it."""
        found = self._located.get(quote, _MISSING)
        if found is _MISSING:
            span = self.find(quote)
            if span is None:
                found = None
            else:
                start, end = span
                starts = self._starts
                paragraph = max(bisect.bisect_right(starts, start), 1)  # paragraph_of(start)
                # runs across a break when the next paragraph starts at or before its last character
                # (``paragraph_of(max(end - 1, start)) != paragraph`` without a second search)
                found = (start, end, paragraph, paragraph < len(starts) and starts[paragraph] <= max(end - 1, start),
                         self.refs[paragraph - 1] if paragraph <= len(self.refs) else None,
                         self.quotation_around(start, end, paragraph) is not None)
            self._located[quote] = found
        return found

    def find_all(self, quote: str, limit: int = 20) -> list[tuple[int, int]]:
        """Every span of ``quote`` in ``body`` (the first is the one ``find`` gives), up to ``limit``."""
        folded = fold_text(quote)
        spans: list[tuple[int, int]] = []
        if not folded:
            return spans
        at = self._folded.find(folded)
        while at != -1 and len(spans) < limit:
            spans.append((self._at(at), self._at(at + len(folded) - 1) + 1))
            at = self._folded.find(folded, at + 1)
        return spans

    def passage(self, start: int, end: int, score: float = 1.0) -> Passage:
        """The passage at ``body[start:end]``: its paragraph, reference and the source's own words."""
        paragraph = self.paragraph_of(start)
        return Passage(paragraph, self.ref_of(paragraph), start, end, " ".join(self.body[start:end].split()), score)

    def _span(self, a: int, b: int) -> tuple[int, int]:
        """Body span of the folded text ``_folded[a:b]``."""
        return self._at(a), self._at(b - 1) + 1

    def closest(self, quote: str) -> str:
        """The passage of the source most like ``quote`` (for 'did you mean' hints), as the source has it."""
        found = self.closest_passages(quote, 1)
        return found[0].text if found else ""

    def closest_passages(self, quote: str, count: int = 3) -> list[Passage]:
        """Up to ``count`` passages most like ``quote``, best first, none overlapping another."""
        folded = fold_text(quote)
        out: list[Passage] = []
        for a, b, score in self._candidates(folded, count):
            start, end = self._span(a, b)
            out.append(self.passage(start, end, score))
        return out

    def _candidates(self, folded: str, count: int) -> list[tuple[int, int, float]]:
        """(start, end, score) in the folded text of the windows most like ``folded``, best first.

        Windows are whole words, trimmed of quotation marks and punctuation at their edges
        that the quote does not have (an opening mark the author rightly left out is not
        part of the passage).
        """
        if not folded or not self._folded:
            return []
        low_source = self._folded.lower()
        low = folded.lower()
        at = low_source.find(low)
        if at != -1:
            return [(at, at + len(folded), 1.0)]
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", self._folded)]
        if not words:
            return []
        qwords = low.split()
        wanted = {w.strip(_CLOSERS + _OPENERS) for w in qwords}
        hits = [1 if low_source[a:b].strip(_CLOSERS + _OPENERS) in wanted else 0 for a, b in words]
        n = len(qwords)
        # cheap first pass: windows of about the quote's length sharing the most words with it
        candidates: list[tuple[int, int, int]] = []  # (-overlap, i, size)
        for size in sorted({max(n - 2, 1), max(n - 1, 1), n, n + 1, n + 2}):
            size = min(size, len(words))
            total = sum(hits[:size])
            candidates.append((-total, 0, size))
            for i in range(1, len(words) - size + 1):
                total += hits[i + size - 1] - hits[i - 1]
                candidates.append((-total, i, size))
        candidates.sort()
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(low)
        scored: list[tuple[float, int, int]] = []
        for _, i, size in candidates[:60 * max(count, 1)]:
            a, b = self._trim(words[i][0], words[i + size - 1][1], folded)
            matcher.set_seq1(low_source[a:b])
            matched = sum(block.size for block in matcher.get_matching_blocks())
            score = (matched - 0.5 * ((b - a) - matched)) / len(folded)
            scored.append((score, a, b))
        scored.sort(key=lambda s: (-s[0], s[1]))
        out: list[tuple[int, int, float]] = []
        for score, a, b in scored:
            if all(b <= x or a >= y for x, y, _ in out):
                out.append((a, b, max(score, 0.0)))
                if len(out) == count:
                    break
        return out

    def _trim(self, a: int, b: int, folded: str) -> tuple[int, int]:
        """Leave out of ``_folded[a:b]`` the marks at its edges that the quote does not start or end with."""
        src = self._folded
        while b - a > 1 and src[a] in _OPENERS and src[a] != folded[0]:
            a += 1
        while b - a > 1 and src[b - 1] in _CLOSERS and src[b - 1] != folded[-1]:
            b -= 1
        return a, b

    def difference(self, quote: str, passage: Passage) -> str:
        """The first difference between ``quote`` and ``passage``, in words ('' when they are the same)."""
        folded = fold_text(quote)
        a = self._folded_at(passage.start)
        b = self._folded_at(passage.end)
        mine = self._folded[a:b]
        if mine == folded:
            return ""
        if mine.lower() == folded.lower():
            return "it differs only in capital letters"
        pw_folded, qw = mine.split(), folded.split()
        # show the source's words as the source has them
        pw_shown = [" ".join(self.body[self._at(x):self._at(y - 1) + 1].split())
                    for x, y in ((m.start() + a, m.end() + a) for m in re.finditer(r"\S+", mine))]

        def first(key) -> tuple[str, int, int, int, int] | None:
            ops = difflib.SequenceMatcher(a=[key(w) for w in pw_folded], b=[key(w) for w in qw],
                                          autojunk=False).get_opcodes()
            return next((op for op in ops if op[0] != "equal"), None)

        # compare words without the quotation marks at their edges first, so a mark the author
        # rightly left out (at the start of a quote) is never taken for the difference
        op = first(_without_edge_marks)
        marks_only = op is None
        op = op or first(lambda w: w)
        if op is None:
            return ""
        _, i1, i2, j1, j2 = op
        src, yours = " ".join(pw_shown[i1:i2]), " ".join(qw[j1:j2])
        if marks_only and src and yours:
            return (f"first difference: the quotation marks: the source has {src} where the quote has {yours}")
        if src and yours and _DASH_SPACES.sub(r"\1", fold_text(src)) == _DASH_SPACES.sub(r"\1", yours):
            typed = " ".join(quote.split()[j1:j2])  # the quote's own dashes (folding made them all '-')
            return (f'first difference: the spaces around a dash: the source has "{src}" where the quote has '
                    f'"{typed}" (a dash may be -, \u2013 or \u2014, but the spaces around it must be the source\'s)')
        if not src:
            return f'first difference: the quote adds "{yours}"'
        if not yours:
            return f'first difference: the quote leaves out "{src}"'
        return f'first difference: the source has "{src}" where the quote has "{yours}"'

    def hint(self, quote: str, speaker: str | None = None) -> str:
        """A hint for a quote that was not found: the closest passage, its place, the first difference, and
        when it is to be split into citations, what each needs of ``speaker:`` (the citation's own)."""
        folded = fold_text(quote)
        found = self.closest_passages(quote, 1)
        if not found:
            return "the source has no text"
        passage = found[0]
        marks = self._wrapped(quote, folded)
        if marks is not None:
            passage, diff = marks
        else:
            passage = self._dashed(folded) or passage  # the passage a dash's spaces alone kept it from
            diff = self.difference(quote, passage)
        shown = passage.text if len(passage.text) <= 240 else passage.text[:237] + "..."
        last = self.paragraph_of(max(passage.end - 1, passage.start))
        if last != passage.paragraph:  # fixing the difference alone would not do: a quote is one paragraph's
            lines = [f'closest passage ({passage.place} to {self.place(last)}): "{shown}"']
        else:
            lines = [f'closest passage ({passage.place}): "{shown}"']
        if diff:
            lines.append(diff)
        if last != passage.paragraph:
            lines.append("it runs across a paragraph break: a quote lies within one paragraph, so quote each "
                         "paragraph as its own citation")
            advice = self.speakers(self.named_parts(passage.start, passage.end), speaker)
            if advice:
                lines.append(advice)
        if "..." in folded:
            lines.append("'...' does not skip words here: quote each part as its own citation")
            parts = self.parts_of(folded)
            advice = self.speakers(parts, speaker) if parts else ""
            if advice:
                lines.append(advice)
        return "\n".join(lines)

    def parts_of(self, folded: str) -> list[tuple[str, Passage]]:
        """The parts of a quote with '...' in it, each named by its words, as the source has them; [] when
        one is not there within one paragraph (what it needs is unknown)."""
        out = []
        for words in folded.split("..."):
            words = words.strip()
            if not words:
                continue
            found = self.cited(words)
            if found is None or found[3]:
                return []
            part = self.passage(found[0], found[1])
            said = part.text.split()
            out.append((f'the part "{" ".join(said[:6])}{" ..." if len(said) > 6 else ""}"', part))
        return out

    def _dashed(self, folded: str) -> Passage | None:
        """The source's passage that is the quote but for the spaces around its dashes ("a - b" for
        "a\u2014b", or the other way), or None. The closest passage by words can miss it: "a\u2014b"
        is one word, "a - b" three."""
        if "-" not in folded:
            return None
        pieces, at = [], 0
        for m in _DASH_SPACES.finditer(folded):
            pieces += [re.escape(folded[at:m.start()]), f" ?{re.escape(m.group(1))} ?"]
            at = m.end()
        pieces.append(re.escape(folded[at:]))
        found = re.compile("".join(pieces)).search(self._folded)
        if found is None:
            return None
        a, b = found.span()
        return self.passage(self._at(a), self._at(b - 1) + 1)

    def _wrapped(self, quote: str, folded: str) -> tuple[Passage, str] | None:
        """A quote in quotation marks the source does not have there (“...” typed in YAML stays part of
        the text): the passage without them, and what to do. None when the marks are not the reason."""
        inner = folded.strip(_MARKS).strip()
        if not inner or inner == folded:
            return None
        span = self.find(inner)
        if span is None:
            return None
        opens, closes = folded[:1] in _MARKS, folded[-1:] in _MARKS
        what = ("is in quotation marks" if opens and closes else
                "starts with a quotation mark" if opens else "ends with a quotation mark")
        said = f"first difference: the quote {what} the source does not have here: leave {'them' if opens and closes else 'it'} out"
        typed = quote.strip()
        if typed[:1] in _CURLY_OPENERS or typed[-1:] in _CURLY_CLOSERS:
            said += ' (YAML keeps curly quotation marks as part of the text: only straight ones, "...", enclose a value)'
        return self.passage(*span), said

    def quotation_around(self, start: int, end: int, paragraph: int | None = None) -> tuple[int, int] | None:
        """The quotation marks around ``body[start:end]`` in its paragraph, as (open, close) offsets.

        Straight double quotes pair in order; curly and angled ones by direction; curly
        single quotes too (a ’ followed by a letter is an apostrophe). The span is
        "inside" when one pair encloses it (the marks themselves may be part of the span).
        Returns None when no pair does: the passage is not shown as someone's words.
        """
        p = (self.paragraph_of(start) if paragraph is None else paragraph) - 1  # ``paragraph``: start's, if known
        if not 0 <= p < len(self.paragraphs):
            return None
        pairs = self._pairs.get(p)
        if pairs is None:  # once per paragraph: a pack quotes the same paragraphs again and again
            a, b = self.paragraphs[p]
            pairs = self._pairs[p] = _quotation_pairs(self.body, a, b)
        for open_at, close_at in pairs:
            if open_at <= start and end <= close_at + 1:
                return open_at, close_at
        return None

    def parts(self, start: int, end: int) -> list[Passage]:
        """``body[start:end]``'s part in each paragraph it runs over (white space at their edges left out),
        or [] when it lies within one: each part is a citation of its own."""
        first, last = self.paragraph_of(start), self.paragraph_of(max(end - 1, start))
        if first == last:
            return []
        out = []
        for n in range(first, last + 1):
            a, b = self.paragraphs[n - 1]
            a, b = max(a, start), min(b, end)
            while a < b and self.body[a].isspace():
                a += 1
            while b > a and self.body[b - 1].isspace():
                b -= 1
            if a < b:
                out.append(self.passage(a, b))
        return out

    def named_parts(self, start: int, end: int) -> list[tuple[str, Passage]]:
        """``parts``, each named by its paragraph's number ('the part in paragraph 5'), for ``speakers``."""
        return [(f"the part in paragraph {p.paragraph}", p) for p in self.parts(start, end)]

    def reported(self, part: Passage) -> bool:
        """Whether ``part`` is someone's words the source reports: inside quotation marks or a block quote."""
        return self.block_quote(part.paragraph) or self.quotation_around(part.start, part.end, part.paragraph) is not None

    def _partly_quoted(self, part: Passage) -> bool:
        """Whether a pair of quotation marks opens or closes inside ``part`` (it is not enclosed by one)."""
        a, b = self.paragraphs[part.paragraph - 1]
        return any(part.start < o < part.end - 1 or part.start < c < part.end - 1
                   for o, c in _quotation_pairs(self.body, a, b))

    def speakers(self, parts: list[tuple[str, Passage]], speaker: str | None = None) -> str:
        """What a quote split into ``parts`` (each ``(how to name it, passage)``) needs of ``speaker:``:
        one citation per part, and a part in quotation marks is someone's words (SG110 without a speaker),
        a part outside them the source's own (SG118 with one). '' when no part is anyone's and none was named."""
        said = [name for name, p in parts if self.reported(p)]
        who = f"'speaker: {' '.join(speaker.split())}'" if speaker else "'speaker:' (who says it)"
        mixed = [name for name, p in parts if not self.reported(p) and self._partly_quoted(p)]
        if mixed:  # neither someone's words nor the source's own: it is two citations itself
            return (f"{_and(mixed)} {'is' if len(mixed) == 1 else 'are'} partly inside quotation marks in the "
                    "source: cite the words inside them apart, with 'speaker:' (who says them)")
        if not said:
            return (f"no part is inside quotation marks in the source: leave 'speaker: {' '.join(speaker.split())}' "
                    "off each" if speaker else "")
        if len(said) == len(parts):
            return f"each part is inside quotation marks in the source: give each citation {who}"
        rest = [name for name, p in parts if not self.reported(p)]
        return (f"only {_and(said)} {'is' if len(said) == 1 else 'are'} inside quotation marks in the source: give "
                f"{'its citation' if len(said) == 1 else 'their citations'} {who}, not {_and(rest)} (the source's own "
                "words)")

    def spans_paragraphs(self, start: int, end: int) -> bool:
        return self.paragraph_of(start) != self.paragraph_of(max(end - 1, start))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


#: a dash (folded to '-') with the white space around it: closed up, two texts that differ only there are equal
_DASH_SPACES = re.compile(r" ?(-+) ?")
_LEADING_MARKS = re.compile(r"^[\"'(\[]*[\"']+")
_TRAILING_RUN = re.compile(r"[\"'.,;:!?)\]]+$")


def _without_edge_marks(word: str) -> str:
    """``word`` without the quotation marks at its start or in the punctuation that ends it."""
    word = _LEADING_MARKS.sub(lambda m: m.group().replace('"', "").replace("'", ""), word)
    return _TRAILING_RUN.sub(lambda m: m.group().replace('"', "").replace("'", ""), word)
_OPENING = {"\u201c": "double", "\u201e": "double", "\u00ab": "angle", "\u2018": "single"}
_CLOSING = {"\u201d": "double", "\u00bb": "angle", "\u2019": "single"}


_MARK = re.compile("[\"" + "".join(_OPENING) + "".join(_CLOSING) + "]")


def _quotation_pairs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(open, close) offsets of the quotation marks in ``text[a:b]`` (one paragraph)."""
    pairs: list[tuple[int, int]] = []
    straight: int | None = None
    opened: dict[str, list[int]] = {"double": [], "angle": [], "single": []}
    for m in _MARK.finditer(text, a, b):
        i = m.start()
        ch = text[i]
        if ch == '"':
            if straight is None:
                straight = i
            else:
                pairs.append((straight, i))
                straight = None
        elif ch in _OPENING:
            opened[_OPENING[ch]].append(i)
        elif ch in _CLOSING:
            kind = _CLOSING[ch]
            if kind == "single" and i + 1 < b and text[i + 1].isalpha():
                continue  # an apostrophe (don't, Russia’s)
            if opened[kind]:
                pairs.append((opened[kind].pop(), i))
    return pairs
