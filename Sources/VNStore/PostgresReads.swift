import Foundation
import PostgresNIO
import VNGazetteer
import VNText

/// The roll-ups and the reads of coverage and the dashboard on PostgreSQL: the SQLite store's
/// queries in PostgreSQL's dialect, giving the same answers in the same order.
extension PostgresStore {
    public func generation() throws -> Int {
        try locked { c in
            try c.query("SELECT value FROM meta WHERE key = 'generation'").first.flatMap { Int(try $0.decode(String.self)) } ?? 0
        }
    }

    public func needsRollups(gazetteer g: Gazetteer) throws -> Bool {
        try locked { c in
            try c.query("SELECT value FROM meta WHERE key = 'rollup'").first?.decode(String.self) != ArticleRollup.key(g)
                || c.query("SELECT EXISTS(SELECT 1 FROM articles WHERE rolled IS NULL)").first?.decode(Bool.self) == true
        }
    }

    @discardableResult
    public func refreshRollups(gazetteer g: Gazetteer, batch: Int) throws -> Int {
        if readOnly { return 0 }
        let key = ArticleRollup.key(g)
        try locked { c in
            try c.transaction {
                // One machine rebuilds at a time.
                _ = try c.query("SELECT pg_advisory_xact_lock(7150012346)")
                if try c.query("SELECT value FROM meta WHERE key = 'rollup'").first?.decode(String.self) != key {
                    try c.execute("UPDATE articles SET rolled = NULL WHERE rolled IS NOT NULL")
                    try c.execute("DELETE FROM unit_names")
                    _ = try c.query("INSERT INTO meta VALUES ('rollup', \(key)) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
                }
            }
        }
        var places = PlaceRollup(units: g.units)
        var total = 0
        while true {
            let n = try locked { c in
                try c.transaction { () throws -> Int in
                    // Rows another machine is rolling up are left to it.
                    let ids = try c.query("SELECT id FROM articles WHERE rolled IS NULL ORDER BY id LIMIT \(batch) FOR UPDATE SKIP LOCKED").map { try $0.decode(String.self) }
                    guard !ids.isEmpty else { return 0 }
                    try Self.rollUp(ids, places: &places, c)
                    try c.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")
                    return ids.count
                }
            }
            total += n
            if n < batch { break }
        }
        return total
    }

    /// Rolls up these articles: reads their facts in a few queries, writes the roll-ups in a few.
    static func rollUp(_ ids: [String], places: inout PlaceRollup, _ c: PGConnection) throws {
        var head: [String: (String?, String?)] = [:]
        for r in try c.query("SELECT id, published, title FROM articles WHERE id = ANY(\(ids))") {
            let (id, p, t) = try r.decode((String, String?, String?).self)
            head[id] = (p, t)
        }
        var units: [String: [(name: String, placeCode: String?)]] = [:]
        for r in try c.query("SELECT article_id, name, place_code FROM units WHERE article_id = ANY(\(ids))") {
            let (id, n, p) = try r.decode((String, String, String?).self)
            units[id, default: []].append((n, p))
        }
        var maxDay: [String: String] = [:]
        for r in try c.query("SELECT article_id, MAX(value) FROM dates WHERE article_id = ANY(\(ids)) AND granularity = 'day' GROUP BY article_id") {
            let (id, v) = try r.decode((String, String?).self)
            if let v { maxDay[id] = v }
        }
        var counts: [String: [(id: Int64, unitCode: String?, unitName: String?, asOf: String?)]] = [:]
        for r in try c.query("SELECT article_id, id, unit_code, unit_name, as_of FROM counts WHERE article_id = ANY(\(ids)) ORDER BY id") {
            let (aid, id, code, name, asOf) = try r.decode((String, Int64, String?, String?, String?).self)
            counts[aid, default: []].append((id, code, name, asOf))
        }
        var placeRows: [[PGBatch.Value]] = [], countRows: [[PGBatch.Value]] = [], unitRows: [[PGBatch.Value]] = [], articleRows: [[PGBatch.Value]] = []
        var names: [String: [PGBatch.Value]] = [:]
        for id in ids {
            let h = head[id] ?? (nil, nil)
            let cs = counts[id] ?? []
            let r = ArticleRollup.compute(published: h.0, title: h.1, maxDay: maxDay[id], units: units[id] ?? [],
                                          counts: cs.map { ($0.unitCode, $0.unitName, $0.asOf) }, places: &places)
            for p in r.placeRows { placeRows.append([.text(id), .text(p.province), .text(p.district), .text(r.day), .text(r.week)]) }
            for (row, x) in zip(cs, r.counts) {
                countRows.append([.int(Int(row.id)), .text(x.province), .text(x.district), .text(x.unitKey), .text(x.day)])
            }
            for u in r.unitNames {
                unitRows.append([.text(id), .text(u.name), .text(u.placeCode), .text(u.version)])
                names[u.name + "\u{1F}" + (u.placeCode ?? "") + "\u{1F}" + (u.version ?? "")] = [.text(u.name), .text(u.placeCode), .text(u.version), .text(u.fold)]
            }
            articleRows.append([.text(id), .text(r.day), .int(r.places), .text(r.titleFold)])
        }
        _ = try c.query("DELETE FROM article_places WHERE article_id = ANY(\(ids))")
        try PGBatch.run("INSERT INTO article_places (article_id, province, district, day, week)", placeRows, c)
        try PGBatch.run("UPDATE counts c SET province = v.p, district = v.d, unit_key = v.k, day = v.day FROM (", countRows.map { r in r },
                        tail: ") AS v(id, p, d, k, day) WHERE c.id = v.id::bigint", c, casts: ["bigint", "text", "text", "text", "text"])
        try PGBatch.run("UPDATE units u SET version = v.ver FROM (", unitRows,
                        tail: ") AS v(aid, name, code, ver) WHERE u.article_id = v.aid AND u.name = v.name AND u.place_code IS NOT DISTINCT FROM v.code", c,
                        casts: ["text", "text", "text", "text"])
        try PGBatch.run("INSERT INTO unit_names (name, place_code, version, fold)", names.keys.sorted().compactMap { names[$0] }, tail: " ON CONFLICT DO NOTHING", c)
        try PGBatch.run("UPDATE articles a SET day = v.day, places = v.places, title_fold = v.tf, rolled = 1 FROM (", articleRows,
                        tail: ") AS v(id, day, places, tf) WHERE a.id = v.id", c, casts: ["text", "text", "bigint", "text"])
    }

    public func coverageAggregates(from: String?, to: String?) throws -> CoverageAggregates {
        let p = periodSQL("day", from: from, to: to) { "$\($0)" }
        func q(_ sql: String) -> PostgresQuery {
            var b = PostgresBindings()
            for a in p.args { b.append(a) }
            return PostgresQuery(unsafeSQL: sql, binds: b)
        }
        return try locked { c in
            var a = CoverageAggregates()
            if let r = try c.query(q("SELECT COUNT(*), COUNT(*) FILTER (WHERE places > 0) FROM articles WHERE TRUE\(p.sql)")).first {
                let (n, w) = try r.decode((Int64, Int64).self)
                a.articleTotal = Int(n); a.articlesWithPlace = Int(w)
            }
            if let r = try c.query("SELECT MIN(day), MAX(day) FROM articles").first { (a.earliestDay, a.latestDay) = try r.decode((String?, String?).self) }
            for r in try c.query(q("SELECT province, week, COUNT(DISTINCT article_id), MAX(day) FROM article_places WHERE TRUE\(p.sql) GROUP BY province, week")) {
                let (pr, week, n, latest) = try r.decode((String, String?, Int64, String?).self)
                a.addProvinceWeek(province: pr, week: week, articles: Int(n), latest: latest)
            }
            for r in try c.query(q("SELECT province, district, COUNT(DISTINCT article_id) FROM article_places WHERE district IS NOT NULL\(p.sql) GROUP BY district, province")) {
                let (pr, d, n) = try r.decode((String, String, Int64).self)
                a.districtArticles[d] = (pr, Int(n))
            }
            for r in try c.query(q("SELECT week, COUNT(DISTINCT article_id) FROM article_places WHERE week IS NOT NULL\(p.sql) GROUP BY week")) {
                let (w, n) = try r.decode((String, Int64).self)
                a.weeklyTotal[w] = Int(n)
            }
            a.claims = try c.query(q("SELECT province, district, COUNT(*), MAX(as_of) FROM counts WHERE province IS NOT NULL\(p.sql) GROUP BY province, district")).map { r in
                let (pr, d, n, latest) = try r.decode((String, String?, Int64, String?).self)
                return (pr, d, Int(n), latest)
            }
            return a
        }
    }

    public func claimGroups(unitCodes: [String], unitKeys: [String], within: [String], from: String?, to: String?, undated: Bool) throws -> [ClaimGroup] {
        let p = periodSQL("c.day", from: from, to: to, undated: undated, first: 4) { "$\($0)" }
        var b = PostgresBindings()
        b.append(unitCodes)
        b.append(unitKeys)
        b.append(within)
        for a in p.args { b.append(a) }
        let sql = ReadSQL.claimGroups(match: "c.unit_code = ANY($1) OR c.unit_key = ANY($2) OR c.province = ANY($3) OR c.district = ANY($3)", period: p.sql)
        return try locked { c in
            try c.query(PostgresQuery(unsafeSQL: sql, binds: b)).map { r in
                let cols = r.makeRandomAccess()
                func s(_ k: String) throws -> String? { try cols[k].decode(String?.self) }
                func i(_ k: String) throws -> Int? { try cols[k].decode(Int64?.self).map { Int($0) } }
                return ClaimGroup(first: ClaimRow(articleID: try s("article_id") ?? "", published: try s("published"), done: try i("done"), total: try i("total"),
                                                  percent: try cols["percent"].decode(Double?.self), level: try s("level") ?? "", status: try s("status") ?? "",
                                                  activity: try s("activity") ?? "", unitName: try s("unit_name"), unitPlace: try s("unit_place"),
                                                  unitCode: try s("unit_code"), asOf: try s("as_of"), text: try s("text") ?? "",
                                                  spanStart: try i("span_start") ?? 0, spanEnd: try i("span_end") ?? 0),
                                  times: try i("n") ?? 0, province: try s("province"), district: try s("district"))
            }
        }
    }

    public func article(id: String) throws -> StoredArticle? {
        try locked { c in
            try c.query("SELECT id, title, published, source, url, original, facts_json, day FROM articles WHERE id = \(id)").first.map { r in
                let (id, title, published, source, url, original, json, day) = try r.decode((String, String?, String?, String?, String?, ByteBuffer, String, String?).self)
                return StoredArticle(id: id, title: title, published: published, source: source, url: url, text: Array(original.readableBytesView), factsJSON: json, day: day)
            }
        }
    }

    public func articles(about key: String, level: String, from: String?, to: String?, limit: Int, offset: Int) throws -> (total: Int, page: [ArticleSummary]) {
        let (inner, pargs) = ReadSQL.articlesAbout(level: level, from: from, to: to) { "$\($0)" }
        func binds(_ extra: [Int] = []) -> PostgresBindings {
            var b = PostgresBindings()
            b.append(key)
            for a in pargs { b.append(a) }
            for x in extra { b.append(Int64(x)) }
            return b
        }
        let n = pargs.count + 1
        return try locked { c in
            let total = try c.query(PostgresQuery(unsafeSQL: "SELECT COUNT(*) FROM (\(inner)) x", binds: binds())).first.map { Int(try $0.decode(Int64.self)) } ?? 0
            let page = try c.query(PostgresQuery(unsafeSQL: """
                SELECT a.id, a.title, a.published, a.source, x.day FROM
                  (SELECT * FROM (\(inner)) y ORDER BY day IS NULL, day DESC, article_id LIMIT $\(n + 1) OFFSET $\(n + 2)) x
                JOIN articles a ON a.id = x.article_id ORDER BY x.day IS NULL, x.day DESC, x.article_id
                """, binds: binds([limit, offset]))).map(Self.summary)
            return (total, page)
        }
    }

    public func search(_ q: String, limit: Int, offset: Int) throws -> SearchResult {
        let pattern = ReadSQL.likePattern(q)
        return try locked { c in
            // Titles, or the articles naming a matching unit (Store.search's twin).
            let total = try c.query("""
                SELECT COUNT(*) FROM articles WHERE title_fold LIKE \(pattern) ESCAPE '\\' OR id IN (SELECT u.article_id FROM unit_names n
                  JOIN units u ON u.name = n.name AND u.place_code IS NOT DISTINCT FROM n.place_code AND u.version IS NOT DISTINCT FROM n.version WHERE n.fold LIKE \(pattern) ESCAPE '\\')
                """).first.map { Int(try $0.decode(Int64.self)) } ?? 0
            let arts = try c.query("""
                SELECT a.id, a.title, a.published, a.source, x.day FROM
                  (SELECT id, day FROM articles WHERE title_fold LIKE \(pattern) ESCAPE '\\' OR id IN (SELECT u.article_id FROM unit_names n
                     JOIN units u ON u.name = n.name AND u.place_code IS NOT DISTINCT FROM n.place_code AND u.version IS NOT DISTINCT FROM n.version WHERE n.fold LIKE \(pattern) ESCAPE '\\')
                   ORDER BY day IS NULL, day DESC, id LIMIT \(Int64(limit)) OFFSET \(Int64(offset))) x
                JOIN articles a ON a.id = x.id ORDER BY x.day IS NULL, x.day DESC, x.id
                """).map(Self.summary)
            let names = try c.query("SELECT name, place_code, version FROM unit_names WHERE fold LIKE \(pattern) ESCAPE '\\' ORDER BY length(name), name, place_code NULLS FIRST, version NULLS FIRST LIMIT 50")
                .map { try $0.decode((String, String?, String?).self) }
            let units = try names.map { (name, code, version) -> SearchResult.UnitHit in
                let n = try c.query("SELECT COUNT(DISTINCT article_id) FROM units WHERE name = \(name) AND place_code IS NOT DISTINCT FROM \(code) AND version IS NOT DISTINCT FROM \(version)")
                    .first.map { Int(try $0.decode(Int64.self)) } ?? 0
                return SearchResult.UnitHit(name: name, code: code, version: version, articles: n)
            }
            return SearchResult(articleTotal: total, articles: arts, units: sortedHits(units))
        }
    }

    static func summary(_ r: PostgresRow) throws -> ArticleSummary {
        let (id, title, published, source, day) = try r.decode((String, String?, String?, String?, String?).self)
        return ArticleSummary(id: id, title: title, published: published, source: source, day: day)
    }
}
