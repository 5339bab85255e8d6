import VNText
import VNGazetteer

extension Extractor {
    /// The subject after a figure: the tier phrase ("đảng bộ cấp trên cơ sở", "chi bộ trực thuộc
    /// các Đảng bộ cơ sở"), its level, where it ends, and the committee it belongs to, if named.
    func subject(_ doc: Doc, at start: Int, places: ArticlePlaces, units: [UnitMention])
        -> (level: String?, end: Int, text: String, parent: UnitVersion?, parentName: String?, national: Bool)? {
        var national = false
        var j = start
        while ["cac", "tong", "so"].contains(doc.key(j)) { j += 1 }
        if doc.key(j) == "(" { return nil }
        // Not party organizations: people, villages, other organizations' congresses.
        if let np = vocabulary.tries(doc).notParty.longest(doc.vids, from: j), vocabulary.tries(doc).levels.longest(doc.vids, from: j).map({ $0.end < np.end }) ?? true,
           vocabulary.tries(doc).organizations.longest(doc.vids, from: j).map({ $0.end < np.end }) ?? true { return nil }
        let lv = vocabulary.tries(doc).levels.longest(doc.vids, from: j)
        let org = vocabulary.tries(doc).organizations.longest(doc.vids, from: j)
        guard lv != nil || org != nil else { return nil }
        var level = lv?.payloads.first
        var end = max(lv?.end ?? j, org?.end ?? j)
        // "… trực thuộc (các) Tỉnh ủy / Huyện ủy / Đảng bộ phường …": the tier follows from the parent.
        var parent: UnitVersion? = nil
        var parentName: String? = nil
        var k = -1
        var t = j
        while t < end + 6, t + 1 < doc.count, doc.isWord(t) || doc.key(t) == "," {
            if doc.key(t) == "truc", doc.key(t + 1) == "thuoc" { k = t + 2; break }
            t += 1
        }
        let para = doc.sentences[doc.sentenceOf[j]].paragraph
        if k >= 0 {
            if doc.key(k) == "cac" { k += 1 }
            if let cm = vocabulary.tries(doc).committees.longest(doc.vids, from: k) {
                let w = cm.payloads[0]
                var v: UnitVersion? = nil
                var e = cm.end
                if let p = place(doc, at: cm.end, allowed: Set(w.placeTypes), places: places), let u = p.result.unit { v = u; e = p.end }
                // "trực thuộc Tỉnh ủy": the province of the paragraph; "trực thuộc đảng ủy cơ sở" is generic.
                if v == nil, w.level == "province" || w.level == "district", doc.key(k - 1) != "cac" {
                    v = places.local(w.placeTypes, before: j, paragraph: para)
                    if v == nil, w.placeTypes.contains("Tỉnh") { v = places.province }
                }
                parent = v
                parentName = v.map { "\(w.name) \($0.canonicalName)" } ?? w.name
                // The committee decides the tier of what reports to it, unless the phrase names the
                // tier itself ("tổ chức cơ sở đảng trực thuộc Thành ủy" is grassroots).
                let definite = lv.map { m in (m.end > j + 1) && doc.vkeys[j..<m.end].joined(separator: " ").contains("cơ sở") } ?? false
                if !definite {
                    let tier = v?.level.rawValue ?? w.level
                    switch tier {
                    case "province": level = "upper-grassroots"
                    case "district": level = "grassroots"
                    case "commune": level = "cell"
                    default: break
                    }
                }
                end = max(end, e)
            } else if let om = vocabulary.tries(doc).organizations.longest(doc.vids, from: k) {
                // "chi bộ trực thuộc Đảng bộ phường (Khuê Trung)", "… các Đảng bộ cơ sở".
                if let p = place(doc, at: om.end, allowed: nil, places: places, requireTypeWord: true), let u = p.result.unit {
                    parent = u; end = max(end, p.end)
                } else if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: om.end) {
                    // "trực thuộc Đảng bộ phường": the paragraph's ward; "các đảng bộ xã, thị trấn" is generic.
                    if doc.key(k - 1) != "cac", doc.key(tw.end) != "," { parent = places.local(tw.payloads.map(\.type), before: j, paragraph: para) }
                    end = max(end, tw.end)
                } else if let l2 = vocabulary.tries(doc).levels.longest(doc.vids, from: k) {
                    end = max(end, l2.end)
                }
                if let parent { parentName = "\(om.payloads[0].name) \(UnitTypes.lowerTypeWord(parent.type)) \(parent.canonicalName)" }
                if level == nil || level == "grassroots" && (org?.payloads.first?.name.lowercased().hasPrefix("chi bộ") ?? false) {
                    if let parent {
                        level = parent.level == .commune ? "cell" : parent.level == .district ? "grassroots" : "upper-grassroots"
                    } else { level = level ?? "cell" }
                }
            }
        }
        // "chi bộ địa bàn dân cư phường Giảng Võ": a place named right after the organizations.
        if parent == nil {
            var q = end
            while q < end + 4, q < doc.count, doc.isWord(q), !doc.isCapitalized(q) || vocabulary.tries(doc).typeWords.longest(doc.vids, from: q) != nil {
                if vocabulary.tries(doc).typeWords.longest(doc.vids, from: q) != nil {
                    if let p = place(doc, at: q, allowed: nil, places: places, requireTypeWord: true), let u = p.result.unit { parent = u; parentName = u.typedName; end = p.end }
                    break
                }
                if doc.key(q) == "cua" || doc.key(q) == "trong" || doc.key(q) == "da" { break }
                q += 1
            }
        }
        // "… của huyện Thông Nông", "… của thành phố", "… trong Đảng bộ tỉnh Quảng Nam", "trên địa bàn huyện".
        if parent == nil {
            var q = end
            var steps = 0
            while q < doc.count, steps < 8, doc.isWord(q) || doc.key(q) == ",", doc.key(q) != "da" {
                let owner = (doc.key(q) == "cua" || doc.key(q) == "trong") ? q + 1 : (doc.key(q) == "tren" && doc.key(q + 1) == "dia" && doc.key(q + 2) == "ban") ? q + 3 : -1
                if owner > 0 {
                    var o = owner
                    if doc.key(o) == "toan", doc.key(o + 1) == "dang" { national = true; break }
                    if let om = vocabulary.tries(doc).organizations.longest(doc.vids, from: o) { o = om.end }
                    if let p = place(doc, at: o, allowed: nil, places: places, requireTypeWord: true), let u = p.result.unit {
                        parent = u; parentName = u.typedName; break
                    }
                    if let tw = vocabulary.tries(doc).typeWords.longest(doc.vids, from: o), !(doc.isWord(tw.end) && doc.isCapitalized(tw.end)),
                       let u = places.local(tw.payloads.map(\.type), before: j, paragraph: para) {
                        parent = u; parentName = u.typedName; break
                    }
                }
                q += 1; steps += 1
            }
        }
        if level == nil, let o = org?.payloads.first { level = o.level }
        return (level, end, doc.normText(j..<end), parent, parentName, national)
    }

    func extractCounts(_ doc: Doc, _ facts: inout ArticleFacts, units: [UnitMention], places: ArticlePlaces, claims: Claims, title: [Bool]) {
        var lastLevelInSentence: (Int, String)? = nil
        var lastUnitInSentence: (Int, CountUnit?)? = nil
        var lastRuleInSentence = ""
        var scope: (paragraph: Int, unit: UnitMention)? = nil
        // Scope phrases ("Đối với tỉnh Bắc Ninh, …") hold for the rest of their paragraph.
        var scopeAt: [Int: UnitMention] = [:]
        for u in units {
            var k = u.tokens.lowerBound - 1
            if doc.key(k) == "," || doc.key(k) == ":" { k -= 1 }
            var s = k
            while s >= 0, s > k - 4, doc.sentenceOf[s] == doc.sentenceOf[u.tokens.lowerBound] {
                if let c = vocabulary.cue(doc, at: s, category: "scope"), c.end == k + 1 { scopeAt[u.tokens.lowerBound] = u; break }
                s -= 1
            }
        }
        let scopeStarts = scopeAt.keys.sorted()
        var scopePointer = 0
        // Units by the token after them (owners, parenthesized counts) and in text order.
        var unitEndingAt: [Int: UnitMention] = [:]
        for u in units { unitEndingAt[u.tokens.upperBound] = u }
        let unitEnds = units.map(\.tokens.upperBound)
        let listed = listedUnits(doc, units)
        let territorial = territorialPlaces(doc, units, excluding: listed)
        let ctx = RuleContext(doc: doc, x: self, places: places)
        for cand in claims.taken {
            if case .refused(let why) = cand.claim, cand.rule.name == "count.slash" || why.contains("more done") {
                facts.warnings.append(FactWarning(code: "count-impossible", message: "\(doc.normText(cand.range)): \(why); not read as a count", span: doc.span(cand.range)))
                continue
            }
            guard case .figure(let fig) = cand.claim else { continue }
            let i = fig.at
            guard i < doc.count, !title[i] else { continue }
            while scopePointer < scopeStarts.count, scopeStarts[scopePointer] <= i {
                let at = scopeStarts[scopePointer]
                if let s = scopeAt[at] { scope = (doc.sentences[doc.sentenceOf[at]].paragraph, s) }
                scopePointer += 1
            }
            let done = fig.done, total = fig.total
            var percent = fig.percent
            let figEnd = cand.holds.map(\.upperBound).max() ?? cand.range.upperBound
            var subjStart = fig.subjectStart ?? figEnd
            while doc.key(subjStart) == ")" { subjStart += 1 }
            if fig.subjectStart == nil, partyOrganizationsEnd(doc, at: subjStart) == nil,
               let before = subjectBefore(doc, i) ?? (cand.rule.name == "count.list-item" ? subjectEarlier(doc, i) : nil) { subjStart = before }
            // A percent beside the figure: "(đạt 92,2%)", "= 93,4%", ", đạt tỷ lệ 100%".
            if percent == nil, done != nil, total != nil,
               let p = percentBeside(ctx, after: max(figEnd, partyOrganizationsEnd(doc, at: figEnd) ?? figEnd), figure: i, skip: { t in
                   guard let c = claims.claim(at: t) else { return false }
                   switch c.claim { case .date, .term, .document, .shortDocument: return true; default: return false }
               }) {
                percent = p
            }
            // "1/3 tổng số cấp ủy" is a fraction, not a count.
            if doc.key(subjStart) == "tong" && doc.key(subjStart + 1) == "so" && vocabulary.tries(doc).levels.longest(doc.vids, from: subjStart + 2) == nil { continue }
            // A figure inside parentheses after a unit: "Đảng bộ phường Khuê Trung (36/36 chi bộ)".
            let parenUnit: UnitMention? = doc.key(i - 1) == "(" ? unitEndingAt[i - 1] : nil
            guard let sub = subject(doc, at: subjStart, places: places, units: units) else { continue }
            var level = sub.level
            let si = doc.sentenceOf[i]
            if level == nil || (sub.text.split(separator: " ").count <= 2 && ["đảng bộ", "chi bộ"].contains(sub.text.lowercased()) && lastLevelInSentence?.0 == si) {
                if let last = lastLevelInSentence, last.0 == si { level = last.1 } else { level = level ?? "other" }
            }
            lastLevelInSentence = (si, level ?? "other")
            let textRange = cand.rule.name == "count.slash-subject-before" || subjStart < i ? countTextRange(doc, i, subjectEnd: figEnd, parenUnit: parenUnit) : countTextRange(doc, i, subjectEnd: max(sub.end, cand.range.upperBound), parenUnit: parenUnit)
            // A name and its figure in a list ("… chưa hoàn thành … như sau: Lộc Hà 27/30"): its status is
            // read after the list's colon, not from the words that introduce the list.
            let listItem = cand.rule.name == "count.list-item"
            let status = countStatus(doc, figure: i, subjectEnd: listItem ? figEnd : sub.end, afterColon: listItem)
            let activity = countActivity(doc, figure: i, subjectEnd: sub.end)
            // The reporting unit.
            let para = doc.sentences[si].paragraph
            var unit: CountUnit? = nil
            var national = sub.national
            func cu(_ m: UnitMention) -> CountUnit? {
                guard let v = m.place else {
                    if let n = m.named { return CountUnit(name: m.fact.name, place: n.canonicalName, placeCode: nil) }
                    return m.fact.kind.hasPrefix("party") ? CountUnit(name: m.fact.name, place: nil, placeCode: nil) : nil
                }
                return CountUnit(name: m.fact.name, place: v.canonicalName, placeCode: v.code)
            }
            func cv(_ v: UnitVersion) -> CountUnit { CountUnit(name: v.typedName, place: v.canonicalName, placeCode: v.code) }
            // The levels of units that can hold the organizations counted, the likeliest first
            // (chi bộ belong to a commune's or a district's đảng bộ; grassroots organizations to a
            // district, or after the 2025 reform to the province).
            let tiers: [Set<UnitLevel>] = switch level {
            case "upper-grassroots": [[.province]]
            case "grassroots": [[.district], [.province]]
            case "cell": [[.commune], [.district], [.province]]
            default: [[.province, .district]]
            }
            let holders = tiers.reduce(Set<UnitLevel>()) { $0.union($1) }
            var unitRule = "count.unit.none"
            // count.unit.parenthesized: "Đảng bộ phường Khuê Trung (36/36 chi bộ)".
            if let p = parenUnit { unit = cu(p); unitRule = "count.unit.parenthesized" }
            // count.unit.subject-owner: "… trực thuộc Tỉnh ủy X", "… của huyện Y", "chi bộ … phường Z".
            if unit == nil, let p = sub.parent { unit = CountUnit(name: sub.parentName ?? p.canonicalName, place: p.canonicalName, placeCode: p.code); unitRule = "count.unit.subject-owner" }
            // count.unit.owner-before: "Đảng bộ xã Trung Thịnh có 11/12 chi bộ", "Lộc Hà 27/30".
            if unit == nil {
                var k = i - 1
                while k > i - 4, k >= 0, ["co", "da", ":", "deu", "se", "du", "kien"].contains(doc.key(k)) { k -= 1 }
                if let owner = unitEndingAt[k + 1], k < i - 1 || owner.place != nil { unit = cu(owner); unitRule = "count.unit.owner-before" }
                // count.unit.bare-place-before: a place named without its type word right before the
                // figure ("Hương Thủy có 41/43 …", "… như sau: Lộc Hà 27/30").
                else if let v = tiers.lazy.compactMap({ t in self.barePlace(doc, endingAt: k + 1, levels: t, places: places) }).first { unit = cv(v); unitRule = "count.unit.bare-place-before" }
            }
            // count.unit.national-report: a report of a central body ("Theo báo cáo … của Ban Tổ chức
            // Trung ương, … 1.298/1.311 đảng bộ"), or more district-level organizations than any
            // province has: the figure is over the country.
            if unit == nil, !national, nationalReport(doc, figure: i, level: level, total: total, units: units) { national = true; unitRule = "count.unit.national-report" }
            // Province-level organizations are counted over the country ("63/63 đảng bộ tỉnh, thành phố").
            if unit == nil, level == "province" { national = true; unitRule = "count.unit.national-tier" }
            // The nearest unit before it in the sentence that can hold them ("Quận ủy Tân Bình
            // (TP.HCM)": the parenthesized city only qualifies the district), the likeliest tier first.
            let s0 = doc.sentences[si].tokens.lowerBound
            func nearest(_ levels: Set<UnitLevel>) -> UnitMention? {
                var u = lastIndex(unitEnds, atMost: i)
                while u >= 0, units[u].tokens.lowerBound >= max(s0, i - 120) {
                    let m = units[u]
                    if (m.place.map { levels.contains($0.level) } ?? false), !listed.contains(m.tokens.lowerBound),
                       !(doc.key(m.tokens.lowerBound - 1) == "(" && unitEndingAt[m.tokens.lowerBound - 1] != nil) { return m }
                    u -= 1
                }
                return nil
            }
            let nearHolder = nearest(holders)
            // count.unit.same-sentence: a bare "đảng bộ" after a count of the same sentence reports to the same unit.
            // Also any later figure of a sentence whose unit opens it ("Hà Tĩnh có 14/17 … với 634/640 …").
            if unit == nil, !national, let last = lastUnitInSentence, last.0 == si,
               sub.text.split(separator: " ").count <= 2 || (last.1 != nil && ["count.unit.owner-before", "count.unit.bare-place-before"].contains(lastRuleInSentence)) { unit = last.1; unitRule = "count.unit.same-sentence" }
            // count.unit.scope-word: "toàn tỉnh", "cả nước" in the sentence.
            if unit == nil, !national {
                var k = i - 1
                while k >= max(s0, nearHolder?.tokens.upperBound ?? s0, i - 60), unit == nil, !national {
                    if let c = vocabulary.cue(doc, at: k, category: "scope", maxEnd: i) {
                        switch c.value {
                        case "national": national = true
                        case "province": if let v = places.local(["Tỉnh", "Thành phố Trung ương"], before: i, paragraph: para) { unit = cv(v) }
                        case "district": if let v = places.local(["Huyện", "Quận", "Thị xã", "Thành phố"], before: i, paragraph: para) { unit = cv(v) }
                        case "city": if let v = places.local(["Thành phố Trung ương", "Thành phố"], before: i, paragraph: para) { unit = cv(v) }
                        default: break
                        }
                        if unit != nil || national { unitRule = "count.unit.scope-word" }
                    }
                    k -= 1
                }
            }
            // count.unit.scope-phrase: "Đối với tỉnh Bắc Ninh, …" holds for the rest of its paragraph.
            if unit == nil, !national, let s = scope, s.paragraph == para { unit = cu(s.unit); unitRule = "count.unit.scope-phrase" }
            // count.unit.nearest: the nearest unit before it in the sentence, then in the paragraph,
            // of the likeliest tier that has one.
            if unit == nil, !national {
                for t in tiers {
                    if let near = nearest(t) { unit = cu(near); unitRule = "count.unit.nearest"; break }
                    // Not one member of a list ("Đảng bộ các huyện: A, B, C đã …"): a later figure is not theirs.
                    if let m = places.lastMention(before: i, paragraph: para, excluding: listed, where: { t.contains($0.level) && territorial.contains($0.code) }) { unit = cv(m); unitRule = "count.unit.nearest"; break }
                }
            }
            // count.unit.article: the article's own unit.
            // Only a place the body names as a place ("tỉnh X", "Tỉnh ủy X", "Đảng bộ huyện Y"): a province known
            // only from the site, the footer or a company's name leaves the unit unnamed ("toàn tỉnh" on a provincial site).
            if unit == nil, !national {
                if let m = places.main, holders.contains(m.level), territorial.contains(m.code) { unit = cv(m); unitRule = "count.unit.article" }
                else if let p = places.province, territorial.contains(p.code) { unit = cv(p); unitRule = "count.unit.article" }
            }
            if national { unitRule = unitRule == "count.unit.none" ? "count.unit.national" : unitRule }
            // A bare "đảng bộ" over a tier named earlier in its sentence ("… đại hội đảng bộ cấp trên cơ sở …,
            // có 99% (1.298/1.311) đảng bộ đã hoàn thành").
            if level == nil || level == "other", sub.text.lowercased().hasPrefix("đảng bộ"), sub.text.split(separator: " ").count <= 2 {
                var k = i - 1
                var named: String? = nil
                while k >= s0, named == nil {
                    if let m = vocabulary.tries(doc).levels.longest(doc.vids, from: k), m.end <= i, let l = m.payloads.first, l != "other", m.end > k + 2 { named = l }
                    k -= 1
                }
                if let named { level = named }
            }
            // A bare "đảng bộ (trực thuộc)" takes its tier from the unit it reports to.
            var lvl = level ?? "other"
            if level == nil || (level == "other" && sub.text.lowercased().hasPrefix("đảng bộ")), let code = unit?.placeCode,
               let v = vocabulary.gazetteer.units.byCode[code]?.map({ vocabulary.gazetteer.units.versions[$0] }).last {
                lvl = v.level == .province ? "upper-grassroots" : v.level == .district ? "grassroots" : "cell"
                lastLevelInSentence = (si, lvl)
            }
            // As of: an as-of date in the same sentence, else the article's date.
            var asOf: String? = facts.article.published?.iso
            let sentRange = doc.sentences[si].range
            let sentDates = datesIn(facts.dates, sentRange)
            if let d = sentDates.last(where: { $0.role == "as-of" && $0.range.lowerBound < doc.tokens[i].range.lowerBound })
                ?? sentDates.first(where: { $0.role == "as-of" }) {
                asOf = d.end ?? d.value
                if d.granularity == .month, let v = d.value { asOf = v }
            } else if let d = sentDates.last(where: { $0.role == "event" && $0.granularity == .month && $0.end == nil && $0.range.lowerBound < doc.tokens[i].range.lowerBound
                                                      && doc.clauseStart(tokenIndex(doc, atOrAfter: $0.range.lowerBound)) == doc.clauseStart(i) }), status != "planned" {
                // "Trong tháng 2/2025, xã A đã có 7/8 chi bộ đại hội": the figure is the month's
                // (a range of days "từ ngày 3/8 đến ngày 15/8" is when it happened, not its date).
                asOf = d.value
            }
            lastUnitInSentence = (si, unit)
            lastRuleInSentence = unitRule
            facts.counts.append(CountFact(done: done, total: total, percent: percent, subject: sub.text, level: lvl, status: status, activity: activity,
                                          unit: unit, asOf: asOf, rule: cand.rule.name, unitRule: unitRule, text: doc.originalText(textRange), span: doc.span(textRange), range: doc.normRange(textRange)))
        }
    }

    /// Index of the last element ≤ `x` in a sorted array, or -1.
    func lastIndex(_ a: [Int], atMost x: Int) -> Int {
        var lo = 0, hi = a.count
        while lo < hi { let m = (lo + hi) / 2; if a[m] <= x { lo = m + 1 } else { hi = m } }
        return lo - 1
    }

    /// The dates (sorted by position) that start inside a byte range, at most a few dozen.
    func datesIn(_ dates: [DateFact], _ r: Range<Int>) -> ArraySlice<DateFact> {
        var lo = 0, hi = dates.count
        while lo < hi { let m = (lo + hi) / 2; if dates[m].range.lowerBound < r.lowerBound { lo = m + 1 } else { hi = m } }
        var e = lo
        while e < dates.count, e < lo + 40, dates[e].range.lowerBound < r.upperBound { e += 1 }
        return dates[lo..<e]
    }

    /// "trên tổng số 2.345" / "trong tổng số 15" after a subject, in the same clause: the total's token.
    func totalAfter(_ doc: Doc, _ start: Int) -> Int? {
        let e = doc.clauseEnd(start)
        var k = start
        while k < e, k < start + 14 {
            if doc.key(k) == "tren" || doc.key(k) == "trong", doc.key(k + 1) == "tong", doc.key(k + 2) == "so", doc.intValue(k + 3) != nil { return k + 3 }
            if doc.isNumber(k) || doc.key(k) == "%" { return nil }
            k += 1
        }
        return nil
    }

    func countTextRange(_ doc: Doc, _ i: Int, subjectEnd: Int, parenUnit: UnitMention?) -> Range<Int> {
        if let p = parenUnit { return p.tokens.lowerBound..<min(doc.count, subjectEnd + (doc.key(subjectEnd) == ")" ? 1 : 0)) }
        let e = doc.clauseEnd(i)
        var end = subjectEnd
        // Through the verb phrase: "… tổ chức thành công đại hội".
        var k = subjectEnd
        while k < e, k < subjectEnd + 10, doc.kind(k) == .word, !(doc.key(k) == "va" && doc.isNumber(k + 1)) { k += 1 }
        end = max(end, k)
        return i..<min(end, doc.count)
    }

    func countStatus(_ doc: Doc, figure i: Int, subjectEnd: Int, afterColon: Bool = false) -> String {
        var c = doc.clauseStart(i)
        let e = doc.clauseEnd(i)
        if afterColon {
            var k = i - 1
            while k > c, k > i - 60 { if doc.key(k) == ":" { c = k + 1; break }; k -= 1 }
        }
        // Right before the figure ("còn lại 06/15").
        var k = i - 1
        while k >= c, k >= i - 4 {
            if let q = vocabulary.cue(doc, at: k, category: "count-status"), q.end <= i, q.end >= i - 1 { return q.value }
            k -= 1
        }
        // After the subject ("… tổ chức thành công", "… dự kiến tổ chức").
        var found: String? = nil
        k = subjectEnd
        while k < e, k < subjectEnd + 10 {
            if let q = vocabulary.cue(doc, at: k, category: "count-status") { found = q.value; break }
            k += 1
        }
        if let found { return found }
        k = i - 1
        while k >= max(c, i - 40) {
            if let q = vocabulary.cue(doc, at: k, category: "count-status") {
                // "sẽ hoàn thành …", "dự kiến hoàn thành …": a completion still to come.
                if q.value == "completed", let p = (max(c, k - 3)..<k).lazy.compactMap({ j in self.vocabulary.cue(doc, at: j, category: "count-status").flatMap { $0.end == k && $0.value == "planned" ? $0 : nil } }).first { return p.value }
                return q.value
            }
            k -= 1
        }
        return "completed"
    }

    func countActivity(_ doc: Doc, figure i: Int, subjectEnd: Int) -> String {
        let c = doc.clauseStart(i), e = doc.clauseEnd(i)
        var k = i - 1
        while k >= c, k >= i - 8 {
            if let q = vocabulary.cue(doc, at: k, category: "count-activity"), q.value != "congress" { return q.value }
            k -= 1
        }
        k = subjectEnd
        while k < min(e, subjectEnd + 30) {
            if let q = vocabulary.cue(doc, at: k, category: "count-activity") { return q.value }
            k += 1
        }
        k = i - 1
        while k >= max(c, i - 40) { if let q = vocabulary.cue(doc, at: k, category: "count-activity") { return q.value }; k -= 1 }
        return "other"
    }
}

