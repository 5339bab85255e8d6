import Foundation

/// Which words are Vietnamese syllables: an onset (or none), a rhyme and at most one tone mark,
/// with the spelling rules of the script (k, gh, ngh only before i, e, ê, y; c, g, ng not before
/// them; a rhyme ending in c, ch, p, t takes only the sắc or nặng tone). The onsets and rhymes
/// are `Gazetteer/encodings/syllables.tsv` (columns `part`, `spelling`, `note`).
public struct SyllableModel: Sendable {
    let onsets: Set<String>
    let rhymes: Set<String>

    public init(onsets: Set<String>, rhymes: Set<String>) {
        self.onsets = onsets
        self.rhymes = rhymes
    }

    public init(tsv: String) throws {
        var o: Set<String> = [], r: Set<String> = []
        var lineNo = 0
        for line in tsv.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if lineNo == 1 || line.isEmpty { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 2, !cols[1].isEmpty else { throw DataDirectoryError(message: "syllables.tsv:\(lineNo): expected part and spelling") }
            let s = String(cols[1]).precomposedStringWithCanonicalMapping
            switch cols[0] {
            case "onset": o.insert(s)
            case "rhyme": r.insert(s)
            default: throw DataDirectoryError(message: "syllables.tsv:\(lineNo): part '\(cols[0])' is not onset or rhyme")
            }
        }
        guard !r.isEmpty else { throw DataDirectoryError(message: "syllables.tsv: no rhymes") }
        onsets = o; rhymes = r
    }

    public static func load(from dir: URL) throws -> SyllableModel {
        let url = dir.appendingPathComponent("encodings").appendingPathComponent("syllables.tsv")
        return try SyllableModel(tsv: String(contentsOf: url, encoding: .utf8))
    }

    static let toneMarks: Set<UInt32> = [0x300, 0x301, 0x303, 0x309, 0x323]
    static let front: Set<Character> = ["i", "e", "ê", "y"]

    /// Whether `word` (letters only, any case, any normalization) is a Vietnamese syllable.
    public func isSyllable(_ word: String) -> Bool {
        var tone: UInt32? = nil
        var base = String.UnicodeScalarView()
        for s in word.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            if SyllableModel.toneMarks.contains(s.value) {
                if tone != nil { return false }
                tone = s.value
            } else {
                base.append(s)
            }
        }
        let b = String(base).precomposedStringWithCanonicalMapping
        guard !b.isEmpty, b.count <= 7 else { return false }
        // Every split into a written onset and a rhyme (gi + a rhyme, or g + a rhyme in i).
        let chars = Array(b)
        for cut in 0...min(3, chars.count - 1) {
            let onset = String(chars[0..<cut]), rhyme = String(chars[cut...])
            guard cut == 0 || onsets.contains(onset), rhymes.contains(rhyme) else { continue }
            let first = chars[cut]
            if ["k", "gh", "ngh"].contains(onset), !SyllableModel.front.contains(first) { continue }
            if ["c", "ng"].contains(onset), SyllableModel.front.contains(first) { continue }
            if onset == "g", first == "e" || first == "ê" { continue }
            if onset == "qu", first == "u" || first == "o" { continue }
            if rhyme.hasSuffix("c") || rhyme.hasSuffix("ch") || rhyme.hasSuffix("p") || rhyme.hasSuffix("t") {
                if let t = tone, t != 0x301, t != 0x323 { continue }
                if tone == nil { continue }
            }
            return true
        }
        return false
    }

    /// How much of a decoded text is made of Vietnamese syllables: the words written with
    /// letters beyond ASCII (the only ones in which the candidate encodings differ) that are
    /// syllables, those that are not, and the symbols no Vietnamese text has.
    public func measure(_ utf8: [UInt8]) -> SyllableMeasure {
        var m = SyllableMeasure()
        var word = String.UnicodeScalarView()
        var nonASCII = false
        func endWord() {
            if !word.isEmpty {
                m.letters += word.count
                if nonASCII { if isSyllable(String(word)) { m.syllables += 1 } else { m.nonSyllables += 1 } }
            }
            word = String.UnicodeScalarView(); nonASCII = false
        }
        for s in String(decoding: utf8, as: UTF8.self).unicodeScalars {
            let p = s.properties
            if p.isAlphabetic || p.generalCategory == .nonspacingMark {
                word.append(s)
                if s.value >= 0x80 { nonASCII = true }
                continue
            }
            endWord()
            if s.value >= 0x80, !SyllableMeasure.commonSymbols.contains(s.value), !p.isWhitespace { m.symbols += 1 }
        }
        endWord()
        return m
    }
}

/// What `SyllableModel.measure` counts.
public struct SyllableMeasure: Sendable, Equatable {
    public var syllables = 0, nonSyllables = 0, symbols = 0, letters = 0
    /// Typography a Vietnamese text may have: quotes, dashes, ellipsis, bullet, degree, no-break space…
    static let commonSymbols: Set<UInt32> = [0xA0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2013, 0x2014, 0x2026, 0x2022, 0xB0, 0xAB, 0xBB, 0xA7, 0xB2, 0xB3, 0xBD, 0xB7, 0x2032, 0x2033, 0xA9, 0xAE, 0x20AB, 0x2116]
    /// Syllables minus the rest: higher reads more like Vietnamese.
    public var score: Int { syllables - nonSyllables - 2 * symbols }
    /// The share of the words and symbols that differ between encodings that are syllables.
    public var share: Double {
        let n = syllables + nonSyllables + symbols
        return n == 0 ? 0 : Double(syllables) / Double(n)
    }
}
