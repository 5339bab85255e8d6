import VNText
import VNGazetteer

extension Extractor {
    /// "nhiệm kỳ 2020 - 2025", "(nhiệm kỳ 2020-2022)".
    func extractTerms(_ doc: Doc, _ facts: inout ArticleFacts) {
        var i = 0
        while i + 4 < doc.count + 1 {
            if doc.inBody[i], doc.key(i) == "nhiem", doc.key(i + 1) == "ky" {
                var j = i + 2
                if doc.key(j) == "tu" { j += 1 }
                if let a = Int(doc.str(j)), doc.str(j).count == 4, ["-", "den"].contains(doc.key(j + 1)), let b = Int(doc.str(j + 2)), doc.str(j + 2).count == 4,
                   a >= 1930, b > a, b - a <= 10 {
                    let r = i..<(j + 3)
                    facts.terms.append(TermFact(from: a, to: b, text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r)))
                    i = j + 3; continue
                }
            }
            i += 1
        }
    }

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

    func extractCounts(_ doc: Doc, _ facts: inout ArticleFacts, units: [UnitMention], places: ArticlePlaces, excluded: [Bool]) {
        var lastLevelInSentence: (Int, String)? = nil
        var lastUnitInSentence: (Int, CountUnit?)? = nil
        var scope: (paragraph: Int, unit: UnitMention)? = nil
        var i = 0
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
        while i < doc.count {
            defer { i += 1 }
            guard doc.inBody[i], !excluded[i], doc.isNumber(i) else { continue }
            while scopePointer < scopeStarts.count, scopeStarts[scopePointer] <= i {
                let at = scopeStarts[scopePointer]
                if let s = scopeAt[at] { scope = (doc.sentences[doc.sentenceOf[at]].paragraph, s) }
                scopePointer += 1
            }
            var done: Int? = nil, total: Int? = nil, percent: Double? = nil
            var figEnd = i + 1
            var subjStart = i + 1
            if doc.key(i + 1) == "/", doc.adjacent(i + 1), let a = doc.intValue(i), let b = doc.intValue(i + 2), doc.adjacent(i + 2), b > 0, !excluded[i + 2] {
                if doc.key(i + 3) == "/" && doc.adjacent(i + 3) { continue }
                done = a; total = b; figEnd = i + 3; subjStart = figEnd
            } else if doc.key(i + 1) == "%", let p = doc.decimalValue(i) {
                percent = p; figEnd = i + 2; subjStart = figEnd
            } else if let a = doc.intValue(i), doc.key(i + 1) == "trong", doc.key(i + 2) == "tong", doc.key(i + 3) == "so", let b = doc.intValue(i + 4) {
                done = a; total = b; figEnd = i + 5; subjStart = figEnd
            } else if let a = doc.intValue(i), let sub = subject(doc, at: i + 1, places: places, units: units),
                      let t = totalAfter(doc, sub.end), let b = doc.intValue(t) {
                // "1.234 chi bộ (… đã tổ chức xong đại hội) trên tổng số 2.345 chi bộ"
                done = a; total = b; figEnd = t + 1; subjStart = i + 1
            } else if doc.key(i - 1) == "so", doc.key(i - 2) == "tong", doc.key(i - 3) == "trong", let b = doc.intValue(i),
                      let sub = subject(doc, at: i + 1, places: places, units: units) {
                // "trong tổng số 18 chi bộ, có 14 chi bộ …"
                var k = sub.end
                // "… của huyện, có 298 chi bộ": on to the comma.
                while k < sub.end + 8, k < doc.count, doc.key(k) != ",", doc.isWord(k) { k += 1 }
                if doc.key(k) == "," { k += 1 }
                if doc.key(k) == "co" || doc.key(k) == "da" { k += 1 }
                guard let a = doc.intValue(k) else { continue }
                done = a; total = b; figEnd = k + 1; subjStart = i + 1
            } else if (doc.key(i - 1) == "bo" && doc.key(i - 2) == "toan") || doc.key(i - 1) == "ca" && doc.vkeys[i - 1] != "các", let b = doc.intValue(i) {
                done = b; total = b; figEnd = i + 1; subjStart = i + 1
            } else { continue }
            if let d = done, let t = total, d > t, percent == nil {
                // "12/3" read as a count would be impossible; it is a date or a ratio elsewhere.
                facts.warnings.append(FactWarning(code: "count-impossible", message: "\(d)/\(t): more done than in total; not read as a count", span: doc.span(i..<figEnd)))
                continue
            }
            // "…, đạt 52,6%": the same figure as a percentage.
            if percent == nil, done != nil {
                var k = figEnd
                let e = doc.clauseEnd(i)
                while k < e, k < figEnd + 14 {
                    if doc.key(k) == "dat", let p = doc.decimalValue(k + 1), doc.key(k + 2) == "%" { percent = p; break }
                    k += 1
                }
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
            let textRange = countTextRange(doc, i, subjectEnd: sub.end, parenUnit: parenUnit)
            let status = countStatus(doc, figure: i, subjectEnd: sub.end)
            let activity = countActivity(doc, figure: i, subjectEnd: sub.end)
            // The reporting unit.
            let para = doc.sentences[si].paragraph
            var unit: CountUnit? = nil
            var national = sub.national
            func cu(_ m: UnitMention) -> CountUnit? {
                guard let v = m.place else { return m.fact.kind.hasPrefix("party") ? CountUnit(name: m.fact.name, place: nil, placeCode: nil) : nil }
                return CountUnit(name: m.fact.name, place: v.canonicalName, placeCode: v.code)
            }
            func cv(_ v: UnitVersion) -> CountUnit { CountUnit(name: v.typedName, place: v.canonicalName, placeCode: v.code) }
            // The levels of units that can hold the organizations counted.
            let holders: Set<UnitLevel> = switch level {
            case "upper-grassroots": [.province]
            case "grassroots": [.district, .province]
            case "cell": [.district, .province]
            default: [.province, .district]
            }
            // 1. "Đảng bộ phường Khuê Trung (36/36 chi bộ)"; 2. "… trực thuộc Tỉnh ủy X", "… của huyện Y".
            if let p = parenUnit { unit = cu(p) }
            if unit == nil, let p = sub.parent { unit = CountUnit(name: sub.parentName ?? p.canonicalName, place: p.canonicalName, placeCode: p.code) }
            // 3. The unit that has them: "Đảng bộ xã Trung Thịnh có 11/12 chi bộ", "toàn quận Cẩm Lệ có 121/235".
            if unit == nil {
                var k = i - 1
                while k > i - 4, k >= 0, ["co", "da", ":", "deu", "se", "du", "kien"].contains(doc.key(k)) { k -= 1 }
                if k < i - 1, let owner = unitEndingAt[k + 1] { unit = cu(owner) }
            }
            // The nearest unit before it in the sentence that can hold them ("Quận ủy Tân Bình
            // (TP.HCM)": the parenthesized city only qualifies the district).
            let s0 = doc.sentences[si].tokens.lowerBound
            var nearHolder: UnitMention? = nil
            var u = lastIndex(unitEnds, atMost: i)
            while u >= 0, units[u].tokens.lowerBound >= max(s0, i - 120) {
                let m = units[u]
                if (m.place.map { holders.contains($0.level) } ?? false), !(doc.key(m.tokens.lowerBound - 1) == "(" && unitEndingAt[m.tokens.lowerBound - 1] != nil) {
                    nearHolder = m; break
                }
                u -= 1
            }
            // A bare "đảng bộ" after a count of the same sentence reports to the same unit.
            if unit == nil, let last = lastUnitInSentence, last.0 == si, sub.text.split(separator: " ").count <= 2 { unit = last.1 }
            // 4. Scope words in the sentence: "toàn tỉnh", "cả nước", "Đối với tỉnh Bắc Ninh, …".
            if unit == nil {
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
                    }
                    k -= 1
                }
            }
            if unit == nil, !national, let s = scope, s.paragraph == para { unit = cu(s.unit) }
            // 5. The nearest unit before it in the sentence, then in the paragraph, that can hold them.
            if unit == nil, !national {
                if let near = nearHolder {
                    unit = cu(near)
                } else if let m = places.lastMention(before: i, paragraph: para, where: { holders.contains($0.level) }) {
                    unit = cv(m)
                }
            }
            // 6. The article's own unit.
            if unit == nil, !national {
                if let m = places.main, holders.contains(m.level) { unit = cv(m) }
                else if let p = places.province { unit = cv(p) }
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
            }
            lastUnitInSentence = (si, unit)
            facts.counts.append(CountFact(done: done, total: total, percent: percent, subject: sub.text, level: lvl, status: status, activity: activity,
                                          unit: unit, asOf: asOf, text: doc.originalText(textRange), span: doc.span(textRange), range: doc.normRange(textRange)))
            i = max(i, figEnd - 1)
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

    func countStatus(_ doc: Doc, figure i: Int, subjectEnd: Int) -> String {
        let c = doc.clauseStart(i), e = doc.clauseEnd(i)
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
            if let q = vocabulary.cue(doc, at: k, category: "count-status") { return q.value }
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
