#!/usr/bin/python3
"""LibreOffice Calc runs the opportunities-per-month report through the ODBC driver (issue 18,
point 3), as a user on a fresh account would:

1. `datalake demo` starts a private embedded server, loads the demo organisation and registers
   the driver for the user (~/.odbcinst.ini); `datalake credentials generate --org raven` prints
   a credential and its ODBC connection string; `datalake odbc install --dsn ...` writes a user
   DSN for that credential (no password in it).
2. A visible LibreOffice on a private Xvfb display (UNO over a pipe) registers an ODBC data
   source (`sdbc:odbc:<DSN>`, the credential's user and password) and a second one from the
   printed connection string (`sdbc:odbc:;<printed string>`), and imports the report's SQL into
   a Calc sheet through each (a database range with a native SQL import: Calc's Data > Import).
3. The cells are read back and compared with `datalake report opportunities-by-source --tsv`
   (the server's own result): same header, same rows, dates as YYYY-MM-DD, counts as integers.
4. A screenshot of the screen (`import -window root`) is written with --screenshot.

Runs with the system Python (python3-uno): scripts/test-libreoffice.sh installs what it needs
and runs it. Exits 0 when every cell matches.
"""
import argparse
import datetime
import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import uno  # noqa: F401  (python3-uno: sets up the bridge)
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException
from com.sun.star.sheet.DataImportMode import QUERY as IMPORT_QUERY
from com.sun.star.sheet.DataImportMode import TABLE as IMPORT_TABLE
from com.sun.star.table import CellRangeAddress

ORG = "raven"


