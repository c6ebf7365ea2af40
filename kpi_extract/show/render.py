"""``kpi_extract.render``: a transcript with its values, metric mentions and periods marked.

Drawn by spaCy's displaCy in its ``ent`` style, which keeps the text as written (its own
spacing, not tokens joined by blanks) and writes each label inside its mark, after the
text, so that labels never overlap. Colours are per layer (``render_colors`` in
``data/display.json``) and a legend above the text says what the labels mean:

* a value: its row index in the frame of :func:`kpi_extract.extract` and the value as
  normalized (``#3 RMB 2.13bn``);
* a metric mention: the metric id and the rows linked to it (``revenue → #3, #4``; the
  phrase in quotes for a link outside the lexicon, ``"cash position" → #7``);
* a period mention: the period it resolves to and its rows (``2022 Q4 → #3``).

Each paragraph (or sentence, with ``only_values``) is one displaCy block. A long text
starts at the paragraph of its first value, with a note saying how much was left out.
"""
from __future__ import annotations

import html
from typing import Any

import pandas as pd
from spacy import displacy
from spacy.displacy.templates import TPL_ENT, TPL_PAGE
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import is_in_jupyter

from kpi_extract.errors import ConfigError, InputTypeError
from kpi_extract.formatting import display_data
from kpi_extract.pipeline.build import default_pipeline
from kpi_extract.pipeline.paragraphs import chunks
from kpi_extract.run.rows import doc_rows
from kpi_extract.run.runner import Runner
from kpi_extract.schema import SCHEMA
from kpi_extract.show.evidence import LAYERS, Mark, marks

__all__ = ["render", "LAYERS", "SKIP_CHARS"]

#: displaCy's mark without the blanks around the text and label, which a browser shows as spaces
TPL_MARK = " ".join(TPL_ENT.split()).replace("> {text} <span", ">{text}<span").replace("</span> </mark>", "</span></mark>") \
    .replace("padding: 0.45em 0.6em; margin: 0 0.25em", "padding: 0.3em 0.4em; margin: 0 0.1em")

#: a text with more characters than this before its first value is drawn from that value's paragraph
SKIP_CHARS = 1000

_COLUMNS = ("start", "end", "value", "unit", "qualifier", "metric", "metric_text", "metric_start", "metric_end",
            "period_text", "fiscal_year", "fiscal_period")
_LEGEND = ("value", "#row of the frame, the value as normalized"), \
    ("metric", 'metric id (a "phrase" outside the lexicon) → the rows linked to it'), \
    ("period", "the period read → the rows linked to it")


def _check(window: Any, colors: dict[str, str] | None) -> dict[str, str]:
    if window is not None and not (isinstance(window, tuple) and len(window) == 2
                                   and all(isinstance(x, int) and not isinstance(x, bool) for x in window)
                                   and 0 <= window[0] <= window[1]):
        raise ConfigError(f"window must be a (start, end) pair of character offsets, not {window!r}")
    unknown = set(colors or {}) - set(LAYERS)
    if unknown:
        raise ConfigError(f"colors: unknown layer(s) {', '.join(sorted(unknown))}; layers: {', '.join(LAYERS)}")
    return {**display_data()["render_colors"], **(colors or {})}


def _source(text_or_doc: Any, df: pd.DataFrame | None, nlp: Language | None) -> tuple[str, pd.DataFrame, Language | None]:
    """The text, its frame (``df``, else the one :func:`extract` gives) and the pipeline."""
    if isinstance(text_or_doc, Doc):
        if text_or_doc._.kpi_values is None:
            raise InputTypeError("render needs a text or a Doc made by a kpi_extract pipeline "
                                 "(this Doc has no doc._.kpi_values)")
        frame = SCHEMA.frame(doc_rows(text_or_doc, doc_id="doc")) if df is None else df
        return text_or_doc.text, SCHEMA.require(frame, _COLUMNS, what="render"), None
    if not isinstance(text_or_doc, str):
        raise InputTypeError(f"render needs a str or a spaCy Doc, not {type(text_or_doc).__name__}")
    nlp = nlp or default_pipeline()
    if df is None:
        runner = Runner(nlp, given={}, fye_month=None)
        df = SCHEMA.frame(runner.rows([("text", text_or_doc, {})], warn_unknown=False))
    return text_or_doc, SCHEMA.require(df, _COLUMNS, what="render"), nlp


def _range(text: str, df: pd.DataFrame, window: tuple[int, int] | None) -> tuple[int, int]:
    """What to draw: ``window``, else the whole text, from the paragraph of the first value
    when more than :data:`SKIP_CHARS` characters come before it."""
    if window is not None:
        return window[0], min(window[1], len(text))
    first = int(df["start"].min()) if len(df) else 0
    if first <= SKIP_CHARS:
        return 0, len(text)
    return max(o for o, _ in chunks(text[:first + 1])), len(text)


