"""The ``kpi_regression`` pytest plugin (``pytest_kpi_extract``, ``kpi_extract.testing.regression``,
``kpi_extract.testing.facts``).

The fixture is tested the way its users meet it: pytester writes a test module that uses it,
runs pytest on it (the plugin loads through its ``pytest11`` entry point) and the tests read
the outcome and the printed report. The golden file lives in the module's data folder
(``test_acme/<basename>.yml``), as with pytest-regressions.
"""
from __future__ import annotations

import glob
import subprocess
import sys

import pytest
import yaml

import kpi_extract
from kpi_extract.testing import facts, regression
from kpi_extract.testing.facts import DEFAULT_TOLERANCES, compare, golden_records
from kpi_extract.testing.regression import looks_like_path

TEXT = ("Fourth Quarter 2022 Earnings Call\n"
        "Total revenue was RMB 2,131 million, down 7.9% year-over-year. "
        "Adjusted gross margin rose by 120 bps to 7.9%. We have 1,200 employees.\n")

MODULE = f'''
TEXT = {TEXT!r}

def test_call(kpi_regression):
    kpi_regression.check(TEXT, basename="call", {{kwargs}})
'''


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Run the pipeline once in this process first: pytester's in-process runs drop the modules
    first imported inside them, and importing those again in every run is slow."""
    kpi_extract.extract(TEXT)


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """pytest in this process on the pytester folder. Hypothesis' plugin is left out: it
    imports hypothesis at the end of every run, which takes seconds each time."""
    return pytester.runpytest("-p", "no:hypothesispytest", *args)


def make_module(pytester: pytest.Pytester, **kwargs: object) -> None:
    body = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    pytester.makepyfile(test_acme=MODULE.replace("{kwargs}", body))


def ending_with(*lines: str) -> list[str]:
    """fnmatch patterns for output lines that end with these literal texts, in order."""
    return ["*" + glob.escape(line) for line in lines]


def golden(pytester: pytest.Pytester) -> list[dict]:
    return yaml.safe_load((pytester.path / "test_acme" / "call.yml").read_text(encoding="utf-8"))


def write_golden(pytester: pytest.Pytester, rows: list[dict]) -> None:
    (pytester.path / "test_acme" / "call.yml").write_text(yaml.safe_dump(rows), encoding="utf-8")


@pytest.fixture
def recorded(pytester: pytest.Pytester) -> list[dict]:
    """A test module using the fixture, run once: its golden file is written."""
    make_module(pytester)
    first = run(pytester)
    first.assert_outcomes(failed=1)
    first.stdout.fnmatch_lines(["*File not found in data directory, created:*", "*call.yml"])
    return golden(pytester)


def test_missing_golden_file_fails_once_writing_it_then_passes(pytester, recorded):
    assert [r["value_text"] for r in recorded] == ["RMB 2,131 million", "7.9%", "120 bps", "7.9%",
                                                   "1,200 employees"]
    assert [r["start"] for r in recorded] == sorted(r["start"] for r in recorded)
    assert all("sentence" not in r and r["doc_id"] == "call" for r in recorded)
    run(pytester).assert_outcomes(passed=1)


def test_a_changed_golden_file_fails_with_a_fact_diff(pytester, recorded):
    rows = [dict(r) for r in recorded]
    revenue = rows[0]
    assert revenue["metric"] == "revenue"
    revenue["metric"] = "gross_profit"                    # changed: the extraction says revenue
    del rows[4]                                           # added: 1,200 employees is extracted
    rows.append({**rows[1], "start": 300, "end": 304})    # removed: not extracted any more
    write_golden(pytester, rows)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(ending_with(
        "kpi_regression: the facts extracted from the text given to test_call differ from the golden file call.yml:",
        "1 added, 1 removed, 1 changed (3 unchanged)",
        "added (extracted now, not in the golden file):",
        "+ [152:167] '1,200 employees' = 1200.0 count metric=headcount role=actual period=2022 Q4",
        "removed (in the golden file, not extracted now):",
        "- [300:304] '7.9%' = -7.9 percent metric=revenue role=change comparison=yoy period=2022 Q4",
        "changed (the same fact, columns differ; offsets as in the golden file):",
        "~ [52:69] 'RMB 2,131 million': metric: 'gross_profit' -> 'revenue'",
        "If the change is intended, rerun with --force-regen and read the diff of the golden file "
        "before committing it.",
    ))


@pytest.mark.parametrize("factor, outcome", [
    (1 + 5e-10, "passed"),
    (1 - 5e-10, "passed"),
    (1 + 5e-9, "failed"),
    (1 - 5e-9, "failed"),
])
def test_value_is_compared_with_a_relative_tolerance_of_1e_9(pytester, recorded, factor, outcome):
    rows = [dict(r) for r in recorded]
    rows[0]["value"] = rows[0]["value"] * factor
    write_golden(pytester, rows)
    result = run(pytester)
    result.assert_outcomes(**{outcome: 1})
    if outcome == "failed":
        result.stdout.fnmatch_lines(["*~ [[]52:69] 'RMB 2,131 million': value: * -> 2131000000.0"])


def test_tolerances_option_widens_a_column(pytester, recorded):
    rows = [dict(r) for r in recorded]
    rows[0]["value"] *= 1 + 1e-7
    write_golden(pytester, rows)
    run(pytester).assert_outcomes(failed=1)
    make_module(pytester, tolerances={"value": {"rtol": 1e-6}})
    run(pytester).assert_outcomes(passed=1)


def test_force_regen_rewrites_the_golden_file_then_passes(pytester, recorded):
    write_golden(pytester, [dict(r, metric=None) for r in recorded])
    result = run(pytester, "--force-regen")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Files differ and --force-regen set, regenerating file at:*"])
    assert golden(pytester) == recorded
    run(pytester).assert_outcomes(passed=1)


def test_regen_all_rewrites_and_passes(pytester, recorded):
    write_golden(pytester, recorded[:2])
    run(pytester, "--regen-all").assert_outcomes(passed=1)
    assert golden(pytester) == recorded


def test_columns_option_keeps_the_key_and_the_columns_named(pytester):
    make_module(pytester, columns=["value", "metric"])
    run(pytester).assert_outcomes(failed=1)
    assert {tuple(r) for r in golden(pytester)} == {("start", "end", "value_text", "value", "metric", "sentence_hash")}
    run(pytester).assert_outcomes(passed=1)


def test_a_fixture_file_path_names_the_doc_id_and_the_test_names_the_golden_file(pytester):
    pytester.makefile(".txt", acme_q3=TEXT)
    pytester.makepyfile(test_files="def test_file(kpi_regression):\n"
                                   "    df = kpi_regression.check('acme_q3.txt')\n"
                                   "    assert set(df['doc_id']) == {'acme_q3'}\n")
    run(pytester).assert_outcomes(failed=1)
    assert [p.name for p in (pytester.path / "test_files").iterdir()] == ["test_file.yml"]
    rows = yaml.safe_load((pytester.path / "test_files" / "test_file.yml").read_text(encoding="utf-8"))
    assert len(rows) == 5 and {r["doc_id"] for r in rows} == {"acme_q3"}
    run(pytester).assert_outcomes(passed=1)


@pytest.mark.parametrize("call, error", [
    ("kpi_regression.check('fixtures/no_such_call.txt')", "InputFileError: kpi_regression.check: no file *"),
    ("kpi_regression.check(b'Revenue was $5 million.')", "InputTypeError: *takes a path or a str, not bytes"),
    ("kpi_regression.check('Revenue was $5 million.', tolerances={'value': 1e-9})", "ConfigError: tolerances*"),
    ("kpi_regression.check('Revenue was $5 million.', tolerances={'value': {'rtol': -1}})", "ConfigError: *'rtol'*"),
    ("kpi_regression.check('Revenue was $5 million.', tolerances={'revenue': {'rtol': 0.1}})",
     "ConfigError: tolerances: 'revenue' is not a column*"),
    ("kpi_regression.check('Revenue was $5 million.', columns=['value', 'amount'])", "ConfigError: columns*"),
])
def test_bad_arguments_raise_typed_errors(pytester, call, error):
    pytester.makepyfile(test_bad=f"def test_bad(kpi_regression):\n    {call}\n")
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E *kpi_extract.errors.{error}"])


def test_without_pytest_regressions_the_fixture_names_the_extra(pytester):
    pytester.makepyfile(test_off="def test_off(kpi_regression):\n    pass\n")
    result = run(pytester, "-p", "no:regressions")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*ImportError: the kpi_regression fixture needs pytest-regressions*kpi_extract[[]pytest]*"])


def test_loading_the_plugin_imports_neither_kpi_extract_nor_pandas():
    code = ("import sys, pytest_kpi_extract; "
            "print(sorted(m for m in ('kpi_extract', 'pandas', 'spacy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_plugin_is_registered_through_its_entry_point(pytester):
    result = run(pytester, "--fixtures")
    result.stdout.fnmatch_lines(["kpi_regression*", "*Golden-file regression checks of extraction output*"])


ROW = {"start": 0, "end": 4, "value_text": "5.2%", "value": 5.2, "metric": "revenue", "adjusted": False}
HASHED = {**ROW, "unit": "percent", "metric_start": 10, "metric_end": 17, "sentence_hash": "aaaaaaaaaa"}


@pytest.mark.parametrize("golden_rows, obtained, counts", [
    ([ROW], [ROW], (0, 0, 0, 1)),
    ([ROW], [dict(ROW, value=5.2 * (1 + 1e-10))], (0, 0, 0, 1)),
    ([ROW], [dict(ROW, value=5.2 * (1 + 1e-8))], (0, 0, 1, 0)),
    ([ROW], [dict(ROW, value=5)], (0, 0, 1, 0)),
    ([dict(ROW, value=5)], [dict(ROW, value=5.0)], (0, 0, 0, 1)),
    ([ROW], [dict(ROW, adjusted=0)], (0, 0, 1, 0)),
    ([ROW], [dict(ROW, metric=None)], (0, 0, 1, 0)),
    ([ROW], [{k: v for k, v in ROW.items() if k != "metric"}], (0, 0, 1, 0)),
    ([ROW], [dict(ROW, value_text="5.20%")], (0, 0, 1, 0)),
    ([ROW], [ROW, ROW], (1, 0, 0, 1)),
    ([ROW, dict(ROW, start=9, end=13)], [ROW], (0, 1, 0, 1)),
    ([], [], (0, 0, 0, 0)),
    ([HASHED], [dict(HASHED, start=40, end=44)], (0, 0, 1, 0)),
    ([HASHED], [dict(HASHED, start=40, end=44, metric_start=50, metric_end=57)], (0, 0, 0, 1)),
    ([HASHED], [dict(HASHED, metric_start=20, metric_end=27)], (0, 0, 1, 0)),
    ([HASHED], [dict(HASHED, sentence_hash="bbbbbbbbbb")], (0, 0, 0, 1)),
    ([HASHED], [dict(HASHED, value_text="6.1%", value=6.1, sentence_hash="bbbbbbbbbb")], (0, 0, 1, 0)),
    ([HASHED], [dict(HASHED, value_text="$6", unit="USD", sentence_hash="bbbbbbbbbb")], (1, 1, 0, 0)),
    ([HASHED, dict(HASHED, start=9, end=13, sentence_hash="cccccccccc")], [dict(HASHED, start=9, end=13, sentence_hash="cccccccccc")], (0, 1, 0, 1)),
])
def test_compare_matches_facts_by_content(golden_rows, obtained, counts):
    diff = compare(golden_rows, obtained, DEFAULT_TOLERANCES)
    assert (len(diff.added), len(diff.removed), len(diff.changed), diff.same) == counts
    assert bool(diff) == any(counts[:3])


@pytest.mark.parametrize("name, is_path", [
    ("fixtures/acme_q3.txt", True),
    ("acme_q3.txt", True),
    ("calls/acme q3.txt", True),
    ("/abs/path/call.md", True),
    ("Revenue grew in the U.S", False),
    ("Revenue was $5.2bn", False),
    ("Revenue was $5 million.", False),
    ("Revenue was up.\nsee notes.txt", False),
    ("acme_q3", False),
])
def test_looks_like_path(name, is_path):
    assert looks_like_path(name) is is_path


def test_golden_records_sort_by_offset_and_keep_a_digest_of_the_sentence(seed_frame):
    records = golden_records(seed_frame.iloc[::-1])
    assert [r["start"] for r in records] == sorted(seed_frame["start"])
    columns = list(seed_frame.columns)
    assert list(records[0]) == columns[:columns.index("sentence")] + ["sentence_hash"] + \
        columns[columns.index("sentence") + 1:]
    first = seed_frame.sort_values(["start", "end"], kind="stable").iloc[0]
    assert records[0]["sentence_hash"] == facts.sentence_hash(first["sentence"])
    assert facts.sentence_hash("Revenue  grew\n5%.") == facts.sentence_hash("Revenue grew 5%.") != \
        facts.sentence_hash("Revenue grew 6%.")


def test_report_lists_at_most_the_limit():
    diff = compare([], [dict(ROW, start=i, end=i + 4) for i in range(5)])
    text = diff.report(limit=2)
    assert text.count("  + ") == 2 and "... and 3 more" in text


@pytest.mark.parametrize("name", ["FactDiff", "golden_records", "compare", "KEY", "NOT_IN_GOLDEN", "DEFAULT_TOLERANCES"])
def test_regression_module_still_exports_the_comparison(name):
    """Defined in ``facts`` since the split; ``regression`` keeps exporting them."""
    assert name in regression.__all__ and getattr(regression, name) is getattr(facts, name)


# ------------------------------------------------------------------ facts matched by content, files per test
EDIT_MODULE = "def test_acme(kpi_regression):\n    kpi_regression.check('acme_q3.txt', reporting_period='2022Q4')\n"


def test_an_edited_fixture_reports_one_changed_fact_and_none_moved(pytester):
    """Two words inserted at the top move every fact; one number edited is one changed fact."""
    pytester.makefile(".txt", acme_q3=TEXT)
    pytester.makepyfile(test_edit=EDIT_MODULE)
    run(pytester).assert_outcomes(failed=1)
    run(pytester).assert_outcomes(passed=1)
    edited = TEXT.replace("Total revenue", "Good morning, all. Total revenue", 1).replace("2,131", "2,231", 1)
    assert edited != TEXT and len(edited) > len(TEXT)
    (pytester.path / "acme_q3.txt").write_text(edited, encoding="utf-8")
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(ending_with(
        "0 added, 0 removed, 1 changed (4 unchanged)",
        "changed (the same fact, columns differ; offsets as in the golden file):",
        "~ [52:69] 'RMB 2,131 million': value_text: 'RMB 2,131 million' -> 'RMB 2,231 million'; "
        "value: 2131000000.0 -> 2231000000.0",
    ))
    result.stdout.no_fnmatch_line("*metric_start*")


def test_moved_facts_alone_pass(pytester):
    pytester.makefile(".txt", acme_q3=TEXT)
    pytester.makepyfile(test_edit=EDIT_MODULE)
    run(pytester).assert_outcomes(failed=1)
    moved = TEXT.replace("Total revenue", "Thank you, operator. Total revenue", 1)
    (pytester.path / "acme_q3.txt").write_text(moved, encoding="utf-8")
    run(pytester).assert_outcomes(passed=1)


def test_two_tests_of_one_transcript_have_their_own_golden_files(pytester):
    pytester.makefile(".txt", acme_q3=TEXT)
    pytester.makepyfile(test_two="def test_all(kpi_regression):\n"
                                 "    kpi_regression.check('acme_q3.txt')\n"
                                 "def test_linked(kpi_regression):\n"
                                 "    kpi_regression.check('acme_q3.txt', linked_only=True)\n")
    run(pytester).assert_outcomes(failed=2)
    assert sorted(p.name for p in (pytester.path / "test_two").iterdir()) == ["test_all.yml", "test_linked.yml"]
    run(pytester).assert_outcomes(passed=2)


def test_basename_shares_one_golden_file(pytester):
    pytester.makefile(".txt", acme_q3=TEXT)
    pytester.makepyfile(test_shared="import pytest\n"
                                    "@pytest.mark.parametrize('name', ['acme_q3.txt', './acme_q3.txt'])\n"
                                    "def test_same(kpi_regression, name):\n"
                                    "    kpi_regression.check(name, basename='acme_q3')\n")
    run(pytester).assert_outcomes(passed=1, failed=1)
    assert [p.name for p in (pytester.path / "test_shared").iterdir()] == ["acme_q3.yml"]
    run(pytester).assert_outcomes(passed=2)


def test_golden_file_keys_follow_the_frame_columns(pytester):
    make_module(pytester)
    run(pytester).assert_outcomes(failed=1)
    text = (pytester.path / "test_acme" / "call.yml").read_text(encoding="utf-8")
    first = text.split("\n- ")[0].lstrip("- ").splitlines()
    keys = [line.strip().split(":")[0] for line in first]
    expected = [c if c != "sentence" else "sentence_hash" for c in kpi_extract.COLUMNS]
    assert keys == expected


@pytest.mark.parametrize("content, problem", [
    (b"- start: 52\n  end: [69\n", "is not valid YAML at line 3, column 1: expected *"),
    (b"- value_text: 'RMB \xff'\n", "is not UTF-8 text*"),
    (b"start: 52\n", "is not a kpi_regression golden file (a YAML list of rows)*"),
])
def test_a_broken_golden_file_is_named_and_force_regen_rewrites_it(pytester, recorded, content, problem):
    path = pytester.path / "test_acme" / "call.yml"
    path.write_bytes(content)
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines([f"E *kpi_regression: *{path}* {problem}; rerun with --force-regen*"])
    result.stdout.no_fnmatch_line("*<unicode string>*")
    run(pytester, "--force-regen").assert_outcomes(failed=1)
    assert golden(pytester) == recorded
    run(pytester).assert_outcomes(passed=1)


@pytest.mark.parametrize("basename", ["sub/acme", "", "acme q3", 5])
def test_a_bad_basename_is_a_config_error(pytester, basename):
    pytester.makepyfile(test_bad=f"def test_bad(kpi_regression):\n    kpi_regression.check('Revenue was $5 million.', "
                                 f"basename={basename!r})\n")
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E *kpi_extract.errors.ConfigError: basename must be a file name*"])
