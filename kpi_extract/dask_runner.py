"""Corpora beyond one machine: :func:`extract_dask` maps a Dask collection of texts to a
Dask DataFrame of KPI rows.

:func:`kpi_extract.extract_many` (with ``n_process``) is the path for a corpus that one
machine can work through; this module is the path beyond it: a Dask cluster of many
machines (``dask.distributed``, dask-jobqueue, Kubernetes ...) or a larger-than-memory
corpus on one. It needs the optional extra: ``pip install "kpi_extract[dask]"``;
``import kpi_extract`` never imports this module, Dask DataFrame or distributed.

>>> import dask.dataframe as dd, pandas as pd                      # doctest: +SKIP
>>> from kpi_extract.dask_runner import extract_dask                     # doctest: +SKIP
>>> texts = dd.from_pandas(pd.DataFrame({"doc_id": ["a", "b"],     # doctest: +SKIP
...                                      "text": ["Revenue was $5 million.", "Margin was 20%."]}),
...                        npartitions=2)
>>> rows = extract_dask(texts, reporting_period="2022Q4")         # doctest: +SKIP
>>> rows.to_parquet("kpis/")                                      # doctest: +SKIP

Each partition runs :func:`~kpi_extract.extract_many` on its texts, so the rows of one
partition are exactly those ``extract_many`` gives for them; the columns and dtypes
(``meta``) are those of :data:`kpi_extract.SCHEMA`. The pipeline is built once per worker
process (the cached :func:`~kpi_extract.default_pipeline`, or one cached pipeline per
``pipeline_config``), never shipped through the scheduler: on a ``distributed`` cluster
with ``processes=True`` every worker process builds its own on its first partition
(about half a second). Each partition's frame has a fresh ``RangeIndex``, so the index of
the result is not unique; the row order is the partition order.

Period warnings are summed up: instead of one :class:`~kpi_extract.errors.PeriodWarning`
per partition naming its documents, a collection gives one warning of each kind
(:data:`NO_PERIOD`, :data:`DISPUTED_PERIOD`) per process that computes its partitions (on
a cluster, each worker process's log has it once); the documents are found in the result
(``rows[rows.report_fiscal_year.isna()].doc_id.unique()``).
"""
from __future__ import annotations

import inspect
import json
import threading
import uuid
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd
from spacy.language import Language

from kpi_extract.api import ITEM_KEYS, extract_many
from kpi_extract.errors import ConfigError, InputTypeError, PeriodWarning
from kpi_extract.pipeline.build import default_pipeline, make_pipeline
from kpi_extract.run.runner import collecting_period_notes
from kpi_extract.schema import SCHEMA, is_missing

__all__ = ["extract_dask", "worker_pipeline", "NO_PERIOD", "DISPUTED_PERIOD"]

#: the one warning of the partitions with documents without a reporting period (the same
#: text everywhere, so that it is shown once)
NO_PERIOD = ("extract_dask: some documents have no reporting period, so fiscal_year/fiscal_period are <NA> on "
             "their rows without an explicit period (rows[rows.report_fiscal_year.isna()].doc_id.unique() lists "
             "them); pass reporting_period='2022Q4' or call_date=, or give the collection reporting_period or "
             "call_date columns")
#: the one warning of the partitions with documents whose call date and text disagree
DISPUTED_PERIOD = ("extract_dask: for some documents the call date and the text name different reporting "
                   "periods (the call date is used); run kpi_extract.read_call(text, call_date=...) on one to see why")

#: DataFrame columns read as each document's own metadata (the keys of a dict item)
META_COLUMNS = tuple(k for k in ITEM_KEYS if k not in ("text", "doc_id"))


