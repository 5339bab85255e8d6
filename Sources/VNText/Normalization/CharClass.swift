/// What the normalizer does with a code point.
enum CharClass {
    case space, newline, paragraph, ignorable, dash, doubleQuote, singleQuote, eth, other

    static func of(_ c: UInt32) -> CharClass {
        switch c {
        case 0x20, 0x09, 0x0B, 0x0C, 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: return .space
        case 0x0A, 0x0D, 0x85, 0x2028: return .newline
        case 0x2029: return .paragraph
        case 0x00...0x08, 0x0E...0x1F, 0x7F, 0x80...0x84, 0x86...0x9F,
             0xAD, 0x180E, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x2069, 0xFEFF:
            return .ignorable
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D: return .dash
        case 0x201C, 0x201D, 0x201E, 0x201F, 0xAB, 0xBB, 0x2033, 0xFF02: return .doubleQuote
        case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032, 0xFF07: return .singleQuote
        case 0xD0, 0xF0: return .eth
        default: return .other
        }
    }

    /// Letters, digits and combining marks: what a word is made of.
    static func isWordScalar(_ c: UInt32) -> Bool {
        if c < 0x80 {
            let b = UInt8(c)
            return (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || (b >= 0x30 && b <= 0x39)
        }
        switch c {
        case 0xD7, 0xF7: return false
        case 0xC0...0x24F, 0x1E00...0x1EFF, 0x300...0x36F: return true
        default:
            guard let s = Unicode.Scalar(c) else { return false }
            return s.properties.isAlphabetic || s.properties.generalCategory == .decimalNumber
        }
    }
}

/// Minimal UTF-8 scalar coding over byte arrays (input is known to be valid UTF-8).
enum UTF8Scalars {
    @inline(__always)
    static func decode(_ s: [UInt8], at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(s[i])
        if b0 < 0x80 { return (b0, 1) }
        let n = s.count
        if b0 < 0xE0, i + 1 < n { return ((b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < n {
            return ((b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F), 3)
        }
        if i + 3 < n {
            return ((b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6
                    | UInt32(s[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    /// The last scalar of a non-empty byte array and its length in bytes.
    static func decodeLast(_ s: [UInt8]) -> (UInt32, Int) {
        var i = s.count - 1
        while i > 0, s[i] & 0xC0 == 0x80, s.count - i < 4 { i -= 1 }
        let (c, len) = decode(s, at: i)
        return len == s.count - i ? (c, len) : (UInt32(s[s.count - 1]), 1)
    }

    static func encode(_ c: UInt32) -> [UInt8] {
        Array(String(Character(Unicode.Scalar(c) ?? "\u{FFFD}")).utf8)
    }
}
