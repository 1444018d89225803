import COpenSSL
import Foundation

/// Passwords and their hashes. Passwords come from OpenSSL's CSPRNG; only their SHA-256 is kept.
public enum Secrets {
    /// Characters of generated passwords: letters and digits only, so they survive shells,
    /// connection strings (`PWD=...;`) and URL forms without quoting.
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    /// The length of generated passwords: 32 characters of 62 give 190 bits of entropy.
    public static let passwordLength = 32

    /// Bits of entropy of a generated password.
    public static var passwordEntropyBits: Double { Double(passwordLength) * Foundation.log2(Double(alphabet.count)) }

    /// `count` bytes from OpenSSL's cryptographically secure generator.
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard ok == 1 else { throw DatalakeError.serverFailed("the system random generator failed (RAND_bytes)") }
        return bytes
    }

    /// Uniformly random characters of `alphabet` (rejection sampling: no modulo bias).
    static func randomString(length: Int, alphabet: [UInt8] = alphabet) throws -> String {
        let limit = 256 - 256 % alphabet.count
        var out: [UInt8] = []
        out.reserveCapacity(length)
        while out.count < length {
            for b in try randomBytes(length * 2) where Int(b) < limit && out.count < length {
                out.append(alphabet[Int(b) % alphabet.count])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A new password of ``passwordLength`` characters.
    public static func newPassword() throws -> String { try randomString(length: passwordLength) }

    /// The lower-case hex SHA-256 of `text`'s UTF-8 bytes, as ClickHouse's `sha256_hash`
    /// authentication and `password_sha256_hex` expect.
    public static func sha256Hex(_ text: String) -> String {
        let input = Array(text.utf8)
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        input.withUnsafeBufferPointer { i in
            digest.withUnsafeMutableBufferPointer { d in _ = SHA256(i.baseAddress, i.count, d.baseAddress) }
        }
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in digest { out.append(hex[Int(b >> 4)]); out.append(hex[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Secrets {
    /// Whether `given` equals `expected`, in time that depends only on `expected`'s length.
    public static func constantTimeEqual(_ given: String, _ expected: String) -> Bool {
        let g = Array(given.utf8), e = Array(expected.utf8)
        guard !e.isEmpty else { return false }
        var diff = UInt8(g.count == e.count ? 0 : 1)
        for i in 0..<e.count { diff |= e[i] ^ (i < g.count ? g[i] : 0) }
        return diff == 0
    }
}
