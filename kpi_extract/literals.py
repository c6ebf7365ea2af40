"""Literal prefilters for the value and period patterns.

A pattern built from a word list matches only text holding one of the list's words, so a
window of text holding none of them need not be scanned by that pattern: a substring test
costs far less than running the regular expression over the window. Hand-written because
``re`` has no multi-literal fast path, and the test must agree with the pattern exactly.
"""
from __future__ import annotations

from collections.abc import Iterable

__all__ = ["required", "lowered"]


def required(forms: Iterable[str]) -> tuple[str, ...]:
    """The longest word of each form, lowercased, without those that contain a shorter one
    (``"$"`` covers ``"us$"``): every text a form matches holds one of them."""
    words = sorted({max(f.lower().split(), key=len) for f in forms if f.strip()}, key=len)
    kept: list[str] = []
    for w in words:
        if not any(k in w for k in kept):
            kept.append(w)
    return tuple(kept)


def lowered(text: str) -> str | None:
    """``text`` lowercased for the prefilter, or None (scan without it) when it holds
    non-ASCII characters: ``str.lower`` and ``re.IGNORECASE`` agree on ASCII only ("ſ"
    matches "s" in a case-insensitive pattern, "İ" lowercases to two characters)."""
    return text.lower() if text.isascii() else None
