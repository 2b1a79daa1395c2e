"""The list of speakers: floor requests and their order, proposals read from the Zoom chat,
the audience's questions, and what the booths read about the next speakers.
"""
