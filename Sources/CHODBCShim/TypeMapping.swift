import CHNative

/// Options that change how types are reported on a connection.
struct TypeOptions {
    /// Report text as `SQL_WVARCHAR`/`SQL_WCHAR` (the application connected through a `W` call).
    var wide = false
    /// `StringMaxLength` from the connection string: unbounded text (`String`, and the text
    /// form of `Array`, `Map`, `Tuple`, `JSON`) is then `SQL_(W)VARCHAR` of this size, as the
    /// official ClickHouse ODBC driver reports it. `nil` (not given): such text is the long type
    /// `SQL_(W)LONGVARCHAR` of ``unboundedLength``, so clients that bind columns size their
    /// buffers from their long-data settings instead of a length that values can exceed.
    var stringMaxLength: Int?

    /// The VARCHAR length reported where a bounded size is needed (`SQLDescribeParam`, the
    /// `SQLGetTypeInfo` row of `String` as VARCHAR).
    static let defaultVarcharLength = 65535
    /// The column size of unbounded text: ClickHouse's own limit on one string value (1 GiB).
    static let unboundedLength = 1 << 30

    /// The VARCHAR length reported where a bounded size is needed.
    var varcharLength: Int { stringMaxLength ?? Self.defaultVarcharLength }
    /// Report Int128/UInt128 as text instead of `SQL_DECIMAL` (Int256/UInt256 always are text).
    var hugeIntAsString = false
}

/// How one ClickHouse type is described to ODBC applications: what `SQLDescribeCol`,
/// `SQLColAttribute`, `SQLColumns` and `SQLGetTypeInfo` report.
struct SQLTypeInfo {
    /// The concise SQL type (`SQL_BIGINT`, `SQL_WVARCHAR`, ...).
    var sqlType: Int16
    /// COLUMN_SIZE: precision for numbers, characters for text, length of the text form for dates.
    var columnSize: Int
    /// DECIMAL_DIGITS: scale / fractional seconds digits; 0 otherwise.
    var decimalDigits: Int16
    /// Whether the values can be NULL.
    var nullable: Bool
    var unsigned: Bool
    /// The type family name, as `SQLGetTypeInfo` lists it (`UInt64`, `Decimal`, `String`).
    var typeName: String
    /// The full ClickHouse type (`LowCardinality(Nullable(String))`).
    var localTypeName: String
    var displaySize: Int
    /// SQL_DESC_OCTET_LENGTH: bytes of the default C representation.
    var octetLength: Int
    var radix: Int16?
    var caseSensitive: Bool
    var literalQuote: String?
    var fixedPrecisionScale: Bool

    /// The verbose type (`SQL_DATETIME` for the date/time types) and its subcode.
    var verboseType: (type: Int16, subcode: Int16) {
        switch sqlType {
        case K.SQL_TYPE_DATE: return (K.SQL_DATETIME, K.SQL_CODE_DATE)
        case K.SQL_TYPE_TIME: return (K.SQL_DATETIME, K.SQL_CODE_TIME)
        case K.SQL_TYPE_TIMESTAMP: return (K.SQL_DATETIME, K.SQL_CODE_TIMESTAMP)
        default: return (sqlType, 0)
        }
    }

    var isText: Bool {
        [K.SQL_CHAR, K.SQL_VARCHAR, K.SQL_LONGVARCHAR, K.SQL_WCHAR, K.SQL_WVARCHAR, K.SQL_WLONGVARCHAR].contains(sqlType)
    }

    /// The ClickHouse family name of a type: no parameters, no Nullable/LowCardinality.
    static func family(of type: CHType) -> String {
        String(type.unwrapped.name.prefix { $0 != "(" })
    }

