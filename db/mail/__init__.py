"""Requests sent by e-mail before the deadline: filing them on the list or for review, and
the mailboxes already read.
"""
