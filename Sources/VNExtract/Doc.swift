import VNText
import VNGazetteer

/// One article's text as the extractors see it: normalized text, tokens with folded keys,
/// sentences, and spans back to the original bytes.
/// Keys of token spellings, kept across the articles one extractor reads.
struct TokenKeyCache {
    /// `vid`: the id of the exact spelling; `pvid`: of the plain key in the plain namespace
    /// (`TokenKey.plainMark`), for articles typed without diacritics.
    struct Entry { let key: String; let vkey: String; let id: Int32; let vid: Int32; let pvid: Int32; let cap: Bool; let marked: Bool; let bytes: [UInt8] }
    /// FNV-1a hash of a token's bytes → entry (the bytes are compared on a hit).
    var entries: [UInt64: Entry] = [:]

    @inline(__always) static func hash(_ b: ArraySlice<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for x in b { h = (h ^ UInt64(x)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}

final class Doc {
    let text: NormalizedText
    let tokens: [Token]
    let sentences: [Sentence]
    /// Folded key of each token (no case, no diacritics; numbers without leading zeros).
    let keys: [String]
    /// Keys the vocabulary is matched on: exact spelling (lower-cased), or `keys` when the article
    /// is typed without diacritics.
    let vkeys: [String]
    /// `keys` and `vkeys` as interned ids (what the tries match on).
    let ids: [Int32]
    let vids: [Int32]
    /// Whether each token starts with an upper-case letter.
    let caps: [Bool]
    /// Sentence index of each token.
    let sentenceOf: [Int]
    /// Tokens inside the article body (chrome excluded).
    var inBody: [Bool]
    /// Integer value, decimal value and digit count of each number token (nil/0 for others),
    /// computed once: rules test numbers far more often than there are numbers.
    private(set) var ints: [Int?] = []
    private(set) var decimals: [Double?] = []
    /// The value of a token made of at most four ASCII digits (days, months, years), else -1.
    private(set) var smallNumbers: [Int16] = []
    private(set) var digitCounts: [UInt8] = []
    private var clauseStarts: [Int] = []
    private var clauseEnds: [Int] = []

    init(text: NormalizedText, tokenized: TokenizedText, cache: inout TokenKeyCache) {
        self.text = text
        tokens = tokenized.tokens
        sentences = tokenized.sentences
        // Each distinct token spelling is folded and interned once per document.
        typealias Entry = TokenKeyCache.Entry
        var keys: [String] = [], vkeys: [String] = [], ids: [Int32] = [], vids: [Int32] = [], caps: [Bool] = []
        caps.reserveCapacity(tokens.count)
        keys.reserveCapacity(tokens.count); vkeys.reserveCapacity(tokens.count)
        ids.reserveCapacity(tokens.count); vids.reserveCapacity(tokens.count)
        let interner = KeyInterner.shared
        var entries: [Entry] = []
        entries.reserveCapacity(tokens.count)
        var words = 0, marked = 0
        for t in tokens {
            let b = text.bytes[t.range]
            let e: Entry
            let h = TokenKeyCache.hash(b)
            if let hit = cache.entries[h], hit.bytes.elementsEqual(b) { e = hit } else {
                let k = TokenKey.key(b, kind: t.kind)
                let m = b.contains(where: { $0 >= 0x80 })
                let vk = m ? TokenKey.exactKey(b, kind: t.kind) : k
                let id = interner.lookup(k)
                let first = b.first ?? 0
                let cap = (first >= 0x41 && first <= 0x5A) || (first >= 0x80 && (String(decoding: b, as: UTF8.self).unicodeScalars.first?.properties.isUppercase ?? false))
                e = Entry(key: k, vkey: vk, id: id, vid: vk == k ? id : interner.lookup(vk), pvid: interner.lookup(TokenKey.plainMark + k),
                          cap: cap, marked: m, bytes: [UInt8](b))
                if cache.entries.count > 200_000 { cache.entries.removeAll(keepingCapacity: true) }
                cache.entries[h] = e
            }
            if t.kind == .word { words += 1; if e.marked { marked += 1 } }
            entries.append(e)
        }
        // Vocabulary keys: text written with diacritics matches phrases by their exact spelling,
        // ASCII words included ("cơ quan" is not "cơ quận", "Đa khoa" not "khóa"); text typed
        // without them (fewer than one word in ten has a mark) by the plain keys. Decided per
        // sentence (a title may have marks over a body without), short ones by the whole article.
        let articlePlain = words >= 8 && marked * 10 < words
        var plain = Array(repeating: articlePlain, count: tokens.count)
        for sent in sentences {
            var w = 0, m = 0
            for i in sent.tokens where i < entries.count && tokens[i].kind == .word { w += 1; if entries[i].marked { m += 1 } }
            if w >= 4 { for i in sent.tokens where i < plain.count { plain[i] = m * 10 < w } }
        }
        for (i, e) in entries.enumerated() {
            let p = plain[i]
            keys.append(e.key); vkeys.append(p ? e.key : e.vkey); ids.append(e.id); vids.append(p ? e.pvid : e.vid); caps.append(e.cap)
        }
        self.keys = keys
        self.vkeys = vkeys
        self.ids = ids
        self.vids = vids
        self.caps = caps
        var sOf = Array(repeating: 0, count: tokens.count)
        for (si, s) in sentences.enumerated() { for i in s.tokens { sOf[i] = si } }
        sentenceOf = sOf
        inBody = Array(repeating: true, count: tokens.count)
        // Clause bounds, once: ";" or the sentence bounds (linear, so nothing rescans long sentences).
        var cs = Array(repeating: 0, count: tokens.count), ce = Array(repeating: 0, count: tokens.count)
        for sent in sentences {
            var start = sent.tokens.lowerBound
            for i in sent.tokens { cs[i] = start; if keys[i] == ";" { start = i + 1 } }
            var end = sent.tokens.upperBound
            for i in sent.tokens.reversed() { if keys[i] == ";" { end = i }; ce[i] = end }
        }
        clauseStarts = cs
        clauseEnds = ce
        var ints = Array<Int?>(repeating: nil, count: tokens.count), decs = Array<Double?>(repeating: nil, count: tokens.count)
        var small = Array<Int16>(repeating: -1, count: tokens.count), digits = Array<UInt8>(repeating: 0, count: tokens.count)
        for (k, t) in tokens.enumerated() where t.kind == .number {
            let b = text.bytes[t.range]
            if b.count <= 4, b.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                var v: Int16 = 0
                for x in b { v = v * 10 + Int16(x - 0x30) }
                small[k] = v
            }
            digits[k] = UInt8(min(255, b.count))
            ints[k] = Doc.parseInt(String(decoding: b, as: UTF8.self))
            decs[k] = ints[k].map(Double.init) ?? Doc.parseDecimal(String(decoding: b, as: UTF8.self))
        }
        self.ints = ints
        decimals = decs
        smallNumbers = small
        digitCounts = digits
    }

    static func parseInt(_ s: String) -> Int? {
        if s.allSatisfy(\.isNumber) { return s.count <= 9 ? Int(s) : nil }
        // Thousands with dots: 1.234 / 1.234.567
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count >= 2, parts[0].count <= 3, parts.dropFirst().allSatisfy({ $0.count == 3 }), parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) {
            return parts.count <= 3 ? Int(parts.joined()) : nil
        }
        return nil
    }

    static func parseDecimal(_ s: String) -> Double? {
        let parts = s.split(separator: ",")
        if parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) && $0.count <= 6 }) { return Double("\(parts[0]).\(parts[1])") }
        return nil
    }

    var count: Int { tokens.count }

    /// Normalized text of a token.
    /// Every accessor takes any index: outside the tokens there is nothing (an empty key, no
    /// kind), so rules may look ahead or behind without checking bounds first.
    @inline(__always) func str(_ i: Int) -> String { i >= 0 && i < tokens.count ? text.text(tokens[i].range) : "" }
    @inline(__always) func kind(_ i: Int) -> TokenKind? { i >= 0 && i < tokens.count ? tokens[i].kind : nil }
    @inline(__always) func isNumber(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .number }
    @inline(__always) func isWord(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .word }
    @inline(__always) func key(_ i: Int) -> String { i >= 0 && i < keys.count ? keys[i] : "" }

    /// Whether token `i` starts with an upper-case letter (or is a number).
    @inline(__always) func isCapitalized(_ i: Int) -> Bool { i >= 0 && i < caps.count && caps[i] }

    /// Whether there is no white space between token `i-1` and `i`.
    @inline(__always) func adjacent(_ i: Int) -> Bool { i > 0 && i < tokens.count && !tokens[i].spaceBefore }

    /// The original byte span of tokens `r` (half-open token indices, clamped to the tokens).
    func span(_ r: Range<Int>) -> Range<Int> { text.originalRange(normRange(r)) }
    /// The normalized byte range of tokens `r` (empty at the nearest token when `r` is empty or outside).
    func normRange(_ r: Range<Int>) -> Range<Int> {
        guard !tokens.isEmpty else { return 0..<0 }
        let lo = min(max(r.lowerBound, 0), tokens.count - 1)
        let hi = min(max(r.upperBound, lo + 1), tokens.count)
        let a = tokens[lo].range.lowerBound
        return r.isEmpty ? a..<a : a..<max(a, tokens[hi - 1].range.upperBound)
    }

    /// The original text of tokens `r` (what a fact's `text` is: the slice of the input).
    func originalText(_ r: Range<Int>) -> String {
        let s = span(r)
        return String(decoding: text.original[s], as: UTF8.self)
    }
    /// The normalized text of tokens `r`.
    func normText(_ r: Range<Int>) -> String { text.text(normRange(r)) }

    /// Integer value of a number token as Vietnamese writes it ("09" → 9, "1.234" → 1234, "1 534" is two tokens).
    @inline(__always) func intValue(_ i: Int) -> Int? { i >= 0 && i < ints.count ? ints[i] : nil }

    /// Decimal value ("52,6" → 52.6; "100" → 100).
    @inline(__always) func decimalValue(_ i: Int) -> Double? { i >= 0 && i < decimals.count ? decimals[i] : nil }

    /// A number of at most four digits (a day, a month, a year), else nil.
    @inline(__always) func small(_ i: Int) -> Int? { i >= 0 && i < smallNumbers.count && smallNumbers[i] >= 0 ? Int(smallNumbers[i]) : nil }
    @inline(__always) func digitCount(_ i: Int) -> Int { i >= 0 && i < digitCounts.count ? Int(digitCounts[i]) : 0 }


    /// Index of the first token of the clause containing `i` (after ";" or the sentence start).
    /// Past the tokens, the clause is empty (starts and ends there).
    @inline(__always) func clauseStart(_ i: Int) -> Int { i >= 0 && i < clauseStarts.count ? clauseStarts[i] : max(0, min(i, count)) }
    /// Index after the last token of the clause containing `i` (its ";" or the sentence end).
    @inline(__always) func clauseEnd(_ i: Int) -> Int { i >= 0 && i < clauseEnds.count ? clauseEnds[i] : max(0, min(i, count)) }
}
