import ArgumentParser
import Foundation
import VNGazetteer
import VNInput
import VNText

extension VNFactsCommand {
    struct GazetteerGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gazetteer",
            abstract: "Check the Gazetteer data folder, or look up administrative units by name and date.",
            discussion: """
            Examples:
              vnfacts gazetteer check
              vnfacts gazetteer lookup "Kim Sơn" --on 2020-03-12
              vnfacts gazetteer lookup "Phường 2" --on 2020-06-01 --within "Duyên Hải"
              vnfacts gazetteer lookup "Khuê Trung" --on 2020-03-02
            """,
            subcommands: [Check.self, Lookup.self]
        )
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate every file of Gazetteer/: overlapping unit versions, missing parents, duplicate aliases, corrections that do not apply, bad dates, columns against schema.tsv.",
            discussion: """
            Prints one line per problem as FILE:LINE: error|warning: message, then a summary with \
            row counts and the load time. Exit code 1 when there is any error (warnings alone: 0).

            Example:
              vnfacts gazetteer check --gazetteer Gazetteer
            """
        )
        @OptionGroup var gazetteerOptions: GazetteerOptions
        var gazetteer: String? { gazetteerOptions.gazetteer }

        func run() throws {
            let g: Gazetteer
            do { g = try Gazetteer.load(from: gazetteer) } catch {
                Diagnostics.error("\(error)"); throw ExitCode(2)
            }
            var out = StandardOutput()
            // The HTML reader's rules (regular expressions, roles, hint kinds) are checked by the reader itself.
            let issues = g.issues + HTMLRulesCheck.issues(in: g.directory).filter { !g.issues.contains($0) }
            for issue in issues.sorted(by: { ($0.file, $0.line) < ($1.file, $1.line) }) { out.write("\(issue)\n") }
            let errors = issues.filter { $0.severity == .error }.count
            let warnings = issues.count - errors
            let u = g.units
            out.write("""
            \(g.directory.path): \(u.versions.count) unit versions (\(u.byCode.count) codes), \(u.aliases.count) aliases, \
            \(u.successorRows) successor pairs, \(g.correctionsApplied) corrections applied, \(g.committees.count) committee words, \(g.bodies.count) bodies, \
            \(g.organizations.count) organization words, \(g.centralAgencies.count) central agencies, \(g.kinds.count) document kinds, \
            \(g.issuers.count) issuers, \(g.registry.count) known documents, \(g.cues.count) cues; loaded in \
            \(String(format: "%.0f", g.loadMilliseconds)) ms; \(errors) error(s), \(warnings) warning(s)

            """)
            out.flush()
            if errors > 0 { throw ExitCode(1) }
        }
    }

    struct Lookup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find the administrative units a name can mean, with code, type, parents and validity.",
            discussion: """
            The name may carry its type word ("huyện Kim Sơn", "TP. Hồ Chí Minh", "P.2") and may be \
            written without diacritics ("kim son"). With --on, only versions valid that day; with \
            --within, a province or district name that decides between same-named units. For units \
            valid before the 2025 reform the current successor is shown (from an unofficial mapping).

            Examples:
              vnfacts gazetteer lookup "Kim Sơn" --on 2020-03-12 --within "Ninh Bình"
              vnfacts gazetteer lookup "Long Hữu"
            """
        )
        @Argument(help: "The name as written.") var name: String
        @Option(help: "Date YYYY-MM-DD: only versions valid that day.") var on: String?
        @Option(help: "A containing unit's name (province or district) to decide between candidates.") var within: String?
        @OptionGroup var gazetteerOptions: GazetteerOptions
        var gazetteer: String? { gazetteerOptions.gazetteer }

        func run() throws {
            let g = try loadGazetteer(gazetteer)
            var day: Day? = nil
            if let on { guard let d = Day(iso: on) else { throw ValidationError("--on must be YYYY-MM-DD, e.g. 2020-03-12") }; day = d }
            let (types, bare) = g.splitTypeWord(name)
            var context = LinkContext()
            if let within {
                let (wt, wn) = g.splitTypeWord(within)
                let r = g.link(name: wn, types: wt ?? ["Tỉnh", "Thành phố Trung ương", "Huyện", "Quận", "Thị xã", "Thành phố"], on: day)
                let ids = r.unit.map { [$0] } ?? r.candidates
                if ids.isEmpty { throw ValidationError("--within: no province or district named '\(within)'\(day.map { " on \($0)" } ?? "")") }
                context.codes = ids.map(\.code)
            }
            let r = g.link(name: bare, types: types, on: day, context: context)
            var out = StandardOutput()
            out.write("\(r.reason)\n")
            let shown = r.unit.map { [$0] } ?? r.candidates
            for v in shown {
                let chain = g.units.ancestors(of: v, on: day).map { "\($0.typedName) (\($0.code))" }.joined(separator: ", ")
                out.write("\(v.code)\t\(v.level.rawValue)\t\(v.type) \(v.name)\t\(chain.isEmpty ? "-" : chain)\t\(v.validity.description)")
                if !v.basis.isEmpty { out.write("\tbasis \(v.basis.joined(separator: "; "))") }
                out.write("\n")
                let succ = g.units.currentSuccessors(of: v)
                if !succ.isEmpty {
                    out.write("  since \(succ[0].effective): " + succ.prefix(8).map { "\($0.newType) \($0.newName) (\($0.newCode), \($0.share))" }.joined(separator: "; ")
                              + (succ.count > 8 ? " … (\(succ.count))" : "") + "  [unofficial old→new mapping]\n")
                }
            }
            out.flush()
            if shown.isEmpty { throw ExitCode(1) }
        }
    }
}
