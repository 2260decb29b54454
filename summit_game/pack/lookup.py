"""``summit-game quote``: where in a pack's sources some words are, and what to paste.

It asks the same matcher the loader checks citations with (``SourceText.find`` and
``closest_passages`` in ``citations.py``), so what ``quote`` finds is exactly what
``check`` accepts: only typography is folded (curly and straight quotes, dashes,
the ellipsis, white space), every letter and mark must be the source's own.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .citations import Passage, fold_text
from .compiled import SourceInfo

CLOSEST = 3
MIN_SCORE = 0.5  # closest passages after the first are shown only when at least this much alike
MAX_HITS = 20


@dataclass
class Hit:
    source: str  # source id
    passage: Passage
    difference: str = ""  # for a near miss: the first difference, in words
    reported: bool = False  # inside quotation marks (or a block quote) in the source: someone it quotes (SG110)
    block_quote: bool = False  # in a Markdown block quote (a paragraph that starts with '>')
    #: a closest passage that runs across a paragraph break: its part in each paragraph, each a citation
    #: of its own (check refuses one quote over two paragraphs)
    pieces: list[Passage] = field(default_factory=list)


@dataclass
class Lookup:
    words: str
    found: list[Hit] = field(default_factory=list)  # exact (typography folded), within one paragraph
    across: list[Hit] = field(default_factory=list)  # exact, but running over a paragraph break
    closest: list[Hit] = field(default_factory=list)  # when not found: the nearest passages
    #: words joined by '...' whose parts are each in one source (the first such): one citation per part
    parts: list[Hit] = field(default_factory=list)
    split: str = ""  # what those parts need of 'speaker:' (SourceText.speakers)
    #: when not found: a source whose front matter holds the words, and the front matter's closing line
    front_matter: tuple[str, int] | None = None

    @property
    def ok(self) -> bool:
        return bool(self.found)


def lookup(sources: dict[str, SourceInfo], words: str) -> Lookup:
    """Every place ``words`` are in ``sources`` (in order), else the closest passages."""
    result = Lookup(words)
    for sid, info in sources.items():
        text = info.text
        for start, end in text.find_all(words, MAX_HITS):
            block = text.block_quote(text.paragraph_of(start))
            hit = Hit(sid, text.passage(start, end), block_quote=block,
                      reported=block or text.quotation_around(start, end) is not None,
                      pieces=text.parts(start, end))  # over a paragraph break: one citation per paragraph
            (result.across if text.spans_paragraphs(start, end) else result.found).append(hit)
    if result.found or result.across:
        return result
    near: list[Hit] = []
    for sid, info in sources.items():
        for p in info.text.closest_passages(words, CLOSEST):
            near.append(Hit(sid, p, info.text.difference(words, p), pieces=_pieces(info.text, p)))
    near.sort(key=lambda h: -h.passage.score)
    folded = fold_text(words)
    if "..." in folded:  # '...' skips no words: each part may still be there, a citation of its own
        for sid, info in sources.items():
            parts = info.text.parts_of(folded)
            if parts:
                result.parts = [Hit(sid, p, reported=info.text.reported(p), block_quote=info.text.block_quote(p.paragraph))
                                for _, p in parts]
                result.split = info.text.speakers(parts)
                break
    result.closest = [h for i, h in enumerate(near[:CLOSEST]) if i == 0 or h.passage.score >= MIN_SCORE]
    if folded.strip():
        for sid, info in sources.items():
            front, end = getattr(info.text, "front_matter", ("", 0))
            if front and folded.strip() in fold_text(front):
                result.front_matter = (sid, end)
                # that is where the words are: a passage of the text is worth showing only if it is alike
                result.closest = [h for h in result.closest if h.passage.score >= MIN_SCORE]
                break
    return result


def _pieces(text, p: Passage) -> list[Passage]:
    """``p``'s part in each paragraph it runs over, or [] when it lies within one."""
    return text.parts(p.start, p.end)


