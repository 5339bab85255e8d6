import Testing
import VNGazetteer

/// Found by fuzzing (issue 12): a long run of digits in a date overflowed instead of failing.
@Test func isoDaysRejectTooManyDigitsWithoutOverflow() {
    #expect(Day(iso: "2020" + String(repeating: "5", count: 40) + "-01-01") == nil)
    #expect(Day(iso: "2020-" + String(repeating: "9", count: 30) + "-01") == nil)
    #expect(Day(iso: "2020-01-" + String(repeating: "1", count: 25)) == nil)
    #expect(Day(iso: "2020-03-02")?.iso == "2020-03-02")
    #expect(Day(iso: "2020-3-2")?.iso == "2020-03-02")
}

@Test func addingDaysClampsInsteadOfTrapping() {
    let d = Day(clamping: 2020, 3, 2)
    #expect(d.adding(days: Int.max) == Day.max)
    #expect(d.adding(days: Int.min) == Day.min)
    #expect(d.adding(days: 1).iso == "2020-03-03")
    #expect(Day(clamping: 2021, 2, 31).iso == "2021-02-28")
}
