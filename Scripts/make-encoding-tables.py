#!/usr/bin/env python3
"""Writes Gazetteer/encodings/{tcvn3,vni}.tsv from the code charts of the two legacy Vietnamese
font encodings (TCVN 5712:1993 "ABC" / TCVN3, and VNI-Windows). The charts below are facts of the
standards, written out as data; the TSV files are what the decoder reads."""
import unicodedata, os, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
out = os.path.join(root, "Gazetteer", "encodings")

# TCVN3 (ABC, .VnTime): one byte per letter. Upper-case toned letters are not in the 8-bit chart
# (fonts such as .VnTimeH draw the lower-case codes as capitals), so they decode to lower case.
tcvn3 = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# VNI-Windows: a base letter followed by mark bytes; a few letters are single bytes.
# Tone bytes after a plain vowel (lower, upper): acute, grave, hook, tilde, dot.
tones = {"\u0301": (0xF9, 0xD9), "\u0300": (0xF8, 0xD8), "\u0309": (0xFB, 0xDB), "\u0303": (0xF5, 0xD5), "\u0323": (0xEF, 0xCF)}
# Circumflex (â ê ô) and breve (ă) alone and combined with a tone, as one byte.
circ = {None: (0xE2, 0xC2), "\u0301": (0xE1, 0xC1), "\u0300": (0xE0, 0xC0), "\u0309": (0xE5, 0xC5), "\u0303": (0xE3, 0xC3), "\u0323": (0xE4, 0xC4)}
breve = {None: (0xEA, 0xCA), "\u0301": (0xE9, 0xC9), "\u0300": (0xE8, 0xC8), "\u0309": (0xFA, 0xDA), "\u0303": (0xFC, 0xDC), "\u0323": (0xEB, 0xCB)}
single = {"đ": 0xF1, "Đ": 0xD1, "ơ": 0xF4, "Ơ": 0xD4, "ư": 0xF6, "Ư": 0xD6,
          "í": 0xED, "ì": 0xEC, "ỉ": 0xE6, "ĩ": 0xF3, "ị": 0xF2,
          "Í": 0xCD, "Ì": 0xCC, "Ỉ": 0xC6, "Ĩ": 0xD3, "Ị": 0xD2}

def vni_bytes(ch):
    if ch in single:
        return [single[ch]]
    d = unicodedata.normalize("NFD", ch)
    base, marks = d[0], d[1:]
    upper = base.isupper()
    tone = next((m for m in marks if m in tones), None)
    if "\u0302" in marks:            # circumflex
        return [ord(base), circ[tone][1 if upper else 0]]
    if "\u0306" in marks:            # breve
        return [ord(base), breve[tone][1 if upper else 0]]
    if "\u031B" in marks:            # horn: ơ ư + tone
        h = single[unicodedata.normalize("NFC", base + "\u031B")]
        return [h] + ([tones[tone][1 if upper else 0]] if tone else [])
    if tone:
        return [ord(base), tones[tone][1 if upper else 0]]
    return None

letters = []
for base in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY":
    for t in ["", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"]:
        letters.append(unicodedata.normalize("NFC", base + t))
letters += ["đ", "Đ"]
vni = {}
for ch in letters:
    b = vni_bytes(ch)
    if b and not (len(b) == 1 and b[0] < 0x80):
        vni[tuple(b)] = ch

def write(name, rows, note):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("bytes\tunicode\tchar\tnote\n")
        for b, ch in sorted(rows.items()):
            f.write("{}\t{}\t{}\t{}\n".format(" ".join("%02X" % x for x in b), " ".join("U+%04X" % ord(c) for c in ch), ch, note(b, ch)))

os.makedirs(out, exist_ok=True)
write("tcvn3.tsv", {(k,): v for k, v in tcvn3.items()}, lambda b, ch: unicodedata.name(ch).lower())
write("vni.tsv", vni, lambda b, ch: ("one byte" if len(b) == 1 else "base letter + mark byte" if len(b) == 2 else "letter + horn + tone") + ": " + unicodedata.name(ch).lower())
print("tcvn3: %d rows, vni: %d rows" % (len(tcvn3), len(vni)))
missing = [c for c in letters if c not in vni.values()]
print("vni letters not representable:", missing)
