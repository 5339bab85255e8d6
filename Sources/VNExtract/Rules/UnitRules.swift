import VNText
import VNGazetteer

/// Units: central agencies, committees (with their bodies and agencies), party organizations
/// (named by a place, a village, a proper name or a type word), administrative units and bare
/// province names. Each builder links the place valid on the article's date.
enum UnitRules {
    static let place: P = .cap("place", .custom("place") { c, i in c.placeEnd(at: i, .any) })
    static let typedPlace: P = .cap("place", .custom("typed-place") { c, i in c.placeEnd(at: i, .typed) })

    static let rules: [Rule] = [
        Rule("unit.agency", .unit, priority: 10, .cap("agency", .vocab(.agency)),
             examples: [Example("Ban Bí thư Trung ương Đảng chỉ đạo đại hội.", "Ban Bí thư")],
             negatives: ["ban bí thư"]) { c, r, _ in c.x.agencyUnit(c, r) },
        Rule("unit.committee", .unit, priority: 9,
             .seq([.opt(.cap("body", .vocab(.body))), .cap("committee", .vocab(.committee)), .opt(place)]),
             examples: [Example("Tỉnh ủy Lạng Sơn chỉ đạo các huyện.", "Tỉnh ủy Lạng Sơn"),
                        Example("Ban Thường vụ Huyện ủy Kim Sơn (Ninh Bình) họp.", "Ban Thường vụ Huyện ủy Kim Sơn")],
             negatives: ["Các tỉnh ủy đã họp."]) { c, r, caps in c.x.committeeUnit(c, r, caps) },
        // "Đảng ủy Công an tỉnh", "Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Tổng công ty Thép Việt Nam":
        // the committee of an agency, a force or an enterprise.
        Rule("unit.committee-of-institution", .unit, priority: 8,
             .seq([.opt(.cap("body", .vocab(.body))), .cap("committee", .vocab(.committee)),
                   .cap("pn", .custom("institution-name") { c, i in c.x.institutionName(c.doc, from: i, lowerStart: true) })]),
             examples: [Example("Đảng ủy Công an tỉnh đã ban hành kế hoạch (tỉnh Lạng Sơn).", "Đảng ủy Công an tỉnh"),
                        Example("Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh đã họp.", "Ban Thường vụ Đảng ủy Khối các cơ quan tỉnh"),
                        // A short number after a lower-case word ends the name; a type word before a
                        // lower-case word ends it too.
                        Example("Đảng ủy Quân khu 3 lãnh đạo các đơn vị.", "Đảng ủy Quân khu 3"),
                        Example("Đảng ủy Quân sự tỉnh tiếp tục lãnh đạo (tỉnh Lạng Sơn).", "Đảng ủy Quân sự tỉnh")],
             negatives: ["Đảng ủy xã đã họp.",
                         // The kind of an institution alone refers to one named before.
                         "Kế hoạch do Ban Thường vụ Đảng ủy Tổng công ty ban hành."]) { c, r, caps in c.x.institutionCommitteeUnit(c, r, caps) },
        // "Đảng bộ các huyện: Hải Hậu, Ý Yên": one unit per name of the list.
        Rule("unit.organization-list", .unit, priority: 9,
             .seq([.cap("org", .vocab(.organization)), .w("các"), .cap("tw", .vocab(.typeWord)), .opt(.w(":")), .cap("place", .custom("place") { c, i in c.placeEnd(at: i, .any) })]),
             examples: [Example("Đảng bộ các huyện: Kim Sơn, Yên Mô (Ninh Bình) đã đại hội.", "Đảng bộ huyện Kim Sơn; Đảng bộ huyện Yên Mô")],
             negatives: ["Đảng bộ các huyện đã đại hội."]) { c, r, caps in c.x.organizationListUnits(c, r, caps) },
        Rule("unit.organization-place", .unit, priority: 9,
             .seq([.cap("org", .vocab(.organization)), typedPlace]),
             examples: [Example("Đảng bộ huyện Kim Sơn (Ninh Bình) tổ chức đại hội.", "Đảng bộ huyện Kim Sơn"),
                        Example("Các Đảng bộ phường Khuê Trung, Hòa Thọ Đông (Đà Nẵng) đã đại hội.", "Đảng bộ phường Khuê Trung; Đảng bộ phường Hòa Thọ Đông"),
                        // The type word repeated: still the organization of each.
                        Example("Hai đảng bộ phường Khuê Trung và phường Hòa Thọ Đông (Đà Nẵng) được chọn đại hội điểm.", "Đảng bộ phường Khuê Trung; Đảng bộ phường Hòa Thọ Đông")],
             negatives: ["đảng bộ huyện đã họp"]) { c, r, caps in c.x.organizationPlaceUnit(c, r, caps) },
        Rule("unit.organization-village", .unit, priority: 8,
             .seq([.cap("org", .vocab(.organization)), .cap("sub", .vocab(.subunit)), .opt(.w("số")),
                   .alt([.number(.int), .seq([.cap("pn", .custom("proper-name") { c, i in c.doc.isCapitalized(i) ? c.x.properName(c.doc, from: i) : nil }), .opt(.number(.int))])])]),
             examples: [Example("Chi bộ thôn Đông 3 tổ chức đại hội (xã Tân Lập, huyện Kim Sơn).", "Chi bộ thôn Đông 3")],
             negatives: ["chi bộ thôn đã họp"]) { c, r, caps in c.x.villageUnit(c, r, caps) },
        Rule("unit.not.tier-phrase", .unit, priority: 20, .seq([.cap("org", .vocab(.organization)), .not(.vocab(.typeWord))]).or(.vocab(.level)),
             examples: [Example("Các chi bộ trực thuộc đã tổ chức đại hội.", "refused")],
             negatives: ["Các chi bộ trực thuộc Đảng bộ phường Kim Liên đã họp."]) { c, r, _ in
            // A tier phrase ("đảng bộ cấp trên cơ sở", "chi bộ trực thuộc") names no unit.
            guard let lv = c.x.vocabEnd(c.doc, .level, at: r.lowerBound), lv == r.upperBound else { return nil }
            // "chi bộ trực thuộc Đảng bộ phường Kim Liên": the phrase ends in a unit with its name.
            if c.doc.isWord(lv), c.doc.isCapitalized(lv), let tw = c.x.vocabulary.tries(c.doc).typeWords.longest(c.doc.vids, from: lv - 1), tw.end == lv { return nil }
            let om = c.x.vocabEnd(c.doc, .organization, at: r.lowerBound) ?? r.lowerBound
            if lv == om + 1, c.x.vocabEnd(c.doc, .typeWord, at: om) != nil { return nil }
            return lv > om ? .refused("a tier of organizations, not one unit") : nil
        },
        Rule("unit.organization-named", .unit, priority: 7,
             .seq([.cap("org", .vocab(.organization)), .cap("pn", .custom("institution-name") { c, i in c.x.institutionName(c.doc, from: i, lowerStart: true) })]),
             examples: [Example("Đảng bộ Trung tâm Y tế huyện đã họp (huyện Kim Sơn, Ninh Bình).", "Đảng bộ Trung tâm Y tế huyện"),
                        Example("Đảng bộ Sở Nông nghiệp và Môi trường tỉnh Sơn La đã đại hội.", "Đảng bộ Sở Nông nghiệp và Môi trường tỉnh Sơn La"),
                        Example("Đảng bộ Phòng Cảnh sát giao thông tổ chức đại hội.", "Đảng bộ Phòng Cảnh sát giao thông"),
                        Example("Đảng bộ Bảo hiểm xã hội tỉnh Lạng Sơn đã đại hội.", "Đảng bộ Bảo hiểm xã hội tỉnh Lạng Sơn"),
                        // ASCII words match the vocabulary by their exact spelling: "khoa" is not "khóa"
                        // (a name stop), "cơ quan" not "cơ quận".
                        Example("Đảng bộ Bệnh viện Đa khoa khu vực Phú Bình tổ chức đại hội.", "Đảng bộ Bệnh viện Đa khoa khu vực Phú Bình"),
                        // A lower-case tail after a place's name is the verb, not the name.
                        Example("Đảng bộ Công ty Cổ phần Dệt may Lạng Sơn hiện có 12 chi bộ.", "Đảng bộ Công ty Cổ phần Dệt may Lạng Sơn"),
                        // A longer lower-case run closed by punctuation is the name's; a capitalized
                        // word is not a place by its folded spelling ("An" of "An ninh" is no "Phong An").
                        Example("Đại hội điểm gồm: Chi bộ Phòng An ninh kinh tế nội bộ; Chi bộ Phòng Hậu cần.", "Chi bộ Phòng An ninh kinh tế nội bộ; Chi bộ Phòng Hậu cần")],
             negatives: ["đảng bộ đã họp", "Sau đó, Đảng bộ Học viện tổ chức đại hội."]) { c, r, caps in c.x.namedOrganizationUnit(c, r, caps) },
        Rule("unit.organization-type-word", .unit, priority: 6,
             .seq([.cap("org", .vocab(.organization)), .cap("tw", .vocab(.typeWord)), .not(.capWord)]),
             examples: [Example("Huyện Kim Sơn: Đảng bộ huyện tổ chức đại hội; huyện Kim Sơn (Ninh Bình).", "Đảng bộ huyện Kim Sơn")],
             negatives: ["Đảng bộ huyện Kim Sơn họp."]) { c, r, caps in c.x.typeWordOrganizationUnit(c, r, caps) },
        Rule("unit.organization-specific", .unit, priority: 6,
             .seq([.cap("org", .vocab(.organization)), .opt(.seq([.cap("tw", .vocab(.typeWord)), .not(.capWord)]))]),
             examples: [Example("Đảng bộ Công an quận đã đại hội (quận Cẩm Lệ, Đà Nẵng).", "Đảng bộ Công an quận"),
                        Example("Đảng bộ Quân sự tổ chức đại hội.", "Đảng bộ Quân sự")],
             negatives: ["đảng bộ công an quận họp"]) { c, r, caps in c.x.specificOrganizationUnit(c, r, caps) },
        Rule("unit.admin", .unit, priority: 8, .seq([.not(.cue("organ")), .peek(.vocab(.typeWord)), typedPlace]),
             examples: [Example("Đoàn công tác về huyện Kim Sơn, tỉnh Ninh Bình.", "Kim Sơn; Ninh Bình"),
                        Example("Lãnh đạo TP.Lạng Sơn và TX.Bình Minh dự.", "Lạng Sơn; Bình Minh"),
                        Example("Các phường Khuê Trung, Hòa Thọ Đông (Đà Nẵng) đã xong.", "Khuê Trung; Hòa Thọ Đông")],
             negatives: ["UBND huyện đã họp."]) { c, r, caps in c.x.adminUnit(c, r, caps) },
        Rule("unit.province-name", .unit, priority: 5, .seq([.peek(.capWord), .peek(.vocab(.unitName)), .not(.vocab(.notBare)), .cap("place", .custom("province") { c, i in c.placeEnd(at: i, .province) })]),
             examples: [Example("Đoàn công tác của Lạng Sơn đã về.", "Lạng Sơn")],
             negatives: ["Ông Lạng Sơn Nguyễn."]) { c, r, caps in c.x.provinceNameUnit(c, r, caps) },
    ]
}

extension P {
    func or(_ other: P) -> P { .alt([self, other]) }
}
