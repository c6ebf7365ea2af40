"""Call-level scope statements of the adjusted flag: "Unless otherwise noted, all per-share
figures are on an adjusted basis", "Our comments today will be on a non-GAAP basis".

A sentence states a scope with an exception cue ("unless otherwise noted"), a scope phrase
("all per-share figures"), a speaker saying what the call discusses ("I'll be referring to
adjusted results today", "my remarks will focus on our as-adjusted results") or a definition
("earnings means adjusted earnings"); past the opening, a speaker's discussion statement
covers what is said after it; never when it names both bases ("GAAP and non-GAAP
results") or only some figures ("several adjusted amounts").

Requires the text. Gives the scope (``per_share`` or ``all``) and the metric ids it covers,
or None; :meth:`AdjustedScope.covers` tells whether a row is covered. A row the sentence
itself marks (adjusted or GAAP: the linker's ``basis_said``) keeps its own flag. The words
are data (``data/document.json``, ``adjusted_scope``); a statement that only announces
non-GAAP measures and their reconciliation is no scope.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation, lowered, phrase_regex, required
from kpi_extract.pipeline.metrics.lexicon import packaged_lexicon

__all__ = ["AdjustedScope", "ScopeReader", "read_adjusted_scope"]

_SENTENCE = re.compile(r"[^.!?\n]+")


@dataclass(frozen=True)
class AdjustedScope:
    """``kind`` ``per_share`` or ``all``; ``metrics`` the metric ids ``all`` covers;
    ``start``/``end`` the statement's offsets."""

    kind: str
    metrics: frozenset[str]
    start: int
    end: int
    #: said past the opening (a speaker's "I'll be speaking to non-GAAP results"): it covers
    #: the rows after it only
    late: bool = False
    #: metric ids no scope covers (a dividend per share has no adjusted form)
    never: frozenset[str] = frozenset()

    def covers(self, row: Mapping[str, Any]) -> bool:
        """Whether a linked row without its own basis falls under the statement."""
        if (self.late and int(row.get("start") or 0) < self.start) or row.get("metric") in self.never:
            return False
        unit = str(row.get("unit") or "")
        if unit.endswith(("/share", "/ADS")) or row.get("metric") == "eps":
            return True
        return self.kind == "all" and row.get("metric") in self.metrics


