import CHNative
/// The fuzz targets' entry points: each runs one decoder over an arbitrary byte string the way
/// the client would, and exercises whatever it accepts. The libFuzzer executable
/// (`Sources/CHNativeFuzz`, built by `scripts/fuzz.sh`) calls them under AddressSanitizer, and
/// `FuzzCorpusReplayTests` replays the kept corpora and regressions (`Fuzz/`) through them in
/// every test run. Nothing else calls them.
///
/// Each returns a one-line outcome for the reproducer. Decoders may only throw
/// ``ClickHouseError``; anything else stops the process (a finding).
package enum FuzzEntryPoints {
    /// The targets, by the name used on the command line and for the corpus directories.
    package static let targets: [String: @Sendable (UnsafeRawBufferPointer) -> String] = [
        "block": blockDecoder,
        "packet": packetDecoder,
        "frame": frameDecoder,
        "type": typeParser,
        "sql-lexer": sqlLexer,
    ]

    /// The native block decoder. The first byte picks the protocol revision (even: FORMAT
    /// Native / revision 0, odd: the current revision); the rest is the block stream. Every
    /// decoded block is printed, read cell by cell and re-encoded.
    @Sendable package static func blockDecoder(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let first = bytes.first else { return "empty" }
        let revision: UInt64 = first & 1 == 0 ? 0 : ProtocolRevision.current
        let r = ReadBuffer(bytes: bytes.dropFirst())
        var blocks = 0
        return outcome {
            while blocks < 8, try r.hasMore() {
                let block = try BlockReader.read(from: r, revision: revision, context: DecodeContext(defaultTimezone: "UTC"))
                exercise(block, revision: revision)
                blocks += 1
            }
            return "decoded \(blocks) block(s)"
        }
    }

    /// Prints a block in every output format, reads the cells of its first `rows` rows and
    /// re-encodes it.
    package static func exercise(_ block: Block, revision: UInt64, rows: Int = 16) {
        for format in [OutputFormat.tabSeparated, .jsonEachRow] {
            var f = ResultFormatter(format: format)
            var out = TextOutput()
            f.write(block, to: &out)
        }
        for c in block.columns {
            for row in 0..<min(c.count, rows) {
                _ = c.value(at: row)
                _ = c.isNull(at: row)
                var o = TextOutput()
                c.writeText(at: row, to: &o, style: .quoted)
            }
        }
        let w = WriteBuffer()
        _ = try? BlockWriter.write(block, to: w, revision: revision)
    }

    /// Runs `body`, turning a ``ClickHouseError`` into a "rejected" outcome.
    package static func outcome(_ body: () throws -> String) -> String {
        do {
            return try body()
        } catch let error as ClickHouseError {
            return "rejected: \(error)"
        } catch {
            fatalError("a decoder threw a non-ClickHouseError: \(error)")
        }
    }
}
