"""A whole conference as one JSON document, written and read back exactly."""
