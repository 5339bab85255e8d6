import VNText
import VNGazetteer

/// One article's text as the extractors see it: normalized text, tokens with folded keys,
/// sentences, and spans back to the original bytes.
final class Doc {
    let text: NormalizedText
    let tokens: [Token]
    let sentences: [Sentence]
    /// Folded key of each token (no case, no diacritics; numbers without leading zeros).
    let keys: [String]
    /// Keys the vocabulary is matched on: exact spelling (lower-cased), or `keys` when the article
    /// is typed without diacritics.
    let vkeys: [String]
    /// Sentence index of each token.
    let sentenceOf: [Int]
    /// Tokens inside the article body (chrome excluded).
    var inBody: [Bool]
    private var clauseStarts: [Int] = []
    private var clauseEnds: [Int] = []

    init(text: NormalizedText, tokenized: TokenizedText) {
        self.text = text
        tokens = tokenized.tokens
        sentences = tokenized.sentences
        var keys: [String] = []
        keys.reserveCapacity(tokens.count)
        var cache: [ArraySlice<UInt8>: String] = [:]
        for t in tokens {
            let b = text.bytes[t.range]
            if let k = cache[b] { keys.append(k); continue }
            let k = TokenKey.key(b, kind: t.kind)
            if cache.count < 50_000 { cache[b] = k }
            keys.append(k)
        }
        self.keys = keys
        // Vocabulary keys: the exact spelling of tokens with diacritics, the plain key of ASCII
        // ones (so text typed without diacritics still matches, and "đang" never matches "đảng").
        var ek: [String] = []
        ek.reserveCapacity(tokens.count)
        var c2: [ArraySlice<UInt8>: String] = [:]
        for (n, t) in tokens.enumerated() {
            let b = text.bytes[t.range]
            if !b.contains(where: { $0 >= 0x80 }) { ek.append(keys[n]); continue }
            if let k = c2[b] { ek.append(k); continue }
            let k = TokenKey.exactKey(b, kind: t.kind)
            if c2.count < 50_000 { c2[b] = k }
            ek.append(k)
        }
        vkeys = ek
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
    }

    var count: Int { tokens.count }

    /// Normalized text of a token.
    @inline(__always) func str(_ i: Int) -> String { text.text(tokens[i].range) }
    @inline(__always) func kind(_ i: Int) -> TokenKind { tokens[i].kind }
    @inline(__always) func isNumber(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .number }
    @inline(__always) func isWord(_ i: Int) -> Bool { i >= 0 && i < tokens.count && tokens[i].kind == .word }
    @inline(__always) func key(_ i: Int) -> String { i >= 0 && i < keys.count ? keys[i] : "" }

    /// Whether token `i` starts with an upper-case letter (or is a number).
    func isCapitalized(_ i: Int) -> Bool {
        guard i >= 0 && i < tokens.count else { return false }
        let b = text.bytes[tokens[i].range.lowerBound]
        if b >= 0x41 && b <= 0x5A { return true }
        if b < 0x80 { return false }
        return str(i).first?.isUppercase ?? false
    }

    /// Whether there is no white space between token `i-1` and `i`.
    @inline(__always) func adjacent(_ i: Int) -> Bool { i > 0 && i < tokens.count && !tokens[i].spaceBefore }

    /// Do tokens from `i` have these keys (e.g. ["tinh", "den"])?
    func matches(_ i: Int, _ ks: [String]) -> Bool {
        guard i >= 0, i + ks.count <= keys.count else { return false }
        for (k, want) in ks.enumerated() where keys[i + k] != want { return false }
        return true
    }

    /// The original byte span of tokens `r` (half-open token indices).
    func span(_ r: Range<Int>) -> Range<Int> {
        let a = tokens[r.lowerBound].range.lowerBound, b = tokens[r.upperBound - 1].range.upperBound
        return text.originalRange(a..<b)
    }
    func normRange(_ r: Range<Int>) -> Range<Int> { tokens[r.lowerBound].range.lowerBound..<tokens[r.upperBound - 1].range.upperBound }

    /// The original text of tokens `r` (what a fact's `text` is: the slice of the input).
    func originalText(_ r: Range<Int>) -> String {
        let s = span(r)
        return String(decoding: text.original[s], as: UTF8.self)
    }
    /// The normalized text of tokens `r`.
    func normText(_ r: Range<Int>) -> String { text.text(normRange(r)) }

    /// Integer value of a number token as Vietnamese writes it ("09" → 9, "1.234" → 1234, "1 534" is two tokens).
    func intValue(_ i: Int) -> Int? {
        guard isNumber(i) else { return nil }
        let s = str(i)
        if s.allSatisfy(\.isNumber) { return s.count <= 9 ? Int(s) : nil }
        // Thousands with dots: 1.234 / 1.234.567
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count >= 2, parts[0].count <= 3, parts.dropFirst().allSatisfy({ $0.count == 3 }), parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) {
            return Int(parts.joined())
        }
        return nil
    }

    /// Decimal value ("52,6" → 52.6; "100" → 100).
    func decimalValue(_ i: Int) -> Double? {
        guard isNumber(i) else { return nil }
        let s = str(i)
        if let v = intValue(i) { return Double(v) }
        let parts = s.split(separator: ",")
        if parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return Double("\(parts[0]).\(parts[1])") }
        return nil
    }

    /// Token range of sentence `s`.
    func sentenceTokens(_ s: Int) -> Range<Int> { sentences[s].tokens }

    /// Index of the first token of the clause containing `i` (after ";" or the sentence start).
    @inline(__always) func clauseStart(_ i: Int) -> Int { clauseStarts[i] }
    /// Index after the last token of the clause containing `i` (its ";" or the sentence end).
    @inline(__always) func clauseEnd(_ i: Int) -> Int { clauseEnds[i] }
}
