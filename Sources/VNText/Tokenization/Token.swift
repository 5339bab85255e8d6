/// What a token is.
public enum TokenKind: String, Sendable, Codable {
    /// Letters: a Vietnamese syllable, a foreign word, an abbreviation with inner dots ("T.Ư").
    case word
    /// Digits, kept whole with inner separators ("09", "2,5", "1.534", "0294.3832012").
    case number
    case punctuation
    case symbol
}

/// A token of normalized text. `range` is in normalized bytes; `source` in the original's.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var range: Range<Int>
    public var source: Range<Int>
    /// Whether white space (or a line break) separates this token from the previous one.
    public var spaceBefore: Bool
    /// Whether a line break separates this token from the previous one.
    public var lineBreakBefore: Bool
}

/// A sentence: a range of normalized bytes, its original span, and the tokens in it.
public struct Sentence: Sendable, Equatable {
    public var range: Range<Int>
    public var source: Range<Int>
    public var tokens: Range<Int>
    /// Index of the paragraph (block separated by blank lines, or a line) it belongs to.
    public var paragraph: Int
}
