import Foundation
import VNText

/// Everything in `Gazetteer/`: administrative units over time, party vocabulary, document kinds,
/// issuers and known documents, extractor cues. Loaded once, read-only, shareable across threads.
///
/// Example:
/// ```swift
/// let g = try Gazetteer.load()                              // finds Gazetteer/ (see DataDirectory)
/// let r = g.link(name: "Kim Sơn", types: ["Huyện"], on: Day(2020, 3, 12)!)
/// r.unit?.code                                              // "376"
/// ```
public final class Gazetteer: @unchecked Sendable {
    public let directory: URL
    public let units: AdminUnits
    public let committees: [CommitteeWord]
    public let bodies: [BodyWord]
    public let organizations: [OrganizationWord]
    public let centralAgencies: [CentralAgency]
    public let levelPhrases: [(phrase: String, level: String)]
    public let notParty: [String]
    public let kinds: [DocumentKind]
    public let issuers: [DocumentIssuer]
    public let registry: [KnownDocument]
    public let cues: [Cue]
    public let typeWords: [(form: String, type: String, level: String)]
    public let abbreviations: Abbreviations
    /// The provinces' squares on the dashboard's tile-grid map.
    public let tiles: ProvinceTiles
    /// Problems found while loading (the validator reports them; loading goes on without the bad rows).
    public private(set) var issues: [DataIssue]
    /// Milliseconds the load took.
    public let loadMilliseconds: Double
    /// A hash of the unit files (units, aliases, successors, and the corrections applied over the
    /// catalogue copies): what a store's precomputed
    /// province/district roll-ups depend on, so they are rebuilt when the data changes.
    public let unitsFingerprint: String
    /// Rows of `units/corrections.tsv` applied over the catalogue copies.
    public let correctionsApplied: Int

    public static let files = [
        "units/units.tsv", "units/aliases.tsv", "units/successors.tsv", "units/corrections.tsv", "units/type-words.tsv",
        "party/committees.tsv", "party/bodies.tsv", "party/organizations.tsv", "party/central-agencies.tsv",
        "party/levels.tsv", "party/not-party-organizations.tsv",
        "documents/kinds.tsv", "documents/issuers.tsv", "documents/registry.tsv",
        "extract/cues.tsv", "extract/chrome.tsv", "extract/name-stops.tsv", "units/not-bare-names.tsv", "units/subunit-words.tsv", "units/type-word-compounds.tsv", "text/abbreviations.tsv",
        "html/elements.tsv", "html/hints.tsv", "html/datelines.tsv", "encodings/syllables.tsv", ProvinceTiles.file,
    ]

    public static func load(from explicit: String? = nil) throws -> Gazetteer {
        try Gazetteer(directory: DataDirectory.locate(explicit: explicit))
    }

