/// Options for `Normalizer`.
public struct NormalizationOptions: Sendable, Equatable {
    /// Where tone marks go on final oa, oe, uy ("hòa" or "hoà").
    public var toneStyle: ToneStyle
    public init(toneStyle: ToneStyle = .new) { self.toneStyle = toneStyle }
}

/// Text after normalization, with the map back to the bytes it came from.
public struct NormalizedText: Sendable {
    /// The UTF-8 bytes every span refers to (the input as the user gave it, or its decoding).
    public let original: [UInt8]
    /// The normalized UTF-8 bytes.
    public let bytes: [UInt8]
    /// Derived (normalized) byte ranges → original byte ranges.
    public let map: OffsetMap

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The normalized text of a byte range of `bytes`.
    public func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }

    /// The original byte range that produced a normalized byte range.
    public func originalRange(_ range: Range<Int>) -> Range<Int> { map.originalRange(range) }

    /// The original text that produced a normalized byte range (what a span slices).
    public func originalText(_ range: Range<Int>) -> String {
        String(decoding: original[map.originalRange(range)], as: UTF8.self)
    }
}

/// Normalizes Vietnamese text and keeps an offset map back to the original bytes.
///
/// Rules, in the order a reader meets them:
/// - NFC (through ICU), applied only to the segments that need it (a base followed by combining
///   marks, or a code point that is not NFC on its own), so precomposed text is copied as is;
/// - one tone-mark style on final oa, oe, uy ("uỷ, hoà, thuý" → "ủy, hòa, thúy" by default);
/// - U+00D0 Ð / U+00F0 ð → U+0110 Đ / U+0111 đ inside words;
/// - NBSP, thin, em and other spaces and tabs → one space; a run of spaces → one space; space at
///   the start and end of lines is dropped; CR and CRLF → LF; a run with two or more line breaks
///   (blank lines) → one paragraph break "\n\n";
/// - dashes (‐ ‑ ‒ – — ― −) → "-"; double quotes (“ ” „ « ») → '"'; single quotes (‘ ’ ‚ ′) → "'";
/// - zero-width characters, soft hyphens, BOMs, bidi controls and other C0 controls are removed.
///
/// Normalization is idempotent: normalizing its own output changes nothing.
///
/// Complexity: O(n) in the input size; memory O(n) for the output plus O(edits) for the map.
public struct Normalizer: Sendable {
    public let options: NormalizationOptions
    public init(options: NormalizationOptions = NormalizationOptions()) { self.options = options }

    static let boundaryBits: [UInt8] = ICU.nfcBoundaryBits()

    /// Normalizes valid UTF-8 bytes.
    public func normalize(_ original: [UInt8]) -> NormalizedText {
        var run = NormalizerRun(src: original, toneStyle: options.toneStyle)
        run.run()
        return NormalizedText(original: original, bytes: run.out, map: run.map)
    }

    /// Normalizes a string (convenience for short texts and tests).
    public func normalize(_ string: String) -> NormalizedText { normalize(Array(string.utf8)) }
}

// MARK: - The scanning loop

struct NormalizerRun {
    let src: [UInt8]
    let toneStyle: ToneStyle
    var out: [UInt8] = []
    var map = OffsetMap()
    private let bits = Normalizer.boundaryBits

    init(src: [UInt8], toneStyle: ToneStyle) {
        self.src = src
        self.toneStyle = toneStyle
        out.reserveCapacity(src.count)
    }

    // MARK: Emitting

    mutating func copy(_ r: Range<Int>) {
        out.append(contentsOf: src[r])
        map.appendCopy(r.count)
    }

    mutating func replace(_ r: Range<Int>, with bytes: some Collection<UInt8>) {
        if bytes.count == r.count && src[r].elementsEqual(bytes) { copy(r); return }
        out.append(contentsOf: bytes)
        map.appendReplacement(originalCount: r.count, derivedCount: bytes.count)
    }

