"""The record of the session: notes, tags, flags, corrections, merges, their history, the
report and the search.
"""
