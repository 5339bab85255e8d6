import VNText
import VNGazetteer

/// A compiled pattern as a flat array of instructions over plain integers (sets are sorted runs
/// of one integer pool, children are indices), with the named parts in an inline `CaptureSet`.
///
/// Most elements have at most one way to match at a token (a word, a number, the longest phrase
/// of a vocabulary, a custom sub-grammar, a zero-width test): those are *deterministic* and are
/// stepped through in a loop. Only optional parts, alternatives and gaps branch: the rest of the
/// match after them is a frame on an explicit stack (`Ends`), so a pattern without branches runs as
/// straight-line code and none allocates or makes a closure.
final class Program: @unchecked Sendable {
    enum Op: UInt8 {
        case id, vid, ids, number, vocab, cue, glued, seq, alt, opt, gap, capWord, word, anyToken
        case not, after, notAfter, peek, atNumber, cap, custom
    }
    /// One element: what `a`, `b`, `c` hold depends on `op` (an id; a child; a run of `kids` or
    /// `pool` as start and count; an index into `vocabs`, `cues`, `names` or `customs`).
    /// `det`: the element has at most one end at a token.
    struct Inst { var op: Op; var a: Int32 = 0; var b: Int32 = 0; var c: Int32 = 0; var det = true }

    let insts: [Inst]
    let kids: [Int32]
    let pool: [Int32]
    let vocabs: [Vocab]
    let cues: [String]
    let customs: [@Sendable (RuleContext, Int) -> Int?]
    /// Names of the pattern's parts (a part is stored as its index here).
    let names: [String]
    let root: Int32
    /// The most parts one match can hold; more than `CaptureSet.capacity` would lose parts
    /// (a test checks that no rule does).
    let maxCaptures: Int

    static let numberClasses: [NumberClass] = [.int, .decimal, .year, .day, .month, .any]

    private struct Builder {
        var insts: [Inst] = [], kids: [Int32] = [], pool: [Int32] = [], vocabs: [Vocab] = [], cues: [String] = []
        var customs: [@Sendable (RuleContext, Int) -> Int?] = [], names: [String] = []

        mutating func add(_ i: Inst) -> Int32 { insts.append(i); return Int32(insts.count - 1) }
        func det(_ k: Int32) -> Bool { insts[Int(k)].det }
        mutating func set(_ s: Set<Int32>) -> (Int32, Int32) {
            let start = Int32(pool.count)
            pool.append(contentsOf: s.sorted())
            return (start, Int32(s.count))
        }
        mutating func emit(_ n: Matcher.Node) -> Int32 {
            switch n {
            case .id(let i): return add(Inst(op: .id, a: i))
            case .vid(let v): return add(Inst(op: .vid, a: v))
            case .ids(let s): let (st, ct) = set(s); return add(Inst(op: .ids, a: st, b: ct))
            case .number(let cl): return add(Inst(op: .number, a: Int32(Program.numberClasses.firstIndex(of: cl) ?? 5)))
            case .vocab(let v): vocabs.append(v); return add(Inst(op: .vocab, a: Int32(vocabs.count - 1)))
            case .cue(let cat): cues.append(cat); return add(Inst(op: .cue, a: Int32(cues.count - 1)))
            case .glued(let x): let k = emit(x); return add(Inst(op: .glued, a: k, det: det(k)))
            case .seq(let xs):
                let ks = xs.map { emit($0) }
                let st = Int32(kids.count)
                kids.append(contentsOf: ks)
                return add(Inst(op: .seq, a: st, b: Int32(ks.count), det: ks.allSatisfy { det($0) }))
            case .alt(let xs):
                let ks = xs.map { emit($0) }
                let st = Int32(kids.count)
                kids.append(contentsOf: ks)
                return add(Inst(op: .alt, a: st, b: Int32(ks.count), det: false))
            case .opt(let x): let k = emit(x); return add(Inst(op: .opt, a: k, det: false))
            case .gap(let len, let stops): let (st, ct) = set(stops); return add(Inst(op: .gap, a: Int32(len), b: st, c: ct, det: false))
            case .capWord: return add(Inst(op: .capWord))
            case .word: return add(Inst(op: .word))
            case .anyToken: return add(Inst(op: .anyToken))
            case .atNumber: return add(Inst(op: .atNumber))
            case .not(let x): let k = emit(x); return add(Inst(op: .not, a: k))
            case .peek(let x): let k = emit(x); return add(Inst(op: .peek, a: k))
            case .after(let s, let want): let (st, ct) = set(s); return add(Inst(op: want ? .after : .notAfter, b: st, c: ct))
            case .cap(let name, let x):
                let k = emit(x)
                let idx = names.firstIndex(of: name) ?? { names.append(name); return names.count - 1 }()
                return add(Inst(op: .cap, a: Int32(idx), b: k, det: det(k)))
            case .custom(let f): customs.append(f); return add(Inst(op: .custom, a: Int32(customs.count - 1)))
            }
        }
    }

