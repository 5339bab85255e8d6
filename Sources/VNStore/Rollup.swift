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

    /// Units keyed by version: a unit mention's version, names searched by version.
    static func migrateUnitVersions(_ db: Database) throws {
        try db.execute(sql: """
        ALTER TABLE units ADD COLUMN version TEXT;
        CREATE INDEX units_version ON units(version, article_id) WHERE version IS NOT NULL;
        DROP INDEX unit_names_key;
        DELETE FROM unit_names;
        ALTER TABLE unit_names ADD COLUMN version TEXT;
        CREATE UNIQUE INDEX unit_names_key ON unit_names(name, IFNULL(place_code, ''), IFNULL(version, ''));
        DROP INDEX units_name;
        CREATE INDEX units_name ON units(name, place_code, version, article_id);
        UPDATE articles SET rolled = NULL;
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
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rollup'") != ArticleRollup.key(g)
                || Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM articles WHERE rolled IS NULL)") == true
        }
    }

    /// Builds the roll-ups of every article that lacks them, in transactions of `batch` articles
    /// (a reader never waits long; an interrupted run resumes). Returns how many were rolled up.
    /// A read-only store builds none (its writer does).
    @discardableResult
    public func refreshRollups(gazetteer g: Gazetteer, batch: Int = 2000) throws -> Int {
        if readOnly { return 0 }
        let key = ArticleRollup.key(g)
        try db.write { db in
            if try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rollup'") != key {
                try db.execute(sql: "UPDATE articles SET rolled = NULL WHERE rolled IS NOT NULL")
                try db.execute(sql: "DELETE FROM unit_names")
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

    /// Whether roll-ups made with this gazetteer can be written with the articles (the store's
    /// roll-ups are of the same unit data).
    func rollupKeyMatches(_ key: String, _ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'rollup'") == key
    }

    static func rollUp(article id: String, places: inout PlaceRollup, db: Database) throws {
        let head = try Row.fetchOne(db, sql: "SELECT published, title FROM articles WHERE id = ?", arguments: [id])
        let units = try Row.fetchAll(db, sql: "SELECT name, place_code FROM units WHERE article_id = ? ORDER BY rowid", arguments: [id])
            .map { (name: $0["name"] as String, placeCode: $0["place_code"] as String?) }
        let maxDay = try String.fetchOne(db, sql: "SELECT MAX(value) FROM dates WHERE article_id = ? AND granularity = 'day'", arguments: [id])
        let countRows = try Row.fetchAll(db, sql: "SELECT rowid, unit_code, unit_name, as_of FROM counts WHERE article_id = ? ORDER BY rowid", arguments: [id])
        let r = ArticleRollup.compute(published: head?["published"], title: head?["title"], maxDay: maxDay, units: units,
                                      counts: countRows.map { (unitCode: $0["unit_code"], unitName: $0["unit_name"], asOf: $0["as_of"]) }, places: &places)
        try db.cachedStatement(sql: "DELETE FROM article_places WHERE article_id = ?").execute(arguments: [id])
        try writeRollup(r, article: id, db: db)
        for (row, c) in zip(countRows, r.counts) {
            try db.cachedStatement(sql: "UPDATE counts SET province = ?, district = ?, unit_key = ?, day = ? WHERE rowid = ?")
                .execute(arguments: [c.province, c.district, c.unitKey, c.day, row["rowid"] as Int64])
        }
        for u in r.unitNames {
            try db.cachedStatement(sql: "UPDATE units SET version = ? WHERE article_id = ? AND name = ? AND place_code IS ?")
                .execute(arguments: [u.version, id, u.name, u.placeCode])
        }
        try db.cachedStatement(sql: "UPDATE articles SET day = ?, places = ?, title_fold = ?, rolled = 1 WHERE id = ?")
            .execute(arguments: [r.day, r.places, r.titleFold, id])
    }

    /// The roll-up rows of one article that are not columns of its fact rows: its places and unit names.
    static func writeRollup(_ r: ArticleRollup, article id: String, db: Database) throws {
        for u in r.unitNames {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO unit_names (name, place_code, fold, version) VALUES (?,?,?,?)")
                .execute(arguments: [u.name, u.placeCode, u.fold, u.version])
        }
        for p in r.placeRows {
            try db.cachedStatement(sql: "INSERT INTO article_places VALUES (?,?,?,?,?)").execute(arguments: [id, p.province, p.district, r.day, r.week])
        }
    }

    /// ISO week ("2020-W10"): the Thursday of the week decides the year.
    public static func isoWeek(_ d: Day) -> String { ArticleRollup.isoWeek(d) }
}

