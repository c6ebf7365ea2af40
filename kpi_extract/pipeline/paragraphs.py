"""The paragraphs of a text that a pipeline runs on.

Texts go through spaCy one paragraph at a time (:func:`chunks`: a line; a very long one
cut at sentence ends): the tokenizer's cache works per short text and no text meets
spaCy's ``max_length``. :class:`Paragraphs` says, for one pipeline, which paragraphs of a
text it runs on:

* the values of each paragraph are found before tokenizing, with the pipeline's enabled
  ``kpi_values`` (:meth:`~kpi_extract.pipeline.values.component.KpiValues.find`); with
  kpi_extract's own pipeline it keeps them for that paragraph's ``Doc`` (the pipeline does
  not search again), with any other it only probes, since nothing says a Doc of that
  paragraph will reach that component;
* a paragraph whose last sentence turns to a topic without holding a value ("I'll start
  with public cloud services.") lends that sentence to the next paragraph when it holds a
  value, so that the linker reads the topic (:class:`TopicTurn`, by the cues of the
  pipeline's ``kpi_linker``);
* with kpi_extract's own pipeline (:func:`is_own_pipeline`) a paragraph without a value is
  left out: it can give no row, and most paragraphs of a call hold none (three in four of
  the fixture's words), so most of the tokenizing and of every component's work is saved.
  With a component of another kind every paragraph goes through.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from spacy.language import Language

from kpi_extract import lexicon
from kpi_extract.phrases import alternation
from kpi_extract.pipeline.build import MAX_CHUNK_CHARS
from kpi_extract.pipeline.values.component import KpiValues

__all__ = ["Paragraphs", "TopicTurn", "chunks", "is_own_pipeline", "PACKAGE_FACTORIES", "MAX_TOKEN_CHARS"]

#: the factories (``@Language.factory`` names) of kpi_extract's own components
PACKAGE_FACTORIES = frozenset({"kpi_values", "kpi_sentences", "kpi_periods", "kpi_metrics", "kpi_linker"})

#: the longest run of characters without a blank that is tokenized (see :func:`chunks`)
MAX_TOKEN_CHARS = 1000
_LONG_TOKEN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))
#: the longest value kept inside such a run (longer than any value the grammar writes)
MAX_VALUE_CHARS = 200
_SENT_END = re.compile(r"[.!?]\s+")
_SENT_BREAK = re.compile(r"[.!?]\s+|\n")
#: how far from a paragraph's end a topic turn is looked for
_TURN_CHARS = 300


def chunks(text: str, max_chars: int = MAX_CHUNK_CHARS,
           find: Callable[[str], Sequence[Any]] | None = None) -> Iterator[tuple[int, str]]:
    """``(offset, paragraph)`` pairs covering every non-blank line of ``text``.

    A run of more than ``MAX_TOKEN_CHARS`` characters without a blank (a flattened table,
    an encoded blob) is left out: it holds no readable value, and spaCy's tokenizer takes
    time quadratic in a token's length (it splits affixes off one at a time). With ``find``
    (a line -> its values, each with ``start`` / ``end``), a value's own characters in such
    a run stay ("$1.5 million,xxxx...": "million" is the value's scale word)."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if not line.strip():
            continue
        for piece_start, piece in _without_long_tokens(start, line, find):
            while len(piece) > max_chars:
                cut = max((m.end() for m in _SENT_END.finditer(piece, 0, max_chars)), default=max_chars)
                yield piece_start, piece[:cut]
                piece_start, piece = piece_start + cut, piece[cut:]
            if piece.strip():
                yield piece_start, piece


def _without_long_tokens(start: int, line: str,
                         find: Callable[[str], Sequence[Any]] | None) -> Iterator[tuple[int, str]]:
    """The pieces of ``line`` around its long runs, less the characters of ``find``'s
    values (none longer than ``MAX_VALUE_CHARS``, so no kept piece is a long token)."""
    runs = [m.span() for m in _LONG_TOKEN.finditer(line)]
    if runs and find is not None:
        values = [(v.start, v.end) for v in find(line) if v.end - v.start <= MAX_VALUE_CHARS]
        cuts, i = [], 0
        for lo, hi in runs:
            while i < len(values) and values[i][1] <= lo:
                i += 1
            while i < len(values) and values[i][0] < hi:  # a value with characters in the run
                if values[i][0] > lo:
                    cuts.append((lo, values[i][0]))
                lo = max(lo, values[i][1])
                i += 1
            if lo < hi:
                cuts.append((lo, hi))
            if i and values[i - 1][1] > hi:
                i -= 1  # the value runs on past this run; the next run may hold its end too
        runs = cuts
    last = 0
    for lo, hi in runs:
        yield start + last, line[last:lo]
        last = hi
    yield start + last, line[last:]


class TopicTurn:
    """Where a paragraph's last sentence leads into the next paragraph, by the cues of
    ``cues`` (a mapping in the form of ``data/cues.json``: ``topic_cues``, ``outlook_words``,
    ``outlook_period_words``, the lists the linker reads the same turns by)."""

    def __init__(self, cues: Mapping[str, Any]):
        topic = tuple(p.lower() for p in cues.get("topic_cues", ()))
        self.topic_cue = re.compile(r"\b(?:%s)\b" % alternation(topic), re.IGNORECASE) if topic else None
        self.outlook_words = tuple(w.lower() for w in cues.get("outlook_words", ()))
        self.outlook_period_words = tuple(w.lower() for w in cues.get("outlook_period_words", ()))

    @classmethod
    def of(cls, nlp: Language) -> TopicTurn:
        """The turns of ``nlp``'s enabled ``kpi_linker`` (known by its factory, as
        :func:`is_own_pipeline`), whose cues a pipeline may extend; else of the packaged cues."""
        linker = next((pipe for name, pipe in nlp.pipeline if nlp.get_pipe_meta(name).factory == "kpi_linker"), None)
        return cls(linker.cues.data if linker is not None else lexicon.packaged("cues.json"))

    def start(self, offset: int, chunk: str, found: list[Any]) -> int | None:
        """Where the last sentence of a paragraph starts (an offset in the text) when it holds
        no value and leads into the next paragraph: it turns to a topic ("I'll start with
        public cloud.") or announces an outlook for a period ("Turning to our outlook for the
        third quarter."); else None."""
        body = chunk.rstrip()
        body = body[:-1] if body.endswith((".", "!", "?", ":")) else body
        lo = max(0, len(body) - _TURN_CHARS)
        start = 0 if lo == 0 else None
        for m in _SENT_BREAK.finditer(body, lo):
            start = m.end()
        # the last sentence is longer than _TURN_CHARS, or holds a value (values come in text order)
        if start is None or (found and found[-1].end > start):
            return None
        low = body[start:].lower()
        outlook = any(w in low for w in self.outlook_words) and any(w in low for w in self.outlook_period_words)
        if not outlook and (self.topic_cue is None or self.topic_cue.search(body, start) is None):
            return None
        return offset + start


def is_own_pipeline(nlp: Language) -> bool:
    """Whether every component of ``nlp`` (disabled ones too) comes from one of the package's
    factories (:data:`PACKAGE_FACTORIES`), with one ``kpi_values``: then only that
    component's values can give rows. Known by factory name, as spaCy records it, so a
    subclass or a foreign component registered under another name never counts."""
    factories = [nlp.get_pipe_meta(name).factory for name, _ in nlp.components]
    return factories.count("kpi_values") == 1 and all(f in PACKAGE_FACTORIES for f in factories)


class Paragraphs:
    """``Paragraphs(nlp)(text)``: the ``(offset, paragraph)`` pairs of ``text`` that ``nlp``
    runs on, in text order (see the module's docstring).

    ``values`` is the pipeline's first enabled :class:`KpiValues` (None without one: then
    every paragraph goes through as cut, with no topic turns); ``own`` whether ``nlp`` is
    kpi_extract's own pipeline (:func:`is_own_pipeline`), whose paragraphs without a value
    are left out and whose ``kpi_values`` keeps the values found for the Doc; ``turns``
    the :class:`TopicTurn` of its linker's cues.
    """

    def __init__(self, nlp: Language):
        self.values: KpiValues | None = next((p for _, p in nlp.pipeline if isinstance(p, KpiValues)), None)
        self.own = self.values is not None and is_own_pipeline(nlp)
        self.turns = TopicTurn.of(nlp)

    def __call__(self, text: str) -> Iterator[tuple[int, str]]:
        values, turns = self.values, self.turns
        if values is None:
            yield from chunks(text)
            return
        keep = self.own
        # the previous paragraph (offset, paragraph, values): whether its last sentence is a
        # topic turn is only asked when this one holds a value (three in four hold none)
        prev: tuple[int, str, list[Any]] | None = None
        for offset, chunk in chunks(text, find=lambda line: values.find(line, keep=False)):
            # probed first: a paragraph that may yet take the turn must leave KpiValues no
            # values kept for a text never tokenized
            found = values.find(chunk, keep=False)
            if found:
                turn = None
                if prev is not None and not text[prev[0] + len(prev[1]):offset].strip():
                    turn = turns.start(*prev)
                if turn is not None:
                    # "I'll start with public cloud services.\nIn Q4, revenues from this business were ...":
                    # the turn goes with this paragraph, so the linker reads its topic
                    offset, chunk = turn, text[turn:offset + len(chunk)]
                    found = values.find(chunk, keep=keep)
                elif keep:
                    values.keep(chunk, found)
            prev = offset, chunk, found
            if found or not self.own:
                yield offset, chunk
