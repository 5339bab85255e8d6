import Foundation
import GRDB
import VNGazetteer
import VNText

/// Precomputed roll-ups that let coverage answer from indexes instead of reading every article:
/// each article's date and the provinces and district-level units it names (on that date), and
/// each count claim's province, district, date and folded unit name. They depend on the
/// gazetteer's unit files, so the store remembers the fingerprint they were built with and
/// rebuilds them when it changes; newly stored articles are rolled up by the next
/// `refreshRollups` (ingest, coverage and the dashboard call it).
extension Store {
    static func migrateRollups(_ db: Database) throws {
        try db.execute(sql: """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta VALUES ('generation', '0');
        ALTER TABLE articles ADD COLUMN day TEXT;
        ALTER TABLE articles ADD COLUMN places INTEGER;
        ALTER TABLE articles ADD COLUMN title_fold TEXT;
        CREATE TABLE unit_names (name TEXT NOT NULL, place_code TEXT, fold TEXT NOT NULL);
        CREATE UNIQUE INDEX unit_names_key ON unit_names(name, IFNULL(place_code, ''));
        CREATE INDEX units_name ON units(name, place_code, article_id);
        ALTER TABLE articles ADD COLUMN rolled INTEGER;
        CREATE INDEX articles_unrolled ON articles(id) WHERE rolled IS NULL;
        CREATE INDEX articles_day ON articles(day, places);
        CREATE INDEX articles_id_day ON articles(id, day);
        CREATE INDEX articles_title ON articles(title_fold, day, id);
        CREATE TABLE article_places (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
          province TEXT NOT NULL, district TEXT, day TEXT, week TEXT);
        CREATE INDEX article_places_article ON article_places(article_id);
        CREATE INDEX article_places_province ON article_places(province, week, day, article_id);
        CREATE INDEX article_places_district ON article_places(district, province, day, article_id) WHERE district IS NOT NULL;
        CREATE INDEX article_places_week ON article_places(week, day, article_id) WHERE week IS NOT NULL;
        ALTER TABLE counts ADD COLUMN province TEXT;
        ALTER TABLE counts ADD COLUMN district TEXT;
        ALTER TABLE counts ADD COLUMN unit_key TEXT;
        ALTER TABLE counts ADD COLUMN day TEXT;
        CREATE INDEX counts_province ON counts(province, district, day, as_of) WHERE province IS NOT NULL;
        CREATE INDEX counts_unit_key ON counts(unit_key);
        CREATE INDEX counts_article ON counts(article_id);
        CREATE INDEX units_article ON units(article_id);
        CREATE INDEX dates_article ON dates(article_id);
        CREATE INDEX documents_article ON documents(article_id);
        CREATE INDEX terms_article ON terms(article_id);
        CREATE INDEX warnings_article ON warnings(article_id);
        """)
    }

    static func bumpGeneration(_ db: Database) throws {
        try db.execute(sql: "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")
    }

