import Foundation
import VNGazetteer
import VNText

/// One tracker row: a snapshot of a series (unit, tier, activity) on a day.
public struct Snapshot: Sendable, Hashable {
    public var line: Int
    public var unitCode: String?
    public var unitName: String
    public var level: String
    public var activity: String
    public var asOf: Day
    public var done: Int
    public var total: Int
}

/// A tracker row that could not be used (or a problem in the file around it), with its line.
public struct TrackerError: Sendable, Hashable {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) { self.line = line; self.message = message }
}

/// The official tracker (spec/tracker.md), as reconciliation needs it: every usable row, kept
/// compactly (a row is a few integers; codes, names and days are stored once each), and each series
/// (unit, tier, activity) with its rows by date. `TrackerReader` reads one from a CSV file or the
/// first sheet of an .xlsx workbook.
public struct Tracker: Sendable {
    /// The rows and their index; shared, never changed after reading.
    final class Storage: Sendable {
        let strings: [String]               // codes, names and folded names, each once
        let stringIDs: [String: Int32]
        let days: [Day]                     // each day once
        // One entry per row, in file order.
        let lines: [UInt32]
        let codes: [Int32]                  // index in `strings`, or -1 (no code)
        let names: [Int32]
        let kinds: [UInt8]                  // level << 4 | activity
        let dayIDs: [Int32]
        let dones: [Int32]
        let totals: [Int32]
        // Series s has the rows order[start[s] ..< start[s + 1]], by date then line.
        let seriesUnit: [Int32]             // code, or folded name for units with no code
        let seriesKind: [UInt8]
        let start: [Int32]
        let order: [Int32]
        let seriesByKey: [UInt64: Int32]
        let foldedNames: Set<String>
        let unitCodes: Set<String>

        init(strings: [String], stringIDs: [String: Int32], days: [Day], lines: [UInt32], codes: [Int32], names: [Int32], kinds: [UInt8],
             dayIDs: [Int32], dones: [Int32], totals: [Int32], seriesUnit: [Int32], seriesKind: [UInt8], start: [Int32], order: [Int32],
             seriesByKey: [UInt64: Int32], foldedNames: Set<String>, unitCodes: Set<String>) {
            self.strings = strings; self.stringIDs = stringIDs; self.days = days; self.lines = lines; self.codes = codes; self.names = names
            self.kinds = kinds; self.dayIDs = dayIDs; self.dones = dones; self.totals = totals; self.seriesUnit = seriesUnit
            self.seriesKind = seriesKind; self.start = start; self.order = order; self.seriesByKey = seriesByKey
            self.foldedNames = foldedNames; self.unitCodes = unitCodes
        }

        static let empty = Storage(strings: [], stringIDs: [:], days: [], lines: [], codes: [], names: [], kinds: [], dayIDs: [], dones: [], totals: [],
                                   seriesUnit: [], seriesKind: [], start: [0], order: [], seriesByKey: [:], foldedNames: [], unitCodes: [])

        func snapshot(_ i: Int) -> Snapshot {
            let kind = Int(kinds[i])
            return Snapshot(line: Int(lines[i]), unitCode: codes[i] < 0 ? nil : strings[Int(codes[i])], unitName: strings[Int(names[i])],
                            level: Tracker.levelNames[kind >> 4], activity: Tracker.activityNames[kind & 15], asOf: days[Int(dayIDs[i])],
                            done: Int(dones[i]), total: Int(totals[i]))
        }
    }

    let storage: Storage
    /// Rows that could not be used, problems in the file, by line.
    public var errors: [TrackerError] = []

    public init() { storage = .empty }
    init(storage: Storage, errors: [TrackerError]) { self.storage = storage; self.errors = errors }

    /// Every usable row, in file order, made on demand from the compact rows.
    public struct Snapshots: RandomAccessCollection, Sendable {
        let storage: Storage
        public var startIndex: Int { 0 }
        public var endIndex: Int { storage.lines.count }
        public subscript(i: Int) -> Snapshot { storage.snapshot(i) }
    }
    public var snapshots: Snapshots { Snapshots(storage: storage) }

    public struct SeriesKey: Hashable, Sendable {
        public var unit: String   // code, or the folded name for units with no territory
        public var level: String
        public var activity: String
        public init(unit: String, level: String, activity: String) { self.unit = unit; self.level = level; self.activity = activity }
    }

    public func key(_ s: Snapshot) -> SeriesKey { SeriesKey(unit: s.unitCode ?? Folding.plain(s.unitName), level: s.level, activity: s.activity) }

