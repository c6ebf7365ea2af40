"""The company a call is about, read from its opening: :func:`read_company`.

Only the first ``company_window`` characters (3000) are read: the operator's welcome ("Welcome
to the Acme Corporation Fourth Quarter 2022 Earnings Conference Call"), the head of investor
relations introducing themselves ("Vice President of Investor Relations for Acme Inc."), a
thanks ("Thank you for joining us for Acme's third quarter call") or a title line ("Acme Q3
2021 earnings call"). The cue phrases and word lists are data (``data/document.json``,
``company_*``; see its ``_doc``). A name is taken as written, without a leading "the" and a
possessive "'s"; corporate suffixes stay as the text writes them ("Acme Inc." and "Acme" are
two names: pass ``company=`` to :func:`kpi_extract.extract` to name a company one way).
Without a cue the answer is ``None``, never a guess.

Hand-written rather than spaCy's NER: the blank pipeline has no entity recognizer, and a
statistical one would also tag the speakers, analysts' firms and products of the opening;
the cue says which name is the company's.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from kpi_extract import lexicon
from kpi_extract.phrases import alternation

__all__ = ["CompanyReader", "read_company"]

#: punctuation that ends a name when it trails a word ("Acme," "Acme:" "(Acme)")
_TRAILING = ",;:!?)\"”]"
_INITIALISM = re.compile(r"(?:[A-Z]\.){2,}")
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


@dataclass(frozen=True)
class _Word:
    """One word of a candidate name: ``core`` without trailing punctuation or possessive;
    ``last``: nothing of the name can follow it."""

    core: str
    last: bool


class CompanyReader:
    """Reads the company from a text's opening with the ``company_*`` entries of
    ``data/document.json``, extended by ``extra`` (:func:`kpi_extract.lexicon.merge`)."""

    def __init__(self, extra: Mapping[str, Any] | None = None):
        d = lexicon.merge(lexicon.packaged("document.json"), extra and lexicon.check("document.json", extra, "extra"))
        self.window = int(d["company_window"])
        self.max_words = int(d["company_max_words"])
        self.stop = frozenset(w.lower() for w in d["company_stop_words"])
        self.not_names = frozenset(w.lower() for w in d["company_not_names"])
        self.joiners = frozenset(d["company_joiners"])
        self.suffixes = frozenset(d["company_suffixes"])
        cues = d["company_cues"]
        self.before = re.compile(rf"(?<![\w-])(?:{alternation(cues['before'])})(?![\w-])[ \t]+", re.IGNORECASE)
        self.after = re.compile(rf"(?<![\w-])(?:{alternation(cues['after'])})(?![\w-])", re.IGNORECASE)

    def __call__(self, text: str) -> str | None:
        """The company named in ``text``'s opening, ``None`` when no cue names one; the
        earliest name in the text wins."""
        found = sorted(self._candidates(text[: self.window]))
        return found[0][1] if found else None

    def _candidates(self, head: str) -> Iterator[tuple[int, str]]:
        for m in self.before.finditer(head):
            rest = head[m.end():].split("\n", 1)[0]
            words = [self._word(w) for w in rest.split()[: self.max_words + 2]]
            name = self._forward(words)
            if name:
                yield m.end(), name
        for m in self.after.finditer(head):
            line = head[head.rfind("\n", 0, m.start()) + 1:m.start()]  # the line's text before the cue
            words = [self._word(w) for w in line.split()]
            name = self._backward(words)
            if name:
                yield m.start() - len(line) + line.find(name.split()[0]), name

    def _word(self, raw: str) -> _Word:
        core = raw.rstrip(_TRAILING)
        last = core != raw
        if _POSSESSIVE.search(core):
            core, last = _POSSESSIVE.sub("", core), True
        if core.endswith(".") and core not in self.suffixes and not _INITIALISM.fullmatch(core):
            core, last = core.rstrip("."), True  # a sentence's end
        return _Word(core.lstrip("(\"“["), last or core in self.suffixes)

    def _kind(self, core: str) -> str:
        """``name``, ``joiner`` or ``stop`` for one word."""
        if core in self.joiners:
            return "joiner"
        if core in self.suffixes:
            return "name"
        if (not core or core.lower() in self.stop or core.split("-")[0].lower() in self.stop
                or any(c.isdigit() for c in core) or not core[0].isupper()):
            return "stop"
        return "name"

    def _name(self, cores: list[str]) -> str | None:
        while cores and cores[-1] in self.joiners:
            cores.pop()
        while cores and cores[0] in self.joiners:
            cores.pop(0)
        if not cores or len(cores) > self.max_words or cores[0].lower() in self.not_names:
            return None
        return " ".join(cores)

    def _forward(self, words: list[_Word]) -> str | None:
        """The name the words after a cue start with ("the Acme Corporation Fourth ...")."""
        if words and words[0].core.lower() == "the" and not words[0].last:
            words = words[1:]
        cores: list[str] = []
        for w in words:
            kind = self._kind(w.core)
            if kind == "stop" or (kind == "joiner" and not cores):
                break
            cores.append(w.core)
            if w.last:
                break
        return self._name(cores)

    def _backward(self, words: list[_Word]) -> str | None:
        """The name the words before a call noun end with, past the period words between
        ("Acme Corporation Fourth Quarter and Full Year 2022" -> "Acme Corporation")."""
        i = len(words) - 1
        while i >= 0 and not words[i].last and (self._kind(words[i].core) in ("stop", "joiner")):
            if words[i].core[:1].islower() and words[i].core.lower() not in self.stop \
                    and words[i].core.lower() not in self.joiners:
                return None  # "... for the earnings call": no name right before
            i -= 1
        cores: list[str] = []
        while i >= 0:
            w = words[i]
            if (cores and w.last) or self._kind(w.core) == "stop" or w.core.lower() in self.not_names:
                break
            cores.insert(0, w.core)
            i -= 1
        if len(cores) > self.max_words:
            return None
        return self._name(cores)


@lru_cache(maxsize=1)
def _default() -> CompanyReader:
    return CompanyReader()


def read_company(text: str) -> str | None:
    """The company ``text`` is about, read from its opening (see the module docstring);
    ``None`` when no cue names one.

    >>> read_company("Good day and welcome to the Acme Corporation Fourth Quarter 2022 Earnings Call.")
    'Acme Corporation'
    """
    return _default()(text)
