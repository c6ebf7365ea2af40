"""Exact parsing of written numbers into :class:`decimal.Decimal`.

Hand-written because the libraries of the field either go through ``float`` (quantulum3,
pint's parser) or need a trained model; we need exact digits ("RMB 2.05 billion" must be
2050000000.0, not 2049999999.9999998) and English number words ("one point five").
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from kpi_extract.phrases import lowered

__all__ = ["parse_digits", "parse_words", "parse_number"]

_DIGITS_RE = re.compile(r"[-−+]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?")


def parse_digits(text: str) -> Decimal:
    """``"1,057.6"`` -> ``Decimal("1057.6")``; raises ``ValueError`` on anything else."""
    s = text.strip().replace("−", "-")
    if not s or not _DIGITS_RE.fullmatch(s):
        raise ValueError(f"not a written number: {text!r}")
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex guards this
        raise ValueError(f"not a written number: {text!r}") from exc


def parse_words(text: str, words: Mapping[str, int]) -> Decimal:
    """Spelled numbers: ``"twenty-five"`` -> 25, ``"one point five"`` -> 1.5,
    ``"two hundred and ten"`` -> 210. ``words`` maps zero..ninety to their values."""
    tokens = [t for t in re.split(r"[\s-]+", lowered(text).strip()) if t and t != "and"]
    if not tokens:
        raise ValueError(f"not a spelled number: {text!r}")
    if "point" in tokens:
        i = tokens.index("point")
        whole = parse_words(" ".join(tokens[:i]), words) if i else Decimal(0)
        digits = "".join(str(words[t]) for t in tokens[i + 1:] if words.get(t, 99) < 10)
        if not digits or len(digits) != len(tokens) - i - 1:
            raise ValueError(f"not a spelled number: {text!r}")
        return whole + Decimal("0." + digits)
    total = current = 0
    for tok in tokens:
        if tok == "hundred":
            current = (current or 1) * 100
        elif tok in words:
            current += words[tok]
        else:
            raise ValueError(f"not a spelled number: {text!r}")
    return Decimal(total + current)


def parse_number(text: str, words: Mapping[str, int]) -> Decimal:
    """Digits first, spelled words otherwise."""
    if any(c.isdigit() for c in text):
        return parse_digits(text)
    return parse_words(text, words)
