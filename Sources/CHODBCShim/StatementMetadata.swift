import CHNative

/// Result-set description: column count, `SQLDescribeCol`, `SQLColAttribute`, and describing a
/// prepared statement before it runs.
extension StatementHandle {
    /// For a prepared, not yet executed SELECT, learns the result columns with
    /// `DESCRIBE TABLE (<query>)` (markers as NULL) without running the query.
    func describeIfNeeded() throws {
        guard result == nil, columns.isEmpty, prepared, let sql else { return }
        let words = StatementKind.tokens(sql, limit: 64)
        guard let first = words.first, first == "SELECT" || first == "WITH" else { return }
        let probe = ParameterMarkers.substitute(sql, positions: markers, literals: Array(repeating: "NULL", count: markers.count))
        let session = try connection.lease(for: self)
        defer { connection.release(session) }
        var names: [String] = []
        var types: [CHType] = []
        do {
            let r = try session.connection.query("DESCRIBE TABLE (" + probe + ")")
            while let block = try r.next() {
                let cursors = block.columns.map(ColumnCursor.init)
                guard cursors.count >= 2 else { continue }
                for row in 0..<block.rowCount {
                    let name = cursors[0].resolve(row).map { String(decoding: cursors[0].text($0), as: UTF8.self) } ?? ""
                    let typeName = cursors[1].resolve(row).map { String(decoding: cursors[1].text($0), as: UTF8.self) } ?? "String"
                    names.append(name)
                    types.append((try? TypeParser.parse(typeName)) ?? .other(typeName))
                }
            }
        } catch {
            return
        }
        let options = connection.typeOptions
        columnNames = names
        columns = types.map { SQLTypeInfo.describe($0, options: options) }
    }

    func checkColumn(_ n: Int) throws {
        guard n >= 1 && n <= columns.count else {
            throw ODBCError("07009", "invalid descriptor index: column \(n) of \(columns.count)")
        }
    }

    /// A numeric or text attribute of column `n` (`SQLColAttribute` / IRD fields).
    enum Attribute {
        case number(Int)
        case text(String)
    }

    func attribute(column n: Int, field: Int16) throws -> Attribute {
        if field == K.SQL_DESC_COUNT || field == K.SQL_COLUMN_COUNT { return .number(columns.count) }
        try checkColumn(n)
        let info = columns[n - 1]
        let name = columnNames[n - 1]
        switch field {
        case K.SQL_DESC_NAME, K.SQL_DESC_LABEL, K.SQL_DESC_BASE_COLUMN_NAME, K.SQL_COLUMN_NAME: return .text(name)
        case K.SQL_DESC_UNNAMED: return .number(name.isEmpty ? 1 : 0)
        case K.SQL_DESC_TYPE_NAME: return .text(info.typeName)
        case K.SQL_DESC_LOCAL_TYPE_NAME: return .text(info.localTypeName)
        case K.SQL_DESC_CONCISE_TYPE: return .number(Int(info.sqlType))
        case K.SQL_DESC_TYPE: return .number(Int(info.verboseType.type))
        case K.SQL_DESC_DATETIME_INTERVAL_CODE: return .number(Int(info.verboseType.subcode))
        case K.SQL_DESC_LENGTH, K.SQL_COLUMN_LENGTH: return .number(info.isText ? info.columnSize : info.octetLength)
        case K.SQL_DESC_OCTET_LENGTH: return .number(info.octetLength)
        case K.SQL_DESC_PRECISION, K.SQL_COLUMN_PRECISION:
            return .number(info.sqlType == K.SQL_TYPE_TIMESTAMP ? Int(info.decimalDigits) : info.columnSize)
        case K.SQL_DESC_SCALE, K.SQL_COLUMN_SCALE: return .number(Int(info.decimalDigits))
        case K.SQL_DESC_DISPLAY_SIZE: return .number(info.displaySize)
        case K.SQL_DESC_NULLABLE, K.SQL_COLUMN_NULLABLE: return .number(Int(info.nullable ? K.SQL_NULLABLE : K.SQL_NO_NULLS))
        case K.SQL_DESC_UNSIGNED: return .number(info.unsigned || info.radix == nil ? 1 : 0)
        case K.SQL_DESC_FIXED_PREC_SCALE: return .number(info.fixedPrecisionScale ? 1 : 0)
        case K.SQL_DESC_AUTO_UNIQUE_VALUE: return .number(0)
        case K.SQL_DESC_CASE_SENSITIVE: return .number(info.caseSensitive ? 1 : 0)
        case K.SQL_DESC_SEARCHABLE: return .number(Int(K.SQL_SEARCHABLE))
        case K.SQL_DESC_UPDATABLE: return .number(Int(K.SQL_ATTR_READONLY))
        case K.SQL_DESC_NUM_PREC_RADIX: return .number(Int(info.radix ?? 0))
        case K.SQL_DESC_LITERAL_PREFIX, K.SQL_DESC_LITERAL_SUFFIX: return .text(info.literalQuote ?? "")
        case K.SQL_DESC_CATALOG_NAME, K.SQL_DESC_SCHEMA_NAME, K.SQL_DESC_TABLE_NAME, K.SQL_DESC_BASE_TABLE_NAME: return .text("")
        case K.SQL_DESC_DATETIME_INTERVAL_PRECISION: return .number(0)
        case K.SQL_DESC_ROWVER: return .number(0)
        default: throw ODBCError("HY091", "invalid descriptor field identifier \(field)")
        }
    }
}
