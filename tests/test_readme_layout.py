"""The README's layout table names every package of the application."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_layout_table_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Layout", 1)[1].split("\n## ", 1)[0]
    packages = sorted(
        f"{init.parent.relative_to(ROOT).as_posix()}/"
        for top in ("desktop", "db")
        for init in (ROOT / top).glob("*/__init__.py")
        if init.parent.name != "migrations"
    )
    assert packages  # desktop/'s packages (db/ has none but its migrations, yet)
    missing = [p for p in packages if f"`{p}`" not in table]
    assert not missing, f"README's layout table does not name {missing}"
