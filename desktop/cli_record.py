"""``floordesk record export``: the session record as DOCX, PDF, CSV, XLSX or JSON.

``--public`` leaves out e-mail addresses, internal notes, review items and
attachments. DOCX and PDF draw with Qt: without a display it runs offscreen.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli import UserError
from desktop.record_export import FORMATS

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def add_commands(commands: Any) -> None:
    export = commands.add_parser("export", help="export the session record of a slot or conference")
    which = export.add_mutually_exclusive_group(required=True)
    which.add_argument("--slot", type=int, metavar="ID", help="one agenda slot")
    which.add_argument("--conference", type=int, metavar="ID", help="a whole conference")
    export.add_argument("--format", choices=FORMATS, help="the file's format (default: from -o)")
    export.add_argument(
        "--public",
        action="store_true",
        help="leave out e-mail addresses, internal notes, review items and attachments",
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")


def run(args: argparse.Namespace, url: URL) -> int:
    from db.store import Store
    from desktop.record_export import ExportError, ExportRequest, export_record

    path = Path(args.output)
    fmt = args.format or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise UserError(f"Say which format to write with --format ({', '.join(FORMATS)}).")
    store = Store.open(url, station=args.station)
    try:
        export_record(
            store,
            ExportRequest(
                fmt, path, conference_id=args.conference, slot_id=args.slot, public=args.public
            ),
        )
    except ExportError as error:
        raise UserError(str(error)) from None
    finally:
        store.close()
    print(f"Wrote {'the public' if args.public else 'the internal'} record to {path}")
    return 0
