import ArgumentParser
import Foundation
import GRDB
import VNExport
import VNStore
import VNText

extension VNFactsCommand {
    struct Sql: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sql",
            abstract: "Run one read-only SQL query on an SQLite store, with vn_fold() registered.",
            discussion: """
            The store is opened read-only: a query that would change it fails. vn_fold(text) folds \
            as the place filters do (no case, no diacritics, đ → d), so vn_fold(place) = 'cam le' \
            finds Cẩm Lệ. The tables are described in the README ("The store"). On a terminal the \
            result is aligned; piped, it is tab-separated (or --format csv / json). A PostgreSQL \
            store has vn_fold() defined in the database itself: query it with psql.

            Examples:
              vnfacts sql --db press.sqlite "SELECT unit_place, COUNT(*) FROM counts GROUP BY 1 ORDER BY 2 DESC LIMIT 10"
              vnfacts sql --db press.sqlite "SELECT title, published FROM articles a JOIN units u ON u.article_id = a.id WHERE vn_fold(u.place) = 'kim son'"
            """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "table (aligned; the default on a terminal), tsv (the default otherwise), csv or json.") var format: Format?
        @Argument(help: "One SQL statement (quote it for the shell).") var query: String
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, tsv, csv, json }

        func run() throws {
            if store.db.hasPrefix("postgres://") || store.db.hasPrefix("postgresql://") {
                Diagnostics.error("sql reads an SQLite store; a PostgreSQL store has vn_fold() defined in the database: use psql \"\(store.name)\"")
                throw ExitCode(2)
            }
            guard FileManager.default.fileExists(atPath: store.db) else {
                Diagnostics.error("no store at \(store.db): ingest articles first")
                throw ExitCode(2)
            }
            var config = Configuration()
            config.readonly = true
            config.busyMode = .timeout(10)
            config.prepareDatabase { db in
                db.add(function: DatabaseFunction("vn_fold", argumentCount: 1, pure: true) { values in
                    values.first.flatMap { String.fromDatabaseValue($0) }.map { Folding.plain($0) }
                })
            }
            let header: [String], rows: [[DatabaseValue]]
            do {
                let queue = try DatabaseQueue(path: store.db, configuration: config)
                (header, rows) = try queue.read { db in
                    let statement = try db.makeStatement(sql: query)
                    let cursor = try Row.fetchCursor(statement)
                    var out: [[DatabaseValue]] = []
                    while let r = try cursor.next() { out.append(r.databaseValues.map { $0 }) }
                    return (statement.columnNames, out)
                }
            } catch let e as DatabaseError {
                let why = e.message ?? e.description
                Diagnostics.error("the query failed: " + (why.hasPrefix("Multiple statements") ? "give one SQL statement at a time" : why))
                throw ExitCode(1)
            } catch {
                Diagnostics.error("cannot open the store \(store.db): \(error)")
                throw ExitCode(2)
            }
            func text(_ v: DatabaseValue) -> String {
                switch v.storage {
                case .null: ""
                case .int64(let i): String(i)
                case .double(let d): String(d)
                case .string(let s): s
                case .blob(let b): "<\(b.count) bytes>"
                }
            }
            func cell(_ v: DatabaseValue) -> Cell {
                switch v.storage {
                case .null: .empty
                case .int64(let i): .integer(Int(i))
                case .double(let d): .number(d)
                case .string(let s): .text(s)
                case .blob(let b): .text("<\(b.count) bytes>")
                }
            }
            var out = StandardOutput()
            switch format ?? (isatty(1) != 0 ? .table : .tsv) {
            case .table:
                out.write(TextTable.aligned(header: header, rows: rows.map { $0.map(text) }))
            case .tsv:
                out.write(TextTable.tsv(header: header, rows: rows.map { $0.map(text) }))
            case .csv:
                let w = CSVWriter()
                out.write(header.map { w.field($0, quoted: false) }.joined(separator: ",") + "\r\n")
                for r in rows { out.write(w.row(r.map(cell))) }
            case .json:
                out.write("[" + rows.map { r in "\n" + JSONValue.object(zip(header, r).map { ($0, cell($1).json) }).serialized() }.joined(separator: ",") + (rows.isEmpty ? "]\n" : "\n]\n"))
            }
            out.flush()
            if isatty(1) != 0 || format == .table { Diagnostics.note("\(rows.count) dòng (row(s))") }
        }
    }
}
