"""A real Dovecot IMAP server on loopback, for the IMAP import tests.

Everything lives in a temporary directory: the configuration, a self-signed
certificate for ``localhost``/``127.0.0.1``, the password file, the maildirs and
Dovecot's own runtime and state directories. Dovecot runs in the foreground
(``dovecot -F -c <tmp>/dovecot.conf``) as the current user and touches no system
configuration, so the tests need no root rights; when they do run as root (CI),
the login processes and the mail belong to "nobody", because Dovecot refuses
root for both. The server is stopped and waited for when the context ends.
"""

from __future__ import annotations

import contextlib
import grp
import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest

DOVECOT = "/usr/sbin/dovecot"
HOST = "127.0.0.1"
OTHER_HOST = "127.0.0.2"  # the same server, under a name its certificate does not cover
USER = "delegate"
PASSWORD = "s3cret-floor"
# A second account whose password is not ASCII (IMAP LOGIN cannot carry it).
INTL_USER = "interpret"
INTL_PASSWORD = "mot-de-passe-été"


@dataclass(frozen=True)
class Dovecot:
    """A running server: where it listens, who may log in, and the CA to trust."""

    host: str
    port: int
    user: str
    password: str
    ca_file: str
    root: Path

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=self.ca_file)

    @contextlib.contextmanager
    def connect(self) -> Iterator[imaplib.IMAP4_SSL]:
        """A logged-in client of our own, to deliver and inspect messages."""
        client = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=self.ssl_context(), timeout=10)
        try:
            client.login(self.user, self.password)
            yield client
        finally:
            try:
                client.logout()
            except (imaplib.IMAP4.error, OSError):
                with contextlib.suppress(OSError):
                    client.shutdown()

    def append(self, messages: list[tuple[bytes, datetime]], folder: str = "INBOX") -> None:
        """Delivers messages with IMAP APPEND, each with its INTERNALDATE."""
        with self.connect() as client:
            for data, when in messages:
                status, detail = client.append(folder, "", imaplib.Time2Internaldate(when), data)
                assert status == "OK", detail

    def create_folder(self, folder: str) -> None:
        with self.connect() as client:
            status, detail = client.create(folder)
            assert status == "OK", detail


def _free_port() -> tuple[int, list[str]]:
    """A free port, and the loopback addresses to listen on.

    Where 127.0.0.2 can be bound too (Linux), the server listens there as well, so a
    test can reach it under a name its certificate does not cover.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as other:
            try:
                other.bind((OTHER_HOST, port))
            except OSError:
                return port, [HOST]
        return port, [HOST, OTHER_HOST]


def _self_signed(cert: Path, key: Path) -> None:
    """A certificate for localhost and 127.0.0.1, valid for two days."""
    openssl = shutil.which("openssl")
    if openssl:
        subprocess.run(
            [
                openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-days", "2", "-keyout", str(key), "-out", str(cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return
    import ipaddress
    from datetime import UTC, timedelta

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address(HOST))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )


def _unprivileged() -> pwd.struct_passwd:
    return pwd.getpwnam("nobody")


def _mail_owner() -> tuple[int, int]:
    """Who owns the mail: the current user, or "nobody" when the tests run as root.

    Dovecot runs neither its login processes nor mail access as root.
    """
    if os.getuid() != 0:
        return os.getuid(), os.getgid()
    nobody = _unprivileged()
    return nobody.pw_uid, nobody.pw_gid


def _config(root: Path, port: int, addresses: list[str], cert: Path, key: Path) -> str:
    user = pwd.getpwuid(os.getuid()).pw_name
    login_user = _unprivileged().pw_name if os.getuid() == 0 else user
    mail_uid, mail_gid = _mail_owner()
    return f"""\
base_dir = {root}/run
state_dir = {root}/state
instance_name = floordesk-test-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
debug_log_path = {root}/dovecot.log
default_internal_user = {user}
default_internal_group = {grp.getgrgid(os.getgid()).gr_name}
default_login_user = {login_user}
first_valid_uid = {mail_uid}
first_valid_gid = {mail_gid}
protocols = imap
listen = {", ".join(addresses)}
ssl = required
ssl_cert = <{cert}
ssl_key = <{key}
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain
auth_failure_delay = 0
mail_location = maildir:{root}/mail/%u
mail_fsync = never
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {root}/users
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root}/home/%u
}}
service imap-login {{
  chroot =
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    address = {", ".join(addresses)}
    port = {port}
    ssl = yes
  }}
}}
service anvil {{
  chroot =
  # no growing delays after the tests' deliberate failed logins
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
service stats {{
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
"""


def _wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output, _ = process.communicate()
            logged = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(
                f"dovecot exited with {process.returncode}: "
                + output.decode(errors="replace")
                + logged
            )
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.settimeout(0.2)
            if probe.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError("dovecot did not open its port within 10 seconds")


@contextlib.contextmanager
def running_dovecot() -> Iterator[Dovecot]:
    """Starts Dovecot in a temporary directory; skips the test if it is not installed."""
    if not os.path.exists(DOVECOT):
        pytest.skip(f"{DOVECOT} is not installed (Debian package dovecot-imapd)")
    with tempfile.TemporaryDirectory(prefix="floordesk-dovecot-") as tmp:
        root = Path(tmp)
        root.chmod(0o755)
        for folder in ("run", "state", "mail", "home"):
            (root / folder).mkdir()
        uid, gid = _mail_owner()
        for folder in ("mail", "home"):
            os.chown(root / folder, uid, gid)
        cert, key = root / "cert.pem", root / "key.pem"
        _self_signed(cert, key)
        (root / "users").write_text(
            f"{USER}:{{PLAIN}}{PASSWORD}\n{INTL_USER}:{{PLAIN}}{INTL_PASSWORD}\n", encoding="utf-8"
        )
        port, addresses = _free_port()
        conf = root / "dovecot.conf"
        conf.write_text(_config(root, port, addresses, cert, key))
        log = root / "dovecot.log"
        process = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(conf)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_for_port(process, port, log)
            yield Dovecot(HOST, port, USER, PASSWORD, str(cert), root)
        finally:
            process.terminate()
            try:
                process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
