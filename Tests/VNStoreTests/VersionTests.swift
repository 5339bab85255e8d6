import Foundation
import GRDB
import Testing
import VNCoverage
import VNExtract
import VNGazetteer
@testable import VNStore
import VNText
import _VNTestSupport

/// The whole bundled Corpus (seeds, written, held-out: 2015 to after the 2025 reform) in a fresh
/// SQLite store, rolled up.
func corpusStore(_ name: String) throws -> (Store, URL) {
    let dir = try tempDir(name)
    let db = dir.appendingPathComponent("corpus.sqlite").path
    _ = try ingest([repositoryRoot.appendingPathComponent("Corpus").path], db: db)
    let s = try Store(path: db)
    try s.refreshRollups(gazetteer: vocabulary.gazetteer)
    return (s, dir)
}

/// A date a row stands for ("2020-03-02", or a month "2020-03" as its first day).
func day(_ s: String?) -> Day? { s.flatMap { Day(iso: $0) ?? Day(iso: $0 + "-01") } }

/// Every coverage row (province and district, all time and per period) is one unit version: named
/// by that version, and every date it stands for (its latest article and claim, its weeks) lies
/// in that version's validity. Codes reused by the 2025 reform give two rows, never one.
@Test func everyCoverageRowIsTheVersionValidOnItsDates() throws {
    let (s, dir) = try corpusStore("versions")
    defer { try? FileManager.default.removeItem(at: dir) }
    let units = vocabulary.gazetteer.units
    for (from, to) in [(nil, nil), ("2015-01-01", "2015-12-31"), ("2019-01-01", "2020-12-31"), ("2025-07-01", nil)] as [(String?, String?)] {
        let r = try Coverage.compute(store: s, gazetteer: vocabulary.gazetteer, tracker: nil, from: from, to: to)
        #expect(!r.provinces.isEmpty)
        let rows = r.provinces + r.provinces.flatMap(\.districts)
        for row in rows {
            let v = try #require(units.version(key: row.key), "\(row.key)")
            #expect(row.name == v.typedName && row.code == v.code, "\(row.key): \(row.name)")
            for d in [row.latestArticle, row.latestClaim].compactMap(day) {
                #expect(v.validity.contains(d), "\(row.name) [\(row.key)] stands for \(d), outside \(v.validity.description)")
            }
            for w in row.weekly.keys {
                // The week's Thursday decides its year: some day of the week lies in the validity.
                let parts = w.split(separator: "-W")
                if parts.count == 2, let y = Int(parts[0]), let n = Int(parts[1]), let jan4 = Day(y, 1, 4) {
                    let monday = jan4.adding(days: 1 - jan4.weekday + (n - 1) * 7)
                    #expect((0..<7).contains { v.validity.contains(monday.adding(days: $0)) }, "\(row.name): week \(w)")
                }
            }
        }
        let keys = rows.map(\.key)
        #expect(Set(keys).count == keys.count, "one row per version")
        let covered = Set(r.provinces.filter { $0.articles > 0 || $0.claims > 0 }.map(\.key))
        #expect(r.uncoveredProvinces.allSatisfy { !covered.contains($0.key) }, "a version is covered or not, never both")
        let coveredLabels = Set(r.provinces.filter { $0.articles > 0 || $0.claims > 0 }.map(\.label))
        #expect(r.uncoveredProvinces.allSatisfy { !coveredLabels.contains($0.label) }, "no unit shown both covered and uncovered")
    }
    // Every article's roll-up rows: the version valid on the article's date.
    try s.db.read { db in
        for r in try Row.fetchAll(db, sql: "SELECT province, district, day FROM article_places WHERE day IS NOT NULL") {
            let d = try #require(Day(iso: r["day"] as String))
            for key in [r["province"] as String, r["district"] as String?].compactMap({ $0 }) {
                let v = try #require(units.version(key: key))
                #expect(v.validity.contains(d), "\(key) on \(d)")
            }
        }
        // A unit mention is the version valid on the article's date when its code has one (else it
        // names a unit of another time: a former district).
        for r in try Row.fetchAll(db, sql: "SELECT u.place_code, u.version, a.day FROM units u JOIN articles a ON a.id = u.article_id WHERE u.version IS NOT NULL AND a.day IS NOT NULL") {
            let d = try #require(Day(iso: r["day"] as String))
            if let valid = units.version(code: r["place_code"] as String, on: d) { #expect(valid.key == r["version"] as String) }
        }
    }
}

/// The cases of issue 15, by name: 2015 Yên Bái is not today's Lào Cai (code 15), 2020 Bắc Giang
/// not today's Bắc Ninh (24), 2015 Kiên Giang not today's An Giang (91), phường Khuê Trung (2019)
/// not today's phường Cẩm Lệ (20260), and Quảng Trị (2019) is not listed as uncovered.
@Test func theReusedCodesOfTheReformAreNamedByTheirTime() throws {
    let (s, dir) = try corpusStore("named")
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = vocabulary.gazetteer
    let r = try Coverage.compute(store: s, gazetteer: g, tracker: nil, from: nil, to: nil)
    func province(_ key: String) -> CoverageReport.Row? { r.provinces.first { $0.key == key } }
    func articleIDs(_ key: String, _ level: String) throws -> [String] { try s.articles(about: key, level: level, from: nil, to: nil, limit: 500, offset: 0).page.map(\.id) }

    let yenBai = try #require(province("15@2004-08-31"))
    #expect(yenBai.name == "tỉnh Yên Bái" && yenBai.articles >= 1)
    #expect(yenBai.successors.map(\.name) == ["tỉnh Lào Cai"], "its successor after the reform")
    #expect(yenBai.label == "tỉnh Yên Bái (to 2025-07-01, now tỉnh Lào Cai)")
    #expect(try articleIDs("15@2004-08-31", "province").contains { $0.hasPrefix("h10_") })
    #expect(try !articleIDs("15@2025-07-01", "province").contains { $0.hasPrefix("h10_") }, "not under tỉnh Lào Cai")

    let bacGiang = try #require(province("24@2004-08-31"))
    #expect(bacGiang.name == "tỉnh Bắc Giang")
    #expect(try articleIDs("24@2004-08-31", "province").contains { $0.hasPrefix("w03_") })
    #expect(try !articleIDs("24@2025-07-01", "province").contains { $0.hasPrefix("w03_") }, "not under tỉnh Bắc Ninh")
    #expect(r.provinces.filter { $0.code == "24" }.allSatisfy { $0.name == g.units.version(key: $0.key)?.typedName })

    let kienGiang = try #require(province("91@2004-08-31"))
    #expect(kienGiang.name == "tỉnh Kiên Giang" && kienGiang.successors.map(\.name) == ["tỉnh An Giang"])
    #expect(try articleIDs("91@2004-08-31", "province").contains { $0.hasPrefix("h06_") })

    // Khuê Trung: its articles, its search hit and its version are 20260's version of 2019.
    #expect(try articleIDs("20260@2005-08-20", "commune").contains { $0.hasPrefix("w02_") })
    #expect(try articleIDs("20260@2025-07-01", "commune").isEmpty, "nothing under phường Cẩm Lệ (2025)")
    let hits = try s.search("khue trung").units
    #expect(hits.contains { $0.version == "20260@2005-08-20" }, "\(hits)")
    #expect(hits.allSatisfy { $0.version != "20260@2025-07-01" })
    #expect(g.units.version(key: "20260@2005-08-20")?.typedName == "phường Khuê Trung")

    // Quảng Trị of 2019 (code 45) is covered; the list of who nobody covered does not name it.
    let quangTri = try #require(province("45@2004-08-31"))
    #expect(quangTri.name == "tỉnh Quảng Trị" && quangTri.articles >= 1)
    #expect(!r.uncoveredProvinces.contains { $0.key == "45@2004-08-31" })
    #expect(!r.uncoveredProvinces.contains { $0.label == quangTri.label })
}
