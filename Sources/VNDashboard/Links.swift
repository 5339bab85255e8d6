import Foundation

/// Percent-encoding both ways, for the links the pages print and the paths and queries they read.
enum URLText {
    /// RFC 3986's unreserved bytes: letters, digits, `-`, `.`, `_`, `~`.
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Every byte of the UTF-8 text but the unreserved ones as `%XX`: safe as one path segment
    /// (a `/` becomes `%2F`) and as a query key or value (`&`, `=`, `+`, `#`, `?`, `%` encoded).
    static func encode(_ s: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        default: return nil
        }
    }

    /// The text a percent-encoded piece stands for; `plusIsSpace` for query strings (an HTML
    /// form sends a space as `+`). Nil when an escape is malformed (`%`, `%4`, `%zz`) or the bytes
    /// are not UTF-8.
    static func decode(_ s: Substring, plusIsSpace: Bool = false) -> String? {
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else { return nil }
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(plusIsSpace && b == UInt8(ascii: "+") ? UInt8(ascii: " ") : b)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// "k=v&k2=v2" from pairs, each key and value encoded; pairs without a value are left out.
    static func query(_ pairs: [(String, String?)]) -> String {
        pairs.compactMap { k, v in v.map { encode(k) + "=" + encode($0) } }.joined(separator: "&")
    }
}

/// The dashboard's links, every variable part percent-encoded. Pages escape them for HTML too
/// (`esc(Link.article(id))`): the encoding keeps the link whole, the escaping keeps the page whole.
enum Link {
    /// "/units/{key}" ("/units/15@2004-08-31": a unit version; a bare code is its latest version),
    /// with a query string when one is given. The "@" is left as it is (a path may hold it).
    static func unit(_ key: String, query: String = "") -> String {
        path("/units/", key).replacingOccurrences(of: "%40", with: "@") + (query.isEmpty ? "" : "?" + query)
    }
    static func apiUnit(_ code: String) -> String { path("/api/units/", code) }
    static func article(_ id: String) -> String { path("/articles/", id) }
    static func apiArticle(_ id: String) -> String { path("/api/articles/", id) }

    /// `prefix` + the value as one encoded segment. A value that encodes to a dot segment ("."
    /// or "..", which a browser would resolve away, whether written plainly or as %2E) goes in
    /// the query instead: "/articles?id=..".
    static func path(_ prefix: String, _ value: String) -> String {
        if value == "." || value == ".." { return String(prefix.dropLast()) + "?id=" + URLText.encode(value) }
        return prefix + URLText.encode(value)
    }

    static func search(_ text: String) -> String { "/search?" + URLText.query([("q", text)]) }
}