extension Extractor {
    /// Whether a first line taken for a headline is a lead paragraph: two or more full sentences
    /// ("39/39 tổ chức cơ sở đảng … xong đại hội. Trong đó, 29 …"). A headline is one sentence.
    func isLeadParagraph(_ doc: Doc, _ tokens: Range<Int>) -> Bool {
        guard !tokens.isEmpty, tokens.lowerBound < doc.count else { return false }
        let last = min(tokens.upperBound, doc.count) - 1
        let first = doc.sentenceOf[tokens.lowerBound], end = doc.sentenceOf[last]
        guard end > first else { return false }
        var full = 0
        for si in first...end {
            let r = doc.sentences[si].tokens.clamped(to: tokens)
            let words = r.filter { doc.isWord($0) }.count
            if words >= 4 { full += 1 }
        }
        // The first sentence ends with a full stop (not a colon or a dash of a headline).
        let firstEnd = min(doc.sentences[first].tokens.upperBound, doc.count) - 1
        return full >= 2 && firstEnd >= tokens.lowerBound && (doc.key(firstEnd) == "." || doc.key(firstEnd + 1) == ".")
    }
}

extension Extractor {
    /// Start tokens of units written as members of a list ("các huyện: A, B và C", "Đảng bộ X, Đảng
    /// bộ Y"): two units side by side, joined by "," or "và".
    func listedUnits(_ doc: Doc, _ units: [UnitMention]) -> Set<Int> {
        var out = Set<Int>()
        let sorted = units.sorted { $0.tokens.lowerBound < $1.tokens.lowerBound }
        var k = 0
        while k + 1 < sorted.count {
            let a = sorted[k], b = sorted[k + 1]
            var j = a.tokens.upperBound
            var joined = false
            if doc.key(j) == "," || doc.key(j) == "va" { joined = true; j += 1; if doc.key(j) == "va" { j += 1 } }
            if joined, j == b.tokens.lowerBound, a.tokens.upperBound < doc.count, doc.sentenceOf[a.tokens.lowerBound] == doc.sentenceOf[min(b.tokens.lowerBound, doc.count - 1)] {
                out.insert(a.tokens.lowerBound); out.insert(b.tokens.lowerBound)
            }
            k += 1
        }
        return out
    }

