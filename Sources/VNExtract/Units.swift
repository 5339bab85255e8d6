import VNText
import VNGazetteer

/// A unit found in the text, with the place version it links to.
struct UnitMention {
    var fact: UnitFact
    var place: UnitVersion?
    var tokens: Range<Int>
    var committee: CommitteeWord?
    var organization: OrganizationWord?
    /// An unlinked place's name and type (`UnitBuilders.sharedName`): never a code.
    var named: UnitVersion? = nil
}

/// What the article is about, for names written without their place ("Ban Thường vụ Tỉnh ủy").
struct ArticlePlaces {
    var day: Day?
    var codes: [String] = [] { didSet { codesKey = codes.joined(separator: ",") } }
    /// `codes` as one string (part of the link cache's key), joined once.
    private(set) var codesKey = ""
    /// The most mentioned unit of each type ("Tỉnh" → Lạng Sơn), when one stands out.
    var byType: [String: UnitVersion] = [:]
    var province: UnitVersion?
    /// Codes of places the page names itself (body or site footer), not only inferred ones.
    var explicit: Set<String> = []
    /// The place the article names most often itself (the default reporting unit).
    var main: UnitVersion?
    /// Places named in the body, in text order: (token, paragraph, version).
    var mentions: [(token: Int, paragraph: Int, version: UnitVersion)] = []
    /// Places named in the body that could not be linked (one name in several provinces), in text
    /// order: only their name and type are used.
    var unlinked: [(token: Int, paragraph: Int, version: UnitVersion)] = []

    /// The unlinked place of one of `types` named last before token `i` in the paragraph, else the
    /// only such name the article has.
    func unlinkedLocal(_ types: [String], before i: Int, paragraph: Int) -> UnitVersion? {
        let fit = unlinked.filter { types.contains($0.version.type) }
        if let m = fit.last(where: { $0.token < i && $0.paragraph == paragraph }) { return m.version }
        guard let f = fit.first, fit.allSatisfy({ $0.version.canonicalName == f.version.canonicalName }) else { return nil }
        return f.version
    }

    /// The unit of one of `types` the text names last before token `i` in the same paragraph,
    /// else the article's own unit of that type.
    func local(_ types: [String], before i: Int, paragraph: Int) -> UnitVersion? {
        if let m = lastMention(before: i, paragraph: paragraph, where: { types.contains($0.type) }) { return m }
        for t in types { if let v = byType[t] { return v } }
        return nil
    }

    /// The last place named before token `i` in the same paragraph that passes `test` (looks
    /// back a bounded number of mentions).
    func lastMention(before i: Int, paragraph: Int, excluding: Set<Int> = [], where test: (UnitVersion) -> Bool) -> UnitVersion? {
        var lo = 0, hi = mentions.count
        while lo < hi { let m = (lo + hi) / 2; if mentions[m].token < i { lo = m + 1 } else { hi = m } }
        var k = lo - 1
        while k >= 0, k >= lo - 64, mentions[k].paragraph == paragraph {
            if !excluding.contains(mentions[k].token), test(mentions[k].version) { return mentions[k].version }
            k -= 1
        }
        return nil
    }
}

