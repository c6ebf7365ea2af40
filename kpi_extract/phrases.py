"""Phrase lists as regular expressions, and literal prefilters for them.

:func:`alternation` and :func:`phrase_regex` turn a word list of ``data/`` into a pattern
(the one builder every stage uses).

The prefilters (:func:`required`, :func:`lowered`): a pattern built from a word list matches only text holding one of the list's words, so a
window of text holding none of them need not be scanned by that pattern: a substring test
costs far less than running the regular expression over the window. Hand-written because
``re`` has no multi-literal fast path, and the test must agree with the pattern exactly.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator

__all__ = ["alternation", "phrase_regex", "required", "lowered", "fold_key", "leading", "FOLD_TO_ASCII",
           "common_start", "matches_from", "ascii_words"]


def alternation(forms: Iterable[str]) -> str:
    """Longest-first alternation of literal forms (ties in alphabetical order, so the pattern
    is the same in every process); inner spaces match any run of blanks."""
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in uniq)


def phrase_regex(forms: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern matching any of ``forms`` as whole words (not inside a
    word or a hyphenated compound)."""
    forms = [f.lower() for f in forms]
    # the first letters' look-ahead after the look-behind: ``re`` then tries the alternation
    # only where a form can start (same matches, about a fifth faster over a sentence)
    return re.compile(rf"(?<![\w-]){leading(forms) if forms else ''}(?:{alternation(forms)})(?![\w-])", re.IGNORECASE)


def leading(forms: Iterable[str], extra: str = "") -> str:
    """A look-ahead for the first characters of ``forms`` and the characters ``extra`` (the
    other ways a pattern's matches may start), in both cases. Put before a pattern whose
    matches all start so: ``re`` then tries the pattern's long alternations at few places
    instead of at every character (the same matches, often twice as fast). With
    ``re.IGNORECASE`` the class admits the letters that fold to these too."""
    chars = {f[0] for f in forms if f} | set(extra)
    chars |= {c.upper() for c in chars} | {c.lower() for c in chars}
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])"


def required(forms: Iterable[str]) -> tuple[str, ...]:
    """The longest word of each form, lowercased, without those that contain a shorter one
    (``"$"`` covers ``"us$"``): every text a form matches holds one of them."""
    words = sorted({max(f.lower().split(), key=len) for f in forms if f.strip()}, key=len)
    kept: list[str] = []
    for w in words:
        if not any(k in w for k in kept):
            kept.append(w)
    return tuple(kept)


_LETTERS = bytes(c if 97 <= c <= 122 else 32 for c in range(256))  # a-z kept, all else a blank


def ascii_words(low: str) -> list[bytes]:
    """The runs of a-z in ``low`` (a :func:`lowered` text; what ``re.findall("[a-z]+", low)``
    gives, as bytes), three times faster: ``bytes.translate`` and ``split`` run in C."""
    return low.encode("ascii", "replace").translate(_LETTERS).split()


def common_start(forms: Iterable[str]) -> str:
    """The lowercase start every form of ``forms`` shares ("ended", "ending", "ends" -> "end"),
    up to its first blank (an inner blank matches any run of them); "" when they share none."""
    start = os.path.commonprefix([f.lower() for f in forms])
    return start.split(" ")[0] if start and not start[0].isspace() else ""


def matches_from(pattern: re.Pattern[str], text: str, low: str, start: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match begins with ``start``
    (lowercase; see :func:`common_start`), ``low`` being ``lowered(text)``: the pattern is
    tried only where ``low`` holds ``start``. Over a whole call this is several times
    faster: ``re`` finds no literal prefix in a case-insensitive alternation and tries it at
    every character, where ``str.find`` skips to the next place in C."""
    if not start:
        yield from pattern.finditer(text)
        return
    end, at = 0, low.find(start)
    while at >= 0:
        if at >= end:  # not inside the match before (finditer's matches never overlap)
            m = pattern.match(text, at)
            if m is not None:
                yield m
                end = max(m.end(), at + 1)
        at = low.find(start, at + 1)


#: the non-ASCII characters that ``re.IGNORECASE`` matches to an ASCII letter, where
#: ``str.lower`` gives no ASCII letter ("İ" lowercases to "i" and a combining dot); the
#: Kelvin sign, the fourth such character, lowercases to "k" already (tests/test_values.py
#: tries every code point)
FOLD_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def lowered(text: str) -> str:
    """``text`` lowercased as ``re.IGNORECASE`` compares it to ASCII letters, for the
    prefilter ("CLİENTS" holds "clients", "baſis" holds "basis"). Same length as ``text``
    (the one character whose ``str.lower`` is longer, "İ", is folded first)."""
    if text.isascii():
        return text.lower()
    if "\u0130" in text or "\u0131" in text or "\u017f" in text:  # far cheaper than translate
        text = text.translate(FOLD_TO_ASCII)
    return text.lower()


def fold_key(text: str) -> str:
    """The dictionary key of a phrase: :func:`lowered`, each run of blanks one space.

    Every look-up of a text a case-insensitive pattern matched goes through it, and so do
    the keys of the word lists: a pattern built by :func:`alternation` matches "mİllion",
    "euroſ" or "per  share", and each must find the entry that "million", "euros" and
    "per share" name (``str.lower`` alone gives "mi̇llion", "euroſ", "per  share")."""
    return " ".join(lowered(text).split())
