import VNText
import VNGazetteer

/// A unit found in the text, with the place version it links to.
struct UnitMention {
    var fact: UnitFact
    var place: UnitVersion?
    var tokens: Range<Int>
    var committee: CommitteeWord?
    var organization: OrganizationWord?
}

/// What the article is about, for names written without their place ("Ban Thường vụ Tỉnh ủy").
struct ArticlePlaces {
    var day: Day?
    var codes: [String] = []
    /// The most mentioned unit of each type ("Tỉnh" → Lạng Sơn), when one stands out.
    var byType: [String: UnitVersion] = [:]
    var province: UnitVersion?
    /// Codes of places the page names itself (body or site footer), not only inferred ones.
    var explicit: Set<String> = []
    /// The place the article names most often itself (the default reporting unit).
    var main: UnitVersion?
    /// Places named in the body, in text order: (token, paragraph, version).
    var mentions: [(token: Int, paragraph: Int, version: UnitVersion)] = []

    /// The unit of one of `types` the text names last before token `i` in the same paragraph,
    /// else the article's own unit of that type.
    func local(_ types: [String], before i: Int, paragraph: Int) -> UnitVersion? {
        if let m = lastMention(before: i, paragraph: paragraph, where: { types.contains($0.type) }) { return m }
        for t in types { if let v = byType[t] { return v } }
        return nil
    }

    /// The last place named before token `i` in the same paragraph that passes `test` (looks
    /// back a bounded number of mentions).
    func lastMention(before i: Int, paragraph: Int, where test: (UnitVersion) -> Bool) -> UnitVersion? {
        var lo = 0, hi = mentions.count
        while lo < hi { let m = (lo + hi) / 2; if mentions[m].token < i { lo = m + 1 } else { hi = m } }
        var k = lo - 1
        while k >= 0, k >= lo - 64, mentions[k].paragraph == paragraph {
            if test(mentions[k].version) { return mentions[k].version }
            k -= 1
        }
        return nil
    }
}