    public init(directory: URL) throws {
        let t0 = DispatchTime.now().uptimeNanoseconds
        self.directory = directory
        let tokenizer = try Tokenizer()
        var files: [String: TSVFile] = [:]
        var issues: [DataIssue] = []
        var loadErrors: [String] = []
        for name in Gazetteer.files {
            do { files[name] = try TSVFile.load(name, in: directory) } catch { loadErrors.append("\(error)") }
        }
        if !loadErrors.isEmpty { throw GazetteerError(message: loadErrors.sorted().joined(separator: "\n")) }
        for f in files.values where f.name != "units/units.tsv" && f.name != "units/aliases.tsv" && f.name != "units/successors.tsv" {
            issues += f.malformed
        }
        // The catalogue copies stay byte-identical to the shared catalogue; their fixes are applied here.
        var corrected: [String: [Int: Int]] = [:]
        var applied = 0
        if let corrections = files[UnitCorrections.file] {
            let outcome = try UnitCorrections.apply(corrections, to: files)
            files = outcome.files
            issues += outcome.issues
            corrected = outcome.corrected
            applied = outcome.applied
        }
        correctionsApplied = applied
        func file(_ name: String) throws -> TSVFile {
            guard let f = files[name] else { throw GazetteerError(message: "\(name): missing from \(directory.path)") }
            return f
        }
        let unitFile = try file("units/units.tsv")
        units = try AdminUnits(units: unitFile, aliases: files["units/aliases.tsv"], successors: files["units/successors.tsv"], tokenizer: tokenizer)
        issues += units.issues
        tiles = ProvinceTiles(files[ProvinceTiles.file], units: units)
        issues += tiles.issues
        committees = try Gazetteer.loadCommittees(file("party/committees.tsv"))
        bodies = try Gazetteer.loadBodies(file("party/bodies.tsv"))
        organizations = try Gazetteer.loadOrganizations(file("party/organizations.tsv"))
        centralAgencies = try Gazetteer.loadAgencies(file("party/central-agencies.tsv"))
        levelPhrases = try Gazetteer.loadPhrases(file("party/levels.tsv"), valueColumn: "level").map { ($0.phrase, $0.value) }
        notParty = try Gazetteer.loadPhrases(file("party/not-party-organizations.tsv"), valueColumn: nil).map(\.phrase)
        kinds = try Gazetteer.loadKinds(file("documents/kinds.tsv"))
        issuers = try Gazetteer.loadIssuers(file("documents/issuers.tsv"))
        registry = try Gazetteer.loadRegistry(file("documents/registry.tsv"), issues: &issues)
        cues = try Gazetteer.loadCues(file("extract/cues.tsv"))
        let tw = try file("units/type-words.tsv")
        let cf = try tw.column("form"), ct = try tw.column("type"), cl = try tw.column("level")
        typeWords = tw.rows.map { ($0.fields[cf], $0.fields[ct], $0.fields[cl]) }
        for r in tw.rows where !UnitTypes.all.contains(r.fields[ct]) {
            issues.append(DataIssue(file: tw.name, line: r.line, message: "type '\(r.fields[ct])' is not a units.tsv type"))
        }
        abbreviations = Abbreviations.load(from: directory)
        issues += Gazetteer.validateSchema(files: files, directory: directory)
        issues += Gazetteer.duplicates(files)
        // Registry and vocabulary cross-checks.
        let kindCodes = Set(kinds.map(\.code)), issuerCodes = Set(issuers.map(\.code))
        let reg = try file("documents/registry.tsv")
        for (doc, row) in zip(registry, reg.rows) {
            if !doc.kind.isEmpty, !kindCodes.contains(doc.kind) {
                issues.append(DataIssue(file: reg.name, line: row.line, severity: .warning, message: "\(doc.id): kind '\(doc.kind)' is not in documents/kinds.tsv"))
            }
            if !doc.issuer.isEmpty, !issuerCodes.contains(doc.issuer), !issuerCodes.contains(doc.issuer.trimmingCharacters(in: .decimalDigits)) {
                issues.append(DataIssue(file: reg.name, line: row.line, severity: .warning, message: "\(doc.id): issuer '\(doc.issuer)' is not in documents/issuers.tsv"))
            }
        }
        var byShort: [String: [(KnownDocument, Int)]] = [:]
        for (doc, row) in zip(registry, reg.rows) where doc.applies != nil { byShort["\(doc.kind) \(doc.number) \(doc.issuer)", default: []].append((doc, row.line)) }
        for (_, docs) in byShort where docs.count > 1 {
            for (a, b) in zip(docs, docs.dropFirst()) {
                guard let pa = a.0.applies, let pb = b.0.applies, pa.overlaps(pb) else { continue }
                issues.append(DataIssue(file: reg.name, line: b.1, message: "\(b.0.id): applies \(pb.description) overlaps line \(a.1) \(pa.description): a short mention would be ambiguous"))
            }
        }
        // A problem in a corrected row of a copy says which correction made it.
        self.issues = issues.map { issue in
            guard let by = corrected[issue.file]?[issue.line] else { return issue }
            var i = issue
            i.message += " (row corrected by \(UnitCorrections.file):\(by))"
            return i
        }
        var unitBytes: [UInt8] = []
        for name in ["units/units.tsv", "units/aliases.tsv", "units/successors.tsv", UnitCorrections.file] {
            unitBytes += (try? Data(contentsOf: directory.appendingPathComponent(name))).map { [UInt8]($0) } ?? []
        }
        unitsFingerprint = contentHash(unitBytes)
        loadMilliseconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
    }

