import Foundation

/// Decodes an input to UTF-8, detecting its encoding unless one is forced.
///
/// Detection: a BOM decides (UTF-8, UTF-16LE/BE); valid UTF-8 is UTF-8; NUL bytes mean binary;
/// otherwise each legacy candidate (Windows-1258 through ICU, TCVN3 and VNI through the tables in
/// `Gazetteer/encodings/`) decodes the bytes and the one whose output reads most like Vietnamese
/// (letters with Vietnamese diacritics, minus symbols no Vietnamese text uses) wins. A file that is
/// mostly valid UTF-8 with some other bytes is *mixed* and rejected, never guessed.
///
/// Example:
/// ```swift
/// let decoded = try TextDecoder(tables: tables).decode(Array(data))
/// decoded.encoding   // .tcvn3
/// ```
public struct TextDecoder: Sendable {
    public let tcvn3: LegacyTable?
    public let vni: LegacyTable?
    /// Vietnamese syllables, by which legacy encodings are told apart (nil: the older letter count).
    public let syllables: SyllableModel?

    public init(tcvn3: LegacyTable?, vni: LegacyTable?, syllables: SyllableModel? = nil) {
        self.tcvn3 = tcvn3
        self.vni = vni
        self.syllables = syllables
    }

    /// Loads the legacy tables from a Gazetteer folder (missing tables disable those encodings).
    public init(dataDirectory: URL?) {
        self.tcvn3 = dataDirectory.flatMap { try? LegacyTable.load("tcvn3", from: $0) }
        self.vni = dataDirectory.flatMap { try? LegacyTable.load("vni", from: $0) }
        self.syllables = dataDirectory.flatMap { try? SyllableModel.load(from: $0) }
    }

    /// Decodes `data`. With `lenient`, undecodable bytes become U+FFFD and a warning instead of an error.
    public func decode(_ data: [UInt8], forcing forced: TextEncoding? = nil, lenient: Bool = false) throws(DecodingError) -> DecodedText {
        if data.isEmpty { throw DecodingError(code: .empty, offset: nil, message: "the file is empty") }
        if let forced { return try decode(data, as: forced, lenient: lenient) }

        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return try decode(data, as: .utf8BOM, lenient: lenient) }
        if data.starts(with: [0xFF, 0xFE]) { return try decode(data, as: .utf16LE, lenient: lenient) }
        if data.starts(with: [0xFE, 0xFF]) { return try decode(data, as: .utf16BE, lenient: lenient) }

