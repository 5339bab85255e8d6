import VNText
import VNGazetteer

/// Terms of office: "nhiệm kỳ 2020 - 2025", "nhiệm kỳ từ 2015 đến 2020", "khóa XII, nhiệm kỳ 2015-2020".
enum TermRules {
    static let rules: [Rule] = [
        Rule("term.office", .term, priority: 10,
             .seq([.w("nhiệm kỳ"), .opt(.w("từ")), .cap("a", .number(.year)), .any(["-", "đến"]), .cap("b", .number(.year))]),
             examples: [Example("Đại hội Đảng bộ huyện nhiệm kỳ 2020 - 2025 thành công.", "2020-2025"),
                        Example("Tổng kết nhiệm kỳ từ 2015 đến 2020.", "2015-2020")],
             negatives: ["Nhiệm kỳ 2020 - 2045 là sai.", "Dân số năm 2020 - 2021 tăng."]) { c, _, caps in
            guard let ar = caps["a"], let br = caps["b"], let a = Int(c.doc.str(ar.lowerBound)), let b = Int(c.doc.str(br.lowerBound)),
                  a >= 1930, b > a, b - a <= 10 else { return nil }
            return .term(from: a, to: b)
        },
    ]
}
