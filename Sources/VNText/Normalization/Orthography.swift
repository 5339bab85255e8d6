/// Vietnamese letters as base vowel + tone, built once from ICU's NFC so no table is typed by hand.
///
/// The six tones: 0 ngang (none), 1 huyền (U+0300), 2 sắc (U+0301), 3 hỏi (U+0309),
/// 4 ngã (U+0303), 5 nặng (U+0323).
enum Orthography {
    static let toneMarks: [UInt16] = [0, 0x0300, 0x0301, 0x0309, 0x0303, 0x0323]

    /// Vowel bases, lower and upper case, including those with a quality mark (ă â ê ô ơ ư).
    static let bases: [Character] = Array("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")

    struct Toned: Sendable { let base: UInt32; let tone: UInt8 }

    /// Precomposed toned (or untoned) vowel scalar → (base scalar, tone).
    static let decompose: [UInt32: Toned] = {
        var map: [UInt32: Toned] = [:]
        for b in bases {
            guard let baseScalar = b.unicodeScalars.first?.value else { continue }
            for (t, mark) in toneMarks.enumerated() {
                var units = Array(String(b).utf16)
                if mark != 0 { units.append(mark) }
                guard let nfc = try? ICU.nfc(units) else { continue }
                let s = String(decoding: nfc, as: UTF16.self).unicodeScalars
                if s.count == 1, let only = s.first { map[only.value] = Toned(base: baseScalar, tone: UInt8(t)) }
            }
        }
        return map
    }()

    /// (base scalar, tone) → precomposed scalar.
    static let compose: [UInt64: UInt32] = {
        var map: [UInt64: UInt32] = [:]
        for (scalar, toned) in decompose { map[UInt64(toned.base) << 8 | UInt64(toned.tone)] = scalar }
        return map
    }()

    static func composed(base: UInt32, tone: UInt8) -> UInt32? { compose[UInt64(base) << 8 | UInt64(tone)] }

    /// Folding of Latin letters to lower-case ASCII (diacritics removed, đ → d), for U+00C0…U+024F
    /// and U+1E00…U+1EFF; built through ICU's transliterator once.
    static let asciiFold: [UInt32: String] = {
        var map: [UInt32: String] = [:]
        guard let t = try? Transliterator("NFD; [:Nonspacing Mark:] Remove; Latin-ASCII; Lower") else { return map }
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for cp in range {
                guard let s = Unicode.Scalar(UInt32(cp)) else { continue }
                if let f = try? t.transliterate(String(Character(s))) { map[UInt32(cp)] = f }
            }
        }
        for (cp, f) in [(0x0110, "d"), (0x0111, "d"), (0x00D0, "d"), (0x00F0, "d")] { map[UInt32(cp)] = f }
        return map
    }()
}

/// The style in which tone marks sit on the vowel pairs oa, oe and uy at the end of a syllable.
public enum ToneStyle: String, Sendable, CaseIterable {
    /// "hòa, khỏe, ủy, thúy": the mark on the first vowel (what the press writes today; the default).
    case new
    /// "hoà, khoẻ, uỷ, thuý": the mark on the second vowel.
    case old
    /// Leave tone placement as the input has it.
    case keep
}