        if let nul = data.withUnsafeBufferPointer({ b -> Int? in
            guard let base = b.baseAddress, let p = memchr(base, 0, b.count) else { return nil }
            return UnsafeRawPointer(p) - UnsafeRawPointer(base)
        }) {
            throw DecodingError(code: .binary, offset: nul,
                                message: "byte \(nul) is NUL: this is a binary file, not text (pass --encoding utf-16le or utf-16be if it is UTF-16 without a BOM)")
        }
        let check = UTF8Validation.scan(data)
        guard let bad = check.firstInvalid else { return DecodedText(bytes: data, encoding: .utf8, warnings: []) }
        // One or two stray bytes in UTF-8 text: damaged UTF-8. More, among UTF-8 characters: a
        // part in another encoding.
        if check.invalidBytes <= 2, check.multiByteSequences > 0 {
            if lenient { return try decode(data, as: .utf8, lenient: true) }
            throw DecodingError(code: .invalidUTF8, offset: bad,
                                message: "byte \(bad) (0x\(hex(data[bad]))) is not valid UTF-8 (the rest of the file is); pass --lenient to replace it, or --encoding to name the file's encoding")
        }
        // Lines of UTF-8 Vietnamese beside lines that are not UTF-8 at all: parts saved from two
        // sources. Rejected with the offset of the switch, or with --lenient each part decoded in
        // its own encoding.
        if let mix = MixedEncoding.scan(data) {
            if lenient, let d = decodeParts(data, mix) { return d }
            let from = mix.utf8First ? "UTF-8" : "not UTF-8 (a legacy encoding)"
            let to = mix.utf8First ? "is not UTF-8 (a part saved in a legacy encoding such as Windows-1258, TCVN3 or VNI)" : "is UTF-8"
            throw DecodingError(code: .mixed, offset: mix.switchOffset,
                                message: "the file mixes encodings: it is \(from) up to byte \(mix.switchOffset), and from there (line \(mix.switchLine)) \(to); re-save it in one encoding, or pass --lenient to decode each part in its own encoding")
        }
        if check.multiByteSequences > check.invalidBytes {
            if lenient { return try decode(data, as: .utf8, lenient: true) }
            throw DecodingError(code: .mixed, offset: bad,
                                message: "the file mixes UTF-8 with another encoding: byte \(bad) (0x\(hex(data[bad]))) is not UTF-8 though \(check.multiByteSequences) multi-byte UTF-8 characters are; re-save it in one encoding, or pass --lenient to replace the bad bytes")
        }
        // A legacy single-byte encoding: let each candidate decode and keep the most Vietnamese.
        var firstFailure: Int? = nil
        var decoded: [(TextEncoding, [UInt8])] = []
        for candidate in [TextEncoding.windows1258, .tcvn3, .vni] {
            guard let utf8 = try? strictLegacy(data, as: candidate) else {
                if candidate == .windows1258 { firstFailure = bad }
                continue
            }
            decoded.append((candidate, utf8))
        }
        if let d = choose(decoded) { return d }
        if lenient { return try decode(data, as: .utf8, lenient: true) }
        let at = firstFailure ?? bad
        throw DecodingError(code: .undecodable, offset: at,
                            message: "byte \(at) (0x\(hex(data[at]))) fits none of UTF-8, Windows-1258, TCVN3 or VNI and the text does not read as Vietnamese in any of them; pass --encoding to force one, or --lenient")
    }

    /// `--lenient` on a mixed file: UTF-8 lines stay, the other lines are decoded in the legacy
    /// encoding that reads most like Vietnamese over all of them (nil when none fits).
    private func decodeParts(_ data: [UInt8], _ mix: MixedEncoding) -> DecodedText? {
        var legacyText: [UInt8] = []
        for r in mix.lines where r.kind == .legacy { legacyText += data[r.range] + [0x0A] }
        var decoded: [(TextEncoding, [UInt8])] = []
        for candidate in [TextEncoding.windows1258, .tcvn3, .vni] {
            guard let utf8 = try? strictLegacy(legacyText, as: candidate) else { continue }
            decoded.append((candidate, utf8))
        }
        guard let encoding = rank(decoded, requirePositive: false).first?.encoding else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(data.count * 2)
        var legacyLines: [Int] = []
        var damagedLines = 0
        var last = 0
        for r in mix.lines {
            out += data[last..<r.range.lowerBound]   // the newlines between lines
            if r.kind == .legacy, let d = try? strictLegacy(Array(data[r.range]), as: encoding) {
                out += d
                legacyLines.append(r.number)
            } else if r.kind == .damaged {
                out += Array(String(decoding: data[r.range], as: UTF8.self).utf8)   // bad bytes → U+FFFD
                damagedLines += 1
            } else {
                out += data[r.range]
            }
            last = r.range.upperBound
        }
        out += data[last...]
        let list = legacyLines.prefix(10).map(String.init).joined(separator: ", ") + (legacyLines.count > 10 ? " …" : "")
        return DecodedText(bytes: out, encoding: encoding, warnings: [DecodingWarning(code: "mixed-encodings", offset: mix.switchOffset,
            message: "the file mixes encodings: \(legacyLines.count) line(s) (\(list)) were decoded as \(encoding.rawValue), the others as UTF-8\(damagedLines > 0 ? " (bytes that are not UTF-8 in \(damagedLines) of them replaced by U+FFFD)" : ""); spans refer to the decoded text")])
    }

    /// The candidates ranked by how Vietnamese their decoding reads: the share of their words
    /// with diacritics that are Vietnamese syllables (without a syllable table: the older count of
    /// Vietnamese letters against other symbols).
    func rank(_ decoded: [(TextEncoding, [UInt8])], requirePositive: Bool = true) -> [EncodingDetection.Candidate] {
        var out: [EncodingDetection.Candidate] = []
        for (e, utf8) in decoded {
            if let model = syllables {
                let m = model.measure(utf8)
                if requirePositive, m.score <= 0 { continue }
                out.append(.init(encoding: e, score: Double(m.score), share: m.share, words: m.syllables + m.nonSyllables + m.symbols))
            } else {
                let sc = VietnameseScore.score(utf8)
                if requirePositive, sc <= 0 { continue }
                out.append(.init(encoding: e, score: Double(sc), share: 0, words: 0))
            }
        }
        // Stable: on a tie the earlier candidate (Windows-1258, then TCVN3, then VNI) stays first.
        return out.enumerated().sorted { ($0.element.score, -$0.offset) > ($1.element.score, -$1.offset) }.map(\.element)
    }

    /// The best-ranked decoding, with how sure the choice is and a warning when a second one is close.
    private func choose(_ decoded: [(TextEncoding, [UInt8])]) -> DecodedText? {
        let ranked = rank(decoded)
        guard let best = ranked.first, let bytes = decoded.first(where: { $0.0 == best.encoding })?.1 else { return nil }
        let second = ranked.dropFirst().first
        let margin = second.map { best.score - $0.score } ?? best.score
        let confidence = best.words == 0 ? (second == nil ? 1 : 0.5) : min(1, max(0, margin / Double(max(best.words, 1))))
        let detection = EncodingDetection(chosen: best.encoding, confidence: confidence, candidates: ranked)
        var warnings: [DecodingWarning] = []
        if let second, confidence < 0.25 {
            let pct = { (x: Double) in Int((x * 100).rounded()) }
            warnings.append(DecodingWarning(code: "encoding-close", offset: 0, message: "the encoding is uncertain: read as \(best.encoding.rawValue) (\(pct(best.share))% of \(best.words) words with diacritics are Vietnamese syllables), but \(second.encoding.rawValue) reads almost as well (\(pct(second.share))%); pass --encoding if the text looks wrong"))
        }
        return DecodedText(bytes: bytes, encoding: best.encoding, warnings: warnings, detection: detection)
    }

    private func strictLegacy(_ data: [UInt8], as encoding: TextEncoding) throws(DecodingError) -> [UInt8] {
        try decode(data, as: encoding, lenient: false).bytes
    }

    /// Decodes as one named encoding.
    public func decode(_ data: [UInt8], as encoding: TextEncoding, lenient: Bool) throws(DecodingError) -> DecodedText {
        switch encoding {
        case .utf8, .utf8BOM:
            let check = UTF8Validation.scan(data)
            guard let bad = check.firstInvalid else {
                return DecodedText(bytes: data, encoding: data.starts(with: [0xEF, 0xBB, 0xBF]) ? .utf8BOM : .utf8, warnings: [])
            }
            guard lenient else {
                throw DecodingError(code: .invalidUTF8, offset: bad,
                                    message: "byte \(bad) (0x\(hex(data[bad]))) is not valid UTF-8; pass --lenient to replace bad bytes, or --encoding to name the file's encoding")
            }
            let repaired = Array(String(decoding: data, as: UTF8.self).utf8)
            return DecodedText(bytes: repaired, encoding: encoding,
                               warnings: [DecodingWarning(code: "replaced-bytes", offset: bad,
                                                          message: "\(check.invalidBytes) byte(s) that are not UTF-8 were replaced by U+FFFD, the first at byte \(bad); spans refer to the repaired text")])
        case .utf16LE, .utf16BE:
            return try decodeUTF16(data, littleEndian: encoding == .utf16LE, lenient: lenient)
        case .windows1258:
            let r = ICU.convertToUTF8(charset: "windows-1258", bytes: data)
            if let utf8 = r.utf8 { return DecodedText(bytes: utf8, encoding: .windows1258, warnings: []) }
            let at = r.badOffset ?? 0
            throw DecodingError(code: .undecodable, offset: at, message: "byte \(at) (0x\(hex(data[min(at, data.count - 1)]))) is not defined in Windows-1258")
        case .tcvn3, .vni:
            guard let table = encoding == .tcvn3 ? tcvn3 : vni else {
                throw DecodingError(code: .undecodable, offset: nil, message: "the \(encoding.rawValue) table (Gazetteer/encodings/\(encoding.rawValue).tsv) is not available")
            }
            let r = table.decode(data, replaceUnknown: lenient)
            if let at = r.firstUnknown {
                guard lenient else {
                    throw DecodingError(code: .undecodable, offset: at, message: "byte \(at) (0x\(hex(data[at]))) is not defined in \(encoding.rawValue)")
                }
                return DecodedText(bytes: r.utf8, encoding: encoding,
                                   warnings: [DecodingWarning(code: "replaced-bytes", offset: at, message: "\(r.unknownCount) byte(s) undefined in \(encoding.rawValue) were replaced by U+FFFD, the first at byte \(at)")])
            }
            return DecodedText(bytes: r.utf8, encoding: encoding, warnings: [])
        }
    }

    private func decodeUTF16(_ data: [UInt8], littleEndian: Bool, lenient: Bool) throws(DecodingError) -> DecodedText {
        var start = 0
        if data.count >= 2, (littleEndian && data[0] == 0xFF && data[1] == 0xFE) || (!littleEndian && data[0] == 0xFE && data[1] == 0xFF) { start = 2 }
        if (data.count - start) % 2 != 0, !lenient {
            throw DecodingError(code: .invalidUTF16, offset: data.count - 1, message: "the file has an odd number of bytes after its UTF-16 BOM: byte \(data.count - 1) is half a character")
        }
        var units: [UInt16] = []
        units.reserveCapacity((data.count - start) / 2)
        var i = start
        while i + 1 < data.count {
            units.append(littleEndian ? UInt16(data[i]) | UInt16(data[i + 1]) << 8 : UInt16(data[i]) << 8 | UInt16(data[i + 1]))
            i += 2
        }
        var out: [UInt8] = []
        out.reserveCapacity(units.count * 2)
        var warnings: [DecodingWarning] = []
        var it = units.makeIterator()
        var decoder = UTF16()
        var unitIndex = 0
        loop: while true {
            switch decoder.decode(&it) {
            case .scalarValue(let s):
                out.append(contentsOf: String(Character(s)).utf8)
                unitIndex += s.value > 0xFFFF ? 2 : 1
            case .emptyInput: break loop
            case .error:
                let at = start + unitIndex * 2
                guard lenient else { throw DecodingError(code: .invalidUTF16, offset: at, message: "bytes \(at)–\(at + 1) are an unpaired UTF-16 surrogate") }
                if warnings.isEmpty { warnings.append(DecodingWarning(code: "replaced-bytes", offset: at, message: "unpaired UTF-16 surrogates were replaced by U+FFFD, the first at byte \(at)")) }
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                unitIndex += 1
            }
        }
        return DecodedText(bytes: out, encoding: littleEndian ? .utf16LE : .utf16BE, warnings: warnings)
    }
}

