import VNText
import VNGazetteer

/// Named parts of a match (token ranges), as the rule's builder reads them (`caps["done"]`).
struct Captures {
    /// The pattern's part names (a part is stored as its index in them).
    let names: [String]
    let set: CaptureSet
    init(names: [String] = [], set: CaptureSet = CaptureSet()) { self.names = names; self.set = set }
    /// The last part of that name.
    subscript(_ name: String) -> Range<Int>? {
        guard let k = names.firstIndex(of: name) else { return nil }
        return set.last(UInt8(truncatingIfNeeded: k))
    }
    func has(_ name: String) -> Bool { self[name] != nil }
}

/// The parts of a match in progress: a fixed inline buffer (a match never allocates for them).
/// A pattern has at most `capacity` parts on one path (a test checks every rule).
struct CaptureSet {
    static let capacity = 12
    /// Part index (8 bits), start and end token (28 bits each).
    private var items = InlineArray<12, UInt64>(repeating: 0)
    private(set) var count: UInt8 = 0

    @inline(__always) func adding(_ name: UInt8, _ r: Range<Int>) -> CaptureSet {
        var c = self
        guard Int(c.count) < CaptureSet.capacity, r.lowerBound >= 0, r.upperBound < 1 << 28 else { return c }
        c.items[Int(c.count)] = UInt64(name) | UInt64(r.lowerBound) << 8 | UInt64(r.upperBound) << 36
        c.count += 1
        return c
    }

    func last(_ name: UInt8) -> Range<Int>? {
        var k = Int(count) - 1
        while k >= 0 {
            let x = items[k]
            if UInt8(x & 0xFF) == name {
                let lo = Int((x >> 8) & 0xFFF_FFFF), hi = Int((x >> 36) & 0xFFF_FFFF)
                return lo <= hi ? lo..<hi : nil
            }
            k -= 1
        }
        return nil
    }
}

/// A pattern compiled once: words as interned key ids, vocabularies resolved.
final class Matcher: @unchecked Sendable {
    indirect enum Node {
        case id(Int32)
        case ids(Set<Int32>)
        case vid(Int32)
        case number(NumberClass)
        case vocab(Vocab)
        case cue(String)
        case glued(Node)
        case seq([Node])
        case alt([Node])
        case opt(Node)
        case gap(Int, Set<Int32>)
        case capWord, word, anyToken
        case not(Node)
        case after(Set<Int32>, Bool)
        case peek(Node)
        case atNumber
        case cap(String, Node)
        case custom(@Sendable (RuleContext, Int) -> Int?)
    }

    /// The pattern as a flat program (what runs).
    let program: Program
    /// The tokens a match can start at.
    let trigger: Trigger

    init(_ p: P) {
        let root = Matcher.compile(p)
        trigger = Matcher.trigger([root], 0)
        program = Program(root)
    }

    /// Where a match can start: tokens with these plain keys, exact spellings, vocabularies'
    /// first words, numbers; or anywhere.
    struct Trigger {
        var ids: Set<Int32> = []
        var vids: Set<Int32> = []
        var vocabs: Set<Vocab> = []
        var numbers = false
        /// Words starting with an upper-case letter.
        var capitalized = false
        var anywhere = false
        mutating func add(_ o: Trigger) {
            ids.formUnion(o.ids); vids.formUnion(o.vids); vocabs.formUnion(o.vocabs)
            numbers = numbers || o.numbers; capitalized = capitalized || o.capitalized; anywhere = anywhere || o.anywhere
        }
    }

    /// The trigger of the sequence `a` from element `at` (optional and zero-width elements let
    /// the next one start a match too).
    static func trigger(_ a: [Node], _ at: Int) -> Trigger {
        var t = Trigger()
        var k = at
        while k < a.count {
            switch a[k] {
            case .not, .after: k += 1; continue
            case .opt(let x): t.add(trigger([x], 0)); k += 1; continue
            case .gap: t.anywhere = true; return t
            default:
                let (first, transparent) = single(a[k])
                t.add(first)
                if transparent { k += 1; continue }
                return t
            }
        }
        t.anywhere = true   // the pattern can match nothing at all: anywhere
        return t
    }

    /// One element's trigger, and whether it can match no token (then what follows can start).
    static func single(_ n: Node) -> (Trigger, Bool) {
        var t = Trigger()
        switch n {
        case .id(let i): t.ids = [i]
        case .ids(let s): t.ids = s
        case .vid(let v): t.vids = [v]
        case .number, .atNumber: t.numbers = true
        case .capWord: t.capitalized = true
        case .vocab(let v): t.vocabs = [v]
        case .glued(let x), .cap(_, let x), .peek(let x): return single(x)
        case .seq(let a): let s = trigger(a, 0); return (s, false)
        case .alt(let a): for x in a { let (f, tr) = single(x); t.add(f); if tr { t.anywhere = true } }
        default: t.anywhere = true
        }
        return (t, false)
    }

