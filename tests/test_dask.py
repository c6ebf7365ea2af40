"""``kpi_extract.dask_runner``: a Dask DataFrame or Bag of texts -> a Dask DataFrame of KPI rows, on a
real two-process ``LocalCluster`` (loopback only, no dashboard)."""
from __future__ import annotations

import subprocess
import sys
import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

import kpi_extract
from kpi_extract.errors import ConfigError, InputTypeError, PeriodWarning

dd = pytest.importorskip("dask.dataframe")
db = pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

from kpi_extract.dask_runner import DISPUTED_PERIOD, NO_PERIOD, extract_dask  # noqa: E402

TEXTS = {
    "a": "Revenue was RMB 2.13 billion, up 7.9% year-over-year.",
    "b": "Adjusted gross margin was 20.5% in the fourth quarter of 2022, up 3.2 percentage points.",
    "c": "",
    "d": "Nothing to extract here.",
    "e": "Net loss was $200 million, compared with $180 million last quarter.",
    "f": "We expect revenue of between RMB 1.8 billion and RMB 2.0 billion for the first quarter of 2023.",
}


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None,
                                  host="127.0.0.1") as cluster, distributed.Client(cluster) as c:
        yield c


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return kpi_extract.extract_many(list(TEXTS.items()), reporting_period="2022Q4")


def _frame(npartitions: int):
    pdf = pd.DataFrame({"doc_id": list(TEXTS), "text": list(TEXTS.values())})
    return dd.from_pandas(pdf, npartitions=npartitions)


def test_dataframe_matches_extract_many(client, expected):
    rows = extract_dask(_frame(3), reporting_period="2022Q4")
    assert list(rows.columns) == list(kpi_extract.COLUMNS)
    assert rows.dtypes.equals(kpi_extract.SCHEMA.empty().dtypes)
    out = client.compute(rows).result()
    assert len(out) > 0
    pd.testing.assert_frame_equal(out.reset_index(drop=True), expected)


def test_dataframe_metadata_columns_are_each_documents_own(client):
    pdf = pd.DataFrame({"doc_id": ["a", "b"], "text": [TEXTS["a"], TEXTS["a"]], "company": ["Acme", None],
                        "call_date": ["2021-04-27", None]})
    out = client.compute(extract_dask(dd.from_pandas(pdf, npartitions=2), reporting_period="2022Q4")).result()
    got = {(r.doc_id, r.company if isinstance(r.company, str) else None, r.report_fiscal_year, r.report_fiscal_period)
           for r in out.itertuples()}
    assert got == {("a", "Acme", 2021, "Q1"), ("b", None, 2022, "Q4")}


def test_bag_of_pairs_matches_extract_many(client, expected):
    bag = db.from_sequence(list(TEXTS.items()), npartitions=4)
    out = client.compute(extract_dask(bag, reporting_period="2022Q4")).result()
    pd.testing.assert_frame_equal(out.reset_index(drop=True), expected)


def test_bag_of_texts_derives_ids(client):
    texts = [t for t in TEXTS.values() if t]
    out = client.compute(extract_dask(db.from_sequence(texts, npartitions=2), reporting_period="2022Q4")).result()
    pd.testing.assert_frame_equal(out.reset_index(drop=True),
                                  kpi_extract.extract_many(texts, reporting_period="2022Q4"))


def test_pipeline_built_once_per_worker(client):
    client.compute(extract_dask(_frame(6), reporting_period="2022Q4")).result()
    client.compute(extract_dask(_frame(5), reporting_period="2022Q4")).result()
    builds = client.run(lambda: kpi_extract.default_pipeline.cache_info().misses)
    assert len(builds) == 2
    assert all(n <= 1 for n in builds.values()), builds


def test_missing_text_and_no_id_column(client):
    pdf = pd.DataFrame({"text": [TEXTS["a"], None, TEXTS["e"]]})
    out = client.compute(extract_dask(dd.from_pandas(pdf, npartitions=2), id_column=None,
                                      reporting_period="2022Q4")).result()
    exp = kpi_extract.extract_many([TEXTS["a"], TEXTS["e"]], reporting_period="2022Q4")
    pd.testing.assert_frame_equal(out.reset_index(drop=True), exp)


def test_errors():
    with pytest.raises(ConfigError, match="text column"):
        extract_dask(_frame(1), text_column="body")
    with pytest.raises(ConfigError, match="pipeline_config"):
        extract_dask(_frame(1), nlp=kpi_extract.default_pipeline())
    with pytest.raises(InputTypeError):
        extract_dask(list(TEXTS.values()))


def test_import_kpi_extract_does_not_import_dask_dataframe():
    # pint itself imports dask's core (dask.base) when dask is installed; kpi_extract must not
    # pull in Dask DataFrame, distributed or this module
    code = ("import sys, kpi_extract; "
            "print(sorted(m for m in ('dask.dataframe', 'dask.bag', 'distributed', 'kpi_extract.dask_runner') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("extra, message", [
    ({}, NO_PERIOD),                                                      # no period anywhere
    ({"call_date": ["2021-04-27"] * 6}, DISPUTED_PERIOD),                 # the text says 2022 Q4
])
def test_period_warnings_are_one_summary_for_the_collection(extra, message):
    """Six documents in three partitions: one warning in all, not one per partition or document."""
    text = "Fourth Quarter 2022 Earnings Call\nRevenue was $5 million.\n" if extra else "Revenue was $5 million."
    pdf = pd.DataFrame({"doc_id": [f"call{i}" for i in range(6)], "text": [text] * 6, **extra})
    rows = extract_dask(dd.from_pandas(pdf, npartitions=3))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = rows.compute(scheduler="sync")  # in this process, where the warnings can be seen
    assert [str(w.message) for w in caught if issubclass(w.category, PeriodWarning)] == [message]
    with warnings.catch_warnings(record=True) as caught:  # another collection: its own warning
        warnings.simplefilter("always")
        extract_dask(dd.from_pandas(pdf, npartitions=2)).compute(scheduler="sync")
    assert [str(w.message) for w in caught if issubclass(w.category, PeriodWarning)] == [message]
    assert out["doc_id"].nunique() == 6
    # a plain extract_many still names its documents
    with pytest.warns(PeriodWarning, match="call0"):
        kpi_extract.extract_many(list(zip(pdf["doc_id"], pdf["text"])), progress=False,
                                 **({"call_date": "2021-04-27"} if extra else {}))
