"""Sections and speakers of a call: :func:`read_speakers`.

Requires: the whole text. Gives :class:`Speakers`: the call's turns (character spans, each
with its speaker as written, role and section) and :meth:`Speakers.at`, the ``section`` /
``speaker_role`` cells of a value at an offset.

Read from the lines of the text (cue words and limits are data: ``data/document.json``,
``sections`` and ``speakers``, see their ``_doc``):

- a line "Name: text" or "Name -- Title: text", and a line holding only a speaker
  ("Operator", "John Smith -- Analyst, Big Bank", "Jane Doe - Chief Financial Officer")
  followed by their paragraphs: each starts a turn;
- section headers on a line of their own ("Prepared Remarks:", "Question-and-Answer Session");
- the operator opening the Q&A ("we will now begin the question-and-answer session",
  "[Operator Instructions] We'll take our first question").

Everything before the Q&A is ``prepared``, the rest ``qa``; a text with neither a header nor
a Q&A cue has no sections (``None``). Roles: ``operator``, ``analyst`` (a title saying so, a
roster of call participants, or an unknown speaker the operator hands the line to in the
Q&A), ``company`` (an executive's title, or any speaker of the prepared remarks); a
paragraph after an analyst's question that asks none is an answer without its speaker line
(role ``None``). Without
speaker lines the paragraphs are the turns, and only a text with sections gets roles: the
opening up to the operator's hand-over, the company's prepared remarks, the operator's
short introductions of questions and the question right after each. Anything else stays
``None``: never a guess.

Hand-written: spaCy has no speaker or dialogue segmentation; this is one pass of compiled
patterns over the lines.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation, fold_key, phrase_regex, required

__all__ = ["Turn", "Speakers", "SpeakerReader", "read_speakers"]

_LINE = re.compile(r"[^\r\n]+")
_DASH = r"(?:[ \t]+(?:--|-|–|—)[ \t]+|[ \t]*(?:--|–|—)[ \t]*|,[ \t]+|[ \t]+\|[ \t]+)"
_SENTENCE_END = re.compile(r"[.!?]\s")
#: how far before a Q&A cue its sentence is read ("before we open the call to questions")
_CUE_REACH = 300
#: longest speaker line or header: a name (a few words) and a title of at most 120 characters
_LABEL_CHARS = 200
_NO_SPEAKER: dict[str, str | None] = {"section": None, "speaker_role": None}


@dataclass(slots=True)
class Turn:
    """One speaker's turn (or, in a text without speaker lines, one paragraph): ``text[start:end]``.
    Mutable only while the reader builds it (one object per turn, no copies)."""

    start: int
    end: int
    speaker: str | None = None
    title: str | None = None
    role: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    header: str | None = None      # "prepared" / "qa" / "roster:company" / "roster:analyst"
    name: str | None = None
    title: str | None = None
    strong: bool = False           # an operator word or a title: a speaker line even alone


@dataclass(frozen=True)
class Speakers:
    """The turns of a text in order (``()`` when it shows no structure) and where its Q&A starts."""

    turns: tuple[Turn, ...] = ()
    qa_start: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", [t.start for t in self.turns])

    def at(self, offset: int) -> dict[str, str | None]:
        """``{"section": ..., "speaker_role": ...}`` of the turn holding ``offset``."""
        i = bisect_right(self._starts, offset) - 1  # type: ignore[attr-defined]
        if i < 0:
            return dict(_NO_SPEAKER)
        t = self.turns[i]
        return {"section": t.section, "speaker_role": t.role}


class SpeakerReader:
    """Reads turns, roles and sections with the ``sections`` / ``speakers`` entries of
    ``data/document.json``, extended by ``extra`` (:func:`kpi_extract.lexicon.merge`)."""

    def __init__(self, extra: Mapping[str, Any] | None = None):
        d = lexicon.merge(lexicon.packaged("document.json"), extra and lexicon.check("document.json", extra, "extra"))
        sec, spk = d["sections"], d["speakers"]
        word = r"[A-Z][\w'’.-]*"
        person = (rf"{word}(?:[ \t]+(?:{word}|(?:{alternation(spk['particles'])})(?=[ \t]))){{1,"
                  rf"{int(spk['max_name_words']) - 1}}}")
        name = rf"(?P<name>{person}|(?i:{alternation(spk['operator'])}))"
        title = r"(?P<title>[^\n:]{1,120}?)"
        self.alone = re.compile(rf"[ \t]*{name}(?:{_DASH}{title})?[ \t]*:?[ \t]*")
        self.inline = re.compile(rf"[ \t]*{name}(?:{_DASH}{title})?[ \t]*:[ \t]+\S")
        heads = {kind: forms for kind, forms in sec["headers"].items()}
        heads.update({f"roster:{kind}": forms for kind, forms in spk["roster"].items()})
        self.headers = [(kind, re.compile(rf"[ \t#*]*(?:{alternation(forms)})[ \t*]*:?[ \t*]*", re.IGNORECASE))
                        for kind, forms in heads.items()]
        self.qa_cue = phrase_regex(sec["qa_cues"])
        self.qa_words = re.compile(alternation(required(sec["qa_cues"])), re.IGNORECASE)
        self.qa_not_after = phrase_regex(sec["qa_cue_not_after"])
        self.operator_words = frozenset(fold_key(w) for w in spk["operator"])  # matched case-insensitively
        self.not_names = frozenset(w.lower() for w in spk["not_names"])
        self.max_title_words = int(spk["max_title_words"])
        self.analyst_title = phrase_regex(spk["titles"]["analyst"])
        self.company_title = phrase_regex(spk["titles"]["company"])
        self.opening = int(spk["opening_paragraphs"])
        self.handover = phrase_regex(spk["handover_cues"])
        self.operator_max = int(spk["operator_max_chars"])
        self.operator_cue = phrase_regex(spk["operator_cues"])
        self.question = re.compile(rf"\?|{phrase_regex(spk['question_cues']).pattern}", re.IGNORECASE)

    def __call__(self, text: str) -> Speakers:
        """The turns and sections of ``text`` (see the module docstring)."""
        lines = [self._line(text, m.start(), m.end()) for m in _LINE.finditer(text)]
        labels = [ln for ln in lines if ln.name is not None]
        labelled = any(ln.strong for ln in labels) and len(labels) >= 2
        roster = self._roster(lines)
        if labelled:
            turns = self._turns(text, lines, roster)
        else:
            turns = [Turn(ln.start, ln.end) for ln in lines if ln.header is None]
        qa_start = self._qa_start(text, lines, turns, labelled)
        structured = qa_start is not None or any(ln.header == "prepared" for ln in lines)
        if not structured and not labelled:
            return Speakers()
        if structured:
            for t in turns:
                t.section = "qa" if qa_start is not None and t.start >= qa_start else "prepared"
        if labelled:
            self._labelled_roles(turns)
            turns = _answers_apart(text, lines, turns)
        else:
            self._paragraph_roles(text, turns)
        return Speakers(tuple(turns), qa_start)

    # ------------------------------------------------------------------ lines
    def _line(self, text: str, start: int, end: int) -> _Line:
        if end - start > _LABEL_CHARS:  # a paragraph: at most an inline label, with its colon early
            if text.find(":", start, start + _LABEL_CHARS) < 0:
                return _Line(start, end)
            m = self.inline.match(text, start, end)
        else:
            for kind, pattern in self.headers:
                if pattern.fullmatch(text, start, end):
                    return _Line(start, end, header=kind)
            m = self.alone.fullmatch(text, start, end) or self.inline.match(text, start, end)
        if m is None:
            return _Line(start, end)
        name, title = " ".join(m["name"].split()), m["title"]
        operator = fold_key(name) in self.operator_words
        if not operator and any(w.lower().strip(".,") in self.not_names for w in name.split()):
            return _Line(start, end)
        if title is not None:
            title = title.strip()
            if (not title[:1].isupper() or any(c.isdigit() or c in "?!" for c in title)
                    or len(title.split()) > self.max_title_words):
                return _Line(start, end)
        strong = operator or (title is not None and self._role(name, title) is not None)
        return _Line(start, end, name=name, title=title, strong=strong)

    def _roster(self, lines: list[_Line]) -> dict[str, str]:
        """Names listed under a participants header, with the header's role."""
        out: dict[str, str] = {}
        kind: str | None = None
        for ln in lines:
            if ln.header is not None:
                kind = ln.header.split(":", 1)[1] if ln.header.startswith("roster:") else None
            elif ln.name is not None and kind is not None:
                out.setdefault(ln.name.lower(), kind)
            else:
                kind = None
        return out

    def _turns(self, text: str, lines: list[_Line], roster: dict[str, str]) -> list[Turn]:
        """A turn from each speaker line (or header) to the next one."""
        marks = [ln for ln in lines if ln.name is not None or ln.header is not None]
        turns: list[Turn] = []
        if marks and marks[0].start > 0:
            turns.append(Turn(0, marks[0].start))
        for i, ln in enumerate(marks):
            end = marks[i + 1].start if i + 1 < len(marks) else len(text)
            role = None if ln.name is None else self._role(ln.name, ln.title) or roster.get(ln.name.lower())
            turns.append(Turn(ln.start, end, ln.name, ln.title, role))
        return turns

    def _role(self, name: str, title: str | None) -> str | None:
        if fold_key(name) in self.operator_words:
            return "operator"
        words = f"{name} {title or ''}"
        if self.analyst_title.search(words):
            return "analyst"
        if title is not None and self.company_title.search(title):
            return "company"
        return None

    # ------------------------------------------------------------------ sections
    def _qa_start(self, text: str, lines: list[_Line], turns: list[Turn], labelled: bool) -> int | None:
        """Where the Q&A starts: its header, else the turn where the operator opens it."""
        for ln in lines:
            if ln.header == "qa":
                return ln.start
        starts = [t.start for t in turns]
        for m in self._qa_cues(text):
            i = bisect_right(starts, m.start()) - 1
            if i < 0 or m.start() >= turns[i].end:
                continue
            t = turns[i]
            lo = max(t.start, m.start() - _CUE_REACH)  # the cue's own sentence, within reach
            line = text.rfind("\n", lo, m.start()) + 1 or lo
            if self.qa_not_after.search(_SENTENCE_END.split(text[line:m.start()])[-1]):
                continue  # "before we open the call to questions": not now
            operator = t.role == "operator" if labelled else bool(self.operator_cue.search(text, t.start, t.end))
            if operator or (labelled and t.speaker is None):
                return t.start
            return turns[i + 1].start if i + 1 < len(turns) else t.end
        return None

    def _qa_cues(self, text: str) -> Iterator[re.Match[str]]:
        """The Q&A cues of ``text`` in order, searched only in lines holding one of their
        literal words (searching a literal costs far less than the pattern over every line)."""
        hits = sorted({text.rfind("\n", 0, m.start()) + 1 for m in self.qa_words.finditer(text)})
        for line in hits:
            end = text.find("\n", line)
            yield from self.qa_cue.finditer(text, line, len(text) if end < 0 else end)

    # ------------------------------------------------------------------ roles
    def _labelled_roles(self, turns: list[Turn]) -> None:
        """Known roles kept per name; prepared-remarks speakers are the company's; in the
        Q&A an unknown speaker right after the operator is an analyst."""
        known: dict[str, str] = {}
        for t in turns:
            if t.speaker is not None and t.role is not None:
                known.setdefault(t.speaker.lower(), t.role)
        for t in turns:
            if t.speaker is not None and t.section == "prepared":
                known.setdefault(t.speaker.lower(), "company")
        previous: str | None = None
        for t in turns:
            if t.speaker is None:
                continue
            key = t.speaker.lower()
            if key not in known and t.section == "qa" and previous == "operator":
                known[key] = "analyst"
            t.role = previous = known.get(key)

    def _paragraph_roles(self, text: str, turns: list[Turn]) -> None:
        """Roles of paragraphs in a text with sections but no speaker lines."""
        prepared = [i for i, t in enumerate(turns) if t.section == "prepared"]
        handover = next((i for i in prepared[: self.opening]
                         if self.handover.search(text, turns[i].start, turns[i].end)), None)
        before: Turn | None = None
        for i, t in enumerate(turns):
            if t.section == "prepared" and handover is not None:
                t.role = "operator" if i <= handover else "company"
            elif t.section == "qa":
                if t.end - t.start <= self.operator_max and self.operator_cue.search(text, t.start, t.end):
                    t.role = "operator"
                elif before is not None and before.role == "operator" and before.section == "qa" \
                        and self.question.search(text, t.start, t.end):
                    t.role = "analyst"
            before = t


