import Foundation

/// `units/corrections.tsv`: fixes applied over the copies of the shared catalogue
/// (`units/units.tsv`, `units/successors.tsv`), which stay byte-identical to it.
///
/// Each row names one row of a copy by its key cells (`code=23737;valid_from=2025-07-01`) and
/// either sets one cell (`set`, with the value the copy has now in `old`) or drops the row
/// (`drop`). A correction that does not apply (no such row, several rows, a different `old`
/// value, a cell set twice …) is an error of `gazetteer check`, so a re-copied catalogue that
/// already has a fix, or changed the row, is noticed instead of silently corrected twice.
///
/// Example row: `units/successors.tsv  old_code=30622;new_code=30259  set  new_code  30259  30604  note`.
enum UnitCorrections {
    static let file = "units/corrections.tsv"
    /// The copies a correction may change.
    static let targets: Set<String> = ["units/units.tsv", "units/successors.tsv"]

    struct Outcome {
        /// The copies with the corrections applied (rows keep their line numbers).
        var files: [String: TSVFile]
        var issues: [DataIssue]
        /// (file, line of the copy) → line of the correction that changed or dropped it.
        var corrected: [String: [Int: Int]]
        /// Correction rows that applied.
        var applied: Int
    }

    static func apply(_ corrections: TSVFile, to files: [String: TSVFile]) throws -> Outcome {
        var issues: [DataIssue] = []
        let cFile = try corrections.column("file"), cKey = try corrections.column("key"), cAction = try corrections.column("action")
        let cColumn = try corrections.column("column"), cOld = try corrections.column("old"), cNew = try corrections.column("new")
        // Per target: row index → fields as corrected so far; dropped row indices; cells already set.
        var fields: [String: [Int: [String]]] = [:]
        var dropped: [String: [Int: Int]] = [:]
        var setCells: [String: [String: Int]] = [:]
        var touched: [String: [Int: Int]] = [:]
        // Lazily built index: file → column → value → row indices.
        var index: [String: [Int: [String: [Int]]]] = [:]
        var applied = 0

        func issue(_ line: Int, _ message: String) { issues.append(DataIssue(file: corrections.name, line: line, message: message)) }

        for row in corrections.rows {
            let f = row.fields
            let target = f[cFile], action = f[cAction]
            guard targets.contains(target), let t = files[target] else {
                issue(row.line, "file '\(target)' is not one of \(targets.sorted().joined(separator: ", ")) (only the catalogue copies are corrected here)"); continue
            }
            // Key: col=value pairs, all of them naming columns of the target.
            var key: [(Int, String)] = []
            var keyError: String? = nil
            for part in f[cKey].split(separator: ";", omittingEmptySubsequences: true) {
                guard let eq = part.firstIndex(of: "=") else { keyError = "key '\(f[cKey])' is not col=value;col=value"; break }
                let col = String(part[..<eq]).trimmingCharacters(in: .whitespaces)
                let value = String(part[part.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
                guard let ci = t.header.firstIndex(of: col) else { keyError = "key column '\(col)' is not a column of \(target)"; break }
                key.append((ci, value))
            }
            if let keyError { issue(row.line, keyError); continue }
            guard let first = key.first else { issue(row.line, "empty key: name the row by col=value;col=value"); continue }
            if index[target]?[first.0] == nil {
                var byValue: [String: [Int]] = [:]
                for (i, r) in t.rows.enumerated() { byValue[r.fields[first.0], default: []].append(i) }
                index[target, default: [:]][first.0] = byValue
            }
            let matches = (index[target]?[first.0]?[first.1] ?? []).filter { i in key.allSatisfy { t.rows[i].fields[$0.0] == $0.1 } }
            guard matches.count == 1, let hit = matches.first else {
                issue(row.line, matches.isEmpty ? "key '\(f[cKey])' matches no row of \(target)" : "key '\(f[cKey])' matches \(matches.count) rows of \(target): name exactly one")
                continue
            }
            let copyLine = t.rows[hit].line
            if let d = dropped[target]?[hit] { issue(row.line, "\(target):\(copyLine) is already dropped by line \(d)"); continue }
            switch action {
            case "drop":
                if !f[cColumn].isEmpty || !f[cOld].isEmpty || !f[cNew].isEmpty { issue(row.line, "drop takes no column, old or new"); continue }
                if let s = touched[target]?[hit] { issue(row.line, "\(target):\(copyLine) is changed by line \(s) and dropped here: one or the other"); continue }
                dropped[target, default: [:]][hit] = row.line
                touched[target, default: [:]][hit] = row.line
                applied += 1
            case "set":
                guard let ci = t.header.firstIndex(of: f[cColumn]) else {
                    issue(row.line, "column '\(f[cColumn])' is not a column of \(target)"); continue
                }
                let current = t.rows[hit].fields[ci]
                if current != f[cOld] {
                    issue(row.line, "\(target):\(copyLine) has '\(current)' in \(f[cColumn]), not '\(f[cOld])': the copy changed (re-copied catalogue?); check and update or remove this correction")
                    continue
                }
                if f[cOld] == f[cNew] { issue(row.line, "old and new are the same ('\(f[cNew])')"); continue }
                let cell = "\(hit)\t\(ci)"
                if let prev = setCells[target]?[cell] { issue(row.line, "\(target):\(copyLine) \(f[cColumn]) is already set by line \(prev)"); continue }
                setCells[target, default: [:]][cell] = row.line
                var cur = fields[target]?[hit] ?? t.rows[hit].fields
                cur[ci] = f[cNew]
                fields[target, default: [:]][hit] = cur
                if touched[target]?[hit] == nil { touched[target, default: [:]][hit] = row.line }
                applied += 1
            default:
                issue(row.line, "action '\(action)' is not set or drop")
            }
        }

        var out = files
        var corrected: [String: [Int: Int]] = [:]
        for target in targets {
            guard let t = files[target], let changes = touched[target], !changes.isEmpty else { continue }
            var rows: [TSVFile.Row] = []
            rows.reserveCapacity(t.rows.count)
            for (i, r) in t.rows.enumerated() where dropped[target]?[i] == nil {
                rows.append(fields[target]?[i].map { TSVFile.Row(line: r.line, fields: $0) } ?? r)
            }
            out[target] = TSVFile(name: t.name, header: t.header, rows: rows, malformed: t.malformed)
            corrected[target] = Dictionary(uniqueKeysWithValues: changes.map { (t.rows[$0.key].line, $0.value) })
        }
        return Outcome(files: out, issues: issues, corrected: corrected, applied: applied)
    }
}

extension TSVFile {
    /// A file built from rows already parsed (the corrected copies).
    init(name: String, header: [String], rows: [Row], malformed: [DataIssue]) {
        self.name = name
        self.header = header
        self.rows = rows
        self.malformed = malformed
    }
}
