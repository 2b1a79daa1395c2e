"""PySide6's import hook, spared the sources it keeps.

Once PySide6 is imported, its import hook asks of every module imported after it whether
its source names PySide6 (shibokensupport.feature, for ``from __feature__ import``, which
Floordesk does not use). It asks ``inspect.getsource``, which keeps every line of every
source read in ``linecache``: imported after PySide6, as a station restarted on its file
imports them (db/first_look.py), SQLAlchemy's modules and ours cost some 20 MB kept for
nothing and 50 ms. The same question is answered here by reading the file, keeping
nothing. Where PySide6 has no such hook (another version), nothing is changed.
"""

from __future__ import annotations

from types import ModuleType


def names_pyside(module: ModuleType) -> bool:
    """Whether the module's source names PySide6 (False where there is no source), as
    the hook's own answer, read without keeping it."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def spare_the_sources() -> bool:
    """Answer PySide6's hook here; whether it was there to answer."""
    import PySide6.QtCore  # noqa: F401  (shiboken's support modules come with it)

    try:
        from shibokensupport import feature  # type: ignore[import-not-found]
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = names_pyside
    return True
