import VNText
import VNGazetteer

/// A document number as read: its parts.
struct DocumentNumber {
    var number: String
    var year: Int?
    var kind: DocumentKind
    /// The kind code as written ("" when the number carries none: "653/2019/UBTVQH14").
    var kindWritten: String
    var issuer: String
    var state: Bool
    /// The kind word before the number ("Chỉ thị", "Kế hoạch"), when written.
    var kindWord: DocumentKind?

    var id: String {
        kindWritten.isEmpty ? "\(number)/\(year ?? 0)/\(issuer)"
            : state ? (year.map { "\(number)/\($0)/\(kind.code)-\(issuer)" } ?? "\(number)/\(kind.code)-\(issuer)")
                    : "\(number)-\(kind.code)/\(issuer)"
    }
}

/// Documents: party numbers ("35-CT/TW"), state numbers ("15/2020/NĐ-CP", "1365/NQ-UBTVQH15"),
/// National Assembly resolutions without a kind code, and short mentions ("Chỉ thị 35").
enum DocumentRules {
    /// "Chỉ thị (số) (:)" before a number.
    static let kindWord: P = .opt(.seq([.cap("kindWord", .vocab(.kindForm)), .opt(.w("số")), .opt(.w(":"))]))
    /// Whether `s` is one to `max` ASCII digits (a document's serial).
    static func isSerial<S: StringProtocol>(_ s: S, max: Int = 6) -> Bool {
        (1...max).contains(s.utf8.count) && s.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
    static let serial: P = .cap("n", .seq([.atNumber, .custom("serial") { c, i in
        c.doc.isNumber(i) && isSerial(c.doc.str(i)) ? i + 1 : nil
    }]))
    static let kindCode: P = .cap("kind", .custom("kind-code") { c, i in
        c.doc.isWord(i) && c.x.vocabulary.kindCodes[c.doc.str(i)] != nil ? i + 1 : nil
    })
    static let issuer: P = .cap("issuer", .custom("issuer") { c, i in c.x.issuerEnd(c.doc, at: i) })
    static let year: P = .cap("year", .number(.year))
    /// "Chỉ thị (số) (:) 35", not followed by the rest of a full number.
    static let shortMention: P = .cap("mention", .seq([.cap("kindWord", .vocab(.kindForm)), .opt(.cap("so", .w("số"))), .opt(.w(":")),
                                                      .cap("n", .number(.int)), .not(.glued(.any(["/", "-"])))]))
    /// "ngày 17/4/2015", "ngày 17-4-2015": a document's date between its number and its issuer.
    static let dateChunk: P = .seq([.w("ngày"), .custom("date-digits") { c, i in
        var j = i, numbers = 0
        while j < c.doc.count, j < i + 7, c.doc.isNumber(j) || ["/", "-", "."].contains(c.doc.key(j)) {
            if c.doc.isNumber(j) { numbers += 1 }
            j += 1
        }
        return numbers >= 2 && c.doc.isNumber(j - 1) ? j : nil
    }])

    /// The short mention's claim (nil for a year read as a number: "Kế hoạch năm 2020").
    static func short(_ c: RuleContext, _ caps: Captures, issuer: String?, mention: Range<Int>) -> Claim? {
        let d = c.doc
        guard let kr = caps["kindWord"], let nr = caps["n"], let kind = c.x.vocabulary.tries(d).kindForms.longest(d.vids, from: kr.lowerBound)?.payloads.first,
              let value = Int(d.str(nr.lowerBound)), d.str(nr.lowerBound).allSatisfy(\.isNumber) else { return nil }
        // "Kế hoạch năm 2020": a year is not a number of a document unless "số" says so.
        guard caps.has("so") || !(1945...2100).contains(value) else { return nil }
        return .shortDocument(kind: kind, number: String(value), issuer: issuer, mention: mention)
    }

    static func number(_ c: RuleContext, _ caps: Captures, state: Bool, assembly: Bool = false) -> DocumentNumber? {
        let d = c.doc, v = c.x.vocabulary
        guard let nr = caps["n"], let ir = caps["issuer"] else { return nil }
        let n = String(Int(d.str(nr.lowerBound)) ?? 0)
        let iss = knownIssuerCode(c, ir) ?? d.normText(ir).replacingOccurrences(of: " ", with: "")
        let y = caps["year"].flatMap { Int(d.str($0.lowerBound)) }
        let kw = caps["kindWord"].flatMap { v.tries(d).kindForms.longest(d.vids, from: $0.lowerBound)?.payloads.first }
        if assembly {
            guard iss.hasPrefix("QH") || iss.hasPrefix("UBTVQH"), let nq = v.kindCodes["NQ"] else { return nil }
            return DocumentNumber(number: n, year: y, kind: nq, kindWritten: "", issuer: iss, state: true, kindWord: kw)
        }
        guard let kr = caps["kind"], let k = v.kindCodes[d.str(kr.lowerBound)] else { return nil }
        let isState = state && v.issuerCodes[iss]?.system != "party" || (state && y != nil)
        return DocumentNumber(number: n, year: y, kind: k, kindWritten: d.str(kr.lowerBound), issuer: iss, state: isState, kindWord: kw)
    }

    /// ", 19", "và 19", ", 19, 20": more serials of a list that shares its kind code and issuer.
    static let moreSerials: P = .cap("more", .custom("more-serials") { c, i in
        let d = c.doc
        var j = i, n = 0
        while n < 6, j + 1 < d.count, [",", "va"].contains(d.key(j)), d.isNumber(j + 1), isSerial(d.str(j + 1)) {
            j += 2; n += 1
        }
        return n > 0 ? j : nil
    })
    /// "18,19" read as one number: serials joined by a comma (each of one to four digits).
    static let gluedSerials: P = .cap("n", .seq([.atNumber, .custom("glued-serials") { c, i in
        let parts = c.doc.str(i).split(separator: ",", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy({ isSerial($0, max: 4) }) ? i + 1 : nil
    }]))
    /// The issuer after a comma written for the slash ("NQ, TW"): only an issuer code the vocabulary knows.
    static let knownIssuer: P = .cap("issuer", .custom("known-issuer") { c, i in
        guard let e = c.x.issuerEnd(c.doc, at: i) else { return nil }
        return knownIssuerCode(c, i..<e) != nil ? e : nil
    })
    /// The vocabulary's code for the issuer written at `r` ("TW", "T.Ư", "T. Ư"), if it knows it.
    static func knownIssuerCode(_ c: RuleContext, _ r: Range<Int>) -> String? {
        let text = c.doc.normText(r).replacingOccurrences(of: " ", with: "")
        let codes = c.x.vocabulary.issuerCodes
        return codes[text]?.code ?? codes[text.replacingOccurrences(of: ".", with: "")]?.code
    }

    static let rules: [Rule] = [
        // Several serials before one kind code and issuer: each is a document ("Nghị quyết số 18, 19-NQ/TW",
        // "Chỉ thị 05 và 06-CT/TU"); the slash is sometimes written as a comma ("18,19 - NQ, TW").
        Rule("document.party-list", .document, priority: 11,
             .seq([kindWord, .alt([.seq([serial, moreSerials]), gluedSerials]), .opt(.w("-")), kindCode, .alt([.seq([.w("/"), issuer]), .seq([.w(","), knownIssuer])])]),
             examples: [Example("Quán triệt Nghị quyết số 18, 19-NQ/TW của Trung ương.", "18-NQ/TW"),
                        Example("Quán triệt Nghị quyết số 18, 19-NQ/TW của Trung ương.", "19-NQ/TW"),
                        Example("Tiếp tục thực hiện Chỉ thị 05 và 06 - CT, TU của Tỉnh ủy.", "6-CT/TU"),
                        Example("Học tập Nghị quyết 21,22 - NQ, TW của Ban Chấp hành.", "22-NQ/TW"),
                        Example("Sơ kết Chỉ thị số 27,28-CT/TU của Ban Thường vụ.", "27-CT/TU")],
             negatives: ["Có 18, 19 đồng chí tham gia.", "Nghị quyết 18, 19 - NQ, ABC chưa rõ."]) { c, _, caps in
            guard let first = number(c, caps, state: false), let nr = caps["n"] else { return nil }
            let serials = c.doc.str(nr.lowerBound).split(separator: ",").map(String.init)
                + (caps["more"].map { m in m.filter { c.doc.isNumber($0) }.map { c.doc.str($0) } } ?? [])
            return .document(serials.map { s in
                var n = first
                n.number = String(Int(s) ?? 0)
                return n
            })
        },
        // The hyphen is often dropped or spaced, and so is the slash ("Chỉ thị 05 CT/TW", "số 18 NQ/ TU").
        Rule("document.party", .document, priority: 10,
             .seq([kindWord, serial, .opt(.w("-")), kindCode, .w("/"), issuer]),
             examples: [Example("Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội.", "35-CT/TW"),
                        Example("Ban Thường vụ ban hành Kế hoạch 100 - KH/TU.", "100-KH/TU"),
                        Example("Quán triệt Chỉ thị 07 CT/TW của Ban Bí thư.", "7-CT/TW"),
                        Example("Thực hiện Nghị quyết số 12 NQ/ TU của Tỉnh ủy.", "12-NQ/TU")],
             negatives: ["Trang 35-36 của báo cáo."]) { c, _, caps in
            number(c, caps, state: false).map { Claim.document([$0]) }
        },
        Rule("document.state-year", .document, priority: 10,
             .seq([kindWord, serial, .glued(.w("/")), .glued(year), .glued(.w("/")), .glued(kindCode), .w("-"), issuer]),
             examples: [Example("Theo Nghị định số 15/2020/NĐ-CP của Chính phủ.", "15/2020/NĐ-CP")],
             negatives: ["Ngày 15/10/2020 khai mạc đại hội."]) { c, _, caps in
            number(c, caps, state: true).map { Claim.document([$0]) }
        },
        Rule("document.assembly", .document, priority: 9,
             .seq([kindWord, serial, .glued(.w("/")), .glued(year), .glued(.w("/")), .glued(issuer)]),
             examples: [Example("Nghị quyết số 653/2019/UBTVQH14 về sắp xếp đơn vị hành chính.", "653/2019/UBTVQH14")],
             negatives: ["Có 12/2020/15 phiếu."]) { c, _, caps in
            number(c, caps, state: true, assembly: true).map { Claim.document([$0]) }
        },
        Rule("document.state", .document, priority: 8,
             .seq([kindWord, serial, .glued(.w("/")), .glued(kindCode), .w("-"), issuer]),
             examples: [Example("Nghị quyết số 1365/NQ-UBTVQH15 của Ủy ban Thường vụ Quốc hội.", "1365/NQ-UBTVQH15"),
                        Example("Thực hiện Chỉ thị 37/CT-TW của Bộ Chính trị.", "37-CT/TW")],
             negatives: ["Đạt 37/40 chỉ tiêu."]) { c, _, caps in
            number(c, caps, state: true).map { Claim.document([$0]) }
        },
        // A kind word and a bare number: resolved through the article's full mention or the registry.
        Rule("document.short", .document, priority: 5,
             .seq([shortMention]),
             examples: [Example("Chỉ thị 35-CT/TW của Bộ Chính trị ... thực hiện Chỉ thị 35 nghiêm túc.", "35-CT/TW from=Chỉ_thị_35")],
             negatives: ["Kế hoạch năm 2020 được triển khai."]) { c, r, caps in short(c, caps, issuer: nil, mention: r) },
        // A central issuer named after it, past the document's date: "Nghị quyết số 39 ngày 17/4/2015
        // của Bộ Chính trị" is 39-NQ/TW. Central numbers (…/TW, …/BTCTW) name one document in the
        // country; a province's or a committee's ("Hướng dẫn số 12 của Ban Tổ chức Tỉnh ủy") does
        // not say whose, so it stays a short mention. The kind word is capitalized, as a document's
        // name is ("theo hướng dẫn 09 của …" may be any guidance). Only the mention is held (the
        // date and the issuer's name stay free for the date and unit rules).
        Rule("document.short-of-issuer", .document, priority: 6,
             .seq([.peek(.capWord), shortMention, .opt(.w(",")), .opt(dateChunk), .opt(.w(",")), .w("của"),
                   .cap("issuerName", .custom("issuer-name") { c, i in c.x.vocabulary.tries(c.doc).issuerNames.longestEnd(c.doc.vids, from: i) })]),
             examples: [Example("Thực hiện Nghị quyết số 27 ngày 9/11/2022 của Ban Chấp hành Trung ương về xây dựng Nhà nước.", "27-NQ/TW from=Nghị_quyết_số_27"),
                        Example("Quán triệt Hướng dẫn 26 của Ban Tổ chức Trung ương về đại hội chi bộ.", "26-HD/BTCTW from=Hướng_dẫn_26"),
                        Example("Tiếp tục thực hiện Nghị quyết số 7 và Nghị quyết số 8 của Trung ương Đảng.", "7-NQ/TW from=Nghị_quyết_số_7")],
             negatives: ["Kế hoạch năm 2020 của Tỉnh ủy được triển khai.", "Thực hiện Kế hoạch số 86 của Ban Thường vụ Tỉnh ủy.",
                         "Làm theo hướng dẫn 05 của Ban Tổ chức Trung ương."],
             holds: { _, caps in caps["mention"].map { [$0] } ?? [] }) { c, _, caps in
            guard let ir = caps["issuerName"], let iss = c.x.vocabulary.tries(c.doc).issuerNames.longest(c.doc.vids, from: ir.lowerBound)?.payloads.first,
                  iss.system == "party", iss.code.hasSuffix("TW"), let m = caps["mention"] else { return nil }
            return short(c, caps, issuer: iss.code, mention: m)
        },
    ]
}

extension Extractor {
    /// The end of an issuer code at `j` ("TW", "TU", "UBTVQH" "15", "T.Ư"), or nil.
    func issuerEnd(_ doc: Doc, at j: Int) -> Int? {
        guard j < doc.count, doc.isWord(j) || doc.isNumber(j) else { return nil }
        var s = doc.str(j)
        var end = j + 1
        if doc.isNumber(end), doc.adjacent(end), doc.str(end).count <= 2 { s += doc.str(end); end += 1 }
        guard s.count <= 14, s.first?.isUppercase ?? false else { return nil }
        let letters = s.filter(\.isLetter)
        guard !letters.isEmpty, letters.allSatisfy({ $0.isUppercase || "hgt".contains($0) }) || vocabulary.issuerCodes[s] != nil else { return nil }
        return end
    }
}
