@testable import CHNative

/// The effective input settings of a default ClickHouse 26.9 (`system.settings`).
let settings26: TextInputSettings = {
    let values: [String: String] = [
        "input_format_skip_unknown_fields": "1", "input_format_null_as_default": "1",
        "input_format_defaults_for_omitted_fields": "1", "input_format_csv_empty_as_default": "1",
        "format_csv_delimiter": ",", "format_csv_allow_single_quotes": "0", "format_csv_allow_double_quotes": "1",
        "input_format_csv_trim_whitespaces": "1", "input_format_csv_deserialize_separate_columns_into_tuple": "1",
        "input_format_csv_detect_header": "1", "input_format_tsv_detect_header": "1", "date_time_input_format": "best_effort",
        "input_format_json_read_numbers_as_strings": "1", "input_format_json_read_bools_as_numbers": "1",
        "input_format_json_read_bools_as_strings": "1", "input_format_json_read_objects_as_strings": "1",
        "input_format_json_read_arrays_as_strings": "1", "input_format_json_named_tuples_as_objects": "1",
        "input_format_json_defaults_for_missing_elements_in_named_tuple": "1",
        "input_format_json_ignore_unknown_keys_in_named_tuple": "1",
    ]
    return (try? TextInputSettings(values: values)) ?? TextInputSettings()
}()

/// The settings of ClickHouse 18.16 (most of the above do not exist there).
let settings18: TextInputSettings = (try? TextInputSettings(values: [
    "input_format_skip_unknown_fields": "0", "format_csv_delimiter": ",", "format_csv_allow_single_quotes": "1",
    "format_csv_allow_double_quotes": "1", "date_time_input_format": "basic",
])) ?? TextInputSettings()

/// A sample block with empty columns named and typed as given.
func sample(_ columns: [(String, String)]) throws -> Block {
    let context = ValueContext(settings: settings26, timezone: nil)
    return Block(unchecked: columns.map(\.0), columns: try columns.map { try ValueAppenders.make(try TypeParser.parse($0.1), context: context).takeColumn() })
}

/// Reads `text` in `format` into blocks (input handed over `chunk` bytes at a time); returns
/// them as TabSeparated text, and the error that stopped the reading if one did.
func readBlocks(_ format: TextInputFormat, _ columns: [(String, String)], _ text: String, settings: TextInputSettings = settings26,
                timezone: String? = nil, description: String? = nil, chunk: Int = 5, blockRows: Int = 65_536,
                maximumRowBytes: Int = 1 << 20) throws -> (text: String, blocks: [Block], error: (any Error)?) {
    let bytes = Array(text.utf8)
    var offset = 0
    // By default the table has no DEFAULT expressions, as the server describes it.
    let description = description ?? "columns format version: 1\n\(columns.count) columns:\n" + columns.map { "`\($0.0)` \($0.1)\n" }.joined()
    let reader = try TextBlockReader(format: format, settings: settings,
                                     target: InsertTarget(sample: try sample(columns), columnDescription: description, timezone: timezone),
                                     blockRows: blockRows, maximumRowBytes: maximumRowBytes) { buffer in
        let n = min(chunk, buffer.count, bytes.count - offset)
        for i in 0..<n { buffer[i] = bytes[offset + i] }
        offset += n
        return n
    }
    var blocks: [Block] = []
    do {
        while let b = try reader.nextBlock() { blocks.append(b) }
    } catch {
        return (blocks.map(tsv).joined(), blocks, error)
    }
    return (blocks.map(tsv).joined(), blocks, nil)
}

/// The TabSeparated text of `text` read in `format`, or the error's description.
func parsed(_ format: TextInputFormat, _ type: String, _ text: String, settings: TextInputSettings = settings26, timezone: String? = nil) -> String {
    do {
        let r = try readBlocks(format, [("v", type)], text, settings: settings, timezone: timezone)
        if let e = r.error { return "error: \(e)" }
        return r.text
    } catch {
        return "error: \(error)"
    }
}
