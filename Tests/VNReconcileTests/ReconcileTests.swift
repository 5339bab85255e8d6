import Foundation
import Testing
import VNExtract
import VNGazetteer
import VNReconcile
import VNText
import ZIPFoundation
import _VNTestSupport

let gazetteer: Gazetteer = { do { return try Gazetteer(directory: gazetteerDirectory) } catch { fatalError("\(error)") } }()
let vocabulary: CompiledVocabulary = { do { return try CompiledVocabulary(gazetteer: gazetteer) } catch { fatalError("\(error)") } }()

/// The claims of the five seed articles, as `extract` prints them.
func seedClaims() throws -> [Claim] {
    let x = try Extractor(vocabulary: vocabulary)
    var out: [Claim] = []
    for a in corpusArticles("seeds") {
        let json = x.extract(utf8: a.bytes, id: a.name).json().serialized()
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        out += Claim.from(factsObject: o)
    }
    return out
}

func sampleTracker() throws -> Tracker {
    let text = try String(contentsOfFile: "/work/shared/tracker/sample-2020.csv", encoding: .utf8)
    return Tracker(csv: text, knownCode: { gazetteer.units.byCode[$0] != nil })
}

func outcome(_ r: Reconciliation, _ figure: String, place: String, level: String? = nil, activity: String? = nil, asOf: String?? = .none) -> Outcome? {
    r.results.first { x in
        let c = x.claim
        let f = c.done.map { "\($0)/\(c.total ?? 0)" } ?? "\(Int(c.percent ?? -1))%"
        return f == figure && c.unitPlace == place && (level == nil || c.level == level) && (activity == nil || c.activity == activity)
            && (asOf.map { $0 == c.asOf } ?? true)
    }?.outcome
}

/// tracker/README.md lists what the sample must give against the seeds.
@Test func theSampleTrackerAgainstTheSeeds() throws {
    let r = Reconciler.run(claims: try seedClaims(), tracker: try sampleTracker())
    #expect(outcome(r, "9/15", place: "Lạng Sơn", level: "upper-grassroots", activity: "congress") == .consistent)
    #expect(outcome(r, "15/15", place: "Lạng Sơn", activity: "document-approval") == .consistent, "dated by publication, after the 07-31 snapshot")
    #expect(outcome(r, "6/11", place: "Bắc Ninh") == .undated)
    #expect(r.results.first { $0.claim.done == 6 && $0.claim.total == 11 }?.snapshots.map(\.line) == [6])
    #expect(outcome(r, "121/235", place: "Cẩm Lệ") == .contradicted)
    #expect(r.results.first { $0.claim.done == 121 }?.reason.contains("118") == true)
    #expect(outcome(r, "36/36", place: "Khuê Trung", asOf: "2020-03-02") == .confirmed)
    #expect(outcome(r, "100%", place: "Kim Sơn", asOf: "2020-03-12") == .confirmed)
    #expect(Set(r.gaps.map(\.unit)) == ["851", "37"])
    #expect(r.trackerErrors.map(\.line) == [12, 13, 14])
    #expect(r.trackerErrors[0].message.contains("line 6"))
    // Contradictions come first.
    #expect(r.results.first?.outcome == .contradicted)
}

func claim(_ done: Int?, _ total: Int?, percent: Double? = nil, code: String? = "495", place: String? = "Cẩm Lệ", name: String? = "Quận ủy Cẩm Lệ",
           level: String = "cell", status: String = "completed", asOf: String? = "2020-03-02", article: String = "a", subject: String? = "chi bộ") -> Claim {
    Claim(articleID: article, published: nil, done: done, total: total, percent: percent, level: level, status: status, activity: "congress",
          unitName: name, unitPlace: place, unitCode: code, asOf: asOf, text: "", span: [0, 1], json: [:], subject: subject)
}

