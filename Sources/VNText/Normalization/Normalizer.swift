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
        original.withUnsafeBufferPointer { src in
            var run = NormalizerRun(src: src, toneStyle: options.toneStyle)
            run.run()
            return NormalizedText(original: original, bytes: run.out, map: run.map)
        }
    }

    /// Normalizes a string (convenience for short texts and tests).
    public func normalize(_ string: String) -> NormalizedText { normalize(Array(string.utf8)) }
}

// MARK: - The scanning loop

/// One pass over the input. Unchanged stretches are not copied scalar by scalar: they stay
/// *pending* (from `pendingStart` to the cursor) and are appended in one go when something
/// changes, so clean text costs one scan and one copy.
struct NormalizerRun {
    let src: UnsafeBufferPointer<UInt8>
    let toneStyle: ToneStyle
    var out: [UInt8] = []
    var map = OffsetMap()
    /// Start of the unchanged stretch not yet appended to `out`.
    var pendingStart = 0
    /// A word-final vowel pair whose tone mark may have to move: the source range of the pair and
    /// its second vowel as written out.
    var toneCandidate: (start: Int, end: Int, first: UInt8, vowel: UInt32)? = nil
    private let bits = Normalizer.boundaryBits

    init(src: UnsafeBufferPointer<UInt8>, toneStyle: ToneStyle) {
        self.src = src
        self.toneStyle = toneStyle
        out.reserveCapacity(src.count + 16)
    }

    // MARK: Emitting