    /// Describes `type` under `options`.
    static func describe(_ type: CHType, options: TypeOptions) -> SQLTypeInfo {
        let base = type.unwrapped
        let nullable = type.isNullable || base == .nothing
        let text: Int16 = options.wide ? K.SQL_WVARCHAR : K.SQL_VARCHAR
        let fixedText: Int16 = options.wide ? K.SQL_WCHAR : K.SQL_CHAR
        // Unbounded text: a long type unless the application asked for VARCHAR(StringMaxLength).
        let unboundedText: Int16 = options.stringMaxLength != nil ? text : (options.wide ? K.SQL_WLONGVARCHAR : K.SQL_LONGVARCHAR)
        let cap = options.stringMaxLength ?? TypeOptions.unboundedLength
        var info = SQLTypeInfo(sqlType: unboundedText, columnSize: cap, decimalDigits: 0, nullable: nullable, unsigned: false,
                               typeName: family(of: type), localTypeName: type.name, displaySize: cap,
                               octetLength: cap, radix: nil, caseSensitive: false, literalQuote: nil,
                               fixedPrecisionScale: false)
        func number(_ sql: Int16, size: Int, display: Int, octets: Int, unsigned: Bool = false, radix: Int16 = 10) {
            info.sqlType = sql
            info.columnSize = size
            info.displaySize = display
            info.octetLength = octets
            info.unsigned = unsigned
            info.radix = radix
        }
        func textual(_ sql: Int16, size: Int) {
            info.sqlType = sql
            info.columnSize = size
            info.displaySize = size
            // Bytes of the text in the C type (UTF-16 for wide), within SQLINTEGER's range.
            info.octetLength = min(options.wide ? size * 2 : size, Int(Int32.max))
            info.caseSensitive = true
            info.literalQuote = "'"
        }
        // Each type family declares its shape (CHNative's `Types/Families/`); here shapes
        // become ODBC's types.
        switch base.sqlShape {
        // Unsigned types are reported as the next wider signed SQL type, so applications that
        // read every integer as signed (pyodbc, many BI tools) still get the right value;
        // UInt64 has no wider integer type and is SQL_BIGINT with SQL_DESC_UNSIGNED.
        case .integer(bits: 8, signed: true): number(K.SQL_TINYINT, size: 3, display: 4, octets: 1)
        case .integer(bits: 8, signed: false): number(K.SQL_SMALLINT, size: 3, display: 3, octets: 2, unsigned: true)
        case .integer(bits: 16, signed: true): number(K.SQL_SMALLINT, size: 5, display: 6, octets: 2)
        case .integer(bits: 16, signed: false): number(K.SQL_INTEGER, size: 5, display: 5, octets: 4, unsigned: true)
        case .integer(bits: 32, signed: true): number(K.SQL_INTEGER, size: 10, display: 11, octets: 4)
        case .integer(bits: 32, signed: false): number(K.SQL_BIGINT, size: 10, display: 10, octets: 8, unsigned: true)
        case .integer(_, signed: true): number(K.SQL_BIGINT, size: 19, display: 20, octets: 8)
        case .integer(_, signed: false): number(K.SQL_BIGINT, size: 20, display: 20, octets: 8, unsigned: true)
        case .hugeInteger(let digits, let signed):
            // 256-bit values exceed what SQL_NUMERIC (128-bit) and most clients' decimal
            // buffers hold: always text. 128-bit ones are DECIMAL(39) unless HugeIntAsString.
            if options.hugeIntAsString || digits > 39 {
                textual(text, size: digits + 1)
                info.caseSensitive = false
                info.literalQuote = nil
            } else {
                number(K.SQL_DECIMAL, size: digits, display: digits + 1, octets: digits + 2, unsigned: !signed)
            }
        case .real: number(K.SQL_REAL, size: 7, display: 14, octets: 4, radix: 2)
        case .double: number(K.SQL_DOUBLE, size: 15, display: 24, octets: 8, radix: 2)
        case .bit:
            number(K.SQL_BIT, size: 1, display: 1, octets: 1)
            info.radix = nil
        case .decimal(let p, let s):
            number(K.SQL_DECIMAL, size: p, display: p + 2, octets: p + 2)
            info.decimalDigits = Int16(clamping: s)
            // Not SQL_DESC_FIXED_PREC_SCALE: that is a money type whose precision and scale the
            // data source fixes; Decimal(P, S) takes them from the column (LibreOffice reads it
            // as isCurrency and formats such a column as money).
        case .unboundedText: textual(unboundedText, size: cap)
        case .fixedText(let n): textual(fixedText, size: n)
        case .shortText(let n): textual(text, size: n)
        case .date:
            info.sqlType = K.SQL_TYPE_DATE
            info.columnSize = 10
            info.displaySize = 10
            info.octetLength = 6
            info.literalQuote = "'"
        case .timestamp(let p):
            info.sqlType = K.SQL_TYPE_TIMESTAMP
            info.columnSize = p > 0 ? 20 + p : 19
            info.displaySize = info.columnSize
            info.decimalDigits = Int16(clamping: p)
            info.octetLength = 16
            info.literalQuote = "'"
        case .guid:
            info.sqlType = K.SQL_GUID
            info.columnSize = 36
            info.displaySize = 36
            info.octetLength = 16
            info.literalQuote = "'"
        case .textForm:
            // Array, Tuple, Map, JSON and anything else: their ClickHouse text form.
            textual(unboundedText, size: cap)
            info.literalQuote = nil
        }
        return info
    }
}
