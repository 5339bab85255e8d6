import Foundation
import GRDB
import Testing
import VNCoverage
import VNExtract
import VNGazetteer
@testable import VNStore
import VNReconcile
import VNText
import _VNTestSupport

/// The seeds in a fresh SQLite store, rolled up.
func seedStore(_ name: String) throws -> (Store, URL) {
    let dir = try tempDir(name)
    let db = dir.appendingPathComponent("s.sqlite").path
    _ = try ingest([repositoryRoot.appendingPathComponent("Corpus/seeds").path], db: db)
    let s = try Store(path: db)
    try s.refreshRollups(gazetteer: vocabulary.gazetteer)
    return (s, dir)
}

@Test func rollupsPlaceEachArticleInItsProvinceAndDistrictOnce() throws {
    let (s, dir) = try seedStore("rollup")
    defer { try? FileManager.default.removeItem(at: dir) }
    #expect(try s.needsRollups(gazetteer: vocabulary.gazetteer) == false)
    try s.db.read { db in
        // 002 (Cẩm Lệ, Đà Nẵng; published 10 June) names the district and its wards: one row for the district.
        let rows = try Row.fetchAll(db, sql: "SELECT province, district, day, week FROM article_places WHERE article_id LIKE '002%'")
        let described = rows.map { r -> String in
            let p: String = r["province"], d: String? = r["district"], day: String? = r["day"], week: String? = r["week"]
            return [p, d ?? "", day ?? "", week ?? ""].joined(separator: "|")
        }
        #expect(described.contains("48@2004-08-31|495@2005-08-20|2020-06-10|2020-W24"), "\(described)")
        let pairs = rows.map { "\($0["province"] as String)|\(($0["district"] as String?) ?? "")" }
        #expect(Set(pairs).count == pairs.count, "no (province, district) twice for one article")
        // Every count with a unit code rolled up to a province; its day is its as-of date.
        let unrolled = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM counts WHERE unit_code IS NOT NULL AND province IS NULL")
        #expect(unrolled == 0)
        let c = try Row.fetchOne(db, sql: "SELECT province, district, day FROM counts WHERE article_id LIKE '002%' AND done = 121 AND total = 235")
        let province: String? = c?["province"], district: String? = c?["district"], day: String? = c?["day"]
        #expect(province == "48@2004-08-31", "the version of 2 March 2020")
        #expect(district == "495@2005-08-20")
        #expect(day == "2020-03-02")
    }
}

@Test func rollupsAreRebuiltWhenTheUnitDataChangesAndNewArticlesAreRolledUp() throws {
    let (s, dir) = try seedStore("rollup-rebuild")
    defer { try? FileManager.default.removeItem(at: dir) }
    let g = vocabulary.gazetteer
    let before = try s.generation()
    try s.db.write { try $0.execute(sql: "UPDATE meta SET value = 'other unit data' WHERE key = 'rollup'") }
    #expect(try s.needsRollups(gazetteer: g))
    #expect(try s.refreshRollups(gazetteer: g) == 5, "every article again")
    #expect(try s.generation() > before)
    // A new article is stored unrolled; coverage rolls it up before answering.
    _ = try ingest([repositoryRoot.appendingPathComponent("Corpus/written").path], db: s.path)
    #expect(try s.needsRollups(gazetteer: g))
    let r = try Coverage.compute(store: s, gazetteer: g, tracker: nil, from: nil, to: nil)
    #expect(try s.needsRollups(gazetteer: g) == false)
    #expect(r.articleTotal == (try s.articleCount()))
}

/// A store written before roll-ups existed (schema v1 only) opens, migrates (roll-ups, failed
/// content) and answers coverage.
@Test func aStoreFromBeforeRollupsIsMigrated() throws {
    let (s, dir) = try seedStore("rollup-v1")
    defer { try? FileManager.default.removeItem(at: dir) }
    // Make it look like v1: drop everything v2 added, forget the migration.
    let old = dir.appendingPathComponent("v1.sqlite").path
    try s.db.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [old]) }
    let q = try DatabaseQueue(path: old)
    try q.write { db in
        try db.execute(sql: """
            DROP TABLE meta; DROP TABLE article_places; DROP TABLE unit_names; DROP INDEX articles_unrolled; DROP INDEX articles_day;
            DROP INDEX articles_id_day; DROP INDEX articles_title; DROP INDEX units_name;
            DROP INDEX counts_province; DROP INDEX counts_unit_key; DROP INDEX counts_article; DROP INDEX units_article; DROP INDEX dates_article;
            DROP INDEX documents_article; DROP INDEX terms_article; DROP INDEX warnings_article;
            DROP INDEX units_version; ALTER TABLE units DROP COLUMN version;
            ALTER TABLE articles DROP COLUMN day; ALTER TABLE articles DROP COLUMN rolled; ALTER TABLE articles DROP COLUMN places;
            ALTER TABLE articles DROP COLUMN title_fold;
            ALTER TABLE counts DROP COLUMN province; ALTER TABLE counts DROP COLUMN district; ALTER TABLE counts DROP COLUMN unit_key; ALTER TABLE counts DROP COLUMN day;
            DROP INDEX ingest_errors_failed; ALTER TABLE ingest_errors DROP COLUMN content_hash; ALTER TABLE ingest_errors DROP COLUMN extractor_failed;
            DELETE FROM grdb_migrations WHERE identifier <> 'v1';
            """)
    }
    try q.close()
    let migrated = try Store(path: old)
    #expect(try migrated.articleCount() == 5)
    #expect(try migrated.needsRollups(gazetteer: vocabulary.gazetteer))
    let r = try Coverage.compute(store: migrated, gazetteer: vocabulary.gazetteer, tracker: nil, from: nil, to: nil)
    #expect(r.provinces.contains { $0.code == "48" && $0.claims > 0 })
}

