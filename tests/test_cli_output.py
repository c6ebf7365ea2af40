"""Where ``kpi-extract`` writes, through the command line: the format from the output's
suffix, ``-`` as standard input / output, atomic output files, unwritable outputs, JSON
that is JSON, ``--quiet``, warnings in option words, the corpus summary's counts and the
guidance table's formatted values."""
from __future__ import annotations

import io
import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import kpi_extract
from kpi_extract import COLUMNS
from kpi_extract.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "kingsoft_cloud_2022q4.txt"
NORTHWIND = sorted(str(p) for p in (ROOT / "fixtures" / "guidance").glob("northwind_*.txt"))
SHORT = "Revenue was RMB 2.13 billion, up 7.9% year-over-year.\n"
OLD = "old output\n"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """``run(*argv, stdin=None) -> (status, stdout, stderr)`` in ``tmp_path``; standard input
    a terminal unless ``stdin`` gives the bytes piped in."""
    monkeypatch.chdir(tmp_path)

    def _run(*argv: str, stdin: bytes | None = None):
        monkeypatch.setattr(sys, "stdin", Terminal() if stdin is None
                            else io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        status = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return status, out, err
    return _run


@pytest.fixture
def short(tmp_path) -> Path:
    path = tmp_path / "short_call.txt"
    path.write_text(SHORT, encoding="utf-8")
    return path


@pytest.fixture
def calls(tmp_path) -> Path:
    """A corpus folder of two undated calls."""
    folder = tmp_path / "calls"
    folder.mkdir()
    (folder / "a.txt").write_text(SHORT, encoding="utf-8")
    (folder / "b.txt").write_text("Gross margin was 41.2%.\n", encoding="utf-8")
    return folder


def read_table(path: Path, fmt: str) -> pd.DataFrame:
    if fmt == "csv":
        return pd.read_csv(path)
    if fmt == "parquet":
        return pd.read_parquet(path)
    text = path.read_text(encoding="utf-8")
    rows = json.loads(text) if fmt == "json" else [json.loads(line) for line in text.splitlines()]
    return pd.DataFrame(rows)


def strict_json(text: str):
    """``json.loads`` refusing ``NaN`` / ``Infinity`` (no JSON)."""
    def bad(word):
        raise ValueError(f"not JSON: {word}")
    return json.loads(text, parse_constant=bad)


# ---------------------------------------------------------------- the format from the suffix
@pytest.mark.parametrize("command, name, fmt", [
    ("extract", "out.csv", "csv"),
    ("extract", "out.json", "json"),
    ("extract", "out.JSONL", "jsonl"),
    ("extract", "out.parquet", "parquet"),
    ("corpus", "c.json", "json"),
    ("corpus", "c.jsonl", "jsonl"),
    ("corpus", "c.csv", "csv"),
    ("guidance", "g.csv", "csv"),
    ("guidance", "g.jsonl", "jsonl"),
    ("guidance", "g.parquet", "parquet"),
])
def test_format_from_the_suffix(run, tmp_path, short, calls, command, name, fmt):
    out = tmp_path / name
    source = {"extract": [short], "corpus": [calls], "guidance": NORTHWIND}[command]
    status, stdout, err = run(command, *source, "-o", out)
    assert status == 0, err
    assert stdout == ""
    got = read_table(out, fmt)
    if command == "guidance":
        assert "outcome" in got.columns and len(got) == 11
    else:
        assert list(got.columns) == list(COLUMNS)
        assert "RMB 2.13 billion" in got["value_text"].tolist()


@pytest.mark.parametrize("command, name, given", [
    ("extract", "out.csv", "json"),
    ("extract", "out.json", "table"),
    ("corpus", "c.parquet", "csv"),
    ("guidance", "g.json", "csv"),
])
def test_a_suffix_against_format_is_a_usage_error(run, tmp_path, short, calls, command, name, given):
    source = {"extract": [short], "corpus": [calls], "guidance": NORTHWIND}[command]
    status, out, err = run(command, *source, "-o", tmp_path / name, "--format", given)
    assert status == 2 and out == ""
    assert "does not match" in err and "Traceback" not in err
    assert not (tmp_path / name).exists()


@pytest.mark.parametrize("name, fmt, expect", [
    ("out.txt", None, "table"),      # an unknown suffix: the default
    ("out.txt", "csv", "csv"),       # ... or --format
    ("out.csv", "csv", "csv"),       # a suffix that agrees
])
def test_unknown_suffix_takes_the_format_or_the_default(run, tmp_path, short, name, fmt, expect):
    out = tmp_path / name
    status, _, err = run(short, "-o", out, *(["-f", fmt] if fmt else []))
    assert status == 0, err
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert (first.split(",") == list(COLUMNS)) is (expect == "csv")


# ---------------------------------------------------------------- "-" and standard input
@pytest.mark.parametrize("argv", [["-o", "-", "-f", "csv"], ["-f", "csv"]])
def test_dash_output_is_standard_output(run, tmp_path, short, argv):
    status, out, err = run(short, *argv)
    assert status == 0, err
    assert out.splitlines()[0].split(",") == list(COLUMNS)
    assert not (tmp_path / "-").exists()


def test_corpus_dash_output_writes_csv_to_standard_output(run, tmp_path, calls):
    status, out, err = run("corpus", calls, "-o", "-", "--no-progress")
    assert status == 0, err
    assert pd.read_csv(io.StringIO(out))["doc_id"].tolist() == ["a", "a", "b"]
    assert err.rstrip().endswith("-> standard output")
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("argv", [[], ["-"]])
def test_piped_text_is_read_without_dash(run, argv):
    status, out, err = run(*argv, "-f", "jsonl", stdin=SHORT.encode("utf-8"))
    assert status == 0, err
    rows = [strict_json(line) for line in out.splitlines()]
    assert [(r["doc_id"], r["value_text"]) for r in rows] == [("stdin", "RMB 2.13 billion"), ("stdin", "7.9%")]


def test_no_file_at_a_terminal_is_a_usage_error(run):
    status, out, err = run("-f", "csv")
    assert status == 2 and out == ""
    assert "no FILE given" in err and "Traceback" not in err


# ---------------------------------------------------------------- unwritable outputs
@pytest.mark.parametrize("command", ["extract", "corpus", "guidance"])
@pytest.mark.parametrize("target, message", [
    ("missing/out.csv", "no such folder"),
    ("folder", "is a directory"),
    ("plain.txt/out.csv", "is not a folder"),
])
def test_unwritable_output_is_one_line(run, tmp_path, short, calls, command, target, message):
    (tmp_path / "folder").mkdir()
    (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    source = {"extract": [short], "corpus": [calls], "guidance": NORTHWIND}[command]
    status, out, err = run(command, *source, "-o", tmp_path / target, "-f", "csv")
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("kpi-extract: error:")


# ---------------------------------------------------------------- atomic replacement
@pytest.mark.parametrize("command, name", [
    ("extract", "out.csv"),
    ("extract", "out.json"),
    ("corpus", "out.csv"),
    ("corpus", "out.parquet"),
    ("guidance", "out.csv"),
])
def test_a_failed_write_keeps_the_old_output(tmp_path, calls, command, name):
    """The file size limit (``ulimit -f``) stands in for a full disk: the write fails
    half-way, the old output stays whole and no temporary file is left."""
    out = tmp_path / name
    out.write_text(OLD, encoding="utf-8")
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "seed.txt").write_bytes(SEED.read_bytes())
    source = {"extract": [str(SEED)], "corpus": [str(seeds)], "guidance": NORTHWIND}[command]
    limit = 2048  # bytes: far less than any of these tables

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-m", "kpi_extract", command, *source, "-o", str(out), "--quiet"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, preexec_fn=small_files,
                          check=False)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"kpi-extract: error: {out}: cannot write") and "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["calls", "seeds", name])


