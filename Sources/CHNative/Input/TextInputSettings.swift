/// The server settings that decide how ClickHouse parses text input, as this client follows
/// them. Built from the effective values (`system.settings` as the insert would see them); a
/// setting this parser does not follow must keep the value it implements, or the insert is
/// refused before anything is sent.
///
/// A setting the server does not have (18.16 lacks most) means the behaviour of servers
/// before it, which is what the defaults here describe.
package struct TextInputSettings: Sendable, Equatable {
    /// `input_format_skip_unknown_fields`: JSON keys naming no column are skipped (else an error).
    package var skipUnknownFields = false
    /// `input_format_null_as_default`: NULL for a column that is not Nullable stores the
    /// type's default (else an error).
    package var nullAsDefault = false
    /// `input_format_defaults_for_omitted_fields`: an omitted JSON key or an empty CSV field
    /// takes the column's `DEFAULT` expression, which this client cannot evaluate (such rows
    /// are refused for columns that have one).
    package var defaultsForOmittedFields = false
    /// `input_format_csv_empty_as_default`: an empty unquoted CSV field is the column's
    /// default; `nil` when the server has no such setting (the empty text is parsed).
    package var csvEmptyAsDefault: Bool?
    /// `format_csv_delimiter`.
    package var csvDelimiter: UInt8 = UInt8(ascii: ",")
    /// `format_csv_allow_single_quotes`.
    package var csvAllowSingleQuotes = true
    /// `format_csv_allow_double_quotes`.
    package var csvAllowDoubleQuotes = true
    /// `input_format_csv_trim_whitespaces`: spaces and tabs around unquoted CSV fields are
    /// dropped.
    package var csvTrimWhitespaces = true
    /// `input_format_csv_deserialize_separate_columns_into_tuple`: a Tuple column takes one
    /// CSV field per element.
    package var csvTupleAsSeparateFields = false
    /// `input_format_csv_detect_header`: a first row holding the column names is a header.
    package var csvDetectHeader = false
    /// `input_format_tsv_detect_header`.
    package var tsvDetectHeader = false
    /// `date_time_input_format = 'best_effort'` (else `basic`).
    package var dateTimeBestEffort = false
    /// `input_format_json_read_numbers_as_strings`: a JSON number for a String column is its text.
    package var jsonNumbersAsStrings = false
    /// `input_format_json_read_bools_as_numbers`: JSON true/false for a number column is 1/0.
    package var jsonBoolsAsNumbers = false
    /// `input_format_json_read_bools_as_strings`: JSON true/false for a String column is its text.
    package var jsonBoolsAsStrings = false
    /// `input_format_json_read_objects_as_strings`: a JSON object for a String column is its text.
    package var jsonObjectsAsStrings = false
    /// `input_format_json_read_arrays_as_strings`: a JSON array for a String column is its text.
    package var jsonArraysAsStrings = false
    /// `input_format_json_named_tuples_as_objects`: a named Tuple may be a JSON object.
    package var jsonNamedTuplesAsObjects = false
    /// `input_format_json_defaults_for_missing_elements_in_named_tuple`.
    package var jsonMissingTupleElementsAsDefault = false
    /// `input_format_json_ignore_unknown_keys_in_named_tuple`.
    package var jsonIgnoreUnknownTupleKeys = false

    /// The settings of servers before the ones above existed (18.16's behaviour).
    package init() {}

    /// The settings to read from the server (`system.settings`), for ``init(values:)``.
    package static let names: [String] = Array(followed.keys) + Array(required.keys) + ["date_time_input_format", "format_csv_delimiter"]

    /// Settings followed, and how.
    private static let followed: [String: @Sendable (inout TextInputSettings, String) -> Void] = [
        "input_format_skip_unknown_fields": { $0.skipUnknownFields = flag($1) },
        "input_format_null_as_default": { $0.nullAsDefault = flag($1) },
        "input_format_defaults_for_omitted_fields": { $0.defaultsForOmittedFields = flag($1) },
        "input_format_csv_empty_as_default": { $0.csvEmptyAsDefault = flag($1) },
        "format_csv_allow_single_quotes": { $0.csvAllowSingleQuotes = flag($1) },
        "format_csv_allow_double_quotes": { $0.csvAllowDoubleQuotes = flag($1) },
        "input_format_csv_trim_whitespaces": { $0.csvTrimWhitespaces = flag($1) },
        "input_format_csv_deserialize_separate_columns_into_tuple": { $0.csvTupleAsSeparateFields = flag($1) },
        "input_format_csv_detect_header": { $0.csvDetectHeader = flag($1) },
        "input_format_tsv_detect_header": { $0.tsvDetectHeader = flag($1) },
        "input_format_json_read_numbers_as_strings": { $0.jsonNumbersAsStrings = flag($1) },
        "input_format_json_read_bools_as_numbers": { $0.jsonBoolsAsNumbers = flag($1) },
        "input_format_json_read_bools_as_strings": { $0.jsonBoolsAsStrings = flag($1) },
        "input_format_json_read_objects_as_strings": { $0.jsonObjectsAsStrings = flag($1) },
        "input_format_json_read_arrays_as_strings": { $0.jsonArraysAsStrings = flag($1) },
        "input_format_json_named_tuples_as_objects": { $0.jsonNamedTuplesAsObjects = flag($1) },
        "input_format_json_defaults_for_missing_elements_in_named_tuple": { $0.jsonMissingTupleElementsAsDefault = flag($1) },
        "input_format_json_ignore_unknown_keys_in_named_tuple": { $0.jsonIgnoreUnknownTupleKeys = flag($1) },
    ]

    /// Settings this parser does not follow, with the only value it implements.
    private static let required: [String: String] = [
        "input_format_allow_errors_num": "0",
        "input_format_allow_errors_ratio": "0",
        "format_tsv_null_representation": "\\N",
        "format_csv_null_representation": "\\N",
        "input_format_tsv_empty_as_default": "0",
        "input_format_tsv_crlf_end_of_line": "0",
        "input_format_tsv_enum_as_number": "0",
        "input_format_tsv_skip_first_lines": "0",
        "input_format_tsv_allow_variable_number_of_columns": "0",
        "input_format_csv_skip_first_lines": "0",
        "input_format_csv_allow_variable_number_of_columns": "0",
        "input_format_csv_allow_whitespace_or_tab_as_delimiter": "0",
        "input_format_csv_use_default_on_bad_values": "0",
        "input_format_csv_arrays_as_nested_csv": "0",
        "input_format_csv_enum_as_number": "0",
        "input_format_csv_allow_cr_end_of_line": "0",
        "input_format_import_nested_json": "0",
        "input_format_json_empty_as_default": "0",
        "input_format_json_throw_on_bad_escape_sequence": "1",
        "input_format_json_map_as_array_of_tuples": "0",
        "input_format_force_null_for_omitted_fields": "0",
        "input_format_ipv4_default_on_conversion_error": "0",
        "input_format_ipv6_default_on_conversion_error": "0",
    ]

    /// The settings given by their effective values (`name → value` from `system.settings`;
    /// a name missing means the server has no such setting). Throws naming a setting whose
    /// value this parser does not implement.
    package init(values: [String: String]) throws {
        for (name, apply) in Self.followed {
            if let v = values[name] { apply(&self, v) }
        }
        if let d = values["format_csv_delimiter"] {
            guard d.utf8.count == 1, let b = d.utf8.first, b != UInt8(ascii: "\""), b != UInt8(ascii: "'"), b != 0x0A, b != 0x0D else {
                throw TextInputUnsupported("format_csv_delimiter = '\(d)' is not supported by this client's CSV parser (one byte other than a quote or line end)")
            }
            csvDelimiter = b
        }
        if let mode = values["date_time_input_format"] {
            switch mode {
            case "basic": dateTimeBestEffort = false
            case "best_effort": dateTimeBestEffort = true
            default: throw TextInputUnsupported("date_time_input_format = '\(mode)' is not supported by this client's parser (basic or best_effort)")
            }
        }
        for (name, expected) in Self.required.sorted(by: { $0.key < $1.key }) {
            if let v = values[name], v != expected {
                throw TextInputUnsupported("the setting \(name) = '\(v)' is not supported when the client parses the rows (only '\(expected)')")
            }
        }
    }

    private static func flag(_ v: String) -> Bool { v == "1" || v.lowercased() == "true" }
}
