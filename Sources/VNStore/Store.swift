import Foundation
import GRDB
import VNExtract
import VNGazetteer
import VNText

/// The store: one SQLite file (WAL) holding every ingested article and its facts in tables that
/// mirror the facts contract, so SQL answers "all cell-level counts for Đà Nẵng in March 2020".
/// `PostgresStore` keeps the same tables in a PostgreSQL database.
///
/// Example:
/// ```swift
/// let store = try Store(path: "vnfacts.sqlite")
/// try store.save(facts, input: input)
/// let rows = try store.counts(CountFilter(place: "Cẩm Lệ", level: "cell", from: "2020-03-01"))
/// ```
public final class Store: FactStore, @unchecked Sendable {
    public let path: String
    let db: any DatabaseWriter
    /// Opened read-only (a file the user may not write): nothing is written, roll-ups included.
    public let readOnly: Bool
    /// When set, articles are rolled up as they are stored (in the same transaction), so coverage
    /// needs no pass over them afterwards.
    public var rollupGazetteer: Gazetteer? {
        get { lock.withLock { _rollupGazetteer } }
        set { lock.withLock { _rollupGazetteer = newValue; rollupPlaces = newValue.map { PlaceRollup(units: $0.units) } } }
    }
    private var _rollupGazetteer: Gazetteer?
    private var rollupPlaces: PlaceRollup?
    private let lock = NSLock()

