"""PDF to a :class:`~kpi_extract.sources.model.SourceDocument`, with pdfplumber.

pdfplumber (MIT, on pdfminer.six) gives each page's words with their positions and finds
tables from the page's ruling lines; AGPL parsers (PyMuPDF) are avoided. Each page is read
top to bottom: the text between tables (``extract_text`` of the page cropped to the band
between them, lines kept) and each table's grid (spanned header cells filled from the
left), written through :func:`kpi_extract.sources.grid.write_table`; a table a page end
breaks (the next page opens with one as wide) is one table. A table without
ruling lines stays text. No OCR: a page without a text layer is an
:class:`~kpi_extract.errors.InputFileError` saying so; so is an encrypted PDF.
"""
from __future__ import annotations

import io
from typing import Any

from kpi_extract.errors import InputFileError
from kpi_extract.sources.extras import need
from kpi_extract.sources.grid import is_header_row, write_table
from kpi_extract.sources.model import SourceDocument, Table, TextBuilder

__all__ = ["read_pdf"]

#: how many characters of the text before a table count as its caption
_CAPTION_CHARS = 300


def _encrypted(exc: BaseException) -> bool:
    """Whether pdfminer failed on a password (its error, maybe wrapped by pdfplumber's)."""
    seen = [exc, *(a for a in exc.args if isinstance(a, BaseException)), exc.__cause__, exc.__context__]
    return any(e is not None and ("Password" in type(e).__name__ or "Encrypt" in type(e).__name__) for e in seen)


def _failed(exc: Exception, what: str) -> InputFileError:
    if _encrypted(exc):
        return InputFileError(f"{what} is encrypted (password-protected); decrypt it first")
    return InputFileError(f"{what} cannot be read as a PDF ({type(exc).__name__}: {exc})")


def _open(pdfplumber: Any, data: bytes, name: str | None) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  pdfminer raises many types for one bad file
        raise _failed(exc, name or "the PDF") from exc


def _grid(table: Any) -> list[list[str]]:
    rows = [[" ".join((c or "").split()) if c is not None else None for c in r] for r in table.extract()]
    grid: list[list[str]] = []
    for r in rows:
        filled = [c if c is not None else "" for c in r]
        if is_header_row(filled):  # a header cell spanning columns: its text in each
            for j in range(1, len(r)):
                if r[j] is None:
                    filled[j] = filled[j - 1]
        grid.append(filled)
    return grid


def _continued(before: Table, table: Table) -> Table:
    """A table broken by a page end: ``table`` (the first thing on its page, as wide as
    ``before``) joins ``before``, its repeated header rows left out."""
    heads = {tuple(c.text for c in r) for r in before.rows if r[0].header}
    rows = [r for r in table.rows if not (r[0].header and tuple(c.text for c in r) in heads)]
    return Table(before.table_id, before.rows + tuple(rows), before.caption, before.start, table.end)


def read_pdf(data: bytes, name: str | None = None) -> SourceDocument:
    """The document of a PDF file's bytes."""
    pdfplumber = need("pdfplumber", "PDF")
    what = name or "the PDF"
    builder, tables = TextBuilder(), []
    recent = ""
    pdf = _open(pdfplumber, data, name)
    try:
        pages = list(pdf.pages)
        chars = 0
        for page in pages:
            found = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            top = 0.0
            for band in [*found, None]:
                bottom = band.bbox[1] if band is not None else page.height
                if bottom > top:
                    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
                    chars += len(text.strip())
                    for para in text.split("\n"):
                        if builder.block(para) is not None:
                            recent = (recent + " " + para)[-_CAPTION_CHARS:]
                if band is None:
                    break
                table = write_table(builder, _grid(band), f"table-{len(tables) + 1}", recent)
                if table is not None:
                    chars += sum(len(c.text) for r in table.rows for c in r)
                    if tables and not recent and tables[-1].n_columns == table.n_columns:
                        table = _continued(tables.pop(), table)
                    tables.append(table)
                    recent = ""
                top = band.bbox[3]
    except InputFileError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise _failed(exc, what) from exc
    finally:
        pdf.close()
    if pages and not chars:
        raise InputFileError(f"{what} has no text layer (a scanned document?): kpi_extract does no OCR; "
                             "run it through an OCR tool (ocrmypdf) first")
    tables_t: tuple[Table, ...] = tuple(tables)
    return SourceDocument(builder.text(), "pdf", name, tuple(builder.paragraphs), (), tables_t)
