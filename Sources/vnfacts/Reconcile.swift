import ArgumentParser
import Foundation
import VNGazetteer
import VNReconcile
import VNStore
import VNText

extension VNFactsCommand {
    struct Reconcile: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every count claim against the official tracker: confirmed, consistent, contradicted, different-series, unverifiable, unlinked, undated.",
            discussion: """
            The tracker is a CSV file or an .xlsx workbook (spec in the README): BOM or not, "," or ";", \
            Vietnamese or English headers. Bad rows are reported with their line and the rest is used; \
            a tracker that cannot be used at all (no header, wrong headers, no usable row) exits 2. Claims come \
            from the store (--db) or from a JSON Lines file of `vnfacts extract` (--facts). Besides \
            the outcomes it reports checks that need no tracker (done above total, done + remaining \
            ≠ total, a percentage that disagrees with an x/y, different totals for one unit, claims \
            that decrease over time) and coverage (tracker series no article mentions, series whose \
            latest claim is older than their latest snapshot).

            Examples:
              vnfacts extract Corpus/seeds > seeds.jsonl && vnfacts reconcile --tracker tracker.csv --facts seeds.jsonl
              vnfacts reconcile --tracker tracker.csv --db press.sqlite --format json
            """
        )
        @Option(help: "The tracker: a CSV file, or an .xlsx workbook (its first sheet).") var tracker: String
        @OptionGroup var store: StoreOptions
        var db: String { store.db }
        @Option(help: "A JSON Lines file of facts (from `vnfacts extract`) instead of the store.") var facts: String?
        @Option(help: "table, json, csv, or html (one self-contained file to open and mail).") var format: Format = .table
        @OptionGroup var gazetteerOptions: GazetteerOptions
        var gazetteer: String? { gazetteerOptions.gazetteer }
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv, html }

        func run() throws {
            let g = try loadGazetteer(gazetteer)
            let t = try loadTracker(tracker, gazetteer: g)
            var claims: [Claim] = []
            func take(_ line: String) {
                if let o = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] { claims += Claim.from(factsObject: o) }
            }
            if let facts {
                guard let d = FileManager.default.contents(atPath: facts) else { Diagnostics.error("\(facts): cannot read"); throw ExitCode(2) }
                for line in String(decoding: d, as: UTF8.self).split(separator: "\n") { take(String(line)) }
            } else {
                let remote = isPostgresLocation(db)
                guard remote || FileManager.default.fileExists(atPath: db) else { Diagnostics.error("no store at \(db): ingest articles first, or pass --facts"); throw ExitCode(1) }
                let store: any FactStore
                do { store = try openStore(db, mustExist: true, readOnly: !remote && !FileManager.default.isWritableFile(atPath: db)) } catch {
                    Diagnostics.error("cannot open the store \(displayLocation(db)): \(error)")
                    throw ExitCode(2)
                }
                try store.exportJSONL(filter: CountFilter()) { take($0) }
            }
            let r = Reconciler.run(claims: claims, tracker: t)
            var out = StandardOutput()
            switch format {
            case .json: out.write(ReconcileReport.json(r) + "\n")
            case .csv: out.write(ReconcileReport.csv(r))
            case .table: out.write(ReconcileReport.table(r, tracker: t))
            case .html: out.write(HTMLReport.render(r, tracker: t))
            }
            out.flush()
        }
    }
}

enum ReconcileReport {
    static func snapshotJSON(_ s: Snapshot) -> JSONValue {
        .object([("line", .int(s.line)), ("unitCode", .optional(s.unitCode)), ("unitName", .string(s.unitName)), ("level", .string(s.level)),
                 ("activity", .string(s.activity)), ("asOf", .string(s.asOf.iso)), ("done", .int(s.done)), ("total", .int(s.total))])
    }