extension Extractor {
    /// A place name at token `j`, optionally after a type word: the link result and the tokens used.
    func place(_ doc: Doc, at j: Int, allowed: Set<String>?, places: ArticlePlaces, requireTypeWord: Bool = false)
        -> (result: LinkResult, typeTypes: Set<String>?, typeTokens: Range<Int>?, end: Int)? {
        let g = vocabulary.gazetteer
        var k = j
        var types = allowed
        var typeTokens: Range<Int>? = nil
        if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: j) {
            var ts = Set(tw.payloads.map(\.type))
            if let allowed { ts.formIntersection(allowed) }
            if !ts.isEmpty { types = ts; typeTokens = j..<tw.end; k = tw.end }
        }
        if requireTypeWord && typeTokens == nil { return nil }
        guard k < doc.count, doc.isCapitalized(k) || doc.isNumber(k) else { return nil }
        let context = LinkContext(codes: places.codes)
        // Cheap filter first: a name ending there must have a version of an allowed type; only
        // then the full link (spelling tiers, dates, context).
        var ends: [Int] = []
        for m in g.units.names.matches(doc.ids, from: k)
        where types.map({ ts in m.payloads.contains { ts.contains(g.units.versions[$0].type) } }) ?? true { ends.append(m.end) }
        for m in g.units.aliasTrie.matches(doc.ids, from: k) { ends.append(m.end) }
        if ends.isEmpty { return nil }
        for end in Set(ends).sorted(by: >) {
            // Every word of a name is capitalized (or a number: "Phường 2").
            guard (k..<end).allSatisfy({ doc.isCapitalized($0) || doc.isNumber($0) || TokenKey.isTransparent(doc.keys[$0]) || doc.keys[$0] == "." }) else { continue }
            let keys = doc.keys[k..<end].filter { !TokenKey.isTransparent($0) }
            let surface = doc.originalText(k..<end)
            var r = cachedLink(keys: Array(keys), surface: surface, types: types, day: places.day, context: context)
            // A unit dissolved before the article's date ("huyện Phục Hòa (cũ)"): its last version.
            if r.unit == nil, r.candidates.isEmpty, let day = places.day, typeTokens != nil || types != nil {
                let old = g.link(keys: Array(keys), surface: surface, types: types, on: nil, context: context)
                // Only versions that ended on or before the day (not those that began after it).
                let ended = (old.unit.map { [$0] } ?? old.candidates).compactMap { v in v.validity.to.flatMap { $0 <= day ? (v, $0) : nil } }
                if let last = ended.max(by: { $0.1 < $1.1 }), ended.filter({ $0.1 == last.1 }).count == 1 {
                    r = LinkResult(unit: last.0, candidates: [last.0], tier: old.tier, reason: "\(last.0.typedName) no longer existed on \(day) (until \(last.1)): its last version")
                }
            }
            if r.unit != nil || !r.candidates.isEmpty { return (r, types, typeTokens, end) }
        }
        return nil
    }

    /// Links through a cache: an article names the same places again and again, and so does a batch.
    func cachedLink(keys: [String], surface: String, types: Set<String>?, day: Day?, context: LinkContext) -> LinkResult {
        let key = "\(surface)|\(types.map { $0.sorted().joined(separator: ",") } ?? "*")|\(day?.iso ?? "-")|\(context.codes.joined(separator: ","))"
        if let hit = linkCache[key] { return hit }
        let r = vocabulary.gazetteer.link(keys: keys, surface: surface, types: types, on: day, context: context)
        if linkCache.count > 20_000 { linkCache.removeAll(keepingCapacity: true) }
        linkCache[key] = r
        return r
    }

    func placeFields(_ v: UnitVersion) -> (place: String, placeType: String, code: String, level: String) {
        (v.canonicalName, UnitTypes.lowerTypeWord(v.type), v.code, v.level.rawValue)
    }

    func successorNote(_ v: UnitVersion) -> String? {
        guard v.validity.to != nil else { return nil }
        let key = "\(v.code)@\(v.line)"
        if let cached = successorCache[key] { return cached }
        let note = computeSuccessorNote(v)
        successorCache[key] = note
        return note
    }

    func computeSuccessorNote(_ v: UnitVersion) -> String? {
        let s = vocabulary.gazetteer.units.currentSuccessors(of: v)
        guard !s.isEmpty, v.validity.to != nil else { return nil }
        let names = Set(s.map { "\($0.newType) \($0.newName) (\($0.newCode))" }).sorted()
        return names.prefix(3).joined(separator: "; ") + (names.count > 3 ? " …" : "") + " since \(s[0].effective) (unofficial mapping)"
    }

    /// Finds party agencies, committees (with their bodies), party organizations and
    /// administrative units, left to right, each token used once.
    func findUnits(_ doc: Doc, places: ArticlePlaces, warnings: inout [FactWarning], within: ((Int) -> Bool)? = nil) -> [UnitMention] {
        let scan = within ?? { doc.inBody[$0] }
        var out: [UnitMention] = []
        var i = 0
        let n = doc.count
        func fact(_ name: String, _ kind: String, orgType: String?, _ v: UnitVersion?, _ r: Range<Int>) -> UnitFact {
            let p = v.map(placeFields)
            return UnitFact(name: name, kind: kind, orgType: orgType, place: p?.place, placeType: p?.placeType, placeCode: p?.code, placeLevel: p?.level,
                            successor: v.flatMap(successorNote), text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r), tokens: r)
        }
        func ambiguous(_ r: LinkResult, _ tokens: Range<Int>) {
            warnings.append(FactWarning(code: "place-ambiguous", message: r.reason, span: doc.span(tokens)))
        }
        while i < n {
            guard scan(i), doc.kind(i) == .word, vocabulary.unitCanStart(doc, i) else { i += 1; continue }
            // Central agencies.
            if doc.isCapitalized(i), let m = vocabulary.tries(doc).agencies.longest(doc.vids, from: i) {
                let a = m.payloads[0]
                out.append(UnitMention(fact: fact(a.name, a.kind, orgType: nil, nil, i..<m.end), place: nil, tokens: i..<m.end))
                i = m.end; continue
            }
            // A body ("Ban Thường vụ") then a committee word.
            var body: (BodyWord, Int)? = nil
            var c = i
            if doc.isCapitalized(i), let b = vocabulary.tries(doc).bodies.longest(doc.vids, from: i), vocabulary.tries(doc).committees.longest(doc.vids, from: b.end) != nil {
                body = (b.payloads[0], b.end); c = b.end
            }
            if let cm = vocabulary.tries(doc).committees.longest(doc.vids, from: c), doc.isCapitalized(c) || body != nil {
                let w = cm.payloads[0]
                let allowed = w.placeTypes.isEmpty ? nil : Set(w.placeTypes)
                var v: UnitVersion? = nil
                var end = cm.end
                if !w.placeTypes.isEmpty, let p = place(doc, at: cm.end, allowed: allowed, places: places) {
                    end = p.end
                    if let u = p.result.unit { v = u } else { ambiguous(p.result, i..<p.end) }
                } else if body.map({ $0.0.kind == "party-committee" && doc.key(i - 1) != "cac" }) ?? isActor(doc, committee: c, end: cm.end) {
                    // "Ban Thường vụ Tỉnh ủy", "Tỉnh ủy cho phép": the province (district …) the
                    // paragraph or the article names; an inferred one is not enough. A bare agency
                    // ("Văn phòng Tỉnh ủy", "Ban Tổ chức Tỉnh ủy") is left unlinked, as the seeds' gold does.
                    let para = doc.sentences[doc.sentenceOf[i]].paragraph
                    v = places.local(w.placeTypes, before: i, paragraph: para)
                    if v == nil, w.placeTypes.contains("Tỉnh"), let p = places.province { v = p }
                    if let pv = v, !places.explicit.contains(pv.code) {
                        warnings.append(FactWarning(code: "place-unnamed", message: "'\(doc.normText(i..<cm.end))' names no place and the page never names \(pv.typedName) itself: not linked", span: doc.span(i..<cm.end)))
                        v = nil
                    }
                }
                let emit = v != nil
                if emit {
                    var name = w.name
                    if let v {
                        name += w.name == "Đảng ủy" || w.name == "Chi ủy" ? " \(UnitTypes.lowerTypeWord(v.type)) \(v.canonicalName)" : " \(v.canonicalName)"
                    }
                    let kind = body?.0.kind ?? w.kind
                    if let b = body { name = "\(b.0.name) \(name)" }
                    out.append(UnitMention(fact: fact(name, kind, orgType: w.name, v, i..<end), place: v, tokens: i..<end, committee: w))
                    i = end; continue
                }
                i = cm.end; continue
            }
            // Party organizations: "Đảng bộ huyện Văn Lãng", "Chi bộ 12", "Đảng bộ Quân sự quận".
            if let om = vocabulary.tries(doc).organizations.longest(doc.vids, from: i) {
                let w = om.payloads[0]
                if let p = place(doc, at: om.end, allowed: nil, places: places, requireTypeWord: true) {
                    if let v = p.result.unit {
                        let name = "\(w.name) \(UnitTypes.lowerTypeWord(v.type)) \(v.canonicalName)"
                        out.append(UnitMention(fact: fact(name, w.kind, orgType: w.name, v, i..<p.end), place: v, tokens: i..<p.end, organization: w))
                    } else { ambiguous(p.result, i..<p.end) }
                    i = p.end
                    // "các Đảng bộ huyện Kim Sơn, Yên Khánh và Yên Mô": one unit per name.
                    for (v, r) in coordinated(doc, after: i, types: p.typeTypes, places: places) {
                        let name = "\(w.name) \(UnitTypes.lowerTypeWord(v.type)) \(v.canonicalName)"
                        out.append(UnitMention(fact: fact(name, w.kind, orgType: w.name, v, r), place: v, tokens: r, organization: w))
                        i = r.upperBound
                    }
                    continue
                }
                // A cell named by its village or neighbourhood: "Chi bộ khu dân cư số 7", "Chi bộ ấp Kiến Hưng".
                if doc.isCapitalized(i), let su = vocabulary.tries(doc).subunits.longest(doc.vids, from: om.end) {
                    var e = su.end
                    if doc.key(e) == "so" { e += 1 }
                    if doc.isNumber(e) { e += 1 } else if let pn = properName(doc, from: e), doc.isCapitalized(e) { e = pn }
                    if e > su.end {
                        let para = doc.sentences[doc.sentenceOf[i]].paragraph
                        let v = places.local(["Phường", "Xã", "Thị trấn", "Đặc khu"], before: i, paragraph: para)
                        out.append(UnitMention(fact: fact(doc.normText(i..<e), w.kind, orgType: w.name, v, i..<e), place: v, tokens: i..<e, organization: w))
                        i = e; continue
                    }
                }
                // A tier phrase ("đảng bộ cấp trên cơ sở", "chi bộ trực thuộc") is not a unit.
                if let lv = vocabulary.tries(doc).levels.longest(doc.vids, from: i), lv.end > om.end,
                   !(lv.end == om.end + 1 && vocabulary.tries(doc).typeWords.longest(doc.vids, from: om.end) != nil) { i = om.end; continue }
                // A specific organization ("Đảng bộ Công an", "Đảng bộ Quân sự") keeps its words as written.
                let specific = om.end - i > 2 && w.level == nil
                if w.level != nil { i = om.end; continue }
                if specific, doc.isCapitalized(i) {
                    var end = om.end
                    var v: UnitVersion? = nil
                    if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: om.end), !(doc.isWord(tw.end) && doc.isCapitalized(tw.end)) {
                        end = tw.end
                        v = tw.payloads.lazy.compactMap { places.byType[$0.type] }.first
                    }
                    out.append(UnitMention(fact: fact(doc.normText(i..<end), w.kind, orgType: w.name, v, i..<end), place: v, tokens: i..<end, organization: w))
                    i = end; continue
                }
                // A type word alone: the article's unit of that type ("Đảng bộ quận" in a Cẩm Lệ article).
                if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: om.end), !doc.isCapitalized(tw.end) || !doc.isWord(tw.end) {
                    let types = tw.payloads.map(\.type)
                    if doc.isCapitalized(i), let v = types.lazy.compactMap({ places.byType[$0] }).first ?? (types.contains("Tỉnh") ? places.province : nil) {
                        let name = "\(w.name) \(UnitTypes.lowerTypeWord(v.type)) \(v.canonicalName)"
                        out.append(UnitMention(fact: fact(name, w.kind, orgType: w.name, v, i..<tw.end), place: v, tokens: i..<tw.end, organization: w))
                    }
                    i = tw.end; continue
                }
                // A proper name: capitalized words (a few lower-case ones inside), or a number.
                if doc.isCapitalized(i), let end = properName(doc, from: om.end) {
                    var v: UnitVersion? = nil
                    let last = doc.key(end - 1)
                    if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: end - 1), tw.end == end, !doc.isCapitalized(end - 1) {
                        _ = last
                        v = tw.payloads.lazy.compactMap { places.byType[$0.type] }.first
                    } else {
                        // A place at the end of the name ("Trường THPT Duyên Hải").
                        for s in (om.end + 1)..<end {
                            if let p = place(doc, at: s, allowed: nil, places: places), p.end == end, let u = p.result.unit { v = u; break }
                        }
                    }
                    let name = "\(w.name) \(doc.normText(om.end..<end))"
                    out.append(UnitMention(fact: fact(name, w.kind, orgType: w.name, v, i..<end), place: v, tokens: i..<end, organization: w))
                    i = end; continue
                }
                i = om.end; continue
            }
            // Administrative units with a type word: "tỉnh Bắc Ninh", "huyện Kim Sơn", "TP. Hồ Chí Minh".
            if vocabulary.tries(doc).typeWords.longest(doc.vids, from: i) != nil, let p = place(doc, at: i, allowed: nil, places: places, requireTypeWord: true) {
                // "HĐND phường Khuê Trung", "UBND thị xã Duyên Hải": part of an organ's name.
                if organBefore(doc, i) { i = p.end; continue }
                if let v = p.result.unit {
                    out.append(UnitMention(fact: fact(v.canonicalName, "admin-unit", orgType: nil, v, i..<p.end), place: v, tokens: i..<p.end))
                } else { ambiguous(p.result, i..<p.end) }
                i = p.end
                // "các phường Hoàng Văn Thụ, Thọ Xương, Ngô Quyền": one unit per name.
                for (v, r) in coordinated(doc, after: i, types: p.typeTypes, places: places) {
                    out.append(UnitMention(fact: fact(v.canonicalName, "admin-unit", orgType: nil, v, r), place: v, tokens: r))
                    i = r.upperBound
                }
                continue
            }
            // Bare province names and aliases ("Hà Nội", "TP.HCM").
            if doc.isCapitalized(i), !(doc.isWord(i - 1) && doc.isCapitalized(i - 1) && doc.adjacent(i) == false && doc.sentenceOf[i - 1] == doc.sentenceOf[i] && !isSentenceStart(doc, i - 1)),
               vocabulary.tries(doc).notBare.longest(doc.vids, from: i) == nil,
               let p = place(doc, at: i, allowed: ["Tỉnh", "Thành phố Trung ương"], places: places), let v = p.result.unit,
               !(doc.isWord(p.end) && doc.isCapitalized(p.end)) {
                out.append(UnitMention(fact: fact(v.canonicalName, "admin-unit", orgType: nil, v, i..<p.end), place: v, tokens: i..<p.end))
                i = p.end; continue
            }
            i += 1
        }
        return out
    }

    /// "Tỉnh ủy cho phép", "Thành ủy xác định": a committee written alone as the subject of a
    /// clause (not "các Tỉnh ủy", "trực thuộc Tỉnh ủy", "của Thị ủy").
    func isActor(_ doc: Doc, committee c: Int, end: Int) -> Bool {
        guard doc.isCapitalized(c), doc.isWord(end), !doc.isCapitalized(end) else { return false }
        let prev = doc.key(c - 1)
        let starts = c == doc.sentences[doc.sentenceOf[c]].tokens.lowerBound || prev == "," || prev == ";" || prev == ":"
        // Not one of a list of committee words ("các Tỉnh ủy, Thành ủy"), not followed by a type word
        // ("Đảng ủy xã, phường …": generic).
        if prev == ",", doc.key(c - 2) == "uy" { return false }
        if vocabulary.tries(doc).typeWords.longest(doc.vids, from: end) != nil { return false }
        return starts && !["va", "cac", "trong"].contains(doc.key(end))
    }

    /// Names after a unit, joined by "," or "và", of the same type ("huyện A, B và C").
    func coordinated(_ doc: Doc, after start: Int, types: Set<String>?, places: ArticlePlaces) -> [(UnitVersion, Range<Int>)] {
        guard let types else { return [] }
        var out: [(UnitVersion, Range<Int>)] = []
        var i = start
        while i < doc.count, doc.key(i) == "," || doc.key(i) == "va" {
            var j = i + 1
            if doc.key(i) == ",", doc.key(j) == "va" { j += 1 }
            guard doc.isCapitalized(j) || doc.isNumber(j), vocabulary.tries(doc).typeWords.longest(doc.vids, from: j) == nil,
                  let p = place(doc, at: j, allowed: types, places: places), let v = p.result.unit,
                  !(doc.isWord(p.end) && doc.isCapitalized(p.end)) else { break }
            out.append((v, j..<p.end))
            i = p.end
        }
        return out
    }

    /// Whether a state organ's name ends right before token `i` ("HĐND", "Ủy ban nhân dân").
    func organBefore(_ doc: Doc, _ i: Int) -> Bool {
        var k = i - 1
        while k >= 0, k >= i - 5 {
            if vocabulary.cue(doc, at: k, category: "organ", maxEnd: i).map({ $0.end == i }) ?? false { return true }
            k -= 1
        }
        return false
    }

    /// Provinces and districts a page's footer names (the publisher's locality: "UBND thị xã
    /// Duyên Hải, tỉnh Trà Vinh"): admin units, communes and street addresses left out.
    func siteUnits(_ doc: Doc, lines: [Line], places: ArticlePlaces) -> [UnitFact] {
        var footer = Array(repeating: false, count: doc.count)
        for l in lines where l.chrome == "footer" { for t in l.tokens { footer[t] = true } }
        var ignored: [FactWarning] = []
        return findUnits(doc, places: places, warnings: &ignored, within: { footer[$0] })
            .filter { $0.fact.kind == "admin-unit" && ($0.place?.level == .province || $0.place?.level == .district) }
            .map(\.fact)
    }

    func isSentenceStart(_ doc: Doc, _ i: Int) -> Bool { doc.sentences[doc.sentenceOf[i]].tokens.lowerBound == i }

    /// The end of a proper name that starts at `j` ("Quân sự quận", "Tổng Công ty CP Dệt may Hòa
    /// Thọ", "12"): capitalized words, lower-case words between capitalized ones, and a final type
    /// word ("quận", "huyện") that refers to the article's unit.
    func properName(_ doc: Doc, from j: Int) -> Int? {
        guard j < doc.count else { return nil }
        if doc.isNumber(j) { return doc.str(j).count <= 3 ? j + 1 : nil }
        guard doc.isWord(j), doc.isCapitalized(j) else { return nil }
        let stops: Set<String> = ["lan", "nhiem", "khoa", "va", "cua", "tai", "de", "ve", "da", "dang", "co", "duoc", "theo", "trong", "voi", "tu", "den"]
        var end = j + 1
        var k = j + 1
        while k < doc.count, k < j + 12, doc.isWord(k) {
            if doc.isCapitalized(k) { end = k + 1; k += 1; continue }
            if stops.contains(doc.key(k)) { break }
            // A final type word: "Đảng bộ Quân sự quận".
            if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: k), !(doc.isWord(tw.end) && doc.isCapitalized(tw.end)) {
                end = tw.end; break
            }
            // Lower-case words continue the name only when a capitalized word follows soon.
            var m = k
            while m < doc.count, m < k + 3, doc.isWord(m), !doc.isCapitalized(m), !stops.contains(doc.key(m)),
                  vocabulary.tries(doc).typeWords.longest(doc.vids, from: m) == nil { m += 1 }
            if m < doc.count, doc.isWord(m), doc.isCapitalized(m), m > k { k = m; continue }
            if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: m), !(doc.isWord(tw.end) && doc.isCapitalized(tw.end)) {
                end = tw.end; break
            }
            break
        }
        return end
    }

    /// Pass over the units to learn the article's places: provinces, districts, communes named,
    /// the most frequent of each type, and the site's province.
    func articlePlaces(_ doc: Doc, day: Day?, source: String?, lines: [Line]) -> ArticlePlaces {
        var places = ArticlePlaces(day: day)
        var ignored: [FactWarning] = []
        var footer = Array(repeating: false, count: doc.count)
        for l in lines where l.chrome == "footer" { for t in l.tokens { footer[t] = true } }
        let first = findUnits(doc, places: places, warnings: &ignored, within: { doc.inBody[$0] || footer[$0] })
        var counts: [String: (UnitVersion, Int)] = [:]
        let g = vocabulary.gazetteer
        for m in first {
            guard let v = m.place else { continue }
            if !footer[m.tokens.lowerBound] {
                places.mentions.append((m.tokens.lowerBound, doc.sentences[doc.sentenceOf[m.tokens.lowerBound]].paragraph, v))
            }
            places.explicit.insert(v.code)
            let weight = footer[m.tokens.lowerBound] ? 1 : 2
            counts[v.code, default: (v, 0)].1 += weight
            for a in g.units.ancestors(of: v, on: day) { counts[a.code, default: (a, 0)].1 += weight }
        }
        var named: [String: (UnitVersion, Int)] = [:]
        for m in first where !footer[m.tokens.lowerBound] { if let v = m.place { named[v.code, default: (v, 0)].1 += 1 } }
        places.main = named.values.max { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0.level.rawValue > $1.0.level.rawValue) }?.0
        if let source, let p = siteProvince(source, on: day) { counts[p.code, default: (p, 0)].1 += 2; places.explicit.insert(p.code) }
        var byType: [String: [(UnitVersion, Int)]] = [:]
        for (_, e) in counts { byType[e.0.type, default: []].append(e) }
        for (t, list) in byType {
            let sorted = list.sorted { $0.1 > $1.1 }
            if sorted.count == 1 || sorted[0].1 > sorted[1].1 { places.byType[t] = sorted[0].0 }
        }
        places.province = places.byType["Tỉnh"] ?? places.byType["Thành phố Trung ương"]
        if let a = places.byType["Tỉnh"], let b = places.byType["Thành phố Trung ương"] {
            places.province = (counts[a.code]?.1 ?? 0) >= (counts[b.code]?.1 ?? 0) ? a : b
        }
        places.codes = counts.values.sorted { $0.1 > $1.1 }.map(\.0.code)
        return places
    }

    /// The province a site's domain names ("txdh.travinh.gov.vn" → Trà Vinh).
    func siteProvince(_ source: String, on day: Day?) -> UnitVersion? {
        for label in source.lowercased().split(separator: ".") {
            for v in vocabulary.provincesByDomainLabel[String(label)] ?? [] where day.map({ v.validity.contains($0) }) ?? (v.validity.to == nil) { return v }
        }
        return nil
    }
}
