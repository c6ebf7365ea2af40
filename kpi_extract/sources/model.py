"""The document object of :func:`kpi_extract.read`: plain text with its structure.

Every part (paragraph, heading, table cell) is a span ``(start, end)`` of one plain text,
``SourceDocument.text``, so a row read from any part has offsets into that text:
``doc.text[start:end] == value_text``. :class:`TextBuilder` is how the readers (HTML, PDF)
write that text, one block at a time.
"""
from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Cell", "Table", "SourceDocument", "TextBuilder", "KINDS"]

#: the kinds of document :func:`kpi_extract.read` takes
KINDS = ("text", "html", "pdf")


@dataclass(frozen=True)
class Cell:
    """One table cell: its text as shown (``""`` for an empty cell) and its span in the
    document's text (``start == end`` for an empty one); ``header`` for a ``<th>`` cell."""

    text: str
    start: int
    end: int
    header: bool = False


@dataclass(frozen=True)
class Table:
    """A table: ``rows`` of cells (spanned cells repeated, so every row has one cell per
    column), the ``caption`` read from the table or the text just before it, and the span
    the table covers in the document's text."""

    table_id: str
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    start: int = 0
    end: int = 0

    @property
    def n_columns(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass(frozen=True)
class SourceDocument:
    """A read document: ``text`` (plain, what every offset points into), its ``kind``
    (``text``, ``html`` or ``pdf``), ``name`` (the file's stem, else ``None``), the spans of
    its ``paragraphs`` and ``headings``, its ``tables``, and ``warnings`` met while
    reading (malformed markup read on a best-effort basis)."""

    text: str
    kind: str = "text"
    name: str | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()
    headings: tuple[tuple[int, int], ...] = ()
    tables: tuple[Table, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def prose(self) -> str:
        """``text`` with every table blanked out (each character but line breaks a space):
        what the sentence pipeline reads, so that a table's numbers become table rows once,
        not text rows too, and every offset stays that of ``text``."""
        if not self.tables:
            return self.text
        parts, pos = [], 0
        for t in sorted(self.tables, key=lambda t: t.start):
            parts.append(self.text[pos:t.start])
            parts.append("".join(c if c == "\n" else " " for c in self.text[t.start:t.end]))
            pos = t.end
        parts.append(self.text[pos:])
        return "".join(parts)

    def __repr__(self) -> str:
        return (f"SourceDocument(kind={self.kind!r}, name={self.name!r}, chars={len(self.text)}, "
                f"paragraphs={len(self.paragraphs)}, headings={len(self.headings)}, tables={len(self.tables)})")


@dataclass
class TextBuilder:
    """Writes a document's plain text block by block and records where each block went."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    headings: list[tuple[int, int]] = field(default_factory=list)

    def write(self, s: str) -> tuple[int, int]:
        """Append ``s`` as it is; its span."""
        start = self.length
        self.parts.append(s)
        self.length += len(s)
        return start, self.length

    def block(self, s: str, *, heading: bool = False) -> tuple[int, int] | None:
        """One paragraph (or heading) on lines of its own, its white space runs collapsed
        (line breaks kept); its span, ``None`` when it is blank."""
        lines = [" ".join(line.split()) for line in s.splitlines()]
        s = "\n".join(line for line in lines if line)
        if not s:
            return None
        self.newline()
        span = self.write(s)
        self.write("\n")
        (self.headings if heading else self.paragraphs).append(span)
        return span

    def newline(self) -> None:
        """A line break unless the text is empty or already ends in one."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self.write("\n")

    def row(self, cells: list[str]) -> list[tuple[int, int]]:
        """One table row on a line of its own, cells joined by tabs; each cell's span."""
        self.newline()
        spans = []
        for i, c in enumerate(cells):
            if i:
                self.write("\t")
            spans.append(self.write(" ".join(c.split())))
        self.write("\n")
        return spans

    def text(self) -> str:
        return "".join(self.parts)
