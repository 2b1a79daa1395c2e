"""Entry script for the PyInstaller build (the same as the `floordesk` gui-script)."""

from desktop.cli import main

raise SystemExit(main())
