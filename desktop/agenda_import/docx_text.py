"""A Word concept note (.docx) as numbered lines for the concept-note reader.

Paragraphs and tables in document order (python-docx). A table row whose first
cell holds only the times (the usual two-column agenda) becomes one slot line,
"09:00-10:30<TAB>first paragraph of the next cell", followed by the rest of the
row's paragraphs; any other row gives its cells' paragraphs, one a line.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from desktop.agenda_import.limits import DEFAULT_LIMITS, ImportLimits, check_package
from desktop.agenda_import.model import UnreadableFile
from desktop.agenda_import.words import NotAClock, parse_time_range


def docx_lines(
    data: bytes, name: str = "the file", limits: ImportLimits = DEFAULT_LIMITS
) -> list[str]:
    """The document's text, a paragraph a line; UnreadableFile if it is not a .docx."""
    check_package(data, name, limits)
    try:
        document = Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
        raise UnreadableFile(f"{name} is not a Word document (.docx): {error}.") from None
    except Exception as error:  # lxml and python-docx raise many kinds on a damaged package
        raise UnreadableFile(
            f"{name} is a damaged Word document ({type(error).__name__})."
        ) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.extend(block.text.split("\n"))
        else:
            lines.extend(_table_lines(block))
    return lines


def _table_lines(table: Table) -> list[str]:
    lines: list[str] = []
    seen: set[object] = set()  # merged cells come back once per grid column and row
    for row in table.rows:
        cells: list[list[str]] = []
        for cell in row.cells:
            if cell._tc in seen:
                continue
            seen.add(cell._tc)
            texts = [t for p in cell.paragraphs for t in p.text.split("\n") if t.strip()]
            texts.extend(line for inner in cell.tables for line in _table_lines(inner))
            if texts:
                cells.append(texts)
        if len(cells) >= 2 and len(cells[0]) == 1 and _is_times(cells[0][0]):
            first, *rest = cells[1]
            lines.append(f"{cells[0][0].strip()}\t{first}")
            lines.extend(rest)
            cells = cells[2:]
        lines.extend(text for texts in cells for text in texts)
        lines.append("")
    return lines


def _is_times(text: str) -> bool:
    try:
        return parse_time_range(text) is not None
    except NotAClock:
        return True  # the concept-note reader reports the bad time with its line
