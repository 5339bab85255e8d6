import Foundation
import Testing
@testable import VNText
import _VNTestSupport

let syllables: SyllableModel = {
    (try? SyllableModel.load(from: gazetteerDirectory)) ?? SyllableModel(onsets: [], rhymes: [])
}()

@Test func syllablesOfTheScript() {
    for w in ["Tỉnh", "ủy", "Lạng", "Sơn", "Đảng", "huyện", "nghiệp", "giữa", "gì", "quốc", "khuya", "người", "thuở", "khuỷu", "rượu", "kết", "chuyển", "Ê"] {
        #expect(syllables.isSyllable(w), "\(w) is a syllable")
    }
    for w in ["Tiềnh", "uềy", "Laũng", "kan", "ngeo", "cin", "tàt", "thanhh", "Vieät", "ñaûng", "ºng", "qoa"] {
        #expect(!syllables.isSyllable(w), "\(w) is not a syllable")
    }
}

/// The sentence of issue 14: in Windows-1258 it also decodes without error as TCVN3 (to
/// "Tiềnh uềy Laũng Sừn…"); the syllables decide.
@Test func shortWindows1258IsNotTakenForTCVN3() throws {
    let text = "Tỉnh ủy Lạng Sơn: Đảng bộ huyện Kim Sơn, 495/495 chi bộ."
    let bytes = try #require(windows1258(text))
    let d = try decoder.decode(bytes)
    #expect(d.encoding == .windows1258)
    #expect(String(decoding: d.bytes, as: UTF8.self).precomposedStringWithCanonicalMapping == text)
    let det = try #require(d.detection)
    #expect(det.chosen == .windows1258 && det.confidence > 0.5)
    #expect(d.warnings.isEmpty, "a clear choice is not a warning")
}

/// A few words only, in each legacy encoding.
@Test(arguments: [TextEncoding.windows1258, .tcvn3, .vni])
func fewWordsInEachEncoding(_ e: TextEncoding) throws {
    for text in ["Đảng ủy xã Tân Lập", "Huyện ủy Kim Sơn họp", "Chi bộ thôn Đồng Tâm", "Lễ kết nạp đảng viên mới"] {
        let bytes = try #require(LegacyEncoders.encode(text, as: e))
        let d = try decoder.decode(bytes)
        #expect(d.encoding == e, "\(text) in \(e.rawValue) read as \(d.encoding.rawValue)")
    }
}

/// When two encodings read about as well, the choice says so: over every two-letter text whose
/// second byte is not ASCII, the `encoding-close` warning comes exactly with a low confidence.
@Test func aCloseCallIsAWarning() {
    var close = 0
    for b in 0x80...0xFF {
        guard let d = try? decoder.decode([0x74, UInt8(b)]), let det = d.detection else { continue }
        let isClose = det.candidates.count > 1 && det.confidence < 0.25
        if isClose { close += 1 }
        #expect(isClose == d.warnings.contains { $0.code == "encoding-close" }, "byte \(b)")
    }
    #expect(close > 0, "some one-letter words read as a syllable in two encodings")
}

/// Generated samples: sentences written for this test, cut into pieces of 30 to 120 letters,
/// encoded into TCVN3, VNI and Windows-1258: at least 99 % must be detected right.
@Test func generatedSamplesAreDetected() throws {
    let sentences = [
        "Ban Thường vụ Huyện ủy đã chỉ đạo các chi bộ trực thuộc tổ chức đại hội đúng kế hoạch.",
        "Đến nay, 27 trên 31 tổ chức cơ sở đảng hoàn thành đại hội nhiệm kỳ 2020 - 2025.",
        "Hội nghị đã thảo luận, góp ý vào dự thảo báo cáo chính trị của Đảng bộ tỉnh.",
        "Xã Phước Hưng có diện tích tự nhiên hơn ba nghìn héc-ta, dân số khoảng mười hai nghìn người.",
        "Đồng chí Bí thư yêu cầu cấp ủy các cấp nâng cao chất lượng sinh hoạt chi bộ.",
        "Người dân vùng lũ được hỗ trợ gạo, nước uống và thuốc men trong những ngày mưa lớn.",
        "Trường tiểu học Nguyễn Trãi khánh thành thêm mười phòng học mới cho học sinh.",
        "Ủy ban Kiểm tra Thành ủy đã kiểm tra dấu hiệu vi phạm đối với ba đảng viên.",
        "Các đại biểu nhất trí cao với phương hướng, nhiệm vụ phát triển kinh tế - xã hội năm tới.",
        "Thực hiện Chỉ thị số 35-CT/TW của Bộ Chính trị, Tỉnh ủy ban hành kế hoạch chi tiết.",
        "Quỹ khuyến học của xã trao hai mươi suất học bổng cho học sinh nghèo vượt khó.",
        "Phường Quyết Thắng đẩy mạnh cải cách hành chính, giải quyết hồ sơ đúng hẹn cho người dân.",
        "Lực lượng công an huyện tăng cường tuần tra, bảo đảm an toàn giao thông dịp cuối năm.",
        "Những khó khăn, vướng mắc trong giải phóng mặt bằng đã được tháo gỡ kịp thời.",
        "Đoàn công tác thăm, tặng quà các gia đình chính sách và người có công với cách mạng.",
        "Ông Trần Văn Hữu được bầu giữ chức Chủ tịch Ủy ban nhân dân thị trấn Khe Sanh.",
        "Sản lượng cà phê niên vụ này ước đạt hơn sáu mươi nghìn tấn, tăng so với năm trước.",
        "Hội Liên hiệp Phụ nữ huyện phát động phong trào xây dựng gia đình no ấm, tiến bộ.",
        "Tuyến đường liên xã dài mười bốn ki-lô-mét đã được nhựa hóa và đưa vào sử dụng.",
        "Chiều qua, mưa đá kèm gió giật mạnh làm tốc mái gần năm mươi ngôi nhà ở bản Púng.",
    ]
    var tried = 0, right = 0
    var wrong: [String] = []
    // Pieces: each sentence, pairs of sentences, and windows of words with at least 30 letters.
    var samples: [String] = []
    for (k, s) in sentences.enumerated() {
        samples.append(s)
        samples.append(s + " " + sentences[(k + 7) % sentences.count])
        let words = s.split(separator: " ")
        for start in stride(from: 0, to: words.count, by: 3) {
            var piece: [Substring] = []
            var letters = 0
            for w in words[start...] {
                piece.append(w)
                letters += w.filter(\.isLetter).count
                if letters >= 30 { break }
            }
            if letters >= 30 { samples.append(piece.joined(separator: " ")) }
        }
    }
    for text in samples {
        for e in [TextEncoding.windows1258, .tcvn3, .vni] {
            guard let bytes = LegacyEncoders.encode(text, as: e) else { continue }
            tried += 1
            if let d = try? decoder.decode(bytes), d.encoding == e { right += 1 } else { wrong.append("\(e.rawValue): \(text)") }
        }
    }
    #expect(tried >= 300)
    let share = Double(right) / Double(max(tried, 1))
    print("encoding detection over generated samples: \(right)/\(tried) right")
    #expect(share >= 0.99, "\(right)/\(tried) right; wrong: \(wrong.prefix(10))")
}