    /// Codes of the places the body names as places: an admin unit, or a committee or đảng bộ whose
    /// name ends with the place ("Tỉnh ủy Lạng Sơn", "Đảng bộ tỉnh Điện Biên"), not one resolved
    /// from context ("Đảng bộ Quân sự tỉnh") or a company named after its town.
    func territorialPlaces(_ doc: Doc, _ units: [UnitMention], excluding listed: Set<Int>) -> Set<String> {
        var out = Set<String>()
        for m in units where !listed.contains(m.tokens.lowerBound) {
            guard let v = m.place else { continue }
            let n = m.fact.name.lowercased()
            let typed = (UnitTypes.lowerTypeWord(v.type) + " " + v.canonicalName).lowercased()
            if n.hasSuffix(typed) || (m.committee != nil && n.hasSuffix(v.canonicalName.lowercased())) { out.insert(v.code); continue }
            // A bare place name ("ở Hà Tĩnh"), not the end of a longer name ("… Dệt may Nam Định").
            let b = m.tokens.lowerBound
            if n == v.canonicalName.lowercased(), !(doc.isWord(b - 1) && !doc.isCapitalized(b - 1) && doc.isWord(b - 2) && doc.isCapitalized(b - 2)) { out.insert(v.code) }
        }
        return out
    }

