"""The moderator's desk: the desk object every change goes through, the agenda, the list of
speakers, the floor and its countdown, the nameplates and the panes around them.
"""
