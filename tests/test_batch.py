"""Batches: ``extract_many`` with ``n_process``, ``on_error``, ``progress``; ``extract`` from threads."""
from __future__ import annotations

import ast
import os
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal
from spacy.language import Language
from spacy.tokens import Doc

import kpi_extract
from kpi_extract.errors import ConfigError, DocumentWarning, InputTypeError
from kpi_extract.pipeline.values.scanning import Scanner

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "kingsoft_cloud_2022q4.txt"


def read_fixture(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


# short texts name no reporting period; that warning is tested with the period resolver
pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

TEXTS = {
    "a": "Revenue was RMB 2.13 billion, up 7.9% year-over-year.\nGross margin was 12.4%.\n",
    "b": "Net income rose 12% to $3.4 million in the third quarter of 2023.\n\n"
         "For the fourth quarter, we expect revenue of $10 million to $12 million.\n",
    "c": "Operating expenses decreased by 5% quarter-over-quarter to EUR 40 million.\n",
    "d": "We added 1,200 new customers. Free cash flow was negative $2.5 million.\n",
}
BOOM = "Revenue was $5 million.\nThis paragraph says BOOM and breaks the pipeline.\nCosts rose 3%.\n"


class Boom(RuntimeError):
    pass


@Language.component("kpi_test_boom")
def _boom(doc: Doc) -> Doc:
    """Fails on any paragraph that says BOOM (a stand-in for a bug in a component)."""
    if "BOOM" in (doc._.kpi_text or doc.text):
        raise Boom("a component failed on this paragraph")
    return doc


@pytest.fixture(scope="module")
def boom_nlp() -> Language:
    nlp = kpi_extract.make_pipeline()
    nlp.add_pipe("kpi_test_boom", first=True)
    return nlp


def many(items, **kw) -> pd.DataFrame:
    kw.setdefault("progress", False)
    return kpi_extract.extract_many(items, **kw)


# ---------------------------------------------------------------- n_process
def test_two_processes_give_the_frame_of_one():
    items = [("seed", read_fixture(SEED)), ("a", TEXTS["a"]), ("b", TEXTS["b"])]
    one = many(items, n_process=1)
    two = many(items, n_process=2, batch_size=16)
    assert len(one) > 50 and list(one["doc_id"].unique()) == ["seed", "a", "b"]
    assert_frame_equal(one, two)


def test_two_processes_isolate_a_failing_document(boom_nlp):
    items = [("a", TEXTS["a"]), ("boom", BOOM), ("b", TEXTS["b"])]
    with pytest.warns(DocumentWarning, match="'boom'"):
        two = many(items, n_process=2, batch_size=2, on_error="warn", nlp=boom_nlp)
    assert_frame_equal(two, many([items[0], items[2]], nlp=boom_nlp))


def test_two_processes_keep_the_order_across_many_tasks(monkeypatch):
    from kpi_extract.run import parallel

    monkeypatch.setattr(parallel, "TASK_CHARS", 60)  # about one document per task, many in flight
    items = [(f"{k}{i}", t) for i in range(5) for k, t in TEXTS.items()]
    assert_frame_equal(many(items, n_process=2), many(items, n_process=1))


def test_two_processes_raise_a_failing_documents_error(boom_nlp):
    with pytest.raises(Boom):
        many([("a", TEXTS["a"]), ("boom", BOOM)], n_process=2, nlp=boom_nlp)


def test_two_processes_report_bad_items_and_missing_periods():
    items = [("a", TEXTS["a"]), None, ("c", TEXTS["c"])]
    with pytest.warns(DocumentWarning) as record:
        df = many(items, n_process=2, on_error="warn")
    failed = [w.message for w in record if isinstance(w.message, DocumentWarning)]
    assert [w.doc_id for w in failed] == ["item 1"] and isinstance(failed[0].error, InputTypeError)
    assert list(df["doc_id"].unique()) == ["a", "c"]
    with pytest.warns(kpi_extract.errors.PeriodWarning, match="a, c"):
        many([("a", TEXTS["a"]), ("c", TEXTS["c"])], n_process=2)


class Unpicklable(Exception):
    def __init__(self, message, handle):
        super().__init__(message)
        self.handle = handle

    def __reduce__(self):
        raise TypeError("not picklable")


@pytest.mark.parametrize("exc, kind, text", [
    (Boom("a component failed"), Boom, "a component failed"),
    (InputTypeError("item 3 is None"), InputTypeError, "item 3 is None"),
    (Unpicklable("lost handle", object()), kpi_extract.KpiExtractError, "Unpicklable: lost handle"),
])
def test_worker_errors_cross_the_process_boundary(exc, kind, text):
    from kpi_extract.run.parallel import _picklable

    sent = _picklable(exc)
    assert type(sent) is kind and str(sent) == text


# ---------------------------------------------------------------- on_error
@pytest.mark.parametrize("batch_size", [1, 3, 64])
def test_warn_isolates_the_failing_document(boom_nlp, batch_size):
    items = [(k, t) for k, t in TEXTS.items()]
    items.insert(2, ("boom", BOOM))
    with pytest.warns(DocumentWarning) as record:
        df = many(items, on_error="warn", batch_size=batch_size, nlp=boom_nlp)
    failures = [w.message for w in record if isinstance(w.message, DocumentWarning)]
    assert [w.doc_id for w in failures] == ["boom"]
    assert isinstance(failures[0].error, Boom)
    assert "'boom'" in str(failures[0]) and "Boom: a component failed" in str(failures[0])
    expected = many(list(TEXTS.items()), nlp=boom_nlp)
    assert_frame_equal(df, expected)  # every other row kept, in input order
    assert list(df["doc_id"].unique()) == list(TEXTS)


def test_skip_is_silent(boom_nlp):
    items = [("boom", BOOM), *TEXTS.items(), ("boom2", BOOM)]
    with warnings.catch_warnings():
        warnings.simplefilter("error", DocumentWarning)
        df = many(items, on_error="skip", nlp=boom_nlp)
    assert_frame_equal(df, many(list(TEXTS.items()), nlp=boom_nlp))


def test_raise_stops_the_batch(boom_nlp):
    with pytest.raises(Boom):
        many([("a", TEXTS["a"]), ("boom", BOOM)], nlp=boom_nlp)


@pytest.mark.parametrize("bad, where", [(None, "item 1"), (b"$5 million", "item 1"), (("x", b"bytes"), "'x'")])
def test_bad_items_raise_by_default(bad, where):
    with pytest.raises(InputTypeError, match=where):
        many(["Revenue rose 5%.", bad])


def test_bad_items_are_document_errors_under_warn_and_skip():
    items = [("a", TEXTS["a"]), None, ("x", b"bytes"), 7, ("c", TEXTS["c"])]
    with pytest.warns(DocumentWarning) as record:
        df = many(items, on_error="warn")
    ids = [w.message.doc_id for w in record if isinstance(w.message, DocumentWarning)]
    assert ids == ["item 1", "x", "item 3"]
    assert all(isinstance(w.message.error, InputTypeError) for w in record if isinstance(w.message, DocumentWarning))
    expected = many([("a", TEXTS["a"]), ("c", TEXTS["c"])])
    assert_frame_equal(df, expected)
    assert_frame_equal(many(items, on_error="skip"), expected)


def test_an_error_of_the_iterable_itself_propagates():
    def texts():
        yield "Revenue rose 5%."
        raise OSError("disk gone")

    with pytest.raises(OSError, match="disk gone"):
        many(texts(), on_error="skip")


@pytest.mark.parametrize("option", [
    {"on_error": "ignore"}, {"n_process": 0}, {"n_process": 1.5}, {"batch_size": 0}, {"progress": "yes"},
])
def test_bad_options(option):
    with pytest.raises(ConfigError):
        many(["Revenue rose 5%."], **option)


# ---------------------------------------------------------------- progress
def test_progress_bar_counts_documents_and_words(capsys):
    df = many(list(TEXTS.items()), progress=True)
    out, err = capsys.readouterr()
    assert out == ""
    assert "4/4" in err and "doc" in err and "words/s" in err
    assert_frame_equal(df, many(list(TEXTS.items())))


def test_progress_bar_without_a_length(capsys):
    many((t for t in TEXTS.values()), progress=True)
    err = capsys.readouterr().err
    assert "4doc" in err.replace(" ", "") and "words/s" in err


@pytest.mark.parametrize("progress", [False, None])  # None: stderr is not a terminal here
def test_no_progress_bar(capsys, progress):
    kpi_extract.extract_many(list(TEXTS.items()), progress=progress)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("option", [{"n_process": 0}, {"batch_size": 0}, {"on_error": "ignore"}])
def test_a_bad_option_leaves_no_progress_bar(capsys, option):
    with pytest.raises(ConfigError):
        kpi_extract.extract_many(list(TEXTS.items()), progress=True, **option)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("installed, bar", [(False, "tqdm.std"), (True, "tqdm.notebook")])
def test_notebook_bar_falls_back_to_text_quietly(monkeypatch, installed, bar):
    """In Jupyter without ipywidgets: the text bar and no "IProgress not found" warning."""
    from kpi_extract.run import progress

    monkeypatch.setattr(progress, "_in_notebook", lambda: True)
    monkeypatch.setattr(progress, "widgets", lambda: installed)
    if installed:  # stands in for ipywidgets: tqdm's notebook bar itself is not drawn here
        import tqdm.notebook
        monkeypatch.setattr(tqdm.notebook, "tqdm", type("Widget", (), {"__init__": lambda self, **kw: None,
                                                                        "__module__": "tqdm.notebook"}))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        shown = progress.progress_bar(None, 3)
    assert type(shown).__module__ == bar
    if not installed:
        shown.close()


def test_widgets_is_whether_ipywidgets_is_installed(monkeypatch):
    import importlib.util

    from kpi_extract.run import progress

    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert progress.widgets() is False
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: object() if name == "ipywidgets" else None)
    assert progress.widgets() is True