    mutating func delete(_ r: Range<Int>) { map.appendReplacement(originalCount: r.count, derivedCount: 0) }

    // MARK: Decoding

    @inline(__always)
    func scalar(at i: Int) -> (UInt32, Int) { UTF8Scalars.decode(src, at: i) }

    @inline(__always)
    func hasBoundaryBefore(_ c: UInt32) -> Bool {
        if c < 0x300 { return true }
        if c < 0x10000 { return bits[Int(c >> 3)] & (1 << (c & 7)) != 0 }
        return ICU.nfcHasBoundaryBefore(c)
    }

    // MARK: Loop

    mutating func run() {
        let n = src.count
        var i = 0
        while i < n {
            let b = src[i]
            if b >= 0x21 && b < 0x7F {
                if !Self.isASCIILetter(b) { fixToneTail() }
                var j = i + 1
                while j < n, src[j] >= 0x21, src[j] < 0x7F { j += 1 }
                if j < n, src[j] >= 0x80, !hasBoundaryBefore(scalar(at: j).0) { j -= 1 }
                if j > i {
                    // A letter after punctuation inside the run ends no word; a word that ends inside
                    // the run is all ASCII, which never needs a tone move.
                    copy(i..<j)
                    i = j
                    continue
                }
            }
            i = general(at: i)
        }
        fixToneTail()
    }

    /// Handles one non-ASCII scalar, whitespace, a control, or the start of an NFC segment.
    mutating func general(at i: Int) -> Int {
        let n = src.count
        let (c, len) = scalar(at: i)
        switch CharClass.of(c) {
        case .space, .newline, .paragraph:
            return whitespaceRun(at: i)
        case .ignorable:
            delete(i..<(i + len))
            return i + len
        case .dash:
            fixToneTail(); replace(i..<(i + len), with: [0x2D]); return i + len
        case .doubleQuote:
            fixToneTail(); replace(i..<(i + len), with: [0x22]); return i + len
        case .singleQuote:
            fixToneTail(); replace(i..<(i + len), with: [0x27]); return i + len
        case .eth:
            let nextIsLetter = i + len < n && CharClass.isWordScalar(scalar(at: i + len).0)
            if nextIsLetter || lastOutputIsLetter() {
                replace(i..<(i + len), with: c == 0xD0 ? [0xC4, 0x90] : [0xC4, 0x91])
                return i + len
            }
        case .other:
            break
        }
        // An NFC segment: this scalar and every following scalar without a boundary before it.
        var j = i + len
        while j < n {
            let (d, dl) = scalar(at: j)
            if hasBoundaryBefore(d) { break }
            j += dl
        }
        if !CharClass.isWordScalar(c) { fixToneTail() }
        if j == i + len && hasBoundaryBefore(c) {
            copy(i..<j)
        } else {
            let units = Array(String(decoding: src[i..<j], as: UTF8.self).utf16)
            if let nfc = try? ICU.nfc(units) {
                replace(i..<j, with: Array(String(decoding: nfc, as: UTF16.self).utf8))
            } else {
                copy(i..<j)
            }
        }
        return j
    }

    /// A run of white space (and ignorables inside it) becomes "", " ", "\n" or "\n\n".
    mutating func whitespaceRun(at start: Int) -> Int {
        let n = src.count
        var j = start
        var breaks = 0
        var sawSpace = false
        while j < n {
            let b = src[j]
            if b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C { sawSpace = true; j += 1; continue }
            if b == 0x0A { breaks += 1; j += 1; continue }
            if b == 0x0D { breaks += 1; j += 1; if j < n, src[j] == 0x0A { j += 1 }; continue }
            if b < 0x80 { break }
            let (c, len) = scalar(at: j)
            switch CharClass.of(c) {
            case .space: sawSpace = true
            case .newline: breaks += 1
            case .paragraph: breaks += 2
            case .ignorable: break
            default: j = -j - 1  // signal stop
            }
            if j < 0 { j = -j - 1; break }
            j += len
        }
        _ = sawSpace
        fixToneTail()
        let r = start..<j
        if out.isEmpty || j >= n {
            delete(r)
        } else if breaks == 0 {
            replace(r, with: [0x20])
        } else if breaks == 1 {
            replace(r, with: [0x0A])
        } else {
            replace(r, with: [0x0A, 0x0A])
        }
        return j
    }

