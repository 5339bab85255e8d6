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

    public init(tcvn3: LegacyTable?, vni: LegacyTable?) {
        self.tcvn3 = tcvn3
        self.vni = vni
    }

    /// Loads the legacy tables from a Gazetteer folder (missing tables disable those encodings).
    public init(dataDirectory: URL?) {
        self.tcvn3 = dataDirectory.flatMap { try? LegacyTable.load("tcvn3", from: $0) }
        self.vni = dataDirectory.flatMap { try? LegacyTable.load("vni", from: $0) }
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
        if check.multiByteSequences > check.invalidBytes {
            if lenient { return try decode(data, as: .utf8, lenient: true) }
            throw DecodingError(code: .mixed, offset: bad,
                                message: "the file mixes UTF-8 with another encoding: byte \(bad) (0x\(hex(data[bad]))) is not UTF-8 though \(check.multiByteSequences) multi-byte UTF-8 characters are; re-save it in one encoding, or pass --lenient to replace the bad bytes")
        }
        // A legacy single-byte encoding: let each candidate decode and keep the most Vietnamese.
        var best: (TextEncoding, [UInt8], Int)? = nil
        var firstFailure: Int? = nil
        for candidate in [TextEncoding.windows1258, .tcvn3, .vni] {
            guard let utf8 = try? strictLegacy(data, as: candidate) else {
                if candidate == .windows1258 { firstFailure = bad }
                continue
            }
            let score = VietnameseScore.score(utf8)
            if score > 0, score > (best?.2 ?? Int.min) { best = (candidate, utf8, score) }
        }
        if let best { return DecodedText(bytes: best.1, encoding: best.0, warnings: []) }
        if lenient { return try decode(data, as: .utf8, lenient: true) }
        let at = firstFailure ?? bad
        throw DecodingError(code: .undecodable, offset: at,
                            message: "byte \(at) (0x\(hex(data[at]))) fits none of UTF-8, Windows-1258, TCVN3 or VNI and the text does not read as Vietnamese in any of them; pass --encoding to force one, or --lenient")
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
