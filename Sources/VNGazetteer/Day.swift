/// A calendar day (proleptic Gregorian), comparable and cheap: `yyyymmdd` packed in an Int32.
///
/// Example: `Day(iso: "2020-03-02")!.weekday == 2` (Monday), `Day(2020, 2, 30) == nil`.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil ("30/2" is not a day).
    public init?(_ year: Int, _ month: Int, _ day: Int) {
        guard year >= 1 && year <= 9999, month >= 1 && month <= 12, day >= 1,
              day <= Day.daysIn(month: month, year: year) else { return nil }
        self.year = year; self.month = month; self.day = day
    }

    /// For values already checked (the constants below, results clamped to the valid range).
    private init(checked year: Int, _ month: Int, _ day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// The nearest valid day: year, month and day each clamped to their range (for constants
    /// and computed values that must not fail).
    public init(clamping year: Int, _ month: Int, _ day: Int) {
        let y = Swift.min(Swift.max(year, 1), 9999), m = Swift.min(Swift.max(month, 1), 12)
        self.init(checked: y, m, Swift.min(Swift.max(day, 1), Day.daysIn(month: m, year: y)))
    }

    /// The first and last days a `Day` can hold.
    public static let min = Day(checked: 1, 1, 1)
    public static let max = Day(checked: 9999, 12, 31)
    /// 1970-01-01, where `ordinal` counts from.
    public static let unixEpoch = Day(checked: 1970, 1, 1)

    /// `YYYY-MM-DD`.
    public init?(iso: some StringProtocol) {
        var y = 0, m = 0, d = 0, part = 0, digits = 0
        for b in iso.utf8 {
            if b == 0x2D { guard (part == 0 && digits == 4) || (part == 1 && digits >= 1 && digits <= 2) else { return nil }; part += 1; digits = 0; continue }
            // Digits only, and no more than a part can hold (a long run must not overflow).
            guard b >= 0x30 && b <= 0x39, digits < (part == 0 ? 4 : 2) else { return nil }
            let v = Int(b - 0x30)
            switch part { case 0: y = y * 10 + v; case 1: m = m * 10 + v; default: d = d * 10 + v }
            digits += 1
        }
        guard part == 2, digits >= 1, digits <= 2 else { return nil }
        self.init(y, m, d)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last day of a month.
    public static func endOf(month: Int, year: Int) -> Day? { Day(year, month, daysIn(month: month, year: year)) }

    public var iso: String {
        func pad(_ v: Int, _ w: Int) -> String { let s = String(v); return String(repeating: "0", count: Swift.max(0, w - s.count)) + s }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
    public var description: String { iso }

    /// Days since 1970-01-01.
    public var ordinal: Int {
        // Howard Hinnant's days-from-civil algorithm (public-domain arithmetic).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let w = (ordinal % 7 + 7) % 7   // 1970-01-01 was a Thursday (w = 0)
        return (w + 3) % 7 + 1
    }

    /// Vietnamese weekday number as written ("Thứ hai" = 2 … "Thứ bảy" = 7, "Chủ nhật" = 8).
    public var vietnameseWeekday: Int { weekday == 7 ? 8 : weekday + 1 }

    /// The day `days` later (earlier when negative), clamped to `Day.min…Day.max`.
    public func adding(days: Int) -> Day {
        // Inverse of `ordinal` (on a span that cannot overflow: 9999 years are 3.7 million days).
        let z = ordinal + Swift.min(Swift.max(days, -4_000_000), 4_000_000) + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return Day(y, m, d) ?? (days < 0 ? Day.min : Day.max)
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// A day is coded as its ISO form (`"2020-03-02"`).
extension Day: Codable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        let s = try c.decode(String.self)
        guard let d = Day(iso: s) else { throw Swift.DecodingError.dataCorruptedError(in: c, debugDescription: "not a YYYY-MM-DD day: \(s)") }
        self = d
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }
}

/// A half-open validity interval `[from, to)`; `to == nil` is open-ended.
public struct Validity: Hashable, Sendable {
    public var from: Day?
    public var to: Day?
    public init(from: Day?, to: Day?) { self.from = from; self.to = to }
    public static let always = Validity(from: nil, to: nil)

    public func contains(_ d: Day) -> Bool { (from.map { $0 <= d } ?? true) && (to.map { d < $0 } ?? true) }

    public func overlaps(_ o: Validity) -> Bool {
        let startA = from, endA = to, startB = o.from, endB = o.to
        let aBeforeB = endA.flatMap { e in startB.map { e <= $0 } } ?? false
        let bBeforeA = endB.flatMap { e in startA.map { e <= $0 } } ?? false
        return !aBeforeB && !bBeforeA
    }

    /// `[2004-08-31, 2025-07-01)` or `[2025-07-01, …)`.
    public var description: String { "[\(from?.iso ?? "…"), \(to?.iso ?? "…"))" }
}
