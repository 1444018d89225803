"""Where the ODBC tests find the driver and the ClickHouse 26.9 test server: the environment
scripts/test-odbc.sh exports (ODBCSYSINI with the registered driver, CH26_HOST/CH26_PORT,
CH_TEST_USER/CH_TEST_PASSWORD), with the defaults of a local run."""
import os

import pytest

HOST = os.environ.get("CH26_HOST", "127.0.0.1")
PORT = os.environ.get("CH26_PORT", "9000")
USER = os.environ.get("CH_TEST_USER", "default")
PASSWORD = os.environ.get("CH_TEST_PASSWORD", "")
DRIVER = os.environ.get("CHODBC_DRIVER_NAME", "ClickHouse Native (Unicode)")
# A connection string for the 26.9 test server through the registered driver.
CS = f"Driver={{{DRIVER}}};Server={HOST};Port={PORT};UID={USER};PWD={PASSWORD}"

# The tests need the private driver registration made by scripts/test-odbc.sh.
needs_driver_manager = pytest.mark.skipif("ODBCSYSINI" not in os.environ, reason="run through scripts/test-odbc.sh")
