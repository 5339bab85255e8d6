import Foundation
import Testing
import VNExtract

// The scorer's matching rules (spec/gold.md, version 2), one case per rule, on small gold/facts
// pairs written here. Facts are decoded from JSON (the records are Codable), so the cases keep
// working if a vocabulary field becomes an enum with string raw values.

/// Parses a gold file written in a test.
private func gold(_ json: String) throws -> [String: Any] {
    let v = try JSONSerialization.jsonObject(with: Data(json.utf8))
    return try #require(v as? [String: Any])
}

/// Builds extracted facts from short records: each item gets the fields the record needs with
/// plain defaults, and a span of its own (items i and j never overlap unless `span` says so).
private func facts(id: String = "t", published: String? = nil, documents: [[String: Any]] = [], dates: [[String: Any]] = [],
                   terms: [[String: Any]] = [], units: [[String: Any]] = [], counts: [[String: Any]] = []) throws -> ArticleFacts {
    var next = 0
    func item(_ base: [String: Any], _ over: [String: Any]) -> [String: Any] {
        var x = base
        for (k, v) in over { x[k] = v }
        if x["span"] == nil { x["span"] = [next * 10, next * 10 + 5]; next += 1 }
        x["range"] = x["span"]
        if x["text"] == nil { x["text"] = "t\(next)" }
        if x["rule"] == nil { x["rule"] = "test" }
        return x
    }
    var article: [String: Any] = ["id": id, "encoding": "utf-8"]
    if let published { article["published"] = published }
    let object: [String: Any] = [
        "article": article,
        "documents": documents.map { item(["kind": "CT", "number": "1", "issuer": "TW"], $0) },
        "dates": dates.map { item(["granularity": "day", "role": "other"], $0) },
        "terms": terms.map { item([:], $0) },
        "units": units.map { u in var x = item(["kind": "party-committee"], u); x["tokens"] = [0, 1]; if u["text"] == nil { x["text"] = u["name"] }; return x },
        "counts": counts.map { item(["level": "grassroots", "status": "completed", "activity": "congress"], $0) },
        "warnings": [],
    ]
    let data = try JSONSerialization.data(withJSONObject: object)
    return try JSONDecoder().decode(ArticleFacts.self, from: data)
}

private func score(_ g: String, _ f: ArticleFacts) throws -> Evaluation {
    var ev = Evaluation()
    ev.add(gold: try gold(g), facts: f)
    return ev
}

/// An attribute's right and total, or nil when it was never scored.
private func accuracy(_ ev: Evaluation, _ name: String) -> [Int]? {
    ev.attributes[name].map { [$0.right, $0.total] }
}

private func tally(_ ev: Evaluation, _ type: String) -> (tp: Int, fp: Int, fn: Int) {
    let t = ev.tallies[type] ?? Evaluation.Tally()
    return (t.tp, t.fp, t.fn)
}

// MARK: Totals

