"""DOCX in the manner of an OSCE journal, built on Word's own styles.

Title, Heading 1/2, Subtitle, Caption and the "Light Grid Accent 1" table style
come from Word's built-in set, so a secretariat can restyle the whole document
from the Styles pane and keep editing it; direct formatting is kept to bold
labels. Table rows are written as XML text and parsed at once: python-docx's
element-by-element building is too slow for 2,000 interventions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from docx.table import Table
from docx.text.paragraph import Paragraph

from db.meeting.record_rows import RecordReport, SlotRecord
from desktop.domain.record_stats import RecordStatistics, Share, charts
from desktop.record_export import journal_text as words
from desktop.record_export.chart_images import chart_png

TABLE_STYLE = "Light Grid Accent 1"
# Column widths of the interventions table (cm, 17 cm of text width on A4).
WIDTHS = (1.0, 2.2, 3.0, 3.0, 2.2, 1.6, 6.0)


def docx_bytes(
    report: RecordReport,
    stats: RecordStatistics,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    document = Document()
    _page(document)
    document.core_properties.title = report.conference
    document.core_properties.subject = words.record_kind(report)
    _paragraph(document, report.conference, "Title")
    _paragraph(document, words.record_kind(report), "Subtitle")
    document.add_paragraph(words.conference_line(report))
    for slot in report.slots:
        if slot.interventions or slot.summary or slot.kind.has_speakers:
            _slot(document, report, slot)
    if progress:
        progress(2, 4)
    _statistics(document, stats)
    if not report.public and report.review_items:
        _review_items(document, report)
    if progress:
        progress(3, 4)
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def _page(document: DocumentType) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2))
    section.top_margin = section.bottom_margin = Cm(2)


def _slot(document: DocumentType, report: RecordReport, slot: SlotRecord) -> None:
    _paragraph(document, slot.title, "Heading 1")
    _paragraph(document, words.slot_when(slot, report.time_zone), "Subtitle")
    for label, text in words.slot_people(slot):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(text)
    _paragraph(document, "Summary", "Heading 2")
    for part in (slot.summary or "No summary has been written.").split("\n\n"):
        _paragraph(document, part.strip(), "Quote" if slot.summary else None)
    _paragraph(document, "Interventions", "Heading 2")
    if not slot.interventions:
        document.add_paragraph("Nobody took the floor.")
        return
    rows = [words.table_row(i, report.time_zone) for i in slot.interventions]
    _table(document, words.INTERVENTION_COLUMNS, rows, WIDTHS)


def _statistics(document: DocumentType, stats: RecordStatistics) -> None:
    _paragraph(document, "Statistics", "Heading 1")
    total = words.format_minutes(stats.speaking_s)
    document.add_paragraph(f"{stats.interventions} interventions, {total} of speaking time.")
    for number, spec in enumerate(charts(stats), 1):
        document.add_picture(io.BytesIO(chart_png(spec)), width=Cm(16))
        _paragraph(document, f"Figure {number}. {spec.title}", "Caption")
    _paragraph(document, "Order of speakers", "Heading 2")
    for slot, names in words.speaking_order(stats.order):
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{slot}: ").bold = True
        paragraph.add_run(names)
    _paragraph(document, "Participation by group", "Heading 2")
    _shares(document, "Group", stats.per_group)
    _paragraph(document, "Hall, remote and video", "Heading 2")
    _shares(document, "Channel", stats.per_channel)
    _paragraph(document, "Time used against time planned", "Heading 2")
    _table(
        document,
        words.SLOT_COLUMNS,
        words.slot_rows(stats),
        (7.0, 2.4, 2.8, 2.6, 2.2),
    )
    _paragraph(document, "Overruns", "Heading 2")
    if not stats.overruns:
        document.add_paragraph("No intervention went over its time.")
        return
    _table(
        document,
        ("Slot", "No.", "Delegation", "Speaker", "Over by"),
        [
            (o.slot, str(o.number), o.delegation, o.speaker, words.format_clock_s(o.seconds))
            for o in stats.overruns
        ],
        (6.0, 1.2, 4.0, 3.8, 2.0),
    )


def _shares(document: DocumentType, label: str, shares: Sequence[Share]) -> None:
    _table(document, words.share_columns(label), words.share_rows(shares), (7, 3, 3, 2.5))


def _review_items(document: DocumentType, report: RecordReport) -> None:
    _paragraph(document, "Review items (internal)", "Heading 1")
    _table(document, words.REVIEW_COLUMNS, words.review_rows(report), (2.2, 4.0, 4.4, 4.4, 2.0))


def _table(
    document: DocumentType,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
) -> Table:
    table: Table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblStyle_val = _style_id(document, TABLE_STYLE)
    table.autofit = False
    for cell, text, width in zip(table.rows[0].cells, header, widths, strict=True):
        cell.text = text
        cell.width = Cm(width)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Cm(width)  # Word lays a fixed table out by its grid
    _repeat_header(table)
    twips = [round(Cm(w).twips) for w in widths]
    body = "".join(
        "<w:tr>"
        + "".join(_cell_xml(text, width) for text, width in zip(values, twips, strict=True))
        + "</w:tr>"
        for values in rows
    )
    if body:
        # One parse for all rows: python-docx's element-by-element building is
        # ten times slower, too slow for a conference of 2,000 interventions.
        for tr in parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"):
            table._tbl.append(tr)
    return table


# Style names → ids, the same in every document made from python-docx's template;
# looking a style up by name walks all the styles, each time.
_STYLE_IDS: dict[str, str] = {}


def _style_id(document: DocumentType, name: str) -> str:
    if name not in _STYLE_IDS:
        _STYLE_IDS[name] = document.styles[name].style_id
    return _STYLE_IDS[name]


def _paragraph(document: DocumentType, text: str, style: str | None = None) -> Paragraph:
    paragraph = document.add_paragraph(text)
    if style is not None:
        paragraph._p.style = _style_id(document, style)
    return paragraph


def _repeat_header(table: Table) -> None:
    """The header row comes back at the top of every page the table runs onto."""
    properties = table.rows[0]._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _cell_xml(text: str, width: int) -> str:
    paragraphs = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(_NOT_IN_XML.sub("", line))}</w:t></w:r></w:p>'
        for line in text.split("\n")
    )
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>'
