/// A validated organisation id: 1 to 64 characters of `A-Z a-z 0-9 _ -`.
///
/// Organisation ids may be numeric (`4711`), so every identifier built from one is quoted with
/// `SQLIdentifier.quote` and every literal with ``SQLLiteral/string(_:)``.
public struct OrgID: Sendable, Hashable, CustomStringConvertible {
    /// The id as given.
    public let rawValue: String

    /// Validates `rawValue`; throws ``DatalakeError/invalidInput(_:)`` naming the rule otherwise.
    public init(_ rawValue: String) throws {
        guard Self.isValid(rawValue) else {
            throw DatalakeError.invalidInput(
                "invalid organisation id '\(Self.printable(rawValue))': use 1 to 64 characters of A-Z, a-z, 0-9, '_' and '-'")
        }
        self.rawValue = rawValue
    }

    /// Whether `s` is a valid organisation id.
    public static func isValid(_ s: String) -> Bool {
        let bytes = Array(s.utf8)
        guard (1...64).contains(bytes.count) else { return false }
        return bytes.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }

    public var description: String { rawValue }

    /// `s` shortened and with control characters replaced, for error messages.
    static func printable(_ s: String) -> String {
        let cleaned = String(s.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) })
        return cleaned.count > 80 ? String(cleaned.prefix(80)) + "…" : cleaned
    }
}
