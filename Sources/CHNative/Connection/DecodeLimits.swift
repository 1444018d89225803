/// Bounds on what a server's stream may make CHNative allocate.
///
/// Almost everything CHNative decodes is backed byte for byte by what the server sent, and
/// memory grows only as those bytes arrive. The exceptions are bounded here, so that a
/// corrupt or hostile stream gets an error naming the limit instead of exhausting memory.
public struct DecodeLimits: Sendable, Hashable {
    /// The most rows a column in sparse serialization may expand to. A sparse column sends
    /// only its non-default values and the count of default rows between them, so a few bytes
    /// can claim any number of rows; CHNative expands it into an ordinary column. The server
    /// sends blocks of `max_block_size` rows (65,409 by default); raise this when you ask for
    /// larger blocks. Default 16,777,216 (2^24).
    public var maximumSparseRows: Int

    /// Creates limits; the defaults suit every query that does not raise `max_block_size`
    /// beyond 2^24 rows.
    public init(maximumSparseRows: Int = 1 << 24) {
        self.maximumSparseRows = maximumSparseRows
    }
}
