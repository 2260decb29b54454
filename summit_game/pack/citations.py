"""Source texts and verbatim quotations.

A quote is looked up in its source after folding only typography: curly
and straight quotes, the dashes, the ellipsis character, and runs of white
space. Letters, words and punctuation must be the source's own. A found
quote resolves to a paragraph (1-based) and a character span in the source
text, so the UI can open the source at that spot and highlight it.
"""

from __future__ import annotations

import bisect
import difflib
import re
from dataclasses import dataclass, field

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
    return " ".join(text.translate(_TABLE).split())


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


def reference(authors: list[str], title: str, publisher: str, date: str, url: str) -> str:
    """A source's one-line reference: 'A and B, "Title", Publisher, date. url'."""
    who = " and ".join(authors) if len(authors) <= 2 else ", ".join(authors[:-1]) + " and " + authors[-1]
    return f'{who}, "{title}", {publisher}, {date}. {url}'


@dataclass(frozen=True)
class Quote:
    """A citation resolved against its source."""

    source: str  # source id
    quote: str  # as the author wrote it
    note: str | None
    paragraph: int  # 1-based paragraph of the source body
    start: int  # character span in SourceText.body
    end: int

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.source, self.start, self.end)


@dataclass
class SourceText:
    """The body of a source file (front matter removed) and its paragraphs."""

    body: str
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    _folded: str = ""
    _index: list[int] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    @classmethod
    def from_text(cls, text: str) -> "SourceText":
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if text.startswith("---\n"):
            end = text.find("\n---", 4)
            if end != -1:
                nl = text.find("\n", end + 4)
                text = text[nl + 1 :] if nl != -1 else ""
        body = text.strip("\n")
        paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", body)]
        st = cls(body, paragraphs)
        st._folded, st._index = fold(body)
        st._starts = [p[0] for p in paragraphs]
        return st

    def paragraph_of(self, offset: int) -> int:
        return max(bisect.bisect_right(self._starts, offset), 1)

    def find(self, quote: str) -> tuple[int, int] | None:
        """Span of ``quote`` in ``body`` (typography folded), or None."""
        folded = fold_text(quote)
        if not folded:
            return None
        at = self._folded.find(folded)
        if at == -1:
            return None
        start = self._index[at]
        end = self._index[at + len(folded) - 1] + 1
        return start, end

    def closest(self, quote: str) -> str:
        """The passage of the source most like ``quote`` (for 'did you mean' hints)."""
        return self._closest(fold_text(quote))[0]

    def _closest(self, folded: str) -> tuple[str, int]:
        """(passage, start offset in the folded text) most like ``folded``."""
        if not folded:
            return "", 0
        low_source = self._folded.lower()
        at = low_source.find(folded.lower())
        if at != -1:
            return self._folded[at : at + len(folded)], at
        words = [(m.start(), m.end()) for m in re.finditer(r"\S+", self._folded)]
        if not words:
            return "", 0
        qwords = folded.lower().split()
        wanted = set(qwords)
        hits = [1 if low_source[a:b] in wanted else 0 for a, b in words]
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
        matcher.set_seq2(folded.lower())
        best, best_at, best_score = "", 0, -1.0
        for _, i, size in candidates[:60]:
            a, b = words[i][0], words[i + size - 1][1]
            matcher.set_seq1(low_source[a:b])
            matched = sum(block.size for block in matcher.get_matching_blocks())
            score = (matched - 0.5 * ((b - a) - matched)) / len(folded)
            if score > best_score:
                best, best_at, best_score = self._folded[a:b], a, score
        return best, best_at

    def hint(self, quote: str) -> str:
        """A hint for a quote that was not found: the closest passage, its paragraph, the first difference."""
        folded = fold_text(quote)
        passage, at = self._closest(folded)
        if not passage:
            return "the source has no text"
        paragraph = self.paragraph_of(self._index[at]) if at < len(self._index) else 1
        shown = passage if len(passage) <= 240 else passage[:237] + "..."
        lines = [f'closest passage (paragraph {paragraph}): "{shown}"']
        if passage.lower() == folded.lower():
            lines.append("it differs only in capital letters")
        else:
            qw, pw = folded.split(), passage.split()
            for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=pw, b=qw, autojunk=False).get_opcodes():
                if tag != "equal":
                    src, yours = " ".join(pw[i1:i2]), " ".join(qw[j1:j2])
                    if not src:
                        lines.append(f'first difference: the quote adds "{yours}"')
                    elif not yours:
                        lines.append(f'first difference: the quote leaves out "{src}"')
                    else:
                        lines.append(f'first difference: the source has "{src}" where the quote has "{yours}"')
                    break
        if "..." in folded:
            lines.append("'...' does not skip words here: quote each part as its own citation")
        return "\n".join(lines)

    def spans_paragraphs(self, start: int, end: int) -> bool:
        return self.paragraph_of(start) != self.paragraph_of(max(end - 1, start))
