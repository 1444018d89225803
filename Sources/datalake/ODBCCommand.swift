import ArgumentParser
import Datalake
import Foundation

/// `datalake odbc install|uninstall|status`: registers the ODBC driver (`libCHODBC.so`) for the
/// user who runs it, under the name the printed connection strings use.
struct ODBCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "odbc",
        abstract: "Register the ODBC driver for this user (unixODBC, no root needed), so the printed connection strings work.",
        subcommands: [Install.self, Uninstall.self, Status.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy libCHODBC.so to ~/.local/share/chodbc and register it in ~/.odbcinst.ini (optionally with a DSN in ~/.odbc.ini).")
        @Option(help: "Driver name, as connection strings write it in Driver={...}.")
        var name = ODBCDriverRegistration.defaultName
        @Option(help: "The driver library to install (default: libCHODBC.so next to this datalake executable).")
        var library: String?
        @Option(help: "Also write a user DSN of this name to ~/.odbc.ini.")
        var dsn: String?
        @Option(help: "DSN: server host.")
        var host = "127.0.0.1"
        @Option(help: "DSN: native protocol port.")
        var port = 9000
        @Option(help: "DSN: database.")
        var database = SchemaConfiguration().database
        @Option(help: "DSN: user (the password is never written; give it as PWD= or to the tool).")
        var user = "default"

        func run() throws {
            try reportingErrors {
                let registration = ODBCDriverRegistration(name: name)
                let installed = try registration.install(library: library)
                Output.print("registered ODBC driver [\(name)] for this user in \(registration.odbcinstPath) -> \(installed)")
                if let dsn {
                    try registration.writeDSN(dsn, host: host, port: port, database: database, user: user)
                    Output.print("registered DSN [\(dsn)] in \(registration.odbcPath) -> \(host):\(port)/\(database) as \(user)")
                }
                for warning in registration.conflicts() { Output.error("warning: " + warning) }
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove this user's registration (and the DSN given) and the installed library copy.")
        @Option(help: "Driver name.")
        var name = ODBCDriverRegistration.defaultName
        @Option(help: "Also remove this user DSN from ~/.odbc.ini.")
        var dsn: String?

        func run() throws {
            try reportingErrors {
                let registration = ODBCDriverRegistration(name: name)
                let removed = try registration.uninstall()
                Output.print(removed ? "removed ODBC driver [\(name)] from \(registration.odbcinstPath)" : "ODBC driver [\(name)] was not registered for this user")
                if let dsn {
                    let gone = try ODBCIniFile(path: registration.odbcPath).removing(section: dsn)
                    Output.print(gone ? "removed DSN [\(dsn)] from \(registration.odbcPath)" : "DSN [\(dsn)] was not in \(registration.odbcPath)")
                }
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show where the driver is registered and whether unixODBC can load it; exit 1 if it cannot.")
        @Option(help: "Driver name.")
        var name = ODBCDriverRegistration.defaultName

        func run() throws {
            let registration = ODBCDriverRegistration(name: name)
            let report = registration.status()
            for line in report.lines { Output.print(line) }
            if !report.usable { throw ExitCode(1) }
        }
    }
}

/// The driver's user-level registration with unixODBC.
///
/// unixODBC 2.3 reads drivers from the system `odbcinst.ini` (`odbcinst -j`) and from the
/// user's `~/.odbcinst.ini`; `odbcinst -i -d` can only write the system file (its `-h` applies to
/// DSNs), so the user file is edited here. A system entry of the same name wins over the user's:
/// ``conflicts()`` reports one that points elsewhere. The library is copied to
/// `~/.local/share/chodbc/` (atomically, so running applications keep the copy they loaded), so
/// the registration survives a clean of the build directory.
struct ODBCDriverRegistration {
    /// The name the product prints in connection strings (`Driver={ClickHouse Native (Unicode)}`).
    static let defaultName = ConnectionEndpoint(host: "", port: 0, database: "").odbcDriver

    var name: String
    var home: String = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()

    init(name: String) { self.name = name }

    var odbcinstPath: String { home + "/.odbcinst.ini" }
    /// The user DSN file unixODBC reads: `$ODBCINI`, else `.odbc.ini` in the account's home
    /// directory (from the password database, not `$HOME`, as unixODBC looks it up).
    var odbcPath: String {
        if let path = ProcessInfo.processInfo.environment["ODBCINI"], !path.isEmpty { return path }
        if let entry = getpwuid(getuid()), let dir = entry.pointee.pw_dir { return String(cString: dir) + "/.odbc.ini" }
        return home + "/.odbc.ini"
    }
    var libraryDirectory: String {
        let data = ProcessInfo.processInfo.environment["XDG_DATA_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? home + "/.local/share"
        return data + "/chodbc"
    }
    var installedLibrary: String { libraryDirectory + "/libCHODBC.so" }

    /// `libCHODBC.so` next to the running `datalake` (both are products of one `swift build`).
    static func builtLibrary() -> String? {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let candidate = exe.deletingLastPathComponent().appendingPathComponent("libCHODBC.so").path
        return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
    }

    func validateName() throws {
        guard !name.isEmpty, !name.contains(where: { "[]=;{}\n\r".contains($0) }) else {
            throw ValidationError("the driver name must not be empty or contain [ ] = ; { } or line breaks")
        }
    }

    /// Copies the library and writes the `[name]` section of `~/.odbcinst.ini`. Returns the
    /// installed library's path.
    func install(library: String?) throws -> String {
        try validateName()
        guard let source = library ?? Self.builtLibrary() else {
            throw ValidationError("libCHODBC.so is not next to this datalake executable: build it (swift build -c release --product CHODBC) or pass --library PATH")
        }
        guard FileManager.default.fileExists(atPath: source) else { throw ValidationError("no such library: \(source)") }
        try FileManager.default.createDirectory(atPath: libraryDirectory, withIntermediateDirectories: true)
        let temporary = libraryDirectory + "/.libCHODBC.so.\(getpid())"
        try? FileManager.default.removeItem(atPath: temporary)
        try FileManager.default.copyItem(atPath: source, toPath: temporary)
        guard rename(temporary, installedLibrary) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ValidationError("cannot install \(installedLibrary): \(reason)")
        }
        try ODBCIniFile(path: odbcinstPath).setting(section: name, to: [
            ("Description", "ClickHouse native-protocol ODBC driver (CHODBC), installed by datalake odbc install"),
            ("Driver", installedLibrary),
            ("Threading", "0"),
        ])
        return installedLibrary
    }

    /// Writes a user DSN (no password).
    func writeDSN(_ dsn: String, host: String, port: Int, database: String, user: String) throws {
        guard !dsn.isEmpty, !dsn.contains(where: { "[]=;{}\n\r".contains($0) }) else {
            throw ValidationError("the DSN name must not be empty or contain [ ] = ; { } or line breaks")
        }
        for value in [host, database, user] where value.contains(where: { "\n\r".contains($0) }) {
            throw ValidationError("DSN values must not contain line breaks")
        }
        try ODBCIniFile(path: odbcPath).setting(section: dsn, to: [
            ("Description", "ClickHouse data lake (native protocol)"), ("Driver", name), ("Server", host),
            ("Port", String(port)), ("Database", database), ("UID", user),
        ])
    }

    /// Removes the `[name]` section and the installed copy. Returns whether a section was removed.
    func uninstall() throws -> Bool {
        try validateName()
        let removed = try ODBCIniFile(path: odbcinstPath).removing(section: name)
        if FileManager.default.fileExists(atPath: installedLibrary) { try FileManager.default.removeItem(atPath: installedLibrary) }
        return removed
    }

    /// A system-wide entry of the same name that points to another library wins over the user's.
    func conflicts() -> [String] {
        guard let system = systemEntry(), system.library != (userEntry() ?? "") else { return [] }
        return ["\(system.file) also defines [\(name)] (Driver = \(system.library)); unixODBC uses that system entry, not this user's"]
    }

    /// The library of the user-level entry.
    func userEntry() -> String? {
        (try? ODBCIniFile(path: odbcinstPath).values(of: name))?.first { $0.key.lowercased() == "driver" }?.value
    }

    /// The system `odbcinst.ini` unixODBC reads (`$ODBCSYSINI/odbcinst.ini`, else /etc) and its entry.
    func systemEntry() -> (file: String, library: String)? {
        let environment = ProcessInfo.processInfo.environment
        let directory = environment["ODBCSYSINI"] ?? "/etc"
        let file = directory + "/" + (environment["ODBCINSTINI"] ?? "odbcinst.ini")
        guard let values = try? ODBCIniFile(path: file).values(of: name),
              let library = values.first(where: { $0.key.lowercased() == "driver" })?.value else { return nil }
        return (file, library)
    }

    /// The main job's step: registers the driver built next to `datalake` for this user, so the
    /// connection strings the demo prints work as printed. Returns the line the demo shows.
    static func registerForDemo() -> String {
        let registration = ODBCDriverRegistration(name: defaultName)
        do {
            let installed = try registration.install(library: nil)
            var note = "ODBC driver [\(defaultName)] registered for this user in \(registration.odbcinstPath) -> \(installed) (datalake odbc status|uninstall)"
            for warning in registration.conflicts() { note += "\n   warning: " + warning }
            return note
        } catch {
            return "ODBC driver NOT registered (\(error)); the ODBC string needs: datalake odbc install --library PATH/libCHODBC.so"
        }
    }

    /// A line for output that prints a connection string naming this driver when unixODBC will
    /// not find it for this user; `nil` when it is registered.
    func missingHint() -> String? {
        if let library = systemEntry()?.library ?? userEntry(), FileManager.default.fileExists(atPath: library) { return nil }
        return "  (the ODBC driver [\(name)] is not registered for this user: run datalake odbc install)"
    }

    /// What `datalake odbc status` prints, and whether the driver named `name` can be loaded.
    func status() -> (lines: [String], usable: Bool) {
        var lines: [String] = []
        let system = systemEntry()
        let user = userEntry()
        if let user {
            lines.append("user:   [\(name)] in \(odbcinstPath) -> \(user)\(FileManager.default.fileExists(atPath: user) ? "" : " (MISSING)")")
        } else {
            lines.append("user:   [\(name)] is not in \(odbcinstPath)")
        }
        if let system { lines.append("system: [\(name)] in \(system.file) -> \(system.library)") }
        lines.append(contentsOf: conflicts().map { "warning: " + $0 })
        // unixODBC takes the system entry first.
        guard let library = system?.library ?? user else {
            lines.append("not registered: run datalake odbc install")
            return (lines, false)
        }
        // Ask the driver manager itself (loading the driver into this process would give it two
        // copies of CHNative): a connection to a closed port answers with the driver's own error
        // when unixODBC found and loaded it.
        switch Self.probeThroughDriverManager(name: name) {
        case .loaded:
            lines.append("loads: unixODBC finds [\(name)] and the driver answers (isql -k \"Driver={\(name)};...\")")
        case .failed(let output):
            lines.append("unixODBC cannot use [\(name)]: \(output)")
            return (lines, false)
        case .unknown(let reason):
            lines.append("not checked through unixODBC (\(reason)); library \(FileManager.default.fileExists(atPath: library) ? "present" : "MISSING")")
            if !FileManager.default.fileExists(atPath: library) { return (lines, false) }
        }
        lines.append("connect with: Driver={\(name)};Server=HOST;Port=9000;Database=DB;UID=USER;PWD=PASSWORD")
        return (lines, true)
    }

    enum Probe { case loaded, failed(String), unknown(String) }

    /// `isql -v -b -k "Driver={name};Server=127.0.0.1;Port=1"` with nothing to run.
    static func probeThroughDriverManager(name: String) -> Probe {
        guard let isql = ["/usr/bin/isql", "/usr/local/bin/isql"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .unknown("isql is not installed")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: isql)
        process.arguments = ["-v", "-b", "-k", "Driver={\(name)};Server=127.0.0.1;Port=1;Timeout=2"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { return .unknown("cannot run isql: \(error)") }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        if text.contains("[CHODBC]") { return .loaded }
        let first = text.split(separator: "\n").first.map(String.init) ?? "no answer"
        return .failed(first)
    }
}

/// A minimal editor of unixODBC's INI files that keeps every other section and line as written.
struct ODBCIniFile {
    var path: String

    private func lines() throws -> [String] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    private static func sectionName(_ line: String) -> String? {
        let t = line.trimmingCharacters(in: .whitespaces)
        guard t.hasPrefix("["), t.hasSuffix("]"), t.count >= 2 else { return nil }
        return String(t.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
    }

    /// The range of lines of `[section]` (header included), matched case-insensitively as unixODBC does.
    private static func range(of section: String, in lines: [String]) -> Range<Int>? {
        guard let start = lines.firstIndex(where: { sectionName($0)?.lowercased() == section.lowercased() }) else { return nil }
        var end = start + 1
        while end < lines.count, sectionName(lines[end]) == nil { end += 1 }
        return start..<end
    }

    func values(of section: String) throws -> [(key: String, value: String)] {
        let all = try lines()
        guard let r = Self.range(of: section, in: all) else { return [] }
        return all[r].dropFirst().compactMap { line in
            let t = line.trimmingCharacters(in: .whitespaces)
            guard !t.hasPrefix("#"), !t.hasPrefix(";"), let eq = t.firstIndex(of: "=") else { return nil }
            return (t[..<eq].trimmingCharacters(in: .whitespaces), t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces))
        }
    }

    /// Replaces (or appends) `[section]` with `entries`.
    func setting(section: String, to entries: [(String, String)]) throws {
        var all = try lines()
        let body = ["[\(section)]"] + entries.map { "\($0.0) = \($0.1)" } + [""]
        if let r = Self.range(of: section, in: all) {
            all.replaceSubrange(r, with: body)
        } else {
            if let last = all.last, !last.trimmingCharacters(in: .whitespaces).isEmpty { all.append("") }
            all.append(contentsOf: body)
        }
        try write(all)
    }

    /// Removes `[section]`; returns whether it was there.
    func removing(section: String) throws -> Bool {
        var all = try lines()
        guard let r = Self.range(of: section, in: all) else { return false }
        all.removeSubrange(r)
        try write(all)
        return true
    }

    private func write(_ lines: [String]) throws {
        let text = lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        let temporary = path + ".tmp.\(getpid())"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        // Keep the file's permissions (an odbc.ini may hold other DSNs' passwords).
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: temporary)
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw ValidationError("cannot write \(path): \(reason)")
        }
    }
}
