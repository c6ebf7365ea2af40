"""The segments a company reports, read from the call's own structure: :func:`read_segments`.

The lexicon (``data/segments.json``, ``segments``) lists generic segment words ("north
america", "public cloud"); a company's own names ("Laurel Road", "Cards & Payments",
"Aerospace Systems") are read here, once per document, from the ways a call introduces them
(cue words: ``data/segments.json``, ``inventory``; see its ``_doc``):

* strong cues, one is enough: a counted list ("our three segments: A, B and C", "our A, B
  and C segments"); a determiner before a segment noun ("in our X segment", "the X
  division"); capitalized words before one ("X segment revenue");
* weak cues, the name must also be written capitalized elsewhere in the text, not at a
  sentence's start (``min_weak_mentions`` in all): "Within X,", "Turning to X.",
  capitalized "X business" / "X group".

A name is never a stop word, a metric synonym (``data/metrics.json``) or a word of the
company's name. Names are one per document: compared by :func:`segment_key` (case, "&" and
"and"), the first capitalized form read wins. Precision over recall: a segment on a
company-total value is worse than none.

Hand-written rather than spaCy's NER or noun chunks: the blank pipeline has neither, and a
statistical tagger would not know which names are segments; the cue says so.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping
from functools import lru_cache
from itertools import accumulate
from typing import Any

from kpi_extract import lexicon
from kpi_extract.document.company import read_company
from kpi_extract.phrases import alternation, lowered, required
from kpi_extract.pipeline.metrics.component import segment_key
from kpi_extract.pipeline.metrics.lexicon import packaged_lexicon

__all__ = ["SegmentReader", "read_segments"]

#: a word of a name as written: letters, digits, inner apostrophes, hyphens, periods; or "&"
_WORD = r"(?:[A-Za-z][\w'’.&-]*[\w]|[A-Za-z]|&)"
_CAP_WORD = r"(?:[A-Z][\w'’.&-]*[\w]|[A-Z])"
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“(]\s*)$")


class SegmentReader:
    """Reads segment names with the ``inventory`` entry of ``data/segments.json``, extended
    by ``extra`` (:func:`kpi_extract.lexicon.merge`)."""

    def __init__(self, extra: Mapping[str, Any] | None = None):
        if extra:
            lexicon.check("segments.json", {"inventory": extra}, "extra")
        d = lexicon.merge(lexicon.packaged("segments.json")["inventory"], extra)
        self.max_words = int(d["max_words"])
        self.min_weak = int(d["min_weak_mentions"])
        self.stop = frozenset(w.lower() for w in d["stop_words"])
        self.generic = frozenset(w.lower() for w in d["generic_heads"])
        self.joiners = frozenset(w.lower() for w in d["joiners"])
        self.determiners = frozenset(w.lower() for w in d["determiners"])
        self.metric_phrases = frozenset(packaged_lexicon().phrases)
        joiner = alternation(d["joiners"])
        n = self.max_words - 1
        name = rf"{_WORD}(?:\s+{_WORD}){{0,{n}}}"
        cap = rf"{_CAP_WORD}(?:\s+(?:(?:{joiner})\s+)?{_CAP_WORD}){{0,{n}}}"
        cap_list = rf"{cap}(?:\s*,\s*{cap})*,?\s+(?:and|&)\s+{cap}"
        i = re.IGNORECASE
        self.counted = re.compile(rf"\b(?:{alternation(d['counts'])})\s+(?:{alternation(d['list_nouns'])})\b"
                                  r"\s*(?:[:,\u2013\u2014-]|\s(?:are|include|namely))\s*(?P<list>[^.;:!?\n]+)", i)
        self.listed = re.compile(rf"(?<![\w&-])(?P<list>{cap_list})\s+(?i:{alternation(d['list_nouns'])})\b")
        nouns = alternation(d["segment_nouns"])
        self.determined = re.compile(rf"\b(?:{alternation(d['determiners'])})\s+(?P<name>{name})\s+(?:{nouns})\b", i)
        self.capitalized = re.compile(rf"(?<![\w&-])(?P<name>{cap})\s+(?:{nouns})\b")
        apposed = alternation(d.get("appositive_nouns", ()))
        # ", our " exactly as the line prefilter below finds it
        self.apposed = re.compile(rf"(?<![\w&-])(?P<name>{cap}), (?i:{alternation(d['determiners'])}) \s*"
                                  rf"(?:[\w-]+\s+){{0,2}}?(?i:{apposed})\b") if apposed else None
        #: a line holding no ", our" (", the", ...) holds no appositive
        self.apposed_words = tuple(f", {w.lower()} " for w in d["determiners"])
        self.weak = [
            (re.compile(rf"\b(?i:{alternation(d['within_cues'])})\s+(?P<name>{cap})\s*,"), required(d["within_cues"])),
            (re.compile(rf"\b(?i:{alternation(d['turn_cues'])})\s+(?:(?i:{alternation(d['determiners'])})\s+)?"
                        rf"(?P<name>{cap})\s*(?:[,.;:!?]|$)"), required(d["turn_cues"])),
            (re.compile(rf"(?<![\w&-])(?P<name>{cap})\s+(?:{alternation(d['weak_nouns'])})\b"), required(d["weak_nouns"])),
        ]
        #: a line holding none of these words holds no list, no segment noun
        self.list_words = required(f.split()[-1] for f in d["list_nouns"])  # "segments", not "operating"
        self.noun_words = required(d["segment_nouns"])

    def __call__(self, text: str, company: str | None = None) -> list[str]:
        """The segment names of ``text``, in the order first read (see the module docstring);
        ``company`` the company's name (default: :func:`~kpi_extract.document.company.read_company`)."""
        words = {w.lower() for w in ((read_company(text) if company is None else company) or "").split()}
        lines = Lines(text)
        found: dict[str, str] = {}
        weak: dict[str, str] = {}
        lowercase: dict[str, list[str]] = {}
        for name, start in self._strong(lines):
            if name.islower():  # "our diversified segment": said twice, or not a name
                lowercase.setdefault(segment_key(name), []).append(name)
            elif start is not None:
                self._add(weak, name, words)  # "Higher segment margins": a capital of the sentence
            else:
                self._add(found, name, words)
        for names in lowercase.values():
            if len(names) >= 2:
                self._add(found, names[0], words)
        for pattern, cue_words in self.weak:
            for m in self._matches(pattern, lines, cue_words):
                self._add(weak, self._trimmed(m.group("name"), leading=True), words)
        for key, name in weak.items():
            if key not in found and self._mentions(text, name) >= self.min_weak:
                found[key] = name
        return [name for name in found.values() if not self._possessive(text, name)]

    @staticmethod
    def _matches(pattern: re.Pattern[str], lines: "Lines", words: tuple[str, ...]) -> Iterator[re.Match[str]]:
        """``pattern``'s matches in the lines holding one of ``words`` (a line is a paragraph:
        no cue spans two; the others are spared the pattern)."""
        for line in lines.holding(words):
            yield from pattern.finditer(line)

    def _strong(self, lines: "Lines") -> Iterator[tuple[str, int | None]]:
        """Names of the strong cues, each with ``None``, or 0 for a capitalized one without a
        determiner that starts its sentence ("Higher segment margins": maybe no name)."""
        for m in self._matches(self.counted, lines, self.list_words):
            yield from ((n, None) for n in self._items(m.group("list"), self._count(m.group(0))))
        for m in self._matches(self.listed, lines, self.list_words):
            yield from ((n, None) for n in self._items(m.group("list"), None))
        for m in self._matches(self.determined, lines, self.noun_words):
            name = self._after_determiner(m.group("name"))
            if name:
                yield name, None
        if self.apposed is not None:  # "Workforce Solutions, our largest business, grew"
            for m in self._matches(self.apposed, lines, self.apposed_words):
                yield self._trimmed(m.group("name"), leading=True), None
        for m in self._matches(self.capitalized, lines, self.noun_words):
            name = self._trimmed(m.group("name"), leading=True)
            starts = name == m.group("name") and self._sentence_start(m.string, m.start("name"))
            yield name, 0 if starts else None

    @staticmethod
    def _sentence_start(text: str, at: int) -> bool:
        return bool(_SENTENCE_START.search(text[max(0, at - 3):at]))

    @staticmethod
    def _possessive(text: str, name: str) -> bool:
        """``name`` written with a possessive ("Acme's"): the company or a brand, not a segment."""
        return re.search(re.escape(name) + r"['’]s\b", text) is not None

    def _count(self, cue: str) -> int:
        word = lowered(cue.split()[0])  # matched case-insensitively
        counts = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
        return int(word) if word.isdigit() else counts.index(word) if word in counts else 0

    def _items(self, listed: str, count: int | None) -> Iterator[str]:
        """The names of a list; none when one of the ``count`` first is no name."""
        parts = [p.strip() for p in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", listed) if p.strip()]
        if count is not None:
            if len(parts) < count:
                return
            parts = parts[:count]
        names = [self._trimmed(p, leading=True) for p in parts]
        if all(self._valid(n) for n in names):
            yield from names

    def _after_determiner(self, name: str) -> str | None:
        """The words after the last determiner ("the growth of our Industrial" -> "Industrial")."""
        words = name.split()
        for k in range(len(words) - 1, -1, -1):
            if words[k].lower() in self.determiners:
                words = words[k + 1:]
                break
        return " ".join(words) or None

    def _trimmed(self, name: str, leading: bool = False) -> str:
        """``name`` without a leading determiner (a list item's "the") and a possessive."""
        words = name.split()
        if leading and words and words[0].lower() in self.determiners:
            words = words[1:]
        return re.sub(r"['’]s$", "", " ".join(words))

    def _valid(self, name: str) -> bool:
        words = name.lower().split()
        if not words or len(words) > self.max_words or words[0] in self.joiners or words[-1] in self.joiners \
                or (len(words) == 1 and words[0] in self.generic):
            return False
        if any(w in self.stop or any(c.isdigit() for c in w) for w in words if w not in self.joiners):
            return False
        return segment_key(name) not in self.metric_phrases and name.lower() not in self.metric_phrases

    def _add(self, found: dict[str, str], name: str, company: set[str]) -> None:
        if not self._valid(name) or name.split()[0].lower() in company:
            return
        key = segment_key(name)
        if key not in found or (found[key].islower() and not name.islower()):
            found[key] = name

    def _mentions(self, text: str, name: str) -> int:
        """How often ``name`` is written capitalized, as a whole, not at a sentence's start."""
        words = [re.escape(w) if w.lower() not in ("&", "and") else "(?:&|and)" for w in name.split()]
        pattern = re.compile(r"\s+".join(words) + r"(?![\w&-])")  # a literal first: fast
        return sum(1 for m in pattern.finditer(text) if not (m.start() and (text[m.start() - 1].isalnum()
                   or text[m.start() - 1] in "_&-")) and not self._sentence_start(text, m.start()))


class Lines:
    """The lines of a text, and those holding one of a few words (``str.find`` over the
    whole lowercased text: the lines without one cost nothing)."""

    def __init__(self, text: str):
        self.low = lowered(text)  # as the cues' patterns fold it ("ſegments"), one character for one
        self.lines = text.split("\n")
        self.starts = list(accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))
        self._held: dict[tuple[str, ...], list[int]] = {}

    def holding(self, words: tuple[str, ...]) -> Iterator[str]:
        found = self._held.get(words)
        if found is None:  # several cues share a word list: found once per text
            seen: set[int] = set()
            for word in words:
                at = self.low.find(word)
                while at >= 0:
                    i = bisect_right(self.starts, at) - 1
                    seen.add(i)
                    at = self.low.find(word, self.starts[i + 1] if i + 1 < len(self.starts) else len(self.low))
            found = self._held[words] = sorted(seen)
        for i in found:
            yield self.lines[i]


@lru_cache(maxsize=1)
def _default() -> SegmentReader:
    return SegmentReader()


def read_segments(text: str, company: str | None = None) -> list[str]:
    """The segments ``text``'s company reports, read from the call itself (see the module
    docstring); ``[]`` when no cue names one. ``company``: the company's name, when known
    (none of its words starts a segment name); else read from the text.

    >>> read_segments("Sales grew in all of our three segments: Aerospace, Energy and Water.")
    ['Aerospace', 'Energy', 'Water']
    """
    return _default()(text, company)
