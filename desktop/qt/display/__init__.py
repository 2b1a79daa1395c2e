"""What the hall and Zoom see: the speaker display, the picture it paints, the outputs'
controls and the video surface.
"""
