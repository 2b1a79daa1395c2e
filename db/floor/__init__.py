"""The floor: giving and taking it back, time added, pauses, interventions and the video
statements played on it.
"""
