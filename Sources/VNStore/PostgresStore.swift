import Foundation
import PostgresNIO
import VNExtract
import VNGazetteer

/// The store in a PostgreSQL database, so that several analysts and ingest machines share one:
/// the same tables as the SQLite `Store` (BYTEA for the stored text, BIGINT, DOUBLE PRECISION),
/// created by the first tool that opens the database and recorded in `schema_migrations`.
///
/// Several machines may ingest at once: the UNIQUE `content_hash` and
/// `INSERT … ON CONFLICT DO NOTHING` keep each content stored once, and each batch is one
/// transaction, so every article is whole or absent.
///
/// Example:
/// ```swift
/// let store = try PostgresStore(url: "postgres://vnfacts:secret@db.example:5432/press")
/// let n = try store.articleCount()
/// ```
public final class PostgresStore: FactStore, @unchecked Sendable {
    /// The URL it was opened with.
    public let url: String
    private let address: PostgresURL
    /// One connection, used by one operation at a time (`locked`).
    private var connection: PGConnection
    private let lock = NSLock()
    /// The role may not write the store (a dashboard's read-only role): nothing is written.
    public private(set) var readOnly = false
    public var rollupGazetteer: Gazetteer? {
        get { lock.withLock { _rollupGazetteer } }
        set { lock.withLock { _rollupGazetteer = newValue; rollupPlaces = newValue.map { PlaceRollup(units: $0.units) } } }
    }
    private var _rollupGazetteer: Gazetteer?
    private var rollupPlaces: PlaceRollup?

    public init(url: String) throws {
        self.url = url
        address = try PostgresURL(url)
        connection = try PGConnection(address)
        do { try migrate() } catch {
            connection.close()
            throw error
        }
    }

    deinit { connection.close() }

    /// Closes the connection now (it is closed on release otherwise).
    public func close() { lock.withLock { connection.close() } }

    // MARK: Schema

    /// Migrations by version, applied in order, each once (recorded in `schema_migrations`).
    static let migrations: [(version: String, sql: String)] = [("v1", schemaV1), ("v3-failed-content", failedContent), ("v4-rollups", rollups)]