def log(msg):
    print(f"[libreoffice {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_display():
    for n in range(90, 200):
        if not os.path.exists(f"/tmp/.X{n}-lock") and not os.path.exists(f"/tmp/.X11-unix/X{n}"):
            return n
    raise RuntimeError("no free X display number")


class User:
    """A fresh HOME with nothing registered, as in test_printed_string.py."""

    def __init__(self, datalake, keep):
        self.datalake, self.keep = datalake, keep
        self.home = tempfile.mkdtemp(prefix="chodbc-lo-home-")
        self.sysini = os.path.join(self.home, "sysini")
        os.mkdir(self.sysini)
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("ODBCINI", "ODBCINSTINI", "DATALAKE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "PYTHONPATH")}
        # unixODBC reads user drivers from $HOME/.odbcinst.ini, user DSNs from the passwd home unless ODBCINI says.
        self.env.update(HOME=self.home, ODBCSYSINI=self.sysini, ODBCINI=os.path.join(self.home, ".odbc.ini"))

    def trace_to(self, path):
        with open(os.path.join(self.sysini, "odbcinst.ini"), "w") as f:
            f.write(f"[ODBC]\nTrace = Yes\nTraceFile = {path}\n")

    def run(self, *args, timeout=600):
        p = subprocess.run([self.datalake, *args], env=self.env, capture_output=True, text=True, timeout=timeout,
                           stdin=subprocess.DEVNULL)
        if p.returncode != 0:
            raise RuntimeError(f"datalake {' '.join(args)} failed ({p.returncode}): {p.stdout[-3000:]} {p.stderr[-3000:]}")
        return p.stdout

    def close(self):
        if not self.keep:
            shutil.rmtree(self.home, ignore_errors=True)


def report_sql(report_html):
    """The report's SQL as the HTML report shows it, with the organisation as a literal."""
    with open(report_html, encoding="utf-8") as f:
        blocks = [html.unescape(b) for b in re.findall(r'<pre class="sql">(.*?)</pre>', f.read(), re.S)]
    sql = [b for b in blocks if "toStartOfMonth" in b and "entity_operations" in b]
    if not sql:
        raise RuntimeError("report 1's SQL is not in the HTML report")
    return " ".join(sql[0].split()).replace("{org:String}", f"'{ORG}'")


class Office:
    """Xvfb plus a visible soffice with its own profile, reached over a UNO pipe."""

    def __init__(self, env, workdir, width=1280, height=800):
        self.display = free_display()
        self.env = dict(env, DISPLAY=f":{self.display}", SAL_USE_VCLPLUGIN="gen")
        self.xvfb = subprocess.Popen(["Xvfb", f":{self.display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.pipe = f"chodbc-lo-{os.getpid()}"
        profile = os.path.join(workdir, "lo-profile")
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{self.display}"):
                break
            time.sleep(0.05)
        self.soffice = subprocess.Popen(
            ["soffice", "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--nofirststartwizard",
             f"-env:UserInstallation=file://{profile}", f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=open(os.path.join(workdir, "soffice.stderr"), "w"),
            start_new_session=True)  # soffice.bin outlives its launcher: end it by this process group
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.time() + 120
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except NoConnectException:
                if time.time() > deadline or self.soffice.poll() is not None:
                    raise RuntimeError("soffice did not accept a UNO connection")
                time.sleep(0.25)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)

    def watchdog(self, seconds, shot):
        """A modal message box (an SQL error Calc reports) blocks the UNO call for good: after
        `seconds`, screenshot the screen for the log and end soffice so the call returns."""
        def fire():
            try:
                self.screenshot(shot)
                log(f"watchdog: soffice blocked for {seconds}s (a dialog?); screen in {shot}")
            except Exception:
                pass
            self.kill()
        timer = threading.Timer(seconds, fire)
        timer.daemon = True
        timer.start()
        return timer

    def create(self, service):
        return self.smgr.createInstanceWithContext(service, self.ctx)

    def screenshot(self, path):
        subprocess.run(["import", "-display", f":{self.display}", "-window", "root", path], check=True, env=self.env, timeout=60)

    def kill(self):
        try:
            os.killpg(self.soffice.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass
        deadline = time.time() + 20
        while time.time() < deadline:
            self.soffice.poll()  # reap the launcher: a zombie still counts in its process group
            try:
                os.killpg(self.soffice.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.2)
        else:
            self.kill()
        self.soffice.wait()
        self.xvfb.terminate()
        self.xvfb.wait()


# Types and text LibreOffice reads through the ANSI entry points (SQL_C_CHAR, its own decoding),
# with the value Calc should hold: (SQL, expected cell text or number).
TYPES_SQL = ("SELECT 'Grüße, Zürich – 東京 ✓' AS text, toDateTime('2025-03-04 05:06:07', 'UTC') AS ts, "
             "toDate('2024-02-29') AS d, toFloat64(3.25) AS f, toDecimal64(-1234.5678, 4) AS dec, "
             "toInt32(-7) AS i, toUInt64(18446744073709) AS big, true AS b, CAST(NULL AS Nullable(String)) AS n")
# (value as Calc holds it, text as Calc shows it); None: not compared (dates show in the
# locale's format, a Bool as TRUE).
TYPES_EXPECTED = [("Grüße, Zürich – 東京 ✓", "Grüße, Zürich – 東京 ✓"), ("2025-03-04 05:06:07", None), ("2024-02-29", None),
                  (3.25, "3.25"), (-1234.5678, "-1234.5678"), (-7.0, "-7"), (18446744073709.0, "18446744073709"),
                  (None, None), ("", "")]


def register_data_source(office, name, url, user, password, odb_path, query_name, sql, extra=()):
    """What Base's wizard does for "Connect to an existing database: ODBC": a database document
    with the sdbc:odbc: URL and the user, registered under a name every component sees; plus
    what Create Query in SQL View with Edit > Run SQL command directly saves: a query whose SQL
    goes to the driver as it is (LibreOffice's own SQL parser knows no FINAL, count() or
    ClickHouse functions, and Calc's import of a plain SQL command always parses it)."""
    context = office.create("com.sun.star.sdb.DatabaseContext")
    if context.hasByName(name):
        context.revokeDatabaseLocation(name)
    source = context.createInstance()
    source.URL = url
    source.User = user
    source.Password = password  # kept in memory for this session, never written to the .odb
    source.IsPasswordRequired = True
    query = office.create("com.sun.star.sdb.QueryDefinition")
    query.Command = sql
    query.EscapeProcessing = False
    source.QueryDefinitions.insertByName(query_name, query)
    for extra_name, extra_sql in extra:
        q = office.create("com.sun.star.sdb.QueryDefinition")
        q.Command = extra_sql
        q.EscapeProcessing = False
        source.QueryDefinitions.insertByName(extra_name, q)
    source.DatabaseDocument.storeAsURL(uno.systemPathToFileUrl(odb_path), ())
    context.registerObject(name, source)
    return source


def import_into_sheet(doc, sheet, source_name, query_name, range_name, mode=None):
    """Calc's import of a data source's query into a database range (what dragging the query
    from View > Data Sources onto the sheet does)."""
    ranges = doc.DatabaseRanges
    if ranges.hasByName(range_name):
        ranges.removeByName(range_name)
    address = CellRangeAddress()
    address.Sheet = sheet.RangeAddress.Sheet
    address.StartColumn = address.StartRow = 0
    address.EndColumn = address.EndRow = 0
    ranges.addNewByName(range_name, address)
    db_range = ranges.getByName(range_name)
    db_range.getReferredCells().doImport((
        prop("DatabaseName", source_name),
        prop("SourceType", IMPORT_QUERY if mode is None else mode),
        prop("SourceObject", query_name),
    ))
    return db_range


METADATA = ["getDatabaseProductName", "getDatabaseProductVersion", "getDriverName", "getDriverVersion",
            "getIdentifierQuoteString", "getCatalogSeparator", "getCatalogTerm", "getSchemaTerm", "isCatalogAtStart",
            "getSQLKeywords", "getStringFunctions", "getNumericFunctions", "getTimeDateFunctions", "getSystemFunctions",
            "getExtraNameCharacters", "getSearchStringEscape", "getUserName", "isReadOnly", "usesLocalFiles",
            "supportsMixedCaseQuotedIdentifiers", "storesMixedCaseQuotedIdentifiers", "supportsMixedCaseIdentifiers",
            "storesUpperCaseIdentifiers", "storesLowerCaseIdentifiers", "storesMixedCaseIdentifiers",
            "supportsCatalogsInDataManipulation", "supportsSchemasInDataManipulation", "supportsCatalogsInTableDefinitions",
            "supportsSchemasInTableDefinitions", "supportsTransactions", "getDefaultTransactionIsolation",
            "supportsAlterTableWithAddColumn", "supportsColumnAliasing", "supportsGroupBy", "supportsOuterJoins",
            "supportsFullOuterJoins", "supportsSubqueriesInIns", "supportsUnion", "supportsUnionAll",
            "getMaxColumnNameLength", "getMaxTableNameLength", "getMaxStatementLength", "getMaxTablesInSelect",
            "supportsCoreSQLGrammar", "supportsANSI92EntryLevelSQL", "supportsLikeEscapeClause",
            "supportsMultipleResultSets", "supportsResultSetType", "supportsBatchUpdates", "nullsAreSortedLow"]


def walk_metadata(connection, view):
    """What Base asks when it opens a data source and shows a table: XDatabaseMetaData (SQLGetInfo),
    the tables container (SQLTables), a table's columns (SQLColumns), keys (SQLPrimaryKeys,
    SQLForeignKeys) and indexes (SQLStatistics), and the type info (SQLGetTypeInfo)."""
    md = connection.getMetaData()
    answers = {}
    for name in METADATA:
        try:
            fn = getattr(md, name)
            answers[name] = fn(1003) if name == "supportsResultSetType" else fn()
        except Exception as e:
            answers[name] = f"EXCEPTION {type(e).__name__}: {getattr(e, 'Message', e)}"
    tables = connection.getTables()
    names = tables.getElementNames()
    answers["tables"] = len(names)
    full = [n for n in names if n.endswith("." + view) or n == view]
    answers["view"] = full
    if full:
        table = tables.getByName(full[0])
        answers["view type"] = table.Type
        answers["columns"] = list(table.getColumns().getElementNames())
        col = table.getColumns().getByName(answers["columns"][0])
        answers["first column"] = (col.TypeName, col.Type, col.Precision, col.IsNullable)
        answers["keys"] = table.getKeys().getCount() if table.getKeys() is not None else None
        answers["indexes"] = len(table.getIndexes().getElementNames()) if table.getIndexes() is not None else None
    types = md.getTypeInfo()
    type_names = []
    while types.next():
        type_names.append(types.getString(1))
    answers["type info"] = len(type_names)
    rs = md.getImportedKeys(None, "", view)
    answers["imported keys rows"] = 0
    while rs.next():
        answers["imported keys rows"] += 1
    rs = md.getPrimaryKeys(None, "", view)
    answers["primary key rows"] = 0
    while rs.next():
        answers["primary key rows"] += 1
    return answers


def sheet_rows(sheet):
    """The used area as (value, text) pairs per cell: value as Calc stores it, text as shown."""
    cursor = sheet.createCursor()
    cursor.gotoEndOfUsedArea(False)
    last_col, last_row = cursor.RangeAddress.EndColumn, cursor.RangeAddress.EndRow
    cells = sheet.getCellRangeByPosition(0, 0, last_col, last_row)
    values = cells.getDataArray()
    rows = []
    for r in range(last_row + 1):
        rows.append([(values[r][c], sheet.getCellByPosition(c, r).getString()) for c in range(last_col + 1)])
    return rows


def calc_date(serial):
    return (datetime.date(1899, 12, 30) + datetime.timedelta(days=int(serial))).isoformat()


def compare(rows, expected_header, expected_rows):
    """Returns a list of differences between the sheet and the server's TSV."""
    problems = []
    header = [text for _, text in rows[0]] if rows else []
    if header != expected_header:
        problems.append(f"header {header} != {expected_header}")
    body = rows[1:]
    if len(body) != len(expected_rows):
        problems.append(f"{len(body)} rows in the sheet, {len(expected_rows)} from the server")
    for i, (got, want) in enumerate(zip(body, expected_rows)):
        (month_value, month_text), (_, source_text), (count_value, count_text) = got[:3]
        checks = [
            ("month value", calc_date(month_value) if isinstance(month_value, float) else month_value, want[0]),
            ("month text", month_text, want[0]),
            ("source", source_text, want[1]),
            ("count value", int(count_value) if isinstance(count_value, float) and count_value == int(count_value) else count_value,
             int(want[2])),
            ("count text", count_text, want[2]),
        ]
        for what, g, w in checks:
            if g != w:
                problems.append(f"row {i + 2} {what}: sheet {g!r} != server {w!r}")
        if len(got) != 3:
            problems.append(f"row {i + 2} has {len(got)} cells")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--datalake", required=True, help="datalake executable (libCHODBC.so next to it)")
    ap.add_argument("--scale", default="0.02")
    ap.add_argument("--screenshot", help="write a PNG of the screen with the sheet here")
    ap.add_argument("--trace", help="unixODBC trace file (Trace=Yes in the private odbcinst.ini)")
    ap.add_argument("--timeout", type=float, default=180, help="seconds LibreOffice may take before it is ended")
    ap.add_argument("--keep", action="store_true", help="keep the temporary HOME (server data, profile)")
    args = ap.parse_args()

    started = time.time()
    user = User(os.path.abspath(args.datalake), args.keep)
    if args.trace:
        user.trace_to(os.path.abspath(args.trace))
    data = os.path.join(user.home, "lake")
    port = free_port()
    office = None
    failures = []
    try:
        log(f"datalake demo --scale {args.scale} on port {port} (HOME={user.home})")
        demo = user.run("demo", "--scale", args.scale, "--port", str(port), "--data", data, "--no-progress")
        if "registered for this user" not in demo:
            raise RuntimeError("the demo did not register the ODBC driver:\n" + demo)
        gen = user.run("credentials", "generate", "--org", ORG, "--port", str(port), "--data", data)
        printed = re.search(r"^\s+ODBC connection string:\s+(Driver=.*)$", gen, re.M).group(1)
        uid = re.search(r"UID=([^;]+)", printed).group(1)
        pwd = re.search(r"PWD=([^;]+)", printed).group(1)
        database = re.search(r"Database=([^;]+)", printed).group(1)
        host = re.search(r"Server=([^;]+)", printed).group(1)
        log(f"credential {uid}; printed: {printed.replace(pwd, '***')}")
        dsn = "Raven Lake"
        user.run("odbc", "install", "--dsn", dsn, "--host", host, "--port", str(port), "--database", database, "--user", uid)

        tsv = user.run("report", "opportunities-by-source", "--org", ORG, "--tsv", "--port", str(port)).splitlines()
        expected_header = tsv[0].split("\t")
        expected_rows = [line.split("\t") for line in tsv[1:]]
        sql = report_sql(os.path.join(data, "report.html"))
        log(f"server: {len(expected_rows)} rows; sql: {sql}")

        office = Office(user.env, user.home)
        log(f"soffice up on :{office.display}")
        watchdog = office.watchdog(args.timeout, os.path.join(tempfile.gettempdir(), f"chodbc-lo-blocked-{os.getpid()}.png"))
        sources = [
            ("Raven Lake (DSN)", f"sdbc:odbc:{dsn}", "dsn"),
            # LibreOffice connects with "DSN=" + the URL's tail: a leading ';' leaves the DSN
            # empty and the printed Driver=...;Server=...;... keywords as they are.
            ("Raven Lake (connection string)", f"sdbc:odbc:;{printed}", "string"),
        ]
        doc = office.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, ())
        sheets = doc.Sheets
        for index, (name, url, short) in enumerate(sources):
            query_name = "Opportunities per month"
            register_data_source(office, name, url, uid, pwd, os.path.join(user.home, f"{short}.odb"), query_name, sql,
                                 extra=[("Types", TYPES_SQL)])
            sheet_name = f"Opportunities ({short})"
            if index == 0:
                sheet = sheets.getByIndex(0)
                sheet.Name = sheet_name
            else:
                sheets.insertNewByName(sheet_name, index)
                sheet = sheets.getByName(sheet_name)
            t0 = time.time()
            try:
                import_into_sheet(doc, sheet, name, query_name, f"report_{short}")
            except Exception as e:  # an SQLException from the driver shows up here
                failures.append(f"{name}: import failed: {e}")
                log(failures[-1])
                continue
            # Show the months as the server prints them.
            rows = sheet_rows(sheet)
            if len(rows) > 1:
                month_col = sheet.getCellRangeByPosition(0, 1, 0, len(rows) - 1)
                formats = doc.NumberFormats
                locale = uno.createUnoStruct("com.sun.star.lang.Locale")
                key = formats.queryKey("YYYY-MM-DD", locale, False)
                if key == -1:
                    key = formats.addNew("YYYY-MM-DD", locale)
                month_col.NumberFormat = key
                sheet.Columns.OptimalWidth = True
                rows = sheet_rows(sheet)
            problems = compare(rows, expected_header, expected_rows)
            log(f"{name} ({url.split(';')[0]}...): {len(rows) - 1} rows imported in {time.time() - t0:.1f}s, "
                f"{'all cells match' if not problems else f'{len(problems)} differences'}")
            for p in problems[:20]:
                log("  " + p)
            failures += [f"{name}: {p}" for p in problems]

        # Types and non-ASCII text through the ANSI path.
        sheets.insertNewByName("Types", len(sources))
        sheet = sheets.getByName("Types")
        try:
            import_into_sheet(doc, sheet, sources[0][0], "Types", "types")
            rows = sheet_rows(sheet)
            log(f"types: header {[t for _, t in rows[0]]}; cells {[t for _, t in rows[1]]}")
            for col, ((value, text), (want_value, want_text)) in enumerate(zip(rows[1], TYPES_EXPECTED)):
                if isinstance(want_value, str):  # a date or timestamp: Calc holds a day number
                    stamp = datetime.datetime(1899, 12, 30) + datetime.timedelta(days=value) if isinstance(value, float) else None
                    if stamp:
                        stamp = stamp.replace(microsecond=0) + datetime.timedelta(seconds=round(stamp.microsecond / 1e6))
                        value = stamp.strftime("%Y-%m-%d %H:%M:%S" if ":" in want_value else "%Y-%m-%d")
                for what, g, w in (("value", value, want_value), ("text", text, want_text)):
                    if w is not None and g != w:
                        failures.append(f"types column {rows[0][col][1]} {what}: sheet {g!r} != {w!r}")
                        log(failures[-1])
        except Exception as e:
            failures.append(f"types import failed: {e}")
            log(failures[-1])

        # Base's table browser / dragging a table from View > Data Sources: LibreOffice builds
        # SELECT * FROM <quoted catalog>.<quoted view> from SQLGetInfo's quote and catalog answers.
        view = f"{ORG}_current_entities_final"
        source = office.create("com.sun.star.sdb.DatabaseContext").getByName(sources[0][0])
        connection = source.getConnection(uid, pwd)
        answers = walk_metadata(connection, view)
        connection.close()
        for k, v in answers.items():
            log(f"  metadata {k}: {v}")
        bad = [k for k, v in answers.items() if isinstance(v, str) and v.startswith("EXCEPTION")]
        failures += [f"metadata {k}: {answers[k]}" for k in bad]
        if not answers.get("view"):
            failures.append(f"the tables container has no {view}")
        else:
            count = int(user.run("query", f"SELECT count() FROM {database}.`{view}`", "--port", str(port)).strip())
            sheets.insertNewByName("View", len(sources) + 1)
            sheet = sheets.getByName("View")
            try:
                import_into_sheet(doc, sheet, sources[0][0], answers["view"][0], "view_table", IMPORT_TABLE)
                rows = sheet_rows(sheet)
                header = [text for _, text in rows[0]] if rows else []
                log(f"table {answers['view'][0]}: {len(rows) - 1} rows imported, server count {count}; columns {header}")
                if len(rows) - 1 != count or header != answers["columns"]:
                    failures.append(f"table import: {len(rows) - 1} rows (server {count}), header {header} (columns {answers['columns']})")
            except Exception as e:
                failures.append(f"table import of {answers['view'][0]} failed: {e}")
                log(failures[-1])

        if args.screenshot:
            controller = doc.CurrentController
            controller.setActiveSheet(sheets.getByIndex(0))
            frame = controller.Frame
            window = frame.ContainerWindow
            window.setPosSize(0, 0, 1280, 800, 15)
            window.IsMaximized = True
            time.sleep(2)
            office.screenshot(os.path.abspath(args.screenshot))
            log(f"screenshot: {args.screenshot}")
        doc.setModified(False)
        doc.close(True)
        watchdog.cancel()
    except Exception as e:
        failures.append(f"{type(e).__name__}: {e}")
        log(failures[-1])
    finally:
        if office:
            office.close()
        try:
            user.run("server", "stop", "--port", str(port), "--data", data, timeout=120)
        except Exception as e:
            log(f"server stop: {e}")
        user.close()
    log(f"{'FAILED' if failures else 'passed'} in {time.time() - started:.0f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