    init(_ n: Matcher.Node) {
        var b = Builder()
        root = b.emit(n)
        insts = b.insts; kids = b.kids; pool = b.pool; vocabs = b.vocabs; cues = b.cues; customs = b.customs; names = b.names
        maxCaptures = Program.captures(n)
    }

    /// The most named parts one path through `n` records (zero-width tests keep none).
    static func captures(_ n: Matcher.Node) -> Int {
        switch n {
        case .cap(_, let x): return 1 + captures(x)
        case .seq(let xs): return xs.reduce(0) { $0 + captures($1) }
        case .alt(let xs): return xs.map(captures).max() ?? 0
        case .opt(let x), .glued(let x): return captures(x)
        default: return 0
        }
    }

    /// Whether the sorted run `pool[start..<start+count]` holds `x`.
    @inline(__always) func contains(_ start: Int32, _ count: Int32, _ x: Int32) -> Bool {
        var lo = Int(start)
        let end = Int(start) + Int(count)
        if count <= 8 {
            while lo < end { if pool[lo] == x { return true }; lo += 1 }
            return false
        }
        var hi = end
        while lo < hi {
            let mid = (lo + hi) / 2
            if pool[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo < end && pool[lo] == x
    }

    /// The one end of the deterministic element `pc` at token `i` (its parts added to `caps`), or nil.
    func step(_ pc: Int32, _ c: RuleContext, _ d: Doc, _ i: Int, _ caps: inout CaptureSet) -> Int? {
        let n = insts[Int(pc)]
        switch n.op {
        case .id: return i < d.count && d.ids[i] == n.a ? i + 1 : nil
        case .vid: return i < d.count && d.vids[i] == n.a ? i + 1 : nil
        case .ids: return i < d.count && contains(n.a, n.b, d.ids[i]) ? i + 1 : nil
        case .number: return Matcher.numberMatches(d, i, Program.numberClasses[Int(n.a)]) ? i + 1 : nil
        case .vocab: return c.x.vocabEnd(d, vocabs[Int(n.a)], at: i)
        case .cue: return c.x.vocabulary.cue(d, at: i, category: cues[Int(n.a)])?.end
        case .glued: return d.adjacent(i) ? step(n.a, c, d, i, &caps) : nil
        case .seq:
            var j = i
            for m in 0..<Int(n.b) {
                guard let e = step(kids[Int(n.a) + m], c, d, j, &caps) else { return nil }
                j = e
            }
            return j
        case .capWord: return d.isWord(i) && d.isCapitalized(i) ? i + 1 : nil
        case .word: return d.isWord(i) ? i + 1 : nil
        case .anyToken: return i < d.count ? i + 1 : nil
        case .not: return matches(n.a, c, d, i) ? nil : i
        case .peek: return matches(n.a, c, d, i) ? i : nil
        case .after, .notAfter:
            let prev = i > 0 && i - 1 < d.count && contains(n.b, n.c, d.ids[i - 1])
            return prev == (n.op == .after) ? i : nil
        case .atNumber: return d.isNumber(i) ? i : nil
        case .cap:
            guard let e = step(n.b, c, d, i, &caps) else { return nil }
            caps = caps.adding(UInt8(truncatingIfNeeded: n.a), i..<e)
            return e
        case .custom:
            guard let e = customs[Int(n.a)](c, i), e > i else { return nil }
            return e
        case .alt, .opt, .gap: return nil   // never deterministic (see Builder)
        }
    }

    /// Where a branching match goes on when an element ends: the match's end (`root`), the rest
    /// of a sequence (children `a ..< a + b` of `kids` from `at`), or a part to record (name `a`,
    /// from token `at`). Frames form a stack that follows the search, so no closure is made.
    struct Frame {
        enum Kind: UInt8 { case root, seq, cap }
        var kind: Kind
        var a: Int32 = 0
        var b: Int32 = 0
        var at: Int = 0
        var parent: Int32 = 0
    }

    /// The ends of a match and its working frames: one buffer reused for every rule at every
    /// token of a pass (no allocation per attempt).
    struct Ends {
        var frames: [Frame] = []
        var ends: [(end: Int, caps: CaptureSet)] = []
    }

    /// Every way the whole pattern matches at token `i`, into `m.ends` (emptied first).
    func collect(_ c: RuleContext, _ i: Int, _ m: inout Ends) {
        m.ends.removeAll(keepingCapacity: true)
        m.frames.removeAll(keepingCapacity: true)
        m.frames.append(Frame(kind: .root))
        run(root, c, i, CaptureSet(), 0, &m)
    }

    /// Every way the element `pc` matches at token `i`; each end goes on to frame `f`.
    func run(_ pc: Int32, _ c: RuleContext, _ i: Int, _ caps: CaptureSet, _ f: Int32, _ m: inout Ends) {
        let n = insts[Int(pc)]
        if n.det {
            var cs = caps
            if let e = step(pc, c, c.doc, i, &cs) { go(f, c, e, cs, &m) }
            return
        }
        switch n.op {
        case .seq: seq(n.a, n.b, 0, c, i, caps, f, &m)
        case .alt: for j in 0..<Int(n.b) { run(kids[Int(n.a) + j], c, i, caps, f, &m) }
        case .opt: run(n.a, c, i, caps, f, &m); go(f, c, i, caps, &m)
        case .gap:
            let d = c.doc
            let e = d.clauseEnd(i)
            var j = i
            go(f, c, j, caps, &m)
            while j < e, j < d.count, j < i + Int(n.a), !contains(n.b, n.c, d.ids[j]) { j += 1; go(f, c, j, caps, &m) }
        case .glued: if c.doc.adjacent(i) { run(n.a, c, i, caps, f, &m) }
        case .cap:
            m.frames.append(Frame(kind: .cap, a: n.a, at: i, parent: f))
            run(n.b, c, i, caps, Int32(m.frames.count - 1), &m)
            m.frames.removeLast()
        default: break   // deterministic: handled above
        }
    }

    /// An element ended at `e`: go on as frame `f` says.
    func go(_ f: Int32, _ c: RuleContext, _ e: Int, _ caps: CaptureSet, _ m: inout Ends) {
        let fr = m.frames[Int(f)]
        switch fr.kind {
        case .root: m.ends.append((e, caps))
        case .seq: seq(fr.a, fr.b, Int32(truncatingIfNeeded: fr.at), c, e, caps, fr.parent, &m)
        case .cap: go(fr.parent, c, e, caps.adding(UInt8(truncatingIfNeeded: fr.a), fr.at..<e), &m)
        }
    }

    /// Whether the element matches at `i` at all (for the zero-width tests).
    func matches(_ pc: Int32, _ c: RuleContext, _ d: Doc, _ i: Int) -> Bool {
        var cs = CaptureSet()
        if insts[Int(pc)].det { return step(pc, c, d, i, &cs) != nil }
        var m = Ends(frames: [Frame(kind: .root)])
        run(pc, c, i, cs, 0, &m)
        return !m.ends.isEmpty
    }

    /// The children `kids[start + at ..< start + count]` in a row: deterministic ones stepped in
    /// a loop; at a branching one, the rest of the row becomes a frame its ends go on to.
    func seq(_ start: Int32, _ count: Int32, _ from: Int32, _ c: RuleContext, _ i: Int, _ caps: CaptureSet, _ f: Int32, _ m: inout Ends) {
        var at = from, j = i, cs = caps
        while at < count {
            let child = kids[Int(start + at)]
            if insts[Int(child)].det {
                guard let e = step(child, c, c.doc, j, &cs) else { return }
                j = e
                at += 1
            } else {
                m.frames.append(Frame(kind: .seq, a: start, b: count, at: Int(at + 1), parent: f))
                run(child, c, j, cs, Int32(m.frames.count - 1), &m)
                m.frames.removeLast()
                return
            }
        }
        go(f, c, j, cs, &m)
    }
}
