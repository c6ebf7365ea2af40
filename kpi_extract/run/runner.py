"""Running the pipeline over many documents: paragraph batches, isolated faults, progress.

:class:`Runner` turns ``(doc_id, text)`` items into row dicts (one per value) in input order.
Each text is cut into paragraphs (:func:`chunks`); with kpi_extract's own pipeline the
paragraphs without a value are left out before tokenizing (see :meth:`Runner._pieces`), and
the rest of every document go through one ``nlp.pipe`` stream, ``batch_size`` paragraphs at
a time, across documents: the tokenizer's cache works per short text and no text meets
spaCy's ``max_length``. A document's rows are held until its last paragraph comes back,
then given out at once.

Faults (``on_error="warn"`` / ``"skip"``): an exception inside ``nlp.pipe`` ends the stream,
and with it the batch in flight. The runner then takes the documents that were fed but not
finished, runs each one alone (its paragraphs in a ``nlp.pipe`` of their own, in this
process) so that only the faulty one fails, and starts a new stream with the rest of the
input. The common path stays one batched stream; the price of a fault is re-running the
documents of the batches in flight.

With ``n_process > 1`` whole documents go to worker processes, each running this same
serial path on its share (:mod:`kpi_extract.run.parallel` says why not ``nlp.pipe(n_process=...)``).
"""
from __future__ import annotations

import re
import sys
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import count
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract.errors import ConfigError, DocumentWarning, PeriodWarning
from kpi_extract.run.rows import doc_rows
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.periods.reporting import detect_reporting_period
from kpi_extract.phrases import alternation
from kpi_extract.pipeline.build import MAX_CHUNK_CHARS
from kpi_extract.pipeline.values.component import KpiValues

__all__ = ["Runner", "chunks", "progress_bar", "ON_ERROR", "GUIDANCE_CARRY_CHARS"]

#: what ``on_error`` may be
ON_ERROR = ("raise", "warn", "skip")

#: how far (characters) an outlook's period carries to later guidance without one
GUIDANCE_CARRY_CHARS = 1000

_SENT_END = re.compile(r"[.!?]\s+")

#: a paragraph's last sentence turning to a topic ("I'll start with public cloud services."):
#: the cues are the linker's packaged ones (``data/cues.json``)
_CUES = Cues()
_TOPIC_CUE = re.compile(r"\b(?:%s)\b" % alternation(_CUES.topic_cues), re.IGNORECASE)
_CUE_WORDS = tuple(sorted({c.split()[-1] for c in _CUES.topic_cues}))  # one of them is in every cue
_SENT_BREAK = re.compile(r"[.!?]\s+|\n")
#: how far from a paragraph's end a topic turn is looked for
_TURN_CHARS = 300


#: the longest run of characters without a blank that is tokenized (see :func:`chunks`)
MAX_TOKEN_CHARS = 1000
_LONG_TOKEN = re.compile(r"\S{%d,}" % (MAX_TOKEN_CHARS + 1))


def chunks(text: str, max_chars: int = MAX_CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, paragraph)`` pairs covering every non-blank line of ``text``.

    A run of more than ``MAX_TOKEN_CHARS`` characters without a blank (a flattened table,
    an encoded blob) is left out: it holds no readable value, and spaCy's tokenizer takes
    time quadratic in a token's length (it splits affixes off one at a time)."""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        if not line.strip():
            continue
        for piece_start, piece in _without_long_tokens(start, line):
            while len(piece) > max_chars:
                cut = max((m.end() for m in _SENT_END.finditer(piece, 0, max_chars)), default=max_chars)
                yield piece_start, piece[:cut]
                piece_start, piece = piece_start + cut, piece[cut:]
            if piece.strip():
                yield piece_start, piece


def _without_long_tokens(start: int, line: str) -> Iterator[tuple[int, str]]:
    last = 0
    for m in _LONG_TOKEN.finditer(line):
        yield start + last, line[last:m.start()]
        last = m.end()
    yield start + last, line[last:]


def _report(text: str, given: dict[str, Any], fye_month: int) -> dict[str, Any]:
    if given:
        return given
    found = detect_reporting_period(text, fye_month=fye_month)
    return {"report_fiscal_year": found[0], "report_fiscal_period": found[1]} if found else {}