    func seriesID(_ k: SeriesKey) -> Int? {
        guard let unit = storage.stringIDs[k.unit], let l = Tracker.levelNames.firstIndex(of: k.level),
              let a = Tracker.activityNames.firstIndex(of: k.activity) else { return nil }
        return storage.seriesByKey[Tracker.packedKey(unit: unit, kind: UInt8(l << 4 | a))].map(Int.init)
    }

    /// Snapshots of one series, by date.
    public func series(_ k: SeriesKey) -> [Snapshot] {
        guard let s = seriesID(k) else { return [] }
        return storage.order[Int(storage.start[s]) ..< Int(storage.start[s + 1])].map { storage.snapshot(Int($0)) }
    }

    /// The latest snapshot of a series.
    public func latest(_ k: SeriesKey) -> Snapshot? {
        guard let s = seriesID(k), storage.start[s + 1] > storage.start[s] else { return nil }
        return storage.snapshot(Int(storage.order[Int(storage.start[s + 1]) - 1]))
    }

    public var seriesKeys: Set<SeriesKey> {
        var out = Set<SeriesKey>(minimumCapacity: storage.seriesUnit.count)
        for s in storage.seriesUnit.indices where storage.start[s + 1] > storage.start[s] {
            let kind = Int(storage.seriesKind[s])
            out.insert(SeriesKey(unit: storage.strings[Int(storage.seriesUnit[s])], level: Tracker.levelNames[kind >> 4], activity: Tracker.activityNames[kind & 15]))
        }
        return out
    }

    /// The unit names of the rows, folded (`Folding.plain`), to link claims by name.
    public var foldedUnitNames: Set<String> { storage.foldedNames }
    /// The unit codes of the rows.
    public var unitCodes: Set<String> { storage.unitCodes }

    static func packedKey(unit: Int32, kind: UInt8) -> UInt64 { UInt64(UInt32(bitPattern: unit)) << 8 | UInt64(kind) }

    static let columnNames: [(TrackerColumn, [String])] = [
        (.unitCode, ["unit_code", "ma_don_vi", "ma don vi", "ma"]), (.unitName, ["unit_name", "don_vi", "don vi", "ten don vi"]),
        (.level, ["level", "cap"]), (.activity, ["activity", "noi_dung", "noi dung"]), (.asOf, ["as_of", "ngay", "as of", "date"]),
        (.done, ["done", "da_xong", "da xong"]), (.total, ["total", "tong_so", "tong so"]), (.note, ["note", "ghi_chu", "ghi chu"]),
    ]
    static let levelNames = ["cell", "grassroots", "upper-grassroots", "province"]
    static let activityNames = ["congress", "document-approval", "personnel-approval"]
    static let levels: [String: Int] = ["cell": 0, "chi bo": 0, "grassroots": 1, "co so": 1, "upper-grassroots": 2, "cap tren co so": 2, "province": 3, "tinh": 3]
    static let activities: [String: Int] = ["congress": 0, "dai hoi": 0, "document-approval": 1, "duyet van kien": 1, "personnel-approval": 2,
                                            "duyet nhan su": 2, "duyet de an nhan su": 2]

    /// Parses CSV text; `knownCode` says whether the gazetteer knows a code (bad codes are errors).
    /// `linkName` turns a unit name without a code ("Quận ủy Cẩm Lệ") into its place code on a day,
    /// when the name names a territory. A tracker that cannot be used at all gives no rows and the
    /// reason in `errors` (`TrackerReader.read` throws it instead).
    public init(csv text: String, knownCode: @escaping (String) -> Bool = { _ in true }, linkName: @escaping (String, Day) -> String? = { _, _ in nil }) {
        do {
            self = try TrackerReader.read(data: Data(text.utf8), format: .csv, knownCode: knownCode, linkName: linkName)
        } catch let f as TrackerFailure {
            self.init()
            errors = f.rowErrors + [TrackerError(line: f.line ?? 1, message: f.message)]
        } catch {
            self.init()
            errors = [TrackerError(line: 1, message: "\(error)")]
        }
    }

    static func parseDay(_ s: String) -> Day? {
        if let d = Day(iso: s) { return d }
        // A date cell of a workbook: days since 1899-12-30.
        if let serial = Double(s), serial > 20000, serial < 80000, serial == serial.rounded(), let base = Day(1899, 12, 30) { return base.adding(days: Int(serial)) }
        let p = s.split(separator: "/")
        if p.count == 3, let d = Int(p[0]), let m = Int(p[1]), let y = Int(p[2]), p[2].count == 4 { return Day(y, m, d) }
        return nil
    }
}