    static func key(_ word: String) -> Int32 {
        let tk = Matcher.tokenizer
        let keys = tk.map { TokenKey.keys(of: word, tokenizer: $0) } ?? [Folding.plain(word)]
        return KeyInterner.shared.intern(keys.first ?? Folding.plain(word))
    }
    nonisolated(unsafe) static let tokenizer: Tokenizer? = try? Tokenizer()

    static func compile(_ p: P) -> Node {
        switch p {
        case .w(let s):
            let parts = s.split(separator: " ")
            if parts.count > 1 { return .seq(parts.map { .id(key(String($0))) }) }
            return .id(key(s))
        case .any(let a): return .ids(Set(a.map(key)))
        case .exact(let s): return .alt([.vid(KeyInterner.shared.intern(s.lowercased())), .vid(KeyInterner.shared.intern(TokenKey.plainMark + Folding.plain(s)))])
        case .phrase(let s): return .seq(s.split(separator: " ").map { .id(key(String($0))) })
        case .number(let c): return .number(c)
        case .vocab(let v): return .vocab(v)
        case .cue(let c): return .cue(c)
        case .glued(let p): return .glued(compile(p))
        case .seq(let a): return .seq(a.map(compile))
        case .alt(let a): return .alt(a.map(compile))
        case .opt(let p): return .opt(compile(p))
        case .gap(let n, let stops): return .gap(n, Set(stops.map(key)))
        case .capWord: return .capWord
        case .word: return .word
        case .anyToken: return .anyToken
        case .not(let p): return .not(compile(p))
        case .after(let a): return .after(Set(a.map(key)), true)
        case .notAfter(let a): return .after(Set(a.map(key)), false)
        case .peek(let p): return .peek(compile(p))
        case .atNumber: return .atNumber
        case .cap(let n, let p): return .cap(n, compile(p))
        case .custom(_, let f): return .custom(f)
        }
    }

    /// Every way the pattern matches at token `i`, into `m.ends` (end and parts; `captures` names them).
    @inline(__always) func ends(_ c: RuleContext, at i: Int, _ m: inout Program.Ends) { program.collect(c, i, &m) }

    /// The parts of one end, with their names.
    @inline(__always) func captures(_ set: CaptureSet) -> Captures { Captures(names: program.names, set: set) }

    /// The longest match at `i` (the first found among the longest).
    func longest(_ c: RuleContext, at i: Int) -> (end: Int, caps: Captures)? {
        var m = Program.Ends()
        program.collect(c, i, &m)
        var best: (end: Int, caps: CaptureSet)? = nil
        for x in m.ends where x.end > i && best.map({ x.end > $0.end }) ?? true { best = x }
        return best.map { (end: $0.end, caps: captures($0.caps)) }
    }

    static func numberMatches(_ d: Doc, _ i: Int, _ cl: NumberClass) -> Bool {
        guard d.isNumber(i) else { return false }
        switch cl {
        case .any: return true
        case .int: return d.intValue(i) != nil
        case .decimal: return d.decimalValue(i) != nil
        case .year:
            guard d.digitCount(i) == 4, let v = d.small(i) else { return false }
            return v >= 1945 && v <= 2100
        case .day:
            guard d.digitCount(i) <= 2, let v = d.small(i) else { return false }
            return v >= 1 && v <= 31
        case .month:
            guard d.digitCount(i) <= 2, let v = d.small(i) else { return false }
            return v >= 1 && v <= 12
        }
    }
}

extension Extractor {
    /// End of the longest phrase of a vocabulary at token `i`.
    func vocabEnd(_ d: Doc, _ v: Vocab, at i: Int) -> Int? {
        let t = vocabulary.exact
        switch v {
        case .committee: return t.committees.longestEnd(d.vids, from: i)
        case .body: return t.bodies.longestEnd(d.vids, from: i)
        case .organization: return t.organizations.longestEnd(d.vids, from: i)
        case .agency: return t.agencies.longestEnd(d.vids, from: i)
        case .level: return t.levels.longestEnd(d.vids, from: i)
        case .notParty: return t.notParty.longestEnd(d.vids, from: i)
        case .typeWord: return t.typeWords.longestEnd(d.vids, from: i)
        case .kindForm: return t.kindForms.longestEnd(d.vids, from: i)
        case .subunit: return t.subunits.longestEnd(d.vids, from: i)
        case .notBare: return t.notBare.longestEnd(d.vids, from: i)
        case .unitName:
            let g = vocabulary.gazetteer.units
            let a = g.names.longestEnd(d.ids, from: i), b = g.aliasTrie.longestEnd(d.ids, from: i)
            guard let a else { return b }
            return max(a, b ?? a)
        }
    }
}
