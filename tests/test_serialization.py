"""Pipelines and docs survive saving, loading and multiprocessing (STYLE.md point 14)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from pandas.testing import assert_frame_equal
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
#: all three pipeline options; "R$" is packaged already, it is here for its "$" in the config
OPTIONS = {
    "values_lexicon": {"currency_prefix": {"SFr.": "CHF", "R$": "BRL"}, "scale_words": {"lacs": "lakh"}},
    "extra_metrics": {"metrics": [{"id": "loan_originations", "kinds": ["money"], "industry": "lending",
                                   "synonyms": ["loan origination"]}]},
    "extra_segments": ["small business lending"],
}
OPTIONS_TEXT = ("Loan originations were SFr. 12 lacs in the fourth quarter of 2022. "
                "Small business lending revenue grew 15% to R$ 3 million.")


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


# ---------------------------------------------------------------- the options in nlp.config
@pytest.fixture(scope="module")
def configured_nlp():
    return kpi_extract.make_pipeline(**OPTIONS)


def _frame(nlp):
    return kpi_extract.extract(OPTIONS_TEXT, nlp=nlp, reporting_period="2022Q4")


def test_the_options_are_used(configured_nlp):
    df = _frame(configured_nlp)
    assert df[["value_text", "value", "unit", "metric"]].values.tolist()[0] == [
        "SFr. 12 lacs", 1.2e6, "CHF", "loan_originations"]
    assert df["segment"].tolist()[1:] == ["Small business lending"] * 2
    assert _frame(kpi_extract.default_pipeline())["metric"].tolist()[0] != "loan_originations"


def test_a_pipeline_rebuilt_from_its_config_or_files_gives_the_same_frame(configured_nlp, tmp_path, rebuild):
    """``nlp.config`` records the options (not only the saved files): a pipeline built from
    the config alone links "Loan originations" to ``loan_originations`` (not ``loans``)."""
    assert_frame_equal(_frame(rebuild(configured_nlp, tmp_path)), _frame(configured_nlp))


def test_a_json_file_option_records_its_content(tmp_path):
    path = tmp_path / "metrics.json"
    path.write_text(json.dumps(OPTIONS["extra_metrics"]), encoding="utf-8")
    nlp = kpi_extract.make_pipeline(extra_metrics=path)
    path.unlink()  # the config holds the content, not the path
    rebuilt = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    df = kpi_extract.extract("Loan originations were $120 million.", nlp=rebuilt, reporting_period="2022Q4")
    assert df["metric"].tolist() == ["loan_originations"]


@pytest.mark.parametrize("save_exclude, load_exclude, found", [
    ([], [], []),                                         # the plain lexicon replaces the extended one
    (["values"], [], [(11, 26, 12e6, "CHF", "exact")]),   # nothing saved: the extension stays
    ([], ["values"], [(11, 26, 12e6, "CHF", "exact")]),
])
def test_values_serialization_honours_exclude(tmp_path, save_exclude, load_exclude, found):
    plain = kpi_extract.make_pipeline().get_pipe("kpi_values")
    for how in ("bytes", "disk"):
        nlp = kpi_extract.make_pipeline(values_lexicon=EXTRA)
        pipe = nlp.get_pipe("kpi_values")
        if how == "bytes":
            pipe.from_bytes(plain.to_bytes(exclude=save_exclude), exclude=load_exclude)
        else:
            plain.to_disk(tmp_path / how, exclude=save_exclude)
            pipe.from_disk(tmp_path / how, exclude=load_exclude or save_exclude)
        assert values(pipe(nlp.make_doc(TEXTS[-1]))) == found, how


# ---------------------------------------------------------------- saves of an older version
@pytest.mark.parametrize("component, legacy, message", [
    ("kpi_metrics", True, "saved by an older version"),   # kpi_metrics/lexicon.json, as saved before
    ("kpi_metrics", False, "metrics.json is missing"),
    ("kpi_values", False, "values.json is missing"),
])
def test_a_save_lacking_a_component_file_raises_lexicon_error(tmp_path, component, legacy, message):
    from kpi_extract import LexiconError, lexicon

    kpi_extract.make_pipeline().to_disk(tmp_path / "pipe")
    folder = tmp_path / "pipe" / component
    for f in folder.iterdir():
        f.unlink()
    if legacy:
        (folder / "lexicon.json").write_text(json.dumps({n: lexicon.packaged(n) for n in
                                                         ("metrics.json", "segments.json", "modifiers.json")}))
    with pytest.raises(LexiconError, match=message):
        kpi_extract.make_pipeline().from_disk(tmp_path / "pipe")
    # what the component does not load is not read
    kpi_extract.make_pipeline().from_disk(tmp_path / "pipe", exclude=[component])