    /// Appends the pending unchanged stretch up to `end`.
    @inline(__always)
    mutating func flush(to end: Int) {
        if end > pendingStart {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: src[pendingStart..<end]))
            map.appendCopy(end - pendingStart)
        }
        pendingStart = end
    }

    mutating func replace(_ r: Range<Int>, with bytes: [UInt8]) {
        if bytes.count == r.count, src[r].elementsEqual(bytes) { return }  // stays pending
        flush(to: r.lowerBound)
        out.append(contentsOf: bytes)
        map.appendReplacement(originalCount: r.count, derivedCount: bytes.count)
        pendingStart = r.upperBound
    }

    mutating func delete(_ r: Range<Int>) {
        flush(to: r.lowerBound)
        map.appendReplacement(originalCount: r.count, derivedCount: 0)
        pendingStart = r.upperBound
    }

    // MARK: Decoding

    @inline(__always)
    func scalar(at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(src[i])
        if b0 < 0x80 { return (b0, 1) }
        let n = src.count
        if b0 < 0xE0, i + 1 < n { return ((b0 & 0x1F) << 6 | UInt32(src[i + 1] & 0x3F), 2) }
        if b0 < 0xF0, i + 2 < n {
            return ((b0 & 0x0F) << 12 | UInt32(src[i + 1] & 0x3F) << 6 | UInt32(src[i + 2] & 0x3F), 3)
        }
        if i + 3 < n {
            return ((b0 & 0x07) << 18 | UInt32(src[i + 1] & 0x3F) << 12 | UInt32(src[i + 2] & 0x3F) << 6
                    | UInt32(src[i + 3] & 0x3F), 4)
        }
        return (0xFFFD, 1)
    }

    @inline(__always)
    func hasBoundaryBefore(_ c: UInt32) -> Bool {
        if c < 0x300 { return true }
        if c < 0x10000 { return bits[Int(c >> 3)] & (1 << (c & 7)) != 0 }
        return ICU.nfcHasBoundaryBefore(c)
    }

    /// Whether a space at `j` may stay pending: the next byte starts an ASCII printable or a
    /// Vietnamese letter (never a space variant or an ignorable).
    @inline(__always)
    func plainSpace(at j: Int) -> Bool {
        guard j + 1 < src.count else { return false }
        let c = src[j + 1]
        if c >= 0x21 && c < 0x7F { return true }
        if c >= 0xC3 && c <= 0xDF { return true }
        if c == 0xE1, j + 2 < src.count, src[j + 2] == 0xBA || src[j + 2] == 0xBB { return true }
        return false
    }

    // MARK: Loop

    @inline(__always)
    static func isOorU(_ b: UInt8) -> Bool { let x = b | 0x20; return x == 0x6F || x == 0x75 }

    /// Length of a precomposed Latin letter at `j` that never needs NFC, Đ or tone work of its
    /// own (U+00C0…U+01B0 but Ð ð × ÷, and U+1E80…U+1EFF), else 0.
    @inline(__always)
    func plainLetterLength(at j: Int) -> Int {
        let c = src[j]
        let n = src.count
        if c >= 0xC3 && c <= 0xC6, j + 1 < n {
            let s = UInt32(c & 0x1F) << 6 | UInt32(src[j + 1] & 0x3F)
            if s >= 0xC0 && s <= 0x1B0 && s != 0xD0 && s != 0xF0 && s != 0xD7 && s != 0xF7 { return 2 }
            return 0
        }
        if c == 0xE1, j + 2 < n, src[j + 1] == 0xBA || src[j + 1] == 0xBB { return 3 }
        return 0
    }

    /// Scans what stays pending as it is: ASCII printables, single spaces between words, and (new
    /// style or keep) precomposed letters not right after o/u. Stops before a character that a
    /// combining mark follows. `last` is where the previous character started.
    @inline(__always)
    func scanPlain(from start: Int, last: Int) -> Int {
        let n = src.count
        var j = start
        var last = last
        let lettersToo = toneStyle != .old
        while j < n {
            let c = src[j]
            if c >= 0x21 && c < 0x7F { last = j; j += 1; continue }
            if c == 0x20, plainSpace(at: j) { last = j; j += 1; continue }
            if lettersToo, c >= 0xC3, !Self.isOorU(src[j - 1]) {
                let len = plainLetterLength(at: j)
                if len > 0 { last = j; j += len; continue }
            }
            break
        }
        if j < n, combiningFollows(at: j) { j = last }
        return j
    }

    /// Whether a combining mark comes at `j`, or after ignorables starting at `j` (which are
    /// removed, so the mark then belongs to the character before them).
    @inline(__always)
    func combiningFollows(at j: Int) -> Bool {
        var k = j
        while k < src.count {
            let (c, len) = scalar(at: k)
            if c >= 0x80 || CharClass.of(c) == .ignorable {
                if CharClass.of(c) == .ignorable { k += len; continue }
                return !hasBoundaryBefore(c)
            }
            return false
        }
        return false
    }

    mutating func run() {
        let n = src.count
        var i = 0
        while i < n {
            let b = src[i]
            if b >= 0x21 && b < 0x7F {
                if toneStyle == .old, i > 0, src[i - 1] >= 0x80, oldStyleMove(at: i) { i += 1; continue }
                if toneCandidate != nil {
                    if Self.isASCIILetter(b) { toneCandidate = nil } else { fixTone() }
                }
                let j = scanPlain(from: i, last: i)
                if j > i { i = j; continue }
            } else if toneStyle != .old, toneCandidate == nil, b >= 0xC3, plainLetterLength(at: i) > 0,
                      !Self.isOorU(outputByte(back: 1, before: i) ?? 0) {
                // A precomposed Vietnamese letter starts a run: the word goes on.
                let j = scanPlain(from: i + plainLetterLength(at: i), last: i)
                if j > i { i = j; continue }
            }
            i = general(at: i)
        }
        if toneCandidate != nil { fixTone() }
        flush(to: n)
    }

    /// Handles one non-ASCII scalar, white space, a control, or an NFC segment.
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
            endWord(); replace(i..<(i + len), with: [0x2D]); return i + len
        case .doubleQuote:
            endWord(); replace(i..<(i + len), with: [0x22]); return i + len
        case .singleQuote:
            endWord(); replace(i..<(i + len), with: [0x27]); return i + len
        case .eth:
            // The next scalar that stays (zero-width characters and soft hyphens are removed).
            var k = i + len
            while k < n, CharClass.of(scalar(at: k).0) == .ignorable { k += scalar(at: k).1 }
            let nextIsLetter = k < n && CharClass.isWordScalar(scalar(at: k).0)
            if nextIsLetter || previousIsLetter(before: i) {
                toneCandidate = nil
                replace(i..<(i + len), with: c == 0xD0 ? [0xC4, 0x90] : [0xC4, 0x91])
                return i + len
            }
        case .other:
            break
        }
        // An NFC segment: this scalar and every following scalar without a boundary before it
        // (ignorables between them are removed, so marks after them belong to the segment too).
        var j = i + len
        var skipped = false
        while j < n {
            let (d, dl) = scalar(at: j)
            if CharClass.of(d) == .ignorable, combiningFollows(at: j) {
                skipped = true
                j += dl
                while j < n, CharClass.of(scalar(at: j).0) == .ignorable { j += scalar(at: j).1 }
                continue
            }
            if hasBoundaryBefore(d) { break }
            j += dl
        }
        let isLetter = CharClass.isWordScalar(c)
        if isLetter { toneCandidate = nil } else { endWord() }
        if j == i + len && hasBoundaryBefore(c) {
            if isLetter { noteVowel(c, at: i, end: j) }
            return j
        }
        var segment = Array(UnsafeBufferPointer(rebasing: src[i..<j]))
        if skipped { segment = NormalizerRun.withoutIgnorables(segment) }
        let units = Array(String(decoding: segment, as: UTF8.self).utf16)
        if let nfc = try? ICU.nfc(units) {
            let composed = String(decoding: nfc, as: UTF16.self)
            replace(i..<j, with: Array(composed.utf8))
            if isLetter, composed.unicodeScalars.count == 1, let only = composed.unicodeScalars.first { noteVowel(only.value, at: i, end: j) }
        }
        return j
    }

    /// The scalars of UTF-8 `bytes` that are not ignorable.
    static func withoutIgnorables(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for s in String(decoding: bytes, as: UTF8.self).unicodeScalars where CharClass.of(s.value) != .ignorable {
            UTF8.encode(s) { out.append($0) }
        }
        return out
    }

    /// A run of white space (and ignorables inside it) becomes "", " ", "\n" or "\n\n".
    mutating func whitespaceRun(at start: Int) -> Int {
        let n = src.count
        var j = start
        var breaks = 0
        scan: while j < n {
            let b = src[j]
            if b == 0x20 || b == 0x09 || b == 0x0B || b == 0x0C { j += 1; continue }
            if b == 0x0A { breaks += 1; j += 1; continue }
            if b == 0x0D { breaks += 1; j += 1; if j < n, src[j] == 0x0A { j += 1 }; continue }
            if b < 0x80 {
                // ASCII controls inside the run are removed with it (else the run would end at a
                // NUL and a space after it start a second run: "\n" + " ", which a second
                // normalization would collapse).
                if CharClass.of(UInt32(b)) == .ignorable { j += 1; continue }
                break
            }
            let (c, len) = scalar(at: j)
            switch CharClass.of(c) {
            case .space: break
            case .newline: breaks += 1
            case .paragraph: breaks += 2
            case .ignorable: break
            default: break scan
            }
            j += len
        }
        endWord()
        let r = start..<j
        if out.isEmpty && pendingStart == start || j >= n {
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

    /// Whether the scalar before `i`, past ignorables (which are removed), is a letter.
    func previousIsLetter(before i: Int) -> Bool {
        var end = i
        while end > 0 {
            var k = end - 1
            while k > 0, src[k] & 0xC0 == 0x80 { k -= 1 }
            let c = scalar(at: k).0
            if CharClass.of(c) == .ignorable { end = k; continue }
            return CharClass.isWordScalar(c)
        }
        return false
    }

    /// Something that is not a letter comes next: a pending tone move happens now.
    @inline(__always)
    mutating func endWord() { if toneCandidate != nil { fixTone() } }

    /// The byte `back` places before source offset `i` in the output stream (written or pending).
    @inline(__always)
    func outputByte(back: Int, before i: Int) -> UInt8? {
        let pendingCount = i - pendingStart
        if back <= pendingCount { return src[i - back] }
        let k = out.count - (back - pendingCount)
        return k >= 0 ? out[k] : nil
    }

    /// After a letter was written from source `i..<end`: is it the second vowel of a final
    /// oa/oe/uy whose mark must move (to the first vowel, for the new style)?
    @inline(__always)
    mutating func noteVowel(_ c: UInt32, at i: Int, end: Int) {
        guard toneStyle == .new, c >= 0xC0 else { return }
        // The vowel is either still pending (source i..<end) or was just written (an NFC result).
        let written = pendingStart > i
        let vowelLength = written ? UTF8Scalars.encode(c).count : 0
        func back(_ k: Int) -> UInt8? {
            if written { let x = out.count - vowelLength - k; return x >= 0 ? out[x] : nil }
            return outputByte(back: k, before: i)
        }
        guard let prev = back(1) else { return }
        let p = prev | 0x20
        guard p == 0x6F || p == 0x75,
              let toned = Orthography.decompose[c], toned.tone != 0,
              NormalizerRun.pairs(first: UInt32(prev), second: toned.base, before: back(2)) else { return }
        // When the first vowel is still pending it sits right before `i`; otherwise force a rewrite
        // of the written tail (start before pendingStart).
        let start = !written && pendingStart < i ? i - 1 : -1
        toneCandidate = (start, end, prev, c)
    }

    /// Rewrites the pair noted in `toneCandidate`; the word ended right after it.
    mutating func fixTone() {
        guard let cand = toneCandidate else { return }
        toneCandidate = nil
        guard let toned = Orthography.decompose[cand.vowel],
              let first = Orthography.composed(base: UInt32(cand.first), tone: toned.tone) else { return }
        let bytes = UTF8Scalars.encode(first) + UTF8Scalars.encode(toned.base)
        rewrite(cand.start..<cand.end, emitted: 1 + UTF8Scalars.encode(cand.vowel).count, with: bytes)
    }

    /// Old style: a toned o/u (already read) followed by the ASCII a/e/y at `i` that ends the word.
    mutating func oldStyleMove(at i: Int) -> Bool {
        let b = src[i]
        guard "aeyAEY".utf8.contains(b) else { return false }
        if i + 1 < src.count {
            let next = src[i + 1]
            if next >= 0x80 ? CharClass.isWordScalar(scalar(at: i + 1).0) : CharClass.isWordScalar(UInt32(next)) { return false }
        }
        flush(to: i)
        guard !out.isEmpty else { return false }
        let (p, plen) = UTF8Scalars.decodeLast(out)
        guard plen > 1, let toned = Orthography.decompose[p], toned.tone != 0 else { return false }
        let before: UInt8? = out.count > plen ? out[out.count - plen - 1] : nil
        guard NormalizerRun.pairs(first: toned.base, second: UInt32(b), before: before),
              let second = Orthography.composed(base: UInt32(b), tone: toned.tone) else { return false }
        let bytes = UTF8Scalars.encode(toned.base) + UTF8Scalars.encode(second)
        rewrite(-1..<(i + 1), emitted: plen, with: bytes, alreadyRead: i)
        return true
    }

    /// Replaces source `range` by `bytes`. The part of the range before `alreadyRead` (default:
    /// all of it) was already read and produced the last `emitted` bytes of output (or is pending).
    mutating func rewrite(_ range: Range<Int>, emitted: Int, with bytes: [UInt8], alreadyRead: Int? = nil) {
        if range.lowerBound >= 0, pendingStart <= range.lowerBound {
            replace(range, with: bytes)
            return
        }
        // Part of the pair was already written out (it came from an NFC composition): cut it off.
        // Bytes after the pair may already be consumed: only deletions (a zero-width space, a soft
        // hyphen) can sit between a vowel pair and the end of its word, and they stay deleted.
        flush(to: max(alreadyRead ?? range.upperBound, pendingStart))
        let readEnd = max(range.upperBound, pendingStart)
        let cut = map.truncate(toDerived: out.count - emitted)
        let kept = Array(out[cut.derived..<(out.count - emitted)])
        out.removeSubrange(cut.derived...)
        let newBytes = kept + bytes
        out.append(contentsOf: newBytes)
        map.appendReplacement(originalCount: readEnd - cut.original, derivedCount: newBytes.count)
        pendingStart = readEnd
    }

    /// Whether (first, second) is a word-final oa, oe or uy whose tone mark may move.
    static func pairs(first: UInt32, second: UInt32, before: UInt8?) -> Bool {
        let f = first | 0x20, s = second | 0x20
        guard first < 0x80, second < 0x80 else { return false }
        if let before, before < 0x80, "aeiouy".utf8.contains(before | 0x20) { return false }
        switch (f, s) {
        case (0x6F, 0x61), (0x6F, 0x65): return true          // oa, oe
        case (0x75, 0x79): return (before.map { $0 | 0x20 }) != 0x71  // uy, but not "quy"
        default: return false
        }
    }
}
