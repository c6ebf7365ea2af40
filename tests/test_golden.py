"""Golden regression test: every row of every fixture transcript, checked against a YAML file
by the package's own pytest plugin (the ``kpi_regression`` fixture, ``pytest_kpi_extract``).

One golden file per transcript in ``fixtures/`` (``tests/test_golden/<stem>.yml``: the test
names it with ``basename``; by default a golden file is named after its test). After a
deliberate change to the grammar, lexicons or linking, regenerate and read the diff::

    python -m pytest tests/test_golden.py --force-regen
    git diff tests/test_golden/

The fixture checks the column list and dtypes, matches facts by content (the sentence's
digest, the value as written, its occurrence in the sentence) and compares ``value`` with a
relative tolerance of 1e-9. The ``sentence`` column is written as its digest
``sentence_hash`` (see ``kpi_extract.testing.facts.NOT_IN_GOLDEN``); what it must hold is
checked here instead (the row's value lies inside it, and it is a piece of the text).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import kpi_extract

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIXTURE_FILES = sorted(FIXTURES.glob("*.txt"))


@pytest.fixture(scope="module", params=FIXTURE_FILES, ids=lambda p: p.stem)
def fixture_case(request) -> tuple[str, str, pd.DataFrame]:
    path: Path = request.param
    text = path.read_bytes().decode("utf-8")
    return path.stem, text, kpi_extract.extract(text, doc_id=path.stem)


def test_there_are_fixtures():
    assert FIXTURE_FILES, f"no transcripts in {FIXTURES}"


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.stem)
def test_golden_rows(path, kpi_regression):
    df = kpi_regression.check(path, basename=path.stem)
    assert len(df) > 0


def test_offsets_point_at_value_text(fixture_case):
    _, text, df = fixture_case
    wrong = [(r.start, r.end, r.value_text, text[r.start:r.end]) for r in df.itertuples()
             if text[r.start:r.end] != r.value_text]
    assert wrong == []


def test_sentence_holds_the_value(fixture_case):
    _, text, df = fixture_case
    for r in df.itertuples():
        assert r.value_text in r.sentence, r
        assert r.sentence in text, r


def test_metric_offsets_point_at_metric_text(fixture_case):
    _, text, df = fixture_case
    linked = df[df["metric_start"].notna()]
    for r in linked.itertuples():
        assert text[r.metric_start:r.metric_end] == r.metric_text, r


def test_one_report_period_per_document(fixture_case):
    _, _, df = fixture_case
    assert df["report_fiscal_year"].nunique(dropna=False) == 1
    assert df["report_fiscal_period"].nunique(dropna=False) == 1
