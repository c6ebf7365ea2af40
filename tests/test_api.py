"""The public API: ``extract``, ``extract_many``, ``make_pipeline``, ``SCHEMA`` (not the grammar)."""
from __future__ import annotations

import runpy
from pathlib import Path

import pandas as pd
import pytest

import kpi_extract
from kpi_extract import COLUMNS, SCHEMA, ConfigError, InputTypeError, KpiExtractError, LexiconError

ROOT = Path(__file__).resolve().parents[1]

# short texts name no reporting period; that warning is tested with the period resolver
pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

SHORT = "Revenue was RMB 2.13 billion, up 7.9% year-over-year. Gross margin was 12.4%."


def assert_contract(df: pd.DataFrame) -> None:
    """Exactly the contract's columns, in order, with its dtypes."""
    assert tuple(df.columns) == COLUMNS
    assert df.dtypes.to_dict() == SCHEMA.dtypes


def assert_offsets(df: pd.DataFrame, texts: dict[str, str]) -> None:
    """``text[start:end] == value_text`` on every row."""
    wrong = [(d, s, e, v) for d, s, e, v in zip(df["doc_id"], df["start"], df["end"], df["value_text"])
             if texts[d][s:e] != v]
    assert wrong == []


# ---------------------------------------------------------------- bad input
@pytest.mark.parametrize("bad, kind", [
    (None, "NoneType"),
    (b"Revenue was $5 million.", "bytes"),
    (bytearray(b"Revenue was $5 million."), "bytearray"),
    (42, "int"),
    (4.2, "float"),
    (["Revenue was $5 million."], "list"),
])
def test_extract_rejects_non_str(bad, kind):
    with pytest.raises(TypeError, match=rf"text must be a str, not {kind}") as info:
        kpi_extract.extract(bad)
    assert isinstance(info.value, KpiExtractError)
    assert isinstance(info.value, InputTypeError)


def test_bytes_error_says_how_to_decode():
    with pytest.raises(TypeError, match=r"decode"):
        kpi_extract.extract(b"$5 million")


@pytest.mark.parametrize("texts", [
    "Revenue was $5 million.",
    b"Revenue was $5 million.",
])
def test_extract_many_rejects_a_single_text(texts):
    with pytest.raises(TypeError, match="extract_many takes an iterable") as info:
        kpi_extract.extract_many(texts)
    assert isinstance(info.value, KpiExtractError)


@pytest.mark.parametrize("items, where", [
    (["ok", None], "item 1"),
    ([("a", b"bytes")], "text of item 0"),
    ([3], "item 0"),
])
def test_extract_many_rejects_non_str_items(items, where):
    with pytest.raises(InputTypeError, match=where):
        kpi_extract.extract_many(items)


@pytest.mark.parametrize("text", ["", " ", "\n\n", " \t\r\n  \n", "No numbers in here at all."])
def test_blank_or_valueless_text_gives_empty_frame_with_schema(text):
    df = kpi_extract.extract(text)
    assert df.empty
    assert_contract(df)


def test_empty_extract_many_gives_empty_frame_with_schema():
    assert_contract(kpi_extract.extract_many([]))
    assert_contract(kpi_extract.extract_many(["", "  "]))


# ---------------------------------------------------------------- the frame
def test_columns_and_dtypes_follow_the_schema():
    df = kpi_extract.extract(SHORT, doc_id="short")
    assert len(df) == 3
    assert_contract(df)
    assert list(COLUMNS) == list(SCHEMA.dtypes)
    assert_offsets(df, {"short": SHORT})
    assert set(df["doc_id"]) == {"short"}
    assert df["value"].tolist() == [2.13e9, 7.9, 12.4]
    assert df["unit"].tolist() == ["CNY", "percent", "percent"]


def test_schema_empty_frame_and_conform():
    empty = SCHEMA.empty()
    assert_contract(empty)
    partial = pd.DataFrame({"start": [0], "end": [2], "value": [1.0], "unit": ["USD"], "extra": ["kept"]})
    conformed = SCHEMA.conform(partial)
    assert tuple(conformed.columns[: len(COLUMNS)]) == COLUMNS
    assert conformed["extra"].tolist() == ["kept"]
    assert conformed["metric"].isna().all()


def test_doc_id_derived_from_text_when_omitted():
    a = kpi_extract.extract(SHORT)
    b = kpi_extract.extract(SHORT)
    c = kpi_extract.extract(SHORT + " Costs rose 5%.")
    assert a["doc_id"].nunique() == 1
    assert a["doc_id"].iloc[0] == b["doc_id"].iloc[0] != c["doc_id"].iloc[0]


