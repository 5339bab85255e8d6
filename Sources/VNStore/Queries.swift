import Foundation
import GRDB
import VNText

/// Read-only queries the dashboard needs (parameterized; never string-built from input).
public struct StoredArticle: Sendable {
    public var id: String
    public var title: String?
    public var published: String?
    public var source: String?
    public var url: String?
    public var text: [UInt8]
    public var factsJSON: String
}

public struct ArticleSummary: Sendable {
    public var id: String
    public var title: String?
    public var published: String?
    public var source: String?
    /// Its date: the dateline, else the latest full date it gives.
    public var day: String?
}

extension Store {
    public func article(id: String) throws -> StoredArticle? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT id, title, published, source, url, original, facts_json FROM articles WHERE id = ?", arguments: [id]).map {
                StoredArticle(id: $0["id"], title: $0["title"], published: $0["published"], source: $0["source"], url: $0["url"],
                              text: [UInt8]($0["original"] as Data), factsJSON: $0["facts_json"])
            }
        }
    }

    /// Articles about a unit, newest first, a page at a time, and how many there are in all: for
    /// a province or a district-level unit, every article naming it or a unit inside it (on the
    /// article's date); for a commune, the articles naming it.
    public func articles(about code: String, level: String, from: String? = nil, to: String? = nil,
                         limit: Int = 50, offset: Int = 0) throws -> (total: Int, page: [ArticleSummary]) {
        try db.read { db in
            // The article ids and dates come from the roll-up indexes; only the page's rows are read.
            let inner: String
            var p = Store.period("day", from: from, to: to)
            switch level {
            case "province": inner = "SELECT article_id, MAX(day) AS day FROM article_places WHERE province = ?\(p.sql) GROUP BY article_id"
            case "district": inner = "SELECT article_id, MAX(day) AS day FROM article_places WHERE district = ?\(p.sql) GROUP BY article_id"
            default:
                p = Store.period("a2.day", from: from, to: to)
                inner = "SELECT DISTINCT u.article_id, a2.day FROM units u JOIN articles a2 INDEXED BY articles_id_day ON a2.id = u.article_id WHERE u.place_code = ?\(p.sql)"
            }
            let args: [DatabaseValueConvertible] = [code] + p.args
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
    /// Sơn): a page of articles with the number matching, and up to 50 unit names with their
    /// articles. Reads the roll-ups' folded titles and names (articles not rolled up yet are not found).
    public func search(_ q: String, limit: Int = 50, offset: Int = 0) throws -> (articleTotal: Int, articles: [ArticleSummary], units: [(name: String, code: String?, articles: Int)]) {
        try db.read { db in
            // LIKE's wildcards in the query are taken literally.
            let pattern = "%" + Folding.plain(q).replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                .replacingOccurrences(of: "_", with: "\\_") + "%"
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM articles INDEXED BY articles_title WHERE title_fold LIKE ? ESCAPE '\\'", arguments: [pattern]) ?? 0
            let arts = try Row.fetchAll(db, sql: """
                SELECT a.id, a.title, a.published, a.source, x.day FROM
                  (SELECT id, day FROM articles INDEXED BY articles_title WHERE title_fold LIKE ? ESCAPE '\\' ORDER BY day IS NULL, day DESC, id LIMIT ? OFFSET ?) x
                JOIN articles a ON a.id = x.id ORDER BY x.day IS NULL, x.day DESC, x.id
                """,
                                        arguments: [pattern, limit, offset]).map(ArticleSummary.init(row:))
            // Distinct names first (a small table), then the articles of the first 50.
            let names = try Row.fetchAll(db, sql: "SELECT name, place_code FROM unit_names WHERE fold LIKE ? ESCAPE '\\' ORDER BY length(name), name LIMIT 50", arguments: [pattern])
            let units = try names.map { r -> (name: String, code: String?, articles: Int) in
                let n = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT article_id) FROM units WHERE name = ? AND place_code IS ?", arguments: [r["name"] as String, r["place_code"] as String?]) ?? 0
                return (r["name"], r["place_code"], n)
            }.sorted { ($0.articles, $1.name) > ($1.articles, $0.name) }
            return (total, arts, units)
        }
    }
}

extension ArticleSummary {
    init(row: Row) {
        self.init(id: row["id"], title: row["title"], published: row["published"], source: row["source"], day: row["day"])
    }
}
