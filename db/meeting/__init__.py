"""The meeting's words and rules, shared by the store, the domain and the window.

Pure: no SQLAlchemy, no Qt, nothing else from db/ — the statuses and kinds
(vocabulary), the frozen rows the store hands out (snapshots), the order of a list
(ordering), who has the floor and who speaks next (floor_rules), how names are
compared (folding) and the names of the journal's actions (actions).
"""
