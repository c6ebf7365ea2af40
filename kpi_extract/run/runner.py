"""Running the pipeline over many documents: :class:`Runner` checks the options and picks the
in-process run or worker processes.

:class:`Runner` turns ``(doc_id, text)`` items into row dicts (one per value) in input order.
With ``n_process=1`` the paragraphs of every document go through one ``nlp.pipe`` stream in
this process (:mod:`kpi_extract.run.serial`, which also isolates faults); with
``n_process > 1`` whole documents go to worker processes, each running that same serial
path on its share (:mod:`kpi_extract.run.parallel` says why not ``nlp.pipe(n_process=...)``).
Either way a failing document is reported here (``on_error``), the progress bar counts the
documents (:mod:`kpi_extract.run.progress`), and the documents without a reporting period
are named in one :class:`~kpi_extract.errors.PeriodWarning` at the end (or, inside
:func:`collecting_period_notes`, handed to the caller, who sums several runs up).
"""
from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from spacy.language import Language

from kpi_extract.fiscal import check_naming
from kpi_extract.errors import ConfigError, DocumentWarning, PeriodWarning
from kpi_extract.run import parallel
from kpi_extract.run.progress import Progress, progress_bar
from kpi_extract.run.serial import Item, Serial

__all__ = ["Runner", "ON_ERROR", "collecting_period_notes"]

#: what ``on_error`` may be
ON_ERROR = ("raise", "warn", "skip")

#: where the runs of this thread / task put their period notes instead of warning (None: they warn)
_PERIOD_NOTES: ContextVar[list[tuple[str, str]] | None] = ContextVar("kpi_extract_period_notes", default=None)


@contextmanager
def collecting_period_notes() -> Iterator[list[tuple[str, str]]]:
    """Inside, a run issues no :class:`PeriodWarning`: it appends ``("unknown", doc_id)``
    for each document without a reporting period and ``("disputed", doc_id)`` for each whose
    call date and text disagree to the list yielded, so that a caller running many batches
    (:func:`kpi_extract.dask_runner.extract_dask`) can issue one summary. Per thread and
    asyncio task (a context variable)."""
    notes: list[tuple[str, str]] = []
    token = _PERIOD_NOTES.set(notes)
    try:
        yield notes
    finally:
        _PERIOD_NOTES.reset(token)


class Runner:
    """One run of ``nlp`` over ``(doc_id, text)`` items; :meth:`rows` yields the row dicts.

    An item's text may be an exception instead (a bad input found while reading the items):
    that document fails like one whose processing raised. ``progress`` and ``total`` (the
    number of documents, None: unknown) make the bar counting the documents
    (:func:`~kpi_extract.run.progress.progress_bar`), once the options are checked: a bad
    option leaves no bar behind.
    """

    def __init__(self, nlp: Language, *, given: dict[str, Any], fye_month: int | None, batch_size: int = 64,
                 n_process: int = 1, on_error: str = "raise", progress: bool | None = False,
                 total: int | None = None, naming: str = "end"):
        if on_error not in ON_ERROR:
            raise ConfigError(f"on_error must be one of {', '.join(map(repr, ON_ERROR))}, not {on_error!r}")
        if isinstance(n_process, bool) or not isinstance(n_process, int) or not (n_process >= 1 or n_process == -1):
            raise ConfigError(f"n_process must be a positive int (or -1 for every CPU), not {n_process!r}")
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError(f"batch_size must be a positive int, not {batch_size!r}")
        check_naming(naming)
        self.nlp, self.given, self.fye_month, self.naming = nlp, given, fye_month, naming
        self.batch_size, self.n_process, self.on_error = batch_size, n_process, on_error
        self.progress = Progress(progress_bar(progress, total))
        #: the doc_ids finished so far whose reporting period was neither given nor found
        self.unknown: list[str] = []
        #: ``(doc_id, note)``: why a document's period is unknown, or how the caller and the text disagree
        self.notes: list[tuple[str, str]] = []

    def rows(self, items: Iterable[Item], *, warn_unknown: bool = True) -> Iterator[dict[str, Any]]:
        """Row dicts of every document of ``items``, in input order; a :class:`PeriodWarning`
        at the end names the documents without a reporting period (unless ``warn_unknown``
        is false)."""
        options = {"given": self.given, "fye_month": self.fye_month, "batch_size": self.batch_size,
                   "naming": self.naming}
        try:
            if self.n_process == 1:
                serial = Serial(self.nlp, on_error=self.on_error, on_failure=self._failed,
                                progress=self.progress, **options)
                self.unknown, self.notes = serial.unknown, serial.notes
                yield from serial.rows(items)
            else:
                yield from parallel.rows(self.nlp, items, n_process=self.n_process, options=options,
                                         on_error=self.on_error, on_failure=self._failed,
                                         progress=self.progress, unknown=self.unknown, notes=self.notes)
        finally:
            self.progress.close()
        if warn_unknown:
            self._warn_periods()

    def _warn_periods(self) -> None:
        """One :class:`PeriodWarning` for the documents without a reporting period (saying why
        for the first), one for those whose call date and text disagree; or the notes handed
        to :func:`collecting_period_notes`."""
        sink = _PERIOD_NOTES.get()
        if sink is not None:
            unknown = set(self.unknown)
            sink.extend(("unknown", d) for d in self.unknown)
            sink.extend(("disputed", d) for d, _ in self.notes if d not in unknown)
            return
        notes = dict(self.notes)
        if self.unknown:
            u = self.unknown
            shown = ", ".join(u[:5]) + (f" and {len(u) - 5} more" if len(u) > 5 else "")
            why = f" ({u[0]}: {notes[u[0]]})" if notes.get(u[0]) else ""
            warnings.warn(f"no reporting period found in {shown}{why}: fiscal_year/fiscal_period are <NA> on rows "
                          "without an explicit period; pass reporting_period='2022Q4' or call_date= to resolve them",
                          PeriodWarning, stacklevel=5)
        unknown = set(self.unknown)
        disputed = [(d, n) for d, n in self.notes if d not in unknown]
        if disputed:
            more = f" (and {len(disputed) - 1} more)" if len(disputed) > 1 else ""
            warnings.warn(f"{disputed[0][0]}: {disputed[0][1]}{more}", PeriodWarning, stacklevel=5)

    def _failed(self, doc_id: str, exc: Exception) -> None:
        if self.on_error == "warn":
            warnings.warn(DocumentWarning(f"document {doc_id!r} failed and gave no rows: "
                                          f"{type(exc).__name__}: {exc}", doc_id=doc_id, error=exc),
                          stacklevel=4)
        self.progress.failed()