class ScopeReader:
    """The scope statement patterns (packaged data, extended by ``extra``)."""

    def __init__(self, extra: Mapping[str, Any] | None = None):
        d = lexicon.merge(lexicon.packaged("document.json"),
                          lexicon.check("document.json", {"adjusted_scope": extra}, "extra") if extra else None)
        s = d["adjusted_scope"]
        self.window = int(s["window"])
        self.adjusted = phrase_regex(s["adjusted_words"])
        self.adjusted_literals = required(s["adjusted_words"])  # one of them is in every match
        self.exception = phrase_regex(s["exception_cues"])
        self.scope = phrase_regex(s["scope_phrases"])
        self.not_scope = re.compile("|".join(re.escape(w) for w in s["not_scope"]), re.IGNORECASE)
        partial = s.get("partial_words") or ()
        self.partial = re.compile(rf"\b(?:{alternation(partial)})\b", re.IGNORECASE) if partial else None
        self.per_share = phrase_regex(s["per_share_words"])
        self.all_words = phrase_regex(s["all_words"])
        self.metrics = frozenset(s["adjustable_metrics"])
        self.never = frozenset(s.get("never_adjusted", ()))
        #: "... are non-GAAP except for revenues, net income and RPO": the metrics listed after
        #: an exclusion cue stay as reported
        exclusion = s.get("exclusion_cues") or ()
        self.exclusion = re.compile(rf"\b(?:{alternation(exclusion)})\b(?P<rest>[^.!?]*)", re.IGNORECASE) \
            if exclusion else None
        adjusted = r"(?:as[\s-])?(?:adjusted|non[\s-]?gaap)"
        self.discussion = re.compile(
            rf"(?<![\w'])(?:{alternation(s.get('discussion_subjects', ()))})(?![\w'])[^.!?]{{0,30}}?"
            rf"\b(?:{alternation(s.get('discussion_verbs', ()))})\b[^.!?]{{0,40}}?\b{adjusted}\s+"
            rf"(?:{alternation(s.get('result_nouns', ()))})\b", re.IGNORECASE) if s.get("discussion_verbs") else None
        self.definition = re.compile(
            rf"\b(?:{alternation(s.get('definition_words', ()))})\s+{adjusted}\b", re.IGNORECASE) \
            if s.get("definition_words") else None

    def read(self, text: str) -> AdjustedScope | None:
        """The first scope statement of the opening ``window`` characters, or None."""
        head = text[:self.window]
        low = lowered(head)
        if not any(w in low for w in self.adjusted_literals):  # most openings state no basis
            return self.read_late(text)
        literals = self.adjusted_literals
        for m in _SENTENCE.finditer(head):
            sentence = m.group(0)
            said = low[m.start():m.end()]  # the literal test first: a sentence without one has no adjusted word
            if not any(w in said for w in literals) or not (found := self.adjusted.search(sentence)) \
                    or self._limited(sentence, found.start()):
                continue
            if not (self.exception.search(sentence) or self.scope.search(sentence)
                    or (self.discussion is not None and self.discussion.search(sentence))
                    or (self.definition is not None and self.definition.search(sentence))):
                continue
            kind = "per_share" if self.per_share.search(sentence) and not _names_more(sentence, self) else "all"
            return AdjustedScope(kind, self.metrics, m.start(), m.end(), never=self.never | self._excluded(sentence))
        return self.read_late(text)

    def read_late(self, text: str) -> AdjustedScope | None:
        """A speaker's discussion statement past the opening ("I'll be speaking primarily to
        non-GAAP results", "my remarks today will focus on our adjusted results"), or None:
        it covers what is said after it. Only the sentences around an adjusted word are read."""
        if self.discussion is None:
            return None
        at = self.window
        low = lowered(text)  # the literals' places first (str.find), the word pattern only there
        for start in sorted(_places(low, self.adjusted_literals, self.window)):
            if start < at:
                continue
            lo = max(self.window, max(text.rfind(c, 0, start) for c in ".!?\n") + 1)
            m = _SENTENCE.match(text, lo)
            if m is None:
                continue
            at = m.end()
            sentence = m.group(0)
            found = self.adjusted.search(sentence)
            if found is None:
                continue
            if self.discussion.search(sentence) and not self._limited(sentence, found.start()):
                return AdjustedScope("all", self.metrics, m.start(), m.end(), late=True, never=self.never)
        return None

    def _excluded(self, sentence: str) -> frozenset[str]:
        """The metric ids named after an exclusion cue of a scope sentence ("except for
        revenues, net income and RPO" -> revenue, net_income ...): each synonym of
        :func:`~kpi_extract.pipeline.metrics.lexicon.packaged_lexicon` said there as whole words."""
        m = self.exclusion.search(sentence) if self.exclusion is not None else None
        if m is None:
            return frozenset()
        said = f" {' '.join(re.findall(r'[a-z0-9&-]+', lowered(m['rest'])))} "
        return frozenset(metric for phrase, (metric, _) in packaged_lexicon().phrases.items() if f" {phrase} " in said)

    def _limited(self, sentence: str, adjusted_at: int) -> bool:
        """A reconciliation or both bases anywhere in the sentence (``not_scope``), or a word
        saying only some figures are adjusted before its adjusted word (``partial_words``:
        "certain non-GAAP measures"; not "non-GAAP results, which exclude certain items")."""
        return bool(self.not_scope.search(sentence)
                    or (self.partial is not None and self.partial.search(sentence, 0, adjusted_at)))


def _places(low: str, literals: tuple[str, ...], start: int) -> list[int]:
    """Every place from ``start`` on where one of ``literals`` stands in ``low``."""
    out: list[int] = []
    for w in literals:
        k = low.find(w, start)
        while k >= 0:
            out.append(k)
            k = low.find(w, k + 1)
    return out


def _names_more(sentence: str, reader: ScopeReader) -> bool:
    """Whether the sentence speaks of more than per-share figures ("all results and EPS")."""
    rest = reader.per_share.sub(" ", sentence)
    words = reader.all_words.findall(rest)
    return any(w.lower() not in ("figures", "amounts", "numbers") for w in words)


@lru_cache(maxsize=1)
def _reader() -> ScopeReader:
    return ScopeReader()


def read_adjusted_scope(text: str) -> AdjustedScope | None:
    """The call's adjusted-basis scope statement (see the module docstring), or None."""
    return _reader().read(text)

