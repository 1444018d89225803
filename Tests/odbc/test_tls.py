"""TLS through ODBC against the real ClickHouse 18.16 TLS port (scripts/servers.sh): verified
with the test CA, refused without it (08001, a clear message), and SSLMode=allow without
verification. Run by scripts/test-odbc.sh, which exports CH18_HOST, CH18_TLS_PORT, CH_TLS_CA."""
import os

import pyodbc
import pytest

from odbc_env import DRIVER

HOST = os.environ.get("CH18_HOST", "127.0.0.1")
PORT = os.environ.get("CH18_TLS_PORT")
CA = os.environ.get("CH_TLS_CA")
USER = os.environ.get("CH_TEST_USER", "default")
PASSWORD = os.environ.get("CH_TEST_PASSWORD", "")

pytestmark = pytest.mark.skipif("ODBCSYSINI" not in os.environ or not PORT or not CA,
                                reason="run through scripts/test-odbc.sh with the TLS test server")


def cs(**extra):
    parts = {"Driver": "{%s}" % DRIVER, "Server": HOST, "Port": PORT, "UID": USER, "PWD": PASSWORD, "Timeout": "10"}
    parts.update(extra)
    return ";".join(f"{k}={v}" for k, v in parts.items() if v is not None)


def test_tls_with_the_ca_verifies_and_queries():
    c = pyodbc.connect(cs(SSLMode="require", CALocation=CA))
    try:
        cur = c.cursor()
        version, n, text = cur.execute("SELECT version(), count(), 'tls ✓' FROM numbers(100000)").fetchone()
        assert version.startswith("18.16") and n == 100000 and text == "tls ✓"
    finally:
        c.close()


def test_tls_without_the_ca_is_refused_with_08001():
    with pytest.raises(pyodbc.Error) as e:
        pyodbc.connect(cs(SSLMode="require"))
    assert e.value.args[0] == "08001"
    message = str(e.value).lower()
    assert "certificate" in message or "verif" in message, message


def test_tls_allow_connects_without_verification():
    c = pyodbc.connect(cs(SSLMode="allow"))
    try:
        assert c.cursor().execute("SELECT 1").fetchone()[0] == 1
    finally:
        c.close()


def test_plain_connection_to_the_tls_port_fails_clearly():
    with pytest.raises(pyodbc.Error) as e:
        pyodbc.connect(cs(SSLMode="disable"))
    assert e.value.args[0] in ("08001", "08S01")
