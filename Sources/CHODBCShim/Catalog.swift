import CHNative

/// The catalog functions. ClickHouse databases are reported as ODBC catalogs (`TABLE_CAT`);
/// schemas are always NULL. Functions for things ClickHouse does not have (primary and foreign
/// keys as ODBC means them, indexes, special columns, procedures) return empty results of the
/// shape ODBC defines.
enum Catalog {
    static let str: CHType = .string
    static let nstr: CHType = .nullable(.string)
    static let i16: CHType = .int16
    static let ni16: CHType = .nullable(.int16)
    static let i32: CHType = .int32
    static let ni32: CHType = .nullable(.int32)

    /// A filter on `column`: a LIKE pattern, or an exact name when `exact` (SQL_ATTR_METADATA_ID).
    static func condition(_ column: String, _ value: String?, exact: Bool) -> String? {
        guard let value, !value.isEmpty else { return nil }
        if !exact && value == "%" { return nil }
        let literal = ParameterMarkers.quote(Array(value.utf8))
        return exact ? "\(column) = \(literal)" : "\(column) LIKE \(literal)"
    }

    /// Runs a metadata query on a free native connection and returns its rows as text.
    static func rows(_ statement: StatementHandle, _ sql: String) throws -> [[String?]] {
        let session = try statement.connection.lease(for: statement)
        defer { statement.connection.release(session) }
        var out: [[String?]] = []
        do {
            let result = try session.connection.query(sql)
            while let block = try result.next() {
                let cursors = block.columns.map(ColumnCursor.init)
                for row in 0..<block.rowCount {
                    out.append(cursors.map { c in c.resolve(row).map { String(decoding: c.text($0), as: UTF8.self) } })
                }
            }
        } catch {
            throw ODBCError.from(error)
        }
        return out
    }

    static func serverMajor(_ statement: StatementHandle) -> UInt64 {
        statement.connection.serverInfo?.versionMajor ?? 0
    }

    // MARK: SQLTables

    static let tablesColumns: [(String, CHType)] = [("TABLE_CAT", nstr), ("TABLE_SCHEM", nstr), ("TABLE_NAME", nstr),
                                                    ("TABLE_TYPE", nstr), ("REMARKS", nstr)]

    static func tables(_ s: StatementHandle, catalog: String?, schema: String?, table: String?, types: String?) throws -> LocalResult {
        let exact = s.metadataID
        // Enumerations defined by ODBC.
        if catalog == "%" && (schema ?? "").isEmpty && (table ?? "").isEmpty {
            let dbs = try rows(s, "SELECT name FROM system.databases ORDER BY name")
            return try LocalResult(columns: tablesColumns, rows: dbs.map { [$0[0].map(LocalValue.text) ?? .null, .null, .null, .null, .null] })
        }
        if schema == "%" && (catalog ?? "").isEmpty && (table ?? "").isEmpty {
            return try LocalResult(columns: tablesColumns, rows: [])
        }
        if types == "%" && (catalog ?? "").isEmpty && (schema ?? "").isEmpty && (table ?? "").isEmpty {
            return try LocalResult(columns: tablesColumns, rows: ["TABLE", "VIEW", "SYSTEM TABLE"].map { [.null, .null, .null, .text($0), .null] })
        }
        var wanted: Set<String>? = nil
        if let types, !types.isEmpty, types != "%" {
            wanted = Set(types.split(separator: ",").map { t in
                var v = t.trimmingCharacters()
                if v.hasPrefix("'") && v.hasSuffix("'") && v.count >= 2 { v = String(v.dropFirst().dropLast()) }
                return v.uppercased()
            })
        }
        var filters: [String] = []
        if let c = condition("database", catalog, exact: exact) { filters.append(c) }
        if let c = condition("name", table, exact: exact) { filters.append(c) }
        let remarks = serverMajor(s) >= 21 ? "comment" : "''"
        let sql = "SELECT database, name, engine, \(remarks) FROM system.tables"
            + (filters.isEmpty ? "" : " WHERE " + filters.joined(separator: " AND "))
            + " ORDER BY database, name"
        var out: [[LocalValue]] = []
        for r in try rows(s, sql) {
            let db = r[0] ?? ""
            let engine = r[2] ?? ""
            let type: String
            if db == "system" || db == "INFORMATION_SCHEMA" || db == "information_schema" {
                type = "SYSTEM TABLE"
            } else if engine == "View" || engine == "MaterializedView" || engine == "LiveView" || engine == "WindowView" {
                type = "VIEW"
            } else {
                type = "TABLE"
            }
            if let wanted, !wanted.contains(type) { continue }
            let remark = r[3] ?? ""
            out.append([.text(db), .null, .text(r[1] ?? ""), .text(type), remark.isEmpty ? .null : .text(remark)])
        }
        return try LocalResult(columns: tablesColumns, rows: out)
    }

