"""Golden records and their comparison, fact by fact: the core of the ``kpi_regression``
fixture (:mod:`kpi_extract.testing.regression`), usable without pytest.

:func:`golden_records` turns an extraction's rows into plain records (sorted by offset, keys
in the frame's column order, the ``sentence`` column replaced by its digest
``sentence_hash``, floats rounded); :func:`compare` matches golden records with obtained
ones by content, counts numbers within per-column tolerances (``value``: relative 1e-9) as
equal, and returns a :class:`FactDiff` listing the facts added, removed and changed. Needs no
pytest: only kpi_extract's own dependencies.

Matching by content: a fact is its sentence (its digest), its value as written and the
occurrence of that text among the sentence's facts (:func:`content_key`). The two sides, in
offset order, are aligned on that key with :class:`difflib.SequenceMatcher`, so text
inserted above a fact moves it without changing it, and offsets only break ties (the order).
An edited number changes its sentence, so the facts of a stretch the alignment leaves
unmatched are aligned again on the value as written (the sentence's other facts), and what
is left there is paired in order, fact for fact of the same unit: the edited value, a
``~ changed`` fact. Offsets are not compared (a moved fact is the same fact); a metric's
offsets are compared relative to the value's.
"""
from __future__ import annotations

import difflib
import hashlib
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kpi_extract.schema import is_missing

__all__ = [
    "DEFAULT_TOLERANCES",
    "KEY",
    "MAX_LISTED",
    "NOT_IN_GOLDEN",
    "SENTENCE_HASH",
    "FactDiff",
    "compare",
    "content_key",
    "golden_records",
    "plain",
    "sentence_hash",
]

#: the columns every golden record keeps: where the value is and how it is written
KEY = ("start", "end", "value_text")
#: columns left out of golden files by default: ``sentence`` repeats a long stretch of the
#: text on every row, so the file would be mostly copied text; its digest
#: (:data:`SENTENCE_HASH`) stands in its place, to match facts by content
NOT_IN_GOLDEN = ("sentence",)
#: the record key holding the digest of the fact's sentence
SENTENCE_HASH = "sentence_hash"

#: per-column tolerances used unless ``check(tolerances=...)`` overrides a column
DEFAULT_TOLERANCES: dict[str, dict[str, float]] = {"value": {"rtol": 1e-9}}
#: at most this many facts are listed per section of a failure message
MAX_LISTED = 40


def plain(value: Any, column: str) -> Any:
    """A cell as a YAML-friendly Python value: NA -> None, ``value`` to 12 significant digits
    (exact for every reported figure), ``confidence`` to 3 decimals, categories as str."""
    if is_missing(value):
        return None
    if column == "value":
        return float(f"{value:.12g}")
    if column == "confidence":
        return round(float(value), 3)
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return bool(value)
    if isinstance(value, (int, float)) or hasattr(value, "item"):
        return value.item() if hasattr(value, "item") else value
    return str(value)


def sentence_hash(sentence: Any) -> str | None:
    """A short digest of a sentence (whitespace runs made one blank): 10 hex digits of SHA-1."""
    if is_missing(sentence):
        return None
    return hashlib.sha1(" ".join(str(sentence).split()).encode("utf-8")).hexdigest()[:10]


