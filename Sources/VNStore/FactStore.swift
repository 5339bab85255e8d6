import Foundation
import VNExtract
import VNGazetteer

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

    // MARK: Roll-ups and the reads coverage and the dashboard make (the same answers on every backend)

    /// Opened read-only: nothing is written (roll-ups are built by the writers).
    var readOnly: Bool { get }
    /// When set, `saveAll` rolls articles up in the same transaction (if the store's roll-ups are
    /// of the same unit data), so coverage needs no pass afterwards.
    var rollupGazetteer: Gazetteer? { get set }
    /// A number that changes whenever something is stored.
    func generation() throws -> Int
    /// Whether some articles have no roll-ups yet (or were rolled up with other unit data).
    func needsRollups(gazetteer: Gazetteer) throws -> Bool
    /// Builds the missing roll-ups in transactions of `batch` articles; returns how many.
    @discardableResult
    func refreshRollups(gazetteer: Gazetteer, batch: Int) throws -> Int
    /// The overview's aggregates over a period (article or claim dates; either end may be nil).
    func coverageAggregates(from: String?, to: String?) throws -> CoverageAggregates
    /// The distinct count claims about the units with these codes or folded names in the period:
    /// claims that agree in every field reconciliation reads are one group, its first occurrence
    /// (by article id, then span) standing for the others. `undated`: claims without a date count
    /// too although a period is given. Ordered by their first occurrence.
    func claimGroups(unitCodes: [String], unitKeys: [String], within: [String], from: String?, to: String?, undated: Bool) throws -> [ClaimGroup]
    func article(id: String) throws -> StoredArticle?
    /// Articles about a unit version (its key, "48@2004-08-31"), newest first, a page at a time,
    /// and how many there are: for a province or district-level unit, every article naming it or
    /// a unit inside it; for a commune, the articles naming it.
    func articles(about key: String, level: String, from: String?, to: String?, limit: Int, offset: Int) throws -> (total: Int, page: [ArticleSummary])
    /// Titles and unit names matching a query without case or diacritics.
    func search(_ q: String, limit: Int, offset: Int) throws -> SearchResult
}

extension FactStore {
    /// Builds the missing roll-ups, if any (a cheap check when there are none; a read-only
    /// store builds none).
    public func ensureRollups(gazetteer g: Gazetteer) throws {
        if !readOnly, try needsRollups(gazetteer: g) { try refreshRollups(gazetteer: g, batch: 2000) }
    }

    @discardableResult
    public func refreshRollups(gazetteer g: Gazetteer) throws -> Int { try refreshRollups(gazetteer: g, batch: 2000) }

    public func articles(about key: String, level: String, from: String? = nil, to: String? = nil) throws -> (total: Int, page: [ArticleSummary]) {
        try articles(about: key, level: level, from: from, to: to, limit: 50, offset: 0)
    }

    public func search(_ q: String) throws -> SearchResult { try search(q, limit: 50, offset: 0) }
}

/// One count row as reconciliation reads it, with its article's dateline.
public struct ClaimRow: Sendable, Equatable {
    public var articleID: String
    public var published: String?
    public var done: Int?
    public var total: Int?
    public var percent: Double?
    public var level: String
    public var status: String
    public var activity: String
    public var unitName: String?
    public var unitPlace: String?
    public var unitCode: String?
    public var asOf: String?
    public var text: String
    public var spanStart: Int
    public var spanEnd: Int
}

/// A distinct claim: its first occurrence, how many claims alike it stands for, and the unit
/// versions (keys) of the province and district it rolls up to.
public struct ClaimGroup: Sendable, Equatable {
    public var first: ClaimRow
    public var times: Int
    public var province: String?
    public var district: String?
}

/// What coverage reads from the roll-ups. Units are version keys ("48@2004-08-31").
public struct CoverageAggregates: Sendable, Equatable {
    public var articleTotal = 0
    public var articlesWithPlace = 0
    /// The dates of the store's earliest and latest dated articles.
    public var earliestDay: String?
    public var latestDay: String?
    public var provinceArticles: [String: Int] = [:]
    /// (province, week) → articles.
    public var provinceWeeks: [String: [String: Int]] = [:]
    /// The date of each province's latest article in the period.
    public var provinceLatest: [String: String] = [:]
    /// (district → (province, articles)).
    public var districtArticles: [String: (province: String, articles: Int)] = [:]
    public var claims: [(province: String, district: String?, claims: Int, latest: String?)] = []
    public var weeklyTotal: [String: Int] = [:]
    public init() {}

    public static func == (a: CoverageAggregates, b: CoverageAggregates) -> Bool {
        func claims(_ x: CoverageAggregates) -> [String] {
            x.claims.map { "\($0.province)|\($0.district ?? "")|\($0.claims)|\($0.latest ?? "")" }.sorted()
        }
        return a.articleTotal == b.articleTotal && a.articlesWithPlace == b.articlesWithPlace && a.earliestDay == b.earliestDay
            && a.latestDay == b.latestDay && a.provinceArticles == b.provinceArticles && a.provinceWeeks == b.provinceWeeks
            && a.provinceLatest == b.provinceLatest && a.districtArticles.mapValues { "\($0.province)|\($0.articles)" } == b.districtArticles.mapValues { "\($0.province)|\($0.articles)" }
            && claims(a) == claims(b) && a.weeklyTotal == b.weeklyTotal
    }
}

/// What a search found: a page of articles and how many match, and unit names with their version.
public struct SearchResult: Sendable {
    public struct UnitHit: Sendable, Equatable {
        public var name: String
        public var code: String?
        /// The unit version the name stands for on its articles' dates ("20260@2005-08-20").
        public var version: String?
        public var articles: Int
    }
    public var articleTotal: Int
    public var articles: [ArticleSummary]
    public var units: [UnitHit]
}

/// `AND column >= p AND column <= p` for the period given (nothing when none is: undated rows
/// count only then, or with `undated`), with its arguments; `placeholder(n)` writes the n-th
/// parameter counting from `first`.
func periodSQL(_ column: String, from: String?, to: String?, undated: Bool = false, first: Int = 1, _ placeholder: (Int) -> String) -> (sql: String, args: [String]) {
    var parts: [String] = [], args: [String] = []
    if let from { args.append(from); parts.append("\(column) >= \(placeholder(first + args.count - 1))") }
    if let to { args.append(to); parts.append("\(column) <= \(placeholder(first + args.count - 1))") }
    guard !parts.isEmpty else { return ("", []) }
    let cond = parts.joined(separator: " AND ")
    return (undated ? " AND (\(column) IS NULL OR (\(cond)))" : " AND " + cond, args)
}

public typealias StaleArticle = (id: String, text: [UInt8], path: String?, format: String, url: String?)

extension FactStore {
    /// Every stored facts object (JSON Lines), in id order.
    public func exportJSONL(_ line: (String) throws -> Void) throws {
        try exportJSONL(filter: CountFilter(), line)
    }
}

/// Opens the store a `--db` value names: a `postgres://` or `postgresql://` URL opens
/// `PostgresStore`, anything else is the path of an SQLite file (created if missing, unless
/// `mustExist`: commands that only read refuse a path where no store is).
public func openStore(_ location: String, mustExist: Bool = false, readOnly: Bool = false) throws -> any FactStore {
    if PostgresURL.isPostgres(location) { return try PostgresStore(url: location) }
    return try Store(path: location, readOnly: readOnly, mustExist: mustExist)
}

/// Whether a `--db` value is a PostgreSQL URL.
public func isPostgresLocation(_ location: String) -> Bool { PostgresURL.isPostgres(location) }

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