    static func anyJSON(_ v: Any) -> JSONValue {
        switch v {
        case let s as String: return .string(s)
        case let b as Bool where type(of: v) == Bool.self: return .bool(b)
        case let n as NSNumber:
            let d = n.doubleValue
            return d == d.rounded() && abs(d) < 1e15 ? .int(Int(d)) : .double(d)
        case let a as [Any]: return .array(a.map(anyJSON))
        case let o as [String: Any]: return .object(o.keys.sorted().map { ($0, anyJSON(o[$0] ?? NSNull())) })
        default: return .null
        }
    }

    static func json(_ r: Reconciliation) -> String {
        let counts = Dictionary(grouping: r.results, by: \.outcome).mapValues(\.count)
        return JSONValue.object([
            ("summary", .object(Outcome.allCases.map { ($0.rawValue, .int(counts[$0] ?? 0)) })),
            ("results", .array(r.results.map { x in .object([
                ("outcome", .string(x.outcome.rawValue)), ("figure", .string(x.claim.figure)), ("claim", anyJSON(x.claim.json)),
                ("article", .object([("id", .string(x.claim.articleID)), ("title", .optional(x.claim.title)), ("source", .optional(x.claim.source)),
                                     ("published", .optional(x.claim.published)), ("url", .optional(x.claim.url))])),
                ("snapshots", .array(x.snapshots.map(snapshotJSON))), ("reason", .string(x.reason)),
            ]) })),
            ("checks", .array(r.checks.map { .object([("kind", .string($0.kind)), ("message", .string($0.message)), ("articles", .array($0.articles.map(JSONValue.string)))]) })),
            ("coverageGaps", .array(r.gaps.map { .object([("unit", .string($0.unit)), ("level", .string($0.level)), ("activity", .string($0.activity))]) })),
            ("staleSeries", .array(r.stale.map { .object([("unit", .string($0.key.unit)), ("level", .string($0.key.level)), ("activity", .string($0.key.activity)),
                                                          ("latestClaim", .string($0.latestClaim)), ("latestSnapshot", .string($0.latestSnapshot))]) })),
            ("trackerErrors", .array(r.trackerErrors.map { .object([("line", .int($0.line)), ("message", .string($0.message))]) })),
        ]).serialized()
    }

    /// For a person: Vietnamese labels, dates as dd/mm/yyyy, each claim with its article.
    static func table(_ r: Reconciliation, tracker: Tracker) -> String {
        var s = ""
        func name(_ k: Tracker.SeriesKey) -> String { tracker.series(k).first.map { "\($0.unitName) (\(k.unit))" } ?? k.unit }
        let counts = Dictionary(grouping: r.results, by: \.outcome).mapValues(\.count)
        s += "số liệu: " + Outcome.allCases.map { "\(counts[$0] ?? 0) \(Labels.outcome($0))" }.joined(separator: ", ") + "\n\n"
        for x in r.results {
            let c = x.claim
            let label = Labels.outcome(x.outcome).uppercased()
            s += "\(label) · \(c.figure) · \(c.unitName ?? "?") · \(Labels.tier(c.level)) · \(Labels.activity(c.activity)) · tính đến \(Labels.date(c.asOf))\n"
            var article = c.title ?? c.articleID
            if let src = c.source { article += " · " + src }
            article += " · " + (c.published.map { Labels.date($0) } ?? "không rõ ngày đăng")
            if c.title != nil { article += " · " + c.articleID }
            if let u = c.url { article += " · " + u }
            s += "    «\(c.text)»\n    \(article)\n    \(x.reason)\n"
        }
        if !r.checks.isEmpty { s += "\nkiểm tra không cần bảng theo dõi:\n" + r.checks.map { "  \(Labels.checkKind($0.kind)): \($0.message) [\($0.articles.joined(separator: ", "))]" }.joined(separator: "\n") + "\n" }
        if !r.gaps.isEmpty { s += "\nchuỗi số liệu của bảng theo dõi chưa bài nào nhắc đến:\n" + r.gaps.map { "  \(name($0)) · \(Labels.tier($0.level)) · \(Labels.activity($0.activity))" }.joined(separator: "\n") + "\n" }
        if !r.stale.isEmpty { s += "\nchuỗi có số liệu bài báo cũ hơn bảng theo dõi:\n" + r.stale.map { "  \(name($0.key)) · \(Labels.tier($0.key.level)) · \(Labels.activity($0.key.activity)): bài báo \(Labels.date($0.latestClaim)), bảng theo dõi \(Labels.date($0.latestSnapshot))" }.joined(separator: "\n") + "\n" }
        if !r.trackerErrors.isEmpty { s += "\ndòng của bảng theo dõi không dùng được:\n" + r.trackerErrors.map { "  dòng \($0.line): \($0.message)" }.joined(separator: "\n") + "\n" }
        return s
    }

