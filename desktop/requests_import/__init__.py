"""Requests to take the floor from outside the hall: e-mail, Zoom, registration, questions."""
