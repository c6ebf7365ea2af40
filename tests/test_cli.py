"""The ``kpi-extract`` command (``kpi_extract.cli.main``), run in-process and once as a process."""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kpi_extract
from kpi_extract import COLUMNS, SCHEMA
from kpi_extract.cli import COMMANDS, TABLE_COLUMNS, main

# short texts name no reporting period; that warning is tested with the period resolver
pytestmark = pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "kingsoft_cloud_2022q4.txt"
SHORT = "Revenue was RMB 2.13 billion, up 7.9% year-over-year.\n"


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    """What the library gives for the seed call (the CLI must not change it)."""
    return kpi_extract.extract(SEED.read_bytes().decode("utf-8"), doc_id=SEED.stem)


class Terminal(io.StringIO):
    """Standard input at a terminal: nothing piped in."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def run(capsys):
    """``run(*argv, stdin=None) -> (status, stdout, stderr)``; standard input is a terminal
    unless ``stdin`` gives the bytes piped in."""
    def _run(*argv: str, stdin: bytes | None = None):
        old = sys.stdin
        sys.stdin = Terminal() if stdin is None else io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        try:
            status = main(list(argv))
        finally:
            sys.stdin = old
        out, err = capsys.readouterr()
        return status, out, err
    return _run


def assert_fails_cleanly(result: tuple[int, str, str], status: int, message: str) -> None:
    """A command-line failure: its exit status, nothing on stdout, a one-line reason on stderr."""
    got, out, err = result
    assert got == status, err
    assert out == "" and message in err and "Traceback" not in err


@pytest.fixture
def short_file(tmp_path) -> Path:
    path = tmp_path / "short_call.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


# ---------------------------------------------------------------- formats
def test_table_is_the_default(run, expected):
    status, out, err = run(str(SEED))
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split() == list(TABLE_COLUMNS)
    assert len(lines) == len(expected) + 1
    assert "RMB 1,057.6 million" in out and "1,057,600,000" in out
    assert "<NA>" not in out and "nan" not in out
    assert "doc_id" not in lines[0]  # one document: no doc_id column


def test_table_shows_doc_id_for_several_files(run, short_file):
    status, out, _ = run(str(SEED), str(short_file), "--format", "table")
    assert status == 0
    assert out.splitlines()[0].split()[0] == "doc_id"
    assert "short_call" in out and SEED.stem in out


def test_csv_to_stdout(run, expected):
    status, out, _ = run(str(SEED), "--format", "csv")
    assert status == 0
    df = pd.read_csv(io.StringIO(out), keep_default_na=False, na_values=[""])
    assert tuple(df.columns) == COLUMNS
    assert df["value_text"].tolist() == expected["value_text"].tolist()
    assert df["start"].tolist() == expected["start"].tolist()
    assert df["value"].tolist() == expected["value"].tolist()
    assert set(df["doc_id"]) == {SEED.stem}


def test_csv_to_file(run, expected, tmp_path):
    out_path = tmp_path / "out.csv"
    status, out, _ = run(str(SEED), "-f", "csv", "-o", str(out_path))
    assert status == 0 and out == ""
    assert len(pd.read_csv(out_path)) == len(expected)


def test_json(run, expected, tmp_path):
    status, out, _ = run(str(SEED), "--format", "json")
    assert status == 0
    records = json.loads(out)
    assert len(records) == len(expected)
    assert list(records[0]) == list(COLUMNS)
    assert [r["value_text"] for r in records] == expected["value_text"].tolist()
    assert records[0]["metric"] is None or isinstance(records[0]["metric"], str)
    # -o writes the same text to a file
    out_path = tmp_path / "out.json"
    assert run(str(SEED), "-f", "json", "-o", str(out_path))[0] == 0
    assert json.loads(out_path.read_text(encoding="utf-8")) == records


def test_parquet_round_trips_the_schema(run, expected, tmp_path):
    pytest.importorskip("pyarrow")
    out_path = tmp_path / "out.parquet"
    status, out, err = run(str(SEED), "--format", "parquet", "-o", str(out_path))
    assert status == 0, err
    assert out == ""
    df = pd.read_parquet(out_path)
    assert tuple(df.columns) == COLUMNS
    assert df.dtypes.to_dict() == SCHEMA.dtypes
    pd.testing.assert_frame_equal(df, expected)


def test_parquet_needs_an_output_file(run):
    status, out, err = run(str(SEED), "--format", "parquet")
    assert status == 2
    assert out == ""
    assert "-o" in err and "Traceback" not in err


# ---------------------------------------------------------------- inputs and options
def test_stdin_dash(run):
    status, out, _ = run("-", "-f", "json", stdin=SHORT.encode("utf-8"))
    assert status == 0
    records = json.loads(out)
    assert [r["doc_id"] for r in records] == ["stdin", "stdin"]
    assert [SHORT[r["start"]:r["end"]] for r in records] == ["RMB 2.13 billion", "7.9%"]


def test_stdin_with_files(run, short_file):
    status, out, _ = run(str(short_file), "-", "-f", "csv", stdin=b"Margin was 12%.")
    assert status == 0
    df = pd.read_csv(io.StringIO(out))
    assert df["doc_id"].tolist() == ["short_call", "short_call", "stdin"]


def test_several_files_match_extract_many(run, short_file, expected):
    status, out, _ = run(str(SEED), str(short_file), "-f", "json")
    assert status == 0
    records = json.loads(out)
    many = kpi_extract.extract_many([(SEED.stem, SEED.read_bytes().decode("utf-8")), ("short_call", SHORT)])
    assert [(r["doc_id"], r["start"], r["value_text"]) for r in records] == \
        list(zip(many["doc_id"], many["start"], many["value_text"]))


def test_offsets_keep_crlf_line_endings(run, tmp_path):
    raw = "Intro line.\r\n\r\nRevenue was $5 million,\r\nup 7.9%.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw.encode("utf-8"))
    records = json.loads(run(str(path), "-f", "json")[1])
    assert [raw[r["start"]:r["end"]] for r in records] == [r["value_text"] for r in records] == ["$5 million", "7.9%"]


def test_linked_only(run, expected):
    status, out, _ = run(str(SEED), "-f", "json", "--linked-only")
    assert status == 0
    records = json.loads(out)
    assert len(records) == int(expected["metric"].notna().sum())
    assert all(r["metric"] is not None for r in records)


def test_reporting_period(run, short_file):
    status, out, _ = run(str(short_file), "-f", "json", "--reporting-period", "2022Q4")
    assert status == 0
    assert {(r["report_fiscal_year"], r["report_fiscal_period"]) for r in json.loads(out)} == {(2022, "Q4")}


@pytest.mark.parametrize("argv, expected", [
    (("--call-date", "2021-04-27"), {(2021, "Q1")}),
    (("--call-date", "2021-03-03", "--fiscal-year-end-month", "1"), {(2021, "Q4")}),
    (("--call-date", "2021-03-03", "--fiscal-year-end-month", "1", "--fiscal-year-naming", "start"), {(2020, "Q4")}),
    (("--call-date", "2021-04-27", "--reporting-period", "2022Q4"), {(2022, "Q4")}),   # the period given wins
])
def test_call_date(run, short_file, argv, expected):
    status, out, _ = run(str(short_file), "-f", "json", *argv)
    assert status == 0
    assert {(r["report_fiscal_year"], r["report_fiscal_period"]) for r in json.loads(out)} == expected


def test_bad_call_date_fails_cleanly(run, short_file):
    assert_fails_cleanly(run(str(short_file), "--call-date", "soon"), 2, "call_date must be a date")


def test_encoding_option(run, tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Café revenue was €3.2 billion.".encode("cp1252"))
    status, out, err = run(str(path), "-f", "json", "--encoding", "cp1252")
    assert status == 0, err
    assert [r["unit"] for r in json.loads(out)] == ["EUR"]


def test_no_values_is_not_an_error(run, tmp_path):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    status, out, err = run(str(path))
    assert status == 0
    assert out == ""
    assert "no values" in err
    status, out, _ = run(str(path), "-f", "csv")
    assert status == 0
    assert out.strip().split(",") == list(COLUMNS)


def test_explicit_extract_subcommand(run, short_file):
    assert "extract" in COMMANDS
    assert run("extract", str(short_file), "-f", "csv") == run(str(short_file), "-f", "csv")


def test_help_and_version(run):
    status, out, _ = run("--help")
    assert status == 0
    assert "FILE" in out and "--linked-only" in out and "extract" in out
    status, out, _ = run("--version")
    assert status == 0
    assert kpi_extract.__version__ in out


# ---------------------------------------------------------------- errors: one line, no traceback
@pytest.mark.parametrize("argv, status, message", [
    (["no/such/file.txt"], 1, "no/such/file.txt: no such file"),
    (["{tmp}"], 1, "is a directory"),
    (["{bad}"], 1, "not valid utf-8"),
    (["{short}", "--encoding", "klingon"], 2, "unknown encoding"),
    (["{short}", "--reporting-period", "someday"], 2, "reporting_period"),
    (["{short}", "--format", "xml"], 2, "invalid choice"),
    (["{short}", "--no-such-option"], 2, "unrecognized arguments"),
    (["-", "-"], 2, "only once"),
    ([], 2, "FILE"),
])
def test_errors(run, tmp_path, short_file, argv, status, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Revenue \xff\xfe was $5 million.")
    assert_fails_cleanly(run(*[a.format(tmp=tmp_path, bad=bad, short=short_file) for a in argv]), status, message)


# ---------------------------------------------------------------- as a process
def test_python_dash_m(short_file):
    done = subprocess.run([sys.executable, "-m", "kpi_extract", str(short_file), "-f", "csv"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].split(",") == list(COLUMNS)
    assert len(done.stdout.splitlines()) == 3

    missing = subprocess.run([sys.executable, "-m", "kpi_extract", str(short_file) + ".missing"],
                             capture_output=True, text=True, check=False)
    assert missing.returncode == 1
    assert missing.stderr.startswith("kpi-extract: error:")
    assert "Traceback" not in missing.stderr


def test_console_script_is_declared():
    from importlib.metadata import entry_points

    (script,) = [ep for ep in entry_points(group="console_scripts") if ep.name == "kpi-extract"]
    assert script.load() is main


def test_library_warnings_are_one_line(run, short_file):
    status, out, err = run(str(short_file), "-f", "csv")
    assert status == 0 and out
    assert "Traceback" not in err and "warnings.warn" not in err
    assert all(line.startswith("kpi-extract: warning: ") for line in err.splitlines())
    # a reporting period given on the command line leaves nothing to warn about
    assert run(str(short_file), "-f", "csv", "--reporting-period", "2022Q4")[2] == ""


@pytest.mark.parametrize("month, status", [("9", 0), ("13", 2), ("x", 2)])
def test_fiscal_year_end_month(run, short_file, month, status):
    got, _, err = run(str(short_file), "-f", "csv", "--reporting-period", "2022Q4",
                      "--fiscal-year-end-month", month)
    assert got == status, err


# ---------------------------------------------------------------- corpus
CORPUS = {
    "alpha": "Revenue was RMB 2.13 billion, up 7.9% year-over-year.\n",
    "beta": "Net income rose 12% to $3.4 million.\n\nGross margin was 41.2%.\n",
    "gamma": "Nothing to report here.\n",
}
SUMMARY = re.compile(r"^kpi-extract: (\d+) documents(?: \((\d+) failed\))?, (\d+) values, (\d+) linked, "
                     r"[\d.]+ s -> (.+)$")


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    folder = tmp_path / "calls"
    folder.mkdir()
    for stem, text in CORPUS.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    (folder / "notes.md").write_text("Revenue was $9 million.\n", encoding="utf-8")  # not a .txt: not read
    return folder


def corpus_expected() -> pd.DataFrame:
    return kpi_extract.extract_many(sorted(CORPUS.items()), progress=False)


def summary(err: str) -> tuple[int, int, int, int, str]:
    match = SUMMARY.match(err.splitlines()[-1])
    assert match, err
    docs, failed, values, linked, out = match.groups()
    return int(docs), int(failed or 0), int(values), int(linked), out


@pytest.mark.parametrize("suffix, fmt", [(".parquet", None), (".csv", None), (".out", "csv")])
def test_corpus_folder(run, corpus_dir, tmp_path, suffix, fmt):
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out_path = tmp_path / f"table{suffix}"
    status, out, err = run("corpus", str(corpus_dir), "-o", str(out_path), *(["--format", fmt] if fmt else []))
    assert status == 0, err
    assert out == ""
    expected = corpus_expected()
    if suffix == ".parquet":
        df = pd.read_parquet(out_path)
        assert df.dtypes.to_dict() == SCHEMA.dtypes
        pd.testing.assert_frame_equal(df, expected)
    else:
        df = pd.read_csv(out_path, keep_default_na=False, na_values=[""])
        assert tuple(df.columns) == COLUMNS
        assert df["value_text"].tolist() == expected["value_text"].tolist()
    assert set(df["doc_id"]) == {"alpha", "beta"}  # file stems; gamma has no values
    assert summary(err) == (3, 0, len(expected), int(expected["metric"].notna().sum()), str(out_path))


def test_corpus_glob_options_and_two_processes(run, corpus_dir, tmp_path):
    out_path = tmp_path / "t.csv"
    status, _, err = run("corpus", str(corpus_dir / "[ab]*.txt"), "-o", str(out_path), "--n-process", "2",
                         "--batch-size", "1", "--reporting-period", "2022Q4", "--no-progress")
    assert status == 0, err
    assert err.count("\n") == 1  # the summary only: no period warning, no bar
    df = pd.read_csv(out_path, keep_default_na=False, na_values=[""])
    expected = kpi_extract.extract_many([(s, CORPUS[s]) for s in ("alpha", "beta")], reporting_period="2022Q4")
    assert df["value"].tolist() == expected["value"].tolist()
    assert set(df["report_fiscal_period"]) == {"Q4"}
    assert summary(err)[:2] == (2, 0)


def test_corpus_progress_bar(run, corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setattr("kpi_extract.run.progress.interactive", lambda: True)  # as in a terminal
    _, _, err = run("corpus", str(corpus_dir), "-o", str(tmp_path / "t.csv"))
    assert "3/3" in err and "words/s" in err
    _, _, err = run("corpus", str(corpus_dir), "-o", str(tmp_path / "t.csv"), "--no-progress")
    assert "words/s" not in err


@pytest.mark.parametrize("on_error, shown", [("warn", True), ("skip", False)])
def test_corpus_leaves_out_an_unreadable_file(run, corpus_dir, tmp_path, on_error, shown):
    (corpus_dir / "bad.txt").write_bytes(b"Revenue \xff\xfe was $5 million.")
    out_path = tmp_path / "t.csv"
    status, _, err = run("corpus", str(corpus_dir), "-o", str(out_path), "--on-error", on_error)
    assert status == 0, err
    assert ("bad.txt: not valid utf-8" in err) is shown
    assert summary(err)[:2] == (4, 1)  # every file counts: 4 documents, 1 of them failed
    assert pd.read_csv(out_path)["value_text"].tolist() == corpus_expected()["value_text"].tolist()

    status, _, err = run("corpus", str(corpus_dir), "-o", str(out_path), "--on-error", "raise")
    assert status == 1
    assert "bad.txt: not valid utf-8" in err and "Traceback" not in err


@pytest.mark.parametrize("argv, status, message", [
    (["corpus", "{tmp}/nowhere", "-o", "{tmp}/t.csv"], 1, "no such folder or file"),
    (["corpus", "{tmp}/empty", "-o", "{tmp}/t.csv"], 1, "no .txt files"),
    (["corpus", "{tmp}/empty"], 2, "-o"),
    (["corpus", "{calls}", "-o", "{tmp}/t.csv", "--n-process", "0"], 2, "n_process"),
    (["corpus", "{calls}", "-o", "{tmp}/t.csv", "--format", "xml"], 2, "invalid choice"),
])
def test_corpus_errors(run, corpus_dir, tmp_path, argv, status, message):
    (tmp_path / "empty").mkdir()
    assert_fails_cleanly(run(*[a.format(tmp=tmp_path, calls=corpus_dir) for a in argv]), status, message)


@pytest.mark.parametrize("command, options", [
    ("corpus", ["PATH_OR_GLOB", "--n-process"]),
    ("guidance", ["--fiscal-year-end-month", "--history", "--by", "--company"]),
])
def test_subcommands_are_listed_and_have_help(run, command, options):
    assert command in COMMANDS
    status, out, _ = run(command, "--help")
    assert status == 0 and all(o in out for o in options)
    assert command in run("--help")[1]


@pytest.mark.parametrize("command", ["extract", "corpus"])
@pytest.mark.parametrize("company", [None, "Initech"])
def test_company_option(run, tmp_path, command, company):
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "acme.txt").write_text("Welcome to the Acme Q3 2023 earnings call.\n" + SHORT, encoding="utf-8")
    (folder / "plain.txt").write_text(SHORT, encoding="utf-8")
    out_file = tmp_path / "out.csv"
    source = [str(folder)] if command == "corpus" else sorted(str(p) for p in folder.glob("*.txt"))
    status, _, err = run(command, *source, "-o", str(out_file), "--format", "csv",
                         *(["--company", company] if company else []))
    assert status == 0, err
    got = pd.read_csv(out_file).groupby("doc_id")["company"].first().fillna("").to_dict()
    assert got == ({"acme": company, "plain": company} if company else {"acme": "Acme", "plain": ""})


# ---------------------------------------------------------------- guidance
GUIDANCE_CALLS = SEED.parent / "guidance"


def _guidance_files(prefix: str) -> list[str]:
    files = sorted(str(p) for p in GUIDANCE_CALLS.glob(f"{prefix}_*.txt"))
    return files[::-1]  # any order


@pytest.mark.parametrize("prefix, month", [("northwind", "12"), ("fabrikam", "9")])
def test_guidance_csv_equals_track_guidance(run, prefix, month):
    files = _guidance_files(prefix)
    status, out, err = run("guidance", *files, "--format", "csv", "--fiscal-year-end-month", month)
    assert status == 0, err
    docs = [(Path(f).stem, Path(f).read_bytes().decode("utf-8")) for f in files]
    want = kpi_extract.track_guidance(kpi_extract.extract_many(docs, progress=False,
                                                              fiscal_year_end_month=int(month)))
    got = pd.read_csv(io.StringIO(out))
    assert list(got.columns) == list(want.columns)
    assert got["outcome"].tolist() == want["outcome"].astype(str).tolist()
    assert got["latest_high"].tolist() == want["latest_high"].tolist()


def test_guidance_table_and_history(run, tmp_path):
    files = _guidance_files("northwind")
    status, out, err = run("guidance", *files)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["company", "metric", "segment"]  # the company read from the calls
    assert len(lines) == 1 + 11 and "narrowed" in out and "+3.1%" in out
    status, _, err = run("guidance", *files, "--history", "--format", "json", "-o", str(tmp_path / "h.json"))
    assert status == 0, err
    history = pd.read_json(tmp_path / "h.json", orient="records")
    assert {"call_rank", "final", "revision", "prior", "rule", "sentence"} <= set(history.columns)
    assert (~history["prior"]).sum() == 18 and history["prior"].sum() == 1  # Q3's "compared with our prior range"


def test_guidance_warns_about_undated_calls(run, tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text("For the full year, we expect revenue of $10 million to $12 million.\n", encoding="utf-8")
    status, out, err = run("guidance", str(undated), *_guidance_files("northwind")[:1], "--company", "Northwind")
    assert status == 0, err
    assert "warning: no reporting period for 1 call(s): undated" in err


def test_guidance_calls_with_and_without_company_fail_cleanly(run, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("For the full year, we expect revenue of $10 million to $12 million.\n", encoding="utf-8")
    assert_fails_cleanly(run("guidance", str(plain), *_guidance_files("northwind")[:1]), 1,
                         "1 call(s) name no company (plain) while the others are of Northwind Instruments")


@pytest.mark.parametrize("by", [[], ["--by", "company"]])
def test_guidance_two_companies_by_company(run, by):
    status, out, err = run("guidance", *_guidance_files("tailspin"), *_guidance_files("contoso"), "--format", "csv",
                           *by)
    assert status == 0, err
    got = pd.read_csv(io.StringIO(out))
    assert got[["company", "fiscal_period", "actual_doc_id", "outcome"]].fillna("").values.tolist() == [
        ["Tailspin Toys", "Q2", "tailspin_2023q2", "below"], ["Tailspin Toys", "Q3", "", "pending"],
        ["Contoso", "Q2", "contoso_2023q2", "within"], ["Contoso", "Q3", "", "pending"]]


def test_guidance_company_names_every_file(run):
    """--company says the files are one company's: here it mixes two on purpose."""
    status, out, err = run("guidance", *_guidance_files("contoso"), *_guidance_files("tailspin"), "--format", "csv",
                           "--company", "Contoso")
    assert status == 0, err
    got = pd.read_csv(io.StringIO(out))
    assert set(got["company"]) == {"Contoso"} and got["n_revisions"].tolist() == [1, 1]


def test_guidance_by_another_column_fails_cleanly(run):
    assert_fails_cleanly(run("guidance", *_guidance_files("contoso"), "--by", "ticker"), 1, "ticker")


@pytest.mark.parametrize("argv, status, message", [
    (["guidance", "-"], 2, "standard input"),
    (["guidance", "{tmp}/nowhere.txt"], 1, "no such file"),
    (["guidance", "{tmp}/a/call.txt", "{tmp}/b/call.txt"], 2, "same name"),
    (["guidance", "{tmp}/a/call.txt", "--tolerance", "-1"], 2, "tolerance"),
    (["guidance", "{tmp}/a/call.txt", "--format", "parquet"], 2, "-o OUT"),
    (["guidance", "{tmp}/a/call.txt", "--format", "xml"], 2, "invalid choice"),
])
def test_guidance_errors(run, tmp_path, argv, status, message):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        (tmp_path / sub / "call.txt").write_text(SHORT, encoding="utf-8")
    assert_fails_cleanly(run(*[a.format(tmp=tmp_path) for a in argv]), status, message)


def test_guidance_without_guides_says_so(run, short_file):
    status, out, err = run("guidance", str(short_file))
    assert status == 0 and out == "" and "no guidance found in 1 document(s)" in err
