"""The in-process run: the paragraphs of many documents through one ``nlp.pipe`` stream,
with faults isolated to their document.

Each text is cut into the paragraphs the pipeline runs on
(:class:`~kpi_extract.pipeline.paragraphs.Paragraphs`), and those of every document go
through one ``nlp.pipe`` stream, ``batch_size`` paragraphs at a time, across documents. A
document's rows are held until its last paragraph comes back, then given out at once.

Faults (``on_error="warn"`` / ``"skip"``): an exception inside ``nlp.pipe`` ends the stream,
and with it the batch in flight. :class:`Serial` then takes the documents that were fed but
not finished, runs each one alone (its paragraphs in a ``nlp.pipe`` of their own) so that
only the faulty one fails, and starts a new stream with the rest of the input. The common
path stays one batched stream; the price of a fault is re-running the documents of the
batches in flight.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import count
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kpi_extract.pipeline import extensions
from kpi_extract.pipeline.paragraphs import Paragraphs
from kpi_extract.run.documents import Document
from kpi_extract.run.progress import Progress
from kpi_extract.run.rows import doc_rows

__all__ = ["Serial", "Item"]

#: ``(doc_id, text)`` or ``(doc_id, text, meta)``, ``meta`` the document's own metadata
#: (``company``, ``call_date``, ``report``: see :meth:`Document.read`); the text may be an
#: exception instead (a bad input found while reading the items): that document fails like
#: one whose processing raised
Item = tuple[str, "str | Exception"] | tuple[str, "str | Exception", dict[str, Any]]
#: what goes along with a paragraph through the stream: (document key, offset, is last, paragraph)
_Context = tuple[int, int, bool, str]


class Serial:
    """One run of ``nlp`` in this process; :meth:`rows` yields the row dicts.

    ``on_failure(doc_id, exc)`` is called for each document that fails under ``on_error``
    ``"warn"`` or ``"skip"`` (under ``"raise"`` its exception propagates); ``unknown`` lists
    the documents finished so far whose reporting period was neither given nor found.
    """

    def __init__(self, nlp: Language, *, given: dict[str, Any], fye_month: int | None, batch_size: int = 64,
                 on_error: str = "raise", on_failure: Callable[[str, Exception], None],
                 progress: Progress | None = None, naming: str = "end"):
        self.nlp, self.given, self.fye_month, self.batch_size = nlp, given, fye_month, batch_size
        self.naming = naming
        #: ``(doc_id, note)`` of the documents whose period is unknown or disputed (see Document.note)
        self.notes: list[tuple[str, str]] = []
        self.on_error, self.on_failure = on_error, on_failure
        self.progress = progress if progress is not None else Progress()
        self.paragraphs = Paragraphs(nlp)
        #: whether the pipeline links values (a cue carried to a later sentence needs the links)
        self.linked = "kpi_linker" in nlp.pipe_names
        extensions.install()  # doc._.kpi_doc_segments, whatever the pipeline's components
        self.unknown: list[str] = []
        self._open: dict[int, Document] = {}  # fed to the stream, not finished; in input order
        self._keys = count()
        self._source_error: BaseException | None = None

    def rows(self, items: Iterable[Item]) -> Iterator[dict[str, Any]]:
        """Row dicts of every document of ``items``, in input order."""
        source = iter(items)
        while True:
            try:
                for doc, (key, offset, last, chunk) in self._stream(self._feed(source)):
                    d = self._open[key]
                    if d.error is None:
                        try:
                            d.rows.extend(doc_rows(doc, doc_id=d.doc_id, offset=offset, report=d.report,
                                                   fye_month=d.fye_month, text=chunk, naming=self.naming))
                        except Exception as exc:
                            if self.on_error == "raise":
                                raise
                            d.error = exc
                    if last:
                        yield from self._finish(self._open.pop(key))
                return
            except Exception as exc:
                if self.on_error == "raise" or exc is self._source_error:
                    raise
                pending, self._open = list(self._open.values()), {}
                for d in pending:  # alone, so that only the faulty one fails
                    yield from self._finish(self._alone(d))

    def _feed(self, source: Iterator[Item]) -> Iterator[tuple[str, list[str], _Context]]:
        """``(paragraph, segment names, (key, offset, is_last, paragraph))`` of each document; a document is
        in ``self._open`` before its first paragraph goes out. The context repeats the
        paragraph so that the rows slice it instead of rebuilding ``Doc.text`` from the
        tokens (the linker clears the ``kpi_text`` cache, which is not serialized)."""
        while True:
            try:
                item = next(source)
            except StopIteration:
                return
            except Exception as exc:  # the caller's iterable itself failed: not a document's fault
                self._source_error = exc
                raise
            doc_id, text, *meta = item
            try:
                if isinstance(text, Exception):
                    raise text
                d = Document.read(doc_id, text, self.given, self.fye_month, meta[0] if meta else None,
                                  self.naming)
                pieces = list(self.paragraphs(text))
            except Exception as exc:
                if self.on_error == "raise":
                    raise
                self.on_failure(doc_id, exc)
                continue
            if not pieces:
                self._done(d)
                continue
            key = next(self._keys)
            self._open[key] = d
            for i, (offset, chunk) in enumerate(pieces):
                yield chunk, d.segments, (key, offset, i == len(pieces) - 1, chunk)

    def _stream(self, feed: Iterable[tuple[str, list[str], Any]]) -> Iterator[tuple[Doc, Any]]:
        return self.nlp.pipe(self._docs(feed), as_tuples=True, batch_size=self.batch_size)

    def _docs(self, feed: Iterable[tuple[str, list[str], Any]]) -> Iterator[tuple[Doc, Any]]:
        for chunk, segments, context in feed:
            doc = self.nlp.make_doc(chunk)
            doc._.kpi_text = chunk  # saves every component a Doc.text rebuild
            if segments:
                doc._.kpi_doc_segments = segments  # the document's segment names, for kpi_metrics
            yield doc, context

    def _alone(self, d: Document) -> Document:
        """``d`` run through the pipeline by itself."""
        d.rows, d.error = [], None
        try:
            pieces = ((chunk, d.segments, (offset, chunk)) for offset, chunk in self.paragraphs(d.text))
            for doc, (offset, chunk) in self._stream(pieces):
                d.rows.extend(doc_rows(doc, doc_id=d.doc_id, offset=offset, report=d.report,
                                       fye_month=d.fye_month, text=chunk, naming=self.naming))
        except Exception as exc:
            d.rows, d.error = [], exc
        return d

    def _finish(self, d: Document) -> Iterator[dict[str, Any]]:
        if d.error is not None:
            self.on_failure(d.doc_id, d.error)
            return
        yield from d.finished_rows(linked=self.linked)
        self._done(d)

    def _done(self, d: Document) -> None:
        if d.unknown:
            self.unknown.append(d.doc_id)
        if d.note and d.text.strip():  # a blank text has nothing to say
            self.notes.append((d.doc_id, d.note))
        if self.progress.on:
            self.progress.add(1, len(d.text.split()), len(d.rows))