    /// A place written without its type word, ending at token `end` ("Hương Thủy có", "Lộc Hà 27/30"),
    /// of one of `levels`, not the tail of a longer name.
    func barePlace(_ doc: Doc, endingAt end: Int, levels: Set<UnitLevel>, places: ArticlePlaces) -> UnitVersion? {
        guard end > 0, end <= doc.count else { return nil }
        var s = end - 1
        guard doc.isWord(s), doc.isCapitalized(s) else { return nil }
        while s - 1 >= 0, s > end - 4, doc.isWord(s - 1), doc.isCapitalized(s - 1) { s -= 1 }
        // The whole run of capitalized words, and nothing capitalized before it (a longer name).
        if doc.isWord(s - 1), doc.isCapitalized(s - 1) { return nil }
        var types = Set<String>()
        if levels.contains(.province) { types.formUnion(["Tỉnh", "Thành phố Trung ương"]) }
        if levels.contains(.district) { types.formUnion(["Huyện", "Quận", "Thị xã", "Thành phố"]) }
        if levels.contains(.commune) { types.formUnion(["Xã", "Phường", "Thị trấn"]) }
        guard end - s >= 2, let p = place(doc, at: s, allowed: types, places: places), p.end == end, p.typeTokens == nil,
              let v = p.result.unit, levels.contains(v.level) else { return nil }
        return v
    }

    /// Whether a figure is over the country: its sentence cites a central body's report before it
    /// ("Theo báo cáo … của Ban Tổ chức Trung ương"), or it counts more district-level đảng bộ than
    /// a province has.
    func nationalReport(_ doc: Doc, figure i: Int, level: String?, total: Int?, units: [UnitMention]) -> Bool {
        if level == "upper-grassroots", let t = total, t > 200 { return true }
        guard i < doc.count else { return false }
        let s0 = doc.sentences[doc.sentenceOf[i]].tokens.lowerBound
        var report = false
        var k = s0
        while k < i { if doc.key(k) == "bao", doc.key(k + 1) == "cao" { report = true; break }; k += 1 }
        guard report else { return false }
        var central = false
        for m in units where m.tokens.lowerBound >= s0 && m.tokens.upperBound <= i {
            if m.place != nil { return false }
            if m.fact.name.lowercased().hasSuffix("trung ương") { central = true }
        }
        return central
    }
}