@Test func precisionRecallAndF1AreMicroAveragedOverArticles() throws {
    var ev = Evaluation()
    // Article 1: 2 of 2 found, 1 spurious. Article 2: 0 of 2 found.
    ev.add(gold: try gold(#"{"documents": [{"id": "35-CT/TW"}, {"id": "36-CT/TW"}]}"#),
           facts: try facts(documents: [["id": "35-CT/TW"], ["id": "36-CT/TW"], ["id": "37-CT/TW"]]))
    ev.add(gold: try gold(#"{"documents": [{"id": "1-KH/TU"}, {"id": "2-KH/TU"}]}"#), facts: try facts())
    #expect(tally(ev, "documents") == (2, 1, 2))
    let t = try #require(ev.tallies["documents"])
    #expect(abs(t.precision - 2.0 / 3) < 1e-9 && abs(t.recall - 0.5) < 1e-9)
    #expect(abs(t.f1 - 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5)) < 1e-9)
    // A macro average over articles would give (0.8 + 0) / 2 = 0.4 for F1; the micro one is 0.571.
    #expect(abs(t.f1 - 0.4) > 0.1)
}

@Test func macroF1IsTheMeanOverDocumentsDatesUnitsAndCounts() throws {
    let ev = try score(#"""
    {"documents": [{"id": "35-CT/TW"}], "dates": [{"value": "2020-07-31", "role": "as-of"}],
     "units": [{"name": "Tỉnh ủy Lạng Sơn"}], "counts": [{"done": 9, "total": 15}], "terms": [{"from": 2020, "to": 2025}]}
    """#, try facts(documents: [["id": "35-CT/TW"]], dates: [["value": "2020-07-31", "role": "as-of"]], terms: []))
    // documents 1, dates 1, units 0, counts 0; terms (F1 0) do not enter.
    #expect(abs(ev.macroF1 - 0.5) < 1e-9)
}

@Test func aTypeTheGoldDoesNotAnnotateIsNotScored() throws {
    // real-dev annotates no terms: an extracted term is then neither right nor wrong.
    let ev = try score(#"{"documents": []}"#, try facts(terms: [["from": 2020, "to": 2025]]))
    #expect(tally(ev, "terms") == (0, 0, 0))
    #expect(ev.report().contains("not annotated"))
    let annotated = try score(#"{"terms": []}"#, try facts(terms: [["from": 2020, "to": 2025]]))
    #expect(tally(annotated, "terms") == (0, 1, 0))
}

@Test func anAttributeIsScoredOnlyWhereGoldGivesIt() throws {
    let ev = try score(#"{"counts": [{"done": 9, "total": 15, "level": "cell"}]}"#,
                       try facts(counts: [["done": 9, "total": 15, "level": "cell", "status": "planned", "asOf": "2020-08-05"]]))
    #expect(accuracy(ev, "counts.level") == [1, 1])
    #expect(ev.attributes["counts.status"] == nil && ev.attributes["counts.asOf"] == nil && ev.attributes["counts.percent"] == nil)
}

@Test func attributesAreScoredOverRequiredMatchesOnly() throws {
    let ev = try score(#"""
    {"dates": [{"value": "2020-07-31", "role": "as-of"}, {"value": "2020-08-01", "role": "event"},
               {"value": "2020-09-01", "role": "planned", "optional": true}]}
    """#, try facts(dates: [["value": "2020-07-31", "role": "event"], ["value": "2020-09-01", "role": "event"]]))
    #expect(tally(ev, "dates") == (1, 0, 1))
    #expect(ev.attributes["dates.role"]?.total == 1 && ev.attributes["dates.role"]?.right == 0)
    #expect(ev.differences.contains { $0.kind == .wrong && $0.type == "dates.role" && $0.detail == "gold as-of, got event" })
}

// MARK: Units

@Test func anAdministrativeUnitIsComparedWithoutItsTypeWord() throws {
    let ev = try score(#"""
    {"units": [{"name": "Kim Sơn", "kind": "admin-unit"}, {"name": "thành phố Hưng Yên", "kind": "admin-unit"},
               {"name": "Thái Bình", "kind": "admin-unit"}]}
    """#, try facts(units: [["name": "huyện Kim Sơn", "kind": "admin-unit"], ["name": "TP Hưng Yên", "kind": "admin-unit"],
                           ["name": "thành phố Thái Bình", "kind": "admin-unit"]]))
    #expect(tally(ev, "units") == (3, 0, 0))
    // The type word of a committee is part of its name.
    let committee = try score(#"{"units": [{"name": "Lạng Sơn", "kind": "admin-unit"}]}"#,
                              try facts(units: [["name": "Tỉnh ủy Lạng Sơn", "text": "Tỉnh ủy Lạng Sơn"]]))
    #expect(tally(committee, "units") == (0, 1, 1))
}

@Test func aCommitteesStandingBodyIsFoldedIntoTheCommittee() throws {
    let ev = try score(#"""
    {"units": [{"name": "Huyện ủy Yên Thế", "kind": "party-committee", "place": "Yên Thế"},
               {"name": "Tỉnh ủy Cao Bằng", "kind": "party-committee", "place": "Cao Bằng"},
               {"name": "Thành ủy Hà Nội", "kind": "party-committee", "place": "Hà Nội"}]}
    """#, try facts(units: [
        ["name": "Ban Thường vụ Huyện ủy Yên Thế", "place": "Yên Thế"],
        ["name": "Ban Chấp hành Đảng bộ tỉnh Cao Bằng", "place": "Cao Bằng"],
        ["name": "Thường trực Thành ủy Hà Nội", "place": "Hà Nội"],
    ]))
    #expect(tally(ev, "units") == (3, 0, 0))
    #expect(ev.attributes["units.place"]?.right == 3)
}

@Test func unitNamesFoldCaseAndToneMarkStyle() throws {
    let ev = try score(#"{"units": [{"name": "Tỉnh ủy Khánh Hòa", "kind": "party-committee", "place": "Khánh Hòa"}]}"#,
                       try facts(units: [["name": "TỈNH UỶ KHÁNH HOÀ", "place": "Khánh Hoà"]]))
    #expect(tally(ev, "units") == (1, 0, 0))
    #expect(ev.attributes["units.place"]?.right == 1, "places fold the same way")
}

@Test func distinctUnitsAreCountedOnceWhateverTheirMentions() throws {
    // Two mentions of one unit, one of them through its standing committee: one hit, no false positive.
    let ev = try score(#"{"units": [{"name": "Huyện ủy Yên Thế", "kind": "party-committee"}]}"#,
                       try facts(units: [["name": "Huyện ủy Yên Thế"], ["name": "Ban Thường vụ Huyện ủy Yên Thế"]]))
    #expect(tally(ev, "units") == (1, 0, 0))
}

@Test func aUnitWhoseTextNamesNoOneIsNeutralUnlessGoldListsIt() throws {
    let unnamed: [[String: Any]] = [
        ["name": "Đảng bộ xã Tân Lập", "kind": "party-organization", "place": "Tân Lập", "text": "Đảng bộ xã"],
        ["name": "Ban Thường vụ Tỉnh ủy Sơn La", "place": "Sơn La", "text": "Ban Thường vụ Tỉnh ủy"],
    ]
    let ev = try score(#"{"units": []}"#, try facts(units: unnamed))
    #expect(tally(ev, "units") == (0, 0, 0))
    #expect(ev.tallies["units"]?.neutral == 2)
    let listed = try score(#"{"units": [{"name": "Đảng bộ xã Tân Lập", "kind": "party-organization", "place": "Tân Lập"}]}"#, try facts(units: unnamed))
    #expect(tally(listed, "units") == (1, 0, 0))
    // A unit named in its own words is a false positive when gold does not list it.
    let named = try score(#"{"units": []}"#, try facts(units: [["name": "Đảng bộ xã Tân Lập", "kind": "party-organization", "place": "Tân Lập"]]))
    #expect(tally(named, "units") == (0, 1, 0))
}

@Test func aBarePlaceNameIsNeutralUnlessGoldListsIt() throws {
    let bare: [[String: Any]] = [["name": "Nghệ An", "kind": "admin-unit", "place": "Nghệ An", "text": "Nghệ An"]]
    #expect(tally(try score(#"{"units": []}"#, try facts(units: bare)), "units") == (0, 0, 0))
    #expect(tally(try score(#"{"units": [{"name": "Nghệ An", "kind": "admin-unit"}]}"#, try facts(units: bare)), "units") == (1, 0, 0))
    // With its type word it names a unit.
    let typed: [[String: Any]] = [["name": "Nghệ An", "kind": "admin-unit", "place": "Nghệ An", "text": "tỉnh Nghệ An"]]
    #expect(tally(try score(#"{"units": []}"#, try facts(units: typed)), "units") == (0, 1, 0))
}

@Test func unitKeysKeepWhatTellsUnitsApart() {
    #expect(EvaluationRules.unitKey("Ban Thường vụ Huyện ủy Yên Thế") == EvaluationRules.unitKey("Huyện ủy Yên Thế"))
    #expect(EvaluationRules.unitKey("BCH Đảng bộ phường Tân An") == EvaluationRules.unitKey("Đảng ủy phường Tân An"))
    #expect(EvaluationRules.unitKey("TP.Hưng Yên") == "hưng yên")
    #expect(EvaluationRules.unitKey("P.2") == EvaluationRules.unitKey("Phường 02"))
    #expect(EvaluationRules.unitKey("Tỉnh ủy Lạng Sơn") != EvaluationRules.unitKey("Đảng bộ tỉnh Lạng Sơn"))
    #expect(EvaluationRules.unitKey("Thị ủy Sơn Tây") != EvaluationRules.unitKey("thị xã Sơn Tây"))
    #expect(EvaluationRules.unitKey("Ban Thường vụ Tỉnh Đoàn") == "ban thường vụ tỉnh đoàn", "only a party committee's organs fold")
    let f = EvaluationRules.unitForm
    #expect(f("quận Kỳ Sơn").isSame(as: f("Kỳ Sơn")) && !f("quận Kỳ Sơn").isSame(as: f("phường Kỳ Sơn")))
}

@Test func unitsOfOneNameAndTwoTypesStayTwo() throws {
    // A ward and the district it is named after: both listed, both found.
    let g = #"{"units": [{"name": "quận Kỳ Sơn", "kind": "admin-unit"}, {"name": "phường Kỳ Sơn", "kind": "admin-unit"}]}"#
    let ev = try score(g, try facts(units: [["name": "quận Kỳ Sơn", "kind": "admin-unit"], ["name": "phường Kỳ Sơn", "kind": "admin-unit"]]))
    #expect(tally(ev, "units") == (2, 0, 0))
    // A bare mention beside the typed one is the same unit again.
    let again = try score(#"{"units": [{"name": "Kỳ Sơn", "kind": "admin-unit"}]}"#,
                          try facts(units: [["name": "quận Kỳ Sơn", "kind": "admin-unit"], ["name": "Kỳ Sơn", "kind": "admin-unit", "text": "Q. Kỳ Sơn"]]))
    #expect(tally(again, "units") == (1, 0, 0))
}

// MARK: Counts

@Test func aCountWithATotalMatchesOnDoneAndTotalAndScoresItsPercent() throws {
    let g = #"{"counts": [{"done": 412, "total": 530, "percent": 77, "level": "cell"}]}"#
    let withoutPercent = try score(g, try facts(counts: [["done": 412, "total": 530, "level": "cell"]]))
    #expect(tally(withoutPercent, "counts") == (1, 0, 0))
    #expect(accuracy(withoutPercent, "counts.percent") == [0, 1])
    let withPercent = try score(g, try facts(counts: [["done": 412, "total": 530, "percent": 77.0, "level": "cell"]]))
    #expect(accuracy(withPercent, "counts.percent") == [1, 1])
    // The total decides: 412/600 is another count.
    #expect(tally(try score(g, try facts(counts: [["done": 412, "total": 600, "percent": 77.0]])), "counts") == (0, 1, 1))
}

@Test func aCountWithoutATotalMatchesOnDoneAndPercent() throws {
    let g = #"{"counts": [{"done": 45, "total": null, "percent": 95.7}, {"done": null, "total": null, "percent": 100}]}"#
    let ev = try score(g, try facts(counts: [["done": 45, "percent": 95.7], ["percent": 100.0]]))
    #expect(tally(ev, "counts") == (2, 0, 0))
    #expect(ev.attributes["counts.percent"] == nil, "the percent is the key here, not an attribute")
    #expect(tally(try score(g, try facts(counts: [["done": 45, "percent": 96.0], ["percent": 90.0]])), "counts") == (0, 2, 2))
}

@Test func countAttributesAreScoredOnMatches() throws {
    let ev = try score(#"""
    {"counts": [{"done": 9, "total": 15, "level": "upper-grassroots", "status": "completed", "activity": "congress",
                 "unitPlace": "Lạng Sơn", "asOf": "2020-07-31"}]}
    """#, try facts(counts: [["done": 9, "total": 15, "level": "grassroots", "status": "completed", "activity": "congress",
                              "unit": ["name": "Tỉnh ủy Lạng Sơn", "place": "tỉnh Lạng Sơn"], "asOf": "2020-08-05"]]))
    #expect(ev.attributes["counts.level"]?.right == 0)
    #expect(ev.attributes["counts.status"]?.right == 1 && ev.attributes["counts.activity"]?.right == 1)
    #expect(ev.attributes["counts.unitPlace"]?.right == 1, "places compared without their type word")
    #expect(ev.attributes["counts.asOf"]?.right == 0)
}

@Test func aRepeatedMentionOfAMatchedItemIsNeutral() throws {
    // The article states 36/36 twice; gold lists it once (an identical repeat is one item).
    let g = #"{"counts": [{"done": 36, "total": 36, "level": "cell"}], "dates": [{"value": "2020-03-02", "role": "as-of"}]}"#
    let twice = try score(g, try facts(dates: [["value": "2020-03-02", "role": "as-of"], ["value": "2020-03-02", "role": "as-of"]],
                                      counts: [["done": 36, "total": 36, "level": "cell"], ["done": 36, "total": 36, "level": "cell"]]))
    #expect(tally(twice, "counts") == (1, 0, 0) && tally(twice, "dates") == (1, 0, 0))
    // Not a repeat: the same figure read differently, or the same words read twice.
    let other = try score(g, try facts(dates: [["value": "2020-03-02", "role": "as-of"], ["value": "2020-03-02", "role": "event"]],
                                      counts: [["done": 36, "total": 36, "level": "cell"], ["done": 36, "total": 36, "level": "grassroots"]]))
    #expect(tally(other, "counts") == (1, 1, 0) && tally(other, "dates") == (1, 1, 0))
    let sameWords = try score(g, try facts(counts: [["done": 36, "total": 36, "level": "cell", "span": [0, 5]],
                                                    ["done": 36, "total": 36, "level": "cell", "span": [0, 5]]]))
    #expect(tally(sameWords, "counts") == (1, 1, 0))
}

// MARK: Documents and dates

@Test func documentsAreComparedWithoutLeadingZerosInTheNumber() throws {
    let ev = try score(#"{"documents": [{"id": "5/2021/NĐ-CP"}, {"id": "09-CT/TU"}]}"#,
                       try facts(documents: [["id": "05/2021/NĐ-CP"], ["id": "9-CT/TU"]]))
    #expect(tally(ev, "documents") == (2, 0, 0))
    #expect(tally(try score(#"{"documents": [{"id": "5/2021/NĐ-CP"}]}"#, try facts(documents: [["id": "50/2021/NĐ-CP"]])), "documents") == (0, 1, 1))
}

@Test func aDocumentsDateIsTheDateAnyMentionGives() throws {
    let ev = try score(#"{"documents": [{"id": "35-CT/TW", "date": "2019-05-30"}]}"#,
                       try facts(documents: [["id": "35-CT/TW"], ["id": "35-CT/TW", "date": "2019-05-30"]]))
    #expect(tally(ev, "documents") == (1, 0, 0))
    #expect(ev.attributes["documents.date"]?.right == 1)
}

@Test func aDateWithoutAYearIsNeutral() throws {
    let ev = try score(#"{"dates": [{"value": "2020-07-31", "role": "as-of"}]}"#,
                       try facts(dates: [["value": "2020-07-31", "role": "as-of"], ["role": "event", "text": "Sáng 10/7"]]))
    #expect(tally(ev, "dates") == (1, 0, 0))
    #expect(ev.tallies["dates"]?.neutral == 1)
}

@Test func anOptionalDateMatchesAnotherGranularityOfItsPeriod() throws {
    let optional = try score(#"{"dates": [{"value": "2015-01", "granularity": "month", "optional": true}]}"#,
                             try facts(dates: [["value": "2015-01-01"]]))
    #expect(tally(optional, "dates") == (0, 0, 0))
    // A required date must be given exactly.
    let required = try score(#"{"dates": [{"value": "2015-01", "granularity": "month"}]}"#, try facts(dates: [["value": "2015-01-01"]]))
    #expect(tally(required, "dates") == (0, 1, 1))
    // Another period is no match.
    let other = try score(#"{"dates": [{"value": "2015-01", "optional": true}]}"#, try facts(dates: [["value": "2015-10-01"]]))
    #expect(tally(other, "dates") == (0, 1, 0))
    #expect(EvaluationRules.samePeriod("2019", "2019-12") && !EvaluationRules.samePeriod("2019-1", "2019-12"))
}

// MARK: Optional, uncertain, alt

@Test func anUncertainItemCountsAsOptional() throws {
    let g = #"{"counts": [{"done": 3, "total": 17, "status": "remaining", "uncertain": true, "why": "judgement call"}]}"#
    #expect(tally(try score(g, try facts()), "counts") == (0, 0, 0), "not required")
    #expect(tally(try score(g, try facts(counts: [["done": 3, "total": 17]])), "counts") == (0, 0, 0), "not counted against")
    // An uncertain article date is not scored.
    let ev = try score(#"{"article": {"published": null, "uncertain": true}}"#, try facts(published: "2020-03-01"))
    #expect(ev.attributes["article.published"] == nil)
    let sure = try score(#"{"article": {"published": null}}"#, try facts(published: "2020-03-01"))
    #expect(accuracy(sure, "article.published") == [0, 1])
}

@Test func anAltIsAccepted() throws {
    let ev = try score(#"""
    {"documents": [{"id": "20-CT/TW", "uncertain": false, "alt": "20/CT-TW"}],
     "units": [{"name": "Đảng ủy phường Tân An", "alt": "Ban Chấp hành Đảng bộ phường Tân An", "kind": "party-committee"}]}
    """#, try facts(documents: [["id": "20/CT-TW"]], units: [["name": "Ban Chấp hành Đảng bộ phường Tân An"]]))
    #expect(tally(ev, "documents") == (1, 0, 0))
    #expect(tally(ev, "units") == (1, 0, 0))
}

@Test func anOptionalItemNeverTakesAnExtractionARequiredOneNeeds() throws {
    // A headline restating the body's figure is optional and listed first; one extraction.
    let g = #"""
    {"counts": [{"done": 15, "total": 15, "optional": true, "text": "15/15"},
                {"done": 15, "total": 15, "level": "cell", "text": "15/15 chi bộ"}]}
    """#
    let ev = try score(g, try facts(counts: [["done": 15, "total": 15, "level": "cell", "text": "15/15"]]))
    #expect(tally(ev, "counts") == (1, 0, 0))
    // Two required items that accept the same extraction are assigned so that both are found.
    let both = try score(#"{"counts": [{"done": 5, "percent": 50}, {"done": 5, "total": 10, "percent": 50}]}"#,
                         try facts(counts: [["done": 5, "total": 10, "percent": 50.0], ["done": 5, "percent": 50.0]]))
    #expect(tally(both, "counts") == (2, 0, 0))
}

@Test func theAssignmentIsMaximalAndRequiredFirst() {
    // Gold 0 (optional) and 1 (required) both accept extraction 0; gold 2 accepts 0 and 1.
    let m = EvaluationRules.assign(candidates: [[0], [0], [0, 1]], optional: [true, false, false], extractedCount: 2)
    #expect(m[1] == 0 && m[2] == 1 && m[0] == nil)
}

// MARK: Fields and reports

private enum Level: String { case upperGrassroots = "upper-grassroots" }

@Test func fieldsAreReadThroughTheirRawValues() {
    #expect(EvaluationRules.label(Level.upperGrassroots) == "upper-grassroots")
    #expect(EvaluationRules.label("cell") == "cell")
    #expect(EvaluationRules.label(String?.none) == nil)
}

@Test func theReportIsAnAlignedTableAndTheJSONCarriesTheSameScores() throws {
    var ev = Evaluation()
    ev.add(gold: try gold(#"{"article": {"published": "2020-08-05"}, "documents": [{"id": "35-CT/TW"}], "counts": [{"done": 9, "total": 15}], "terms": []}"#),
           facts: try facts(id: "a1", published: "2020-08-05", documents: [["id": "36-CT/TW", "text": "Chỉ thị 36"]]))
    let lines = ev.report().split(separator: "\n")
    let header = try #require(lines.first)
    let rows = lines.filter({ line in ["documents", "dates", "units", "counts", "all (micro)"].contains { line.hasPrefix($0) } && !line.contains("not annotated") })
    #expect(rows.count == 3)
    #expect(rows.allSatisfy { $0.count == header.count }, "columns line up: \(rows)")
    #expect(ev.report().contains("macro-F1"))
    let diff = ev.diffReport()
    #expect(diff.contains("== a1") && diff.contains("missed") && diff.contains("spurious") && diff.contains("«Chỉ thị 36»"))
    let json = try #require(try JSONSerialization.jsonObject(with: Data(ev.json(differences: true).serialized().utf8)) as? [String: Any])
    let types = try #require(json["types"] as? [String: Any])
    let docs = try #require(types["documents"] as? [String: Any])
    #expect((docs["fp"] as? Int) == 1 && (docs["fn"] as? Int) == 1)
    #expect(types["dates"] is NSNull, "not annotated")
    #expect((json["differences"] as? [Any])?.count == 3)
    #expect((json["macroF1"] as? NSNumber)?.doubleValue == 0)
}
