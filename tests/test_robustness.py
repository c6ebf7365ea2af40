"""Robustness: property tests over arbitrary and finance-like text, and every regex of the
library against catastrophic backtracking on 100 kB pathological inputs.

Properties (hypothesis): ``extract`` raises nothing, ``text[start:end] == value_text`` on
every row, values are finite, and repeated calls give equal frames.

Backtracking: each compiled pattern is run the way the library runs it, on 100 kB runs of
digits, commas, dots, blanks, "$1,", "1.1.1.", "Q4 Q4 ", "from 1 to 1 to ", number words ...
Patterns that scan a whole text (``Grammar.patterns``, the period patterns, the cue
phrases) get ``finditer`` over all 100 kB; patterns the grammar only runs on a bounded
stretch before a value (``WINDOWED``) get ``search`` over every such stretch of the input;
patterns it only anchors at a value (``ANCHORED``) get ``match``/``fullmatch`` there. A
compiled pattern the test does not know is treated as scanning. Nothing here asserts a
time: an alarm fails a case that runs past ``LIMIT_S`` instead of letting it hang.
"""
from __future__ import annotations

import math
import os
import re
import signal
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kpi_extract
from kpi_extract import lexicon
from kpi_extract.pipeline.linking.cues import Cues
from kpi_extract.pipeline.values.grammar import Grammar
from kpi_extract.pipeline.values.scanning import MAX_GAP
from kpi_extract.pipeline.periods.grammar import PeriodGrammar

#: seconds one pathological case may take before it counts as hanging (they take < 1 s)
LIMIT_S = 20
SIZE = 100_000


def _props(n: int) -> settings:
    """``n`` examples, no deadline; fixed examples under CI (reproducible), random ones locally."""
    return settings(deadline=None, max_examples=n, derandomize=bool(os.environ.get("CI")),
                    suppress_health_check=[HealthCheck.too_slow])


def _check(text: str, **kwargs) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = kpi_extract.extract(text, **kwargs)
        again = kpi_extract.extract(text, **kwargs)
    pd.testing.assert_frame_equal(df, again)
    assert list(df.columns) == list(kpi_extract.COLUMNS)
    for row in df.itertuples(index=False):
        assert text[row.start:row.end] == row.value_text, row
        assert math.isfinite(row.value), row
        assert 0.0 <= row.confidence <= 1.0, row
        if not pd.isna(row.metric_start):
            assert 0 <= row.metric_start <= row.metric_end <= len(text), row
    return df


# ---------------------------------------------------------------------------- arbitrary text
@_props(60)
@given(st.text())
def test_arbitrary_unicode(text):
    _check(text)


@_props(50)
@given(st.text(alphabet=st.sampled_from(list("0123456789 ,.$%()-–RMBbnmkQ4\n")), max_size=300))
def test_number_like_noise(text):
    _check(text, reporting_period="2022Q4")


# ---------------------------------------------------------------------------- finance sentences
METRICS = ["Revenue", "Total revenues", "Adjusted EBITDA", "Gross margin", "Non-GAAP net income", "Diluted EPS",
           "Free cash flow", "Operating expenses", "IDC costs", "Net revenue retention", "Headcount",
           "Public cloud revenue", "Net loss", "Operating margin", "Capital expenditures", "ARPU"]
VERBS = ["was", "were", "increased", "decreased", "grew", "declined", "rose", "fell", "came in at", "reached",
         "is expected to be", "improved", "expanded", "contracted", "totaled", "was up", "was down"]
PREPS = ["", "by", "to", "of", "at"]
QUALS = ["", "about", "approximately", "more than", "over", "nearly", "roughly", "less than", "at least", "~"]
PREFIX = ["", "$", "US$", "RMB ", "RMB", "€", "£", "¥", "HK$", "-$", "negative "]
SCALES = ["", " million", " billion", " thousand", "M", "bn", "B", "k", " mn", " trillion"]
SUFFIX_CUR = ["", " yuan", " dollars", " RMB", " euros"]
UNITS = ["%", " percent", " percentage points", " bps", " basis points", " points", "x", "-fold", " times"]
TAILS = ["", "year-over-year", "quarter-over-quarter", "compared with the same period last year",
         "from last quarter", "in Q4 2022", "for the full year 2023", "this quarter", "in the first half of 2022",
         "as of December 31, 2022", "or 12% of total revenue", "per share", "per ADS"]
