"""Worker processes over whole documents, for ``extract_many(n_process > 1)``.

Hand-written rather than ``nlp.pipe(n_process=...)``: spaCy's workers send every ``Doc``
back to the main process through ``Doc.to_bytes``, and each msgpack call in there looks up
srsly's encoder registry (a copy of catalogue's whole registry): about 15 ms per ``Doc``
whatever its size. With one ``Doc`` per paragraph that made two processes seven times
slower than one. Here each worker runs the in-process :class:`~kpi_extract.run.serial.Serial`
(``nlp.pipe`` over paragraphs, as with ``n_process=1``) on a task of whole documents and
sends back plain row dicts; the main process only puts them in order. The frame is the same
as with one process.

Workers end with the run: killed or interrupted, it takes its workers with it
(:mod:`kpi_extract.run.lifetime`).

Tasks are bounded (``TASK_CHARS`` characters, and at most ``2 x workers`` tasks in flight),
so a corpus read lazily stays lazy. A worker gets the pipeline through the process start
(inherited under ``fork``, pickled under ``spawn``), or builds the default one itself.
"""
from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from spacy.language import Language

from kpi_extract.errors import KpiExtractError
from kpi_extract.pipeline.build import default_pipeline
from kpi_extract.run.lifetime import die_with_parent, stop
from kpi_extract.run.progress import Progress
from kpi_extract.run.serial import Serial

__all__ = ["TASK_CHARS", "workers", "run", "rows"]

#: characters of text per task sent to a worker (whole documents; one at least)
TASK_CHARS = 100_000

_NLP: Language | None = None  # the worker's pipeline, set by _init


def workers(n_process: int) -> int:
    """The number of worker processes ``n_process`` asks for (``-1``: one per CPU)."""
    return max(1, os.cpu_count() or 1) if n_process == -1 else n_process


def _init(nlp: Language | None, parent: int) -> None:
    global _NLP
    die_with_parent(parent)
    _NLP = nlp


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # an exception class that does not pickle: keep its type name and message
        return KpiExtractError(f"{type(exc).__name__}: {exc}")


def _work(task: list[tuple[str, Any]], options: dict[str, Any]) -> dict[str, Any]:
    """Run one task in a worker: its rows, its failed documents and those without a period."""
    failed: list[tuple[str, BaseException]] = []
    serial = Serial(_NLP or default_pipeline(), on_error="skip",
                    on_failure=lambda doc_id, exc: failed.append((doc_id, _picklable(exc))), **options)
    rows = list(serial.rows(task))
    return {"rows": rows, "failed": failed, "unknown": serial.unknown, "notes": serial.notes, "docs": len(task),
            "words": sum(len(item[1].split()) for item in task if isinstance(item[1], str))}


def _tasks(items: Iterable[tuple[str, Any]]) -> Iterator[list[tuple[str, Any]]]:
    task: list[tuple[str, Any]] = []
    size = 0
    for item in items:
        task.append(item)
        size += len(item[1]) if isinstance(item[1], str) else 0
        if size >= TASK_CHARS:
            yield task
            task, size = [], 0
    if task:
        yield task


def run(nlp: Language | None, items: Iterable[tuple[str, Any]], *, n_process: int,
        options: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Results of ``_work`` for the tasks of ``items``, in input order. ``nlp`` None: each
    worker uses :func:`~kpi_extract.pipeline.build.default_pipeline`. An exception raised by
    ``items`` itself propagates. A run ended by any exception (also ``KeyboardInterrupt``,
    or the generator closed early) cancels the waiting tasks and terminates the workers."""
    n = workers(n_process)
    pool = ProcessPoolExecutor(n, mp_context=multiprocessing.get_context(), initializer=_init,
                               initargs=(nlp, os.getpid()))
    pending: deque[Future[dict[str, Any]]] = deque()
    try:
        for task in _tasks(items):
            pending.append(pool.submit(_work, task, options))
            while len(pending) >= 2 * n or (pending and pending[0].done()):
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    except BaseException:
        stop(pool)
        raise
    pool.shutdown(wait=True)


def rows(nlp: Language, items: Iterable[tuple[str, Any]], *, n_process: int, options: dict[str, Any],
         on_error: str, on_failure: Callable[[str, Exception], None], progress: Progress,
         unknown: list[str], notes: list[tuple[str, str]]) -> Iterator[dict[str, Any]]:
    """Row dicts of every document of ``items``, in input order, from worker processes; a
    failed document raises under ``on_error="raise"`` and goes to ``on_failure`` otherwise;
    the documents without a reporting period are added to ``unknown``, the period notes to
    ``notes``."""
    # workers build the default pipeline themselves (not built here for a custom one)
    default = default_pipeline.cache_info().currsize > 0 and nlp is default_pipeline()
    for res in run(None if default else nlp, items, n_process=n_process, options=options):
        for doc_id, exc in res["failed"]:
            if on_error == "raise":
                raise exc
            on_failure(doc_id, exc)
        yield from res["rows"]
        unknown.extend(res["unknown"])
        notes.extend(res["notes"])
        progress.add(res["docs"] - len(res["failed"]), res["words"], len(res["rows"]))
