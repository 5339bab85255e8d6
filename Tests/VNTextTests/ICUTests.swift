import Testing
@testable import VNText

@Test func icuVersionIsReported() {
    #expect(icuVersion.split(separator: ".").count >= 2)
}