/// The columns a tracker's header can name.
enum TrackerColumn: Int, CaseIterable { case unitCode, unitName, level, activity, asOf, done, total, note }

/// One record as a reader gives it to the builder: a CSV record (fields by position) or a sheet
/// row (cells by column, absent ones empty).
protocol TrackerRecord {
    /// The number of fields, for a CSV record; nil for a sheet row (empty cells are not written).
    var fieldCount: Int? { get }
    var isBlank: Bool { get }
    /// The field at a position or column, trimmed; "" when there is none.
    func field(_ column: Int) -> String
    /// The non-empty fields with their position or column.
    func allFields() -> [(column: Int, text: String)]
}

/// Builds a Tracker from records, header first; bad rows become errors with their line.
struct TrackerBuilder {
    let knownCode: (String) -> Bool
    let linkName: (String, Day) -> String?
    /// At most this many problems are listed; the rest are counted.
    static let maxListedErrors = 1000

    var headerLine: Int? = nil
    var width = 0
    var columns: [TrackerColumn: Int] = [:]
    var dataRows = 0
    var errors: [TrackerError] = []
    var unlisted = 0, firstUnlisted = 0

    // Interned values.
    var strings: [String] = []
    var stringIDs: [String: Int32] = [:]
    var days: [Day] = []
    var dayIDs: [Day: Int32] = [:]
    var foldedOfName: [Int32: Int32] = [:]
    var codeKnown: [Int32: Bool] = [:]
    var linkCache: [UInt64: Int32] = [:]     // (name, day) → code, or -1
    var levelCache: [String: Int] = [:], activityCache: [String: Int] = [:]   // raw text → index, or -1
    // Rows.
    var lines: [UInt32] = [], codes: [Int32] = [], names: [Int32] = [], kinds: [UInt8] = [], rowDays: [Int32] = [], dones: [Int32] = [], totals: [Int32] = []
    var rowSeries: [Int32] = []
    var seriesUnit: [Int32] = [], seriesKind: [UInt8] = []
    var seriesByKey: [UInt64: Int32] = [:]

    init(knownCode: @escaping (String) -> Bool, linkName: @escaping (String, Day) -> String?) {
        self.knownCode = knownCode; self.linkName = linkName
    }

    var hasHeader: Bool { headerLine != nil }

    /// A problem with a line, listed while fewer than `maxListedErrors` are.
    mutating func problem(_ line: Int, _ message: String) {
        if errors.count < TrackerBuilder.maxListedErrors { errors.append(TrackerError(line: line, message: message)) }
        else { if unlisted == 0 { firstUnlisted = line }; unlisted += 1 }
    }

    mutating func intern(_ s: String) throws -> Int32 {
        if let id = stringIDs[s] { return id }
        guard let id = Int32(exactly: strings.count), id < Int32.max else { throw TrackerFailure(.tooLarge, message: "the tracker has too many distinct names") }
        strings.append(s); stringIDs[s] = id
        return id
    }

    mutating func internDay(_ d: Day) throws -> Int32 {
        if let id = dayIDs[d] { return id }
        guard let id = Int32(exactly: days.count) else { throw TrackerFailure(.tooLarge, message: "the tracker has too many distinct days") }
        days.append(d); dayIDs[d] = id
        return id
    }

    static func cached(_ raw: String, _ cache: inout [String: Int], _ table: [String: Int]) -> Int? {
        if let v = cache[raw] { return v < 0 ? nil : v }
        let v = table[Folding.plain(raw)]
        if cache.count < 10_000 { cache[raw] = v ?? -1 }
        return v
    }