func hex(_ b: UInt8) -> String { String(b, radix: 16, uppercase: true).leftPadded(to: 2) }

extension String {
    func leftPadded(to n: Int, with c: Character = "0") -> String { count >= n ? self : String(repeating: c, count: n - count) + self }
}

/// A UTF-8 validity scan that also counts well-formed multi-byte sequences.
enum UTF8Validation {
    struct Result { var firstInvalid: Int?; var invalidBytes: Int; var multiByteSequences: Int }

    static func scan(_ bytes: [UInt8]) -> Result {
        let (first, bad, multi) = ICU.utf8Scan(bytes)
        return Result(firstInvalid: first, invalidBytes: bad, multiByteSequences: multi)
    }
}

/// How much decoded text reads as Vietnamese: letters with Vietnamese diacritics count for it,
/// symbols and letters of other alphabets (what a wrong guess produces) count against it.
enum VietnameseScore {
    static func score(_ utf8: [UInt8]) -> Int {
        var score = 0
        for s in String(decoding: utf8, as: UTF8.self).precomposedStringWithCanonicalMapping.unicodeScalars where s.value >= 0x80 {
            let v = s.value
            if Orthography.decompose[v] != nil || v == 0x110 || v == 0x111 { score += 1 } else { score -= 3 }
        }
        return score
    }
}

