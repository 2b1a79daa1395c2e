"""``floordesk conference purge-personal-data ID``: a past conference without personal data."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop.cli import UserError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL


def add_commands(commands: Any) -> None:
    purge = commands.add_parser(
        "purge-personal-data",
        help="remove e-mail addresses, raw e-mails and attachments of a past conference; "
        "the public record stays",
    )
    purge.add_argument("conference", type=int, metavar="ID", help="which conference")
    purge.add_argument(
        "--force", action="store_true", help="also when the conference is not over yet"
    )


def run(args: argparse.Namespace, url: URL) -> int:
    from db.people.personal_data import ConferenceNotOver, purge_personal_data
    from db.store import Store
    from desktop.domain.clock import SystemClock

    store = Store.open(url, station=args.station)
    try:
        purged = purge_personal_data(store, args.conference, SystemClock().now(), force=args.force)
    except ConferenceNotOver as error:
        raise UserError(str(error)) from None
    finally:
        store.close()
    print(
        f"Purged conference {args.conference}: {purged.people} people's and "
        f"{purged.participants} participants' e-mail addresses, {purged.floor_requests} "
        f"requests' and {purged.review_items} review items' e-mails, "
        f"{purged.attachments} attachments, {purged.mailbox_entries} mailbox entries."
    )
    return 0
