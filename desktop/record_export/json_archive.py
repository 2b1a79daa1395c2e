"""JSON: the complete archive (db/archive/archive.py), which imports back to an identical
conference.

With ``--slot`` the archive holds that one slot (it imports as a conference of
one slot). A *public* archive leaves out every personal field — e-mail
addresses, telephone numbers in a function, the raw e-mails and their Message-IDs,
internal notes, attachments —
and says so with ``"public": true``. It still imports (the fields left out are
optional), but into a conference without those fields: it is a record for
circulation, not a backup.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from db.archive.archive import export_conference
from db.people.personal_data import without_contact_details

if TYPE_CHECKING:
    from db.store import Store
    from desktop.record_export import ExportRequest, Progress


def archive_json(store: Store, request: ExportRequest, progress: Progress) -> bytes:
    conference_id = request.conference_id
    if request.slot_id is not None:
        conference_id = store.agenda.slot(request.slot_id).conference_id
    assert conference_id is not None
    document = export_conference(store, conference_id)
    progress(2, 4)
    if request.slot_id is not None:
        document = only_slot(document, store, request.slot_id)
    if request.public:
        document = public_archive(document)
    progress(3, 4)
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def only_slot(document: dict[str, Any], store: Store, slot_id: int) -> dict[str, Any]:
    ids = [s.id for s in store.agenda.slots(store.agenda.slot(slot_id).conference_id)]
    # The archive's slots are in agenda order, like store.agenda.slots.
    entry = document["slots"][ids.index(slot_id)]
    keys = {r["key"] for r in entry["floor_requests"]} | {i["key"] for i in entry["interventions"]}
    return {
        **document,
        "slots": [entry],
        "attachments": [
            a
            for a in document["attachments"]
            if a["floor_request"] in keys or a["intervention"] in keys
        ],
    }


def public_archive(document: dict[str, Any]) -> dict[str, Any]:
    """A copy without the personal fields (see the module's docstring)."""
    document = json.loads(json.dumps(document))  # a deep copy of plain data
    for slot in document["slots"]:
        _no_email(slot.get("moderator"))
        for person in slot.get("panellists", []):
            _no_email(person)
        for request in slot["floor_requests"]:
            _no_email(request.get("person"))
            request["sender_email"] = None
            request["original_text"] = None
            request["message_id"] = None
            request["video_path"] = None  # a path on a station's disk says whose it is
        for intervention in slot["interventions"]:
            _no_email(intervention.get("person"))
            intervention["internal_notes"] = ""
    document["attachments"] = []
    document["public"] = True
    return document


def _no_email(person: dict[str, Any] | None) -> None:
    if person is not None:
        person["email"] = None
        person["function"] = without_contact_details(person.get("function") or "")