def _blocks(text: str, lo: int, hi: int, docs: list[tuple[Doc, int]], only_values: bool,
            values: list[Mark]) -> list[tuple[int, int]]:
    """Character ranges drawn as blocks: each paragraph (or each sentence holding a value)
    cut to ``lo:hi``."""
    if only_values:
        starts = sorted(m.start for m in values)
        ranges = [(offset + s.start_char, offset + s.end_char) for doc, offset in docs
                  for s in (doc.sents if doc.has_annotation("SENT_START") else [doc[:]])]
        ranges = [(a, b) for a, b in ranges if any(a <= s < b for s in starts)]
    else:
        ranges = [(o, o + len(c)) for o, c in chunks(text)]
    cut = [(max(a, lo), min(b, hi)) for a, b in ranges if a < hi and b > lo]
    return [(a, a + len(text[a:b].rstrip())) for a, b in cut if text[a:b].strip()]


def _legend(palette: dict[str, str], skipped: int) -> str:
    chip = '<mark style="background: {}; padding: 0.2em 0.45em; border-radius: 0.35em">{}</mark> {}'
    items = " &nbsp; ".join(chip.format(palette[layer], layer, html.escape(what)) for layer, what in _LEGEND)
    out = f'<div class="kpi-legend" style="font-size: 0.85em; margin-bottom: 0.5em">{items}</div>'
    if skipped:
        out += (f'<div class="kpi-skipped" style="font-size: 0.85em; color: #666">… {skipped:,} characters before '
                f'the first value are not shown (window=(0, {skipped}) shows them)</div>')
    return out


def render(text_or_doc: str | Doc, *, df: pd.DataFrame | None = None, nlp: Language | None = None,
           window: tuple[int, int] | None = None, only_values: bool = False, jupyter: bool | None = None,
           page: bool = False, colors: dict[str, str] | None = None) -> str | None:
    """The text with values, metric mentions and periods highlighted, as displaCy HTML.

    Parameters
    ----------
    text_or_doc : a text, or a ``Doc`` made by a kpi_extract pipeline.
    df : the frame of :func:`kpi_extract.extract` for this text (its index numbers the
        values: pass the one you work with, ``reporting_period=`` and all); by default the
        text is extracted here with ``nlp``.
    nlp : the pipeline for a text; :func:`default_pipeline` otherwise.
    window : ``(start, end)`` character offsets: draw only the text between (values keep
        their row index in the whole text's frame).
    only_values : draw only the sentences that hold a value, one block each.
    jupyter : ``None`` shows the HTML in a notebook and returns ``None`` there, and returns
        the HTML string elsewhere; ``True`` always shows it; ``False`` always returns it.
    page : a full HTML page instead of a fragment.
    colors : layer -> CSS colour, overriding ``render_colors`` (keys ``value``,
        ``metric``, ``period``).

    Returns
    -------
    str or None
        The HTML (``""`` for a text without anything to draw); ``None`` when shown in a notebook.

    Raises
    ------
    InputTypeError
        For anything but a str or a Doc with kpi_extract annotations.
    ConfigError
        For a bad ``window`` or colour layer.
    FrameError
        For a ``df`` without the columns of :func:`extract`.
    """
    palette = _check(window, colors)
    text, df, nlp = _source(text_or_doc, df, nlp)
    lo, hi = _range(text, df, window)
    if nlp is None:
        docs = [(text_or_doc, 0)]
    else:
        parts = [(c, o) for o, c in chunks(text) if o < hi and o + len(c) > lo]
        docs = list(nlp.pipe(parts, as_tuples=True))
    found = marks(df[(df["start"] >= lo) & (df["end"] <= hi)], docs)
    parsed = []
    for a, b in _blocks(text, lo, hi, docs, only_values, [m for m in found if m.layer == "value"]):
        ents = [{"start": m.start - a, "end": m.end - a, "label": html.escape(m.label)}
                for m in found if a <= m.start and m.end <= b]
        parsed.append({"text": text[a:b], "ents": ents, "title": None})
    if not parsed:
        out = ""
    else:
        label_colors = {html.escape(m.label).upper(): palette[m.layer] for m in found}
        out = _legend(palette, lo if window is None else 0) + displacy.render(
            parsed, style="ent", manual=True, jupyter=False, options={"colors": label_colors, "template": TPL_MARK})
        if page:
            out = TPL_PAGE.format(content=out, lang="en", dir="ltr")
    if jupyter or (jupyter is None and is_in_jupyter()):
        from IPython.display import HTML, display
        display(HTML(out))
        return None
    return out
