"""The journal's actions, named once: written by the store's commands, named by the desk's
undo steps, and read by the views, the record's history and the other stations.

Stored as their values ("floor.give"), so a journal written by an older version reads
the same; a reader compares with the members (a StrEnum equals its value), never with a
string of its own, and follows a subject with :func:`of_subject`.
"""

from __future__ import annotations

from enum import StrEnum


class Action(StrEnum):
    # the conference and its agenda
    CONFERENCE_CREATE = "conference.create"
    CONFERENCE_IMPORT = "conference.import"
    CONFERENCE_UPDATE = "conference.update"
    CONFERENCE_PURGE_PERSONAL_DATA = "conference.purge_personal_data"
    DELEGATIONS_ADD = "delegations.add"
    SLOT_CREATE = "slot.create"
    SLOT_UPDATE = "slot.update"
    SLOT_MOVE = "slot.move"
    SLOT_DELETE = "slot.delete"
    SLOT_RESTORE = "slot.restore"
    # the list of speakers
    REQUEST_ADD = "request.add"
    REQUEST_UPDATE = "request.update"
    REQUEST_STATUS = "request.status"
    REQUEST_LIMIT = "request.limit"
    REQUEST_MOVE = "request.move"
    REQUEST_ABSENT = "request.absent"
    REQUEST_PRESENT = "request.present"
    REQUEST_PIN = "request.pin"
    REQUEST_LANGUAGE = "request.language"
    REQUEST_VIDEO = "request.video"
    REQUEST_VIDEO_REMOVED = "request.video_removed"
    LIST_CLOSE = "list.close"
    LIST_REOPEN = "list.reopen"
    LIST_POLICY = "list.policy"
    # the floor
    FLOOR_GIVE = "floor.give"
    FLOOR_UNDO_GIVE = "floor.undo_give"
    FLOOR_TAKE_BACK = "floor.take_back"
    FLOOR_REOPEN = "floor.reopen"
    FLOOR_PAUSE = "floor.pause"
    FLOOR_RESUME = "floor.resume"
    FLOOR_ADD_TIME = "floor.add_time"
    FLOOR_AUDIO_LOST = "floor.audio_lost"
    FLOOR_AUDIO_BACK = "floor.audio_back"
    # requests from outside the hall
    REVIEW_ADD = "review.add"
    REVIEW_ACCEPT = "review.accept"
    REVIEW_DISMISS = "review.dismiss"
    REVIEW_REOPEN = "review.reopen"
    CHAT_PROPOSE = "chat.propose"
    CHAT_CONFIRM = "chat.confirm"
    CHAT_DISMISS = "chat.dismiss"
    CHAT_WITHDRAW = "chat.withdraw"
    CHAT_REOPEN = "chat.reopen"
    REGISTRATION_IMPORT = "registration.import"
    REMOTE_IMPORT = "remote.import"
    REMOTE_HAND = "remote.hand"
    REMOTE_LINK = "remote.link"
    REMOTE_REMOVE = "remote.remove"
    QUESTIONS_ADD = "questions.add"
    QUESTION_STATUS = "question.status"
    # the record
    RECORD_NOTES = "record.notes"
    RECORD_INTERNAL_NOTES = "record.internal_notes"
    RECORD_TAGS = "record.tags"
    RECORD_FLAGS = "record.flags"
    RECORD_ATTACH = "record.attach"
    RECORD_DETACH = "record.detach"
    RECORD_REINDEX = "record.reindex"
    RECORD_CORRECT_SPEAKER = "record.correct_speaker"
    RECORD_MERGE = "record.merge"
    RECORD_TAKEN_BACK = "record.taken_back"

    @property
    def subject(self) -> str:
        """What the action changes: "floor", "request", "record" …"""
        return self.value.partition(".")[0]


def of_subject(*subjects: str) -> frozenset[Action]:
    """Every action on these subjects ("review", "chat" …), for a view that follows them."""
    return frozenset(action for action in Action if action.subject in subjects)