def golden_records(df: pd.DataFrame, columns: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The rows of an extraction as plain dicts, sorted by offset (``start``, ``end``).

    ``columns``: the columns to keep (the key columns are always kept); every column but
    ``sentence`` by default. The ``sentence`` column, when the frame has it, is written as
    its digest ``sentence_hash`` (the text itself only when ``columns`` names it). Returns
    one dict per row, keys in the frame's column order.
    """
    keep = [c for c in df.columns if c not in NOT_IN_GOLDEN] if columns is None else \
        [c for c in df.columns if c in set(columns) | set(KEY)]
    order = [c for c in df.columns if c in keep or c == "sentence"]
    df = df.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    out = []
    for row in df.to_dict("records"):
        record: dict[str, Any] = {}
        for c in order:
            if c in keep:
                record[c] = plain(row[c], c)
            if c == "sentence":
                record[SENTENCE_HASH] = sentence_hash(row[c])
        out.append(record)
    return out


@dataclass
class FactDiff:
    """What differs between golden records and obtained ones.

    ``added``: obtained records matching no golden one; ``removed``: golden records not
    obtained; ``changed``: ``(golden record, [(column, old, new), ...])`` for facts found on
    both sides (the same mention, perhaps moved, or its value edited) whose columns differ;
    ``same``: facts equal within the tolerances (offsets aside).
    """

    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[tuple[dict[str, Any], list[tuple[str, Any, Any]]]] = field(default_factory=list)
    same: int = 0

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def report(self, limit: int = MAX_LISTED) -> str:
        """The differences as readable lines: ``+`` added, ``-`` removed, ``~`` changed."""
        counts = f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"
        lines = [f"{counts} ({self.same} unchanged)"]
        sections = (
            ("added (extracted now, not in the golden file)", "+", [_fact(r) for r in self.added]),
            ("removed (in the golden file, not extracted now)", "-", [_fact(r) for r in self.removed]),
            ("changed (the same fact, columns differ; offsets as in the golden file)", "~",
             [f"{_where(r)}: " + "; ".join(f"{c}: {_show(a)} -> {_show(b)}" for c, a, b in cols)
              for r, cols in self.changed]),
        )
        for title, mark, items in sections:
            if not items:
                continue
            lines.append(f"{title}:")
            lines += [f"  {mark} {item}" for item in items[:limit]]
            if len(items) > limit:
                lines.append(f"  ... and {len(items) - limit} more")
        return "\n".join(lines)


_ABSENT = object()


def _show(value: Any) -> str:
    return "(absent)" if value is _ABSENT else "<NA>" if value is None else repr(value)


def _where(r: Mapping[str, Any]) -> str:
    return f"[{r.get('start')}:{r.get('end')}] {r.get('value_text')!r}"


def _fact(r: Mapping[str, Any]) -> str:
    """One record in a line: where, the number, and what it was linked to."""
    parts = [_where(r)]
    if "value" in r:
        parts.append(f"= {r['value']!r} {r.get('unit') or ''}".rstrip())
    for col in ("metric", "segment", "role", "comparison"):
        if r.get(col) is not None:
            parts.append(f"{col}={r[col]}")
    if r.get("fiscal_year") is not None or r.get("fiscal_period") is not None:
        parts.append(f"period={r.get('fiscal_year') or ''} {r.get('fiscal_period') or ''}".rstrip())
    return " ".join(parts)


def content_key(records: Sequence[Mapping[str, Any]]) -> list[tuple[Any, str, int]]:
    """Each record's ``(sentence_hash, value_text, occurrence)``: the n-th fact written so in
    that sentence (records in offset order; ``sentence_hash`` ``None`` in a golden file
    written before it was kept)."""
    seen: dict[tuple[Any, Any], int] = {}
    out = []
    for r in records:
        key = (r.get(SENTENCE_HASH), r.get("value_text"))
        n = seen[key] = seen.get(key, -1) + 1
        out.append((*key, n))
    return out


def _align(old: Sequence[Any], new: Sequence[Any]) -> Iterator[tuple[str, range, range]]:
    """``(tag, old range, new range)`` of the opcodes aligning two key sequences."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        yield tag, range(i1, i2), range(j1, j2)


def _pairs(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]]) -> tuple[
        list[tuple[int, int]], list[int], list[int]]:
    """``(pairs of matched indexes, old indexes left, new indexes left)``."""
    pairs: list[tuple[int, int]] = []
    left_old: list[int] = []
    left_new: list[int] = []
    for tag, a, b in _align(content_key(old), content_key(new)):
        if tag == "equal":
            pairs += zip(a, b)
            continue
        # the stretch of an edit: the same values as written, then the rest fact for fact
        texts_a, texts_b = [old[i].get("value_text") for i in a], [new[j].get("value_text") for j in b]
        rest_a, rest_b = [], []
        for tag2, a2, b2 in _align(texts_a, texts_b):
            if tag2 == "equal":
                pairs += ((a[i], b[j]) for i, j in zip(a2, b2))
            else:
                rest_a += [a[i] for i in a2]
                rest_b += [b[j] for j in b2]
        for i in rest_a:
            j = next((j for j in rest_b if new[j].get("unit") == old[i].get("unit")), None)
            if j is None:
                left_old.append(i)
            else:
                rest_b.remove(j)
                pairs.append((i, j))
        left_new += rest_b
    return sorted(pairs), left_old, sorted(left_new)


def _relative(record: Mapping[str, Any], column: str) -> Any:
    """A cell as compared: a metric's offset relative to the value's start."""
    value = record.get(column, _ABSENT)
    if column in ("metric_start", "metric_end") and isinstance(value, int) and isinstance(record.get("start"), int):
        return value - record["start"]
    return value


def _equal(a: Any, b: Any, tol: Mapping[str, float] | None) -> bool:
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b))
    if numbers:
        return math.isclose(a, b, rel_tol=tol.get("rtol", 0.0), abs_tol=tol.get("atol", 0.0)) if tol else a == b
    return type(a) is type(b) and a == b


def compare(expected: Sequence[Mapping[str, Any]], obtained: Sequence[Mapping[str, Any]],
            tolerances: Mapping[str, Mapping[str, float]] | None = None) -> FactDiff:
    """Golden records against obtained ones, fact by fact (matched by content: see the module
    docstring; the records are put in offset order first).

    ``tolerances``: ``{column: {"rtol": r, "atol": a}}``; numbers of such a column are equal
    when ``math.isclose`` says so, every other cell must be equal; ``start``, ``end`` and the
    sentence digest are not compared, metric offsets relative to ``start``. Returns a
    :class:`FactDiff` (false when nothing differs).
    """
    tolerances = DEFAULT_TOLERANCES if tolerances is None else tolerances
    old, new = _by_offset(expected), _by_offset(obtained)
    pairs, left_old, left_new = _pairs(old, new)
    diff = FactDiff(added=[new[j] for j in left_new], removed=[old[i] for i in left_old])
    for i, j in pairs:
        before, after = old[i], new[j]
        cols = [c for c in dict.fromkeys([*before, *after]) if c not in ("start", "end", SENTENCE_HASH)]
        changes = [(c, before.get(c, _ABSENT), after.get(c, _ABSENT)) for c in cols
                   if c not in before or c not in after
                   or not _equal(_relative(before, c), _relative(after, c), tolerances.get(c))]
        if changes:
            diff.changed.append((before, changes))
        else:
            diff.same += 1
    return diff


def _by_offset(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    def where(r: Mapping[str, Any]) -> tuple[int, int]:
        s, e = r.get("start"), r.get("end")
        return (s if isinstance(s, int) else -1, e if isinstance(e, int) else -1)
    return sorted(records, key=where)