def _answers_apart(text: str, lines: list[_Line], turns: list[Turn]) -> list[Turn]:
    """An analyst's turn ends at a paragraph that follows their question ("...next year?")
    and asks none: an answer written without its speaker line, whose speaker is unknown
    (``None``: never the analyst's figure, never a guessed company one)."""
    out: list[Turn] = []
    starts = [ln.start for ln in lines]
    for t in turns:
        out.append(t)
        if t.role != "analyst":
            continue
        asked = False
        for ln in lines[bisect_left(starts, t.start):bisect_right(starts, t.end - 1)]:
            said = text[ln.start:ln.end].rstrip()
            if asked and said and not said.endswith("?"):
                out[-1] = Turn(t.start, ln.start, t.speaker, t.title, t.role, t.section)
                out.append(Turn(ln.start, t.end, section=t.section))
                break
            asked = said.endswith("?") or (asked and not said)
    return out


@lru_cache(maxsize=1)
def _default() -> SpeakerReader:
    return SpeakerReader()


def read_speakers(text: str) -> Speakers:
    """The turns and sections of ``text`` (see the module docstring).

    >>> s = read_speakers("Operator: Welcome. We will now begin the question-and-answer session.\\n"
    ...                   "Jane Roe -- Analyst, Big Bank: Is $5 billion right?\\n"
    ...                   "John Doe -- CFO: We expect $4 billion.")
    >>> [(t.speaker, t.role, t.section) for t in s.turns]
    [('Operator', 'operator', 'qa'), ('Jane Roe', 'analyst', 'qa'), ('John Doe', 'company', 'qa')]
    """
    return _default()(text)
