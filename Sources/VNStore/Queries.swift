import Foundation
import GRDB

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

    /// Articles naming a place (by code), newest first, a page at a time.
    public func articles(naming code: String, limit: Int = 50, offset: Int = 0) throws -> [ArticleSummary] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT a.id, a.title, a.published, a.source FROM articles a JOIN units u ON u.article_id = a.id
                WHERE u.place_code = ? ORDER BY a.published DESC, a.id LIMIT ? OFFSET ?
                """, arguments: [code, limit, offset]).map { ArticleSummary(id: $0["id"], title: $0["title"], published: $0["published"], source: $0["source"]) }
        }
    }

    /// Titles and unit names matching a query without case or diacritics ("kim son" finds Kim Sơn).
    public func search(_ q: String, limit: Int = 50) throws -> (articles: [ArticleSummary], units: [(name: String, code: String?, articles: Int)]) {
        try db.read { db in
            let pattern = "%" + q.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            let arts = try Row.fetchAll(db, sql: "SELECT id, title, published, source FROM articles WHERE vn_fold(title) LIKE vn_fold(?) ORDER BY published DESC LIMIT ?",
                                        arguments: [pattern, limit]).map { ArticleSummary(id: $0["id"], title: $0["title"], published: $0["published"], source: $0["source"]) }
            let units = try Row.fetchAll(db, sql: """
                SELECT name, place_code, COUNT(DISTINCT article_id) AS n FROM units WHERE vn_fold(name) LIKE vn_fold(?)
                GROUP BY name, place_code ORDER BY n DESC, name LIMIT ?
                """, arguments: [pattern, limit]).map { (name: $0["name"] as String, code: $0["place_code"] as String?, articles: $0["n"] as Int) }
            return (arts, units)
        }
    }
}