    /// For programs and spreadsheets: codes as in the contract; `figure` as the claim means it.
    static func csv(_ r: Reconciliation) -> String {
        var s = "outcome,article_id,title,source,published,url,figure,done,total,percent,status,subject,level,activity,unit_name,unit_code,as_of,text,snapshots,reason\n"
        for x in r.results {
            let c = x.claim
            let f: [String] = [x.outcome.rawValue, c.articleID, c.title ?? "", c.source ?? "", c.published ?? "", c.url ?? "", c.figure,
                               c.done.map(String.init) ?? "", c.total.map(String.init) ?? "", c.percent.map { String($0) } ?? "",
                               c.status, c.subject ?? "", c.level, c.activity, c.unitName ?? "", c.unitCode ?? "", c.asOf ?? "", c.text,
                               x.snapshots.map { "\($0.done)/\($0.total)@\($0.asOf)#\($0.line)" }.joined(separator: " "), x.reason]
            s += f.map(csvField).joined(separator: ",") + "\n"
        }
        return s
    }
}

/// The gazetteer, or a clear error and exit code 2.
func loadGazetteer(_ path: String?) throws -> Gazetteer {
    do { return try Gazetteer.load(from: path) } catch {
        Diagnostics.error("cannot load the Gazetteer data: \(error)")
        throw ExitCode(2)
    }
}

/// Reads a tracker (CSV, or the first sheet of an .xlsx workbook), streaming, linking rows without
/// a code by name. A tracker that cannot be used at all (unreadable, not UTF-8, not a workbook, no
/// header, wrong headers, no rows, no usable row) is an error with the reason (exit 2); bad rows
/// are warnings with their line, and the rest is used.
func loadTracker(_ path: String, gazetteer g: Gazetteer) throws -> Tracker {
    do {
        let t = try TrackerReader.read(path: path, knownCode: { g.units.byCode[$0] != nil },
                                       linkName: { n, d in TrackerLinks.code(for: n, on: d, gazetteer: g) })
        for e in t.errors { Diagnostics.warn("\(path):\(e.line): \(e.message)") }
        return t
    } catch let f as TrackerFailure {
        for e in f.rowErrors { Diagnostics.warn("\(path):\(e.line): \(e.message)") }
        Diagnostics.error("\(path)\(f.line.map { ":\($0)" } ?? ""): \(f.message)")
        throw ExitCode(2)
    } catch {
        Diagnostics.error("\(path): \(error)")
        throw ExitCode(2)
    }
}

enum TrackerLinks {
    /// "Quận ủy Cẩm Lệ", "Đảng ủy phường Khuê Trung", "huyện Kim Sơn" → the code valid that day;
    /// names with no territory ("Đảng bộ Khối …") stay unlinked.
    static func code(for name: String, on day: Day, gazetteer g: Gazetteer) -> String? {
        var rest = name.trimmingCharacters(in: .whitespaces)
        for prefix in ["Ban Thường vụ ", "Ban Chấp hành ", "Đảng bộ ", "Đảng ủy "] where rest.hasPrefix(prefix) {
            let tail = String(rest.dropFirst(prefix.count))
            if g.splitTypeWord(tail).types != nil { rest = tail }
        }
        let (types, bare) = g.splitTypeWord(rest)
        guard types != nil else { return nil }
        return g.link(name: bare, types: types, on: day).unit?.code
    }
}
