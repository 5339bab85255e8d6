/// Splits normalized text into tokens (ICU word break) and sentences (ICU sentence break,
/// corrected for Vietnamese abbreviations and initials, and cut at every line break).
///
/// ICU breaks Vietnamese at every syllable, which is what the extractors want: multi-syllable
/// names are found later by the gazetteer matcher over these syllables.
///
/// Example:
/// ```swift
/// let doc = Tokenizer().tokenize(Normalizer().normalize("Tỉnh uỷ Lạng Sơn, 09/15 đảng bộ."))
/// doc.tokens.map { doc.text.text($0.range) }   // ["Tỉnh", "ủy", "Lạng", "Sơn", ",", "09", "/", "15", …]
/// ```
/// Not thread-safe: use one tokenizer per thread (each owns ICU iterators).
public final class Tokenizer {
    private let words: BreakIterator
    private let sentences: BreakIterator
    public let abbreviations: Abbreviations

    public init(abbreviations: Abbreviations = .builtIn) throws(ICUError) {
        words = try BreakIterator(.word)
        sentences = try BreakIterator(.sentence)
        self.abbreviations = abbreviations
    }

    /// Tokens only.
    public func tokens(_ text: NormalizedText) -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(text.bytes.count / 4)
        text.bytes.withUnsafeBufferPointer { buf in
            guard let (bounds, statuses) = try? words.boundaries(in: buf) else { return }
            var start = 0
            var pendingSpace = false
            var pendingBreak = false
            for k in 0..<bounds.count {
                let end = Int(bounds[k])
                defer { start = end }
                let first = buf[start]
                if first == 0x20 || first == 0x0A {
                    pendingSpace = true
                    if first == 0x0A || (end - start > 1 && buf[start..<end].contains(0x0A)) { pendingBreak = true }
                    continue
                }
                let status = statuses[k]
                let kind: TokenKind
                switch status {
                case 100..<200: kind = .number
                case 200..<500: kind = .word
                default: kind = Self.kindOfOther(buf, start, end)
                }
                func emit(_ kind: TokenKind, _ r: Range<Int>) {
                    let source = text.map.originalRange(r)
                    // Two word-break pieces from one normalization replacement (an NFC segment of
                    // marks and letters that break apart) share its source: one token, so sources
                    // stay in order and never overlap.
                    if let last = tokens.last, source.lowerBound < last.source.upperBound {
                        tokens[tokens.count - 1].range = last.range.lowerBound..<r.upperBound
                        tokens[tokens.count - 1].source = last.source.lowerBound..<max(last.source.upperBound, source.upperBound)
                    } else {
                        tokens.append(Token(kind: kind, range: r, source: source,
                                            spaceBefore: pendingSpace, lineBreakBefore: pendingBreak))
                    }
                    pendingSpace = false
                    pendingBreak = false
                }
                // "TP.Tam Kỳ", "TX.Long Khánh": ICU keeps letters around a period together; a
                // place-type abbreviation is split from the name, as if written "TP. Tam Kỳ".
                if kind == .word, end - start >= 3, let d = abbreviations.placeTypeSplit(buf, start, end) {
                    emit(.word, start..<d)
                    emit(.punctuation, d..<(d + 1))
                    emit(.word, (d + 1)..<end)
                } else {
                    emit(kind, start..<end)
                }
            }
        }
        return tokens
    }

    static func kindOfOther(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TokenKind {
        let b = buf[start]
        if b < 0x80 {
            switch b {
            case UInt8(ascii: "$"), UInt8(ascii: "+"), UInt8(ascii: "<"), UInt8(ascii: "="), UInt8(ascii: ">"),
                 UInt8(ascii: "^"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"): return .symbol
            default: return .punctuation
            }
        }
        let arr = Array(buf[start..<end])
        let (c, _) = UTF8Scalars.decode(arr, at: 0)
        guard let s = Unicode.Scalar(c) else { return .symbol }
        switch s.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation: return .punctuation
        default: return .symbol
        }
    }

    /// Tokens and sentences.
    public func tokenize(_ text: NormalizedText) -> TokenizedText {
        let toks = tokens(text)
        let sents = sentences(text, tokens: toks)
        return TokenizedText(text: text, tokens: toks, sentences: sents)
    }

    /// Sentences over already computed tokens.
    public func sentences(_ text: NormalizedText, tokens: [Token]) -> [Sentence] {
        // 1. ICU's sentence boundaries, plus every line break (a line is at most a paragraph).
        var cuts: [Int] = []
        text.bytes.withUnsafeBufferPointer { buf in
            if let (bounds, _) = try? sentences.boundaries(in: buf) { cuts = bounds.map(Int.init) }
        }
        // 2. Undo cuts right after an abbreviation or an initial ("TP. Hồ Chí Minh", "Nguyễn V. A").
        var ti = 0
        var kept: [Int] = []
        for cut in cuts {
            // Last token ending at or before the cut (ignoring spaces).
            while ti < tokens.count, tokens[ti].range.upperBound <= cut { ti += 1 }
            let last = ti - 1
            if cut < text.bytes.count, last >= 1, text.bytes[tokens[last].range.lowerBound] == UInt8(ascii: "."),
               !text.bytes[tokens[last].range.upperBound..<cut].contains(0x0A),
               abbreviations.suppressesBreak(after: text.text(tokens[last - 1].range),
                                             adjacent: tokens[last].spaceBefore == false) {
                continue
            }
            kept.append(cut)
        }
        // 3. Cut at line breaks too, and build sentences with token ranges.
        var out: [Sentence] = []
        var paragraph = 0
        var tokStart = 0
        var k = 0
        var boundaryIndex = 0
        while tokStart < tokens.count {
            while boundaryIndex < kept.count, kept[boundaryIndex] <= tokens[tokStart].range.lowerBound { boundaryIndex += 1 }
            let limit = boundaryIndex < kept.count ? kept[boundaryIndex] : Int.max
            k = tokStart + 1
            while k < tokens.count, tokens[k].range.lowerBound < limit, !tokens[k].lineBreakBefore { k += 1 }
            let r = tokens[tokStart].range.lowerBound..<tokens[k - 1].range.upperBound
            if tokStart > 0, tokens[tokStart].lineBreakBefore { paragraph += 1 }
            out.append(Sentence(range: r, source: text.map.originalRange(r), tokens: tokStart..<k, paragraph: paragraph))
            tokStart = k
        }
        return out
    }
}

/// Normalized text with its tokens and sentences.
public struct TokenizedText: Sendable {
    public let text: NormalizedText
    public let tokens: [Token]
    public let sentences: [Sentence]

    public func string(_ t: Token) -> String { text.text(t.range) }
}