    // MARK: SQLColumns

    static let columnsColumns: [(String, CHType)] = [
        ("TABLE_CAT", nstr), ("TABLE_SCHEM", nstr), ("TABLE_NAME", str), ("COLUMN_NAME", str), ("DATA_TYPE", i16),
        ("TYPE_NAME", str), ("COLUMN_SIZE", ni32), ("BUFFER_LENGTH", ni32), ("DECIMAL_DIGITS", ni16), ("NUM_PREC_RADIX", ni16),
        ("NULLABLE", i16), ("REMARKS", nstr), ("COLUMN_DEF", nstr), ("SQL_DATA_TYPE", i16), ("SQL_DATETIME_SUB", ni16),
        ("CHAR_OCTET_LENGTH", ni32), ("ORDINAL_POSITION", i32), ("IS_NULLABLE", nstr),
    ]

    static func columns(_ s: StatementHandle, catalog: String?, schema: String?, table: String?, column: String?) throws -> LocalResult {
        let exact = s.metadataID
        var filters: [String] = []
        if let c = condition("database", catalog, exact: exact) { filters.append(c) }
        if let c = condition("table", table, exact: exact) { filters.append(c) }
        if let c = condition("name", column, exact: exact) { filters.append(c) }
        let modern = serverMajor(s) >= 19
        let sql = "SELECT database, table, name, type, default_expression, \(modern ? "comment, toString(position)" : "'', '0'") FROM system.columns"
            + (filters.isEmpty ? "" : " WHERE " + filters.joined(separator: " AND "))
            + (modern ? " ORDER BY database, table, position" : "")
        let options = s.connection.typeOptions
        var out: [[LocalValue]] = []
        var position = 0
        var lastTable = ""
        // Thousands of columns share a few dozen type names: parse and describe each once.
        var described: [String: SQLTypeInfo] = [:]
        for r in try rows(s, sql) {
            let key = (r[0] ?? "") + "\u{0}" + (r[1] ?? "")
            if key != lastTable { position = 0; lastTable = key }
            position += 1
            let typeName = r[3] ?? "String"
            let info: SQLTypeInfo
            if let known = described[typeName] {
                info = known
            } else {
                let chType = (try? TypeParser.parse(typeName)) ?? .other(typeName)
                info = SQLTypeInfo.describe(chType, options: options)
                described[typeName] = info
            }
            let (verbose, sub) = info.verboseType
            let hasDigits = info.radix != nil || info.sqlType == K.SQL_TYPE_TIMESTAMP
            let def = r[4] ?? ""
            let remark = r[5] ?? ""
            out.append([
                .text(r[0] ?? ""), .null, .text(r[1] ?? ""), .text(r[2] ?? ""), .int(Int(info.sqlType)),
                .text(info.typeName), .int(info.columnSize), .int(info.octetLength),
                hasDigits ? .int(Int(info.decimalDigits)) : .null, info.radix.map { .int(Int($0)) } ?? .null,
                .int(Int(info.nullable ? K.SQL_NULLABLE : K.SQL_NO_NULLS)), remark.isEmpty ? .null : .text(remark),
                def.isEmpty ? .null : .text(def), .int(Int(verbose)), sub != 0 ? .int(Int(sub)) : .null,
                info.isText ? .int(info.octetLength) : .null,
                .int(modern ? (Int(r[6] ?? "") ?? position) : position), .text(info.nullable ? "YES" : "NO"),
            ])
        }
        return try LocalResult(columns: columnsColumns, rows: out)
    }

    // MARK: Empty-shaped results