def test_an_existing_output_is_replaced_with_its_permissions(run, tmp_path, short):
    out = tmp_path / "out.csv"
    out.write_text(OLD, encoding="utf-8")
    out.chmod(0o640)
    status, _, err = run(short, "-o", out)
    assert status == 0, err
    assert out.read_text(encoding="utf-8").splitlines()[0].split(",") == list(COLUMNS)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


# ---------------------------------------------------------------- JSON is JSON
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_has_null_for_every_missing_value(run, fmt):
    status, out, err = run(str(SEED), "-f", fmt)
    assert status == 0, err
    rows = strict_json(out) if fmt == "json" else [strict_json(line) for line in out.splitlines()]
    expected = kpi_extract.extract(SEED.read_bytes().decode("utf-8"), doc_id=SEED.stem)
    assert len(rows) == len(expected)
    for col in ("comparison", "metric", "segment", "fiscal_year"):  # category, string and Int64 columns
        assert [r[col] is None for r in rows] == expected[col].isna().tolist()
    assert [r["value"] for r in rows] == expected["value"].tolist()  # every digit kept


# ---------------------------------------------------------------- messages
def test_warnings_speak_in_options(run, calls):
    status, _, err = run("corpus", calls, "-o", "t.csv", "--no-progress")
    assert status == 0, err
    (warning,) = [line for line in err.splitlines() if "warning" in line]
    assert "--reporting-period 2022Q4" in warning and "--call-date" in warning
    assert "reporting_period" not in warning and "call_date" not in warning


def test_corpus_names_undated_documents_in_one_warning(run, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(8):
        (folder / f"call{i}.txt").write_text(SHORT, encoding="utf-8")
    for n_process in ("1", "2"):
        status, _, err = run("corpus", folder, "-o", "t.csv", "--no-progress", "-n", n_process)
        assert status == 0, err
        warnings = [line for line in err.splitlines() if "warning" in line]
        assert len(warnings) == 1 and "call0, call1, call2, call3, call4 and 3 more" in warnings[0]


@pytest.mark.parametrize("argv", [
    ["corpus", "{calls}", "-o", "t.csv"],
    ["{short}", "-f", "csv"],
    ["{empty}"],
])
def test_quiet_prints_nothing_but_the_output(run, tmp_path, short, calls, argv, monkeypatch):
    monkeypatch.setattr("kpi_extract.run.progress.interactive", lambda: True)  # a bar would show
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    argv = [a.format(calls=calls, short=short, empty=tmp_path / "empty.txt") for a in argv]
    loud = run(*argv)
    assert loud[0] == 0 and loud[2] != ""
    status, out, err = run(*argv, "--quiet")
    assert status == 0 and err == ""
    assert out == loud[1]


def test_quiet_keeps_errors(run, tmp_path):
    status, _, err = run(tmp_path / "nowhere.txt", "--quiet")
    assert status == 1 and "no such file" in err


def test_guidance_table_shows_formatted_values(run):
    status, out, err = run("guidance", *NORTHWIND)
    assert status == 0, err
    docs = [(Path(f).stem, Path(f).read_bytes().decode("utf-8")) for f in NORTHWIND]
    want = kpi_extract.track_guidance(kpi_extract.extract_many(docs, progress=False))
    fy = want[want["fiscal_period"] == "FY"].iloc[0]
    for col in ("first_low", "latest_high", "actual"):
        assert kpi_extract.format_value(fy[col], fy["unit"]) in out   # "$1.60bn"
        assert f"{fy[col]:,.15g}" not in out                          # not "1,600,000,000"
