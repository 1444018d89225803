/// Text output formats for query results, each written byte-identical to the server's own
/// rendering of the same result (ClickHouse 26.9 over HTTP).
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Values separated by tabs, escaped as ClickHouse's `TabSeparated` does.
    case tabSeparated = "TabSeparated"
    /// `TabSeparated` without escaping.
    case tabSeparatedRaw = "TabSeparatedRaw"
    /// `TabSeparated` with a first line of column names.
    case tabSeparatedWithNames = "TabSeparatedWithNames"
    /// `TabSeparated` with a line of column names and a line of types.
    case tabSeparatedWithNamesAndTypes = "TabSeparatedWithNamesAndTypes"
    /// Comma-separated values.
    case csv = "CSV"
    /// `CSV` with a first line of column names.
    case csvWithNames = "CSVWithNames"
    /// One JSON object per row.
    case jsonEachRow = "JSONEachRow"
    /// One JSON array per row.
    case jsonCompactEachRow = "JSONCompactEachRow"
    /// One JSON document: `meta`, `data` (objects), totals, extremes, `rows`, `statistics`.
    case json = "JSON"
    /// `JSON` with rows as arrays.
    case jsonCompact = "JSONCompact"
    /// Tables drawn with box characters, a line between rows.
    case pretty = "Pretty"
    /// Compact tables drawn with box characters (blocks arriving within 50 ms share one).
    case prettyCompact = "PrettyCompact"
    /// One compact table for the whole result (buffered).
    case prettyCompactMonoBlock = "PrettyCompactMonoBlock"
    /// Columns aligned with spaces.
    case prettySpace = "PrettySpace"
    /// One `name: value` line per column, rows one after the other.
    case vertical = "Vertical"
    /// A Markdown table.
    case markdown = "Markdown"
    /// `(v1, v2), (…)` as in `INSERT … VALUES`.
    case values = "Values"
    /// Decodes every block and prints nothing (for measuring).
    case null = "Null"

    /// Other names the server accepts for the same formats.
    static let aliases: [String: OutputFormat] = [
        "tsv": .tabSeparated, "tsvraw": .tabSeparatedRaw, "raw": .tabSeparatedRaw,
        "tsvwithnames": .tabSeparatedWithNames, "tsvwithnamesandtypes": .tabSeparatedWithNamesAndTypes,
    ]

    /// The format named `name`, ignoring case as the server does (`tsv`, `json`), aliases
    /// (`TSV`, `TSVRaw`, `TSVWithNames`…) included; `nil` for a format not implemented.
    public init?(named name: String) {
        let lower = name.lowercased()
        if let f = Self.allCases.first(where: { $0.rawValue.lowercased() == lower }) {
            self = f
        } else if let f = Self.aliases[lower] {
            self = f
        } else {
            return nil
        }
    }

    /// The names of every supported format, for error messages.
    public static var supportedNames: String { allCases.map(\.rawValue).joined(separator: ", ") }

    var isTabSeparated: Bool {
        switch self {
        case .tabSeparated, .tabSeparatedRaw, .tabSeparatedWithNames, .tabSeparatedWithNamesAndTypes: return true
        default: return false
        }
    }

    var isCSV: Bool { self == .csv || self == .csvWithNames }

    var isJSON: Bool {
        switch self {
        case .json, .jsonCompact, .jsonEachRow, .jsonCompactEachRow: return true
        default: return false
        }
    }

    /// The formats `output_format_pretty_*` settings apply to.
    var isPretty: Bool {
        switch self {
        case .vertical, .pretty, .prettyCompact, .prettyCompactMonoBlock, .prettySpace: return true
        default: return false
        }
    }
}
