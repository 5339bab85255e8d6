/// Keys for matching names however they were written.
///
/// - `exact`: the normalized spelling (NFC, new-style tone marks), lower-cased: "Tỉnh uỷ" and
///   "TỈNH ỦY" share it, "Long Hữu" and "Long Hựu" do not.
/// - `plain`: no case, no diacritics, đ → d: "Lang Son", "LẠNG SƠN" and "Lạng Sơn" share it.
///
/// Both collapse white space to single spaces and trim it.
///
/// Example:
/// ```swift
/// Folding.plain("LẠNG SƠN") == Folding.plain("Lang Son")   // "lang son"
/// Folding.exact("Thị uỷ Duyên Hải")                        // "thị ủy duyên hải"
/// ```
public enum Folding {
    private static let normalizer = Normalizer()

    /// Normalized (NFC, new tone style) and lower-cased.
    public static func exact(_ s: some StringProtocol) -> String {
        let n = normalizer.normalize(Array(String(s).utf8)).string
        return collapse(n.lowercased())
    }

    /// Lower-case ASCII letters and digits; diacritics removed; đ → d.
    public static func plain(_ s: some StringProtocol) -> String {
        // Into UTF-8 bytes (appending to a `UnicodeScalarView` copies it each time: quadratic on
        // a long token).
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        func put(_ u: Unicode.Scalar) { UTF8.encode(u) { out.append($0) } }
        for u in s.unicodeScalars {
            let v = u.value
            if v < 0x80 {
                out.append(UInt8(v) | (v >= 0x41 && v <= 0x5A ? 0x20 : 0))
            } else if (0x300...0x36F).contains(v) {
                continue
            } else if let f = Orthography.asciiFold[v] {
                out.append(contentsOf: f.utf8)
            } else if CharClass.of(v) == .space || CharClass.of(v) == .newline {
                out.append(0x20)
            } else if CharClass.of(v) == .ignorable {
                continue
            } else {
                for l in String(u).lowercased().unicodeScalars { put(l) }
            }
        }
        return collapse(String(decoding: out, as: UTF8.self))
    }

    /// Folds one token's UTF-8 bytes to its plain key (hot path for the matcher; no allocation
    /// for ASCII-only tokens beyond the result).
    public static func plain(utf8 bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            return String(decoding: bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        }
        return plain(String(decoding: bytes, as: UTF8.self))
    }

    static func collapse(_ s: String) -> String {
        guard s.contains(where: { $0 == " " || $0 == "\n" || $0 == "\t" }) else { return s }
        return s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }
}