let smallTracker = Tracker(csv: """
unit_code,unit_name,level,activity,as_of,done,total,note
495,Quận ủy Cẩm Lệ,cell,congress,2020-03-01,100,235,
495,Quận ủy Cẩm Lệ,cell,congress,2020-03-10,150,235,
,Đảng bộ Khối Doanh nghiệp,grassroots,congress,2020-03-05,10,20,
""")

@Test func eachOutcome() {
    let r = Reconciler.run(claims: [
        claim(100, 235, asOf: "2020-03-01"),                                  // confirmed
        claim(120, 235, asOf: "2020-03-05"),                                  // consistent
        claim(90, 235, asOf: "2020-03-05"),                                   // contradicted: fewer than before
        claim(120, 240, asOf: "2020-03-05"),                                  // contradicted: total
        claim(5, 5, code: "20", place: "Lạng Sơn", name: "Tỉnh ủy Lạng Sơn"), // unverifiable
        claim(3, 3, code: nil, place: nil, name: "Đảng bộ Quân sự quận"),     // unlinked
        claim(150, 235, asOf: nil),                                           // undated, agrees with 03-10
        claim(10, 20, code: nil, place: nil, name: "Đảng bộ Khối Doanh nghiệp", level: "grassroots", asOf: "2020-03-05"),  // by name
        claim(nil, nil, percent: 100, asOf: "2020-03-10"),                    // 100% vs 150/235: contradicted
    ], tracker: smallTracker)
    let byOutcome = Dictionary(grouping: r.results, by: \.outcome).mapValues(\.count)
    #expect(byOutcome[.confirmed] == 2)
    #expect(byOutcome[.consistent] == 1)
    #expect(byOutcome[.contradicted] == 3)
    #expect(byOutcome[.unverifiable] == 1)
    #expect(byOutcome[.unlinked] == 1)
    #expect(byOutcome[.undated] == 1)
    #expect(r.results.first { $0.outcome == .undated }?.snapshots.first?.done == 150)
}

@Test func checksThatNeedNoTracker() {
    let checks = Reconciler.run(claims: [
        claim(16, 15, article: "x"),                                                   // done above total
        claim(9, 15, level: "upper-grassroots", article: "y"), claim(5, 15, level: "upper-grassroots", status: "remaining", article: "y"),
        claim(nil, nil, percent: 100, article: "z"), claim(10, 20, article: "z"),      // 100% beside 10/20
        claim(10, 30, asOf: "2020-04-01", article: "p"), claim(12, 31, asOf: "2020-04-02", article: "q"),   // totals differ
        claim(20, 30, asOf: "2020-05-01", article: "r"), claim(15, 30, asOf: "2020-05-09", article: "s"),   // decreasing
    ], tracker: Tracker()).checks
    let kinds = Set(checks.map(\.kind))
    #expect(kinds.isSuperset(of: ["done-above-total", "remaining-mismatch", "percent-mismatch", "totals-differ", "claims-decrease"]), "\(checks)")
}

@Test(arguments: [
    "\u{FEFF}unit_code,unit_name,level,activity,as_of,done,total,note\n495,Quận ủy Cẩm Lệ,cell,congress,2020-03-02,118,235,\n",
    "ma_don_vi;don_vi;cap;noi_dung;ngay;da_xong;tong_so;ghi_chu\n495;Quận ủy Cẩm Lệ;chi bộ;đại hội;02/03/2020;118;235;\"ghi chú; có dấu chấm phẩy\"\n",
    "Mã đơn vị,Đơn vị,Cấp,Nội dung,Ngày,Đã xong,Tổng số,Ghi chú\r\n495,\"Quận ủy Cẩm Lệ\",Chi bộ,Đại hội,2020-03-02,118,235,\"a \"\"quoted\"\" note\"\r\n",
])
func csvDialects(_ text: String) throws {
    let t = Tracker(csv: text)
    #expect(t.errors.isEmpty, "\(t.errors)")
    let s = try #require(t.snapshots.first)
    #expect(s.unitCode == "495" && s.level == "cell" && s.activity == "congress" && s.asOf.iso == "2020-03-02" && s.done == 118 && s.total == 235)
}