/// The overview's aggregates read covering indexes, never a table (what keeps them fast on large
/// stores), with a period and without.
@Test func coverageQueriesReadOnlyCoveringIndexes() throws {
    let (s, dir) = try seedStore("rollup-plan")
    defer { try? FileManager.default.removeItem(at: dir) }
    try s.db.read { db in
        for (from, to) in [("2020-01-01", "2020-12-31"), (nil, nil)] as [(String?, String?)] {
            let period = Store.period("day", from: from, to: to)
            let q = Store.aggregateSQL(period: period.sql)
            for sql in [q.articles, q.provinceWeeks, q.districts, q.weeks, q.claims] {
                let plan = try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(period.args)).map { $0["detail"] as String }
                let reads = plan.filter { $0.hasPrefix("SCAN") || $0.hasPrefix("SEARCH") }
                #expect(!reads.isEmpty && reads.allSatisfy { $0.contains("COVERING INDEX") }, "\(sql): \(plan)")
            }
        }
    }
}

@Test func isoWeeks() {
    #expect(Store.isoWeek(Day(2020, 3, 2)!) == "2020-W10")
    #expect(Store.isoWeek(Day(2021, 1, 3)!) == "2020-W53", "a Sunday in the first days of January belongs to the last year's week")
    #expect(Store.isoWeek(Day(2019, 12, 30)!) == "2020-W01", "a Monday in late December can open the next year's week 1")
}

/// All time, on a corpus reaching past the 2025 reform: a province covered in 2020 still lists the
/// districts it had then that nobody covered, and a province dissolved since is named as such.
@Test func uncoveredDistrictsAreThoseOfTheProvincesTime() throws {
    let (s, dir) = try seedStore("rollup-era")
    defer { try? FileManager.default.removeItem(at: dir) }
    _ = try ingest([repositoryRoot.appendingPathComponent("Corpus/written").path], db: s.path)
    let r = try Coverage.compute(store: s, gazetteer: vocabulary.gazetteer, tracker: nil, from: nil, to: nil)
    let daNang = try #require(r.uncoveredDistricts["48@2004-08-31"])
    #expect(daNang.contains { $0.code == "490" }, "quận Liên Chiểu, a district until 2025")
    #expect(!daNang.contains { $0.code == "495" }, "Cẩm Lệ is covered")
    let names = r.provinces.map(\.label)
    #expect(Set(names).count == names.count, "no two rows with the same label: \(names)")
    let keys = r.provinces.map(\.key)
    #expect(Set(keys).count == keys.count, "no unit version twice: \(keys)")
}

/// A claim repeated in several articles is reconciled once and counted each time it was made.
@Test func repeatedClaimsAreReconciledOnceAndCountedEachTime() throws {
    let dir = try tempDir("rollup-repeat")
    defer { try? FileManager.default.removeItem(at: dir) }
    try writeSeedCopies(10, to: dir.appendingPathComponent("in"))   // 002 twice: copies 2 and 7
    let db = dir.appendingPathComponent("s.sqlite").path
    _ = try ingest([dir.appendingPathComponent("in").path], db: db)
    let s = try Store(path: db)
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Tests/Fixtures/tracker/sample-2020.csv"), encoding: .utf8)
    let g = vocabulary.gazetteer
    let tracker = VNReconcile.Tracker(csv: text, knownCode: { g.units.byCode[$0] != nil })
    try s.ensureRollups(gazetteer: g)
    let outcomes = try Coverage.claimOutcomes(store: s, unitCodes: ["495"], unitKeys: [], from: nil, to: nil, tracker: tracker)
    let camLe = try #require(outcomes.first { $0.result.claim.figure == "121/235" })
    #expect(camLe.times == 2)
    #expect(camLe.result.outcome == .contradicted)
    #expect(outcomes.filter { $0.result.claim.figure == "121/235" }.count == 1, "one row for the two")
    let r = try Coverage.compute(store: s, gazetteer: g, tracker: tracker, from: nil, to: nil)
    #expect(r.provinces.first { $0.key == "48@2004-08-31" }?.districts.first { $0.code == "495" }?.contradictions == 2)
    #expect(r.contradictionTotal == r.contradicted.reduce(0) { $0 + $1.times }, "the listed distinct claims account for every contradiction")
}
