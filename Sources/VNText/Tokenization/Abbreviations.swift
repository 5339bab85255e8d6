import Foundation

/// Abbreviations after which a period does not end a sentence ("TP.", "TS.", "ThS.", "Q.").
///
/// The list is data (`Gazetteer/text/abbreviations.tsv`, column `abbr`); a single capital letter
/// is always an initial ("Nguyễn V. A").
public struct Abbreviations: Sendable {
    /// Abbreviations without their final period, as written ("TP", "Tp", "ThS", "T.Ư").
    public let forms: Set<String>
    /// Place-type abbreviations (kind `place-type`) without their final period ("TP", "TX", "P"):
    /// written against a name ("TP.Tam Kỳ", "TX.Long Khánh") they are split from it.
    public let placeTypes: Set<[UInt8]>

    public init(forms: some Sequence<String>, placeTypes: some Sequence<String> = Abbreviations.builtInPlaceTypes) {
        self.forms = Set(forms.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
        self.placeTypes = Set(placeTypes.map { Array(($0.hasSuffix(".") ? String($0.dropLast()) : $0).utf8) })
    }

    public static let builtInPlaceTypes = ["TP", "Tp", "T.P", "TX", "Tx", "TT", "Q", "H", "P", "X"]

    /// A minimal list used when no data folder is given.
    public static let builtIn = Abbreviations(forms: ["TP", "Tp", "tp", "TX", "Tx", "TT", "TS", "ThS", "PGS", "GS", "BS", "KS", "Q", "P", "H", "X", "T.Ư", "TƯ", "Th.S", "Đ/c", "đ/c", "Ô", "B", "St", "Ths"])

    /// Loads `text/abbreviations.tsv` from a data folder (falls back to the built-in list).
    public static func load(from dir: URL?) -> Abbreviations {
        guard let dir, let tsv = try? String(contentsOf: dir.appendingPathComponent("text/abbreviations.tsv"), encoding: .utf8) else { return .builtIn }
        var forms: [String] = [], placeTypes: [String] = []
        for (i, line) in tsv.split(separator: "\n").enumerated() where i > 0 {
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            let abbr = cols.first.map(String.init) ?? ""
            if !abbr.isEmpty { forms.append(abbr) }
            if !abbr.isEmpty, cols.count > 2, cols[2] == "place-type" { placeTypes.append(abbr) }
        }
        return forms.isEmpty ? .builtIn : Abbreviations(forms: forms + Array(Abbreviations.builtIn.forms), placeTypes: placeTypes.isEmpty ? Abbreviations.builtInPlaceTypes : placeTypes)
    }

    /// Where a word written against a place-type abbreviation splits ("TP.Tam" → "TP", ".", "Tam"):
    /// the offset of the period inside `word`, when the part before it is a place-type abbreviation of
    /// two letters or more (a single capital is also an initial: "P.Hoa") and a capitalized syllable
    /// follows it (an acronym stays whole: "TP.HCM").
    func placeTypeSplit(_ word: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        var d = start + 2
        while d < end - 2 {
            if word[d] == 0x2E, placeTypes.contains(Array(word[start..<d])) {
                let rest = String(decoding: UnsafeBufferPointer(rebasing: word[(d + 1)..<end]), as: UTF8.self).unicodeScalars
                var it = rest.makeIterator()
                if let a = it.next(), a.properties.isUppercase, let b = it.next(), b.properties.isLowercase { return d }
                return nil
            }
            d += 1
        }
        return nil
    }

    /// Whether a sentence break after `word` + "." should be undone.
    func suppressesBreak(after word: String, adjacent: Bool) -> Bool {
        guard adjacent else { return false }
        if forms.contains(word) { return true }
        // An initial: one upper-case letter.
        if word.count == 1, let c = word.first, c.isUppercase { return true }
        return false
    }
}
