import ArgumentParser
import Foundation
import VNCoverage
import VNGazetteer
import VNReconcile
import VNStore
import VNText

extension VNFactsCommand {
    struct CoverageCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "coverage",
            abstract: "Who the press covered: per province and district, articles, claims, contradictions, how recent; and who nobody covered.",
            discussion: """
            Per province (and under it each district-level unit): the number of articles that name it, \
            of count claims and of contradictions with the tracker (when --tracker is given), the date \
            of the latest claim and of the latest tracker snapshot; the provinces and districts no \
            article names in the period; and a weekly histogram of articles per province.

            Examples:
              vnfacts coverage --db press.sqlite --from 2020-03-01 --to 2020-08-31
              vnfacts coverage --db press.sqlite --tracker tracker.csv --format json
            """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "The tracker (CSV or .xlsx) for contradictions and latest snapshots.") var tracker: String?
        @Option(help: "From this date (YYYY-MM-DD).") var from: String?
        @Option(help: "Up to this date.") var to: String?
        @Option(help: "table, json or csv.") var format: Format = .table
        @OptionGroup var gazetteerOptions: GazetteerOptions
        var gazetteer: String? { gazetteerOptions.gazetteer }
        enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

        func run() throws {
            let s = try store.openForReading()
            let g = try loadGazetteer(gazetteer)
            let t = try tracker.map { try loadTracker($0, gazetteer: g) }
            let r = try Coverage.compute(store: s, gazetteer: g, tracker: t, from: from, to: to)
            var out = StandardOutput()
            switch format {
            case .json: out.write(json(r).serialized() + "\n")
            case .csv:
                out.write("province_code,province,unit_code,unit,level,articles,claims,contradictions,latest_claim,latest_snapshot\n")
                for p in r.provinces {
                    for row in [p] + p.districts {
                        out.write([p.code, p.label, row.code, row.label, row.level, String(row.articles), String(row.claims), String(row.contradictions),
                                   row.latestClaim ?? "", row.latestSnapshot ?? ""].map(csvField).joined(separator: ",") + "\n")
                    }
                }
            case .table:
                out.write("period: \(from ?? "…") to \(to ?? "…")\n")
                // Wide enough for the longest name with its era ("tỉnh Yên Bái (to 2025-07-01, now tỉnh Lào Cai)").
                let width = max(34, (r.provinces.map { $0.label.count } + r.provinces.flatMap(\.districts).map { $0.label.count + 2 }).max() ?? 0)
                out.write("unit".padding(toLength: width, withPad: " ", startingAt: 0) + " articles  claims  contra  latest claim  latest snapshot\n")
                func line(_ row: CoverageReport.Row, indent: String) {
                    out.write((indent + row.label).padding(toLength: width, withPad: " ", startingAt: 0)
                              + String(format: " %8d  %6d  %6d  ", row.articles, row.claims, row.contradictions)
                              + (row.latestClaim ?? "-").padding(toLength: 12, withPad: " ", startingAt: 0) + "  " + (row.latestSnapshot ?? "-") + "\n")
                }
                for p in r.provinces {
                    line(p, indent: "")
                    for d in p.districts { line(d, indent: "  ") }
                    if let missing = r.uncoveredDistricts[p.key] {
                        out.write("  not covered: \(missing.count): " + missing.prefix(12).map(\.name).joined(separator: ", ") + (missing.count > 12 ? " …" : "") + "\n")
                    }
                    if !p.weekly.isEmpty { out.write("  per week: " + p.weekly.keys.sorted().map { "\($0) \(p.weekly[$0] ?? 0)" }.joined(separator: ", ") + "\n") }
                }
                out.write("\nprovinces no article names (\(r.uncoveredProvinces.count)): " + r.uncoveredProvinces.map(\.label).joined(separator: ", ") + "\n")
            }
            out.flush()
        }

        func json(_ r: CoverageReport) -> JSONValue {
            func refJSON(_ u: UnitRef) -> JSONValue {
                .object([("code", .string(u.code)), ("name", .string(u.name)), ("key", .string(u.key)), ("validFrom", .optional(u.validFrom)),
                         ("validTo", .optional(u.validTo)), ("successors", .array(u.successors.map(refJSON)))])
            }
            func rowJSON(_ x: CoverageReport.Row) -> JSONValue {
                .object([("code", .string(x.code)), ("name", .string(x.name)), ("level", .string(x.level)), ("key", .string(x.key)),
                         ("validFrom", .optional(x.validFrom)), ("validTo", .optional(x.validTo)), ("successors", .array(x.successors.map(refJSON))),
                         ("articles", .int(x.articles)),
                         ("claims", .int(x.claims)), ("contradictions", .int(x.contradictions)), ("latestClaim", .optional(x.latestClaim)),
                         ("latestSnapshot", .optional(x.latestSnapshot)),
                         ("weekly", .object(x.weekly.keys.sorted().map { ($0, .int(x.weekly[$0] ?? 0)) })),
                         ("districts", .array(x.districts.map(rowJSON)))])
            }
            return .object([("from", .optional(r.from)), ("to", .optional(r.to)), ("provinces", .array(r.provinces.map(rowJSON))),
                            ("uncoveredProvinces", .array(r.uncoveredProvinces.map(refJSON))),
                            ("uncoveredDistricts", .object(r.uncoveredDistricts.keys.sorted().map { k in (k, .array((r.uncoveredDistricts[k] ?? []).map(refJSON))) }))])
        }
    }
}
