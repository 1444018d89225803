/// The text formats whose rows CHNative parses itself to insert them as native blocks.
package enum TextInputFormat: String, Sendable, CaseIterable {
    /// `TabSeparated`: fields split by tabs, rows by newlines, backslash escapes, `\N` for NULL.
    case tabSeparated = "TabSeparated"
    /// `TabSeparatedRaw`: like `TabSeparated` without escapes (a field is its bytes).
    case tabSeparatedRaw = "TabSeparatedRaw"
    /// `CSV`: comma-separated fields, double-quoted when they hold delimiters, quotes or newlines.
    case csv = "CSV"
    /// `JSONEachRow`: one JSON object per row, keys naming the columns.
    case jsonEachRow = "JSONEachRow"

    /// The format named `name` (ClickHouse's names and aliases, any case), if supported.
    package init?(named name: String) {
        switch name.lowercased() {
        case "tabseparated", "tsv": self = .tabSeparated
        case "tabseparatedraw", "tsvraw", "raw": self = .tabSeparatedRaw
        case "csv": self = .csv
        case "jsoneachrow", "jsonlines", "ndjson": self = .jsonEachRow
        default: return nil
        }
    }

    /// The names accepted, for messages.
    package static let supportedNames = "TabSeparated, TabSeparatedRaw, CSV or JSONEachRow"
}