@Test func badRowsAreReportedAndTheRestIsUsed() {
    let t = Tracker(csv: """
    unit_code,unit_name,level,activity,as_of,done,total,note
    495,Quận ủy Cẩm Lệ,cell,congress,2020-03-02,118,235,
    495,Quận ủy Cẩm Lệ,cell,congress,2020-03-03,abc,235,
    99999,Nowhere,cell,congress,2020-03-03,1,2,
    495,Quận ủy Cẩm Lệ,galaxy,congress,2020-03-03,1,2,
    """, knownCode: { gazetteer.units.byCode[$0] != nil })
    #expect(t.snapshots.count == 1)
    #expect(t.errors.map(\.line) == [3, 4, 5])
}

/// Thousands of rows and claims: time stays proportional (a quadratic join would blow the limit).
@Test(.timeLimit(.minutes(10)))
func aLargeTracker() {
    var csv = "unit_code,unit_name,level,activity,as_of,done,total,note\n"
    var claims: [Claim] = []
    let codes = gazetteer.units.versions.filter { $0.level == .commune && $0.validity.contains(Day(2020, 3, 1)!) }.prefix(1500).map(\.code)
    for (k, code) in codes.enumerated() {
        csv += "\(code),Đảng ủy \(k),cell,congress,2020-03-01,\(k % 10),20,\n\(code),Đảng ủy \(k),cell,congress,2020-03-20,\(10 + k % 10),20,\n"
        claims.append(claim(10, 20, code: code, place: "P\(k)", name: "Đảng bộ P\(k)", asOf: "2020-03-10"))
    }
    let t = Tracker(csv: csv)
    #expect(t.snapshots.count == 3000)
    let r = Reconciler.run(claims: claims, tracker: t)
    #expect(r.results.count == 1500)
    #expect(r.results.allSatisfy { $0.outcome == .consistent })
}

@Test func htmlReportEscapesArticleTextAndListsContradictions() throws {
    var evil = claim(90, 235, asOf: "2020-03-05", article: "<script>alert(1)</script>")
    evil.text = "90/235 chi bộ <script>alert('x')</script> & \"quoted\""
    let r = Reconciler.run(claims: [evil, claim(100, 235, asOf: "2020-03-01")], tracker: smallTracker)
    let html = HTMLReport.render(r, tracker: smallTracker)
    #expect(!html.contains("<script>"), "article text must be escaped")
    #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
    #expect(html.contains("<h2>Mâu thuẫn với bảng theo dõi</h2>\n<div class=scroll><table>"))
    #expect(html.contains("<svg"))
    #expect(html.contains("stroke=\"#d11\""), "the contradicted claim is a red point")
    #expect(!html.contains("src=") && !html.contains("<link") && !html.contains("@import"), "no external resources")
}

