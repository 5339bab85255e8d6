import VNCoverage
import VNGazetteer
import VNReconcile

/// The language of the pages: Vietnamese, with English for the rest of the team (`?lang=en`,
/// kept in a cookie until `?lang=vi`).
enum Lang: String, Sendable {
    case vi, en
}

/// Every word the pages show, once per language. Codes of the facts contract (tiers,
/// activities, outcomes) are shown through `Labels` in Vietnamese and as written in English.
struct Words: Sendable {
    let lang: Lang
    // Frame
    let searchPlaceholder: String
    let switchLabel: String
    let switchTo: Lang
    let home: String
    // Overview
    let coverageTitle: String
    let period: String
    let periodTo: String
    let show: String
    let allTime: String
    let articlesNamingLocality: @Sendable (_ articles: Int, _ named: Int) -> String
    let claims: @Sendable (Int) -> String
    let noTracker: String
    let contradictTracker: String
    let provincesCovered: @Sendable (_ covered: Int, _ not: Int) -> String
    let disagree: String
    let moreInAPI: @Sendable (Int) -> String
    let perWeek: String
    let perMonth: String
    let perProvince: String
    let uncoveredProvinces: @Sendable (Int) -> String
    // Tables
    let unit: String
    let articles: String
    let claimsHead: String
    let contradictions: String
    let latestClaim: String
    let latestSnapshot: String
    let districtsNotCovered: String
    let outcome: String
    let claim: String
    let asOf: String
    let times: String
    let sentence: String
    let timesNote: String
    // Unit page
    let code: String
    let inside: String
    let since: @Sendable (String) -> String
    let unitSummary: @Sendable (_ articles: Int, _ claims: Int, _ contradictions: String, _ latestClaim: String, _ latestSnapshot: String) -> String
    let districts: String
    let notCovered: @Sendable (Int) -> String
    let claimsAgainstTracker: String
    let articlesCount: @Sendable (Int) -> String
    let noArticle: @Sendable (_ inPeriod: Bool) -> String
    let noUnit: @Sendable (String) -> String
    // Article page
    let undated: String
    let original: String
    let factsJSON: String
    let units: String
    let markLegend: String
    let warnings: String
    let noArticleWithID: @Sendable (String) -> String
    // Search
    let searchTitle: @Sendable (String) -> String
    let typeSomething: String
    let administrativeUnits: String
    let unitsInArticles: String
    let articleCount: @Sendable (Int) -> String
    // Pager
    let pageOf: @Sendable (_ page: Int, _ pages: Int, _ total: Int) -> String
    let previous: String
    let next: String
    // Map
    let mapTitle: String
    let mapLabel: String
    let layoutTitles: [String: String]
    let mapCaption: @Sendable (_ covered: Int, _ uncovered: Int) -> String
    let legendNone: String
    let legendArticles: @Sendable (String) -> String
    let legendContra: String
    let tileTip: @Sendable (_ names: String, _ articles: Int, _ claims: Int, _ contradictions: Int) -> String

    static func of(_ lang: Lang) -> Words { lang == .en ? en : vi }

    /// A unit version's name with its time: "tỉnh Yên Bái (đến 01/07/2025, nay là tỉnh Lào Cai)",
    /// "tỉnh Quảng Trị (từ 01/07/2025)"; a current unit that followed no other is its name alone.
    func label(name: String, validTo: String?, newSince: String?, successors: [UnitRef]) -> String {
        guard let validTo else { return newSince.map { name + (lang == .vi ? " (từ \(date($0)))" : " (from \($0))") } ?? name }
        // "now …" when it became a unit of another name (Yên Bái → Lào Cai); Đà Nẵng stays Đà Nẵng.
        let now = successors.map(\.name).filter { $0 != name }
        if lang == .vi { return name + " (đến \(date(validTo))" + (now.isEmpty ? "" : ", nay là " + now.joined(separator: ", ")) + ")" }
        return name + " (to \(validTo)" + (now.isEmpty ? "" : ", now " + now.joined(separator: ", ")) + ")"
    }
    func label(_ r: CoverageReport.Row) -> String { label(name: r.name, validTo: r.validTo, newSince: r.newSince, successors: r.successors) }
    func label(_ u: UnitRef) -> String { label(name: u.name, validTo: u.validTo, newSince: u.newSince, successors: u.successors) }

