import Foundation
import VNExtract

/// What the ingestor and the commands need of a store, whatever holds it: an SQLite file
/// (`Store`) or a PostgreSQL database shared by several machines (`PostgresStore`). Both keep the
/// same tables (README, "The store").
///
/// Example:
/// ```swift
/// let store = try openStore("postgres://vnfacts@db.example:5432/press")   // or "press.sqlite"
/// let n = try store.articleCount()
/// ```
public protocol FactStore: AnyObject, Sendable {
    /// Whether content with this hash is stored.
    func contains(hash: String) throws -> Bool
    func articleCount() throws -> Int
    /// Saves one article and its facts in one transaction, replacing an earlier extraction of the
    /// same content. Returns the id it was stored under (a suffix is added when another article
    /// has its name).
    @discardableResult
    func save(_ f: ArticleFacts, input: ArticleInput, encoding: String) throws -> String
    /// Saves new articles in one transaction (each whole or not at all). Content that is already
    /// stored, for instance by another machine ingesting the same batch at the same time, is
    /// skipped. Returns how many articles were stored.
    @discardableResult
    func saveAll(_ items: [(ArticleFacts, ArticleInput)]) throws -> Int
    /// Records an input that gave no article: its name, why, and (when it was read) its content
    /// hash. `extractorFailed`: the extractor trapped or hung on it, so later runs skip that
    /// content (`failedBefore`) unless asked to retry.
    func recordError(path: String, reason: String, hash: String?, extractorFailed: Bool) throws
    /// Why the extractor failed on content with this hash in an earlier run, if it did.
    func failedBefore(hash: String) throws -> String?
    /// Articles read by an older extractor: (id, stored text, path, format, url).
    func staleArticles() throws -> [StaleArticle]
    /// The content hash of a stored article.
    func hash(of id: String) throws -> String?
    /// The stored facts objects (JSON Lines), in id order (bytewise), optionally filtered.
    func exportJSONL(filter: CountFilter, _ line: (String) throws -> Void) throws
    /// Rows of one fact table for CSV export or display, ordered by article date, article, span.
    func rows(type: FactType, filter: CountFilter) throws -> (header: [String], rows: [[String]])
}

public typealias StaleArticle = (id: String, text: [UInt8], path: String?, format: String, url: String?)

extension FactStore {
    /// Every stored facts object (JSON Lines), in id order.
    public func exportJSONL(_ line: (String) throws -> Void) throws {
        try exportJSONL(filter: CountFilter(), line)
    }
}

/// Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL opens
/// `PostgresStore`, anything else is the path of an SQLite file (created if missing).
public func openStore(_ location: String) throws -> any FactStore {
    if PostgresURL.isPostgres(location) { return try PostgresStore(url: location) }
    return try Store(path: location)
}

/// How a store location is shown: a PostgreSQL URL without its password.
public func displayLocation(_ location: String) -> String {
    guard PostgresURL.isPostgres(location), var c = URLComponents(string: location), c.password != nil else { return location }
    c.password = "***"
    return c.string ?? location
}

/// What can be exported row by row.
public enum FactType: String, CaseIterable, Sendable {
    case counts, documents, dates, units
    var columns: [String] {
        switch self {
        case .counts: ["done", "total", "percent", "subject", "level", "status", "activity", "unit_name", "unit_place", "unit_code", "as_of", "text", "span_start", "span_end"]
        case .documents: ["doc_id", "kind", "number", "issuer", "issuer_name", "date", "text", "span_start", "span_end"]
        case .dates: ["value", "end_value", "granularity", "role", "text", "span_start", "span_end"]
        case .units: ["name", "kind", "org_type", "place", "place_type", "place_code", "place_level", "text", "span_start", "span_end"]
        }
    }
}

/// Filters a person types: a place (name, diacritics optional, or code), a tier, a date range.
public struct CountFilter: Sendable {
    public var place: String?
    public var level: String?
    public var from: String?
    public var to: String?
    public init(place: String? = nil, level: String? = nil, from: String? = nil, to: String? = nil) {
        self.place = place; self.level = level; self.from = from; self.to = to
    }

    /// A WHERE clause over `articles a` and its arguments; `placeholder(n)` writes the n-th
    /// parameter (from 1) in the backend's syntax: `?` for SQLite, `$n` for PostgreSQL.
    func articleWhere(_ placeholder: (Int) -> String) -> (sql: String, args: [String]) {
        var parts: [String] = [], args: [String] = []
        func p(_ v: String) -> String { args.append(v); return placeholder(args.count) }
        if let from { parts.append("a.published >= \(p(from))") }
        if let to { parts.append("a.published <= \(p(to))") }
        if let place {
            parts.append("EXISTS (SELECT 1 FROM units u WHERE u.article_id = a.id AND (u.place_code = \(p(place)) OR vn_fold(u.place) = vn_fold(\(p(place)))))")
        }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }

    /// A WHERE clause over the fact table `f` joined to `articles a`, and its arguments.
    func factWhere(_ type: FactType, _ placeholder: (Int) -> String) -> (sql: String, args: [String]) {
        var parts: [String] = [], args: [String] = []
        func p(_ v: String) -> String { args.append(v); return placeholder(args.count) }
        let dateColumn = type == .counts ? "COALESCE(f.as_of, a.published)" : "a.published"
        if let from { parts.append("\(dateColumn) >= \(p(from))") }
        if let to { parts.append("\(dateColumn) <= \(p(to))") }
        if let level, type == .counts { parts.append("f.level = \(p(level))") }
        if let place {
            switch type {
            case .counts: parts.append("(f.unit_code = \(p(place)) OR vn_fold(f.unit_place) = vn_fold(\(p(place))))")
            case .units: parts.append("(f.place_code = \(p(place)) OR vn_fold(f.place) = vn_fold(\(p(place))))")
            default:
                parts.append("EXISTS (SELECT 1 FROM units u WHERE u.article_id = a.id AND (u.place_code = \(p(place)) OR vn_fold(u.place) = vn_fold(\(p(place)))))")
            }
        }
        return (parts.isEmpty ? "" : "WHERE " + parts.joined(separator: " AND "), args)
    }
}