/// A workbook written here (as an office would save it): its first sheet is read like the CSV.
@Test func anXlsxTrackerIsReadFromItsFirstSheet() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vnfacts-xlsx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let url = dir.appendingPathComponent("tracker.xlsx")
    let archive = try Archive(url: url, accessMode: .create)
    func add(_ path: String, _ text: String) throws {
        let data = Data(text.utf8)
        try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), provider: { pos, size in
            data.subdata(in: Data.Index(pos)..<Data.Index(pos) + size)
        })
    }
    try add("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
    try add("xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"Tiến độ\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>")
    try add("xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>")
    let strings = ["Mã đơn vị", "Đơn vị", "Cấp", "Nội dung", "Ngày", "Đã xong", "Tổng số", "Quận ủy Cẩm Lệ", "Chi bộ", "Đại hội"]
    try add("xl/sharedStrings.xml", "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + strings.map { "<si><t>\($0)</t></si>" }.joined() + "</sst>")
    // Row 2: a date cell as Excel writes it (serial 43892 = 2020-03-02); row 3: done above total.
    try add("xl/worksheets/sheet1.xml", """
    <?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
    <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>
    <row r="2"><c r="A2"><v>495</v></c><c r="B2" t="s"><v>7</v></c><c r="C2" t="s"><v>8</v></c><c r="D2" t="s"><v>9</v></c><c r="E2"><v>43892</v></c><c r="F2"><v>118</v></c><c r="G2"><v>235</v></c></row>
    <row r="3"><c r="A3"><v>495</v></c><c r="B3" t="inlineStr"><is><t>Quận ủy Cẩm Lệ</t></is></c><c r="C3" t="s"><v>8</v></c><c r="D3" t="s"><v>9</v></c><c r="E3" t="inlineStr"><is><t>10/03/2020</t></is></c><c r="F3"><v>240</v></c><c r="G3"><v>235</v></c></row>
    </sheetData></worksheet>
    """)
    let t = try TrackerReader.read(path: url.path)
    #expect(t.snapshots.count == 1)
    let s = try #require(t.snapshots.first)
    #expect(s.unitCode == "495" && s.asOf.iso == "2020-03-02" && s.done == 118 && s.total == 235 && s.level == "cell")
    #expect(t.errors.map(\.line) == [3])
}

@Test func trackerRowsWithoutCodeAreLinkedByName() {
    let t = Tracker(csv: """
    unit_code,unit_name,level,activity,as_of,done,total,note
    ,Quận ủy Cẩm Lệ,cell,congress,2020-03-02,118,235,
    ,Đảng bộ Khối Doanh nghiệp,grassroots,congress,2020-03-05,10,20,
    """, linkName: { name, day in
        let (types, bare) = gazetteer.splitTypeWord(name)
        return types == nil ? nil : gazetteer.link(name: bare, types: types, on: day).unit?.code
    })
    #expect(t.snapshots.first { $0.unitName == "Quận ủy Cẩm Lệ" }?.unitCode == "495")
    #expect(t.snapshots.first { $0.unitName == "Đảng bộ Khối Doanh nghiệp" }?.unitCode == nil)
}

// The three outcomes a checker was misled by (issue 16, item 5), each with a tracker written here.

let langSon = Tracker(csv: """
unit_code,unit_name,level,activity,as_of,done,total,note
20,Tỉnh ủy Lạng Sơn,upper-grassroots,congress,2020-07-15,7,15,
20,Tỉnh ủy Lạng Sơn,upper-grassroots,congress,2020-08-15,12,15,
""")

func langSonClaim(_ done: Int, _ total: Int, status: String = "completed", asOf: String, subject: String? = nil, article: String = "a") -> Claim {
    claim(done, total, code: "20", place: "Lạng Sơn", name: "Tỉnh ủy Lạng Sơn", level: "upper-grassroots", status: status, asOf: asOf, article: article, subject: subject)
}

/// "còn lại 06/15" says 9 of 15 are done: shown as that and compared as 9/15.
@Test func aRemainingCountIsShownAndComparedAsWhatIsDone() throws {
    let six = langSonClaim(6, 15, status: "remaining", asOf: "2020-07-31")
    #expect(six.figure == "9/15 đã xong (6 còn lại)")
    #expect(six.written == "6/15")
    let r = Reconciler.run(claims: [six], tracker: langSon)
    let x = try #require(r.results.first)
    #expect(x.outcome == .consistent)
    #expect(x.reason.hasPrefix("9/15 nằm giữa 7/15 ngày 15/07/2020"), "\(x.reason)")
    // 8 remain on 15 July: 7 done, as the tracker says that day.
    #expect(Reconciler.run(claims: [langSonClaim(8, 15, status: "remaining", asOf: "2020-07-15")], tracker: langSon).results.first?.outcome == .confirmed)
    // 13 remain on 31 July: 2 done, fewer than the 7 done on 15 July.
    let thirteen = Reconciler.run(claims: [langSonClaim(13, 15, status: "remaining", asOf: "2020-07-31")], tracker: langSon)
    #expect(thirteen.results.first?.outcome == .contradicted)
    #expect(thirteen.results.first?.reason.contains("2 đã xong, ít hơn 7/15") == true)
    // "20% còn lại" is 80% done.
    var percent = langSonClaim(0, 0, status: "remaining", asOf: "2020-07-31")
    percent.done = nil; percent.total = nil; percent.percent = 20
    #expect(percent.figure == "80% đã xong (20% còn lại)")
    // A remainder after its own count in the same article is not a decrease.
    let checks = Reconciler.run(claims: [langSonClaim(9, 15, asOf: "2020-07-31", article: "p"), langSonClaim(6, 15, status: "remaining", asOf: "2020-08-01", article: "q")],
                                tracker: Tracker()).checks
    #expect(!checks.contains { $0.kind == "claims-decrease" }, "\(checks)")
}

/// "sẽ hoàn thành 235/235" is a plan: it is not checked and never enters the decrease check.
@Test func aPlannedFigureIsNotProgress() throws {
    let plan = claim(235, 235, status: "planned", asOf: "2020-03-01", article: "p")
    let later = claim(121, 235, asOf: "2020-03-05", article: "q")
    #expect(plan.figure == "235/235 (dự kiến)")
    let r = Reconciler.run(claims: [plan, later], tracker: smallTracker)
    #expect(!r.checks.contains { $0.kind == "claims-decrease" }, "\(r.checks)")
    let p = try #require(r.results.first { $0.claim.articleID == "p" })
    #expect(p.outcome == .unverifiable)
    #expect(p.reason.contains("kế hoạch"))
    #expect(r.results.first { $0.claim.articleID == "q" }?.outcome == .consistent)
    // The same two figures as progress do decrease.
    let done = Reconciler.run(claims: [claim(235, 235, asOf: "2020-03-01", article: "p"), later], tracker: Tracker())
    #expect(done.checks.contains { $0.kind == "claims-decrease" })
}

/// A figure over the 8 district committees of Ninh Bình is another series than the tracker's 14
/// upper-grassroots organizations: "different series", not a contradiction; the same total over
/// the whole tier is a contradiction.
@Test func aTotalOverAnotherKindOfOrganizationIsADifferentSeries() throws {
    let t = Tracker(csv: """
    unit_code,unit_name,level,activity,as_of,done,total,note
    37,Tỉnh ủy Ninh Bình,upper-grassroots,congress,2020-08-31,13,14,
    """)
    func ninhBinh(_ d: Int, _ total: Int, subject: String, article: String) -> Claim {
        claim(d, total, code: "37", place: "Ninh Bình", name: "Tỉnh ủy Ninh Bình", level: "upper-grassroots", asOf: "2020-08-31", article: article, subject: subject)
    }
    let districts = ninhBinh(8, 8, subject: "đảng bộ các huyện, thành phố", article: "d")
    let tier = ninhBinh(8, 8, subject: "đảng bộ cấp trên cơ sở", article: "t")
    let sameTotal = ninhBinh(13, 14, subject: "đảng bộ huyện, thị xã, thành phố", article: "s")
    #expect(districts.denominator == .part("đảng bộ cấp huyện"))
    #expect(tier.denominator == .tier)
    let r = Reconciler.run(claims: [districts, tier, sameTotal, ninhBinh(13, 14, subject: "đảng bộ trực thuộc Tỉnh ủy", article: "w")], tracker: t)
    let d = try #require(r.results.first { $0.claim.articleID == "d" })
    #expect(d.outcome == .differentSeries)
    #expect(d.reason.contains("tổng số 8") && d.reason.contains("tổng số 14"), "\(d.reason)")
    #expect(r.results.first { $0.claim.articleID == "t" }?.outcome == .contradicted)
    #expect(r.results.first { $0.claim.articleID == "s" }?.outcome == .confirmed, "a part whose total is the tracker's is compared")
    #expect(r.results.first { $0.claim.articleID == "w" }?.outcome == .confirmed)
    // "4/6 đảng bộ": which organizations is not said, so another total is another series.
    let vague = Reconciler.run(claims: [ninhBinh(4, 6, subject: "đảng bộ", article: "v")], tracker: t).results.first
    #expect(vague?.outcome == .differentSeries)
    #expect(vague?.reason.contains("không nói rõ") == true)
    // Two articles counting different kinds are not "totals differ"; two counting one kind are.
    #expect(!r.checks.contains { $0.kind == "totals-differ" && $0.articles.contains("d") && $0.articles.contains("w") }, "\(r.checks)")
    #expect(r.checks.contains { $0.kind == "totals-differ" && $0.articles == ["d", "s"] }, "\(r.checks)")
}

@Test(arguments: [
    ("đảng bộ cấp trên cơ sở", nil), ("chi bộ trực thuộc các Đảng bộ cơ sở", nil), ("tổ chức cơ sở đảng", nil),
    ("huyện ủy, thành ủy, đảng ủy trực thuộc", nil), ("đảng bộ trực thuộc Tỉnh ủy", nil), ("chi bộ", nil), ("đảng bộ", "?"), ("đại hội", "?"),
    ("đảng bộ xã, phường, thị trấn", "đảng bộ xã, phường, thị trấn"), ("chi bộ thôn", "chi bộ thôn"), ("Đảng bộ cấp huyện", "đảng bộ cấp huyện"),
    ("đảng bộ quân sự tỉnh", "đảng bộ quân sự"), ("đảng bộ quận", "đảng bộ cấp huyện"),
] as [(String, String?)])
func whatATotalCounts(_ subject: String, _ part: String?) {
    let expected: Denominator = part == "?" ? .unspecified : part.map(Denominator.part) ?? .tier
    #expect(Denominator(subject: subject) == expected)
}

/// The report: what the tracker follows is charted, what it cannot check is grey, and each claim
/// names its article.
@Test func theReportChartsTrackedSeriesAndNamesArticles() {
    var contradicted = claim(90, 235, asOf: "2020-03-05", article: "cl-1")
    contradicted.title = "Cẩm Lệ: đại hội chi bộ"; contradicted.source = "Báo Đà Nẵng"; contradicted.published = "2020-03-06"
    contradicted.url = "https://example.vn/cam-le"
    var bad = claim(100, 235, asOf: "2020-03-01", article: "js")
    bad.url = "javascript:alert(1)"
    let untracked = claim(5, 5, code: "20", place: "Lạng Sơn", name: "Tỉnh ủy Lạng Sơn", asOf: "2020-03-02", article: "ls")
    let r = Reconciler.run(claims: [contradicted, bad, untracked], tracker: smallTracker)
    let html = HTMLReport.render(r, tracker: smallTracker)
    #expect(html.contains("<meta name=\"viewport\""))
    #expect(html.contains("<a href=\"https://example.vn/cam-le\">Cẩm Lệ: đại hội chi bộ</a>"))
    #expect(html.contains("Báo Đà Nẵng · 06/03/2020"))
    #expect(!html.contains("javascript:"), "only web addresses are links")
    #expect(html.components(separatedBy: "<div class=unit>").count == 2, "one chart: Cẩm Lệ's cells; Lạng Sơn has no series")
    #expect(html.contains("viewBox=\"0 0 320 120\""))
    #expect(HTMLReport.color(.unverifiable) == "#888" && HTMLReport.color(.undated) == "#888" && HTMLReport.color(.confirmed) == "#1a8a3a")
    #expect(!html.contains(">unverifiable<") && html.contains("không kiểm chứng được"))
}