SPELLED = ["one", "two point five", "twenty-five", "one hundred", "three hundred and ten", "a half", "fourfold",
           "double"]

digits = st.one_of(
    st.integers(0, 10**12).map(lambda n: f"{n:,}"),
    st.integers(0, 10**6).map(str),
    st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(lambda d: f"{d:,}"),
    st.decimals(0, 100, places=1, allow_nan=False, allow_infinity=False).map(str),
    st.integers(0, 999).map(lambda n: f"({n / 100:.2f})"),
    st.sampled_from(SPELLED),
)
money = st.builds(lambda p, n, s, c: f"{p}{n}{s}{c}", st.sampled_from(PREFIX), digits, st.sampled_from(SCALES),
                  st.sampled_from(SUFFIX_CUR))
ratio = st.builds(lambda n, u: f"{n}{u}", digits, st.sampled_from(UNITS))
amount = st.one_of(money, ratio)
value = st.one_of(
    amount,
    st.builds(lambda a, b: f"between {a} and {b}", amount, amount),
    st.builds(lambda a, c, b: f"{a}{c}{b}", amount, st.sampled_from([" to ", "-", " – ", " through "]), amount),
    st.builds(lambda a, b: f"from {a} to {b}", amount, amount),
    st.builds(lambda a, b: f"{a}, or {b},", money, ratio),
)
sentence = st.builds(
    lambda m, v, p, q, x, t: " ".join(w for w in (m, v, p, q, x, t) if w) + ".",
    st.sampled_from(METRICS), st.sampled_from(VERBS), st.sampled_from(PREPS), st.sampled_from(QUALS), value,
    st.sampled_from(TAILS),
)
document = st.lists(st.lists(sentence, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=3).map("\n".join)


@_props(50)
@given(document)
def test_finance_sentences(text):
    _check(text, reporting_period="2022Q4")


@_props(50)
@given(document)
def test_finance_sentences_without_reporting_period(text):
    _check("Fourth Quarter 2022 Earnings Call\n" + text)


@pytest.mark.parametrize("text", [
    "Revenue was $" + "9" * 400 + " trillion.",
    "Gross margin was " + "9" * 400 + "%.",
    "Revenue was $" + "9" * 300 + " trillion.",
    "Revenue of $0." + "0" * 400 + "1 million.",
    "EPS was $(" + "1" * 400 + ".00).",
])
def test_absurdly_long_numbers_stay_finite(text):
    _check(text, reporting_period="2022Q4")


# ---------------------------------------------------------------------------- backtracking
_GRAMMAR = Grammar(lexicon.packaged("values.json"))
_NUMBER_WORDS = " ".join(_GRAMMAR.words) + " "
#: grammar attributes run only with ``search`` on the stretch before a value, and its length
WINDOWED = {"rate_re": 300, "margin_change_re": 300, "qual_re": 40, "decrease_before_re": 50,
            "change_before_re": 40, "per_cue_re": 250, "between_re": 40, "head_re": 40, "earn_cue_re": 250,
            "bare_count_re": 60}
#: grammar attributes only anchored at one position: (method, longest stretch or None)
ANCHORED = {"decrease_after_re": ("match", None), "tail_re": ("match", 40),
            "apposition_re": ("fullmatch", MAX_GAP), "connector_re": ("fullmatch", MAX_GAP),
            "per_after_re": ("match", 80), "clause_re": ("fullmatch", 120)}

PATHOLOGICAL = {
    "digits": "1", "commas": ",", "dots": ".", "blanks": " ", "digit-comma": "1,", "digit-blank": "1 ",
    "dollar-comma": "$1,", "dotted": "1.1.1.", "quarters": "Q4 Q4 ", "from-to": "from 1 to 1 to ",
    "number-words": _NUMBER_WORDS, "hundred-and": "one hundred and ", "parens": "(1", "rmb": "RMB 1, ",
    "margin": "margin ", "percents": "1%, 2%, 3%, ", "apposition": "$1 million, or 2%, ",
}


def _long(unit: str, size: int = SIZE) -> str:
    return (unit * (size // len(unit) + 1))[:size]


@contextmanager
def _time_limit(what: str) -> Iterator[None]:
    """Fail (rather than hang) when the block runs past ``LIMIT_S``; ``re`` checks for signals
    while it matches. Without SIGALRM (Windows) or off the main thread, no guard."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def fire(signum, frame):
        raise TimeoutError(f"{what} ran past {LIMIT_S} s: super-linear backtracking?")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(LIMIT_S)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _compiled(obj: object) -> dict[str, re.Pattern[str]]:
    return {k: v for k, v in vars(obj).items() if isinstance(v, re.Pattern)}


def _scanned() -> dict[str, re.Pattern[str]]:
    out = {f"Grammar.patterns[{i}] ({form})": p for i, (form, p) in enumerate(_GRAMMAR.patterns)}
    out.update({f"Grammar.{k}": p for k, p in _compiled(_GRAMMAR).items() if k not in WINDOWED and k not in ANCHORED})
    out.update({f"PeriodGrammar.patterns[{i}] ({kind})": p for i, (kind, p) in enumerate(PeriodGrammar().patterns)})
    out.update({f"PeriodGrammar.report_patterns[{i}]": p for i, p in enumerate(PeriodGrammar().report_patterns)})
    out.update({f"Cues.{k}": p for k, p in _compiled(Cues()).items()})
    return out


SCANNED = _scanned()


def test_every_grammar_regex_is_classified():
    names = set(_compiled(_GRAMMAR))
    assert set(WINDOWED) <= names and set(ANCHORED) <= names, "stale names in WINDOWED / ANCHORED"


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_scanned_patterns_linear(name):
    text = _long(PATHOLOGICAL[name])
    for label, pattern in SCANNED.items():
        with _time_limit(f"{label} on 100 kB of {name!r}"):
            for _ in pattern.finditer(text):
                pass


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_windowed_and_anchored_patterns(name):
    text = _long(PATHOLOGICAL[name])
    for attr, width in WINDOWED.items():
        pattern = getattr(_GRAMMAR, attr)
        with _time_limit(f"Grammar.{attr} on 100 kB of {name!r}"):
            for end in range(width, len(text), width // 2):
                pattern.search(text, end - width, end)
    for attr, (method, width) in ANCHORED.items():
        run = getattr(getattr(_GRAMMAR, attr), method)
        with _time_limit(f"Grammar.{attr}.{method} on 100 kB of {name!r}"):
            for pos in range(0, len(text), 997):
                run(text, pos, len(text) if width is None else min(len(text), pos + width))


#: inputs for the whole pipeline; a whitespace-free run of punctuation is left out (below)
FULL = ["digits", "dots", "blanks", "digit-comma", "digit-blank", "dollar-comma", "dotted", "quarters", "from-to",
        "number-words", "hundred-and", "rmb", "percents", "margin"]


@pytest.mark.parametrize("name", FULL)
def test_extract_on_pathological_input(name):
    text = _long(PATHOLOGICAL[name])
    with _time_limit(f"extract() on 100 kB of {name!r}"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = kpi_extract.extract(text, reporting_period="2022Q4")
    assert all(text[s:e] == v for s, e, v in zip(df["start"], df["end"], df["value_text"]))


def test_extract_on_long_gap_between_values():
    text = "Costs decreased $1 million" + " " * SIZE + "$2 million, or 5%."
    with _time_limit("extract() with a 100 kB gap"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        df = kpi_extract.extract(text, reporting_period="2022Q4")
    assert list(df["value_text"]) == ["$1 million", "$2 million", "5%"]


@pytest.mark.parametrize("unit", [",", "$(", "%", ")"])
def test_extract_on_long_punctuation_run(unit):
    """spaCy's tokenizer is quadratic in a token's length: runs without blanks longer than
    MAX_TOKEN_CHARS are left out before tokenizing (kpi_extract.pipeline.paragraphs.chunks)."""
    text = _long(unit)
    with _time_limit(f"extract() on 100 kB of {unit!r}"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kpi_extract.extract(text, reporting_period="2022Q4")


@pytest.mark.parametrize("text", [
    "For the full year, we raised our revenue forecast from the $30 million to $33 million range.",
    "That is a change from the 15% to 19% range we gave in our previous outlook.",
])
def test_a_range_after_from_keeps_both_ends(text):
    """"from the A to B range": the range's low end read as a comparison level once crashed
    the range sharing (a period cue without its words)."""
    df = kpi_extract.extract(text, reporting_period="2021Q3")
    assert list(df["qualifier"]) == ["range_low", "range_high"]
