"""What :class:`~kpi_extract.pipeline.paragraphs.Paragraphs` asks of a pipeline's
``kpi_values``: values kept for a paragraph's Doc only with the package's own pipeline and
its enabled ``kpi_values``, so that nothing is left in the memo after a run (one case per
line), and a memo bounded by the characters it holds; topic turns read by the pipeline's
own cues."""
from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.pipeline.paragraphs import Paragraphs, TopicTurn

# short texts name no reporting period; that warning is tested with the period resolver
pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

TEXTS = ["Revenue was $5 million.\nWe are pleased.\nCosts rose 3% to $2 million.\n",
         "I'll start with public cloud services.\nIn Q4, revenues from this business were $120 million.\n"]


class _SilentValues(kpi_extract.KpiValues):
    """A foreign subclass: finds like KpiValues but never looks at what ``find`` kept."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.kpi_values = []
        return doc


@Language.factory("kpi_test_paragraphs_silent_values")
def _silent_values(nlp: Language, name: str) -> _SilentValues:
    return _SilentValues(nlp, name)


@Language.component("kpi_test_paragraphs_noop")
def _noop(doc: Doc) -> Doc:
    return doc


def _kept(nlp: Language) -> dict:
    return {name: dict(pipe._kept or {}) for name, pipe in nlp.components if isinstance(pipe, kpi_extract.KpiValues)}


@pytest.mark.parametrize("change, keeps, rows", [
    (lambda nlp: None, True, True),                                                  # own: kept, then taken
    (lambda nlp: nlp.disable_pipe("kpi_values"), False, False),                      # disabled: never probed
    (lambda nlp: nlp.replace_pipe("kpi_values", "kpi_test_paragraphs_silent_values"), False, False),  # subclass
    (lambda nlp: nlp.add_pipe("kpi_test_paragraphs_noop"), False, True),             # a foreign component
])
def test_nothing_is_left_in_the_memo_after_a_run(change, keeps, rows):
    nlp = kpi_extract.make_pipeline()
    change(nlp)
    paragraphs = Paragraphs(nlp)
    values = paragraphs.values
    if values is not None:
        list(paragraphs(TEXTS[0]))
        assert bool(values._kept) is keeps
        values._kept = None
    df = kpi_extract.extract_many(TEXTS, nlp=nlp, progress=False)
    assert (len(df) > 0) is rows
    assert all(not kept for kept in _kept(nlp).values())


def test_a_disabled_kpi_values_is_not_the_pipeline_s():
    nlp = kpi_extract.make_pipeline()
    nlp.disable_pipe("kpi_values")
    assert Paragraphs(nlp).values is None
    nlp.enable_pipe("kpi_values")
    assert Paragraphs(nlp).values is nlp.get_pipe("kpi_values")


@pytest.mark.parametrize("text, keep, kept", [
    ("Revenue was $5 million.", True, True),
    ("Revenue was $5 million.", False, False),
    ("We are pleased.", True, False),            # nothing found, nothing kept
])
def test_find_keeps_only_when_asked(text, keep, kept):
    values = kpi_extract.make_pipeline().get_pipe("kpi_values")
    found = values.find(text, keep=keep)
    assert (text in (values._kept or {})) is kept
    assert [(m.start, m.end) for m in found] == [(m.start, m.end) for m in values.grammar.find(text)]


def test_the_memo_is_bounded_by_the_characters_it_holds():
    nlp = kpi_extract.make_pipeline()
    values = nlp.get_pipe("kpi_values")
    values.KEEP_CHARS = 100
    texts = [f"Revenue in region {i} was ${i + 1} million." for i in range(10)]  # about 40 characters each
    for t in texts:
        values.find(t)
        assert 0 < sum(map(len, values._kept)) == values._kept_chars <= 100
    assert len(values._kept) == 2
    # a text whose values were dropped is searched again: its Doc still has them
    assert [v["value"] for v in nlp(texts[0])._.kpi_values] == [1e6]
    nlp(texts[-1])
    assert values._kept_chars == sum(map(len, values._kept)) == len(texts[-2])


# ---------------------------------------------------------------- topic turns by the pipeline's cues
PIVOT = "Next, pivoting to public cloud services.\nIn Q4, revenues from this business were $120 million.\n"


@pytest.mark.parametrize("cues, chunk, expected", [
    (None, "Revenue was $5 million. I'll start with public cloud services.", 24),
    (None, "I'll start with public cloud services.", 0),
    (None, "Turning to our outlook for the third quarter.", 0),
    (None, "We are pleased. Thank you.", None),
    (None, "Next, pivoting to public cloud services.", None),
    ({"topic_cues": ["pivoting to"]}, "Next, pivoting to public cloud services.", 0),
    ({"topic_cues": []}, "I'll start with public cloud services.", None),
    ({"outlook_words": []}, "Turning to our outlook for the third quarter.", 0),   # "turning to" still turns
    ({"topic_cues": [], "outlook_words": []}, "Turning to our outlook for the third quarter.", None),
])
def test_topic_turn_start(cues, chunk, expected):
    data = lexicon.packaged("cues.json") | (cues or {})
    assert TopicTurn(data).start(0, chunk, []) == expected


def test_the_turn_reads_the_pipeline_s_own_cues():
    """An ``extra_cues`` topic cue joins the turn to the next paragraph, so the linker
    (which reads the same cue) gives its value the segment."""
    plain = kpi_extract.make_pipeline(extra_segments=["public cloud services"])
    extended = kpi_extract.make_pipeline(extra_segments=["public cloud services"],
                                         extra_cues={"topic_cues": ["pivoting to"]})
    assert [p for _, p in Paragraphs(plain)(PIVOT)] == [PIVOT.splitlines(keepends=True)[1]]
    assert [p for _, p in Paragraphs(extended)(PIVOT)] == [PIVOT]
    assert kpi_extract.extract(PIVOT, nlp=extended)["segment"].tolist() == ["public cloud services"]
    assert kpi_extract.extract(PIVOT, nlp=plain)["segment"].isna().all()