    mutating func add<R: TrackerRecord>(_ r: R, line: Int) throws {
        if r.isBlank { return }
        guard hasHeader else { return try header(r, line: line) }
        dataRows += 1
        if let n = r.fieldCount, n < width - 1 { return problem(line, "\(n) fields, the header has \(width)") }
        func get(_ c: TrackerColumn) -> String { columns[c].map { r.field($0) } ?? "" }
        let levelText = get(.level), activityText = get(.activity), asOf = get(.asOf)
        guard let level = TrackerBuilder.cached(levelText, &levelCache, Tracker.levels) else { return problem(line, "unknown level '\(levelText)'") }
        guard let activity = TrackerBuilder.cached(activityText, &activityCache, Tracker.activities) else { return problem(line, "unknown activity '\(activityText)'") }
        guard let day = Tracker.parseDay(asOf) else { return problem(line, "'\(asOf)' is not a date (YYYY-MM-DD or DD/MM/YYYY that exists)") }
        let doneText = get(.done), totalText = get(.total)
        guard let done = Int(doneText), let total = Int(totalText), done >= 0, total > 0 else {
            return problem(line, "done '\(doneText)' and total '\(totalText)' must be whole numbers")
        }
        guard let done32 = Int32(exactly: done), let total32 = Int32(exactly: total) else {
            return problem(line, "done \(done) and total \(total) must be at most \(Int32.max)")
        }
        if done > total { return problem(line, "done \(done) is above total \(total)") }
        guard let line32 = UInt32(exactly: line) else { throw TrackerFailure(.tooLarge, line: line, message: "the tracker has more than \(UInt32.max) lines") }
        let name = get(.unitName)
        let nameID = try intern(name)
        let dayID = try internDay(day)
        var codeID: Int32 = -1
        let codeText = get(.unitCode)
        if !codeText.isEmpty {
            codeID = try intern(codeText)
        } else if !name.isEmpty {
            let k = UInt64(UInt32(bitPattern: nameID)) << 32 | UInt64(UInt32(bitPattern: dayID))
            if let c = linkCache[k] { codeID = c } else {
                if let linked = linkName(name, day), !linked.isEmpty { codeID = try intern(linked) }
                if linkCache.count < 200_000 { linkCache[k] = codeID }
            }
        }
        if codeID >= 0 {
            let known: Bool
            if let k = codeKnown[codeID] { known = k } else { known = knownCode(strings[Int(codeID)]); codeKnown[codeID] = known }
            if !known { return problem(line, "unit code \(strings[Int(codeID)]) is not in the gazetteer") }
        }
        // The series: by code, or by the folded name for units with no territory.
        var unit = codeID
        if unit < 0 {
            if let f = foldedOfName[nameID] { unit = f } else { unit = try intern(Folding.plain(name)); foldedOfName[nameID] = unit }
        }
        let kind = UInt8(level << 4 | activity)
        let key = Tracker.packedKey(unit: unit, kind: kind)
        let series: Int32
        if let s = seriesByKey[key] { series = s } else {
            guard let s = Int32(exactly: seriesUnit.count) else { throw TrackerFailure(.tooLarge, message: "the tracker has too many series") }
            series = s; seriesByKey[key] = s; seriesUnit.append(unit); seriesKind.append(kind)
        }
        guard lines.count < Int(Int32.max) else { throw TrackerFailure(.tooLarge, line: line, message: "the tracker has too many rows") }
        lines.append(line32); codes.append(codeID); names.append(nameID); kinds.append(kind); rowDays.append(dayID)
        dones.append(done32); totals.append(total32); rowSeries.append(series)
    }

    mutating func header<R: TrackerRecord>(_ r: R, line: Int) throws {
        let fields = r.allFields()
        for (i, h) in fields {
            let key = Folding.plain(h.trimmingCharacters(in: .whitespaces)).replacingOccurrences(of: "_", with: " ")
            for (name, forms) in Tracker.columnNames where forms.contains(where: { $0.replacingOccurrences(of: "_", with: " ") == key }) { columns[name] = i }
        }
        var missing = [TrackerColumn.level, .activity, .asOf, .done, .total].filter { columns[$0] == nil }.map { Tracker.columnNames[$0.rawValue].1[0] }
        if columns[.unitCode] == nil && columns[.unitName] == nil { missing.insert("unit_code or unit_name", at: 0) }
        if !missing.isEmpty {
            let shown = fields.prefix(20).map { f in f.text.count > 40 ? String(f.text.prefix(40)) + "…" : f.text }
            let found = shown.isEmpty ? "none" : shown.map { "'\($0)'" }.joined(separator: ", ") + (fields.count > 20 ? " and \(fields.count - 20) more" : "")
            throw TrackerFailure(.missingColumns, line: line, message: "the header row is not a tracker's: no \(missing.joined(separator: ", ")) column. "
                                 + "Found: \(found). Needed: unit_code or unit_name, level, activity, as_of, done, total (note optional), "
                                 + "or their Vietnamese names ma_don_vi or don_vi, cap, noi_dung, ngay, da_xong, tong_so (ghi_chu); case, diacritics, '_' or ' ' do not matter")
        }
        headerLine = line
        width = r.fieldCount ?? 0
    }

