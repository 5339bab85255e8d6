#!/usr/bin/env python3
"""Writes Tests/Fixtures/encodings/: one Vietnamese sample in every encoding the decoder knows,
plus files it must reject, and expected.tsv saying what each must decode to."""
import os, unicodedata, csv
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = os.path.join(root, "Tests", "Fixtures", "encodings")
os.makedirs(out, exist_ok=True)

def table(name):
    rows = {}
    with open(os.path.join(root, "Gazetteer", "encodings", name + ".tsv"), encoding="utf-8") as f:
        next(f)
        for line in f:
            b, u, ch, _ = line.rstrip("\n").split("\t")
            rows[ch] = bytes(int(x, 16) for x in b.split())
    return rows

def encode(text, rows):
    return b"".join(c.encode("ascii") if ord(c) < 128 else rows[c] for c in text)

sample = ("Thực hiện Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị, Tỉnh ủy Lạng Sơn đã lãnh đạo "
          "tổ chức tốt đại hội đảng bộ các cấp, nhiệm kỳ 2020 - 2025. Tính đến hết tháng 7 năm 2020, "
          "đã có 100% tổ chức cơ sở đảng và 09/15 đảng bộ cấp trên cơ sở tổ chức thành công đại hội; "
          "còn lại 06/15 đảng bộ dự kiến tổ chức đại hội trong tháng 8/2020.\n\n"
          "Đảng bộ huyện Văn Lãng, Ủy ban Kiểm tra, Quảng Ngãi, Thừa Thiên Huế, Đắk Lắk: người, nghiêng, "
          "khuỷu, quyết, chuyện, ướp, thuở, hữu, Ứng, Ờ, Ẵ, Ặ, Ấ, Ở.\n")
# TCVN3 has no upper-case toned vowels: its sample keeps capitals to those it has.
sample_tcvn3 = ("Thực hiện Chỉ thị số 35-CT/TW, ngày 30/5/2019 của Bộ Chính trị, Tỉnh ủy Lạng Sơn đã lãnh đạo "
                "tổ chức tốt đại hội đảng bộ các cấp, nhiệm kỳ 2020 - 2025. Tính đến hết tháng 7 năm 2020, "
                "đã có 100% tổ chức cơ sở đảng và 09/15 đảng bộ cấp trên cơ sở tổ chức thành công đại hội.\n\n"
                "Đảng bộ huyện Văn Lãng, Quảng Ngãi, Đắk Lắk: người, nghiêng, khuỷu, quyết, chuyện, ướp, thuở, hữu, Ăn, Ơn, Ưng.\n")
sample = unicodedata.normalize("NFC", sample)

def w(name, data):
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)

w("sample.utf8.txt", sample.encode("utf-8"))
w("sample.tcvn3-source.txt", sample_tcvn3.encode("utf-8"))
w("sample.utf8-bom.txt", b"\xef\xbb\xbf" + sample.encode("utf-8"))
w("sample.utf16le.txt", b"\xff\xfe" + sample.encode("utf-16-le"))
w("sample.utf16be.txt", b"\xfe\xff" + sample.encode("utf-16-be"))
# Windows-1258 writes tones as combining marks after a (possibly precomposed â ê ô ơ ư ă) base.
def cp1258(text):
    outb = b""
    for c in text:
        try:
            outb += c.encode("cp1258"); continue
        except UnicodeEncodeError:
            pass
        d = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize("NFC", "".join(m for m in d if m not in "\u0300\u0301\u0303\u0309\u0323"))
        tone = "".join(m for m in d if m in "\u0300\u0301\u0303\u0309\u0323")
        outb += base.encode("cp1258") + tone.encode("cp1258")
    return outb
w("sample.cp1258.txt", cp1258(sample))
w("sample.tcvn3.txt", encode(sample_tcvn3, table("tcvn3")))
w("sample.vni.txt", encode(sample, table("vni")))
bad = sample.encode("utf-8")
at = bad.index(b" ", 120)          # between characters, so only the stray byte is wrong
w("bad-utf8.txt", bad[:at] + b"\xc3" + bad[at:])
latin = cp1258("Ban Thường vụ Tỉnh ủy họp.\n")
good = "Tỉnh ủy Lạng Sơn đã lãnh đạo tổ chức tốt đại hội.\n".encode("utf-8")
w("mixed.txt", good + latin + good)
w("garbage.bin", bytes((i * 37 + 11) % 256 for i in range(512)))
w("empty.txt", b"")
with open(os.path.join(out, "expected.tsv"), "w", encoding="utf-8", newline="\n") as f:
    f.write("file\tencoding\texpect\tdetail\n")
    for name, enc in [("sample.utf8.txt", "utf-8"), ("sample.utf8-bom.txt", "utf-8-bom"), ("sample.utf16le.txt", "utf-16le"),
                      ("sample.utf16be.txt", "utf-16be"), ("sample.cp1258.txt", "windows-1258"), ("sample.vni.txt", "vni")]:
        f.write(f"{name}\t{enc}\tok\tsample.utf8.txt\n")
    f.write("sample.tcvn3.txt\ttcvn3\tok\tsample.tcvn3-source.txt\n")
    f.write(f"bad-utf8.txt\t\terror\tinvalid-utf8@{at}\n")
    first = next(i for i, x in enumerate(latin) if x >= 0x80)
    f.write(f"mixed.txt\t\terror\tmixed@{len(good) + first}\n")
    f.write("garbage.bin\t\terror\tbinary\n")
    f.write("empty.txt\t\terror\tempty\n")
print("fixtures written to", out)
