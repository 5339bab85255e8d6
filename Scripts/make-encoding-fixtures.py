#!/usr/bin/env python3
"""Writes Tests/Fixtures/encodings/: one Vietnamese sample in every encoding the decoder knows,
files it must reject, and expected.tsv saying what each must decode to (or why it fails).

Reads the legacy tables Gazetteer/encodings/{tcvn3,vni}.tsv, encodes the sample with them (the first
row for a letter is the spelling written), decodes every legacy file back with longest match and
checks the round trip, and checks each fixture against a model of the detection in
Sources/VNText/Decoding/TextDecoder.swift. Standard library only.

    python3 Scripts/make-encoding-fixtures.py

expected.tsv columns: file, encoding (the name detection must report; empty for files that must be
rejected), expect (ok | error), detail (for ok: the UTF-8 file the decoded text must equal after
NFC; for error: the error code, with @OFFSET where the decoder must also report the byte offset).
"""
import hashlib
import os
import sys
import unicodedata

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
TABLES = os.path.join(ROOT, "Gazetteer", "encodings")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "encodings")

# A provincial party-congress news item, written for these fixtures (names of places and of the
# directive are real, the event is not). Only ASCII punctuation: the legacy encodings have no
# typographic quotes or dashes.
SAMPLE = """Lạng Sơn: Đảng bộ huyện Văn Lãng tổ chức thành công đại hội điểm

Thực hiện Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy Lạng Sơn chọn Đảng bộ huyện Văn Lãng tổ chức đại hội điểm nhiệm kỳ 2020 - 2025 tại thị trấn huyện lỵ Na Sầm. Đến nay đã có 09/15 đảng bộ trực thuộc hoàn thành đại hội; tỷ lệ cấp ủy viên nữ và trẻ tuổi đều đạt chỉ tiêu.

Ở cấp cơ sở, Ủy ban Kiểm tra Tỉnh ủy giám sát chặt công tác nhân sự, kiên quyết không để xảy ra chuyện vận động phiếu bầu. Ý kiến góp vào dự thảo văn kiện được tổng hợp kỹ; đảng viên ở thôn nhỏ vùng cao, đường đèo khúc khuỷu, vẫn gửi thư về. Ưu tiên là tháo gỡ khó khăn, khẳng định vai trò quản lý của chính quyền.

Kinh nghiệm của Thừa Thiên Huế, Quảng Ngãi và Đắk Lắk, nơi đồng bào Ê-đê sinh sống, cho thấy không nên nghiêng về hình thức. Đại hội điểm có ý nghĩa quan trọng để các đảng bộ còn lại vận dụng sát thực tiễn. Bên lề đại hội, người dân cũng giới thiệu thịt lợn quay ướp lá mắc mật, đặc sản của địa phương.
"""

# A line that arrived in TCVN3 inside a UTF-8 file (pasted from an old document).
MIXED_HEAD = "Huyện ủy Văn Lãng tổng kết công tác chuẩn bị đại hội.\n"
MIXED_LEGACY = "Ban Thường vụ Huyện ủy họp phiên thường kỳ tháng 7/2020.\n"
MIXED_TAIL = "Đại hội Đảng bộ huyện diễn ra trong hai ngày 28 và 29/7/2020.\n"

TONES = "\u0300\u0301\u0303\u0309\u0323"


