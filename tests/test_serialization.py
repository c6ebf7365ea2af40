"""Pipelines and docs survive saving, loading and multiprocessing (STYLE.md point 14)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import kpi_extract

# short texts name no reporting period; that warning is tested with the period resolver
pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

TEXTS = [
    "Revenue was RMB 2.13 billion, up 7.9% year-over-year.",
    "Gross margin improved by 120 bps to 12.4%, and we added more than 30 new customers.",
    "We expect revenue between RMB 1.8 billion and RMB 2.0 billion. Net loss was $(0.12) per ADS.",
    "No values in this sentence.",
    "Sales were SFr. 12 million.",
]
EXTRA = {"currency_prefix": {"SFr.": "CHF"}}


def values(doc: Doc) -> list[tuple[int, int, float, str, str]]:
    """What the component found, in a comparable form."""
    return [(v["start"], v["end"], v["value"], v["unit"], v["qualifier"]) for v in doc._.kpi_values]


def spans(doc: Doc, key: str = "kpi_values") -> list[tuple[int, int, str]]:
    return [(s.start_char, s.end_char, s.text) for s in doc.spans[key]]


@pytest.fixture(scope="module")
def extended_nlp():
    return kpi_extract.make_pipeline(values_lexicon=EXTRA)


def test_component_on_a_blank_pipeline(blank_nlp):
    blank_nlp.add_pipe("kpi_values")
    doc = blank_nlp(TEXTS[0])
    assert [v[2:4] for v in values(doc)] == [(2.13e9, "CNY"), (7.9, "percent")]
    assert [s[2] for s in spans(doc)] == ["RMB 2.13 billion", "7.9%"]


def test_component_spans_key_is_configurable(blank_nlp):
    blank_nlp.add_pipe("kpi_values", config={"spans_key": "money"})
    doc = blank_nlp(TEXTS[0])
    assert "kpi_values" not in doc.spans
    assert len(doc.spans["money"]) == 2


def test_to_disk_spacy_load_round_trip(extended_nlp, tmp_path):
    extended_nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    assert loaded.pipe_names == extended_nlp.pipe_names
    for text in TEXTS:
        assert values(loaded(text)) == values(extended_nlp(text)), text
    # the lexicon extension was saved with the pipeline: the SFr. amount is still found
    assert values(loaded(TEXTS[-1])) == [(11, 26, 12e6, "CHF", "exact")]
    # extract() takes the loaded pipeline like any other
    df = kpi_extract.extract(TEXTS[-1], nlp=loaded)
    assert df["unit"].tolist() == ["CHF"]


def test_to_bytes_from_bytes_round_trip(extended_nlp):
    data = extended_nlp.to_bytes()
    fresh = kpi_extract.make_pipeline().from_bytes(data)
    assert values(fresh(TEXTS[-1])) == values(extended_nlp(TEXTS[-1])) != []


def test_from_disk_replaces_the_lexicon(extended_nlp, tmp_path):
    """Loading does not merge into what the component already had: the saved lexicon wins."""
    kpi_extract.make_pipeline().to_disk(tmp_path / "plain")
    reloaded = kpi_extract.make_pipeline(values_lexicon=EXTRA).from_disk(tmp_path / "plain")
    assert values(reloaded(TEXTS[-1])) == []


def test_spacy_load_through_the_entry_point(extended_nlp, tmp_path):
    """A fresh interpreter that never imports kpi_extract itself finds `kpi_values` through
    the `spacy_factories` entry point of pyproject.toml."""
    extended_nlp.to_disk(tmp_path / "pipe")
    code = (
        "import json, sys, spacy\n"
        "assert 'kpi_extract' not in sys.modules\n"
        f"nlp = spacy.load({str(tmp_path / 'pipe')!r})\n"
        "doc = nlp(sys.argv[1])\n"
        "print(json.dumps([[v['start'], v['end'], v['value'], v['unit']] for v in doc._.kpi_values]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, TEXTS[-1]], capture_output=True, text=True,
                         cwd=Path(tmp_path), check=False)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == [[11, 26, 12e6, "CHF"]]


def test_doc_to_bytes_keeps_values_and_span_group(extended_nlp):
    for text in TEXTS:
        doc = extended_nlp(text)
        restored = Doc(extended_nlp.vocab).from_bytes(doc.to_bytes())
        assert restored.text == text
        assert restored._.kpi_values == doc._.kpi_values
        assert spans(restored) == spans(doc)


def test_docbin_keeps_values_and_span_group(extended_nlp):
    docs = list(extended_nlp.pipe(TEXTS))
    restored = list(DocBin(docs=docs, store_user_data=True).from_bytes(
        DocBin(docs=docs, store_user_data=True).to_bytes()).get_docs(extended_nlp.vocab))
    # DocBin's msgpack gives the list back as a tuple: readers must take any sequence
    assert [list(d._.kpi_values) for d in restored] == [d._.kpi_values for d in docs]
    assert [spans(d) for d in restored] == [spans(d) for d in docs]


def test_pipe_with_two_processes_matches_one(extended_nlp):
    texts = TEXTS * 4
    one = [(values(d), spans(d)) for d in extended_nlp.pipe(texts, n_process=1)]
    two = [(values(d), spans(d)) for d in extended_nlp.pipe(texts, n_process=2, batch_size=3)]
    assert two == one
    assert sum(len(v) for v, _ in one) > len(texts)
