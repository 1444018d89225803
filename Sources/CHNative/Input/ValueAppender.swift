/// What value parsers share: the settings, the timezone for zone-less times, and scratch
/// buffers (one per kind of text, so a value parsed from decoded text may decode more).
final class ValueContext {
    let settings: TextInputSettings
    /// The timezone of `DateTime` text for columns whose type names none.
    let timezone: String?
    /// Decoded quoted strings inside arrays, tuples and maps.
    let quoted = TextEscapes.Scratch()
    /// Decoded JSON strings.
    let json = TextEscapes.Scratch()

    init(settings: TextInputSettings, timezone: String?) {
        self.settings = settings
        self.timezone = timezone
    }
}

/// Parses text values of one ClickHouse type into the storage of a growing column. One
/// implementation per type parser (``ScalarAppender`` with a ``ScalarTextParser`` for the
/// fixed-width ones); ``ValueAppenders/make(_:context:)`` picks it for a type.
protocol ValueAppender: AnyObject {
    /// The column type built.
    var type: CHType { get }
    /// The number of values appended since the last ``takeColumn()``.
    var count: Int { get }
    /// Whether a TabSeparated field of this type has its backslash escapes decoded before it
    /// is parsed (strings and enum names); other types read the field as it is, as the
    /// server does (an array's strings carry their own escapes).
    var readsEscapedText: Bool { get }
    /// Appends the value whose whole text is `text`: a TabSeparated field (escapes decoded),
    /// a CSV field (quotes removed). Arrays, tuples and maps are in their quoted syntax.
    func appendText(_ text: UnsafeRawBufferPointer) throws
    /// Appends the value next at `cursor`, inside an array, tuple or map.
    func appendQuoted(_ cursor: inout QuotedCursor) throws
    /// Appends the JSON value next at `cursor`.
    func appendJSON(_ cursor: inout JSONCursor) throws
    /// Appends the type's default: zero, empty, NULL for Nullable (an Enum's smallest value) —
    /// what the server stores for an omitted JSON key.
    func appendDefault()
    /// Appends what the server's `insertDefault` stores for NULL into a column that is not
    /// Nullable, an empty CSV field or a missing tuple element: the default, except that an
    /// Enum gets the number 0 (refused when 0 is none of its values).
    func appendInsertDefault() throws
    /// Appends NULL: Nullable stores NULL; other types store their default when
    /// `input_format_null_as_default` is on, or throw.
    func appendNull() throws
    /// Drops the values after the first `count`.
    func truncate(to count: Int)
    /// The column of the values appended, leaving the appender empty.
    func takeColumn() -> any Column
}

/// Appenders whose values can be dictionary keys (for LowCardinality).
protocol KeyAppender: ValueAppender {
    /// Feeds the value at `row` to `hasher`.
    func hashValue(at row: Int, into hasher: inout Hasher)
    /// Whether the values at `a` and `b` are equal.
    func equalValues(_ a: Int, _ b: Int) -> Bool
}

extension ValueAppender {
    var readsEscapedText: Bool { false }

    func appendInsertDefault() throws { appendDefault() }

    /// NULL where the type has none: the default when the settings say so.
    func nullAsDefault(_ settings: TextInputSettings) throws {
        guard settings.nullAsDefault else {
            throw ValueProblem("NULL for a column of type \(type.name), which is not Nullable")
        }
        try appendInsertDefault()
    }

    /// Parses the whole of `text` in the quoted syntax (arrays, tuples, maps at top level).
    func appendWholeQuoted(_ text: UnsafeRawBufferPointer) throws {
        var cursor = QuotedCursor(text)
        try appendQuoted(&cursor)
        try cursor.expectEnd()
    }
}