    /// Checks every file against `schema.tsv` (columns present, required cells filled, types).
    static func validateSchema(files: [String: TSVFile], directory: URL) -> [DataIssue] {
        guard let schema = try? TSVFile.load("schema.tsv", in: directory) else {
            return [DataIssue(file: "schema.tsv", line: 0, message: "missing: every data file's columns must be described there")]
        }
        var issues: [DataIssue] = schema.malformed
        guard let cFile = schema.optionalColumn("file"), let cCol = schema.optionalColumn("column") else {
            return issues + [DataIssue(file: "schema.tsv", line: 1, message: "needs columns file, column, type, required")]
        }
        let cType = schema.optionalColumn("type"), cReq = schema.optionalColumn("required")
        var described: [String: Set<String>] = [:]
        for row in schema.rows {
            var file = row.fields[cFile]
            if file.hasPrefix("Gazetteer/") { file.removeFirst("Gazetteer/".count) }
            let col = row.fields[cCol]
            described[file, default: []].insert(col)
            guard let t = files[file] else { continue }
            guard let idx = t.header.firstIndex(of: col) else {
                issues.append(DataIssue(file: file, line: 1, message: "column '\(col)' described in schema.tsv (line \(row.line)) is missing")); continue
            }
            let required = ["yes", "true", "1", "required"].contains(row.fields.at(cReq).lowercased())
            let type = row.fields.at(cType)
            let allowed: Set<String>? = type.hasPrefix("enum(") && type.hasSuffix(")")
                ? Set(type.dropFirst(5).dropLast().split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }) : nil
            for r in t.rows {
                let v = r.fields[idx]
                if v.isEmpty { if required { issues.append(DataIssue(file: file, line: r.line, message: "column '\(col)' is required")) }; continue }
                if type == "date", Day(iso: v) == nil { issues.append(DataIssue(file: file, line: r.line, message: "column '\(col)': '\(v)' is not a YYYY-MM-DD date")) }
                if type == "int", Int(v) == nil { issues.append(DataIssue(file: file, line: r.line, message: "column '\(col)': '\(v)' is not an integer")) }
                if let allowed {
                    if !allowed.contains(v) { issues.append(DataIssue(file: file, line: r.line, message: "column '\(col)': '\(v)' is not one of \(allowed.sorted().joined(separator: "|"))")) }
                }
            }
        }
        for (name, t) in files {
            let known = described[name] ?? []
            for col in t.header where !known.contains(col) {
                issues.append(DataIssue(file: name, line: 1, severity: .warning, message: "column '\(col)' is not described in schema.tsv"))
            }
        }
        return issues
    }

    /// Exact duplicate rows in the small vocabulary files.
    static func duplicates(_ files: [String: TSVFile]) -> [DataIssue] {
        var issues: [DataIssue] = []
        for (name, t) in files where !name.hasPrefix("units/units") && !name.hasPrefix("units/successors") {
            var seen: [String: Int] = [:]
            let key = t.header.firstIndex(of: "note").map { n in { (r: TSVFile.Row) in r.fields.enumerated().filter { $0.offset != n }.map(\.element).joined(separator: "\t") } }
                ?? { (r: TSVFile.Row) in r.fields.joined(separator: "\t") }
            for r in t.rows {
                let k = key(r)
                if let first = seen[k] { issues.append(DataIssue(file: name, line: r.line, message: "duplicate of line \(first)")) } else { seen[k] = r.line }
            }
        }
        return issues
    }
}
