"""Data that ships with Floordesk: the delegations table and the demo conference.

Read through importlib.resources, so it is found in a wheel or a frozen bundle
as well as in the source tree.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

from db.meeting.vocabulary import DelegationGroup
from db.people.delegations import DelegationDraft


def read_json(*parts: str) -> Any:
    resource = files("resources").joinpath(*parts)
    return json.loads(resource.read_text(encoding="utf-8"))


def delegation_drafts() -> list[DelegationDraft]:
    """The OSCE delegations table: States, Partners, organizations, NGOs."""
    data = read_json("delegations.json")
    return [
        DelegationDraft(
            name=entry["name"],
            nameplate=entry.get("nameplate") or entry["name"],
            group=DelegationGroup(entry["group"]),
            seating_order=int(entry["seating_order"]),
            iso_code=entry.get("iso_code"),
            region=entry.get("region"),
            aliases=tuple((alias["name"], alias["language"]) for alias in entry.get("aliases", [])),
        )
        for entry in data["delegations"]
    ]
