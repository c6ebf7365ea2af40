"""A segment the talk turns to, carried past its paragraph: "Now moving to our GBS business.
Revenue was $1.9 billion. Organic revenue growth was positive 2%." (each sentence on a line).

The linker reads one paragraph at a time and keeps a segment topic only inside it
(:mod:`kpi_extract.pipeline.linking.topics`); a transcript often puts each sentence on its own
line, so the turn and the figures after it never meet there. This pass runs over a document's
finished rows (text order) with its text and segment names. A sentence *turns* to a segment
when it opens (after a few connectives) with a turn cue ("moving to", "turning to", "now to",
"let me start with") or a frame ("In our X segment,", "Within X,") and then names a segment,
or ends with a turn cue and a segment (", starting with GBS."):
one of the document's (:func:`~kpi_extract.document.segments.read_segments`) or of the
packaged lexicon (``segments`` of ``data/segments.json``). A turn cue followed by anything
else ("Turning to the balance sheet") ends the topic, and so does a sentence that opens with a
whole-company word ("Total revenue ...", "On a consolidated basis ..."). A row after the turn
sentence, within ``max_chars`` of it, gets the topic as its segment when it has a metric and
no segment, its sentence names no segment, only ``lead_words`` (determiners, bases, periods)
stand before its metric mention in the sentence ("Organic revenue growth was", not "IT
outsourcing revenue was": a part), and its metric is not a whole-company one
(``company_metrics``: earnings per share, the tax rate, cash flow ...).

The words are data (``data/document.json`` ``segment_topics``). Hand-written: a rule over
rows and text across paragraphs, which no matcher states.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.errors import LexiconError
from kpi_extract.phrases import alternation, leading

__all__ = ["carry_segment_topics", "sentence_starts", "topic_turns"]

#: a sentence break: a line break, or a sentence end and blanks; then the next sentence's start
_BREAK = re.compile(r"(?:\n|[.!?][ \t])\s*")
#: how far from a sentence's end a closing turn (", starting with GBS.") may start (characters)
_TAIL = 90
#: words every turn cue ends with (checked against ``turn_cues`` when the settings are read)
_CUE_ENDS = (" to ", " with ", " about ", "discuss ")
#: the words of a name or a sentence, as compared ("Cards & Payments" -> cards, &, payments)
_WORDS = re.compile(r"[\w&'’.-]*\w|&")
#: a sentence's first word
_FIRST = re.compile(r"[A-Za-z][\w'’-]*")


@dataclass(frozen=True)
class _Settings:
    max_chars: int
    lead: re.Pattern[str]
    turn: re.Pattern[str]
    frame: re.Pattern[str]
    reset: re.Pattern[str]
    company_metrics: frozenset[str]
    inner: re.Pattern[str]
    lead_words: frozenset[str]
    openers: frozenset[str]
    packaged_segments: tuple[str, ...]


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    d = lexicon.packaged("document.json")["segment_topics"]
    dets = alternation(d["determiners"])
    lead = rf"(?:(?:{alternation(d['connectives'])})\W+){{0,4}}"
    return _Settings(
        max_chars=int(d["max_chars"]),
        lead=re.compile(lead, re.IGNORECASE),
        turn=re.compile(rf"{lead}(?:{alternation(d['turn_cues'])})\s+(?:(?:{dets})\s+)?", re.IGNORECASE),
        frame=re.compile(rf"{lead}(?:{alternation(d['frame_cues'])})\s+(?:(?:{dets})\s+)?", re.IGNORECASE),
        reset=re.compile(rf"{lead}(?:(?:on|at|for)\s+(?:a|the)\s+)?(?:{alternation(d['whole_words'])})\b", re.IGNORECASE),
        company_metrics=frozenset(d["company_metrics"]),
        inner=_ends_checked(d["turn_cues"]) and re.compile(leading(d["turn_cues"]) + rf"(?<![\w-])(?:{alternation(d['turn_cues'])})\s+(?:(?:{dets})\s+)?",
                         re.IGNORECASE),
        openers=frozenset(p.split()[0].lower() for p in (*d["connectives"], *d["turn_cues"], *d["frame_cues"], *d["whole_words"])),
        lead_words=frozenset(w.lower() for w in (*d["lead_words"], *d["connectives"], *d["determiners"])),
        packaged_segments=tuple(lexicon.packaged("segments.json")["segments"]),
    )


def _ends_checked(cues: Iterable[str]) -> bool:
    """Whether every turn cue ends with a word of ``_CUE_ENDS`` (the closing-turn prefilter),
    else a :class:`~kpi_extract.errors.LexiconError`."""
    for c in cues:
        if not any(f"{c.lower()} ".endswith(w) or f" {c.lower()} ".endswith(w) for w in _CUE_ENDS):
            raise LexiconError(f"segment_topics turn cue {c!r} must end with one of {[w.strip() for w in _CUE_ENDS]}")
    return True


def sentence_starts(text: str) -> list[int]:
    """Where the sentences of ``text`` start: its start, and after each line break or sentence
    end followed by blanks (one scan for a single class of break characters)."""
    heads = [0] if text[:1].strip() else []
    heads += [m.end() for m in _BREAK.finditer(text) if m.end() < len(text)]
    return heads


@lru_cache(maxsize=64)
def _first_words(segments: tuple[str, ...], packaged: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """First word -> the segment names (lowercased, words joined by one blank) it starts."""
    out: dict[str, list[str]] = {}
    for n in (*segments, *packaged):
        words = _WORDS.findall(n.lower())
        if words:
            out.setdefault(words[0], []).append(" ".join(words))
    return {k: tuple(v) for k, v in out.items()}


def _names_a_segment(sentence: str, firsts: dict[str, tuple[str, ...]]) -> bool:
    """Whether ``sentence`` names one of the segments of ``firsts`` as whole words (set look-ups
    and substring tests: a regex of every name would be tried at each character)."""
    words = _WORDS.findall(sentence.lower())
    joined = f" {' '.join(words)} "
    return any(f" {name} " in joined for w in set(words).intersection(firsts) for name in firsts[w])


@lru_cache(maxsize=64)
def _last_words(segments: tuple[str, ...], packaged: tuple[str, ...]) -> frozenset[str]:
    """The last word of every segment name, lowercased."""
    return frozenset(n.lower().split()[-1] for n in (*segments, *packaged) if n.split())


@lru_cache(maxsize=64)
def _names(segments: tuple[str, ...], packaged: tuple[str, ...]) -> re.Pattern[str] | None:
    forms = {s for s in (*segments, *packaged) if s}
    if not forms:
        return None
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?P<name>{alt})(?![\w&-])", re.IGNORECASE)


def topic_turns(text: str, segments: Iterable[str] = (), heads: list[int] | None = None) -> list[tuple[int, int, str | None]]:
    """``(sentence start, sentence end, segment or None)`` of each sentence of ``text`` that
    turns to a segment (its name as the document writes it in ``segments``, else as said) or
    ends the topic (None), in text order. The cue patterns are tried only at the sentences
    whose first word may open one, and the closing turns (", starting with GBS.") are found in
    one scan of the text."""
    s = _settings()
    own = tuple(segments)
    names = _names(own, s.packaged_segments)
    if names is None:
        return []
    canonical = {n.lower(): n for n in own}
    heads = sentence_starts(text) if heads is None else heads
    ends = [*heads[1:], len(text)]  # a sentence runs to the next one's start
    closing = _closing_turns(text, heads, ends, names, _last_words(own, s.packaged_segments))
    out: list[tuple[int, int, str | None]] = []
    for k, (at, end) in enumerate(zip(heads, ends)):
        first = _FIRST.match(text, at)
        if first is None or first.group().lower() not in s.openers:
            if k in closing:
                out.append((at, end, canonical.get(closing[k].lower(), closing[k])))
            continue
        turn = s.turn.match(text, at, end)
        frame = None if turn else s.frame.match(text, at, end)
        cue = turn or frame
        if cue is not None:
            named = names.match(text, cue.end(), end)
            if named is not None and (turn or _frame_closes(text, _joined(text, named, names, end), end)):
                said = re.sub(r"\s+", " ", text[named.start():_joined(text, named, names, end)])
                out.append((at, end, canonical.get(said.lower(), said)))
                continue
            if turn is not None:
                out.append((at, end, None))  # "Turning to the balance sheet": another topic
                continue
        if k in closing:  # "Now I will break down our segment results, starting with GBS."
            out.append((at, end, canonical.get(closing[k].lower(), closing[k])))
        elif s.reset.match(text, at, end):
            out.append((at, end, None))  # "Total revenue was ...", "On a consolidated basis, ..."
    return out


def _closing_turns(text: str, heads: list[int], ends: list[int], names: re.Pattern[str],
                   last_words: frozenset[str]) -> dict[int, str]:
    """Sentence index -> the segment a turn cue names at the end of that sentence (", starting
    with GBS."). Only a sentence whose last word ends a segment name (``last_words``) and whose
    last :data:`_TAIL` characters hold a word every turn cue ends with (``_CUE_ENDS``) is searched."""
    out: dict[int, str] = {}
    inner = _settings().inner
    for k, (at, end) in enumerate(zip(heads, ends)):
        words = text[max(at, end - 40):end].rstrip(" \t\n.:;!?").rsplit(None, 1)
        if not words or words[-1].lower() not in last_words:
            continue
        lo = max(at, end - _TAIL)
        tail = text[lo:end].lower()
        if not any(w in tail for w in _CUE_ENDS):
            continue
        for m in inner.finditer(text, lo, end):
            named = names.match(text, m.end(), end)
            stop = _joined(text, named, names, end) if named is not None else end
            if named is not None and not text[stop:end].strip(" \t\n.:;!?"):
                out[k] = re.sub(r"\s+", " ", text[named.start():stop])
    return out


def _joined(text: str, named: re.Match[str], names: re.Pattern[str], end: int) -> int:
    """Where the segment name ``named`` ends, with the names said right after it read as one
    ("public cloud" "services" -> "public cloud services"), as the linker reads them."""
    at = named.end()
    while (nxt := names.match(text, at + 1, end)) is not None and text[at] == " ":
        at = nxt.end()
    return at


def _plain_lead(text: str, heads: list[int], metric_start: Any) -> bool:
    """Whether only ``lead_words`` (determiners, bases, periods: "Organic revenue", "Our
    fourth-quarter revenue") stand between the start of the sentence and the row's metric
    mention at ``metric_start``; False without a mention."""
    if metric_start is None or metric_start != metric_start:  # None or NaN
        return False
    at = int(metric_start)
    i = bisect_right(heads, at) - 1
    words = re.findall(r"[a-z][a-z'-]*", text[heads[i] if i >= 0 else 0:at].lower())
    return all(w in _settings().lead_words for w in words)


def _frame_closes(text: str, at: int, end: int) -> bool:
    """A framing segment closes its phrase with a comma ("In our X segment, ...", "Within X, ...")."""
    return re.match(r"(?:\s+[a-z]+){0,2}\s*,", text[at:end]) is not None


def carry_segment_topics(rows: list[dict[str, Any]], text: str, segments: Iterable[str] = ()) -> list[dict[str, Any]]:
    """``rows`` (of one document, in text order; ``text`` its text, ``segments`` its segment
    names) with the topic of the latest turn before their sentence as their segment (see the
    module docstring); updated in place and returned."""
    s = _settings()
    segments = tuple(segments)
    if not rows:
        return rows
    heads = sentence_starts(text)
    turns = topic_turns(text, segments, heads)
    if not any(t[2] for t in turns):
        return rows
    starts = [t[0] for t in turns]
    firsts = _first_words(segments, s.packaged_segments)
    for row in rows:
        if row.get("segment") is not None or row.get("metric") is None or row["metric"] in s.company_metrics:
            continue
        i = bisect_right(starts, row["start"]) - 1
        if i < 0:
            continue
        at, end, topic = turns[i]
        if topic is None or row["start"] < end or row["start"] - end > s.max_chars:
            continue  # no topic, the turn's own sentence (the linker's), or too far
        if not _plain_lead(text, heads, row.get("metric_start")):
            continue  # "IT outsourcing revenue was": a part named before the metric, not the topic's whole
        if _names_a_segment(row.get("sentence") or "", firsts):
            continue  # the sentence names a segment: the linker read it
        row["segment"] = topic
    return rows