def load(name):
    """(first-spelling encoder: char -> bytes, decoder: bytes tuple -> text) from NAME.tsv."""
    enc, dec = {}, {}
    with open(os.path.join(TABLES, name + ".tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["bytes", "unicode", "char", "note"], header
        for n, line in enumerate(f, 2):
            cols = line.rstrip("\n").split("\t")
            assert len(cols) == 4, "%s.tsv:%d: %d columns" % (name, n, len(cols))
            bs = tuple(int(x, 16) for x in cols[0].split(" "))
            text = "".join(chr(int(u[2:], 16)) for u in cols[1].split(" "))
            assert 1 <= len(bs) <= 2 and all(0x00 <= b <= 0xFF for b in bs), "%s.tsv:%d" % (name, n)
            assert cols[0] == " ".join("%02X" % b for b in bs), "%s.tsv:%d: bytes not in canonical form" % (name, n)
            assert text == cols[2], "%s.tsv:%d: char column does not match unicode column" % (name, n)
            assert unicodedata.normalize("NFC", text) == text, "%s.tsv:%d: not NFC" % (name, n)
            assert bs not in dec, "%s.tsv:%d: bytes %s defined twice" % (name, n, cols[0])
            assert not (len(bs) == 1 and bs[0] < 0x80), "%s.tsv:%d: ASCII needs no row" % (name, n)
            dec[bs] = text
            enc.setdefault(text, bytes(bs))
    return enc, dec


def encode(text, enc):
    out = bytearray()
    for c in text:
        if ord(c) < 0x80:
            out.append(ord(c))
        elif c in enc:
            out += enc[c]
        else:
            raise ValueError("%r (U+%04X) has no spelling in this table" % (c, ord(c)))
    return bytes(out)


def decode(data, dec):
    """Longest match at each position, ASCII as itself; None at the first undefined byte."""
    out, i = [], 0
    while i < len(data):
        if i + 1 < len(data) and (data[i], data[i + 1]) in dec:
            out.append(dec[(data[i], data[i + 1])]); i += 2
        elif (data[i],) in dec:
            out.append(dec[(data[i],)]); i += 1
        elif data[i] < 0x80:
            out.append(chr(data[i])); i += 1
        else:
            return None
    return "".join(out)


def cp1258(text):
    """Windows-1258 as Vietnamese Windows writes it: the letter with its quality mark precomposed
    where the code page has it (ă â ê ô ơ ư đ), the tone as a separate combining mark."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        d = unicodedata.normalize("NFD", c)
        tone = "".join(m for m in d if m in TONES)
        base = unicodedata.normalize("NFC", "".join(m for m in d if m not in TONES))
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def tcvn3_source(text, enc):
    """What a TCVN3 file can hold: capitals the 8-bit chart lacks (toned capitals, typed with the
    .VnTimeH font on the lower-case codes) come back as lower case."""
    out = []
    for c in text:
        if ord(c) >= 0x80 and c not in enc and c.lower() in enc:
            c = c.lower()
        out.append(c)
    return "".join(out)


# --- A model of TextDecoder.decode (detection without --encoding), to check the expectations. ---

def utf8_scan(s):
    """Port of vnicu_utf8_scan: (first invalid offset or None, invalid bytes, multi-byte sequences)."""
    first, bad, multi, i, n = None, 0, 0, 0, len(s)
    while i < n:
        b = s[i]
        if b < 0x80:
            i += 1; continue
        if 0xC3 <= b <= 0xC6 and i + 1 < n and (s[i + 1] & 0xC0) == 0x80:
            multi += 1; i += 2; continue
        if b == 0xE1 and i + 2 < n and (s[i + 1] & 0xFC) == 0xB8 and (s[i + 2] & 0xC0) == 0x80:
            multi += 1; i += 3; continue
        if 0xC2 <= b <= 0xDF: need, cp, lo = 1, b & 0x1F, 0x80
        elif 0xE0 <= b <= 0xEF: need, cp, lo = 2, b & 0x0F, 0x800
        elif 0xF0 <= b <= 0xF4: need, cp, lo = 3, b & 0x07, 0x10000
        else: need, cp, lo = 0, 0, 0
        ok = need > 0 and i + need < n
        for k in range(1, need + 1):
            if not ok: break
            c = s[i + k]
            if (c & 0xC0) != 0x80: ok = False
            else: cp = (cp << 6) | (c & 0x3F)
        if ok and (cp < lo or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF): ok = False
        if ok: multi += 1; i += need + 1
        else:
            if first is None: first = i
            bad += 1; i += 1
    return first, bad, multi


VIETNAMESE = {unicodedata.normalize("NFC", b + t) for b in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY" for t in [""] + list(TONES)}
VIETNAMESE = {c for c in VIETNAMESE if len(c) == 1} | {"đ", "Đ"}


def score(text):
    return sum(1 if c in VIETNAMESE else -3 for c in unicodedata.normalize("NFC", text) if ord(c) >= 0x80)


def detect(data, tables):
    """(encoding, text) or ('error', 'code[@offset]'), as TextDecoder decides."""
    if not data: return "error", "empty"
    if data.startswith(b"\xef\xbb\xbf"): return "utf-8-bom", data[3:].decode("utf-8")
    if data.startswith(b"\xff\xfe"): return "utf-16le", data[2:].decode("utf-16-le")
    if data.startswith(b"\xfe\xff"): return "utf-16be", data[2:].decode("utf-16-be")
    if 0 in data: return "error", "binary@%d" % data.index(0)
    first, bad, multi = utf8_scan(data)
    if first is None: return "utf-8", data.decode("utf-8")
    if bad <= 2 and multi > 0: return "error", "invalid-utf8@%d" % first
    if multi > bad: return "error", "mixed@%d" % first
    best = None
    for name in ("windows-1258", "tcvn3", "vni"):
        if name == "windows-1258":
            try: text = data.decode("cp1258")
            except UnicodeDecodeError: continue
        else:
            text = decode(data, tables[name][1])
            if text is None: continue
        s = score(text)
        if s > 0 and (best is None or s > best[2]): best = (name, text, s)
    return (best[0], best[1]) if best else ("error", "undecodable")


def main():
    tables = {"tcvn3": load("tcvn3"), "vni": load("vni")}
    tenc, venc = tables["tcvn3"][0], tables["vni"][0]
    sample = unicodedata.normalize("NFC", SAMPLE)
    assert sample == SAMPLE, "the sample must be written in NFC"
    tsrc = tcvn3_source(sample, tenc)

    files = {}
    files["sample.utf8.txt"] = sample.encode("utf-8")
    files["sample.utf8-bom.txt"] = b"\xef\xbb\xbf" + sample.encode("utf-8")
    files["sample.utf16le.txt"] = b"\xff\xfe" + sample.encode("utf-16-le")
    files["sample.utf16be.txt"] = b"\xfe\xff" + sample.encode("utf-16-be")
    files["sample.cp1258.txt"] = cp1258(sample)
    files["sample.tcvn3-source.txt"] = tsrc.encode("utf-8")
    files["sample.tcvn3.txt"] = encode(tsrc, tenc)
    files["sample.vni.txt"] = encode(sample, venc)

    # A lone 0xC3 (a two-byte lead with no continuation) between two characters.
    good = sample.encode("utf-8")
    bad_at = good.index(" Lạng Sơn chọn".encode("utf-8"))
    files["bad-utf8.txt"] = good[:bad_at] + b"\xc3" + good[bad_at:]

    head, legacy, tail = MIXED_HEAD.encode("utf-8"), encode(MIXED_LEGACY, tenc), MIXED_TAIL.encode("utf-8")
    files["mixed.txt"] = head + legacy + tail
    mixed_at = len(head) + next(i for i, b in enumerate(legacy) if b >= 0x80)

    # 512 bytes from a hash chain (reproducible), NULs included, no BOM at the start.
    garbage, block = bytearray(), b"vnfacts garbage fixture"
    while len(garbage) < 512:
        block = hashlib.sha256(block).digest()
        garbage += block
    garbage = garbage[:512]
    for at in (37, 38, 200, 401):
        garbage[at] = 0
    if garbage[:2] in (b"\xff\xfe", b"\xfe\xff") or garbage[:3] == b"\xef\xbb\xbf":
        garbage[0] = 0x42
    files["garbage.bin"] = bytes(garbage)
    files["empty.txt"] = b""

    expected = [
        ("sample.utf8.txt", "utf-8", "ok", "sample.utf8.txt"),
        ("sample.utf8-bom.txt", "utf-8-bom", "ok", "sample.utf8.txt"),
        ("sample.utf16le.txt", "utf-16le", "ok", "sample.utf8.txt"),
        ("sample.utf16be.txt", "utf-16be", "ok", "sample.utf8.txt"),
        ("sample.cp1258.txt", "windows-1258", "ok", "sample.utf8.txt"),
        ("sample.tcvn3.txt", "tcvn3", "ok", "sample.tcvn3-source.txt"),
        ("sample.vni.txt", "vni", "ok", "sample.utf8.txt"),
        ("mixed.txt", "", "error", "mixed@%d" % mixed_at),
        ("bad-utf8.txt", "", "error", "invalid-utf8@%d" % bad_at),
        ("garbage.bin", "", "error", "binary"),
        ("empty.txt", "", "error", "empty"),
    ]

    # Checks: the round trips through the tables, then detection as the decoder does it.
    problems = []
    if decode(files["sample.tcvn3.txt"], tables["tcvn3"][1]) != tsrc:
        problems.append("sample.tcvn3.txt does not decode back to sample.tcvn3-source.txt")
    if decode(files["sample.vni.txt"], tables["vni"][1]) != sample:
        problems.append("sample.vni.txt does not decode back to the sample")
    if unicodedata.normalize("NFC", files["sample.cp1258.txt"].decode("cp1258")) != sample:
        problems.append("sample.cp1258.txt does not decode back to the sample")
    if decode(legacy, tables["tcvn3"][1]) != MIXED_LEGACY:
        problems.append("the TCVN3 line of mixed.txt does not decode back")
    for name, enc, expect, detail in expected:
        got_enc, got = detect(files[name], tables)
        if expect == "ok":
            want = files[detail].decode("utf-8")
            if got_enc != enc or unicodedata.normalize("NFC", got) != want:
                problems.append("%s: detected as %s%s" % (name, got_enc, "" if got_enc != enc else " but the text differs"))
        else:
            code = got.split("@")[0] if got_enc == "error" else got_enc
            if got_enc != "error" or code != detail.split("@")[0] or ("@" in detail and got != detail):
                problems.append("%s: expected %s, the model gives %s %s" % (name, detail, got_enc, got if got_enc == "error" else ""))
    if problems:
        sys.exit("fixtures not written:\n  " + "\n  ".join(problems))

    os.makedirs(OUT, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
    with open(os.path.join(OUT, "expected.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("file\tencoding\texpect\tdetail\n")
        for row in expected:
            f.write("\t".join(row) + "\n")
    for name in sorted(files):
        print("%-26s %5d bytes" % (name, len(files[name])))
    print("round trips and detection checked; %d rows in expected.tsv" % len(expected))


if __name__ == "__main__":
    main()
