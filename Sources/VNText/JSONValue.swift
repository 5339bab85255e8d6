/// A small ordered JSON value with a fast serializer (keys keep their order, as the output contract
/// prints them; Foundation's encoder sorts or shuffles them and is slow).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.serialized() == b.serialized() }

    public func serialized() -> String {
        var s = ""
        write(to: &s)
        return s
    }

    public func write(to s: inout String) {
        switch self {
        case .null: s += "null"
        case .bool(let b): s += b ? "true" : "false"
        case .int(let i): s += String(i)
        case .double(let d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { s += String(Int(d)) } else if d.isFinite { s += String(d) } else { s += "null" }
        case .string(let str): JSONValue.escape(str, into: &s)
        case .array(let a):
            s += "["
            for (i, v) in a.enumerated() { if i > 0 { s += "," }; v.write(to: &s) }
            s += "]"
        case .object(let o):
            s += "{"
            for (i, (k, v)) in o.enumerated() {
                if i > 0 { s += "," }
                JSONValue.escape(k, into: &s)
                s += ":"
                v.write(to: &s)
            }
            s += "}"
        }
    }

    static func escape(_ str: String, into s: inout String) {
        s += "\""
        // Most strings need no escape: appended whole (a scalar at a time is several times slower).
        if JSONValue.needsNoEscape(str) {
            s += str
            s += "\""
            return
        }
        for u in str.unicodeScalars {
            switch u {
            case "\"": s += "\\\""
            case "\\": s += "\\\\"
            case "\n": s += "\\n"
            case "\r": s += "\\r"
            case "\t": s += "\\t"
            case "\u{2028}": s += "\\u2028"
            case "\u{2029}": s += "\\u2029"
            default:
                if u.value < 0x20 {
                    s += "\\u" + String(u.value, radix: 16).leftPadded(to: 4)
                } else {
                    s.unicodeScalars.append(u)
                }
            }
        }
        s += "\""
    }
}

extension JSONValue {
    /// No quote, backslash, control character, U+2028 or U+2029 in `str`.
    static func needsNoEscape(_ str: String) -> Bool {
        var str = str
        return str.withUTF8 { buf in
            var i = 0
            while i < buf.count {
                let b = buf[i]
                if b < 0x20 || b == 0x22 || b == 0x5C { return false }
                if b == 0xE2, i + 2 < buf.count, buf[i + 1] == 0x80, buf[i + 2] == 0xA8 || buf[i + 2] == 0xA9 { return false }
                i += 1
            }
            return true
        }
    }

    public static func span(_ r: Range<Int>) -> JSONValue { .array([.int(r.lowerBound), .int(r.upperBound)]) }
    public static func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
    public static func optional(_ i: Int?) -> JSONValue { i.map(JSONValue.int) ?? .null }
}
