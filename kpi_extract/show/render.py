"""``kpi_extract.render``: a transcript with its values, metric mentions and periods marked.

Drawn by spaCy's displaCy in its ``span`` style, one colour per layer
(``render_colors`` in ``data/display.json``). Values are numbered in text order, and each
metric mention and period names the numbers of the values linked to it: ``VALUE 3`` under
"RMB 2,131 million", ``METRIC revenue → 3`` under "total revenue", ``PERIOD → 3`` under
"this quarter" (a mention linking values of several metrics names each:
``METRIC shares_repurchased → 64; share_repurchase_amount → 65``). Each paragraph (or sentence, with ``only_values``) is one displaCy block.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy import displacy
from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract.pipeline.paragraphs import chunks
from kpi_extract.errors import ConfigError, InputTypeError
from kpi_extract.formatting import display_data
from kpi_extract.pipeline.build import default_pipeline

__all__ = ["render", "LAYERS"]

#: the three layers drawn, in the order their labels stack
LAYERS = ("value", "metric", "period")


def _pieces(text_or_doc: Any, nlp: Language | None, window: tuple[int, int] | None) -> Iterator[tuple[Doc, int]]:
    """``(doc, offset)`` per paragraph that overlaps ``window``; a Doc is its own piece."""
    if isinstance(text_or_doc, Doc):
        if text_or_doc._.kpi_values is None:
            raise InputTypeError("render needs a text or a Doc made by a kpi_extract pipeline "
                                 "(this Doc has no doc._.kpi_values)")
        yield text_or_doc, 0
        return
    if not isinstance(text_or_doc, str):
        raise InputTypeError(f"render needs a str or a spaCy Doc, not {type(text_or_doc).__name__}")
    nlp = nlp or default_pipeline()
    parts = [(o, c) for o, c in chunks(text_or_doc)
             if window is None or (o < window[1] and o + len(c) > window[0])]
    yield from nlp.pipe(((c, o) for o, c in parts), as_tuples=True)


def _token_span(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return None if span is None else (span.start, span.end)


def _numbers(ns: list[int]) -> str:
    return ", ".join(map(str, ns))


def _metric_label(m: dict[str, Any]) -> str:
    """``METRIC revenue`` (no value linked), ``METRIC revenue → 1, 2``, or one group per
    metric when a mention links values of several (``METRIC shares_repurchased → 64;
    share_repurchase_amount → 65``)."""
    if not m["linked"]:
        return f"METRIC {m['name']}"
    groups: dict[str, list[int]] = {}
    for metric, n in m["linked"]:
        groups.setdefault(metric, []).append(n)
    return "METRIC " + "; ".join(f"{metric} → {_numbers(ns)}" for metric, ns in groups.items())


def _layers(doc: Doc, first: int) -> list[dict[str, Any]]:
    """The spans of one doc (token offsets, label, layer); values numbered from ``first``."""
    values = doc._.kpi_values or []
    metrics: dict[tuple[int, int], dict[str, Any]] = {}
    for m in doc._.kpi_metrics or []:
        metrics.setdefault((m["tok_start"], m["tok_end"]), {"name": m["metric"], "linked": []})
    periods = doc._.kpi_periods or []
    linked_periods: dict[int, list[int]] = {}
    spans = []
    for n, v in enumerate(values, start=first):
        spans.append({"start_token": v["tok_start"], "end_token": v["tok_end"], "layer": "value",
                      "label": f"VALUE {n}"})
        if v.get("metric_start") is not None:
            key = _token_span(doc, v["metric_start"], v["metric_end"])
            if key is not None:  # the value's own metric: "EBITDA margin profit" can link an ebitda value
                metrics.setdefault(key, {"name": v.get("metric") or "open", "linked": []})["linked"].append(
                    (v.get("metric") or "open", n))
        if v.get("period_text") is not None:
            same = [i for i, p in enumerate(periods) if p["text"] == v["period_text"] and p["ref"] == v.get("period_ref")]
            if same:
                i = min(same, key=lambda i: abs(periods[i]["start"] - v["start"]))
                linked_periods.setdefault(i, []).append(n)
    for (s, e), m in metrics.items():
        spans.append({"start_token": s, "end_token": e, "layer": "metric", "label": _metric_label(m)})
    for i, p in enumerate(periods):
        arrow = f" → {_numbers(linked_periods[i])}" if i in linked_periods else ""
        spans.append({"start_token": p["tok_start"], "end_token": p["tok_end"], "layer": "period",
                      "label": f"PERIOD{arrow}"})
    return spans


def _blocks(doc: Doc, offset: int, window: tuple[int, int] | None, only_values: bool) -> Iterator[tuple[int, int]]:
    """Token ranges of ``doc`` to draw: the whole doc, its sentences holding a value, cut to ``window``."""
    if only_values:
        starts = {v["tok_start"] for v in doc._.kpi_values or []}
        sents = doc.sents if doc.has_annotation("SENT_START") else [doc[:]]
        ranges = [(s.start, s.end) for s in sents if any(s.start <= t < s.end for t in starts)]
    else:
        ranges = [(0, len(doc))]
    for lo, hi in ranges:
        if window is not None:
            inside = [t.i for t in doc[lo:hi] if t.idx + offset < window[1] and t.idx + len(t) + offset > window[0]]
            if not inside:
                continue
            lo, hi = inside[0], inside[-1] + 1
        yield lo, hi


def render(text_or_doc: str | Doc, *, nlp: Language | None = None, window: tuple[int, int] | None = None,
           only_values: bool = False, jupyter: bool | None = None, page: bool = False,
           colors: dict[str, str] | None = None) -> str | None:
    """The text with values, metric mentions and periods highlighted, as displaCy HTML.

    Parameters
    ----------
    text_or_doc : a text (run through ``nlp``, paragraph by paragraph as :func:`extract`
        does, so links are the same), or a ``Doc`` made by a kpi_extract pipeline.
    nlp : the pipeline for a text; :func:`default_pipeline` otherwise.
    window : ``(start, end)`` character offsets: draw only the text between (for long
        transcripts; only the paragraphs it touches are processed).
    only_values : draw only the sentences that hold a value, one block each.
    jupyter : as for ``displacy.render``: ``None`` shows the HTML in a notebook and
        returns ``None`` there, and returns the HTML string elsewhere; ``False`` always
        returns the string.
    page : a full HTML page instead of a fragment.
    colors : layer -> CSS colour, overriding ``render_colors`` (keys ``value``,
        ``metric``, ``period``).

    Raises :class:`~kpi_extract.errors.InputTypeError` for anything but a str or a Doc
    with kpi_extract annotations, :class:`~kpi_extract.errors.ConfigError` for a bad
    ``window`` or colour layer.
    """
    if window is not None and not (isinstance(window, tuple) and len(window) == 2
                                   and all(isinstance(x, int) and not isinstance(x, bool) for x in window)
                                   and 0 <= window[0] <= window[1]):
        raise ConfigError(f"window must be a (start, end) pair of character offsets, not {window!r}")
    palette = dict(display_data()["render_colors"])
    unknown = set(colors or {}) - set(LAYERS)
    if unknown:
        raise ConfigError(f"colors: unknown layer(s) {', '.join(sorted(unknown))}; layers: {', '.join(LAYERS)}")
    palette.update(colors or {})
    parsed, label_colors, number = [], {}, 1
    for doc, offset in _pieces(text_or_doc, nlp, window):
        spans = _layers(doc, number)
        number += len(doc._.kpi_values or [])
        for lo, hi in _blocks(doc, offset, window, only_values):
            shown = [dict(s, start_token=s["start_token"] - lo, end_token=s["end_token"] - lo)
                     for s in spans if lo <= s["start_token"] and s["end_token"] <= hi]
            for s in shown:
                label_colors[s["label"]] = palette[s.pop("layer")]
            parsed.append({"text": doc[lo:hi].text, "tokens": [t.text for t in doc[lo:hi]], "spans": shown})
    return displacy.render(parsed, style="span", manual=True, jupyter=jupyter, page=page,
                           options={"colors": label_colors})
