import Foundation
import GRDB
import VNText

/// Read-only queries the dashboard needs (parameterized; never string-built from input).
public struct StoredArticle: Sendable, Equatable {
    public var id: String
    public var title: String?
    public var published: String?
    public var source: String?
    public var url: String?
    public var text: [UInt8]
    public var factsJSON: String
    /// Its date (the dateline, else the latest full date it gives), once rolled up.
    public var day: String?
}

public struct ArticleSummary: Sendable, Equatable {
    public var id: String
    public var title: String?
    public var published: String?
    public var source: String?
    /// Its date: the dateline, else the latest full date it gives.
    public var day: String?
    public init(id: String, title: String?, published: String?, source: String?, day: String?) {
        self.id = id; self.title = title; self.published = published; self.source = source; self.day = day
    }
}

/// The SQL both backends run for the reads, with the backend's placeholder syntax.
enum ReadSQL {
    /// The folded LIKE pattern of a query (LIKE's wildcards in the query are taken literally).
    static func likePattern(_ q: String) -> String {
        "%" + Folding.plain(q).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }

    /// The article ids and dates about a unit version (its key as the first parameter), for a period.
    static func articlesAbout(level: String, from: String?, to: String?, _ ph: (Int) -> String) -> (sql: String, args: [String]) {
        switch level {
        case "province":
            let p = periodSQL("day", from: from, to: to, first: 2, ph)
            return ("SELECT article_id, MAX(day) AS day FROM article_places WHERE province = \(ph(1))\(p.sql) GROUP BY article_id", p.args)
        case "district":
            let p = periodSQL("day", from: from, to: to, first: 2, ph)
            return ("SELECT article_id, MAX(day) AS day FROM article_places WHERE district = \(ph(1))\(p.sql) GROUP BY article_id", p.args)
        default:
            let p = periodSQL("a2.day", from: from, to: to, first: 2, ph)
            return ("SELECT DISTINCT u.article_id, a2.day FROM units u JOIN articles a2 ON a2.id = u.article_id WHERE u.version = \(ph(1))\(p.sql)", p.args)
        }
    }

    /// The fields a claim's group is made of (claims alike in all of them share an outcome).
    static let claimGroupFields = "c.unit_code, c.unit_name, c.unit_place, c.level, c.status, c.activity, c.done, c.total, c.percent, c.as_of, c.province, c.district"

    /// Distinct claims with their first occurrence; `match` is the condition on the unit.
    static func claimGroups(match: String, period: String) -> String {
        """
        SELECT * FROM (
          SELECT c.article_id, a.published, c.done, c.total, c.percent, c.level, c.status, c.activity, c.unit_name, c.unit_place, c.unit_code,
                 c.as_of, c.text, c.span_start, c.span_end, c.province, c.district,
                 ROW_NUMBER() OVER (PARTITION BY \(claimGroupFields) ORDER BY c.article_id, c.span_start, c.span_end) AS rn,
                 COUNT(*) OVER (PARTITION BY \(claimGroupFields)) AS n
          FROM counts c JOIN articles a ON a.id = c.article_id
          WHERE (\(match))\(period)) g
        WHERE rn = 1 ORDER BY article_id, span_start, span_end
        """
    }
}