/// Where a file switches between UTF-8 and a legacy encoding, line by line: a line is UTF-8 when
/// it is valid UTF-8 holding at least two Vietnamese letters (what a real UTF-8 passage has and a
/// legacy line that happens to validate does not), legacy when it is not valid UTF-8, neutral
/// otherwise (ASCII, or too little to tell).
struct MixedEncoding {
    enum Kind { case neutral, utf8, damaged, legacy }
    struct Line { var number: Int; var range: Range<Int>; var kind: Kind; var firstInvalid: Int? }
    var lines: [Line]
    var switchOffset: Int
    var switchLine: Int
    var utf8First: Bool

    static func scan(_ data: [UInt8]) -> MixedEncoding? {
        var lines: [Line] = []
        var start = 0, number = 1
        var sawUTF8 = false, sawLegacy = false
        while start <= data.count {
            var end = start
            while end < data.count, data[end] != 0x0A { end += 1 }
            let (kind, bad) = classify(data, start..<end)
            if kind == .utf8 || kind == .damaged { sawUTF8 = true }
            if kind == .legacy { sawLegacy = true }
            lines.append(Line(number: number, range: start..<end, kind: kind, firstInvalid: bad))
            start = end + 1
            number += 1
        }
        guard sawUTF8, sawLegacy, let first = lines.first(where: { $0.kind != .neutral }) else { return nil }
        let firstIsLegacy = first.kind == .legacy
        guard let other = lines.first(where: { $0.kind != .neutral && ($0.kind == .legacy) != firstIsLegacy }) else { return nil }
        let offset = other.kind == .legacy ? (other.firstInvalid ?? other.range.lowerBound) : other.range.lowerBound
        return MixedEncoding(lines: lines, switchOffset: offset, switchLine: other.number, utf8First: !firstIsLegacy)
    }

