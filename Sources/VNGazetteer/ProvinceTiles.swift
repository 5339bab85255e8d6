/// Where each province version sits on the dashboard's tile-grid map (`units/province-tiles.tsv`,
/// written by `Scripts/make-province-tiles`): one square per province, the provinces that existed
/// together on one grid (`layout`), placed near their geographic position.
public struct ProvinceTile: Sendable, Hashable {
    /// The version key ("15@2004-08-31").
    public let key: String
    public let layout: String
    public let row: Int
    public let col: Int
}

public struct ProvinceTiles: Sendable {
    /// Tiles by version key.
    public let byKey: [String: ProvinceTile]
    public let issues: [DataIssue]

    public static let file = "units/province-tiles.tsv"

    public init(_ f: TSVFile?, units: AdminUnits) {
        var issues: [DataIssue] = []
        var byKey: [String: ProvinceTile] = [:]
        guard let f, let cCode = f.optionalColumn("code"), let cFrom = f.optionalColumn("valid_from"), let cLayout = f.optionalColumn("layout"),
              let cRow = f.optionalColumn("row"), let cCol = f.optionalColumn("col") else {
            self.byKey = [:]
            self.issues = [DataIssue(file: ProvinceTiles.file, line: 1, message: "missing, or without columns code, valid_from, layout, row, col")]
            return
        }
        for r in f.rows {
            let key = UnitVersion.key(code: r.fields.at(cCode), from: Day(iso: r.fields.at(cFrom)))
            guard let v = units.version(key: key), v.level == .province else {
                issues.append(DataIssue(file: f.name, line: r.line, message: "\(key) is no province version of units/units.tsv")); continue
            }
            guard let row = Int(r.fields.at(cRow)), let col = Int(r.fields.at(cCol)), (0..<100).contains(row), (0..<100).contains(col) else {
                issues.append(DataIssue(file: f.name, line: r.line, message: "row and col must be integers 0–99")); continue
            }
            if byKey[key] != nil { issues.append(DataIssue(file: f.name, line: r.line, message: "\(key) has a tile already")); continue }
            byKey[key] = ProvinceTile(key: key, layout: r.fields.at(cLayout), row: row, col: col)
        }
        // Every province version has a tile, and two versions that exist at the same time never share one.
        let provinces = units.versions.filter { $0.level == .province }
        for v in provinces where byKey[v.key] == nil {
            issues.append(DataIssue(file: f.name, line: 1, message: "\(v.key) (\(v.typedName)) has no tile: run Scripts/make-province-tiles"))
        }
        for (i, a) in provinces.enumerated() {
            guard let ta = byKey[a.key] else { continue }
            for b in provinces[(i + 1)...] {
                guard let tb = byKey[b.key], ta.layout == tb.layout, ta.row == tb.row, ta.col == tb.col, a.validity.overlaps(b.validity) else { continue }
                issues.append(DataIssue(file: f.name, line: 1, message: "\(a.key) and \(b.key) exist at the same time and share the tile \(ta.row),\(ta.col)"))
            }
        }
        self.byKey = byKey
        self.issues = issues
    }

    /// The province versions valid on `day` with their tiles (one layout's worth).
    public func provinces(on day: Day, units: AdminUnits) -> [(version: UnitVersion, tile: ProvinceTile)] {
        units.versions.filter { $0.level == .province && $0.validity.contains(day) }.compactMap { v in byKey[v.key].map { (v, $0) } }
    }
}