extension Store {
    public func article(id: String) throws -> StoredArticle? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT id, title, published, source, url, original, facts_json, day FROM articles WHERE id = ?", arguments: [id]).map {
                StoredArticle(id: $0["id"], title: $0["title"], published: $0["published"], source: $0["source"], url: $0["url"],
                              text: [UInt8]($0["original"] as Data), factsJSON: $0["facts_json"], day: $0["day"])
            }
        }
    }

    public func articles(about key: String, level: String, from: String?, to: String?, limit: Int, offset: Int) throws -> (total: Int, page: [ArticleSummary]) {
        try db.read { db in
            // The article ids and dates come from the roll-up indexes; only the page's rows are read.
            let (inner, pargs) = ReadSQL.articlesAbout(level: level, from: from, to: to) { _ in "?" }
            let args: [DatabaseValueConvertible] = [key] + pargs
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (\(inner))", arguments: StatementArguments(args)) ?? 0
            let page = try Row.fetchAll(db, sql: """
                SELECT a.id, a.title, a.published, a.source, x.day FROM
                  (SELECT * FROM (\(inner)) ORDER BY day IS NULL, day DESC, article_id LIMIT ? OFFSET ?) x
                JOIN articles a ON a.id = x.article_id ORDER BY x.day IS NULL, x.day DESC, x.article_id
                """, arguments: StatementArguments(args + [limit, offset])).map(ArticleSummary.init(row:))
            return (total, page)
        }
    }

    /// Titles and unit names matching a query without case or diacritics ("kim son" finds Kim
    /// Sơn): a page of articles whose title matches or that name a matching unit, with the number
    /// matching, and up to 50 unit names, each with the unit version it stands for and its
    /// articles. Reads the roll-ups' folded titles and names (articles not rolled up yet are not found).
    public func search(_ q: String, limit: Int, offset: Int) throws -> SearchResult {
        try db.read { db in
            let pattern = ReadSQL.likePattern(q)
            let match = """
                title_fold LIKE ? ESCAPE '\\' OR id IN (SELECT u.article_id FROM unit_names n
                  JOIN units u ON u.name = n.name AND u.place_code IS n.place_code AND u.version IS n.version WHERE n.fold LIKE ? ESCAPE '\\')
                """
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM articles WHERE \(match)", arguments: [pattern, pattern]) ?? 0
            let arts = try Row.fetchAll(db, sql: """
                SELECT a.id, a.title, a.published, a.source, x.day FROM
                  (SELECT id, day FROM articles WHERE \(match) ORDER BY day IS NULL, day DESC, id LIMIT ? OFFSET ?) x
                JOIN articles a ON a.id = x.id ORDER BY x.day IS NULL, x.day DESC, x.id
                """,
                                        arguments: [pattern, pattern, limit, offset]).map(ArticleSummary.init(row:))
            // Distinct names first (a small table), then the articles of the first 50.
            let names = try Row.fetchAll(db, sql: "SELECT name, place_code, version FROM unit_names WHERE fold LIKE ? ESCAPE '\\' ORDER BY length(name), name, place_code, version LIMIT 50", arguments: [pattern])
            let units = try names.map { r -> SearchResult.UnitHit in
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT article_id) FROM units WHERE name = ? AND place_code IS ? AND version IS ?",
                                         arguments: [r["name"] as String, r["place_code"] as String?, r["version"] as String?]) ?? 0
                return SearchResult.UnitHit(name: r["name"], code: r["place_code"], version: r["version"], articles: n)
            }
            return SearchResult(articleTotal: total, articles: arts, units: sortedHits(units))
        }
    }

    public func coverageAggregates(from: String?, to: String?) throws -> CoverageAggregates {
        try db.read { db in
            var a = CoverageAggregates()
            let pa = Store.period("day", from: from, to: to)
            let q = Store.aggregateSQL(period: pa.sql)
            let args: StatementArguments = StatementArguments(pa.args)
            if let r = try Row.fetchOne(db, sql: q.articles, arguments: args) {
                a.articleTotal = r[0] ?? 0
                a.articlesWithPlace = r[1] ?? 0
            }
            if let r = try Row.fetchOne(db, sql: "SELECT MIN(day), MAX(day) FROM articles") { a.earliestDay = r[0]; a.latestDay = r[1] }
            // An article has one date, so one week: its province's articles are the sum over weeks
            // (undated ones under a NULL week), and one query gives both.
            for r in try Row.fetchAll(db, sql: q.provinceWeeks, arguments: args) {
                a.addProvinceWeek(province: r[0], week: r[1], articles: r[2], latest: r[3])
            }
            for r in try Row.fetchAll(db, sql: q.districts, arguments: args) { a.districtArticles[r[1]] = (r[0], r[2]) }
            for r in try Row.fetchAll(db, sql: q.weeks, arguments: args) { a.weeklyTotal[r[0]] = r[1] }
            a.claims = try Row.fetchAll(db, sql: q.claims, arguments: args).map { ($0[0], $0[1], $0[2], $0[3]) }
            return a
        }
    }

    public func claimGroups(unitCodes: [String], unitKeys: [String], within: [String], from: String?, to: String?, undated: Bool) throws -> [ClaimGroup] {
        try db.read { db in
            let p = periodSQL("c.day", from: from, to: to, undated: undated) { _ in "?" }
            let codes = JSONValue.array(unitCodes.map { .string($0) }).serialized(), keys = JSONValue.array(unitKeys.map { .string($0) }).serialized()
            let versions = JSONValue.array(within.map { .string($0) }).serialized()
            let sql = ReadSQL.claimGroups(match: "c.unit_code IN (SELECT value FROM json_each(?)) OR c.unit_key IN (SELECT value FROM json_each(?))"
                                          + " OR c.province IN (SELECT value FROM json_each(?)) OR c.district IN (SELECT value FROM json_each(?))", period: p.sql)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments([codes, keys, versions, versions] + p.args)).map { r in
                ClaimGroup(first: ClaimRow(articleID: r["article_id"], published: r["published"], done: r["done"], total: r["total"], percent: r["percent"],
                                           level: r["level"], status: r["status"], activity: r["activity"], unitName: r["unit_name"], unitPlace: r["unit_place"],
                                           unitCode: r["unit_code"], asOf: r["as_of"], text: r["text"], spanStart: r["span_start"], spanEnd: r["span_end"]),
                           times: r["n"], province: r["province"], district: r["district"])
            }
        }
    }

    /// `AND day >= ? AND day <= ?` for the period given (nothing when none is: undated rows count
    /// only then), with its arguments.
    static func period(_ column: String, from: String?, to: String?) -> (sql: String, args: [DatabaseValueConvertible]) {
        let p = periodSQL(column, from: from, to: to) { _ in "?" }
        return (p.sql, p.args.map { $0 as any DatabaseValueConvertible })
    }

    /// The overview's aggregate queries for a period's SQL (`Store.period("day", …)`): each reads
    /// one covering index (tested), never a table.
    static func aggregateSQL(period: String) -> (articles: String, provinceWeeks: String, districts: String, weeks: String, claims: String) {
        ("SELECT COUNT(*), SUM(places > 0) FROM articles WHERE 1\(period)",
         "SELECT province, week, COUNT(DISTINCT article_id), MAX(day) FROM article_places INDEXED BY article_places_province WHERE 1\(period) GROUP BY province, week",
         "SELECT province, district, COUNT(DISTINCT article_id) FROM article_places INDEXED BY article_places_district WHERE district IS NOT NULL\(period) GROUP BY district, province",
         "SELECT week, COUNT(DISTINCT article_id) FROM article_places INDEXED BY article_places_week WHERE week IS NOT NULL\(period) GROUP BY week",
         "SELECT province, district, COUNT(*), MAX(as_of) FROM counts INDEXED BY counts_province WHERE province IS NOT NULL\(period) GROUP BY province, district")
    }
}

/// Unit hits, most articles first, then by name, code and version (the same order on every backend).
func sortedHits(_ units: [SearchResult.UnitHit]) -> [SearchResult.UnitHit] {
    units.sorted { ($1.articles, $0.name, $0.code ?? "", $0.version ?? "") < ($0.articles, $1.name, $1.code ?? "", $1.version ?? "") }
}

extension CoverageAggregates {
    mutating func addProvinceWeek(province p: String, week: String?, articles n: Int, latest d: String?) {
        provinceArticles[p, default: 0] += n
        if let d, d > (provinceLatest[p] ?? "") { provinceLatest[p] = d }
        if let week { provinceWeeks[p, default: [:]][week] = n }
    }
}

extension ArticleSummary {
    init(row: Row) {
        self.init(id: row["id"], title: row["title"], published: row["published"], source: row["source"], day: row["day"])
    }
}