    static func primaryKeys() throws -> LocalResult {
        try LocalResult(columns: [("TABLE_CAT", nstr), ("TABLE_SCHEM", nstr), ("TABLE_NAME", str), ("COLUMN_NAME", str),
                                  ("KEY_SEQ", i16), ("PK_NAME", nstr)], rows: [])
    }

    static func foreignKeys() throws -> LocalResult {
        try LocalResult(columns: [("PKTABLE_CAT", nstr), ("PKTABLE_SCHEM", nstr), ("PKTABLE_NAME", str), ("PKCOLUMN_NAME", str),
                                  ("FKTABLE_CAT", nstr), ("FKTABLE_SCHEM", nstr), ("FKTABLE_NAME", str), ("FKCOLUMN_NAME", str),
                                  ("KEY_SEQ", i16), ("UPDATE_RULE", ni16), ("DELETE_RULE", ni16), ("FK_NAME", nstr),
                                  ("PK_NAME", nstr), ("DEFERRABILITY", ni16)], rows: [])
    }

    static func statistics() throws -> LocalResult {
        try LocalResult(columns: [("TABLE_CAT", nstr), ("TABLE_SCHEM", nstr), ("TABLE_NAME", str), ("NON_UNIQUE", ni16),
                                  ("INDEX_QUALIFIER", nstr), ("INDEX_NAME", nstr), ("TYPE", i16), ("ORDINAL_POSITION", ni16),
                                  ("COLUMN_NAME", nstr), ("ASC_OR_DESC", nstr), ("CARDINALITY", ni32), ("PAGES", ni32),
                                  ("FILTER_CONDITION", nstr)], rows: [])
    }

    static func specialColumns() throws -> LocalResult {
        try LocalResult(columns: [("SCOPE", ni16), ("COLUMN_NAME", str), ("DATA_TYPE", i16), ("TYPE_NAME", str),
                                  ("COLUMN_SIZE", ni32), ("BUFFER_LENGTH", ni32), ("DECIMAL_DIGITS", ni16),
                                  ("PSEUDO_COLUMN", ni16)], rows: [])
    }

    static func procedures() throws -> LocalResult {
        try LocalResult(columns: [("PROCEDURE_CAT", nstr), ("PROCEDURE_SCHEM", nstr), ("PROCEDURE_NAME", str),
                                  ("NUM_INPUT_PARAMS", ni32), ("NUM_OUTPUT_PARAMS", ni32), ("NUM_RESULT_SETS", ni32),
                                  ("REMARKS", nstr), ("PROCEDURE_TYPE", ni16)], rows: [])
    }

    // MARK: SQLGetTypeInfo

    static let typeInfoColumns: [(String, CHType)] = [
        ("TYPE_NAME", str), ("DATA_TYPE", i16), ("COLUMN_SIZE", ni32), ("LITERAL_PREFIX", nstr), ("LITERAL_SUFFIX", nstr),
        ("CREATE_PARAMS", nstr), ("NULLABLE", i16), ("CASE_SENSITIVE", i16), ("SEARCHABLE", i16), ("UNSIGNED_ATTRIBUTE", ni16),
        ("FIXED_PREC_SCALE", i16), ("AUTO_UNIQUE_VALUE", ni16), ("LOCAL_TYPE_NAME", nstr), ("MINIMUM_SCALE", ni16),
        ("MAXIMUM_SCALE", ni16), ("SQL_DATA_TYPE", i16), ("SQL_DATETIME_SUB", ni16), ("NUM_PREC_RADIX", ni32),
        ("INTERVAL_PRECISION", ni16),
    ]

