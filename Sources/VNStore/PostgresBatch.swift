import Foundation
import PostgresNIO
import VNExtract

/// A batch of articles written to PostgreSQL in a few multi-row statements (one per table, split
/// to stay under the protocol's 65 535 parameters), inside the caller's transaction.
enum PGBatch {
    struct Article {
        var facts: ArticleFacts
        var input: ArticleInput
        var rollup: ArticleRollup?
    }

    /// One parameter of a multi-row statement.
    enum Value {
        case text(String?), int(Int?), double(Double?), bytes([UInt8])
    }

    /// Runs `head VALUES (…), (…) tail` over the rows, as many rows per statement as the
    /// parameter limit allows; returns the rows of the statements (for RETURNING).
    @discardableResult
    static func run(_ head: String, _ rows: [[Value]], tail: String = "", _ c: PGConnection, casts: [String] = []) throws -> [PostgresRow] {
        guard let width = rows.first?.count, width > 0 else { return [] }
        let perStatement = max(1, 60_000 / width)
        var out: [PostgresRow] = []
        var start = 0
        var pending: [EventLoopFuture<PostgresQueryResult>] = []
        let returning = !tail.isEmpty && tail.contains("RETURNING")
        while start < rows.count {
            let chunk = rows[start..<min(rows.count, start + perStatement)]
            var binds = PostgresBindings(capacity: chunk.count * width)
            var sql = head + " VALUES "
            var n = 0
            for (i, r) in chunk.enumerated() {
                if i > 0 { sql += "," }
                sql += "("
                for (j, v) in r.enumerated() {
                    n += 1
                    sql += (j > 0 ? ",$" : "$") + String(n) + (j < casts.count ? "::" + casts[j] : "")
                    switch v {
                    case .text(let s): try binds.append(s)
                    case .int(let x): try binds.append(x.map(Int64.init))
                    case .double(let x): try binds.append(x)
                    case .bytes(let b): try binds.append(ByteBuffer(bytes: b))
                    }
                }
                sql += ")"
            }
            sql += tail
            let q = PostgresQuery(unsafeSQL: sql, binds: binds)
            // Statements without results are pipelined; the transaction makes them all or nothing.
            if returning { out += try c.query(q) } else { pending.append(c.send(q)) }
            start += chunk.count
        }
        try c.waitAll(pending)
        return out
    }

    /// Inserts the articles whose content is not stored yet (each under its id, or with a suffix
    /// when another content has it) with their facts and roll-ups; returns how many were stored.
    static func insert(_ items: [Article], _ c: PGConnection) throws -> Int {
        guard !items.isEmpty else { return 0 }
        // What is stored already: content (skipped) and ids (taken).
        var takenIDs = Set<String>(), storedHashes = Set<String>()
        for r in try c.query("SELECT id, content_hash FROM articles WHERE id = ANY(\(items.map(\.facts.article.id))) OR content_hash = ANY(\(items.map(\.input.hash)))") {
            let (id, hash) = try r.decode((String, String).self)
            takenIDs.insert(id)
            storedHashes.insert(hash)
        }
        var todo: [Article] = []
        for var a in items where !storedHashes.contains(a.input.hash) {
            var id = a.facts.article.id
            if takenIDs.contains(id) { id += "~" + a.input.hash.prefix(8) }
            guard takenIDs.insert(id).inserted else { continue }
            a.facts.article.id = id
            todo.append(a)
        }
        guard !todo.isEmpty else { return 0 }
        let now = ISO8601DateFormatter().string(from: Date())
        // Waits for a concurrent transaction inserting the same content or id, then leaves out
        // what that one committed.
        let inserted = try run("INSERT INTO articles (id, source, url, title, published, content_hash, path, format, encoding, original, extractor_version, ingested_at, facts_json, day, places, title_fold, rolled)",
                               todo.map { x in
            let a = x.facts.article
            return [.text(a.id), .text(a.source), .text(a.url ?? x.input.url), .text(a.title), .text(a.published?.iso), .text(x.input.hash),
                    .text(x.input.path), .text(x.input.format.rawValue), .text(x.input.encoding), .bytes(x.input.text), .text(Extractor.version),
                    .text(now), .text(x.facts.json().serialized()), .text(x.rollup?.day), .int(x.rollup?.places), .text(x.rollup?.titleFold),
                    .int(x.rollup == nil ? nil : 1)]
        }, tail: " ON CONFLICT DO NOTHING RETURNING id", c)
        let ok = Set(try inserted.map { try $0.decode(String.self) })
        var done = todo.filter { ok.contains($0.facts.article.id) }
        done.sort { $0.facts.article.id < $1.facts.article.id }
        try facts(done, c)
        // Left out: content another writer stored meanwhile (skipped), or an id it took for other
        // content (stored one at a time, rolled up by the next refresh).
        var stored = done.count
        for x in todo where !ok.contains(x.facts.article.id) {
            if try PostgresStore.insert(x.facts, input: x.input, encoding: x.input.encoding, replace: false, c) != nil { stored += 1 }
        }
        return stored
    }

