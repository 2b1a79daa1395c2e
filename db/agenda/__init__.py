"""The agenda: the conference, its slots, their panellists and topics, and a slot's removal
and restoration.
"""