    /// A line's kind, and its first byte that is not UTF-8. A line with bytes that are not
    /// UTF-8 but with Vietnamese letters in UTF-8 (two or more) is damaged UTF-8, not a legacy
    /// part: it counts as UTF-8 here (and its bad bytes are replaced under --lenient).
    static func classify(_ d: [UInt8], _ r: Range<Int>) -> (Kind, Int?) {
        var i = r.lowerBound
        var letters = 0
        var firstBad: Int? = nil
        while i < r.upperBound {
            let b = d[i]
            if b < 0x80 { i += 1; continue }
            if let (v, n) = sequence(d, at: i, end: r.upperBound) {
                if Orthography.decompose[v] != nil || v == 0x110 || v == 0x111 || (v >= 0x300 && v <= 0x323) { letters += 1 }
                i += n
            } else {
                if firstBad == nil { firstBad = i }
                i += 1
            }
        }
        if let bad = firstBad { return (letters >= 2 ? .damaged : .legacy, bad) }
        return (letters >= 2 ? .utf8 : .neutral, nil)
    }

    /// The well-formed UTF-8 sequence at `i` (no overlong form, no surrogate): its scalar and length.
    static func sequence(_ d: [UInt8], at i: Int, end: Int) -> (UInt32, Int)? {
        let b = d[i]
        let n = b >= 0xC2 && b <= 0xDF ? 2 : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0
        guard n > 0, i + n <= end else { return nil }
        var v = UInt32(b) & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07)
        for k in 1..<n {
            let c = d[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            v = v << 6 | UInt32(c & 0x3F)
        }
        if (n == 3 && v < 0x800) || (n == 4 && (v < 0x10000 || v > 0x10FFFF)) || (v >= 0xD800 && v <= 0xDFFF) { return nil }
        return (v, n)
    }
}
