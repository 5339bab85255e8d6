import VNText
import VNGazetteer

extension Extractor {
    /// Reads a document number at token `i` (a number): party style `35-CT/TW`, `100 - KH/TU`,
    /// state style `15/2020/NĐ-CP`, `1365/NQ-UBTVQH15`, and party numbers in state punctuation
    /// (`37/CT-TW`). Returns the parts and the token after the number.
    func documentNumber(_ doc: Doc, at i: Int) -> (number: String, year: Int?, kind: DocumentKind, kindWritten: String, issuer: String, state: Bool, end: Int)? {
        guard doc.isNumber(i), doc.str(i).allSatisfy(\.isNumber), doc.str(i).count <= 6 else { return nil }
        let n = String(Int(doc.str(i)) ?? 0)
        func kindAt(_ j: Int) -> (DocumentKind, String)? {
            guard doc.isWord(j) else { return nil }
            let s = doc.str(j)
            if let k = vocabulary.kindCodes[s] { return (k, s) }
            return nil
        }
        func issuerAt(_ j: Int) -> (String, Int)? {
            guard j < doc.count, doc.isWord(j) || doc.isNumber(j) else { return nil }
            var s = doc.str(j)
            var end = j + 1
            // "UBTVQH" "15" split by the tokenizer, or "T.Ư".
            if doc.isNumber(end), doc.adjacent(end), doc.str(end).count <= 2 { s += doc.str(end); end += 1 }
            guard s.count <= 14, s.first?.isUppercase ?? false else { return nil }
            let letters = s.filter(\.isLetter)
            guard !letters.isEmpty, letters.allSatisfy({ $0.isUppercase || "hgt".contains($0) }) || vocabulary.issuerCodes[s] != nil else { return nil }
            let canonical = vocabulary.issuerCodes[s]?.code ?? vocabulary.issuerCodes[s.replacingOccurrences(of: ".", with: "")]?.code ?? s
            return (canonical, end)
        }
        // Party: N - KIND / ISSUER
        if doc.key(i + 1) == "-", let (k, kw) = kindAt(i + 2), doc.key(i + 3) == "/", let (iss, end) = issuerAt(i + 4) {
            return (n, nil, k, kw, iss, false, end)
        }
        guard doc.key(i + 1) == "/" else { return nil }
        // State: N / YEAR / KIND - ISSUER
        if doc.isNumber(i + 2), let y = Int(doc.str(i + 2)), doc.str(i + 2).count == 4, doc.key(i + 3) == "/", let (k, kw) = kindAt(i + 4),
           doc.key(i + 5) == "-", let (iss, end) = issuerAt(i + 6) {
            return (n, y, k, kw, iss, true, end)
        }
        // N / YEAR / ISSUER: resolutions of the National Assembly and its Standing Committee
        // ("653/2019/UBTVQH14", "202/2025/QH15") carry no kind code.
        if doc.isNumber(i + 2), let y = Int(doc.str(i + 2)), doc.str(i + 2).count == 4, doc.key(i + 3) == "/", let (iss, end) = issuerAt(i + 4),
           iss.hasPrefix("QH") || iss.hasPrefix("UBTVQH"), let nq = vocabulary.kindCodes["NQ"] {
            return (n, y, nq, "", iss, true, end)
        }
        // N / KIND - ISSUER (a party issuer makes it a party document written in state punctuation)
        if let (k, kw) = kindAt(i + 2), doc.key(i + 3) == "-", let (iss, end) = issuerAt(i + 4) {
            let party = vocabulary.issuerCodes[iss]?.system == "party"
            return (n, nil, k, kw, iss, !party, end)
        }
        return nil
    }