    func tier(_ code: String) -> String { lang == .vi ? Labels.tier(code) : code }
    func activity(_ code: String) -> String { lang == .vi ? Labels.activity(code) : code }
    func outcome(_ o: Outcome) -> String { lang == .vi ? Labels.outcome(o) : o.rawValue }
    /// A date as the page's language writes it: dd/mm/yyyy, or ISO in English.
    func date(_ iso: String?) -> String { lang == .vi ? (iso.map { Labels.date($0) } ?? "–") : (iso ?? "–") }
    func level(_ l: UnitLevel) -> String {
        guard lang == .vi else { return l.rawValue }
        switch l { case .province: return "cấp tỉnh"; case .district: return "cấp huyện"; case .commune: return "cấp xã" }
    }
    /// A unit version's validity ("31/08/2004 – 01/07/2025", from the first day to the day it ended).
    func validity(_ v: Validity) -> String { "\(v.from.map { date($0.iso) } ?? "…") – \(v.to.map { date($0.iso) } ?? "…")" }

    static let vi = Words(
        lang: .vi, searchPlaceholder: "Tìm đơn vị, tiêu đề (kim son)", switchLabel: "English", switchTo: .en, home: "Về trang tổng quan",
        coverageTitle: "Tin bài theo tỉnh", period: "Thời gian", periodTo: "đến", show: "Xem", allTime: "mọi thời gian",
        articlesNamingLocality: { "<b>\($0)</b> bài (\($1) bài nêu tên địa phương)" }, claims: { "<b>\($0)</b> số liệu" },
        noTracker: "chưa nạp bảng theo dõi", contradictTracker: "số liệu mâu thuẫn với bảng theo dõi",
        provincesCovered: { "\($0) tỉnh, thành phố có tin, \($1) chưa có" },
        disagree: "Số liệu khác với bảng theo dõi", moreInAPI: { "Còn \($0) số liệu trong" },
        perWeek: "Số bài theo tuần", perMonth: "Số bài theo tháng", perProvince: "Số bài theo tỉnh",
        uncoveredProvinces: { "Tỉnh, thành phố chưa có bài nào nêu tên (\($0))" },
        unit: "Đơn vị", articles: "Số bài", claimsHead: "Số liệu", contradictions: "Mâu thuẫn", latestClaim: "Số liệu mới nhất",
        latestSnapshot: "Bảng theo dõi mới nhất", districtsNotCovered: "Cấp huyện chưa có tin",
        outcome: "Kết quả", claim: "Số liệu", asOf: "Tính đến", times: "Số lần", sentence: "Câu trong bài",
        timesNote: "Một số liệu nêu trong nhiều bài là một dòng: Số lần cho biết bao nhiêu bài nêu nó, câu là lần nêu đầu tiên.",
        code: "mã", inside: "thuộc", since: { "từ \($0):" },
        unitSummary: { "<b>\($0)</b> bài · <b>\($1)</b> số liệu · \($2) mâu thuẫn · số liệu mới nhất \($3) · bảng theo dõi mới nhất \($4)" },
        districts: "Các đơn vị cấp huyện", notCovered: { "Chưa có tin (\($0))" }, claimsAgainstTracker: "Đối chiếu số liệu với bảng theo dõi",
        articlesCount: { "Bài báo (\($0))" }, noArticle: { "Chưa có bài nào nêu tên đơn vị này\($0 ? " trong khoảng thời gian này" : "")." },
        noUnit: { "Không có đơn vị mã \($0)" },
        undated: "không rõ ngày", original: "bài gốc", factsJSON: "dữ liệu (JSON)", units: "Đơn vị",
        markLegend: "<mark class=count>số liệu</mark> <mark class=document>văn bản</mark> <mark class=date>ngày</mark> <mark class=unit>đơn vị</mark> <mark class=term>nhiệm kỳ</mark> (di chuột để xem bản ghi)",
        warnings: "Cảnh báo", noArticleWithID: { "Không có bài \($0)" },
        searchTitle: { "Tìm: \($0)" }, typeSomething: "Gõ tên một đơn vị hoặc tiêu đề bài.", administrativeUnits: "Đơn vị hành chính",
        unitsInArticles: "Đơn vị được nêu trong bài", articleCount: { "\($0) bài" },
        pageOf: { "trang \($0)/\($1) (\($2))" }, previous: "← trang trước", next: "trang sau →",
        mapTitle: "Bản đồ số bài theo tỉnh", mapLabel: "Bản đồ số bài theo tỉnh",
        layoutTitles: ["2004": "Trước ngày 01/07/2025 (63 tỉnh, thành phố)", "2025": "Từ ngày 01/07/2025 (34 tỉnh, thành phố)"],
        mapCaption: { "\($0) có tin, \($1) chưa có" }, legendNone: "chưa có bài hay số liệu nào", legendArticles: { "\($0) bài" },
        legendContra: "có số liệu mâu thuẫn với bảng theo dõi",
        tileTip: { "\($0): \($1) bài, \($2) số liệu" + ($3 > 0 ? ", \($3) mâu thuẫn với bảng theo dõi" : "") })

