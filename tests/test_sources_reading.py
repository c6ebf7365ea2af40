"""kpi_extract.read and the table rules: kinds, bad input, headers, captions, cells, the CLI."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import pytest

import kpi_extract
from kpi_extract.cli import main
from kpi_extract.errors import ConfigError, InputFileError, InputTypeError, MissingDependencyError, PeriodWarning
from kpi_extract.sources.headers import caption_currency, caption_scale, column_header, implied_fye_month, resolve_period
from kpi_extract.sources.table_rows import cell_number

RELEASES = Path(__file__).resolve().parents[1] / "fixtures" / "releases"


def _pdf(encrypt: bool = False) -> bytes:
    """A one-page PDF that draws a rectangle and no text (a scan has no text layer either);
    with ``encrypt``, a standard security handler no empty password opens."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            b"<< /Length 30 >>\nstream\n0 0 1 rg 10 10 100 100 re f\nendstream"]
    if encrypt:
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>")
    out, offsets = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objs) + 1)
    if encrypt:
        trailer += b" /Encrypt 5 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">]"
    return out + b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref


# ------------------------------------------------------------------ reading
@pytest.mark.parametrize("source, kind", [
    ("Revenue was $5 million.", "text"),
    (b"Revenue was $5 million.", "text"),
    ("<html><body><p>Revenue was $5 million.</p></body></html>", "html"),
    (b"<!DOCTYPE html><p>Revenue was $5 million.</p>", "html"),
    (RELEASES / "northwind_fy23q3_release.html", "html"),
    (str(RELEASES / "northwind_fy23q3_release.pdf"), "pdf"),
    (RELEASES / "northwind_fy23q3_release.pdf", "pdf"),
])
def test_kind_from_suffix_or_content(source, kind):
    assert kpi_extract.read(source).kind == kind


def test_kind_overrides_content():
    doc = kpi_extract.read("<p>Revenue was $5 million.</p>", kind="text")
    assert doc.kind == "text" and doc.text.startswith("<p>")


def test_paths_name_the_document():
    assert kpi_extract.read(RELEASES / "northwind_fy23q3_call.html").name == "northwind_fy23q3_call"


@pytest.mark.parametrize("call, error, message", [
    (lambda: kpi_extract.read(_pdf()), InputFileError, "no text layer"),
    (lambda: kpi_extract.read(_pdf(encrypt=True)), InputFileError, "encrypted"),
    (lambda: kpi_extract.read(b"%PDF-1.4 garbage"), InputFileError, "cannot be read as a PDF"),
    (lambda: kpi_extract.read(Path("/nonexistent/release.html")), InputFileError, "cannot read"),
    (lambda: kpi_extract.read("missing_release.pdf"), InputFileError, "cannot read"),
    (lambda: kpi_extract.read(5), InputTypeError, "takes a path, bytes or a str"),
    (lambda: kpi_extract.read("x", kind="docx"), ConfigError, "kind must be one of"),
    (lambda: kpi_extract.read("%PDF-1.4", kind="pdf"), InputTypeError, "bytes or a path"),
    (lambda: kpi_extract.read(b"\xff\xfe bad", kind="text"), InputFileError, "not UTF-8"),
])
def test_bad_input_is_a_clear_error(call, error, message):
    with pytest.raises(error, match=message):
        call()


@pytest.mark.filterwarnings("ignore::kpi_extract.errors.PeriodWarning")
@pytest.mark.parametrize("markup", [
    "<p>Revenue <b>was</p></b> $5 million</div></span><table><tr><td>x",
    "<table><tr><td colspan='abc'>Revenue<td rowspan='-3'>5</tr></table></table>",
    "<html><body></body>",
    "",
    "<<<>>>",
    "<table></table><p>\x00</p>",
])
def test_malformed_html_is_read_best_effort(markup):
    doc = kpi_extract.read(markup, kind="html")
    df = kpi_extract.extract(doc)
    assert [doc.text[s:e] for s, e in zip(df["start"], df["end"])] == df["value_text"].tolist()


def test_malformed_html_keeps_its_values():
    doc = kpi_extract.read("<p>Revenue was $5 million<div>and cost was $2 million</span>", kind="html")
    assert kpi_extract.extract(doc, reporting_period="2023Q1")["value_text"].tolist() == ["$5 million", "$2 million"]


@pytest.mark.parametrize("module, source, what", [
    ("lxml.html", "<p>Revenue was $5 million.</p>", "HTML needs lxml"),
    ("pdfplumber", RELEASES / "northwind_fy23q3_release.pdf", "PDF needs pdfplumber"),
])
def test_missing_extra_names_itself(monkeypatch, module, source, what):
    monkeypatch.setitem(sys.modules, module, None)  # as if not installed: importing it raises ImportError
    with pytest.raises(MissingDependencyError, match=what + r".*kpi_extract\[documents\]"):
        kpi_extract.read(source)
    assert kpi_extract.read("Revenue was $5 million.").kind == "text"  # plain text needs no extra


