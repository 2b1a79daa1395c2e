"""The technician's desk: the Zoom pane, the cues, the video statements and the live pages
served to phones, the lectern and the booths.
"""