    static let en = Words(
        lang: .en, searchPlaceholder: "Find a unit, a title (kim son)", switchLabel: "Tiếng Việt", switchTo: .vi, home: "Back to the overview",
        coverageTitle: "Coverage by province", period: "Period", periodTo: "to", show: "Show", allTime: "all time",
        articlesNamingLocality: { "<b>\($0)</b> articles (\($1) name a locality)" }, claims: { "<b>\($0)</b> count claims" },
        noTracker: "no tracker loaded", contradictTracker: "contradict the tracker",
        provincesCovered: { "\($0) provinces covered, \($1) not" },
        disagree: "Where the figures disagree with the tracker", moreInAPI: { "\($0) more in" },
        perWeek: "Articles per week", perMonth: "Articles per month", perProvince: "Articles per province",
        uncoveredProvinces: { "Provinces no article names (\($0))" },
        unit: "Unit", articles: "Articles", claimsHead: "Claims", contradictions: "Contradictions", latestClaim: "Latest claim",
        latestSnapshot: "Latest snapshot", districtsNotCovered: "Districts not covered",
        outcome: "Outcome", claim: "Claim", asOf: "As of", times: "Times", sentence: "Sentence",
        timesNote: "A claim made in several articles is one row; Times says how often, the sentence is its first occurrence.",
        code: "code", inside: "in", since: { "since \($0):" },
        unitSummary: { "<b>\($0)</b> articles · <b>\($1)</b> count claims · \($2) contradictions · latest claim \($3) · latest tracker snapshot \($4)" },
        districts: "District-level units", notCovered: { "Not covered (\($0))" }, claimsAgainstTracker: "Claims against the tracker",
        articlesCount: { "Articles (\($0))" }, noArticle: { "No article names this unit\($0 ? " in the period" : "")." },
        noUnit: { "No unit with code \($0)" },
        undated: "undated", original: "original", factsJSON: "facts (JSON)", units: "Units",
        markLegend: "<mark class=count>count</mark> <mark class=document>document</mark> <mark class=date>date</mark> <mark class=unit>unit</mark> <mark class=term>term</mark> (hover for the record)",
        warnings: "Warnings", noArticleWithID: { "No article \($0)" },
        searchTitle: { "Search: \($0)" }, typeSomething: "Type a unit or a title.", administrativeUnits: "Administrative units",
        unitsInArticles: "Units named in articles", articleCount: { "\($0) article(s)" },
        pageOf: { "page \($0) of \($1) (\($2))" }, previous: "← previous", next: "next →",
        mapTitle: "Articles by province (map)", mapLabel: "Map of articles by province",
        layoutTitles: ["2004": "Before 1 July 2025 (63 provinces)", "2025": "From 1 July 2025 (34 provinces)"],
        mapCaption: { "\($0) covered, \($1) not" }, legendNone: "no article or claim", legendArticles: { "\($0) articles" },
        legendContra: "a figure contradicts the tracker",
        tileTip: { "\($0): \($1) articles, \($2) claims" + ($3 > 0 ? ", \($3) contradict the tracker" : "") })
}
