import ArgumentParser
import Foundation
import VNExtract
import VNGazetteer

/// The tool's own version (`vnfacts --version` prints it with the extractor's and the facts schema's).
let toolVersion = "0.1.0"
var versionLine: String { "vnfacts \(toolVersion) (extractor \(Extractor.version), facts schema \(ArticleFacts.schema))" }

/// `--gazetteer`, declared once for every command that reads the Gazetteer data.
struct GazetteerOptions: ParsableArguments {
    @Option(help: "The Gazetteer data folder (default: found beside the executable or the working directory).")
    var gazetteer: String?
}

/// A day given on the command line: YYYY-MM-DD and a real day. Anything else is refused with the
/// reason ("01/03/2020" is day/month/year: the message says which ISO date it would be).
func parseDay(_ s: String) throws -> Day {
    if let d = Day(iso: s), s.utf8.count == 10 { return d }
    let p = s.split(separator: "/", omittingEmptySubsequences: false)
    if p.count == 3, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), p[2].count == 4, let day = Day(y, m, d) {
        throw ValidationError("'\(s)' is not a date as YYYY-MM-DD; if it is day/month/year (ngày/tháng/năm), write \(day.iso)")
    }
    let parts = s.split(separator: "-", omittingEmptySubsequences: false)
    if parts.count == 3, parts[0].count == 4, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]) {
        if !(1...12).contains(m) { throw ValidationError("'\(s)' is not a date: there is no month \(m) (YYYY-MM-DD)") }
        throw ValidationError("'\(s)' is not a date: month \(m) of \(y) has \(Day.daysIn(month: m, year: y)) days, not \(d)")
    }
    throw ValidationError("'\(s)' is not a date as YYYY-MM-DD (e.g. 2020-03-01)")
}

/// The tiers of the facts contract, as `--level` takes them (or their Vietnamese names).
enum Tier: String, CaseIterable, ExpressibleByArgument {
    case cell, grassroots, upperGrassroots = "upper-grassroots", province, other

    init?(argument: String) {
        let folded = argument.lowercased()
        let vietnamese: [String: Tier] = ["chi bộ": .cell, "chi bo": .cell, "cơ sở": .grassroots, "co so": .grassroots,
                                          "cấp trên cơ sở": .upperGrassroots, "cap tren co so": .upperGrassroots, "tỉnh": .province, "tinh": .province]
        guard let t = Tier(rawValue: folded) ?? vietnamese[folded] else { return nil }
        self = t
    }
}

/// Filters `facts` and `export` share: a place, a tier, a date range; each checked when parsed.
struct FactFilterOptions: ParsableArguments {
    @Option(help: "A place name (diacritics optional) or code.") var unit: String?
    @Option(help: ArgumentHelp("A tier: \(Tier.allCases.map(\.rawValue).joined(separator: ", ")) (counts only).", valueName: "tier")) var level: Tier?
    @Option(help: ArgumentHelp("From this day (a count's as-of date, else the article's date).", valueName: "yyyy-mm-dd"), transform: parseDay) var from: Day?
    @Option(help: ArgumentHelp("Up to this day.", valueName: "yyyy-mm-dd"), transform: parseDay) var to: Day?

    func validate() throws {
        if let from, let to, from > to { throw ValidationError("--from \(from.iso) is after --to \(to.iso)") }
    }
}
