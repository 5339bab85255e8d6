import VNText
import VNGazetteer

extension Extractor {
    /// A known document with this id whose period covers `day` (the latest one without a day).
    func registryDocument(id: String, on day: Day?) -> KnownDocument? {
        let cands = vocabulary.gazetteer.registry.filter { $0.id == id }
        if let day, let hit = cands.first(where: { $0.applies?.contains(day) ?? false }) { return hit }
        if cands.count == 1 { return cands[0] }
        if let day { return cands.filter { ($0.date ?? day) <= day }.max { ($0.date ?? day) < ($1.date ?? day) } }
        return nil
    }

    /// A short mention ("Chỉ thị 35") resolved by kind and number on the article's date.
    func registryDocument(kind: String, number: String, on day: Day?) -> KnownDocument? {
        let cands = vocabulary.gazetteer.registry.filter { $0.kind == kind && $0.number == number && $0.applies != nil }
        guard let day else { return cands.count == 1 ? cands[0] : nil }
        if let hit = cands.first(where: { $0.applies?.contains(day) ?? false }) { return hit }
        // Past its period ("thay thế Chỉ thị 35" in 2025): the latest one issued before the day.
        return cands.filter { ($0.date ?? day) <= day }.max { ($0.date ?? day) < ($1.date ?? day) }
    }
}
