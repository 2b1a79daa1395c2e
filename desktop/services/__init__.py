"""Platform services behind small interfaces, each with an honest fallback."""