    /// Groups the rows by series, each by date then line.
    func index() -> (start: [Int32], order: [Int32]) {
        let n = lines.count, seriesCount = seriesUnit.count
        var start = [Int32](repeating: 0, count: seriesCount + 1)
        for s in rowSeries { start[Int(s) + 1] += 1 }
        for s in 0 ..< seriesCount { start[s + 1] += start[s] }
        var next = start
        var order = [Int32](repeating: 0, count: n)
        for i in 0 ..< n {
            let s = Int(rowSeries[i])
            order[Int(next[s])] = Int32(truncatingIfNeeded: i)
            next[s] += 1
        }
        for s in 0 ..< seriesCount where start[s + 1] - start[s] > 1 {
            order[Int(start[s]) ..< Int(start[s + 1])].sort { a, b in
                let da = days[Int(rowDays[Int(a)])], db = days[Int(rowDays[Int(b)])]
                return da != db ? da < db : lines[Int(a)] < lines[Int(b)]
            }
        }
        return (start, order)
    }

    /// The tracker, or why it cannot be used at all.
    mutating func finish() throws -> Tracker {
        guard let headerLine else {
            throw TrackerFailure(.empty, line: nil, message: "the tracker is empty: no header row (needed: unit_code or unit_name, level, activity, as_of, done, total)")
        }
        guard dataRows > 0 else { throw TrackerFailure(.noRows, line: headerLine, message: "the tracker has a header but no rows") }
        var (start, order) = index()
        // A series whose done decreases: the later row in the file is set aside, naming both.
        var dropped: [Bool] = []
        for s in 0 ..< seriesUnit.count {
            let rows = order[Int(start[s]) ..< Int(start[s + 1])]
            for (a, b) in zip(rows, rows.dropFirst()) where dones[Int(b)] < dones[Int(a)] {
                let (ia, ib) = (Int(a), Int(b))
                let later = lines[ia] > lines[ib] ? ia : ib, earlier = later == ia ? ib : ia
                if dropped.isEmpty { dropped = [Bool](repeating: false, count: lines.count) }
                dropped[later] = true
                problem(Int(lines[later]), "the series decreases: line \(lines[ia]) has \(dones[ia]) on \(days[Int(rowDays[ia])]), line \(lines[ib]) has \(dones[ib]) on \(days[Int(rowDays[ib])]) (done must not decrease); line \(lines[later]) set aside, line \(lines[earlier]) kept")
            }
        }
        if !dropped.isEmpty {
            var w = 0
            for i in 0 ..< lines.count where !dropped[i] {
                lines[w] = lines[i]; codes[w] = codes[i]; names[w] = names[i]; kinds[w] = kinds[i]; rowDays[w] = rowDays[i]
                dones[w] = dones[i]; totals[w] = totals[i]; rowSeries[w] = rowSeries[i]
                w += 1
            }
            let cut = lines.count - w
            lines.removeLast(cut); codes.removeLast(cut); names.removeLast(cut); kinds.removeLast(cut); rowDays.removeLast(cut)
            dones.removeLast(cut); totals.removeLast(cut); rowSeries.removeLast(cut)
            (start, order) = index()
        }
        if unlisted > 0 {
            errors.append(TrackerError(line: firstUnlisted, message: "this and \(unlisted - 1) more problem(s) after it are not listed (only the first \(TrackerBuilder.maxListedErrors) are)"))
        }
        let sorted = errors.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
        guard !lines.isEmpty else {
            throw TrackerFailure(.noUsableRow, line: headerLine, message: "none of the tracker's \(dataRows) row(s) can be used (each is reported with its line)", rowErrors: sorted)
        }
        var folded = Set<String>(), unitCodes = Set<String>()
        for (_, f) in foldedOfName { folded.insert(strings[Int(f)]) }
        for i in Set(names) where foldedOfName[i] == nil { folded.insert(Folding.plain(strings[Int(i)])) }
        for c in Set(codes) where c >= 0 { unitCodes.insert(strings[Int(c)]) }
        let storage = Tracker.Storage(strings: strings, stringIDs: stringIDs, days: days, lines: lines, codes: codes, names: names, kinds: kinds,
                                      dayIDs: rowDays, dones: dones, totals: totals, seriesUnit: seriesUnit, seriesKind: seriesKind,
                                      start: start, order: order, seriesByKey: seriesByKey, foldedNames: folded, unitCodes: unitCodes)
        return Tracker(storage: storage, errors: sorted)
    }
}