    /// Opens (creating when missing, unless `mustExist`) the store at `path`. `readOnly` opens a
    /// store that must exist without writing to it (a read-only file or folder works).
    public init(path: String, readOnly: Bool = false, mustExist: Bool = false) throws {
        self.path = path
        self.readOnly = readOnly
        if (readOnly || mustExist) && !FileManager.default.fileExists(atPath: path) {
            throw StoreError("no store at \(path) (ingest articles into it first)")
        }
        var config = Configuration()
        config.readonly = readOnly
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            // Place filters match without case and diacritics: "cam le" finds Cẩm Lệ.
            db.add(function: DatabaseFunction("vn_fold", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map { Folding.plain($0) }
            })
            try db.execute(sql: "PRAGMA foreign_keys = ON")
            // WAL with NORMAL sync: a killed process never leaves a half-written article (the
            // transaction is atomic); only a power cut can lose the last few commits.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        if readOnly {
            // A queue: a pool would need to create the WAL's shared-memory file next to the store.
            let q = try DatabaseQueue(path: path, configuration: config)
            if try q.read({ try !Store.migrator.hasCompletedMigrations($0) }) {
                throw StoreError("the store \(path) was written by an older vnfacts and is read-only here: open it once with write access to upgrade it")
            }
            db = q
        } else {
            let pool = try DatabasePool(path: path, configuration: config)
            try Store.migrator.migrate(pool)
            db = pool
        }
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE articles (
              id TEXT PRIMARY KEY, source TEXT, url TEXT, title TEXT, published TEXT,
              content_hash TEXT NOT NULL UNIQUE, path TEXT, format TEXT NOT NULL, encoding TEXT,
              original BLOB NOT NULL, extractor_version TEXT NOT NULL, ingested_at TEXT NOT NULL,
              facts_json TEXT NOT NULL);
            CREATE INDEX articles_published ON articles(published);
            CREATE TABLE documents (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
              doc_id TEXT NOT NULL, kind TEXT, number TEXT, issuer TEXT, issuer_name TEXT, date TEXT,
              text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL);
            CREATE INDEX documents_doc ON documents(doc_id);
            CREATE TABLE dates (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
              value TEXT, end_value TEXT, granularity TEXT NOT NULL, role TEXT NOT NULL,
              text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL);
            CREATE TABLE terms (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
              from_year INTEGER NOT NULL, to_year INTEGER NOT NULL,
              text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL);
            CREATE TABLE units (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
              name TEXT NOT NULL, kind TEXT NOT NULL, org_type TEXT, place TEXT, place_type TEXT,
              place_code TEXT, place_level TEXT, text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL);
            CREATE INDEX units_place ON units(place_code);
            CREATE TABLE counts (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
              done INTEGER, total INTEGER, percent REAL, subject TEXT, level TEXT NOT NULL, status TEXT NOT NULL,
              activity TEXT NOT NULL, unit_name TEXT, unit_place TEXT, unit_code TEXT, as_of TEXT,
              text TEXT NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL);
            CREATE INDEX counts_unit ON counts(unit_code, level, as_of);
            CREATE TABLE warnings (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
              code TEXT NOT NULL, message TEXT NOT NULL, span_start INTEGER, span_end INTEGER);
            CREATE TABLE ingest_errors (path TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
            """)
        }
        m.registerMigration("v2-rollups") { db in try Store.migrateRollups(db) }
        m.registerMigration("v3-failed-content") { db in
            try db.execute(sql: """
            ALTER TABLE ingest_errors ADD COLUMN content_hash TEXT;
            ALTER TABLE ingest_errors ADD COLUMN extractor_failed INTEGER NOT NULL DEFAULT 0;
            CREATE INDEX ingest_errors_failed ON ingest_errors(content_hash) WHERE extractor_failed = 1;
            """)
        }
        m.registerMigration("v4-unit-versions") { db in try Store.migrateUnitVersions(db) }
        return m
    }

    public func contains(hash: String) throws -> Bool {
        try db.read { try Bool.fetchOne($0, sql: "SELECT EXISTS(SELECT 1 FROM articles WHERE content_hash = ?)", arguments: [hash]) ?? false }
    }

    public func articleCount() throws -> Int { try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM articles") ?? 0 } }

    /// Saves one article and its facts in one transaction (replacing an earlier extraction of it).
    /// Returns the id it was stored under (a suffix is added when another article has its name).
    @discardableResult
    public func save(_ f: ArticleFacts, input: ArticleInput, encoding: String) throws -> String {
        try db.write { db in
            let id = try Store.insert(f, input: input, encoding: encoding, db: db)
            try Store.bumpGeneration(db)
            return id
        }
    }

    /// Saves new articles in one transaction (each whole or not at all, like `save`); content
    /// another process stored meanwhile is skipped (SQLite serializes writers, so the check and the
    /// insert see the same store). Returns how many were stored.
    @discardableResult
    public func saveAll(_ items: [(ArticleFacts, ArticleInput)]) throws -> Int {
        let (g, places) = lock.withLock { (_rollupGazetteer, rollupPlaces) }
        var memo = places
        let now = ISO8601DateFormatter().string(from: Date())
        let stored = try db.write { db -> Int in
            let rollupKey = try g.map(ArticleRollup.key).flatMap { try rollupKeyMatches($0, db) ? $0 : nil }
            var stored = 0
            for (f, a) in items {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM articles WHERE content_hash = ?)", arguments: [a.hash]) == true { continue }
                var rollup: ArticleRollup?
                if rollupKey != nil, var m = memo { rollup = ArticleRollup.compute(ArticleFactsView(f), places: &m); memo = m }
                _ = try Store.insert(f, input: a, encoding: a.encoding, rollup: rollup, ingestedAt: now, db: db)
                stored += 1
            }
            if stored > 0 { try Store.bumpGeneration(db) }
            return stored
        }
        if let memo { lock.withLock { if _rollupGazetteer != nil { rollupPlaces = memo } } }
        return stored
    }

    public func hash(of id: String) throws -> String? {
        try db.read { try String.fetchOne($0, sql: "SELECT content_hash FROM articles WHERE id = ?", arguments: [id]) }
    }

    /// `ingestedAt`: the time stamp of the batch (a formatter per article costs more than the insert).
    static func insert(_ f: ArticleFacts, input: ArticleInput, encoding: String, rollup: ArticleRollup? = nil, ingestedAt: String? = nil, db: Database) throws -> String {
        do {
            var id = f.article.id
            if let other = try String.fetchOne(db, sql: "SELECT content_hash FROM articles WHERE id = ?", arguments: [id]), other != input.hash {
                id += "~" + input.hash.prefix(8)
            }
            try db.cachedStatement(sql: "DELETE FROM articles WHERE id = ?").execute(arguments: [id])
            var facts = f
            facts.article.id = id
            let a = facts.article
            try db.cachedStatement(sql: """
                INSERT INTO articles (id, source, url, title, published, content_hash, path, format, encoding, original,
                                      extractor_version, ingested_at, facts_json) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
                """).execute(arguments: [id, a.source, a.url ?? input.url, a.title, a.published?.iso, input.hash, input.path, input.format.rawValue,
                                 encoding, Data(input.text), Extractor.version, ingestedAt ?? ISO8601DateFormatter().string(from: Date()),
                                 facts.json().serialized()])
            for d in facts.documents {
                try db.cachedStatement(sql: "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?)").execute(arguments: [id, d.id, d.kind, d.number, d.issuer, d.issuerName, d.date?.iso, d.text, d.span.lowerBound, d.span.upperBound])
            }
            for d in facts.dates {
                try db.cachedStatement(sql: "INSERT INTO dates VALUES (?,?,?,?,?,?,?,?)").execute(arguments: [id, d.value, d.end, d.granularity.rawValue, d.role, d.text, d.span.lowerBound, d.span.upperBound])
            }
            for t in facts.terms {
                try db.cachedStatement(sql: "INSERT INTO terms VALUES (?,?,?,?,?,?)").execute(arguments: [id, t.from, t.to, t.text, t.span.lowerBound, t.span.upperBound])
            }
            var versions: [String: String] = [:]
            for u in rollup?.unitNames ?? [] { if let v = u.version { versions[u.name + "\u{1F}" + (u.placeCode ?? "")] = v } }
            for u in facts.units {
                try db.cachedStatement(sql: "INSERT INTO units (article_id, name, kind, org_type, place, place_type, place_code, place_level, text, span_start, span_end, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")
                    .execute(arguments: [id, u.name, u.kind, u.orgType, u.place, u.placeType, u.placeCode, u.placeLevel, u.text, u.span.lowerBound, u.span.upperBound,
                                         versions[u.name + "\u{1F}" + (u.placeCode ?? "")]])
            }
            for (i, c) in facts.counts.enumerated() {
                let r = rollup.flatMap { i < $0.counts.count ? $0.counts[i] : nil }
                try db.cachedStatement(sql: """
                    INSERT INTO counts (article_id, done, total, percent, subject, level, status, activity, unit_name, unit_place, unit_code, as_of,
                                        text, span_start, span_end, province, district, unit_key, day) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                    """).execute(arguments: [id, c.done, c.total, c.percent, c.subject, c.level, c.status, c.activity, c.unit?.name, c.unit?.place,
                                           c.unit?.placeCode, c.asOf, c.text, c.span.lowerBound, c.span.upperBound,
                                           r?.province, r?.district, r?.unitKey, r?.day])
            }
            if let rollup {
                try writeRollup(rollup, article: id, db: db)
                try db.cachedStatement(sql: "UPDATE articles SET day = ?, places = ?, title_fold = ?, rolled = 1 WHERE id = ?")
                    .execute(arguments: [rollup.day, rollup.places, rollup.titleFold, id])
            }
            for w in facts.warnings {
                try db.cachedStatement(sql: "INSERT INTO warnings VALUES (?,?,?,?,?)").execute(arguments: [id, w.code, w.message, w.span?.lowerBound, w.span?.upperBound])
            }
            return id
        }
    }

    public func recordError(path: String, reason: String, hash: String?, extractorFailed: Bool) throws {
        try db.write {
            try $0.execute(sql: "INSERT INTO ingest_errors (path, reason, at, content_hash, extractor_failed) VALUES (?,?,?,?,?)",
                           arguments: [path, reason, ISO8601DateFormatter().string(from: Date()), hash, extractorFailed ? 1 : 0])
        }
    }

    public func failedBefore(hash: String) throws -> String? {
        try db.read {
            try String.fetchOne($0, sql: "SELECT reason FROM ingest_errors WHERE content_hash = ? AND extractor_failed = 1 ORDER BY at DESC LIMIT 1", arguments: [hash])
        }
    }

    /// Articles read by an older extractor: (id, stored text, path, format, url).
    public func staleArticles() throws -> [StaleArticle] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT id, original, path, format, url FROM articles WHERE extractor_version <> ?", arguments: [Extractor.version]).map {
                ($0["id"], [UInt8]($0["original"] as Data), $0["path"], $0["format"], $0["url"])
            }
        }
    }

    /// The stored facts objects (JSON Lines), in id order, optionally filtered.
    public func exportJSONL(filter: CountFilter, _ line: (String) throws -> Void) throws {
        try db.read { db in
            let (whereSQL, args) = filter.articleWhere { _ in "?" }
            let cursor = try String.fetchCursor(db, sql: "SELECT facts_json FROM articles a \(whereSQL) ORDER BY a.id", arguments: StatementArguments(args))
            while let s = try cursor.next() { try line(s) }
        }
    }

    /// Rows of one fact table for CSV export or display.
    public func rows(type: FactType, filter: CountFilter) throws -> (header: [String], rows: [[String]]) {
        try db.read { db in
            let (whereSQL, args) = filter.factWhere(type) { _ in "?" }
            let cols = type.columns
            let sql = "SELECT f.article_id, a.published, \(cols.map { "f.\($0)" }.joined(separator: ", ")) FROM \(type.rawValue) f JOIN articles a ON a.id = f.article_id \(whereSQL) ORDER BY a.published, f.article_id, f.span_start"
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map { row in
                (0..<row.count).map { i -> String in
                    let v = row[i] as DatabaseValue
                    switch v.storage {
                    case .null: return ""
                    case .int64(let x): return String(x)
                    case .double(let x): return x == x.rounded() ? String(Int(x)) : String(x)
                    case .string(let s): return s
                    case .blob: return ""
                    }
                }
            }
            return (["article_id", "published"] + cols, rows)
        }
    }
}

/// A store that cannot be opened or used as asked, in words.
public struct StoreError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension ArticleFactsView {
    /// The parts of an article's facts the roll-ups read.
    public init(_ f: ArticleFacts) {
        published = f.article.published?.iso
        title = f.article.title
        maxDay = f.dates.filter { $0.granularity.rawValue == "day" }.compactMap(\.value).max()
        units = f.units.map { ($0.name, $0.placeCode) }
        counts = f.counts.map { ($0.unit?.placeCode, $0.unit?.name, $0.asOf) }
    }
}
