"""Text files as people save them: UTF-8 (with or without a BOM) or a Windows code page."""

from __future__ import annotations

from desktop.agenda_import.model import UnreadableFile


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters: not a text file at all."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bool(sample) and controls / len(sample) > 0.05


def decode_text(data: bytes, name: str = "the file") -> str:
    if looks_binary(data):
        raise UnreadableFile(f"{name} is not a text file.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