    /// The coverage roll-ups, keyed by unit version (as SQLite's v2 and v4 migrations).
    static let rollups = #"""
    CREATE TABLE meta (key TEXT COLLATE "C" PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('generation', '0');
    ALTER TABLE articles ADD COLUMN day TEXT COLLATE "C";
    ALTER TABLE articles ADD COLUMN places BIGINT;
    ALTER TABLE articles ADD COLUMN title_fold TEXT COLLATE "C";
    ALTER TABLE articles ADD COLUMN rolled BIGINT;
    CREATE INDEX articles_unrolled ON articles(id) WHERE rolled IS NULL;
    CREATE INDEX articles_day ON articles(day, places);
    CREATE TABLE unit_names (name TEXT COLLATE "C" NOT NULL, place_code TEXT COLLATE "C", version TEXT COLLATE "C", fold TEXT COLLATE "C" NOT NULL);
    CREATE UNIQUE INDEX unit_names_key ON unit_names(name, COALESCE(place_code, ''), COALESCE(version, ''));
    ALTER TABLE units ADD COLUMN version TEXT COLLATE "C";
    CREATE INDEX units_version ON units(version, article_id) WHERE version IS NOT NULL;
    CREATE INDEX units_name ON units(name, place_code, version, article_id);
    CREATE TABLE article_places (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      province TEXT COLLATE "C" NOT NULL, district TEXT COLLATE "C", day TEXT COLLATE "C", week TEXT COLLATE "C");
    CREATE INDEX article_places_article ON article_places(article_id);
    CREATE INDEX article_places_province ON article_places(province, week, day, article_id);
    CREATE INDEX article_places_district ON article_places(district, province, day, article_id) WHERE district IS NOT NULL;
    CREATE INDEX article_places_week ON article_places(week, day, article_id) WHERE week IS NOT NULL;
    ALTER TABLE counts ADD COLUMN province TEXT COLLATE "C";
    ALTER TABLE counts ADD COLUMN district TEXT COLLATE "C";
    ALTER TABLE counts ADD COLUMN unit_key TEXT COLLATE "C";
    ALTER TABLE counts ADD COLUMN day TEXT COLLATE "C";
    ALTER TABLE counts ADD COLUMN id BIGSERIAL;
    CREATE INDEX counts_province ON counts(province, district, day, as_of) WHERE province IS NOT NULL;
    CREATE INDEX counts_unit_key ON counts(unit_key)
    """#

    /// Inputs the extractor failed on, by content (as SQLite's migration of the same name).
    static let failedContent = """
    ALTER TABLE ingest_errors ADD COLUMN content_hash TEXT;
    ALTER TABLE ingest_errors ADD COLUMN extractor_failed BIGINT NOT NULL DEFAULT 0;
    CREATE INDEX ingest_errors_failed ON ingest_errors(content_hash) WHERE extractor_failed = 1;
    """

    /// The SQLite schema in PostgreSQL's types. Text compared or ordered by the tool (ids, dates)
    /// uses the "C" collation, so that order is bytewise as in SQLite whatever the database's locale.
    static let schemaV1 = #"""
    CREATE TABLE articles (
      id TEXT COLLATE "C" PRIMARY KEY, source TEXT, url TEXT, title TEXT, published TEXT COLLATE "C",
      content_hash TEXT NOT NULL UNIQUE, path TEXT, format TEXT NOT NULL, encoding TEXT,
      original BYTEA NOT NULL, extractor_version TEXT NOT NULL, ingested_at TEXT NOT NULL,
      facts_json TEXT NOT NULL);
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE documents (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      doc_id TEXT NOT NULL, kind TEXT, number TEXT, issuer TEXT, issuer_name TEXT, date TEXT COLLATE "C",
      text TEXT NOT NULL, span_start BIGINT NOT NULL, span_end BIGINT NOT NULL);
    CREATE INDEX documents_doc ON documents(doc_id);
    CREATE INDEX documents_article ON documents(article_id);
    CREATE TABLE dates (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      value TEXT COLLATE "C", end_value TEXT COLLATE "C", granularity TEXT NOT NULL, role TEXT NOT NULL,
      text TEXT NOT NULL, span_start BIGINT NOT NULL, span_end BIGINT NOT NULL);
    CREATE INDEX dates_article ON dates(article_id);
    CREATE TABLE terms (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      from_year BIGINT NOT NULL, to_year BIGINT NOT NULL,
      text TEXT NOT NULL, span_start BIGINT NOT NULL, span_end BIGINT NOT NULL);
    CREATE INDEX terms_article ON terms(article_id);
    CREATE TABLE units (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      name TEXT NOT NULL, kind TEXT NOT NULL, org_type TEXT, place TEXT, place_type TEXT,
      place_code TEXT, place_level TEXT, text TEXT NOT NULL, span_start BIGINT NOT NULL, span_end BIGINT NOT NULL);
    CREATE INDEX units_place ON units(place_code);
    CREATE INDEX units_article ON units(article_id);
    CREATE TABLE counts (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      done BIGINT, total BIGINT, percent DOUBLE PRECISION, subject TEXT, level TEXT NOT NULL, status TEXT NOT NULL,
      activity TEXT NOT NULL, unit_name TEXT, unit_place TEXT, unit_code TEXT, as_of TEXT COLLATE "C",
      text TEXT NOT NULL, span_start BIGINT NOT NULL, span_end BIGINT NOT NULL);
    CREATE INDEX counts_unit ON counts(unit_code, level, as_of);
    CREATE INDEX counts_article ON counts(article_id);
    CREATE TABLE warnings (article_id TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
      code TEXT NOT NULL, message TEXT NOT NULL, span_start BIGINT, span_end BIGINT);
    CREATE INDEX warnings_article ON warnings(article_id);
    CREATE TABLE ingest_errors (path TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL);
    \#(vnFoldFunction)
    """#

    /// `vn_fold(text)`: no case, no diacritics, đ → d, white space collapsed, as `Folding.plain`
    /// does for Vietnamese ("Cẩm Lệ", "CẨM LỆ" and "cam le" all give "cam le"). Combining marks
    /// and zero-width characters are removed, other spaces become " ", and the precomposed
    /// Vietnamese letters are translated to their base letters.
    static let vnFoldFunction = #"""
    CREATE OR REPLACE FUNCTION vn_fold(s TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$
      SELECT btrim(regexp_replace(lower(translate(
        regexp_replace(
          regexp_replace(s, '[\u0300-\u036f\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]', '', 'g'),
          '[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u0085\u2028]', ' ', 'g'),
        'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴđĐ',
        'aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyaaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyydd'
      )), '[ \n\t]+', ' ', 'g'), ' ')
    $fold$;
    """#

    /// The statements of a migration: each ends with ";" at the end of a line (a statement is sent
    /// on its own: PostgreSQL takes one per parameterized query).
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }.filter { !$0.isEmpty }
    }

    /// Applies the migrations not yet recorded. An advisory lock makes machines that open a new
    /// database at the same time wait for each other instead of creating the tables twice.
    private func migrate() throws {
        try locked { c in
            // A store already up to date needs no lock and no write (a read-only role opens it).
            if try c.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.decode(Bool.self) == true {
                let done = Set(try c.query("SELECT version FROM schema_migrations").map { try $0.decode(String.self) })
                if Self.migrations.allSatisfy({ done.contains($0.version) }) {
                    // A role without INSERT, or a read-only session (default_transaction_read_only, a standby).
                    readOnly = try c.query("SELECT has_table_privilege('articles', 'INSERT') AND current_setting('transaction_read_only') = 'off'").first?.decode(Bool.self) != true
                    return
                }
            }
            try c.transaction {
                _ = try c.query("SELECT pg_advisory_xact_lock(7150012345)")
                try c.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
                let done = Set(try c.query("SELECT version FROM schema_migrations").map { try $0.decode(String.self) })
                for m in Self.migrations where !done.contains(m.version) {
                    for statement in Self.statements(m.sql) { try c.execute(statement) }
                    _ = try c.query("INSERT INTO schema_migrations (version) VALUES (\(m.version))")
                }
            }
        }
    }

    // MARK: FactStore

    public func contains(hash: String) throws -> Bool {
        try locked { try $0.query("SELECT EXISTS(SELECT 1 FROM articles WHERE content_hash = \(hash))").first?.decode(Bool.self) ?? false }
    }

    public func articleCount() throws -> Int {
        try locked { try $0.query("SELECT COUNT(*) FROM articles").first.map { Int(try $0.decode(Int64.self)) } ?? 0 }
    }

    @discardableResult
    public func save(_ f: ArticleFacts, input: ArticleInput, encoding: String) throws -> String {
        try locked { c in
            try c.transaction {
                let id = try Self.insert(f, input: input, encoding: encoding, replace: true, c) ?? f.article.id
                try c.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")
                return id
            }
        }
    }

    @discardableResult
    public func saveAll(_ items: [(ArticleFacts, ArticleInput)]) throws -> Int {
        // In content-hash order, so that two machines saving overlapping batches take their row
        // locks in the same order and never deadlock.
        var seen = Set<String>()
        let ordered = items.sorted { $0.1.hash < $1.1.hash }.filter { seen.insert($0.1.hash).inserted }
        guard !ordered.isEmpty else { return 0 }
        let (g, places) = lock.withLock { (_rollupGazetteer, rollupPlaces) }
        var memo = places
        let stored = try locked { c in
            try c.transaction {
                let key = try g.map(ArticleRollup.key).flatMap {
                    try c.query("SELECT value FROM meta WHERE key = 'rollup'").first?.decode(String.self) == $0 ? $0 : nil
                }
                var rows: [PGBatch.Article] = []
                for (f, a) in ordered {
                    var rollup: ArticleRollup?
                    if key != nil, var m = memo { rollup = ArticleRollup.compute(ArticleFactsView(f), places: &m); memo = m }
                    rows.append(PGBatch.Article(facts: f, input: a, rollup: rollup))
                }
                return try PGBatch.insert(rows, c)
            }
        }
        if let memo { lock.withLock { if _rollupGazetteer != nil { rollupPlaces = memo } } }
        return stored
    }

    /// Inserts one article and its facts (inside the caller's transaction). With `replace`, an
    /// earlier extraction of the same content under the same id is replaced; without it, content
    /// already stored is left as it is and nil is returned. Returns the id it was stored under.
    static func insert(_ f: ArticleFacts, input: ArticleInput, encoding: String, replace: Bool, _ c: PGConnection) throws -> String? {
        var id = f.article.id
        if let other = try c.query("SELECT content_hash FROM articles WHERE id = \(id)").first?.decode(String.self), other != input.hash {
            id += "~" + input.hash.prefix(8)
        }
        if replace { _ = try c.query("DELETE FROM articles WHERE id = \(id) AND content_hash = \(input.hash)") }
        var facts = f
        facts.article.id = id
        let a = facts.article
        let url = a.url ?? input.url
        let now = ISO8601DateFormatter().string(from: Date())
        let json = facts.json().serialized()
        // Waits for a concurrent transaction inserting the same content or id, then does nothing
        // if that one committed.
        func insertArticle(_ id: String) throws -> Bool {
            try !c.query("""
                INSERT INTO articles (id, source, url, title, published, content_hash, path, format, encoding, original,
                                      extractor_version, ingested_at, facts_json)
                VALUES (\(id), \(a.source), \(url), \(a.title), \(a.published?.iso), \(input.hash), \(input.path), \(input.format.rawValue),
                        \(encoding), \(ByteBuffer(bytes: input.text)), \(Extractor.version), \(now), \(json))
                ON CONFLICT DO NOTHING RETURNING id
                """).isEmpty
        }
        if try !insertArticle(id) {
            if try c.query("SELECT 1 FROM articles WHERE content_hash = \(input.hash)").first != nil { return nil }   // stored by another writer
            // Another writer took the id for other content meanwhile.
            id = f.article.id + "~" + input.hash.prefix(8)
            facts.article.id = id
            guard try insertArticle(id) else { return nil }
        }
        // The facts rows go out pipelined; the transaction makes them all or nothing.
        var pending: [EventLoopFuture<PostgresQueryResult>] = []
        for d in facts.documents {
            pending.append(c.send("INSERT INTO documents VALUES (\(id), \(d.id), \(d.kind), \(d.number), \(d.issuer), \(d.issuerName), \(d.date?.iso), \(d.text), \(d.span.lowerBound), \(d.span.upperBound))"))
        }
        for d in facts.dates {
            pending.append(c.send("INSERT INTO dates VALUES (\(id), \(d.value), \(d.end), \(d.granularity.rawValue), \(d.role), \(d.text), \(d.span.lowerBound), \(d.span.upperBound))"))
        }
        for t in facts.terms {
            pending.append(c.send("INSERT INTO terms VALUES (\(id), \(t.from), \(t.to), \(t.text), \(t.span.lowerBound), \(t.span.upperBound))"))
        }
        for u in facts.units {
            pending.append(c.send("INSERT INTO units VALUES (\(id), \(u.name), \(u.kind), \(u.orgType), \(u.place), \(u.placeType), \(u.placeCode), \(u.placeLevel), \(u.text), \(u.span.lowerBound), \(u.span.upperBound))"))
        }
        for n in facts.counts {
            pending.append(c.send("""
                INSERT INTO counts VALUES (\(id), \(n.done), \(n.total), \(n.percent), \(n.subject), \(n.level), \(n.status), \(n.activity),
                  \(n.unit?.name), \(n.unit?.place), \(n.unit?.placeCode), \(n.asOf), \(n.text), \(n.span.lowerBound), \(n.span.upperBound))
                """))
        }
        for w in facts.warnings {
            pending.append(c.send("INSERT INTO warnings VALUES (\(id), \(w.code), \(w.message), \(w.span?.lowerBound), \(w.span?.upperBound))"))
        }
        try c.waitAll(pending)
        return id
    }

    public func recordError(path: String, reason: String, hash: String?, extractorFailed: Bool) throws {
        let now = ISO8601DateFormatter().string(from: Date())
        let failed = extractorFailed ? 1 : 0
        try locked {
            _ = try $0.query("INSERT INTO ingest_errors (path, reason, at, content_hash, extractor_failed) VALUES (\(path), \(reason), \(now), \(hash), \(failed))")
        }
    }

    public func failedBefore(hash: String) throws -> String? {
        try locked {
            try $0.query("SELECT reason FROM ingest_errors WHERE content_hash = \(hash) AND extractor_failed = 1 ORDER BY at DESC LIMIT 1").first?.decode(String.self)
        }
    }

    public func staleArticles() throws -> [StaleArticle] {
        try locked { c in
            try c.query("SELECT id, original, path, format, url FROM articles WHERE extractor_version <> \(Extractor.version) ORDER BY id").map { row in
                let (id, original, path, format, url) = try row.decode((String, ByteBuffer, String?, String, String?).self)
                return (id, Array(original.readableBytesView), path, format, url)
            }
        }
    }

    public func hash(of id: String) throws -> String? {
        try locked { try $0.query("SELECT content_hash FROM articles WHERE id = \(id)").first?.decode(String.self) }
    }

    public func exportJSONL(filter: CountFilter, _ line: (String) throws -> Void) throws {
        // Page by id so that memory stays flat however large the store; `line` runs outside the
        // lock (it may use the store).
        let (whereSQL, args) = filter.articleWhere { "$\($0)" }
        let page = 500
        var after: String?
        while true {
            var binds = PostgresBindings()
            for a in args { binds.append(a) }
            var sql = "SELECT id, facts_json FROM articles a \(whereSQL)"
            if let after {
                binds.append(after)
                sql += (whereSQL.isEmpty ? " WHERE" : " AND") + " a.id > $\(binds.count)"
            }
            sql += " ORDER BY a.id LIMIT \(page)"
            let query = PostgresQuery(unsafeSQL: sql, binds: binds)
            let rows = try locked { c in try c.query(query).map { try $0.decode((String, String).self) } }
            for (_, json) in rows { try line(json) }
            guard rows.count == page, let last = rows.last else { return }
            after = last.0
        }
    }

    public func rows(type: FactType, filter: CountFilter) throws -> (header: [String], rows: [[String]]) {
        let (whereSQL, args) = filter.factWhere(type) { "$\($0)" }
        var binds = PostgresBindings()
        for a in args { binds.append(a) }
        let cols = type.columns
        // NULLS FIRST: SQLite's order for articles without a date.
        let sql = "SELECT f.article_id, a.published, \(cols.map { "f.\($0)" }.joined(separator: ", ")) FROM \(type.rawValue) f JOIN articles a ON a.id = f.article_id \(whereSQL) ORDER BY a.published NULLS FIRST, f.article_id, f.span_start"
        let rows = try locked { c in
            try c.query(PostgresQuery(unsafeSQL: sql, binds: binds)).map { row in try row.map(Self.text) }
        }
        return (["article_id", "published"] + cols, rows)
    }

    /// A cell as the SQLite store shows it: NULL as "", whole doubles without ".0".
    static func text(_ cell: PostgresCell) throws -> String {
        guard cell.bytes != nil else { return "" }
        switch cell.dataType {
        case .int8: return String(try cell.decode(Int64.self))
        case .int4, .int2: return String(try cell.decode(Int.self))
        case .float8, .float4:
            let x = try cell.decode(Double.self)
            return x == x.rounded() ? String(Int(x)) : String(x)
        case .bytea: return ""
        default: return try cell.decode(String.self)
        }
    }

    /// Runs `body` with the connection, one operation at a time; reconnects first if the server
    /// closed the connection since the last operation.
    func locked<T>(_ body: (PGConnection) throws -> T) throws -> T {
        try lock.withLock {
            if connection.isClosed { connection = try PGConnection(address) }
            return try body(connection)
        }
    }
}

/// A `postgres://user:password@host:port/database` (or `postgresql://`) URL. The port defaults to
/// 5432, the user to `postgres`, the database to the user's name; `?sslmode=require` (or
/// `prefer`) asks for TLS, verified against the system's certificates.
struct PostgresURL: Sendable {
    enum TLSMode: String, Sendable { case disable, prefer, require }
    var host: String
    var port: Int
    var user: String
    var password: String?
    var database: String
    var tls: TLSMode

    static func isPostgres(_ s: String) -> Bool {
        let l = s.lowercased()
        return l.hasPrefix("postgres://") || l.hasPrefix("postgresql://")
    }

    init(_ s: String) throws {
        guard Self.isPostgres(s), let c = URLComponents(string: s) else {
            throw PostgresStoreError("not a PostgreSQL URL (postgres://user:password@host:port/database): \(displayLocation(s))")
        }
        host = c.host.flatMap { $0.isEmpty ? nil : $0.removingPercentEncoding } ?? "localhost"
        port = c.port ?? 5432
        user = c.user?.removingPercentEncoding ?? "postgres"
        password = c.password?.removingPercentEncoding
        let path = String(c.path.drop(while: { $0 == "/" })).removingPercentEncoding ?? ""
        database = path.isEmpty ? user : path
        let mode = c.queryItems?.first { $0.name == "sslmode" }?.value ?? "disable"
        guard let t = TLSMode(rawValue: mode) else {
            throw PostgresStoreError("sslmode must be disable, prefer or require, not \(mode)")
        }
        tls = t
    }

    func configuration() throws -> PostgresConnection.Configuration {
        let tlsConfig: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable: tlsConfig = .disable
        case .prefer: tlsConfig = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
        case .require: tlsConfig = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
        }
        return .init(host: host, port: port, username: user, password: password, database: database, tls: tlsConfig)
    }
}

/// A PostgreSQL error in words: the server's message and SQLSTATE, or what went wrong on the way.
public struct PostgresStoreError: Error, CustomStringConvertible {
    public var description: String
    /// The SQLSTATE code of a server error ("23505" for a unique violation).
    public var sqlState: String?
    init(_ description: String, sqlState: String? = nil) { self.description = description; self.sqlState = sqlState }

    init(_ error: any Error) {
        if let e = error as? PostgresStoreError { self = e; return }
        guard let e = error as? PSQLError else { self.init("\(error)"); return }
        if let info = e.serverInfo {
            var s = "PostgreSQL: \(info[.message] ?? "error")"
            if let d = info[.detail] { s += " (\(d))" }
            if let st = info[.sqlState] { s += " [SQLSTATE \(st)]" }
            self.init(s, sqlState: info[.sqlState])
        } else if let u = e.underlying {
            self.init("PostgreSQL: \(e.code): \(u)")
        } else {
            self.init("PostgreSQL: \(e.code)")
        }
    }
}

/// One PostgreSQL connection for synchronous code. PostgresNIO runs the connection on SwiftNIO's
/// shared event loops; each call here sends its query and blocks the calling thread on the
/// returned future (`wait()`), so the synchronous ingestor and commands can use it. It never
/// blocks an event loop thread or Swift's cooperative threads' progress: the work happens on the
/// NIO threads. Not for use by two threads at once (`PostgresStore` serializes its calls).
final class PGConnection: @unchecked Sendable {
    let connection: PostgresConnection
    let logger: Logger

    init(_ url: PostgresURL) throws {
        var logger = Logger(label: "vnfacts.postgres")
        logger.logLevel = .critical   // nothing on stdout, which may be carrying an export
        self.logger = logger
        do {
            connection = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try url.configuration(),
                                                        id: 1, logger: logger).wait()
        } catch {
            throw PostgresStoreError("cannot connect to \(url.host):\(url.port) as \(url.user), database \(url.database): \(PostgresStoreError(error))")
        }
    }

    var isClosed: Bool { connection.isClosed }

    /// Runs one statement (parameters interpolated as binds) and returns its rows.
    @discardableResult
    func query(_ q: PostgresQuery) throws -> [PostgresRow] {
        do { return try connection.query(q, logger: logger).wait().rows } catch { throw PostgresStoreError(error) }
    }

    /// Sends one statement without waiting: statements sent one after another are pipelined and run
    /// in order. Wait for them with `waitAll`.
    func send(_ q: PostgresQuery) -> EventLoopFuture<PostgresQueryResult> {
        connection.query(q, logger: logger)
    }

    /// Waits for every future, then throws the first error if any.
    func waitAll(_ futures: [EventLoopFuture<PostgresQueryResult>]) throws {
        var first: (any Error)?
        for f in futures {
            do { _ = try f.wait() } catch { if first == nil { first = error } }
        }
        if let first { throw PostgresStoreError(first) }
    }

    /// Runs one statement without parameters.
    func execute(_ sql: String) throws {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// A deadlock or serialization failure (another machine writing the same rows) is retried.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            try execute("BEGIN")
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                if !isClosed { try? execute("ROLLBACK") }
                let state = (error as? PostgresStoreError)?.sqlState
                if attempt < 5, state == "40P01" || state == "40001" { continue }
                throw error
            }
        }
    }

    func close() {
        if !connection.isClosed { try? connection.close().wait() }
    }
}
