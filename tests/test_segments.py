"""The segment inventory of a document: :func:`kpi_extract.document.segments.read_segments` on
short texts of our own, the names reaching ``kpi_metrics`` through ``doc._.kpi_doc_segments``,
and the segment column of ``extract`` / ``extract_many`` (one name per document, worker
processes)."""
from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import kpi_extract
from kpi_extract.document.segments import SegmentReader, read_segments
from kpi_extract.pipeline.build import default_pipeline
from kpi_extract.pipeline.metrics.component import segment_forms, segment_key

pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

READ = [
    # text, the segment names read from it
    ("We report in our three segments: Aerospace, Energy and Water.", ["Aerospace", "Energy", "Water"]),
    ("We have two reportable segments, Home Care and Pet Food, which both grew.", ["Home Care", "Pet Food"]),
    ("Our four segments: Alpha, Beta and Gamma.", []),  # fewer names than counted: no list
    ("Results of our Fluid Handling, Motion and Sensors segments were strong.", ["Fluid Handling", "Motion", "Sensors"]),
    ("Sales in our Industrial Gear segment rose.", ["Industrial Gear"]),
    ("The margin of the Specialty Coatings division improved.", ["Specialty Coatings"]),
    ("Sales grew, and Aerospace Systems segment revenue rose.", ["Aerospace Systems"]),
    ("We saw the growth of our Home Care segment.", ["Home Care"]),  # the words after the last determiner
    ("Orders in the marine segment rose. Margins in the marine segment fell.", ["marine"]),  # lowercase: said twice
    ("Orders in the marine segment rose.", []),  # lowercase, once: no name
    ("Within Pet Food, sales rose. We like Pet Food and our Pet Food team.", ["Pet Food"]),
    ("Within Pet Food, sales rose.", []),  # a weak cue alone is not enough
    ("Turning to Laurel Trail. Laurel Trail grew; we bought Laurel Trail in 2019.", ["Laurel Trail"]),
    ("Moving on to Cards & Payments, fees rose; the Cards & Payments team did well.", ["Cards & Payments"]),
    ("Our Retail Banking business grew, and we like Retail Banking here.", ["Retail Banking"]),
    ("Harbor Data, our largest business, grew 40%.", ["Harbor Data"]),  # an appositive names it once
    ("Harbor Data, our fastest-growing segment, grew.", ["Harbor Data"]),
    ("Harbor Data, our largest customer, grew.", []),  # no segment noun in the appositive
    # never generic words, topics of the call, metrics, modifiers or the company
    ("Turning to Slide 7. Turning to Slide 8.", []),
    ("Turning to Guidance. We raised Guidance and our Guidance.", []),
    ("Total segment revenue rose. Adjusted segment EBITDA fell.", []),
    ("Our reportable segments grew. The largest segment was up.", []),
    ("Operating Income segment data. Net Sales segment data.", []),
    ("The Solutions segment grew.", []),  # one generic word alone
    ("Moving to the P&L. Our P&L and the P&L.", []),
    ("Higher segment margins helped.", []),  # a capital of the sentence's start, said once
    ("Welcome to the Acme Q3 call. The Acme Tools segment grew.", []),  # the company's name
    ("Acme's results were strong. The Acme segment grew.", []),  # a possessive: the company or a brand
    ("Revenue was $5 million, up 7% year over year.", []),
    ("", []),
]


@pytest.mark.parametrize("text, names", READ, ids=[c[0][:40] or "empty" for c in READ])
def test_read_segments(text, names):
    assert read_segments(text) == names


NORMALIZED = [
    # text, the one name of the document
    ("In our Cards & Payments segment fees rose. The cards and payments segment grew.", ["Cards & Payments"]),
    ("The cards and payments segment grew. In our Cards & Payments segment fees rose.", ["Cards & Payments"]),
    ("In our HOME CARE segment sales rose. The Home Care segment grew.", ["HOME CARE"]),
]


@pytest.mark.parametrize("text, names", NORMALIZED, ids=[c[0][:30] for c in NORMALIZED])
def test_one_name_per_document(text, names):
    assert read_segments(text) == names


KEYS = [
    # name, key, forms
    ("Cards & Payments", "cards and payments", ["cards & payments", "cards and payments"]),
    ("cards and  payments", "cards and payments", ["cards & payments", "cards and  payments", "cards and payments"]),
    ("Aerospace", "aerospace", ["aerospace"]),
]


@pytest.mark.parametrize("name, key, forms", KEYS, ids=[k[0] for k in KEYS])
def test_segment_key_and_forms(name, key, forms):
    assert segment_key(name) == key
    assert segment_forms(name) == forms


def test_reader_is_extensible():
    text = "Within Pet Food, sales rose."
    assert SegmentReader()(text) == []
    assert SegmentReader({"min_weak_mentions": 1})(text) == ["Pet Food"]
    assert SegmentReader({"stop_words": ["pet"], "min_weak_mentions": 1})(text) == []


