"""Data files that ship with Floordesk (read with importlib.resources)."""