    /// One representative per ClickHouse type family, with the widest parameters. Rows are
    /// ordered by DATA_TYPE and then by how closely the type maps to it, as ODBC defines: this
    /// list gives the order within one SQL type, so the exact match comes first (SMALLINT:
    /// Int16 before UInt8, INTEGER: Int32 before UInt16, BIGINT: Int64, UInt64, then UInt32)
    /// and generic clients that create tables from the first row get the matching type. The
    /// first row is also the one clients take the limits from (pyodbc reads the timestamp
    /// precision from the first SQL_TYPE_TIMESTAMP row: DateTime64(9)).
    static let representativeTypes: [(CHType, String?)] = [
        (.string, nil), (.fixedString(65535), "length"), (.bool, nil), (.int8, nil), (.int16, nil), (.uint8, nil), (.int32, nil),
        (.uint16, nil), (.int64, nil), (.uint64, nil), (.uint32, nil), (.decimal(precision: 76, scale: 38), "precision,scale"),
        (.int128, nil), (.uint128, nil), (.int256, nil), (.uint256, nil), (.float32, nil), (.float64, nil), (.date, nil),
        (.date32, nil), (.dateTime64(precision: 9, timezone: nil), "precision"), (.dateTime(timezone: nil), nil), (.uuid, nil),
        (.ipv4, nil), (.ipv6, nil), (.enum8([]), nil), (.enum16([]), nil), (.array(.string), nil), (.tuple([]), nil),
        (.map(key: .string, value: .string), nil),
    ]

    static func typeInfo(_ s: StatementHandle, dataType: Int16) throws -> LocalResult {
        let options = s.connection.typeOptions
        var entries: [(SQLTypeInfo, String?, Int)] = []
        for (i, (t, params)) in representativeTypes.enumerated() {
            var info = SQLTypeInfo.describe(t, options: options)
            if case .enum8 = t { info.columnSize = options.varcharLength }
            if case .enum16 = t { info.columnSize = options.varcharLength }
            info.nullable = true
            entries.append((info, params, i))
            if t == .string && options.stringMaxLength == nil {
                // Results describe String as a long type; it is also the VARCHAR of ClickHouse
                // (the type to create for a VARCHAR column), listed first among VARCHAR types.
                var bounded = options
                bounded.stringMaxLength = TypeOptions.defaultVarcharLength
                var varchar = SQLTypeInfo.describe(t, options: bounded)
                varchar.nullable = true
                entries.append((varchar, params, i))
            }
        }
        let wanted = dataType == K.SQL_ALL_TYPES ? nil : mapRequested(dataType)
        let filtered = entries.filter { wanted == nil || $0.0.sqlType == wanted }
            .sorted { ($0.0.sqlType, $0.2) < ($1.0.sqlType, $1.2) }
        let rows: [[LocalValue]] = filtered.map { info, params, _ in
            let (verbose, sub) = info.verboseType
            let isDecimal = info.sqlType == K.SQL_DECIMAL
            let scaleRange: (LocalValue, LocalValue)
            if isDecimal { scaleRange = (.int(0), .int(76)) }
            else if info.sqlType == K.SQL_TYPE_TIMESTAMP { scaleRange = (.int(0), .int(Int(info.decimalDigits))) }
            else if info.radix != nil { scaleRange = (.int(0), .int(0)) }
            else { scaleRange = (.null, .null) }
            return [
                .text(info.typeName), .int(Int(info.sqlType)), .int(info.columnSize),
                info.literalQuote.map(LocalValue.text) ?? .null, info.literalQuote.map(LocalValue.text) ?? .null,
                params.map(LocalValue.text) ?? .null, .int(Int(K.SQL_NULLABLE)), .int(info.caseSensitive ? 1 : 0),
                .int(Int(K.SQL_SEARCHABLE)), info.radix != nil ? .int(info.unsigned ? 1 : 0) : .null,
                .int(info.fixedPrecisionScale ? 1 : 0), info.radix != nil ? .int(0) : .null, .text(info.typeName),
                scaleRange.0, scaleRange.1, .int(Int(verbose)), sub != 0 ? .int(Int(sub)) : .null,
                info.radix.map { .int(Int($0)) } ?? .null, .null,
            ]
        }
        return try LocalResult(columns: typeInfoColumns, rows: rows)
    }

    /// ODBC 2 date/time codes map to the ODBC 3 ones.
    static func mapRequested(_ t: Int16) -> Int16 {
        switch t {
        case K.SQL_DATE: return K.SQL_TYPE_DATE
        case K.SQL_TIME: return K.SQL_TYPE_TIME
        case K.SQL_TIMESTAMP: return K.SQL_TYPE_TIMESTAMP
        default: return t
        }
    }
}

extension Substring {
    func trimmingCharacters() -> String { String(self).trimmingSpaces() }
}
