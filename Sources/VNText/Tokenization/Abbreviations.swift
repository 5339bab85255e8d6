import Foundation

/// Abbreviations after which a period does not end a sentence ("TP.", "TS.", "ThS.", "Q.").
///
/// The list is data (`Gazetteer/text/abbreviations.tsv`, column `abbr`); a single capital letter
/// is always an initial ("Nguyễn V. A").
public struct Abbreviations: Sendable {
    /// Abbreviations without their final period, as written ("TP", "Tp", "ThS", "T.Ư").
    public let forms: Set<String>

    public init(forms: some Sequence<String>) {
        self.forms = Set(forms.map { $0.hasSuffix(".") ? String($0.dropLast()) : $0 })
    }

    /// A minimal list used when no data folder is given.
    public static let builtIn = Abbreviations(forms: ["TP", "Tp", "tp", "TX", "Tx", "TT", "TS", "ThS", "PGS", "GS", "BS", "KS", "Q", "P", "H", "X", "T.Ư", "TƯ", "Th.S", "Đ/c", "đ/c", "Ô", "B", "St", "Ths"])

    /// Loads `text/abbreviations.tsv` from a data folder (falls back to the built-in list).
    public static func load(from dir: URL?) -> Abbreviations {
        guard let dir, let tsv = try? String(contentsOf: dir.appendingPathComponent("text/abbreviations.tsv"), encoding: .utf8) else { return .builtIn }
        var forms: [String] = []
        for (i, line) in tsv.split(separator: "\n").enumerated() where i > 0 {
            let abbr = line.split(separator: "\t", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            if !abbr.isEmpty { forms.append(abbr) }
        }
        return forms.isEmpty ? .builtIn : Abbreviations(forms: forms + Array(Abbreviations.builtIn.forms))
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
