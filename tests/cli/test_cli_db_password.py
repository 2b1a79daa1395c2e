"""A PostgreSQL password never on the command line: a ``--db`` that holds one is refused
in one sentence; ``floordesk db password`` keeps it in the keyring, where every start
finds it; without a keyring, libpq's ~/.pgpass holds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from tests.cli.test_cli import assert_user_error, floordesk

SECRET = "pw-s3cret/with@odd:chars"
FILE_KEYRING = "tests.requests_import.file_keyring.FileKeyring"
NO_KEYRING = "keyring.backends.fail.Keyring"
POSTGRES = os.environ.get("FLOORDESK_TEST_POSTGRES")


def floordesk_with_input(
    *args: str, home: Path, env: dict[str, str], stdin: str
) -> subprocess.CompletedProcess[str]:
    environ = {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_STATE_HOME": str(home / "state"),
        "QT_QPA_PLATFORM": "offscreen",
        **env,
    }
    environ.pop("FLOORDESK_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "desktop", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def test_a_password_in_db_is_refused_and_never_repeated(tmp_path: Path) -> None:
    url = f"postgresql://floordesk_rapporteur:{SECRET}@hall-server/floordesk"
    for args in (("--db", url, "agenda", "list"), ("--db", url)):
        result = floordesk(*args, home=tmp_path)
        assert_user_error(result, "--db holds a password", "keyring", "~/.pgpass")
        assert SECRET not in result.stderr and "s3cret" not in result.stdout


def test_db_password_keeps_it_in_the_keyring(tmp_path: Path) -> None:
    keyring_file = tmp_path / "keyring.json"
    env = {"PYTHON_KEYRING_BACKEND": FILE_KEYRING, "FLOORDESK_TEST_KEYRING": str(keyring_file)}
    url = "postgresql://floordesk_rapporteur@hall-server:5433/floordesk"
    kept = floordesk_with_input(
        "--db", url, "db", "password", home=tmp_path, env=env, stdin=SECRET + "\n"
    )
    assert kept.returncode == 0, kept.stderr
    assert SECRET not in kept.stdout + kept.stderr
    key = "postgresql://floordesk_rapporteur@hall-server:5433/floordesk"
    assert json.loads(keyring_file.read_text()) == {f"Floordesk database\n{key}": SECRET}
    forgotten = floordesk("--db", url, "db", "password", "--forget", home=tmp_path, env=env)
    assert forgotten.returncode == 0 and "password forgotten" in forgotten.stdout
    assert json.loads(keyring_file.read_text()) == {}


def test_without_a_keyring_it_says_to_use_pgpass(tmp_path: Path) -> None:
    result = floordesk_with_input(
        "--db",
        "postgresql://floordesk_rapporteur@hall-server/floordesk",
        "db",
        "password",
        home=tmp_path,
        env={"PYTHON_KEYRING_BACKEND": NO_KEYRING},
        stdin=SECRET + "\n",
    )
    assert_user_error(result, "no keyring", "~/.pgpass")


@pytest.fixture
def role_with_password() -> Iterator[URL]:
    """A user that the test server asks for its password (skipped where it trusts all)."""
    if not POSTGRES:
        pytest.skip("needs FLOORDESK_TEST_POSTGRES")
    admin_url = make_url(POSTGRES).set(drivername="postgresql+psycopg")
    name = f"floordesk_pw_{os.getpid()}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        if not connection.exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = 'floordesk_with_password'"
        ).first():
            connection.exec_driver_sql(
                f"CREATE ROLE floordesk_with_password LOGIN PASSWORD '{SECRET}'"
            )
        connection.exec_driver_sql(f'CREATE DATABASE "{name}" OWNER floordesk_with_password')
    url = admin_url.set(username="floordesk_with_password", password=None, database=name)
    try:
        try:
            with create_engine(url).connect():
                pytest.skip("the test server lets this user in without a password")
        except Exception as error:  # asked for a password: what the test needs
            if "password" not in str(error):
                raise
        yield url
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def test_the_password_comes_from_the_keyring_or_pgpass(
    tmp_path: Path, role_with_password: URL
) -> None:
    url = role_with_password.set(drivername="postgresql").render_as_string(hide_password=False)
    keyring_file = tmp_path / "keyring.json"
    env = {"PYTHON_KEYRING_BACKEND": FILE_KEYRING, "FLOORDESK_TEST_KEYRING": str(keyring_file)}
    without = floordesk("--db", url, "db", "upgrade", home=tmp_path, env=env)
    assert_user_error(without, "password", "floordesk db password", "~/.pgpass")
    kept = floordesk_with_input(
        "--db", url, "db", "password", home=tmp_path, env=env, stdin=SECRET + "\n"
    )
    assert kept.returncode == 0, kept.stderr
    upgraded = floordesk("--db", url, "db", "upgrade", home=tmp_path, env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    # No keyring at all: libpq's password file, found by itself.
    pgpass = tmp_path / "pgpass"
    host, port = role_with_password.host, role_with_password.port or 5432
    pgpass.write_text(
        f"{host}:{port}:{role_with_password.database}:floordesk_with_password:"
        + SECRET.replace("\\", "\\\\").replace(":", "\\:")
        + "\n"
    )
    pgpass.chmod(0o600)
    listed = floordesk(
        "--db",
        url,
        "agenda",
        "list",
        home=tmp_path,
        env={"PYTHON_KEYRING_BACKEND": NO_KEYRING, "PGPASSFILE": str(pgpass)},
    )
    assert listed.returncode == 0, listed.stderr