def test_prose_blanks_tables_and_keeps_offsets():
    doc = kpi_extract.read(RELEASES / "northwind_fy23q3_release.html")
    assert len(doc.prose) == len(doc.text)
    t = doc.tables[0]
    assert doc.prose[t.start:t.end].strip() == "" and doc.text[t.start:t.end].strip() != ""


# ------------------------------------------------------------------ headers, captions, cells
@pytest.mark.parametrize("header, fye, period", [
    ("Three Months Ended March 31, 2023", 6, (2023, "Q3")),
    ("Three Months Ended March 31, 2023", 12, (2023, "Q1")),
    ("Nine Months Ended March 31, 2023", 6, (2023, "9M")),
    ("Six Months Ended December 31, 2022", 6, (2023, "H1")),
    ("Twelve Months Ended June 30, 2023", 6, (2023, "FY")),
    ("Year Ended December 31, 2022", 12, (2022, "FY")),
    ("Q3 FY23", 6, (2023, "Q3")),
    ("3Q22", 12, (2022, "Q3")),
    ("Third Quarter 2023", 12, (2023, "Q3")),
    ("Fiscal 2023", 6, (2023, "FY")),
    ("June 30, 2023", 6, (2023, "Q4")),
    ("2023", 12, (None, None)),
    ("Three Months Ended March 31,", 12, (None, None)),
    ("", 12, (None, None)),
    ("Nine Months Ended June 30, 2023", 6, (None, None)),
])
def test_column_period(header, fye, period):
    assert resolve_period(column_header(header), fye) == period


@pytest.mark.parametrize("headers, month", [
    (["Nine Months Ended March 31, 2023"], 6),
    (["Six Months Ended December 31, 2022"], 6),
    (["Twelve Months Ended September 30, 2023"], 9),
    (["Three Months Ended March 31, 2023"], None),
    (["2023", "2022"], None),
])
def test_fiscal_year_end_from_headers(headers, month):
    assert implied_fye_month([column_header(h) for h in headers]) == month


@pytest.mark.parametrize("header, change, percent", [
    ("Three Months Ended March 31, % Change", True, True),
    ("Y/Y", True, False),
    ("Three Months Ended March 31, 2023", False, False),
])
def test_change_columns(header, change, percent):
    h = column_header(header)
    assert (h.change, h.percent) == (change, percent)


@pytest.mark.parametrize("caption, scale, currency", [
    ("(Unaudited; in millions, except per share data)", 1e6, None),
    ("(in thousands)", 1e3, None),
    ("($ in millions)", 1e6, "USD"),
    ("Revenue was $2.1 billion. Segment Results (In millions of euros)", 1e6, "EUR"),
    ("Segment Results", 1.0, None),
])
def test_caption_scale_and_currency(caption, scale, currency):
    assert (caption_scale(caption), caption_currency(caption)) == (scale, currency)


@pytest.mark.parametrize("cell, number", [
    ("$ 2,131", 2131), ("(12)", -12), ("$ (1.25)", -1.25), ("-7.5", -7.5), ("8 %", 8), ("1,130,402", 1130402),
    ("—", None), ("–", None), ("-", None), ("n/m", None), ("NM", None), ("", None), ("2023 and 2022", None),
])
def test_cell_number(cell, number):
    got = cell_number(cell)
    assert (None if got is None else float(got)) == number


def test_header_without_period_gives_na_rows_and_a_warning():
    html = ("<p>(in millions)</p><table><tr><th></th><th>Actual</th><th>Plan</th></tr>"
            "<tr><td>Revenue</td><td>$ 2,131</td><td>$ 2,000</td></tr></table>")
    with pytest.warns(PeriodWarning, match="no period in the header"):
        df = kpi_extract.extract(kpi_extract.read(html), reporting_period="2023Q3")
    table = df[df["source"] == "table"]
    assert table["value"].tolist() == [2.131e9, 2.0e9]
    assert table["fiscal_year"].isna().all() and table["fiscal_period"].isna().all()


def test_a_header_with_periods_gives_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PeriodWarning)
        kpi_extract.extract(RELEASES / "northwind_fy23q3_release.html")


# ------------------------------------------------------------------ the command line
def test_cli_reads_html_and_pdf(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    assert main(["extract", str(RELEASES / "northwind_fy23q3_release.pdf"),
                 str(RELEASES / "northwind_fy23q3_call.html"), "-o", str(out)]) == 0
    import pandas as pd
    df = pd.read_csv(out)
    assert set(df["source"]) == {"text", "table"} and df["doc_id"].nunique() == 2


def test_cli_corpus_takes_html_and_pdf(tmp_path, capsys):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "call.html").write_bytes((RELEASES / "northwind_fy23q3_call.html").read_bytes())
    (folder / "release.pdf").write_bytes((RELEASES / "northwind_fy23q3_release.pdf").read_bytes())
    (folder / "scan.pdf").write_bytes(_pdf())
    out = tmp_path / "rows.csv"
    assert main(["corpus", str(folder), "-o", str(out), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "scan.pdf" in err and "no text layer" in err and "(1 failed)" in err
    import pandas as pd
    assert set(pd.read_csv(out)["doc_id"]) == {"call", "release"}
