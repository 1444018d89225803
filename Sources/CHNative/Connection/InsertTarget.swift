/// What the server told the client about an insert before its data: the columns to send and
/// what it knows about the table.
public struct InsertTarget: Sendable {
    /// The server's sample block: the columns the data must have, in order, with their types
    /// (no rows).
    public let sample: Block
    /// The table's column descriptions as the server sent them (the TableColumns packet:
    /// names, types, `DEFAULT` expressions), when it sent them (26.9 does for tables when
    /// `input_format_defaults_for_omitted_fields` is on; 18.16 never does).
    public let columnDescription: String?
    /// The timezone the server applies to `DateTime` text without one, for columns whose type
    /// names none: the query's `session_timezone`, else the session's, else the server's.
    public let timezone: String?

    /// A target with the given sample block and table information.
    public init(sample: Block, columnDescription: String? = nil, timezone: String? = nil) {
        self.sample = sample
        self.columnDescription = columnDescription
        self.timezone = timezone
    }
}