def _carry_guidance_period(row: dict[str, Any], guided: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Carry-over across sentences and paragraphs for outlooks: "For the third quarter, we
    expect revenue of $A. Non-GAAP EPS is expected to be $B." gives $B the third quarter."""
    if row.get("role") != "guidance":
        return row
    last = guided.get(row["doc_id"])
    if row.get("period_text") is not None:
        guided[row["doc_id"]] = row
    elif last is not None and row["start"] - last["end"] <= GUIDANCE_CARRY_CHARS:
        row.update(fiscal_year=last["fiscal_year"], fiscal_period=last["fiscal_period"],
                   period_text=last["period_text"])
        guided[row["doc_id"]] = row
    return row


# ------------------------------------------------------------------ progress
def _in_notebook() -> bool:
    ipython = sys.modules.get("IPython")
    shell = getattr(ipython, "get_ipython", lambda: None)() if ipython else None
    return type(shell).__name__ == "ZMQInteractiveShell"


def _interactive() -> bool:
    try:
        return sys.stderr.isatty() or _in_notebook()
    except (AttributeError, ValueError):  # stderr replaced or closed
        return False


def progress_bar(progress: bool | None, total: int | None) -> Any:
    """A tqdm bar counting documents (``None`` when off): ``progress=None`` shows it when
    stderr is a terminal or in a notebook, ``True`` always, ``False`` never."""
    if progress is False or (progress is None and not _interactive()):
        return None
    if _in_notebook():
        from tqdm.auto import tqdm
    else:
        from tqdm import tqdm
    return tqdm(total=total, unit="doc", desc="kpi_extract", file=sys.stderr, dynamic_ncols=True)


def _topic_turn(offset: int, chunk: str, found: list[Any]) -> int | None:
    """Where the last sentence of a paragraph starts (an offset in the text) when it holds no
    value and leads into the next paragraph: it turns to a topic ("I'll start with public
    cloud.") or announces an outlook for a period ("Turning to our outlook for the third
    quarter."); else None."""
    body = chunk.rstrip()
    body = body[:-1] if body.endswith((".", "!", "?", ":")) else body
    lo = max(0, len(body) - _TURN_CHARS)
    start = 0 if lo == 0 else None
    for m in _SENT_BREAK.finditer(body, lo):
        start = m.end()
    if start is None:  # the last sentence is longer than _TURN_CHARS
        return None
    low = body[start:].lower()
    topic = any(w in low for w in _CUE_WORDS) and _TOPIC_CUE.search(body, start) is not None
    outlook = any(w in low for w in _CUES.outlook_words) and any(w in low for w in _CUES.outlook_period_words)
    if not (topic or outlook) or any(v.end > start for v in found):
        return None
    return offset + start


# ------------------------------------------------------------------ the runner
def _values_component(nlp: Language) -> tuple[Any, bool]:
    """The pipeline's ``kpi_values`` component (None without one), and whether the pipeline
    is kpi_extract's own: one ``kpi_values`` and every component exactly one of the
    package's classes, so that only that component's values can give rows."""
    from kpi_extract.pipeline.linking.component import KpiLinker
    from kpi_extract.pipeline.metrics.component import KpiMetrics
    from kpi_extract.pipeline.periods.component import KpiPeriods
    from kpi_extract.pipeline.sentences import KpiSentences

    pipes = [pipe for _, pipe in nlp.components]
    values = [p for p in pipes if isinstance(p, KpiValues)]
    own = len(values) == 1 and all(type(p) in (KpiValues, KpiSentences, KpiPeriods, KpiMetrics, KpiLinker)
                                   for p in pipes)
    return (values[0] if values else None), own


@dataclass
class _Doc:
    doc_id: str
    text: str
    report: dict[str, Any]
    rows: list[dict[str, Any]] = field(default_factory=list)
    error: Exception | None = None


class Runner:
    """One run of ``nlp`` over ``(doc_id, text)`` items; :meth:`rows` yields the row dicts.

    An item's text may be an exception instead (a bad input found while reading the items):
    that document fails like one whose processing raised.
    """

    def __init__(self, nlp: Language, *, given: dict[str, Any], fye_month: int, batch_size: int = 64,
                 n_process: int = 1, on_error: str = "raise", bar: Any = None):
        if on_error not in ON_ERROR:
            raise ConfigError(f"on_error must be one of {', '.join(map(repr, ON_ERROR))}, not {on_error!r}")
        if isinstance(n_process, bool) or not isinstance(n_process, int) or not (n_process >= 1 or n_process == -1):
            raise ConfigError(f"n_process must be a positive int (or -1 for every CPU), not {n_process!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(f"batch_size must be a positive int, not {batch_size!r}")
        self.nlp, self.given, self.fye_month = nlp, given, fye_month
        self._value_pipe, self._own = _values_component(nlp)
        self.batch_size, self.n_process, self.on_error, self.bar = batch_size, n_process, on_error, bar
        self._open: dict[int, _Doc] = {}  # fed to the stream, not finished; in input order
        self._keys = count()
        self._source_error: BaseException | None = None
        self._unknown: list[str] = []
        #: called as ``on_failure(doc_id, exc)`` instead of warning (a worker reports to its parent)
        self.on_failure: Any = None
        self._words = 0
        self._values = 0
        self._t0 = time.perf_counter()

    @property
    def unknown(self) -> list[str]:
        """The doc_ids finished so far whose reporting period was neither given nor found."""
        return self._unknown

    def rows(self, items: Iterable[tuple[str, str | Exception]], *, warn_unknown: bool = True) -> Iterator[dict[str, Any]]:
        """Row dicts of every document of ``items``, in input order; a :class:`PeriodWarning`
        at the end names the documents without a reporting period (unless ``warn_unknown``
        is false)."""
        if self.n_process != 1:
            yield from self._parallel(items)
        else:
            yield from self._serial(items)
        if self._unknown and warn_unknown:
            u = self._unknown
            shown = ", ".join(u[:5]) + (f" and {len(u) - 5} more" if len(u) > 5 else "")
            warnings.warn(f"no reporting period found in {shown}: fiscal_year/fiscal_period are <NA> on rows "
                          "without an explicit period; pass reporting_period='2022Q4' to resolve them",
                          PeriodWarning, stacklevel=4)

    def _parallel(self, items: Iterable[tuple[str, str | Exception]]) -> Iterator[dict[str, Any]]:
        """Whole documents in worker processes (see :mod:`kpi_extract.run.parallel`)."""
        from kpi_extract.run import parallel
        from kpi_extract.pipeline.build import default_pipeline

        # workers build the default pipeline themselves (not built here for a custom one)
        default = default_pipeline.cache_info().currsize > 0 and self.nlp is default_pipeline()
        nlp = None if default else self.nlp
        options = {"given": self.given, "fye_month": self.fye_month, "batch_size": self.batch_size}
        try:
            for res in parallel.run(nlp, items, n_process=self.n_process, options=options):
                for doc_id, exc in res["failed"]:
                    if self.on_error == "raise":
                        raise exc
                    self._failed(doc_id, exc)
                yield from res["rows"]
                self._unknown.extend(res["unknown"])
                self._values += len(res["rows"])
                self._progress(res["docs"] - len(res["failed"]), res["words"])
        finally:
            if self.bar is not None:
                self.bar.close()

    def _serial(self, items: Iterable[tuple[str, str | Exception]]) -> Iterator[dict[str, Any]]:
        source = iter(items)
        try:
            while True:
                try:
                    for doc, (key, offset, last, chunk) in self._stream(self._feed(source)):
                        d = self._open[key]
                        if d.error is None:
                            try:
                                d.rows.extend(doc_rows(doc, doc_id=d.doc_id, offset=offset, report=d.report,
                                                       fye_month=self.fye_month, text=chunk))
                            except Exception as exc:
                                if self.on_error == "raise":
                                    raise
                                d.error = exc
                        if last:
                            yield from self._finish(self._open.pop(key))
                    break
                except Exception as exc:
                    if self.on_error == "raise" or exc is self._source_error:
                        raise
                    pending, self._open = list(self._open.values()), {}
                    for d in pending:  # alone, so that only the faulty one fails
                        yield from self._finish(self._alone(d))
        finally:
            if self.bar is not None:
                self.bar.close()

    def _feed(self, source: Iterator[tuple[str, str | Exception]]) -> Iterator[tuple[str, tuple[int, int, bool, str]]]:
        """``((paragraph, values found), (key, offset, is_last, paragraph))`` of each
        document (see :meth:`_pieces`); a document is in ``self._open`` before its first
        paragraph goes out. The context repeats the paragraph so that the frame slices it
        instead of rebuilding ``Doc.text`` from the tokens (the linker clears the
        ``kpi_text`` cache, which is not serialized)."""
        while True:
            try:
                item = next(source)
            except StopIteration:
                return
            except Exception as exc:  # the caller's iterable itself failed: not a document's fault
                self._source_error = exc
                raise
            doc_id, text = item
            try:
                if isinstance(text, Exception):
                    raise text
                report = _report(text, self.given, self.fye_month)
                pieces = list(self._pieces(text))
            except Exception as exc:
                if self.on_error == "raise":
                    raise
                self._failed(doc_id, exc)
                continue
            d = _Doc(doc_id, text, report)
            if not pieces:
                self._done(d)
                continue
            key = next(self._keys)
            self._open[key] = d
            for i, (offset, chunk, found) in enumerate(pieces):
                yield (chunk, found), (key, offset, i == len(pieces) - 1, chunk)

    def _pieces(self, text: str) -> Iterator[tuple[int, str, list[Any] | None]]:
        """``(offset, paragraph, values found)`` of ``text``.

        The values of each paragraph are found here, before tokenizing, with the pipeline's
        ``kpi_values`` grammar. When the pipeline is kpi_extract's own, a paragraph without
        any is left out: it can give no row, and most paragraphs of a call hold no value
        (three in four of the fixture's words), so most of the tokenizing and of every
        component's work is saved; the values found go with the paragraph (``kpi_values``
        takes them). With a component of another kind every paragraph goes through the
        pipeline, with its values when ``kpi_values`` is the package's own class (else
        ``found`` is None: a subclass finds its own). A paragraph ending on a topic turn without a value
        ("I'll start with public cloud services.") lends that sentence to the next one."""
        turn: int | None = None  # where a topic turn ending the previous paragraph starts
        prev_end = 0
        values = self._value_pipe
        for offset, chunk in chunks(text):
            if values is None:
                yield offset, chunk, None
                continue
            found = values.grammar.find(chunk)
            if found and turn is not None and not text[prev_end:offset].strip():
                # "I'll start with public cloud services.\nIn Q4, revenues from this business were ...":
                # the turn goes with this paragraph, so the linker reads its topic
                offset, chunk = turn, text[turn:offset + len(chunk)]
                found = values.grammar.find(chunk)
            turn, prev_end = _topic_turn(offset, chunk, found), offset + len(chunk)
            if not self._own:
                yield offset, chunk, found if type(values) is KpiValues else None
            elif found:
                yield offset, chunk, found

    def _stream(self, feed: Iterator[tuple[tuple[str, Any], Any]]) -> Iterator[tuple[Doc, Any]]:
        return self.nlp.pipe(self._docs(feed), as_tuples=True, batch_size=self.batch_size)

    def _docs(self, feed: Iterable[tuple[tuple[str, Any], Any]]) -> Iterator[tuple[Doc, Any]]:
        for (chunk, found), context in feed:
            doc = self.nlp.make_doc(chunk)
            doc._.kpi_text = chunk  # saves every component a Doc.text rebuild
            doc._.kpi_found = found  # kpi_values takes them instead of searching again
            yield doc, context

    def _alone(self, d: _Doc) -> _Doc:
        """``d`` run through the pipeline by itself, in this process."""
        d.rows, d.error = [], None
        try:
            pieces = (((chunk, found), (offset, chunk)) for offset, chunk, found in self._pieces(d.text))
            for doc, (offset, chunk) in self.nlp.pipe(self._docs(pieces), as_tuples=True, batch_size=self.batch_size):
                d.rows.extend(doc_rows(doc, doc_id=d.doc_id, offset=offset, report=d.report,
                                       fye_month=self.fye_month, text=chunk))
        except Exception as exc:
            d.rows, d.error = [], exc
        return d

    def _finish(self, d: _Doc) -> Iterator[dict[str, Any]]:
        if d.error is not None:
            self._failed(d.doc_id, d.error)
            return
        guided: dict[str, dict[str, Any]] = {}
        for row in d.rows:
            yield _carry_guidance_period(row, guided)
        self._values += len(d.rows)
        self._done(d)

    def _done(self, d: _Doc) -> None:
        if not d.report and d.text.strip():
            self._unknown.append(d.doc_id)
        if self.bar is not None:
            self._progress(1, len(d.text.split()))

    def _progress(self, docs: int, words: int) -> None:
        if self.bar is not None:
            self._words += words
            rate = self._words / max(time.perf_counter() - self._t0, 1e-9)
            self.bar.set_postfix_str(f"{rate:,.0f} words/s, {self._values:,} values", refresh=False)
            self.bar.update(docs)

    def _failed(self, doc_id: str, exc: Exception) -> None:
        if self.on_failure is not None:
            self.on_failure(doc_id, exc)
            return
        if self.on_error == "warn":
            warnings.warn(DocumentWarning(f"document {doc_id!r} failed and gave no rows: "
                                          f"{type(exc).__name__}: {exc}", doc_id=doc_id, error=exc),
                          stacklevel=4)
        if self.bar is not None:
            self.bar.update(1)