    /// A number that changes whenever something is stored, so what is computed from the store can
    /// be cached until then.
    public func generation() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'generation'") ?? 0 }
    }

    /// Whether some articles have no roll-ups yet (or were rolled up with other unit data).
    public func needsRollups(gazetteer g: Gazetteer) throws -> Bool {
        try db.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rollup'") != Store.rollupKey(g)
                || Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM articles WHERE rolled IS NULL)") == true
        }
    }

    /// Builds the missing roll-ups, if any (a cheap check when there are none).
    public func ensureRollups(gazetteer g: Gazetteer) throws {
        if try needsRollups(gazetteer: g) { try refreshRollups(gazetteer: g) }
    }

    static func rollupKey(_ g: Gazetteer) -> String { "1|" + g.unitsFingerprint }

    /// Builds the roll-ups of every article that lacks them, in transactions of `batch` articles
    /// (a reader never waits long; an interrupted run resumes). Returns how many were rolled up.
    @discardableResult
    public func refreshRollups(gazetteer g: Gazetteer, batch: Int = 2000) throws -> Int {
        let key = Store.rollupKey(g)
        try db.write { db in
            if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rollup'") != key {
                try db.execute(sql: "UPDATE articles SET rolled = NULL WHERE rolled IS NOT NULL")
                try db.execute(sql: "INSERT OR REPLACE INTO meta VALUES ('rollup', ?)", arguments: [key])
            }
        }
        var places = PlaceRollup(units: g.units)
        var total = 0
        while true {
            let n = try db.write { db -> Int in
                let ids = try String.fetchAll(db, sql: "SELECT id FROM articles WHERE rolled IS NULL LIMIT ?", arguments: [batch])
                for id in ids { try Store.rollUp(article: id, places: &places, db: db) }
                if !ids.isEmpty { try Store.bumpGeneration(db) }
                return ids.count
            }
            total += n
            if n < batch { break }
        }
        return total
    }

    static func rollUp(article id: String, places: inout PlaceRollup, db: Database) throws {
        // An article without a dateline is dated by the latest full date it gives.
        let head = try Row.fetchOne(db, sql: "SELECT published, title FROM articles WHERE id = ?", arguments: [id])
        let published: String? = head?["published"], title: String? = head?["title"]
        // Search reads folded titles and the distinct unit names (no function call per row).
        for r in try Row.fetchAll(db, sql: "SELECT DISTINCT name, place_code FROM units WHERE article_id = ?", arguments: [id]) {
            let name: String = r["name"]
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO unit_names VALUES (?,?,?)").execute(arguments: [name, r["place_code"] as String?, Folding.plain(name)])
        }
        let dayText = try published ?? String.fetchOne(db, sql: "SELECT MAX(value) FROM dates WHERE article_id = ? AND granularity = 'day'", arguments: [id])
        let day = dayText.flatMap { Day(iso: $0) }
        // (The columns the roll-ups add sit after the article's text in each row; the indexes
        // above hold them, so queries never walk a stored text to reach them.)
        let week = day.map(isoWeek)
        try db.cachedStatement(sql: "DELETE FROM article_places WHERE article_id = ?").execute(arguments: [id])
        var seen = Set<String>()
        var named = 0
        for code in try String.fetchAll(db, sql: "SELECT DISTINCT place_code FROM units WHERE article_id = ? AND place_code IS NOT NULL", arguments: [id]) {
            guard let (p, d) = places.place(code, on: day) else { continue }
            // One row per (province, district): an article naming a commune counts for its district
            // and province once each.
            guard seen.insert(p + "|" + (d ?? "")).inserted else { continue }
            try db.cachedStatement(sql: "INSERT INTO article_places VALUES (?,?,?,?,?)").execute(arguments: [id, p, d, day?.iso, week])
            named += 1
        }
        let counts = try Row.fetchAll(db, sql: "SELECT rowid, unit_code, unit_name, as_of FROM counts WHERE article_id = ?", arguments: [id])
        for c in counts {
            let asOf: String? = c["as_of"]
            let claimDay = asOf.flatMap { Day(iso: $0) ?? Day(iso: $0 + "-01") } ?? day
            let rolled = (c["unit_code"] as String?).flatMap { places.place($0, on: claimDay) }
            let name: String? = c["unit_name"]
            try db.cachedStatement(sql: "UPDATE counts SET province = ?, district = ?, unit_key = ?, day = ? WHERE rowid = ?")
                .execute(arguments: [rolled?.province, rolled?.district, name.map { Folding.plain($0) }, asOf ?? day?.iso, c["rowid"] as Int64])
        }
        try db.cachedStatement(sql: "UPDATE articles SET day = ?, places = ?, title_fold = ?, rolled = 1 WHERE id = ?")
            .execute(arguments: [day?.iso, named, title.map { Folding.plain($0) }, id])
    }

    /// ISO week ("2020-W10"): the Thursday of the week decides the year.
    public static func isoWeek(_ d: Day) -> String {
        let thursday = d.adding(days: 4 - d.weekday)
        let jan1 = Day(clamping: thursday.year, 1, 1)
        let week = (thursday.ordinal - jan1.ordinal) / 7 + 1
        return String(format: "%04d-W%02d", thursday.year, week)
    }
}

/// The province and district-level unit a unit code belongs to on a day (memoized: an article
/// batch names the same units again and again).
struct PlaceRollup {
    let units: AdminUnits
    var memo: [String: (province: String, district: String?)?] = [:]

    init(units: AdminUnits) { self.units = units }

    mutating func place(_ code: String, on day: Day?) -> (province: String, district: String?)? {
        let key = code + "@" + (day?.iso ?? "")
        if let hit = memo[key] { return hit }
        let r = PlaceRollup.compute(units, code, day)
        memo[key] = r
        return r
    }

    static func compute(_ units: AdminUnits, _ code: String, _ day: Day?) -> (province: String, district: String?)? {
        // The version valid that day; an undated mention, or one outside every version, takes
        // the unit's latest version.
        guard let v = day.flatMap({ units.version(code: code, on: $0) }) ?? units.byCode[code]?.last.map({ units.versions[$0] }) else { return nil }
        let on = day.flatMap { v.validity.contains($0) ? $0 : nil } ?? v.validity.from ?? v.validity.to?.adding(days: -1) ?? Day(clamping: 2000, 1, 1)
        let chain = [v] + units.ancestors(of: v, on: on)
        guard let p = chain.first(where: { $0.level == .province }) else { return nil }
        return (p.code, chain.first { $0.level == .district }?.code)
    }
}
