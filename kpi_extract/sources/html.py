"""HTML to a :class:`~kpi_extract.sources.model.SourceDocument`, with lxml.

lxml's HTML parser (libxml2) is fast, well kept and forgiving: malformed markup (unclosed
tags, stray end tags) is repaired as browsers do, so a broken page is read on a
best-effort basis, never a crash. Block elements (``p``, ``div``, ``li``, headings, ``br``)
end a line, so a speaker's name in markup of its own (``<p class="speaker">Jane Doe --
Chief Financial Officer</p>``, ``<h2>Question-and-Answer Session</h2>``) stands on a line
of its own, where :func:`kpi_extract.document.speakers.read_speakers` reads turns and
sections. Tables become tab-separated rows (:func:`kpi_extract.sources.grid.write_table`);
their caption is the ``<caption>`` and the short blocks just before the table.
"""
from __future__ import annotations

from typing import Any

from kpi_extract.sources.extras import need
from kpi_extract.sources.grid import write_table
from kpi_extract.sources.model import SourceDocument, Table, TextBuilder

__all__ = ["read_html"]

_SKIP = {"script", "style", "head", "noscript", "template", "svg", "iframe", "object"}
_BLOCK = {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "li", "ul", "ol", "dl",
          "dt", "dd", "blockquote", "pre", "address", "figure", "figcaption", "form", "fieldset", "hr", "br",
          "center", "body", "html"}
_HEADING = {"h1", "h2", "h3", "h4", "h5", "h6"}
#: how many characters of the blocks before a table count as its caption
_CAPTION_CHARS = 300


class _Walker:
    def __init__(self) -> None:
        self.builder = TextBuilder()
        self.buffer: list[str] = []
        self.recent: list[str] = []  # the blocks written since the last table
        self.tables: list[Table] = []

    def flush(self, heading: bool = False) -> None:
        text = "".join(self.buffer)
        self.buffer = []
        if self.builder.block(text, heading=heading) is not None:
            self.recent.append(" ".join(text.split()))

    def walk(self, el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # a comment or processing instruction: only its tail is text
            self.buffer.append(el.tail or "")
            return
        tag = tag.lower()
        if tag in _SKIP:
            self.buffer.append(el.tail or "")
            return
        if tag == "table":
            self.flush()
            self.table(el)
        else:
            block = tag in _BLOCK or tag in _HEADING or "speaker" in (el.get("class") or "").lower()
            if block:
                self.flush()
            self.buffer.append(el.text or "")
            for child in el:
                self.walk(child)
            if block:
                self.flush(heading=tag in _HEADING)
        self.buffer.append(el.tail or "")

    def table(self, el: Any) -> None:
        grid: list[list[str]] = []
        caption = " ".join(c.text_content() for c in el.iter("caption"))
        pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text) of a rowspan
        for tr in el.iter("tr"):
            row: list[str] = []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                while len(row) in pending:
                    row.append(self._take(pending, len(row)))
                text = " ".join(cell.text_content().split())
                span = _int(cell.get("colspan"))
                for _ in range(span):
                    if _int(cell.get("rowspan")) > 1:
                        pending[len(row)] = (_int(cell.get("rowspan")) - 1, text)
                    row.append(text)
            while len(row) in pending:
                row.append(self._take(pending, len(row)))
            grid.append(row)
        before = " ".join(self.recent)[-_CAPTION_CHARS:]
        table = write_table(self.builder, grid, f"table-{len(self.tables) + 1}", f"{before} {caption}")
        if table is not None:
            self.tables.append(table)
            self.recent = []

    @staticmethod
    def _take(pending: dict[int, tuple[int, str]], col: int) -> str:
        left, text = pending.pop(col)
        if left > 1:
            pending[col] = (left - 1, text)
        return text


def _int(value: Any) -> int:
    try:
        return max(1, min(int(value), 100))
    except (TypeError, ValueError):
        return 1


def read_html(markup: str | bytes, name: str | None = None) -> SourceDocument:
    """The document of an HTML page (a str, or bytes whose encoding the page declares)."""
    html = need("lxml.html", "HTML")
    warnings: list[str] = []
    if isinstance(markup, str):
        markup = markup.encode("utf-8")
        parser = html.HTMLParser(encoding="utf-8")
    else:
        parser = html.HTMLParser()
    try:
        root = html.document_fromstring(markup, parser=parser) if markup.strip() else None
    except Exception as exc:  # lxml's ParserError on a page with no element at all  # noqa: BLE001
        warnings.append(f"no HTML element could be read ({exc}); the document is empty")
        root = None
    walker = _Walker()
    if root is not None:
        walker.walk(root)
        walker.flush()
    b = walker.builder
    return SourceDocument(b.text(), "html", name, tuple(b.paragraphs), tuple(b.headings), tuple(walker.tables),
                          tuple(warnings))
