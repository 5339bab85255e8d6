import Foundation
import VNGazetteer
import VNText

/// What the article reader knows about HTML and about Vietnamese portals, read from
/// `Gazetteer/html/` (the reader's policy is data: element roles, hint words, dateline forms).
///
/// - `elements.tsv`: element → role (hidden, block, break, heading, cell, item, landmark, link, bold);
///   elements not listed are inline.
/// - `hints.tsv`: words by kind: class/id words (`class-chrome`, `class-title`, `class-date`,
///   `class-author`, `class-content`), visible phrases (`stop`, `line`, `not-date`, `date-cue`,
///   `byline-cue`, `site`) and the `function-word`s of running prose.
/// - `datelines.tsv`: regular expressions with groups `d`, `m`, `y` for the date forms of datelines.
struct PageRules: Sendable {
    enum Role: String, Sendable, CaseIterable { case hidden, block, `break`, heading, cell, item, landmark, link, bold, inline }
    static let hintKinds: Set<String> = ["class-chrome", "class-title", "class-date", "class-author", "class-content",
                                         "stop", "line", "not-date", "date-cue", "byline-cue", "site", "function-word"]
    static let files = ["html/elements.tsv", "html/hints.tsv", "html/datelines.tsv"]

    var roles: [String: Role] = [:]
    /// Hint words by kind, folded to lower case NFC.
    var hints: [String: [String]] = [:]
    var functionWords: Set<String> = []
    var datelines: [(NSRegularExpression, ymd: Bool)] = []

    func role(_ tag: String) -> Role { roles[tag] ?? .inline }
    func words(_ kind: String) -> [String] { hints[kind] ?? [] }

    /// Loads and checks the rules; the issues are what `vnfacts gazetteer check` reports.
    static func load(from dir: URL) -> (PageRules?, [DataIssue]) {
        var rules = PageRules()
        var issues: [DataIssue] = []
        func table(_ name: String, _ cols: [String]) -> (TSVFile, [Int])? {
            guard let t = try? TSVFile.load(name, in: dir) else {
                issues.append(DataIssue(file: name, line: 0, message: "missing or unreadable (the HTML reader needs it)")); return nil
            }
            issues += t.malformed
            var idx: [Int] = []
            for c in cols {
                guard let k = t.optionalColumn(c) else { issues.append(DataIssue(file: name, line: 1, message: "needs a column '\(c)'")); return nil }
                idx.append(k)
            }
            return (t, idx)
        }
        if let (t, c) = table("html/elements.tsv", ["element", "role"]) {
            for r in t.rows {
                let tag = r.fields[c[0]], role = r.fields[c[1]]
                guard let ro = Role(rawValue: role) else {
                    issues.append(DataIssue(file: t.name, line: r.line, message: "role '\(role)' is not one of \(Role.allCases.map(\.rawValue).joined(separator: "|"))")); continue
                }
                if tag.isEmpty || tag != tag.lowercased() { issues.append(DataIssue(file: t.name, line: r.line, message: "element '\(tag)' must be a lower-case name")); continue }
                if rules.roles[tag] != nil { issues.append(DataIssue(file: t.name, line: r.line, message: "element '\(tag)' is listed twice")) }
                rules.roles[tag] = ro
            }
        }
        if let (t, c) = table("html/hints.tsv", ["word", "kind"]) {
            for r in t.rows {
                let w = r.fields[c[0]], kind = r.fields[c[1]]
                guard hintKinds.contains(kind) else {
                    issues.append(DataIssue(file: t.name, line: r.line, message: "kind '\(kind)' is not one of \(hintKinds.sorted().joined(separator: "|"))")); continue
                }
                let folded = PageRules.fold(w)
                if folded.isEmpty { issues.append(DataIssue(file: t.name, line: r.line, message: "empty word")); continue }
                if kind.hasPrefix("class-"), folded.contains(" ") { issues.append(DataIssue(file: t.name, line: r.line, message: "a class or id word has no spaces")); continue }
                rules.hints[kind, default: []].append(folded)
                if kind == "function-word" { rules.functionWords.insert(folded) }
            }
        }
        if let (t, c) = table("html/datelines.tsv", ["pattern", "order"]) {
            for r in t.rows {
                let p = r.fields[c[0]], order = r.fields[c[1]]
                guard order == "dmy" || order == "ymd" else { issues.append(DataIssue(file: t.name, line: r.line, message: "order '\(order)' is not dmy or ymd")); continue }
                guard let re = try? NSRegularExpression(pattern: p, options: [.caseInsensitive]) else {
                    issues.append(DataIssue(file: t.name, line: r.line, message: "not a valid regular expression: \(p)")); continue
                }
                if !["(?<d>", "(?<m>", "(?<y>"].allSatisfy(p.contains) {
                    issues.append(DataIssue(file: t.name, line: r.line, message: "the pattern needs the named groups d, m and y")); continue
                }
                rules.datelines.append((re, order == "ymd"))
            }
        }
        for need in ["hidden", "block", "link"] where !rules.roles.values.contains(where: { $0.rawValue == need }) {
            issues.append(DataIssue(file: "html/elements.tsv", line: 0, message: "no element has the role '\(need)'"))
        }
        if rules.datelines.isEmpty { issues.append(DataIssue(file: "html/datelines.tsv", line: 0, message: "no dateline pattern")) }
        let fatal = issues.contains { $0.severity == .error && $0.line == 0 }
        return (fatal ? nil : rules, issues)
    }

    /// Lower case, NFC, white space collapsed: how hint words and page text are compared.
    static func fold(_ s: String) -> String {
        var out = ""
        var space = false
        for ch in s.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            if ch.properties.isWhitespace || ch.value == 0xA0 { space = !out.isEmpty; continue }
            if (0x200B...0x200D).contains(ch.value) || ch.value == 0xFEFF || ch.value == 0xAD { continue }
            if space { out.unicodeScalars.append(" "); space = false }
            out.unicodeScalars.append(ch)
        }
        return out
    }
}

/// The rules of each data folder, loaded once per process.
final class PageRulesCache: @unchecked Sendable {
    static let shared = PageRulesCache()
    private var loaded: [String: PageRules?] = [:]
    private let lock = NSLock()
    func rules(for dir: URL) -> PageRules? {
        lock.withLock {
            if let r = loaded[dir.path] { return r }
            let r = PageRules.load(from: dir).0
            loaded[dir.path] = r
            return r
        }
    }
}

/// Checks `Gazetteer/html/` (for `vnfacts gazetteer check`).
public enum HTMLRulesCheck {
    public static func issues(in dir: URL) -> [DataIssue] {
        var issues = PageRules.load(from: dir).1
        do { _ = try SyllableModel.load(from: dir) } catch {
            issues.append(DataIssue(file: "encodings/syllables.tsv", line: 0, message: "\(error) (encoding detection falls back to counting letters)"))
        }
        return issues
    }
}