def test_rows_are_not_lost_without_metric():
    """Unlinked values keep their row (metric <NA>); linked_only drops them."""
    df = kpi_extract.extract(SHORT)
    assert len(df) == 3
    linked = kpi_extract.extract(SHORT, linked_only=True)
    assert_contract(linked)
    assert linked.equals(df[df["metric"].notna()].reset_index(drop=True))
    assert linked["metric"].notna().all()
    assert list(linked.index) == list(range(len(linked)))


# ---------------------------------------------------------------- extract_many
def test_extract_many_strings_and_pairs():
    texts = ["Revenue rose 5%.", "Net income was $3 million.", "Nothing here."]
    by_str = kpi_extract.extract_many(texts)
    assert_contract(by_str)
    assert by_str["value_text"].tolist() == ["5%", "$3 million"]
    singles = [kpi_extract.extract(t) for t in texts]
    assert by_str["doc_id"].tolist() == [singles[0]["doc_id"][0], singles[1]["doc_id"][0]]

    by_pair = kpi_extract.extract_many([("a", texts[0]), ("b", texts[1]), ("c", texts[2])])
    assert by_pair["doc_id"].tolist() == ["a", "b"]
    assert_offsets(by_pair, {"a": texts[0], "b": texts[1]})


def test_extract_many_accepts_a_generator_and_mixed_items():
    def gen():
        yield "Margin was 12%."
        yield ("named", "Capex of $2 billion.")

    df = kpi_extract.extract_many(gen(), batch_size=1)
    assert df["doc_id"].iloc[1] == "named"
    assert df["value"].tolist() == [12.0, 2e9]


def test_extract_many_equals_concatenated_extracts(seed_text):
    docs = [("seed", seed_text), ("short", SHORT)]
    many = kpi_extract.extract_many(docs)
    one_by_one = pd.concat([kpi_extract.extract(t, doc_id=d) for d, t in docs], ignore_index=True)
    pd.testing.assert_frame_equal(many, SCHEMA.conform(one_by_one))


def test_extract_many_linked_only():
    df = kpi_extract.extract_many([("a", SHORT)], linked_only=True)
    assert_contract(df)
    assert df["metric"].notna().all()


# ---------------------------------------------------------------- reporting_period
@pytest.mark.parametrize("spec, year, period", [
    ("2022Q4", 2022, "Q4"),
    ("2022 Q4", 2022, "Q4"),
    ("Q4 2022", 2022, "Q4"),
    ("q1-2023", 2023, "Q1"),
    ("FY2022", 2022, "FY"),
    ("2022", 2022, "FY"),
    ("2021H1", 2021, "H1"),
    ("9M 2020", 2020, "9M"),
])
def test_reporting_period_fills_report_columns(spec, year, period):
    df = kpi_extract.extract(SHORT, reporting_period=spec)
    assert_contract(df)
    assert df["report_fiscal_year"].tolist() == [year] * len(df)
    assert df["report_fiscal_period"].astype(str).tolist() == [period] * len(df)


def test_reporting_period_in_extract_many():
    df = kpi_extract.extract_many([("a", SHORT), ("b", "Up 5%.")], reporting_period="2022Q4")
    assert set(df["report_fiscal_year"]) == {2022}
    assert set(df["report_fiscal_period"].astype(str)) == {"Q4"}


@pytest.mark.parametrize("spec", ["2022Q5", "last quarter", "22Q4", "", "Q4", 2022, ("2022", "Q4")])
def test_bad_reporting_period_raises_config_error(spec):
    with pytest.raises(ConfigError, match="reporting_period") as info:
        kpi_extract.extract(SHORT, reporting_period=spec)
    assert isinstance(info.value, KpiExtractError)
    with pytest.raises(ConfigError):
        kpi_extract.extract_many([SHORT], reporting_period=spec)


# ---------------------------------------------------------------- long texts
_PARAGRAPHS = (
    "Revenue was RMB 2,131.5 million, up 7.9% year-over-year, and gross margin improved by 120 bps to 12.4%.\n"
    "Thank you, operator. Our next question comes from an analyst at a large bank. Please go ahead. "
    "We continue to focus on quality and sustainable development; we believe the strategy will pay off. "
    "Before we begin, I would like to remind you that this call contains forward-looking statements.\n"
    "We expect revenue between RMB 1.8 billion and RMB 2.0 billion, and we added more than 30 new customers.\n"
    "\n"
)


