"""PDF for circulation, written by Qt itself: the journal as rich text, printed on A4.

QTextDocument lays the text out and breaks the pages (with page numbers);
QPdfWriter writes the file. Both work on a QImage-free paint device, off the
GUI thread, with no extra dependency. The words are those of the DOCX.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from html import escape

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
    QTextLength,
    QTextTable,
)

from db.meeting.record_rows import RecordReport, SlotRecord
from desktop.domain.record_stats import RecordStatistics, charts
from desktop.record_export import journal_text as words
from desktop.record_export.chart_images import chart_png

# Column widths of the interventions table, in per cent of the text width.
COLUMN_PERCENT = (5, 12, 16, 15, 12, 9, 31)

STYLE = """
h1 { font-size: 15pt; color: #1e3a8a; margin-top: 14px; }
h2 { font-size: 12pt; color: #1e3a8a; margin-top: 10px; }
p.title { font-size: 20pt; font-weight: bold; color: #1e3a8a; }
p.subtitle { font-size: 11pt; color: #4b5563; }
p.summary { margin-left: 16px; font-style: italic; }
th { background-color: #dbeafe; text-align: left; }
td, th { padding: 3px; }
p.caption { font-size: 9pt; color: #4b5563; }
"""


def pdf_bytes(
    report: RecordReport,
    stats: RecordStatistics,
    progress: Callable[[int, int], None] | None = None,
) -> bytes:
    document = QTextDocument()
    font = QFont("Sans Serif")
    font.setPointSizeF(8.5)
    document.setDefaultFont(font)
    document.setDefaultStyleSheet(STYLE)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, report.conference)
    parts = [
        f'<p class="title">{escape(report.conference)}</p>',
        f'<p class="subtitle">{escape(words.record_kind(report))}<br>'
        f"{escape(words.conference_line(report))}</p>",
    ]
    for slot in report.slots:
        if slot.interventions or slot.summary or slot.kind.has_speakers:
            parts.append(_slot(report, slot))
    if progress:
        progress(2, 4)
    parts.append(_statistics(document, stats))
    if not report.public and report.review_items:
        parts.append("<h1>Review items (internal)</h1>")
        parts.append(_table(words.REVIEW_COLUMNS, words.review_rows(report)))
    document.setHtml("\n".join(parts))
    _fix_column_widths(document)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(report.conference)
    writer.setCreator("Floordesk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),  # the document keeps its own 2 cm margin
        )
    )
    document.print_(writer)
    buffer.close()
    if progress:
        progress(3, 4)
    return bytes(data.data())


def _slot(report: RecordReport, slot: SlotRecord) -> str:
    html = [f"<h1>{escape(slot.title)}</h1>"]
    html.append(f'<p class="subtitle">{escape(words.slot_when(slot, report.time_zone))}</p>')
    people = [f"<b>{escape(k)}:</b> {escape(v)}" for k, v in words.slot_people(slot)]
    if people:
        html.append("<p>" + "<br>".join(people) + "</p>")
    html.append("<h2>Summary</h2>")
    for part in (slot.summary or "No summary has been written.").split("\n\n"):
        html.append(f'<p class="summary">{_lines(part.strip())}</p>')
    html.append("<h2>Interventions</h2>")
    if not slot.interventions:
        html.append("<p>Nobody took the floor.</p>")
        return "\n".join(html)
    rows = [words.table_row(i, report.time_zone) for i in slot.interventions]
    html.append(_table(words.INTERVENTION_COLUMNS, rows))
    return "\n".join(html)


def _statistics(document: QTextDocument, stats: RecordStatistics) -> str:
    html = ["<h1>Statistics</h1>"]
    total = words.format_minutes(stats.speaking_s)
    html.append(f"<p>{stats.interventions} interventions, {total} of speaking time.</p>")
    for number, spec in enumerate(charts(stats), 1):
        name = f"chart-{number}.png"
        document.addResource(
            QTextDocument.ResourceType.ImageResource,
            QUrl(name),
            QImage.fromData(chart_png(spec)),
        )
        html.append(f'<p><img src="{name}" width="620"></p>')
        html.append(f'<p class="caption">Figure {number}. {escape(spec.title)}</p>')
    html.append("<h2>Order of speakers</h2>")
    for slot, names in words.speaking_order(stats.order):
        html.append(f"<p><b>{escape(slot)}:</b> {escape(names)}</p>")
    html.append("<h2>Participation by group</h2>")
    html.append(_table(words.share_columns("Group"), words.share_rows(stats.per_group)))
    html.append("<h2>Hall, remote and video</h2>")
    html.append(_table(words.share_columns("Channel"), words.share_rows(stats.per_channel)))
    html.append("<h2>Time used against time planned</h2>")
    html.append(_table(words.SLOT_COLUMNS, words.slot_rows(stats)))
    html.append("<h2>Overruns</h2>")
    if stats.overruns:
        html.append(
            _table(
                ("Slot", "No.", "Delegation", "Speaker", "Over by"),
                (
                    (
                        o.slot,
                        str(o.number),
                        o.delegation,
                        o.speaker,
                        words.format_clock_s(o.seconds),
                    )
                    for o in stats.overruns
                ),
            )
        )
    else:
        html.append("<p>No intervention went over its time.</p>")
    return "\n".join(html)


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def _fix_column_widths(document: QTextDocument) -> None:
    """Qt's HTML reader ignores column widths: set them on the interventions tables."""
    widths = [QTextLength(QTextLength.Type.PercentageLength, w) for w in COLUMN_PERCENT]
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable) and frame.columns() == len(COLUMN_PERCENT):
            table_format = frame.format()
            table_format.setColumnWidthConstraints(widths)
            table_format.setHeaderRowCount(1)
            frame.setFormat(table_format)


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_lines(v)}</td>" for v in row) + "</tr>" for row in rows)
    return (
        '<table width="100%" border="1" cellspacing="0" cellpadding="3" '
        f'style="border-collapse: collapse; border-color: #9ca3af;">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
