/// The server settings that change how a result is written as text, with the values the server
/// uses for a query.
///
/// Build it from the settings the server reports as changed for the query (its `SETTINGS`
/// clause, `SET`, settings sent with the query and the user's profile — ask the server, e.g.
/// `SELECT name, value FROM system.settings WHERE changed`) with ``init(changed:format:)``: a
/// setting that affects `format` but is not implemented throws, so the text is never silently
/// different from the server's.
public struct FormatSettings: Sendable, Equatable {
    /// `date_time_output_format`.
    public enum DateTimeOutput: String, Sendable {
        /// `YYYY-MM-DD hh:mm:ss` in the column's timezone.
        case simple
        /// `YYYY-MM-DDThh:mm:ssZ` in UTC.
        case iso
        /// Seconds since the epoch.
        case unixTimestamp = "unix_timestamp"
    }

    /// `date_time_output_format`.
    public var dateTimeOutput: DateTimeOutput = .simple
    /// `output_format_decimal_trailing_zeros`.
    public var decimalTrailingZeros = false
    /// `format_tsv_null_representation`.
    public var tsvNull: [UInt8] = Array("\\N".utf8)
    /// `format_csv_null_representation`.
    public var csvNull: [UInt8] = Array("\\N".utf8)
    /// `bool_true_representation` (top-level values of TSV, CSV and the text formats).
    public var boolTrue: [UInt8] = Array("true".utf8)
    /// `bool_false_representation`.
    public var boolFalse: [UInt8] = Array("false".utf8)
    /// `output_format_tsv_crlf_end_of_line`.
    public var tsvCRLF = false
    /// `output_format_csv_crlf_end_of_line`.
    public var csvCRLF = false
    /// `format_csv_delimiter`.
    public var csvDelimiter: UInt8 = 0x2C
    /// `output_format_csv_serialize_tuple_into_separate_columns`.
    public var csvTupleColumns = true
    /// `output_format_json_quote_64bit_integers`.
    public var jsonQuote64BitIntegers = false
    /// `output_format_json_quote_64bit_floats`.
    public var jsonQuote64BitFloats = false
    /// `output_format_json_quote_denormals`.
    public var jsonQuoteDenormals = false
    /// `output_format_json_quote_decimals`.
    public var jsonQuoteDecimals = false
    /// `output_format_json_escape_forward_slashes`.
    public var jsonEscapeForwardSlashes = true
    /// `output_format_json_named_tuples_as_objects`.
    public var jsonNamedTuplesAsObjects = true
    /// `output_format_json_pretty_print` (nested values of `JSON` over several lines).
    public var jsonPrettyPrint = true
    /// `output_format_csv_header_serialize_tuple_into_separate_columns`.
    public var csvHeaderTupleColumns = true
    /// `output_format_pretty_single_large_number_tip_threshold` (0: no tips).
    public var largeNumberTipThreshold: UInt64 = 1_000_000
    /// `output_format_pretty_row_numbers`.
    public var prettyRowNumbers = true
    /// `output_format_pretty_named_tuples_as_json`.
    public var prettyNamedTuplesAsJSON = true
    /// `output_format_write_statistics` (JSON formats' `statistics` object).
    public var writeStatistics = true
    /// `output_format_values_escape_quote_with_quote`.
    public var valuesEscapeQuoteWithQuote = false

    /// The server's defaults (ClickHouse 26.9).
    public init() {}

    /// The settings this type follows. Ask the server for their current values whether changed
    /// or not (another server version has other defaults), and for every changed setting.
    public static let implementedNames = [
        "date_time_output_format", "output_format_decimal_trailing_zeros", "format_tsv_null_representation",
        "format_csv_null_representation", "bool_true_representation", "bool_false_representation",
        "output_format_tsv_crlf_end_of_line", "output_format_csv_crlf_end_of_line", "format_csv_delimiter",
        "output_format_csv_serialize_tuple_into_separate_columns", "output_format_csv_header_serialize_tuple_into_separate_columns",
        "output_format_json_quote_64bit_integers", "output_format_json_quote_64bit_floats", "output_format_json_quote_denormals",
        "output_format_json_quote_decimals", "output_format_json_escape_forward_slashes", "output_format_json_named_tuples_as_objects",
        "output_format_json_pretty_print", "output_format_pretty_single_large_number_tip_threshold", "output_format_write_statistics",
        "output_format_pretty_row_numbers", "output_format_pretty_named_tuples_as_json",
        "output_format_values_escape_quote_with_quote",
    ]

    /// The settings for `format` given the settings the server reports as changed for the query
    /// and the values of ``implementedNames`` (name → value as `system.settings` shows it). Throws ``FormatSettingsError`` for a setting
    /// that changes the text of `format` but is not implemented, or a value out of its domain.
    public init(changed: [String: String], format: OutputFormat) throws {
        self.init()
        for (name, value) in changed.sorted(by: { $0.key < $1.key }) {
            try apply(name: name, value: value, format: format)
        }
    }