def test_five_megabyte_text_keeps_offsets():
    """Cut into paragraphs, piped, shifted back: every row still points at its text."""
    text = _PARAGRAPHS * (5_000_000 // len(_PARAGRAPHS) + 1)
    assert len(text) >= 5_000_000
    df = kpi_extract.extract(text, doc_id="big")
    assert_contract(df)
    per_copy = len(kpi_extract.extract(_PARAGRAPHS))
    assert per_copy >= 5
    assert len(df) == per_copy * text.count(_PARAGRAPHS)
    assert df["start"].is_monotonic_increasing
    assert_offsets(df, {"big": text})
    assert df["end"].max() > 4_990_000


def test_one_long_paragraph_is_cut_at_sentence_ends():
    """A paragraph longer than spaCy is handed at once (no line breaks) keeps every value."""
    sentence = _PARAGRAPHS.replace("\n", " ")
    text = sentence * (3 * kpi_extract.pipeline.build.MAX_CHUNK_CHARS // len(sentence) + 1)
    df = kpi_extract.extract(text, doc_id="long")
    assert len(df) == len(kpi_extract.extract(sentence)) * text.count(sentence)
    assert_offsets(df, {"long": text})


def test_non_bmp_and_crlf_text_keeps_offsets():
    text = "Cloud 🚀 revenue was $5 million.\r\n\r\n📈 Margin rose 120 bps\r\nto 12.4%."
    df = kpi_extract.extract(text, doc_id="t")
    assert df["value_text"].tolist() == ["$5 million", "120 bps", "12.4%"]
    assert_offsets(df, {"t": text})


# ---------------------------------------------------------------- make_pipeline
def test_default_pipeline_is_cached_and_blank_based():
    nlp = kpi_extract.default_pipeline()
    assert nlp is kpi_extract.default_pipeline()
    assert "kpi_values" in nlp.pipe_names
    assert nlp.meta["name"] == "pipeline"  # spacy.blank: no trained model behind it


def test_values_lexicon_extends_without_touching_the_default():
    text = "Sales were SFr. 12 million this quarter."
    assert kpi_extract.extract(text).empty
    nlp = kpi_extract.make_pipeline(values_lexicon={"currency_prefix": {"SFr.": "CHF"}})
    df = kpi_extract.extract(text, nlp=nlp)
    assert df[["value_text", "value", "unit"]].values.tolist() == [["SFr. 12 million", 12e6, "CHF"]]
    # neither the cached default nor a new default pipeline learnt the new form
    assert kpi_extract.extract(text).empty
    assert kpi_extract.extract(text, nlp=kpi_extract.make_pipeline()).empty
    # and the extension keeps the packaged forms
    assert len(kpi_extract.extract(SHORT, nlp=nlp)) == 3


def test_values_lexicon_from_a_json_file(tmp_path):
    path = tmp_path / "extra.json"
    path.write_text('{"currency_suffix": {"Swiss franc": "CHF"}}', encoding="utf-8")
    nlp = kpi_extract.make_pipeline(values_lexicon=str(path))
    df = kpi_extract.extract("It cost 3 million Swiss franc.", nlp=nlp)
    assert df[["value", "unit"]].values.tolist() == [[3e6, "CHF"]]


def test_values_lexicon_naming_an_unknown_unit_raises():
    with pytest.raises(LexiconError, match="IDR") as info:
        kpi_extract.make_pipeline(values_lexicon={"currency_prefix": {"Rp": "IDR"}})
    assert isinstance(info.value, KpiExtractError)


@pytest.mark.parametrize("config, match", [
    ({"spam": 1}, "unknown pipeline option"),
    ({"values_lexicon": {}, "valus_lexicon": {}}, "valus_lexicon"),
    ({"values_lexicon": 42}, "values_lexicon must be"),
])
def test_bad_pipeline_options_raise_config_error(config, match):
    with pytest.raises(ConfigError, match=match) as info:
        kpi_extract.make_pipeline(**config)
    assert isinstance(info.value, KpiExtractError)


def test_missing_lexicon_file_raises_lexicon_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read lexicon"):
        kpi_extract.make_pipeline(values_lexicon=tmp_path / "missing.json")


# ---------------------------------------------------------------- docs
@pytest.mark.parametrize("page", ["columns.md", "metrics.md"])
def test_generated_docs_are_current(page):
    """docs/columns.md and docs/metrics.md are generated from SCHEMA and the metric lexicon:
    run `python docs/gen_docs.py` after changing either."""
    pages = runpy.run_path(str(ROOT / "docs" / "gen_docs.py"))["PAGES"]
    assert (ROOT / "docs" / page).read_text(encoding="utf-8") == pages[page]()
