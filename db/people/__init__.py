"""The people of a conference: delegations and their aliases, registered and remote
participants, speakers' names, and the purge of personal data.
"""
