import ArgumentParser
import Foundation
import VNExtract
import VNGazetteer
import VNExport

/// The tool's own version (`vnfacts --version` prints it with the extractor's and the facts schema's).
let toolVersion = "0.1.0"
var versionLine: String { "vnfacts \(toolVersion) (extractor \(Extractor.version), facts schema \(ArticleFacts.schema))" }

/// `--gazetteer`, declared once for every command that reads the Gazetteer data.
struct GazetteerOptions: ParsableArguments {
    @Option(help: "The Gazetteer data folder (default: found beside the executable or the working directory).")
    var gazetteer: String?
}

/// A day given on the command line (`DayArgument`: YYYY-MM-DD and a real day, or the reason).
func parseDay(_ s: String) throws -> Day {
    switch DayArgument.parse(s) {
    case .success(let d): return d
    case .failure(let e): throw ValidationError(e.description)
    }
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
    @Option(help: ArgumentHelp("A tier, counts only (or its Vietnamese name: chi bộ, cơ sở, cấp trên cơ sở, tỉnh).", valueName: "tier")) var level: Tier?
    @Option(help: ArgumentHelp("From this day (a count's as-of date, else the article's date).", valueName: "yyyy-mm-dd"), transform: parseDay) var from: Day?
    @Option(help: ArgumentHelp("Up to this day.", valueName: "yyyy-mm-dd"), transform: parseDay) var to: Day?

    func validate() throws {
        if let from, let to, from > to { throw ValidationError("--from \(from.iso) is after --to \(to.iso)") }
    }
}
