"""Pure domain logic: no Qt, no database sessions; tested in milliseconds."""