    // MARK: Tone placement

    static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }

    func lastOutputIsLetter() -> Bool {
        guard let last = out.last else { return false }
        if last < 0x80 { return Self.isASCIILetter(last) }
        let (c, _) = UTF8Scalars.decodeLast(out)
        return CharClass.isWordScalar(c)
    }

    /// Moves the tone mark on a word-final oa / oe / uy to the chosen style. Called just before
    /// anything that ends a word is written.
    mutating func fixToneTail() {
        guard toneStyle != .keep, out.count >= 3 else { return }
        let (last, lastLen) = UTF8Scalars.decodeLast(out)
        let prevIndex = out.count - lastLen - 1
        guard prevIndex >= 0 else { return }
        let prev = out[prevIndex]
        let before: UInt8? = prevIndex > 0 ? out[prevIndex - 1] : nil
        var replacement: [UInt8]? = nil

        switch toneStyle {
        case .new:
            // ASCII o/u, then a toned a/e/y as the last letter.
            guard lastLen > 1, let toned = Orthography.decompose[last], toned.tone != 0,
                  Self.pairs(first: UInt32(prev), second: toned.base, before: before),
                  let first = Orthography.composed(base: UInt32(prev), tone: toned.tone)
            else { return }
            replacement = UTF8Scalars.encode(first) + UTF8Scalars.encode(toned.base)
        case .old:
            // A toned o/u, then a plain a/e/y as the last letter.
            guard lastLen == 1 else { return }
            let (p, pLen) = UTF8Scalars.decodeLast(Array(out[..<(out.count - 1)]))
            guard pLen > 1, let toned = Orthography.decompose[p], toned.tone != 0 else { return }
            let beforeIndex = out.count - 1 - pLen - 1
            let b2: UInt8? = beforeIndex >= 0 ? out[beforeIndex] : nil
            guard Self.pairs(first: toned.base, second: last, before: b2),
                  let second = Orthography.composed(base: last, tone: toned.tone) else { return }
            replacement = UTF8Scalars.encode(toned.base) + UTF8Scalars.encode(second)
            replaceTail(from: out.count - 1 - pLen, with: replacement!)
            return
        case .keep:
            return
        }
        if let replacement { replaceTail(from: prevIndex, with: replacement) }
    }

    /// Whether (first, second) is a word-final oa, oe or uy whose tone mark may move.
    static func pairs(first: UInt32, second: UInt32, before: UInt8?) -> Bool {
        let f = first | 0x20, s = second | 0x20
        guard first < 0x80, second < 0x80 else { return false }
        // The letter before must not be a vowel of the same cluster ("khoai" ends in i anyway).
        if let before, before < 0x80, "aeiouy".utf8.contains(before | 0x20) { return false }
        switch (f, s) {
        case (0x6F, 0x61), (0x6F, 0x65): return true          // oa, oe
        case (0x75, 0x79): return (before.map { $0 | 0x20 }) != 0x71  // uy, but not "quy"
        default: return false
        }
    }

    mutating func replaceTail(from derived: Int, with bytes: [UInt8]) {
        let cursor = map.originalLength
        let cut = map.truncate(toDerived: derived)
        let kept = Array(out[cut.derived..<derived])
        out.removeSubrange(cut.derived...)
        let newBytes = kept + bytes
        out.append(contentsOf: newBytes)
        map.appendReplacement(originalCount: cursor - cut.original, derivedCount: newBytes.count)
    }
}