    /// Finds documents: full numbers with their kind word, date and issuer; short mentions resolved
    /// through the article and the registry. Returns the token index where each document's date
    /// phrase starts (those dates take the role `document`).
    func extractDocuments(_ doc: Doc, _ facts: inout ArticleFacts, reference: Day?, dateScanner: DateScanner) -> [Int: String] {
        var docDates: [Int: String] = [:]
        var full: [DocumentFact] = []
        var shorts: [(kind: DocumentKind, number: String, range: Range<Int>)] = []
        var i = 0
        while i < doc.count {
            guard doc.inBody[i] else { i += 1; continue }
            // Kind word ("Chỉ thị", "Kế hoạch") + optional "số" + number.
            var kindWord: (DocumentKind, Range<Int>)? = nil
            var j = i
            if let m = vocabulary.tries(doc).kindForms.longest(doc.vids, from: i) {
                kindWord = (m.payloads[0], i..<m.end)
                j = m.end
                if doc.key(j) == "so" { j += 1 }
                if doc.key(j) == ":" { j += 1 }
            }
            guard doc.isNumber(j) else { i += 1; continue }
            if let num = documentNumber(doc, at: j) {
                let kind = num.kind
                let id = num.kindWritten.isEmpty ? "\(num.number)/\(num.year ?? 0)/\(num.issuer)"
                    : num.state ? (num.year.map { "\(num.number)/\($0)/\(kind.code)-\(num.issuer)" } ?? "\(num.number)/\(kind.code)-\(num.issuer)")
                                : "\(num.number)-\(kind.code)/\(num.issuer)"
                let start = kindWord.map { $0.1.lowerBound } ?? j
                var end = num.end
                // ", ngày 30/5/2019" right after.
                var date: Day? = nil
                var k = end
                if doc.key(k) == "," { k += 1 }
                if doc.key(k) == "ngay" || doc.key(k) == "ban" && doc.key(k + 1) == "hanh" {
                    if doc.key(k) == "ban" { k += 2; if doc.key(k) != "ngay" { k = -1 } }
                    if k >= 0, let m = dateScanner.scan(at: k), let y = m.year, let d = m.day, let dd = Day(y, m.month, d) {
                        date = dd
                        docDates[m.tokens.lowerBound] = id
                        end = m.tokens.upperBound
                    }
                }
                // "của Bộ Chính trị": the issuer as the article names it.
                var issuerName = vocabulary.issuerCodes[num.issuer]?.name
                if doc.key(end) == "cua" {
                    var e = end + 1
                    while e < doc.count, e < end + 9, doc.kind(e) == .word, !["ve", "va", "nham", "quy", "theo", "tien"].contains(doc.key(e)) || (e == end + 1) { e += 1 }
                    if e > end + 1 { issuerName = doc.normText((end + 1)..<e) }
                }
                // "Ngày 30 - 10 - 2024, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 215-KH/TU": the
                // date that opens the clause where it is issued.
                if date == nil {
                    let c = max(doc.clauseStart(start), start - 30)
                    if (c..<start).contains(where: { doc.key($0) == "ban" && doc.key($0 + 1) == "hanh" }) {
                        var k = c
                        while k < start {
                            if let m = dateScanner.scan(at: k), m.tokens.upperBound <= start, let y = m.year, let d = m.day, let dd = Day(y, m.month, d) {
                                date = dd; docDates[m.tokens.lowerBound] = id; break
                            }
                            k += 1
                        }
                    }
                }
                if date == nil {
                    date = registryDocument(id: id, on: reference)?.date
                }
                let r = start..<num.end
                full.append(DocumentFact(id: id, kind: kind.code, kindName: kindWord?.0.name ?? kind.name, number: num.number, year: num.year,
                                         issuer: num.issuer, issuerName: issuerName, date: date, resolvedFrom: nil,
                                         text: doc.originalText(r), span: doc.span(r), range: doc.normRange(r)))
                i = num.end
                continue
            }
            // A short mention: kind word + (số) + number not followed by a document punctuation.
            if let (kind, kr) = kindWord, let value = Int(doc.str(j)), doc.str(j).allSatisfy(\.isNumber),
               !(doc.adjacent(j + 1) && (doc.key(j + 1) == "/" || doc.key(j + 1) == "-")),
               doc.key(j - 1) == "so" || !(1945...2100).contains(value) {
                shorts.append((kind, String(value), kr.lowerBound..<(j + 1)))
                i = j + 1
                continue
            }
            i += 1
        }
        facts.documents = full
        for s in shorts {
            // The article's own full mention of this kind and number, else the registry.
            if let f = full.first(where: { $0.kind == s.kind.code && $0.number == s.number }) {
                var d = f
                d.resolvedFrom = doc.normText(s.range)
                d.text = doc.originalText(s.range); d.span = doc.span(s.range); d.range = doc.normRange(s.range)
                facts.documents.append(d)
            } else if let known = registryDocument(kind: s.kind.code, number: s.number, on: reference) {
                let issuer = vocabulary.issuerCodes[known.issuer]
                facts.documents.append(DocumentFact(id: known.id, kind: known.kind, kindName: s.kind.name, number: known.number, year: nil,
                                                    issuer: known.issuer, issuerName: issuer?.name, date: known.date, resolvedFrom: doc.normText(s.range),
                                                    text: doc.originalText(s.range), span: doc.span(s.range), range: doc.normRange(s.range)))
            } else {
                facts.warnings.append(FactWarning(code: "document-unresolved",
                                                  message: "'\(doc.normText(s.range))' names no full number in the article and no known document\(reference.map { " of \($0.year)" } ?? "")",
                                                  span: doc.span(s.range)))
            }
        }
        facts.documents.sort { $0.range.lowerBound < $1.range.lowerBound }
        return docDates
    }

    /// A known document with this id whose period covers `day` (the latest one without a day).
    func registryDocument(id: String, on day: Day?) -> KnownDocument? {
        let cands = vocabulary.gazetteer.registry.filter { $0.id == id }
        if let day, let hit = cands.first(where: { $0.applies?.contains(day) ?? false }) { return hit }
        if cands.count == 1 { return cands[0] }
        if let day { return cands.filter { ($0.date ?? day) <= day }.max { ($0.date ?? day) < ($1.date ?? day) } }
        return nil
    }

    /// A short mention ("Chỉ thị 35") resolved by kind and number on the article's date.
    func registryDocument(kind: String, number: String, on day: Day?) -> KnownDocument? {
        let cands = vocabulary.gazetteer.registry.filter { $0.kind == kind && $0.number == number && $0.applies != nil }
        guard let day else { return cands.count == 1 ? cands[0] : nil }
        if let hit = cands.first(where: { $0.applies?.contains(day) ?? false }) { return hit }
        // Past its period ("thay thế Chỉ thị 35" in 2025): the latest one issued before the day.
        return cands.filter { ($0.date ?? day) <= day }.max { ($0.date ?? day) < ($1.date ?? day) }
    }
}
