"""Documents as users hold them: plain text, HTML pages and PDFs (:func:`read`), their
tables read into rows of the output contract (``source`` = ``table``).

Requires for HTML and PDF the extra ``kpi_extract[documents]`` (lxml, pdfplumber). Gives a
:class:`SourceDocument` whose ``text`` every offset points into; :func:`kpi_extract.extract`
and :func:`kpi_extract.extract_many` take one (or a ``pathlib.Path``) as they take a text.
"""
from __future__ import annotations

from kpi_extract.sources.model import Cell, SourceDocument, Table
from kpi_extract.sources.reading import as_source, read

__all__ = ["read", "as_source", "SourceDocument", "Table", "Cell"]