# ---------------------------------------------------------------- warmup
WARM = """
import sys, warnings
import kpi_extract
{warm}
loaded = set(sys.modules)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    kpi_extract.extract(open(sys.argv[1], encoding="utf-8").read())
print(sorted(set(sys.modules) - loaded))
"""


@pytest.mark.parametrize("warm, left", [
    ("kpi_extract.warmup()", False),
    # the warm-up docs/service.md gave before: dateparser is still loaded by the first request
    ("kpi_extract.extract('Revenue was $1 million.', reporting_period='2022Q4')", True),
])
def test_warmup_leaves_nothing_to_load(warm, left):
    """After ``warmup()`` a real call imports no module any more (dateparser loads lazily)."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", WARM.format(warm=warm), str(SEED)], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0, done.stderr
    newly = ast.literal_eval(done.stdout)  # a list of module names
    assert bool(newly) is left, newly
    if left:
        assert "dateparser" in newly


def test_warmup_returns_the_pipeline_and_warns_nothing():
    nlp = kpi_extract.make_pipeline()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert kpi_extract.warmup(nlp) is nlp
        assert kpi_extract.warmup() is kpi_extract.default_pipeline()


# ---------------------------------------------------------------- threads
def test_extract_from_eight_threads_equals_serial_calls():
    texts = [(SEED.stem, read_fixture(SEED)), *TEXTS.items(), ("boomless", BOOM.replace("BOOM", "a"))]
    jobs = [(f"{doc_id}-{i}", text) for i in range(4) for doc_id, text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:  # first, while caches may still be cold
        threaded = list(pool.map(lambda job: kpi_extract.extract(job[1], doc_id=job[0]), jobs))
    serial = [kpi_extract.extract(text, doc_id=doc_id) for doc_id, text in jobs]
    assert sum(map(len, serial)) > 100
    for a, b in zip(serial, threaded):
        assert_frame_equal(a, b)


def test_a_long_run_without_blanks_is_left_out_and_offsets_stay_right():
    """Runs longer than MAX_TOKEN_CHARS hold no value and are not tokenized (spaCy's
    tokenizer is quadratic in a token's length); the values around them keep their offsets."""
    from kpi_extract.pipeline.paragraphs import MAX_TOKEN_CHARS, chunks

    text = "Revenue was $5 million. " + "x," * MAX_TOKEN_CHARS + " Costs were $3 million.\nGross margin was 40%."
    pieces = list(chunks(text))
    assert all(text[o:o + len(p)] == p for o, p in pieces)
    assert not any("x,x," in p for _, p in pieces)
    df = kpi_extract.extract(text, reporting_period="2022Q4")
    assert list(df["value_text"]) == ["$5 million", "$3 million", "40%"]
    assert all(text[s:e] == v for s, e, v in zip(df["start"], df["end"], df["value_text"]))


# ---------------------------------------------------------------- topic turns across paragraphs
TURN = "I'll start with public cloud services."
SEG = "public cloud services"


@pytest.mark.parametrize("text, value_text, segment", [
    (f"{TURN}\nIn Q4, revenues from this business were RMB 1.35 billion.", "RMB 1.35 billion", SEG),
    (f"{TURN}\n\n  \nRevenue from this business was RMB 1.1 billion.", "RMB 1.1 billion", SEG),
    (f"We grew. Now turning to {SEG}.\nRevenue from this business was RMB 1.2 billion.", "RMB 1.2 billion", SEG),
    # the turn's topic holds for the whole next paragraph, as a turn inside a paragraph does
    (f"{TURN}\nRevenue was RMB 1.3 billion. Gross profit was RMB 0.2 billion.", "RMB 0.2 billion", SEG),
    # no turn: the paragraph before only names the segment
    (f"Our {SEG} did well.\nRevenue was RMB 1.0 billion.", "RMB 1.0 billion", None),
    # a turn that holds a value, and one two lines back, carry too (document.topic_carry)
    (f"Revenue was RMB 2 billion. Turning to {SEG}, with 5% growth.\nRevenue was RMB 1.4 billion.",
     "RMB 1.4 billion", SEG),
    (f"{TURN}\nWe are pleased.\nRevenue was RMB 1.5 billion.", "RMB 1.5 billion", SEG),
    # ... but not to a part named before the metric: its own
    (f"{TURN}\nWe are pleased.\nStorage revenue was RMB 0.5 billion.", "RMB 0.5 billion", "Storage"),
])
def test_a_topic_turn_ending_a_paragraph_carries_to_the_next(text, value_text, segment):
    df = kpi_extract.extract(text, reporting_period="2022Q4")
    assert all(text[s:e] == v for s, e, v in zip(df["start"], df["end"], df["value_text"]))
    row = df[df["value_text"] == value_text].iloc[0]
    assert (None if pd.isna(row["segment"]) else row["segment"]) == segment
    assert TURN not in row["sentence"] and value_text in row["sentence"]


@Language.component("kpi_test_noop")
def _noop(doc: Doc) -> Doc:
    return doc


def test_a_topic_turn_carries_with_a_foreign_component_too():
    nlp = kpi_extract.make_pipeline()
    nlp.add_pipe("kpi_test_noop", last=True)
    text = f"{TURN}\nIn Q4, revenues from this business were RMB 1.35 billion.\nCosts rose 3%.\n"
    own, foreign = kpi_extract.extract(text, reporting_period="2022Q4"), \
        kpi_extract.extract(text, reporting_period="2022Q4", nlp=nlp)
    assert own.loc[0, "segment"] == SEG
    assert_frame_equal(own, foreign)


class _MyValues(kpi_extract.KpiValues):
    pass


@pytest.mark.parametrize("change, own", [
    (lambda nlp: None, True),
    (lambda nlp: nlp.add_pipe("kpi_test_noop"), False),                       # a foreign component
    (lambda nlp: nlp.add_pipe("kpi_values", name="more_values"), False),      # a second value finder
    (lambda nlp: nlp.replace_pipe("kpi_values", "kpi_test_my_values"), False),  # a subclass of it
])
def test_which_pipelines_skip_paragraphs_without_values(change, own):
    from kpi_extract.pipeline.paragraphs import Paragraphs, is_own_pipeline

    nlp = kpi_extract.make_pipeline()
    change(nlp)
    paragraphs = Paragraphs(nlp)
    assert is_own_pipeline(nlp) is own and paragraphs.own is own
    assert isinstance(paragraphs.values, kpi_extract.KpiValues)


@Language.factory("kpi_test_my_values")
def _my_values(nlp: Language, name: str) -> _MyValues:
    return _MyValues(nlp, name)


def test_workers_with_a_custom_pipeline_do_not_build_the_default_one():
    import subprocess
    import sys

    code = ("import warnings, kpi_extract\nfrom kpi_extract.pipeline.build import default_pipeline\n"
            "warnings.simplefilter('ignore')\n"
            "nlp = kpi_extract.make_pipeline()\n"
            "df = kpi_extract.extract_many(['Revenue was $5 million.'] * 3, n_process=2, nlp=nlp, progress=False)\n"
            "print(len(df), default_pipeline.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["3", "0"]


# ---------------------------------------------------------------- paragraphs the pipeline runs on
PARAS = "Revenue was $5 million.\nWe are pleased.\n\n" + f"{TURN}\nCosts rose 3%.\n"


@pytest.mark.parametrize("change, expected", [
    # own pipeline: paragraphs without a value left out; a topic turn joins the next paragraph
    (lambda nlp: None, ["Revenue was $5 million.\n", f"{TURN}\nCosts rose 3%.\n"]),
    # a foreign component: every paragraph goes through, the turn alone too (it holds no value)
    (lambda nlp: nlp.add_pipe("kpi_test_noop"), ["Revenue was $5 million.\n", "We are pleased.\n",
                                                 f"{TURN}\n", f"{TURN}\nCosts rose 3%.\n"]),
    # no kpi_values at all: every paragraph as cut, no turn joined
    (lambda nlp: nlp.remove_pipe("kpi_values"), ["Revenue was $5 million.\n", "We are pleased.\n",
                                                 f"{TURN}\n", "Costs rose 3%.\n"]),
])
def test_the_paragraphs_a_pipeline_runs_on(change, expected):
    from kpi_extract.pipeline.paragraphs import Paragraphs

    nlp = kpi_extract.make_pipeline()
    change(nlp)
    pieces = list(Paragraphs(nlp)(PARAS))
    assert [p for _, p in pieces] == expected
    assert all(PARAS[o:o + len(p)] == p for o, p in pieces)


def _refind(values, text):
    values.from_bytes(values.to_bytes())  # a new grammar: values kept with the old one are stale


@pytest.mark.parametrize("text, between, searches", [
    ("Revenue was $5 million.", None, 0),        # found before: the Doc takes them, no second search
    ("We are pleased.", None, 1),                # nothing found, nothing kept: the Doc searches
    ("Revenue was $5 million.", _refind, 1),     # kept with a grammar since replaced: searched again
])
def test_kpi_values_keeps_what_find_found_for_that_texts_doc(text, between, searches, monkeypatch):
    nlp = kpi_extract.make_pipeline()
    values = nlp.get_pipe("kpi_values")
    found = values.find(text)
    if between is not None:
        between(values, text)
    calls, search = [], Scanner.find
    monkeypatch.setattr(Scanner, "find", lambda self, t: calls.append(t) or search(self, t))
    doc = nlp(text)
    assert len(calls) == searches and len(doc._.kpi_values) == len(found)
    assert not values._kept  # taken (or never kept)