def yaml_string(text: str) -> str:
    """``text`` as a one-line YAML string that reads back exactly (double quotes unless it holds one)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    if "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def paste(hit: Hit, several_sources: bool) -> str:
    """The citation to paste into a scene file (one per paragraph when the passage runs over several)."""
    lines = []
    for p in hit.pieces or [hit.passage]:
        if several_sources:
            lines.append(f"- source: {hit.source}\n  quote: {yaml_string(p.text)}")
        else:
            lines.append(f"- quote: {yaml_string(p.text)}")
    return "\n".join(lines)


def _where(hit: Hit, sources: dict[str, SourceInfo]) -> str:
    p = hit.passage
    # a reference that is the paragraph's own number ({3} on the third) says nothing more than its number
    place = f"paragraph {p.paragraph}" if p.ref in (None, str(p.paragraph)) else f"{p.ref} (paragraph {p.paragraph})"
    return f"source '{hit.source}' ({sources[hit.source].model.title}), {place}"


def render_text(result: Lookup, sources: dict[str, SourceInfo]) -> str:
    several = len(sources) > 1
    out: list[str] = []

    def block(text: str, pad: str) -> None:
        out.extend(pad + ln for ln in text.splitlines())

    if result.found:
        first = result.found[0]
        out.append(f"found in {_where(first, sources)}:")
        out.append(f'  "{first.passage.text}"')
        out.append("paste:")
        block(paste(first, several), "  ")
        if first.reported:
            where = ("in a block quote in the source (a paragraph that starts with '>')" if first.block_quote
                     else "inside quotation marks in the source")
            out.append(f"these words are {where}: someone it quotes says them; add "
                       "'speaker: NAME' (who) to the citation, so the game labels them as theirs (check warns "
                       "without it, SG110)")
        others = result.found[1:]
        if others:
            counts: dict[str, int] = {}
            for h in others:
                where = (f"source '{h.source}', " if several else "") + h.passage.place
                counts[where] = counts.get(where, 0) + 1
            places = [w if n == 1 else f"{w} ({n} times)" for w, n in counts.items()]
            if len(places) > 6:
                places = places[:6] + ["..."]
            more = "" if len(result.found) < MAX_HITS else " or more"
            out.append(f"found {len(result.found)}{more} times; also at: {', '.join(places)}. The game uses the "
                       "first: quote more words to pick another")
        return "\n".join(out)
    if result.across:
        hit = result.across[0]
        text = sources[hit.source].text
        a = text.paragraph_of(hit.passage.start)
        b = text.paragraph_of(hit.passage.end - 1)
        out.append(f"found in source '{hit.source}', but it runs across a paragraph break "
                   f"({text.place(a)} to {text.place(b)}): quote each paragraph as its own citation")
        advice = text.speakers(text.named_parts(hit.passage.start, hit.passage.end))
        if advice:
            out.append(advice)
        out.append("paste:")
        block(paste(hit, several), "  ")
        return "\n".join(out)
    if result.parts:  # the words were cut with '...': the closest passages would only be the cut's
        places = list(dict.fromkeys(h.passage.place for h in result.parts))
        out.append(f"not found as one passage: '...' does not skip words, but each part is in source "
                   f"'{result.parts[0].source}' ({', '.join(places)}): quote each part as its own citation")
        out.append("paste:")
        for hit in result.parts:
            block(paste(hit, several), "  ")
        if result.split:
            out.append(result.split)
        return "\n".join(out)
    names = ", ".join(f"'{s}'" for s in sources) or "(none)"
    out.append(f"not found in {'the sources' if several else 'source'} {names}")
    if result.front_matter:
        sid, end = result.front_matter
        out.append(f"these words are in the front matter of source '{sid}' (lines 1 to {end}), which is a note for "
                   "people and is never quoted: to quote them, put them in the text below it")
    if not result.closest:
        if not result.front_matter:
            out.append("the sources have no text")
        return "\n".join(out)
    out.append("closest passages:")
    for i, hit in enumerate(result.closest, 1):
        out.append(f"  {i}. {_where(hit, sources)}, {round(hit.passage.score * 100)}% alike:")
        out.append(f'     "{hit.passage.text}"')
        if hit.difference:
            out.append(f"     {hit.difference}")
        if hit.pieces:
            out.append(f"     it runs across a paragraph break ({hit.passage.place} to {hit.pieces[-1].place}), "
                       "and a quote lies within one paragraph: paste each part as its own citation")
            advice = sources[hit.source].text.speakers(
                sources[hit.source].text.named_parts(hit.passage.start, hit.passage.end))
            if advice:
                out.append(f"     {advice}")
        out.append("     paste:")
        block(paste(hit, several), "       ")
    if "..." in fold_text(result.words):
        out.append("'...' does not skip words: quote each part as its own citation")
    return "\n".join(out)


def render_json(result: Lookup, sources: dict[str, SourceInfo]) -> str:
    several = len(sources) > 1

    def row(hit: Hit, near: bool = False) -> dict:
        p = hit.passage
        d = {"source": hit.source, "paragraph": p.paragraph, "ref": p.ref, "place": p.place,
             "start": p.start, "end": p.end, "text": p.text, "paste": paste(hit, several), "reported": hit.reported}
        if near:
            d["score"] = round(p.score, 3)
            d["difference"] = hit.difference
        return d

    return json.dumps({
        "words": result.words, "found": [row(h) for h in result.found],
        "across_paragraphs": [row(h) for h in result.across], "closest": [row(h, True) for h in result.closest],
        "parts": [row(h) for h in result.parts],
        **({"front_matter": {"source": result.front_matter[0], "last_line": result.front_matter[1]}}
           if result.front_matter else {}),
    }, indent=2, ensure_ascii=False)
