/// A parsed HTTP/1.1 request.
public struct HTTPRequest: Sendable {
    /// `GET`, `POST`, ...
    public var method: String
    /// The path without the query string.
    public var path: String
    /// Query parameters (not percent-decoded beyond `+`/`%XX`).
    public var query: [String: String]
    /// Header fields with lower-case names.
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// A header by case-insensitive name.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The fields of an `application/x-www-form-urlencoded` body.
    public func formFields() -> [String: String] {
        HTTPParser.urlEncoded(Substring(String(decoding: body, as: UTF8.self)))
    }

    /// A cookie's value from the `Cookie` header.
    public func cookie(_ name: String) -> String? {
        for part in (header("cookie") ?? "").split(separator: ";") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2, kv[0].trimmingCharacters(in: .whitespaces) == name { return String(kv[1]).trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

/// An HTTP response.
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200 or 413.
    public var status: Int
    /// Header names and values, in order.
    public var headers: [(String, String)]
    /// The body bytes.
    public var body: [UInt8]

    /// A response with a body and content type.
    public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: [UInt8]) {
        self.status = status
        self.headers = [("Content-Type", contentType)]
        self.body = body
    }

    /// A JSON response.
    public static func json(_ status: Int, _ text: String) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", body: Array(text.utf8))
    }

    /// A JSON error `{"error": message}`.
    public static func error(_ status: Int, _ message: String) -> HTTPResponse {
        json(status, "{\"error\":\(JSONText.encode(message) ?? "\"\"")}")
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 303: return "See Other"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 411: return "Length Required"
        case 413: return "Payload Too Large"
        case 431: return "Request Header Fields Too Large"
        case 500: return "Internal Server Error"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    /// The serialized response.
    func bytes(keepAlive: Bool) -> [UInt8] {
        var head = "HTTP/1.1 \(status) \(Self.reason(status))\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        head += "Content-Length: \(body.count)\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
        return Array(head.utf8) + body
    }
}

/// Parses requests from a byte buffer.
enum HTTPParser {
    enum Outcome {
        case request(HTTPRequest, consumed: Int)
        case needMore
        case invalid(Int, String)
    }

    static func parse(_ buf: [UInt8], maxBody: Int) -> Outcome {
        guard let headEnd = find(buf, [13, 10, 13, 10]) else {
            return buf.count > 64 * 1024 ? .invalid(400, "header too large") : .needMore
        }
        guard headEnd <= 64 * 1024 else { return .invalid(400, "header too large") }
        let head = String(decoding: buf[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let parts = lines.removeFirst().split(separator: " ")
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else { return .invalid(400, "malformed request line") }
        var headers: [String: String] = [:]
        for l in lines {
            guard let c = l.firstIndex(of: ":") else { return .invalid(400, "malformed header") }
            headers[l[..<c].lowercased()] = l[l.index(after: c)...].trimmingCharacters(in: .whitespaces)
        }
        if headers["transfer-encoding"] != nil { return .invalid(411, "chunked bodies are not supported; send Content-Length") }
        let length = Int(headers["content-length"] ?? "0") ?? -1
        guard length >= 0 else { return .invalid(400, "bad Content-Length") }
        guard length <= maxBody else { return .invalid(413, "body larger than \(maxBody) bytes") }
        let start = headEnd + 4
        guard buf.count >= start + length else { return .needMore }
        let target = String(parts[1])
        var path = target
        var query: [String: String] = [:]
        if let q = target.firstIndex(of: "?") {
            path = String(target[..<q])
            query = urlEncoded(target[target.index(after: q)...])
        }
        let request = HTTPRequest(method: String(parts[0]), path: path, query: query, headers: headers,
                                  body: Array(buf[start..<(start + length)]))
        return .request(request, consumed: start + length)
    }

    /// `a=1&b=x+y` → `["a": "1", "b": "x y"]` (percent-decoded; the last of repeated keys wins).
    static func urlEncoded(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in (String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? String(s) }
            out[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}

import Foundation
