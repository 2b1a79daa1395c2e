"""The stations kept in step: the journal's changes reach every station at once, in order.

db/sync/wake.py wakes the other stations when the journal grows (NOTIFY on PostgreSQL,
the file's data_version on SQLite, watched by db/sync/server_watch.py and
db/sync/file_watch.py), db/sync/server_gate.py cuts the connections to a server that
stopped answering, and db/sync/journal_cursor.py keeps a station's place in the journal
(the gaps a late commit leaves included); db/sync/watch.py starts the watcher that fits
a database. Nothing here knows of Qt.
"""
