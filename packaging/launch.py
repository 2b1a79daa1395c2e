"""Entry script for the PyInstaller build (the same as the `floordesk` gui-script)."""

import multiprocessing

from desktop.cli import main

if __name__ == "__main__":
    # A process the app starts by spawn (the standby copier, db/standby_copier.py) is
    # this executable again: freeze_support runs it as that process, not as the app.
    multiprocessing.freeze_support()
    raise SystemExit(main())