    private mutating func apply(name: String, value: String, format: OutputFormat) throws {
        func flag() throws -> Bool {
            switch value.lowercased() {
            case "1", "true": return true
            case "0", "false": return false
            default: throw FormatSettingsError.badValue(name: name, value: value)
            }
        }
        switch name {
        case "date_time_output_format":
            guard let v = DateTimeOutput(rawValue: value.lowercased()) else { throw FormatSettingsError.badValue(name: name, value: value) }
            dateTimeOutput = v
        case "output_format_decimal_trailing_zeros": decimalTrailingZeros = try flag()
        case "format_tsv_null_representation": tsvNull = Array(value.utf8)
        case "format_csv_null_representation": csvNull = Array(value.utf8)
        case "bool_true_representation": boolTrue = Array(value.utf8)
        case "bool_false_representation": boolFalse = Array(value.utf8)
        case "output_format_tsv_crlf_end_of_line": tsvCRLF = try flag()
        case "output_format_csv_crlf_end_of_line": csvCRLF = try flag()
        case "format_csv_delimiter":
            let bytes = Array(value.utf8)
            guard bytes.count == 1 else { throw FormatSettingsError.badValue(name: name, value: value) }
            csvDelimiter = bytes[0]
        case "output_format_csv_serialize_tuple_into_separate_columns": csvTupleColumns = try flag()
        case "output_format_json_quote_64bit_integers": jsonQuote64BitIntegers = try flag()
        case "output_format_json_quote_64bit_floats": jsonQuote64BitFloats = try flag()
        case "output_format_json_quote_denormals": jsonQuoteDenormals = try flag()
        case "output_format_json_quote_decimals": jsonQuoteDecimals = try flag()
        case "output_format_json_escape_forward_slashes": jsonEscapeForwardSlashes = try flag()
        case "output_format_json_named_tuples_as_objects": jsonNamedTuplesAsObjects = try flag()
        case "output_format_json_pretty_print": jsonPrettyPrint = try flag()
        case "output_format_csv_header_serialize_tuple_into_separate_columns": csvHeaderTupleColumns = try flag()
        case "output_format_pretty_single_large_number_tip_threshold":
            guard let v = UInt64(value) else { throw FormatSettingsError.badValue(name: name, value: value) }
            largeNumberTipThreshold = v
        case "output_format_pretty_row_numbers": prettyRowNumbers = try flag()
        case "output_format_pretty_named_tuples_as_json": prettyNamedTuplesAsJSON = try flag()
        case "output_format_write_statistics": writeStatistics = try flag()
        case "output_format_values_escape_quote_with_quote": valuesEscapeQuoteWithQuote = try flag()
        case "output_format" where value.isEmpty: break
        default:
            if Self.affects(name: name, format: format) { throw FormatSettingsError.notImplemented(name: name, value: value, format: format) }
        }
    }

    /// Whether the setting `name` can change the text of `format` (those not implemented here
    /// make ``init(changed:format:)`` throw).
    static func affects(name: String, format: OutputFormat) -> Bool {
        if format == .null { return false }
        let binaryFamilies = ["parquet", "arrow", "orc", "avro", "msgpack", "protobuf", "bson", "native", "capn", "sql_insert",
                              "image", "schema", "compression", "parallel_formatting", "enable_streaming", "binary", "npy", "template",
                              "custom", "regexp", "hive", "geojson"]
        if name.hasPrefix("output_format_pretty_") { return format.isPretty }
        if name.hasPrefix("output_format_json_") { return format.isJSON }
        if name.hasPrefix("output_format_csv_") || name.hasPrefix("format_csv_") { return format.isCSV }
        if name.hasPrefix("output_format_markdown_") { return format == .markdown }
        if name.hasPrefix("output_format_values_") { return format == .values }
        if name.hasPrefix("output_format_tsv_") || name.hasPrefix("format_tsv_") { return format.isTabSeparated }
        if name.hasPrefix("output_format_") || name.hasPrefix("format_") {
            let rest = name.hasPrefix("output_format_") ? name.dropFirst(14) : name.dropFirst(7)
            if rest.hasPrefix("schema") || rest.hasPrefix("display_secrets") { return false }
            return !binaryFamilies.contains { rest.hasPrefix($0) }
        }
        switch name {
        case "interval_output_format", "print_pretty_type_names", "output_format": return true
        case "rows_before_aggregation": return format == .json || format == .jsonCompact
        default: return false
        }
    }
}

/// A format setting that cannot be honoured.
public enum FormatSettingsError: Error, Equatable, CustomStringConvertible {
    /// The setting changes how `format` is written and is not implemented by this client.
    case notImplemented(name: String, value: String, format: OutputFormat)
    /// The value is not one the setting accepts.
    case badValue(name: String, value: String)

    public var description: String {
        switch self {
        case .notImplemented(let name, let value, let format):
            return "the setting \(name) = '\(value)' changes how \(format.rawValue) is written and is not implemented by datalake query; nothing was printed (reset it or let the server render: clickhouse-client or HTTP)"
        case .badValue(let name, let value):
            return "the setting \(name) has a value this client does not understand: '\(value)'"
        }
    }
}
