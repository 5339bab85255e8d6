import VNGazetteer

/// The Vietnamese words a reader sees for the contract's codes (tiers, activities, statuses,
/// outcomes) and dates as Vietnamese write them (dd/mm/yyyy). Codes stay English in JSON and CSV
/// columns meant for programs; everything shown to a person goes through here.
public enum Labels {
    public static func tier(_ code: String) -> String {
        switch code {
        case "cell": "chi bộ"
        case "grassroots": "cơ sở"
        case "upper-grassroots": "cấp trên cơ sở"
        case "province": "tỉnh"
        case "other": "khác"
        default: code
        }
    }

    public static func activity(_ code: String) -> String {
        switch code {
        case "congress": "đại hội"
        case "document-approval": "duyệt văn kiện"
        case "personnel-approval": "duyệt nhân sự"
        case "other": "khác"
        default: code
        }
    }

    public static func status(_ code: String) -> String {
        switch code {
        case "completed": "đã xong"
        case "remaining": "còn lại"
        case "planned": "dự kiến"
        default: code
        }
    }

    public static func outcome(_ o: Outcome) -> String {
        switch o {
        case .contradicted: "mâu thuẫn"
        case .confirmed: "khớp"
        case .consistent: "phù hợp"
        case .differentSeries: "khác chuỗi số liệu"
        case .unverifiable: "không kiểm chứng được"
        case .unlinked: "không gắn được đơn vị"
        case .undated: "không có ngày"
        }
    }

    /// What each outcome means, for a legend.
    public static func explanation(_ o: Outcome) -> String {
        switch o {
        case .contradicted: "bảng theo dõi ghi khác số liệu của bài báo"
        case .confirmed: "bảng theo dõi ghi đúng số liệu này vào đúng ngày đó"
        case .consistent: "nằm trong khoảng các dòng của bảng theo dõi trước và sau ngày đó"
        case .differentSeries: "bài báo đếm một nhóm tổ chức khác (tổng số khác) so với chuỗi của bảng theo dõi"
        case .unverifiable: "bảng theo dõi không theo dõi chuỗi này, hoặc đây là số liệu kế hoạch"
        case .unlinked: "không xác định được đơn vị báo cáo"
        case .undated: "bài báo không cho biết số liệu tính đến ngày nào"
        }
    }

    public static func checkKind(_ kind: String) -> String {
        switch kind {
        case "done-above-total": "số đã xong lớn hơn tổng số"
        case "remaining-mismatch": "đã xong + còn lại ≠ tổng số"
        case "percent-mismatch": "tỷ lệ phần trăm không khớp với x/y"
        case "totals-differ": "tổng số khác nhau giữa các bài"
        case "claims-decrease": "số đã xong giảm theo thời gian"
        default: kind
        }
    }

    /// dd/mm/yyyy.
    public static func date(_ d: Day) -> String {
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : String(v) }
        return "\(two(d.day))/\(two(d.month))/\(d.year)"
    }

    /// An ISO date as Vietnamese write it: "2020-03-02" → "02/03/2020", "2020-03" → "03/2020",
    /// anything else as given.
    public static func date(_ iso: String?) -> String {
        guard let iso else { return "?" }
        if let d = Day(iso: iso) { return date(d) }
        let p = iso.split(separator: "-")
        if p.count == 2, p[0].count == 4, p[1].count == 2 { return "\(p[1])/\(p[0])" }
        return iso
    }
}