# ---------------------------------------------------------------- through the pipeline
CALL = ("We operate in two segments: Aerospace Systems and Fluid Handling.\n"
        "Aerospace Systems revenue was $40 million, up 5%.\n"
        "Fluid Handling operating income was $7 million.\n"
        "Total revenue was $90 million.\n")


def test_doc_segments_reach_the_matcher():
    nlp = default_pipeline()
    doc = nlp.make_doc("Fluid Handling revenue was $7 million.")
    doc._.kpi_doc_segments = ["Fluid Handling"]
    doc = nlp(doc)
    assert [sp.text for sp in doc.spans["kpi_segments"]] == ["Fluid Handling"]
    assert [v.get("segment") for v in doc._.kpi_values] == ["Fluid Handling"]
    plain = nlp("Fluid Handling revenue was $7 million.")  # no names on the doc: the lexicon only
    assert [v.get("segment") for v in plain._.kpi_values] == [None]


def test_extract_reads_the_segments():
    df = kpi_extract.extract(CALL)
    got = dict(zip(df["value_text"], df["segment"].astype(object).where(df["segment"].notna(), None)))
    assert got == {"$40 million": "Aerospace Systems", "5%": "Aerospace Systems",
                   "$7 million": "Fluid Handling", "$90 million": None}


def test_segment_cell_is_the_documents_name():
    text = ("Our two segments: Cards & Payments and Home Care.\n"
            "Cards and payments revenue was $5 million.\n")
    df = kpi_extract.extract(text)
    assert list(df["segment"]) == ["Cards & Payments"]


def test_names_stay_in_their_document():
    other = "Fluid Handling revenue was $3 million.\n"
    df = kpi_extract.extract_many([("a", CALL), ("b", other)])
    b = df[df["doc_id"] == "b"]
    assert b["segment"].isna().all()  # "Fluid Handling" is a's segment, not a lexicon word


def test_worker_processes_give_the_same_frame():
    items = [("a", CALL), ("b", CALL.replace("Aerospace Systems", "Marine Drives")), ("c", "Revenue was $1 million.\n")]
    assert_frame_equal(kpi_extract.extract_many(items, n_process=2), kpi_extract.extract_many(items, n_process=1))


def test_doc_segments_survive_serialization():
    nlp = default_pipeline()
    doc = nlp.make_doc("Fluid Handling revenue was $7 million.")
    doc._.kpi_doc_segments = ["Fluid Handling"]
    back = type(doc)(nlp.vocab).from_bytes(doc.to_bytes())
    assert back._.kpi_doc_segments == ["Fluid Handling"]


AFTER_VALUE = [
    # sentence, segments of its values in order
    ("Goodwill was $3 million for the Alpha segment, $2 million for the Beta segment.",
     [None, None], ["Alpha", "Beta"]),
    ("Revenue grew 4%, with Alpha up 6% and Beta up 3%.", [None, "Alpha", "Beta"], ["Alpha", "Beta"]),
]


@pytest.mark.parametrize("text, segments, names", AFTER_VALUE, ids=[c[0][:40] for c in AFTER_VALUE])
def test_a_segment_said_after_a_value_is_not_the_next_ones(text, segments, names):
    nlp = default_pipeline()
    doc = nlp.make_doc(text)
    doc._.kpi_doc_segments = names
    assert [v.get("segment") for v in nlp(doc)._.kpi_values] == segments


#: a sentence opening with a segment frames it and the talk after it (own sentences)
FRAMED = [
    ("We report three segments: Harbor Systems, Field Tools and Cloud Link. In our Harbor Systems segment, "
     "revenue grew 8% to $412 million. Segment margin was 14.2%.", {"8%": "Harbor Systems", "14.2%": "Harbor Systems"}),
    ("We report three segments: Harbor Systems, Field Tools and Cloud Link. Within Field Tools, organic "
     "sales increased 5%.", {"5%": "Field Tools"}),
    ("We report three segments: Harbor Systems, Field Tools and Cloud Link. For Cloud Link, operating "
     "income was $40 million.", {"$40 million": "Cloud Link"}),
    ("We report three segments: Harbor Systems, Field Tools and Cloud Link. At Harbor Systems, we expect "
     "revenue of $1.2 billion.", {"$1.2 billion": "Harbor Systems"}),
    ("In Europe, net sales increased 12%.", {"12%": "Europe"}),
    ("In support of our growth, we expect revenue to rise 3%.", {"3%": None}),      # no segment frame
    ("In Europe we opened stores, and revenue rose 4%.", {"4%": None}),              # no comma after the frame
    ("We report three segments: Harbor Systems, Field Tools and Cloud Link. In our Harbor Systems segment, "
     "revenue grew 8%. Overall, revenue was $1.1 billion.", {"8%": "Harbor Systems", "$1.1 billion": None}),
]


@pytest.mark.parametrize("text, expected", FRAMED, ids=[c[0][-40:] for c in FRAMED])
def test_a_sentence_framed_by_a_segment(text, expected):
    df = kpi_extract.extract(text, reporting_period="2023Q2")
    got = {r.value_text: (None if pd.isna(r.segment) else r.segment) for r in df.itertuples()}
    assert {k: got.get(k, "missing") for k in expected} == expected
