import VNText
import VNGazetteer

/// One candidate of the claiming pass: a rule's match and what it makes.
struct Candidate {
    let rule: Rule
    let range: Range<Int>
    let caps: Captures
    let claim: Claim
    let holds: [Range<Int>]
}

/// The claiming pass: every rule of the books tried at every token, then the candidates taken
/// longest first, then leftmost, then by priority; a token is claimed once (a date inside a
/// document number, a figure inside a date never make a second fact).
struct Claims {
    private(set) var taken: [Candidate] = []
    /// Claimed tokens → index in `taken`.
    private(set) var owner: [Int32]

    init(count: Int) { owner = Array(repeating: -1, count: count) }

    /// `start`: where a match may start; `inside`: the tokens a match may cover.
    static func run(_ books: [RuleBook], _ c: RuleContext, where start: (Int) -> Bool) -> Claims {
        run(books, c, where: start, inside: start)
    }

    static func run(_ books: [RuleBook], _ c: RuleContext, where start: (Int) -> Bool, inside ok: (Int) -> Bool) -> Claims {
        let d = c.doc
        var cands: [Candidate] = []
        var m = Program.Ends()
        for i in 0..<d.count where start(i) {
            for book in books {
                book.candidates(d, i) { r in
                    // Every end the pattern reaches, longest first; the first that builds wins.
                    r.matcher.ends(c, at: i, &m)
                    guard m.ends.contains(where: { $0.end > i }) else { return }
                    if m.ends.count > 1 { m.ends.sort { $0.end > $1.end } }
                    var lastEnd = -1
                    for (e, set) in m.ends where e != lastEnd && e > i {
                        lastEnd = e
                        let caps = r.matcher.captures(set)
                        guard (i..<e).allSatisfy({ ok($0) }), let claim = r.build(c, i..<e, caps) else { continue }
                        var h = r.holds?(i..<e, caps) ?? [i..<e]
                        if case .units(let ms, _) = claim, ms.count > 1 { h = [i..<e] + ms.map(\.tokens) }
                        cands.append(Candidate(rule: r, range: i..<e, caps: caps, claim: claim, holds: h))
                        break
                    }
                }
            }
        }
        cands.sort { a, b in
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            if a.range.lowerBound != b.range.lowerBound { return a.range.lowerBound < b.range.lowerBound }
            return a.rule.priority > b.rule.priority
        }
        var out = Claims(count: d.count)
        for cand in cands {
            let free = cand.holds.allSatisfy { r in r.allSatisfy { t in t < 0 || t >= d.count || out.owner[t] < 0 } }
            guard free else { continue }
            let k = Int32(out.taken.count)
            out.taken.append(cand)
            for r in cand.holds { for t in r where t >= 0 && t < d.count { out.owner[t] = k } }
        }
        out.taken.sort { $0.range.lowerBound < $1.range.lowerBound }
        // Re-point owners after sorting.
        for i in out.owner.indices { out.owner[i] = -1 }
        for (k, cand) in out.taken.enumerated() { for r in cand.holds { for t in r where t >= 0 && t < d.count { out.owner[t] = Int32(k) } } }
        return out
    }

    func isClaimed(_ t: Int) -> Bool { t >= 0 && t < owner.count && owner[t] >= 0 }
    func claim(at t: Int) -> Candidate? {
        guard t >= 0, t < owner.count, owner[t] >= 0 else { return nil }
        return taken[Int(owner[t])]
    }
}
