import VNText
import VNGazetteer

/// What the unit rules make of their matches (`UnitRules`).
extension Extractor {
    /// `named`: when the place is not linked, a version that only lends its name and type (no code).
    func unitFact(_ doc: Doc, _ name: String, _ kind: String, orgType: String?, _ v: UnitVersion?, _ r: Range<Int>, named: UnitVersion? = nil) -> UnitFact {
        let p = v.map(placeFields)
        let n = v == nil ? named.map(placeFields) : nil
        return UnitFact(name: name, kind: kind, orgType: orgType, place: p?.place ?? n?.place, placeType: p?.placeType ?? n?.placeType, placeCode: p?.code, placeLevel: p?.level ?? n?.level,
                        successor: v.flatMap(successorNote), text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), tokens: r)
    }
    /// An ambiguous place whose candidates all share one name and type ("xã Sơn Tân", a name
    /// several provinces have): the unit is still named, with its place's name and type but no code.
    func sharedName(_ r: LinkResult) -> UnitVersion? {
        guard r.unit == nil, let f = r.candidates.first,
              r.candidates.allSatisfy({ $0.canonicalName == f.canonicalName && $0.type == f.type }) else { return nil }
        return f
    }
    func ambiguity(_ doc: Doc, _ r: LinkResult, _ tokens: Range<Int>) -> FactWarning {
        FactWarning(code: "place-ambiguous", message: r.reason, span: doc.span(tokens))
    }
    func typed(_ w: String, _ v: UnitVersion) -> String { "\(w) \(UnitTypes.lowerTypeWord(v.type)) \(v.canonicalName)" }

    func agencyUnit(_ c: RuleContext, _ r: Range<Int>) -> Claim? {
        let d = c.doc
        guard d.isCapitalized(r.lowerBound), let a = vocabulary.tries(d).agencies.longest(d.vids, from: r.lowerBound)?.payloads.first else { return nil }
        return .units([UnitMention(fact: unitFact(d, a.name, a.kind, orgType: nil, nil, r), place: nil, tokens: r)], [])
    }

    func committeeUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let t = vocabulary.tries(d)
        guard let cr = caps["committee"], let w = t.committees.longest(d.vids, from: cr.lowerBound)?.payloads.first else { return nil }
        let body = caps["body"].flatMap { t.bodies.longest(d.vids, from: $0.lowerBound)?.payloads.first }
        guard d.isCapitalized(cr.lowerBound) || body != nil else { return nil }
        if let b = caps["body"], !d.isCapitalized(b.lowerBound) { return nil }
        let i = r.lowerBound
        var v: UnitVersion? = nil
        var end = cr.upperBound
        var warnings: [FactWarning] = []
        var named: UnitVersion? = nil
        if !w.placeTypes.isEmpty, caps.has("place"), let p = place(d, at: cr.upperBound, allowed: Set(w.placeTypes), places: c.places) {
            end = p.end
            if let u = p.result.unit { v = u } else if let s = sharedName(p.result) { named = s; warnings.append(ambiguity(d, p.result, i..<p.end)) } else { return .units([], [ambiguity(d, p.result, i..<p.end)]) }
        } else if body.map({ $0.kind == "party-committee" && d.key(i - 1) != "cac" }) ?? isActor(d, committee: cr.lowerBound, end: cr.upperBound) {
            // "Ban Thường vụ Tỉnh ủy", "Tỉnh ủy cho phép": the province (district …) the paragraph
            // or the article names; an inferred one is not enough.
            let para = d.sentences[d.sentenceOf[i]].paragraph
            v = c.places.local(w.placeTypes, before: i, paragraph: para)
            if v == nil, w.placeTypes.contains("Tỉnh"), let p = c.places.province { v = p }
            if let pv = v, !c.places.explicit.contains(pv.code) {
                warnings.append(FactWarning(code: "place-unnamed", message: "'\(d.normText(i..<cr.upperBound))' names no place and the page never names \(pv.typedName) itself: not linked", span: d.span(i..<cr.upperBound)))
                v = nil
            }
        }
        // The rule's match must be what was read (a place the committee cannot have is not part of it).
        guard end == r.upperBound || !caps.has("place") else { return nil }
        guard let pv = v ?? named else { return warnings.isEmpty ? nil : .units([], warnings) }
        var name = w.name + (w.name == "Đảng ủy" || w.name == "Chi ủy" ? " \(UnitTypes.lowerTypeWord(pv.type)) \(pv.canonicalName)" : " \(pv.canonicalName)")
        if let b = body { name = "\(b.name) \(name)" }
        return .units([UnitMention(fact: unitFact(d, name, body?.kind ?? w.kind, orgType: w.name, v, i..<end, named: named), place: v, tokens: i..<end, committee: w, named: named)], warnings)
    }

    func organizationPlaceUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        guard let orr = caps["org"], let w = vocabulary.tries(d).organizations.longest(d.vids, from: orr.lowerBound)?.payloads.first,
              let p = place(d, at: orr.upperBound, allowed: nil, places: c.places, requireTypeWord: true), p.end == r.upperBound else { return nil }
        guard let v = p.result.unit else {
            guard let s = sharedName(p.result) else { return .units([], [ambiguity(d, p.result, r)]) }
            return .units([UnitMention(fact: unitFact(d, typed(w.name, s), w.kind, orgType: w.name, nil, r, named: s), place: nil, tokens: r, organization: w, named: s)], [ambiguity(d, p.result, r)])
        }
        var out = [UnitMention(fact: unitFact(d, typed(w.name, v), w.kind, orgType: w.name, v, r), place: v, tokens: r, organization: w)]
        for (u, ur) in coordinated(d, after: p.end, types: p.typeTypes, places: c.places, retyped: true) {
            out.append(UnitMention(fact: unitFact(d, typed(w.name, u), w.kind, orgType: w.name, u, ur), place: u, tokens: ur, organization: w))
        }
        return .units(out, [])
    }

    func institutionCommitteeUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let t = vocabulary.tries(d)
        guard let cr = caps["committee"], let pr = caps["pn"], let w = t.committees.longest(d.vids, from: cr.lowerBound)?.payloads.first,
              d.isCapitalized(r.lowerBound), w.name == "Đảng ủy", pr.upperBound == r.upperBound else { return nil }
        if namesKindOnly(d, pr) { return .refused("an institution named by its kind alone: a reference to one named elsewhere") }
        // A commune's committee is the committee rule's ("Đảng ủy xã Tân Lập").
        if place(d, at: pr.lowerBound, allowed: Set(w.placeTypes), places: c.places, requireTypeWord: true) != nil { return nil }
        let body = caps["body"].flatMap { t.bodies.longest(d.vids, from: $0.lowerBound)?.payloads.first }
        var name = "\(w.name) \(d.normText(pr))"
        if let b = body { name = "\(b.name) \(name)" }
        let v = institutionPlace(c, name: pr)?.version
        return .units([UnitMention(fact: unitFact(d, name, body?.kind ?? w.kind, orgType: w.name, v, r), place: v, tokens: r, committee: w)], [])
    }

    func organizationListUnits(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let t = vocabulary.tries(d)
        guard let orr = caps["org"], let twr = caps["tw"], let pr = caps["place"], d.isCapitalized(pr.lowerBound),
              let w = t.organizations.longest(d.vids, from: orr.lowerBound)?.payloads.first,
              let tw = t.typeWords.longest(d.vids, from: twr.lowerBound) else { return nil }
        let types = Set(tw.payloads.map(\.type))
        guard let p = place(d, at: pr.lowerBound, allowed: types, places: c.places), p.end == r.upperBound, let v = p.result.unit else { return nil }
        var out = [UnitMention(fact: unitFact(d, typed(w.name, v), w.kind, orgType: w.name, v, pr), place: v, tokens: pr, organization: w)]
        for (u, ur) in coordinated(d, after: p.end, types: types, places: c.places) {
            out.append(UnitMention(fact: unitFact(d, typed(w.name, u), w.kind, orgType: w.name, u, ur), place: u, tokens: ur, organization: w))
        }
        return .units(out, [])
    }

    func villageUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        guard d.isCapitalized(r.lowerBound), let orr = caps["org"], let w = vocabulary.tries(d).organizations.longest(d.vids, from: orr.lowerBound)?.payloads.first else { return nil }
        let para = d.sentences[d.sentenceOf[r.lowerBound]].paragraph
        let types = ["Phường", "Xã", "Thị trấn", "Đặc khu"]
        let v = c.places.local(types, before: r.lowerBound, paragraph: para)
        let named = v == nil ? c.places.unlinkedLocal(types, before: r.lowerBound, paragraph: para) : nil
        return .units([UnitMention(fact: unitFact(d, d.normText(r), w.kind, orgType: w.name, v, r, named: named), place: v, tokens: r, organization: w, named: named)], [])
    }

    func namedOrganizationUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let t = vocabulary.tries(d)
        guard d.isCapitalized(r.lowerBound), let orr = caps["org"], let w = t.organizations.longest(d.vids, from: orr.lowerBound)?.payloads.first,
              w.level == nil || orr.count > 2 else { return nil }
        let end = r.upperBound
        if namesKindOnly(d, orr.upperBound..<end) { return .refused("an institution named by its kind alone: a reference to one named elsewhere") }
        let found = institutionPlace(c, name: orr.upperBound..<end)
        let v = found?.version
        var name = orr.upperBound < end ? "\(w.name) \(d.normText(orr.upperBound..<end))" : d.normText(r)
        // The name is a place's ("Đảng bộ TPHCM", "Đảng bộ Hải Hậu"): the organization of that place.
        if let v, found?.start == orr.upperBound { name = typed(w.name, v) }
        return .units([UnitMention(fact: unitFact(d, name, w.kind, orgType: w.name, v, r), place: v, tokens: r, organization: w)], [])
    }

    /// Whether the words `r` are only the kind of an institution ("Tổng công ty", "Học viện",
    /// "Khối": cues of category `institution`), which names no one by itself: "Đảng ủy Trường ban
    /// hành" refers to the school an article named before.
    func namesKindOnly(_ d: Doc, _ r: Range<Int>) -> Bool {
        guard !r.isEmpty else { return false }
        return vocabulary.cue(d, at: r.lowerBound, category: "institution", maxEnd: r.upperBound)?.end == r.upperBound
    }

    /// The place of an institution's name: a place at its end ("Chi bộ Công an xã Tân Lập", "Đảng ủy
    /// Khối các cơ quan tỉnh Thái Nguyên"), or for a final type word ("Đảng bộ Quân sự quận") the
    /// article's unit of that type. `start`: the token the place's words start at (nil for a type word).
    func institutionPlace(_ c: RuleContext, name r: Range<Int>) -> (version: UnitVersion, start: Int?)? {
        let d = c.doc
        guard !r.isEmpty else { return nil }
        let end = r.upperBound
        if let tw = vocabulary.tries(d).typeWords.longest(d.vids, from: end - 1), tw.end == end, !d.isCapitalized(end - 1) {
            return tw.payloads.lazy.compactMap { c.places.byType[$0.type] }.first.map { ($0, nil) }
        }
        // A one-word name needs its type word ("khu vực I", "may I" are not Phường I).
        for s in r {
            if let p = place(d, at: s, allowed: nil, places: c.places), p.end == end, p.typeTokens != nil || end - s >= 2 || d.str(s).count >= 4, let u = p.result.unit { return (u, s) }
        }
        return nil
    }

    func typeWordOrganizationUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let t = vocabulary.tries(d)
        guard d.isCapitalized(r.lowerBound), let orr = caps["org"], orr.count <= 2, let w = t.organizations.longest(d.vids, from: orr.lowerBound)?.payloads.first, w.level == nil,
              let twr = caps["tw"], let tw = t.typeWords.longest(d.vids, from: twr.lowerBound) else { return nil }
        let types = tw.payloads.map(\.type)
        guard let v = types.lazy.compactMap({ c.places.byType[$0] }).first ?? (types.contains("Tỉnh") ? c.places.province : nil) else { return nil }
        return .units([UnitMention(fact: unitFact(d, typed(w.name, v), w.kind, orgType: w.name, v, r), place: v, tokens: r, organization: w)], [])
    }

    /// A specific organization ("Đảng bộ Công an", "Đảng bộ Quân sự quận") keeps its words as written.
    func specificOrganizationUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let t = vocabulary.tries(d)
        guard d.isCapitalized(r.lowerBound), let orr = caps["org"], orr.count > 2, let w = t.organizations.longest(d.vids, from: orr.lowerBound)?.payloads.first, w.level == nil else { return nil }
        var v: UnitVersion? = nil
        if let twr = caps["tw"], let tw = t.typeWords.longest(d.vids, from: twr.lowerBound) { v = tw.payloads.lazy.compactMap { c.places.byType[$0.type] }.first }
        return .units([UnitMention(fact: unitFact(d, d.normText(r), w.kind, orgType: w.name, v, r), place: v, tokens: r, organization: w)], [])
    }

    func adminUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        guard let pr = caps["place"], let p = place(d, at: pr.lowerBound, allowed: nil, places: c.places, requireTypeWord: true), p.end == r.upperBound else { return nil }
        // "HĐND phường Khuê Trung", "UBND thị xã Duyên Hải": part of an organ's name.
        if organBefore(d, r.lowerBound) { return .refused("part of a state organ's name") }
        guard let v = p.result.unit else {
            guard let s = sharedName(p.result) else { return .units([], [ambiguity(d, p.result, r)]) }
            return .units([UnitMention(fact: unitFact(d, s.canonicalName, "admin-unit", orgType: nil, nil, r, named: s), place: nil, tokens: r, named: s)], [ambiguity(d, p.result, r)])
        }
        var out = [UnitMention(fact: unitFact(d, v.canonicalName, "admin-unit", orgType: nil, v, r), place: v, tokens: r)]
        for (u, ur) in coordinated(d, after: p.end, types: p.typeTypes, places: c.places) {
            out.append(UnitMention(fact: unitFact(d, u.canonicalName, "admin-unit", orgType: nil, u, ur), place: u, tokens: ur))
        }
        return .units(out, [])
    }

    func provinceNameUnit(_ c: RuleContext, _ r: Range<Int>, _ caps: Captures) -> Claim? {
        let d = c.doc
        let i = r.lowerBound
        guard d.isCapitalized(i), !(d.isWord(i - 1) && d.isCapitalized(i - 1) && d.adjacent(i) == false && d.sentenceOf[i - 1] == d.sentenceOf[i] && !isSentenceStart(d, i - 1)),
              let p = place(d, at: i, allowed: ["Tỉnh", "Thành phố Trung ương"], places: c.places), p.end == r.upperBound, let v = p.result.unit,
              !(d.isWord(p.end) && d.isCapitalized(p.end)) else { return nil }
        return .units([UnitMention(fact: unitFact(d, v.canonicalName, "admin-unit", orgType: nil, v, r), place: v, tokens: r)], [])
    }

    /// Units by the names layer's claiming pass over the tokens `ok` admits.
    func findUnits(_ doc: Doc, places: ArticlePlaces, warnings: inout [FactWarning], within ok: (Int) -> Bool, record: Bool = false) -> [UnitMention] {
        let ctx = RuleContext(doc: doc, x: self, places: places)
        let claims = Claims.run([vocabulary.nameBook], ctx, where: { ok($0) && doc.kind($0) == .word }, inside: ok)
        var out: [UnitMention] = []
        for cand in claims.taken {
            if record, case .refused(let why) = cand.claim {
                explanation.append(ExplainEntry(type: "unit", rule: cand.rule.name, outcome: "refused: " + why, tokens: cand.range.map { doc.str($0) }, span: doc.span(cand.range)))
            }
            guard case .units(let ms, let ws) = cand.claim else { continue }
            warnings += ws
            for var m in ms { m.fact.rule = cand.rule.name; out.append(m) }
        }
        return out.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
    }
}