def extract_dask(collection: dd.DataFrame | db.Bag, *, text_column: str = "text", id_column: str | None = "doc_id",
                 pipeline_config: Mapping[str, Any] | None = None, **extract_kwargs: Any) -> dd.DataFrame:
    """KPI rows of every text in a Dask collection, as a lazy Dask DataFrame.

    Parameters
    ----------
    collection : a Dask DataFrame with a text column (and, optionally, a doc_id column), or
        a Dask Bag of texts or of ``(doc_id, text)`` pairs.
    text_column : the DataFrame column holding the texts; missing texts (NA) give no rows.
        Columns named like a dict item's keys (``company``, ``call_date``,
        ``reporting_period``: :data:`META_COLUMNS`) give each document its own.
    id_column : the DataFrame column holding the document ids (made strings); when ``None``
        or not a column, ids are derived from each text's hash, as in ``extract``.
    pipeline_config : options of :func:`kpi_extract.make_pipeline` (JSON-serializable: a
        mapping or a path for each lexicon); each worker process builds that pipeline once.
        The default pipeline otherwise.
    **extract_kwargs : passed to :func:`kpi_extract.extract_many` on every partition
        (``reporting_period``, ``call_date``, ``company``, ``linked_only``,
        ``fiscal_year_end_month``, ``fiscal_year_naming``, ``batch_size``).
        A pipeline object (``nlp``) cannot be passed: it would be pickled into every task.

    Returns a Dask DataFrame whose ``meta`` is ``kpi_extract.SCHEMA.empty()``; call
    ``.compute()`` for a pandas frame or write it out partition by partition
    (``.to_parquet(...)``).
    """
    if "nlp" in extract_kwargs:
        raise ConfigError("extract_dask builds the pipeline on each worker: pass pipeline_config= "
                          "(options of make_pipeline) instead of nlp=")
    unknown = sorted(set(extract_kwargs) - _extract_many_params() - {"texts"})
    if unknown:
        known = sorted(_extract_many_params() - {"texts", "nlp"})
        raise ConfigError(f"extract_dask: unknown option(s) {', '.join(unknown)}; options of extract_many: "
                          f"{', '.join(known)}")
    config = _config_key(pipeline_config)
    run = uuid.uuid4().hex  # names this collection's partitions: one period warning for all of them
    meta = SCHEMA.empty()
    if isinstance(collection, dd.DataFrame):
        if text_column not in collection.columns:
            raise ConfigError(f"the Dask DataFrame has no text column {text_column!r}; "
                              f"its columns: {', '.join(map(str, collection.columns))}")
        ids = id_column if id_column is not None and id_column in collection.columns else None
        return collection.map_partitions(_frame_partition, text_column, ids, config, extract_kwargs, run,
                                         meta=meta, enforce_metadata=False, align_dataframes=False)
    if isinstance(collection, db.Bag):
        parts = [dask.delayed(_items_partition)(part, config, extract_kwargs, run) for part in collection.to_delayed()]
        return dd.from_delayed(parts, meta=meta, verify_meta=False)
    raise InputTypeError("extract_dask takes a dask.dataframe.DataFrame or a dask.bag.Bag, "
                         f"not {type(collection).__name__}")


def worker_pipeline(config: str = "") -> Language:
    """The pipeline of this process for a ``pipeline_config`` (as a JSON key), built on first use."""
    return default_pipeline() if not config else _configured(config)


@lru_cache(maxsize=8)
def _configured(config: str) -> Language:
    return make_pipeline(**json.loads(config))


def _config_key(config: Mapping[str, Any] | None) -> str:
    if not config:
        return ""
    try:
        return json.dumps(dict(config), sort_keys=True, default=str)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"pipeline_config must be JSON-serializable: {exc}") from exc


def _frame_partition(part: pd.DataFrame, text_column: str, id_column: str | None, config: str,
                     kwargs: dict[str, Any], run: str = "") -> pd.DataFrame:
    texts = part[text_column]
    keep = texts.notna()
    meta = [c for c in META_COLUMNS if c in part.columns]
    if meta:  # a document's own company, call date or period: dict items (missing cells left out)
        items: list[Any] = []
        for idx in part.index[keep]:
            item = {"text": texts[idx], **{c: part.at[idx, c] for c in meta if not is_missing(part.at[idx, c])}}
            if id_column is not None:
                item["doc_id"] = str(part.at[idx, id_column])
            items.append(item)
    elif id_column is None:
        items = list(texts[keep])
    else:
        items = [(str(i), t) for i, t in zip(part[id_column][keep], texts[keep])]
    return _run(items, config, kwargs, run)


def _items_partition(items: Iterable[Any], config: str, kwargs: dict[str, Any], run: str = "") -> pd.DataFrame:
    return _run([tuple(item) if isinstance(item, list) and len(item) == 2 else item for item in items],
                config, kwargs, run)


#: (collection, kind) of the period warnings issued in this process (the latest 1024)
_WARNED: dict[tuple[str, str], None] = {}
_WARNED_LOCK = threading.Lock()


def _warn_once(run: str, kind: str, message: str) -> None:
    with _WARNED_LOCK:
        if (run, kind) in _WARNED:
            return
        _WARNED[(run, kind)] = None
        while len(_WARNED) > 1024:
            del _WARNED[next(iter(_WARNED))]
    warnings.warn(message, PeriodWarning, stacklevel=3)


def _run(items: list[Any], config: str, kwargs: dict[str, Any], run: str = "") -> pd.DataFrame:
    if not items:
        return SCHEMA.empty()
    if "progress" in _extract_many_params() and "progress" not in kwargs:
        kwargs = {**kwargs, "progress": False}  # no progress bars in worker logs
    with collecting_period_notes() as notes:
        frame = extract_many(items, nlp=worker_pipeline(config), **kwargs)
    kinds = {kind for kind, _ in notes}
    if "unknown" in kinds:
        _warn_once(run, "unknown", NO_PERIOD)
    if "disputed" in kinds:
        _warn_once(run, "disputed", DISPUTED_PERIOD)
    return frame


@lru_cache(maxsize=1)
def _extract_many_params() -> frozenset[str]:
    return frozenset(inspect.signature(extract_many).parameters)
