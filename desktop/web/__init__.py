"""The live pages and the control API, without Qt: what each page shows (as JSON), the
HTTP requests read and answered, the control commands checked. The server that carries
them is Qt's (desktop/qt/technician/live_pages_server.py)."""
