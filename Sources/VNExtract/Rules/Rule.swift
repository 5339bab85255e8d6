import VNText
import VNGazetteer

/// The fact types rules make.
enum RuleType: String, Sendable, CaseIterable { case document, date, term, count, unit }

/// A sentence a rule must turn into exactly this fact: `expect` is the fact's summary (see
/// `FactSummary`), optionally followed by `field=value` checks ("121/235 level=cell").
struct Example: Sendable {
    let text: String
    let expect: String
    init(_ text: String, _ expect: String) { self.text = text; self.expect = expect }
}

/// What a rule's match turns into.
enum Claim {
    /// Full document numbers: one, or several sharing a kind and issuer ("Nghị quyết 18, 19-NQ/TW").
    case document([DocumentNumber])
    /// A kind word and a number: `mention` is those tokens; `issuer` the party issuer's code
    /// when the sentence names it ("… của Bộ Chính trị").
    case shortDocument(kind: DocumentKind, number: String, issuer: String?, mention: Range<Int>)
    case date(DateMatch)
    case term(from: Int, to: Int)
    case figure(Figure)
    /// A look-alike: the tokens are claimed and nothing is made (the reason is shown by `--explain`).
    case refused(String)
    /// Units (one per name of a list: "các phường A, B và C") and the warnings linking gave.
    case units([UnitMention], [FactWarning])
}

/// A count's figure as read: the numbers and where they are.
struct Figure {
    var done: Int?
    var total: Int?
    var percent: Double?
    /// Token where the figure starts (its first number).
    var at: Int
    /// Tokens after the figure where its subject starts (the counted organizations), if the rule read one.
    var subjectStart: Int?
}

/// A rule: a named pattern with its priority, what a match makes, and its examples.
final class Rule: Sendable {
    let name: String
    let type: RuleType
    let priority: Int
    let pattern: P
    let matcher: Matcher
    /// Makes the claim from a match (tokens `range`, named parts `caps`), or nil when the match
    /// does not qualify after all (then the rule is as if it had not matched).
    let build: @Sendable (RuleContext, Range<Int>, Captures) -> Claim?
    /// Tokens the claim holds, when not the whole match (a count holds its numbers, so a date
    /// later in its clause stays free).
    let holds: (@Sendable (Range<Int>, Captures) -> [Range<Int>])?
    let examples: [Example]
    let negatives: [String]

    init(_ name: String, _ type: RuleType, priority: Int = 0, _ pattern: P,
         examples: [Example], negatives: [String] = [],
         holds: (@Sendable (Range<Int>, Captures) -> [Range<Int>])? = nil,
         build: @escaping @Sendable (RuleContext, Range<Int>, Captures) -> Claim?) {
        self.name = name; self.type = type; self.priority = priority; self.pattern = pattern
        self.matcher = Matcher(pattern); self.build = build; self.holds = holds
        self.examples = examples; self.negatives = negatives
    }
}

/// Rules indexed by the token that can start them (built once per vocabulary: a vocabulary's
/// phrases start with known words).
final class RuleBook: @unchecked Sendable {
    let rules: [Rule]
    /// Rules by the key id (and exact-spelling id) that can start them, as flat tables indexed
    /// by id: `starts[id]..<starts[id + 1]` in `list` (no hashing per token).
    let byId: IdTable
    let byVid: IdTable
    let atNumbers: [Int]
    let atCapitals: [Int]
    let anywhere: [Int]

    init(_ rules: [Rule], firstKeys: (Vocab) -> (vids: [Int32], ids: [Int32])) {
        self.rules = rules
        var byId: [Int32: [Int]] = [:], byVid: [Int32: [Int]] = [:], nums: [Int] = [], capitals: [Int] = [], any: [Int] = []
        for (k, r) in rules.enumerated() {
            let t = r.matcher.trigger
            if t.anywhere { any.append(k); continue }
            if t.numbers { nums.append(k) }
            if t.capitalized { capitals.append(k) }
            for id in t.ids { byId[id, default: []].append(k) }
            for v in t.vids { byVid[v, default: []].append(k) }
            for v in t.vocabs {
                let f = firstKeys(v)
                for id in f.vids { byVid[id, default: []].append(k) }
                for id in f.ids { byId[id, default: []].append(k) }
            }
        }
        self.byId = IdTable(byId); self.byVid = IdTable(byVid); atNumbers = nums; atCapitals = capitals; anywhere = any
    }

    /// Calls `f` with each rule that can start at token `i` (each once).
    @inline(__always) func candidates(_ d: Doc, _ i: Int, _ f: (Rule) -> Void) {
        var seen: UInt64 = 0
        @inline(__always) func once(_ k: Int) -> Bool {
            guard k < 64 else { return true }
            let bit: UInt64 = 1 << UInt64(k)
            if seen & bit != 0 { return false }
            seen |= bit
            return true
        }
        for k in byId.range(d.ids[i]) { let r = Int(byId.list[k]); if once(r) { f(rules[r]) } }
        for k in byVid.range(d.vids[i]) { let r = Int(byVid.list[k]); if once(r) { f(rules[r]) } }
        if d.isNumber(i) { for k in atNumbers where once(k) { f(rules[k]) } }
        if d.isCapitalized(i) { for k in atCapitals where once(k) { f(rules[k]) } }
        for k in anywhere where once(k) { f(rules[k]) }
    }
}

/// Lists of rule indices by id, flat: the rules of id `x` are `list[starts[x] ..< starts[x + 1]]`.
struct IdTable: Sendable {
    let starts: [Int32]
    let list: [Int32]

    init(_ d: [Int32: [Int]]) {
        let top = Int(d.keys.max() ?? -1) + 1
        var starts = [Int32](repeating: 0, count: top + 1)
        var list: [Int32] = []
        for x in 0..<top {
            starts[x] = Int32(list.count)
            if let l = d[Int32(x)] { list.append(contentsOf: Set(l).sorted().map { Int32($0) }) }
        }
        starts[top] = Int32(list.count)
        self.starts = starts; self.list = list
    }

    /// Indices into `list` for id `x` (empty for an id no rule starts with, or an unknown word).
    @inline(__always) func range(_ x: Int32) -> Range<Int> {
        let i = Int(x)
        guard i >= 0, i + 1 < starts.count else { return 0..<0 }
        return Int(starts[i])..<Int(starts[i + 1])
    }
}