/// Punctuation that closes a name written inside a sentence.
enum ClauseMarks {
    static func closes(_ key: String) -> Bool { key == ";" || key == "," || key == "." || key == ")" || key == ":" }
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
            var r = cachedLink(keys: Array(keys), surface: surface, types: types, day: places.day, context: context, contextKey: places.codesKey)
            // A unit dissolved before the article's date ("huyện Phục Hòa (cũ)"): its last version.
            if r.unit == nil, r.candidates.isEmpty, let day = places.day, typeTokens != nil || types != nil {
                let old = cachedLink(keys: Array(keys), surface: surface, types: types, day: nil, context: context, contextKey: places.codesKey)
                // Only versions that ended on or before the day (not those that began after it).
                let ended = (old.unit.map { [$0] } ?? old.candidates).compactMap { v in v.validity.to.flatMap { $0 <= day ? (v, $0) : nil } }
                if let last = ended.max(by: { $0.1 < $1.1 }), ended.filter({ $0.1 == last.1 }).count == 1 {
                    r = LinkResult(unit: last.0, candidates: [last.0], tier: old.tier, reason: "\(last.0.typedName) no longer existed on \(day) (until \(last.1)): its last version")
                }
            }
            // No date to choose between versions of one unit (one code): its latest version.
            if r.unit == nil, places.day == nil, let last = r.candidates.last, r.candidates.allSatisfy({ $0.code == last.code }) {
                let latest = r.candidates.max { ($0.validity.from ?? Day.min) < ($1.validity.from ?? Day.min) } ?? last
                r = LinkResult(unit: latest, candidates: r.candidates, tier: r.tier, reason: r.reason + "; no date: its latest version")
            }
            if r.unit != nil || !r.candidates.isEmpty { return (r, types, typeTokens, end) }
        }
        return nil
    }

    /// Links through a cache: an article names the same places again and again, and so does a batch.
    func cachedLink(keys: [String], surface: String, types: Set<String>?, day: Day?, context: LinkContext, contextKey: String) -> LinkResult {
        let key = "\(surface)|\(types.map { $0.sorted().joined(separator: ",") } ?? "*")|\(day?.iso ?? "-")|\(contextKey)"
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
    /// `retyped`: a name may repeat the type word ("Đảng bộ xã Hùng Sơn và xã Quốc Khánh": the
    /// organization of each), when its type is one of `types`.
    func coordinated(_ doc: Doc, after start: Int, types: Set<String>?, places: ArticlePlaces, retyped: Bool = false) -> [(UnitVersion, Range<Int>)] {
        guard let types else { return [] }
        var out: [(UnitVersion, Range<Int>)] = []
        var i = start
        while i < doc.count, doc.key(i) == "," || doc.key(i) == "va" {
            var j = i + 1
            if doc.key(i) == ",", doc.key(j) == "va" { j += 1 }
            let typeWord = vocabulary.tries(doc).typeWords.longest(doc.vids, from: j) != nil
            guard doc.isCapitalized(j) || doc.isNumber(j) || retyped && typeWord, !typeWord || retyped,
                  let p = place(doc, at: j, allowed: types, places: places, requireTypeWord: typeWord), let v = p.result.unit,
                  !typeWord || p.typeTokens != nil, !(doc.isWord(p.end) && doc.isCapitalized(p.end)) else { break }
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
        // The footer's admin units (read with the rest of the page's places).
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

    /// The end of an institution's name at `j` ("Sở Nông nghiệp và Môi trường tỉnh Sơn La", "Phòng
    /// Cảnh sát giao thông", "Quân khu 1", "Trung tâm Y tế huyện"): capitalized words, lower-case
    /// runs that lead to another capitalized word or a type word, a short lower-case tail before a
    /// stop word (`extract/name-stops.tsv`) or punctuation, and a final place or type word.
    /// `lowerStart`: the name may start with "khối" or "các" in lower case ("Đảng ủy khối các cơ quan tỉnh").
    func institutionName(_ doc: Doc, from j: Int, lowerStart: Bool = false) -> Int? {
        guard j < doc.count else { return nil }
        if doc.isNumber(j) { return doc.str(j).count <= 3 ? j + 1 : nil }
        guard doc.isWord(j), doc.isCapitalized(j) || lowerStart && (doc.key(j) == "khoi" || doc.key(j) == "cac" && doc.key(j + 1) == "co" && doc.key(j + 2) == "quan") else { return nil }
        let t = vocabulary.tries(doc)
        func stop(_ k: Int) -> Bool { t.nameStops.longest(doc.vids, from: k) != nil }
        func startsUnit(_ k: Int) -> Bool {
            t.organizations.longest(doc.vids, from: k) != nil || t.committees.longest(doc.vids, from: k) != nil || t.bodies.longest(doc.vids, from: k) != nil
        }
        // Not a stop ("CHI BỘ TRỰC THUỘC …" in capitals) nor another unit's word ("Chi bộ Đảng bộ Viện …").
        if stop(j) || startsUnit(j) { return nil }
        var end = j + 1
        var k = j + 1
        let limit = min(doc.count, j + 18)
        while k < limit {
            if doc.isNumber(k), k == end, doc.str(k).count <= 3 { end = k + 1; k += 1; continue }
            guard doc.isWord(k) else { break }
            if doc.isCapitalized(k) {
                if t.nameStops.longest(doc.vids, from: k).map({ $0.end > k + 1 }) ?? false { break }
                end = k + 1; k += 1; continue
            }
            if doc.key(k) == "va" {
                // "và" joins words of one name, not two units ("Chi bộ Thu và Chi bộ Kế hoạch").
                if doc.isWord(k + 1), doc.isCapitalized(k + 1), !startsUnit(k + 1) { k += 1; continue }
                break
            }
            if stop(k) { break }
            if let tw = t.typeWords.longest(doc.vids, from: k), t.typeWordCompounds.longest(doc.vids, from: k) == nil {
                if let p = place(doc, at: k, allowed: nil, places: ArticlePlaces(), requireTypeWord: true) { end = p.end; break }
                // A type word without a place ends the name before a lower-case word ("Đảng ủy Quân sự
                // tỉnh tiếp tục …", "Trung tâm Y tế huyện tổ chức …").
                if tw.end >= doc.count || !doc.isWord(tw.end) || stop(tw.end) || !doc.isCapitalized(tw.end) { end = tw.end; break }
            }
            // "Quân khu 3", "Công ty Xây dựng số 5": one or two lower-case words and a short number end the name.
            if doc.isNumber(k + 1) || doc.isNumber(k + 2) && doc.isWord(k + 1) && !doc.isCapitalized(k + 1) {
                let n = doc.isNumber(k + 1) ? k + 1 : k + 2
                if n < limit, doc.str(n).count <= 3, !stop(n - 1) {
                    end = n + 1; break
                }
            }
            // A lower-case run (through "và"): part of the name when a capitalized word or a type
            // word follows, or, up to its first "và", when it is short and the name ends after it.
            var m = k
            var firstAnd: Int? = nil
            while m < limit, m < k + 8, doc.isWord(m), !doc.isCapitalized(m), doc.key(m) == "va" || !stop(m),
                  m == k || t.typeWords.longest(doc.vids, from: m) == nil {
                if doc.key(m) == "va", firstAnd == nil { firstAnd = m }
                m += 1
            }
            if m < limit, doc.isWord(m), (doc.isCapitalized(m) || t.typeWords.longest(doc.vids, from: m) != nil) && !stop(m), doc.key(m - 1) != "va" || doc.isCapitalized(m) && !startsUnit(m) { k = m; continue }
            let tail = firstAnd ?? m
            // Not after a place's name: "… Dệt may Nam Định hiện có", "… Cái Nước làm điểm".
            // (As written: "Phòng An ninh" is no place "Phong An" followed by a verb.)
            let afterPlace = (max(j, k - 4)..<k).contains { s in
                guard doc.isCapitalized(s) else { return false }
                let written = doc.normText(s..<k).lowercased()
                let plain = !written.unicodeScalars.contains { $0.value >= 0x80 }
                return vocabulary.gazetteer.units.names.matches(doc.ids, from: s).contains { m in
                    m.end == k && (plain || m.payloads.contains { vocabulary.gazetteer.units.versions[$0].name.lowercased() == written })
                }
            }
            // A longer lower-case run is the name's only when punctuation closes it ("Chi bộ Phòng An
            // ninh chính trị nội bộ;"): a verb would have been a stop or run on.
            let closed = firstAnd == nil && (m >= doc.count || ClauseMarks.closes(doc.key(m)))
            if tail > k, tail - k <= (closed ? 5 : 3), !afterPlace, firstAnd != nil || m >= doc.count || !doc.isWord(m) || stop(m) { end = tail }
            break
        }
        return end
    }

    /// Pass over the units to learn the article's places: provinces, districts, communes named,
    /// the most frequent of each type, and the site's province.
    func articlePlaces(_ doc: Doc, day: Day?, source: String?, lines: [Line], held: (Int) -> Bool) -> ArticlePlaces {
        var places = ArticlePlaces(day: day)
        var ignored: [FactWarning] = []
        var footer = Array(repeating: false, count: doc.count)
        for l in lines where l.chrome == "footer" { for t in l.tokens { footer[t] = true } }
        let first = findUnits(doc, places: places, warnings: &ignored, within: { (doc.inBody[$0] || footer[$0]) && !held($0) })
        var counts: [String: (UnitVersion, Int)] = [:]
        let g = vocabulary.gazetteer
        for m in first {
            guard let v = m.place else {
                if let n = m.named, !footer[m.tokens.lowerBound] {
                    places.unlinked.append((m.tokens.lowerBound, doc.sentences[doc.sentenceOf[m.tokens.lowerBound]].paragraph, n))
                }
                continue
            }
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