    /// The fact rows and roll-up rows of articles just inserted.
    static func facts(_ done: [Article], _ c: PGConnection) throws {
        var documents: [[Value]] = [], dates: [[Value]] = [], terms: [[Value]] = [], units: [[Value]] = [], counts: [[Value]] = [], warnings: [[Value]] = []
        var places: [[Value]] = [], names: [String: [Value]] = [:]
        for x in done {
            let id = x.facts.article.id, f = x.facts
            for d in f.documents {
                documents.append([.text(id), .text(d.id), .text(d.kind), .text(d.number), .text(d.issuer), .text(d.issuerName), .text(d.date?.iso), .text(d.text),
                                  .int(d.span.lowerBound), .int(d.span.upperBound)])
            }
            for d in f.dates {
                dates.append([.text(id), .text(d.value), .text(d.end), .text(d.granularity.rawValue), .text(d.role), .text(d.text), .int(d.span.lowerBound), .int(d.span.upperBound)])
            }
            for t in f.terms { terms.append([.text(id), .int(t.from), .int(t.to), .text(t.text), .int(t.span.lowerBound), .int(t.span.upperBound)]) }
            var versions: [String: String] = [:]
            for u in x.rollup?.unitNames ?? [] {
                if let v = u.version { versions[u.name + "\u{1F}" + (u.placeCode ?? "")] = v }
                names[u.name + "\u{1F}" + (u.placeCode ?? "") + "\u{1F}" + (u.version ?? "")] = [.text(u.name), .text(u.placeCode), .text(u.version), .text(u.fold)]
            }
            for u in f.units {
                units.append([.text(id), .text(u.name), .text(u.kind), .text(u.orgType), .text(u.place), .text(u.placeType), .text(u.placeCode), .text(u.placeLevel),
                              .text(u.text), .int(u.span.lowerBound), .int(u.span.upperBound), .text(versions[u.name + "\u{1F}" + (u.placeCode ?? "")])])
            }
            for (i, n) in f.counts.enumerated() {
                let r = x.rollup.flatMap { i < $0.counts.count ? $0.counts[i] : nil }
                counts.append([.text(id), .int(n.done), .int(n.total), .double(n.percent), .text(n.subject), .text(n.level), .text(n.status), .text(n.activity),
                               .text(n.unit?.name), .text(n.unit?.place), .text(n.unit?.placeCode), .text(n.asOf), .text(n.text), .int(n.span.lowerBound), .int(n.span.upperBound),
                               .text(r?.province), .text(r?.district), .text(r?.unitKey), .text(r?.day)])
            }
            for w in f.warnings { warnings.append([.text(id), .text(w.code), .text(w.message), .int(w.span?.lowerBound), .int(w.span?.upperBound)]) }
            if let r = x.rollup {
                for p in r.placeRows { places.append([.text(id), .text(p.province), .text(p.district), .text(r.day), .text(r.week)]) }
            }
        }
        try run("INSERT INTO documents (article_id, doc_id, kind, number, issuer, issuer_name, date, text, span_start, span_end)", documents, c)
        try run("INSERT INTO dates (article_id, value, end_value, granularity, role, text, span_start, span_end)", dates, c)
        try run("INSERT INTO terms (article_id, from_year, to_year, text, span_start, span_end)", terms, c)
        try run("INSERT INTO units (article_id, name, kind, org_type, place, place_type, place_code, place_level, text, span_start, span_end, version)", units, c)
        try run("""
            INSERT INTO counts (article_id, done, total, percent, subject, level, status, activity, unit_name, unit_place, unit_code, as_of, text, span_start, span_end,
                                province, district, unit_key, day)
            """, counts, c)
        try run("INSERT INTO warnings (article_id, code, message, span_start, span_end)", warnings, c)
        try run("INSERT INTO article_places (article_id, province, district, day, week)", places, c)
        // Names in one order on every machine (no two transactions wait for each other's names).
        try run("INSERT INTO unit_names (name, place_code, version, fold)", names.keys.sorted().compactMap { names[$0] }, tail: " ON CONFLICT DO NOTHING", c)
        if !done.isEmpty { try c.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'") }
    }
}
