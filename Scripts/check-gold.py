#!/usr/bin/env python3
"""Sanity check of the held-out gold files: JSON valid, every `text` an exact substring of the
article, dates valid, done <= total, enumerations valid. Usage: python3 check_gold.py [DIR]"""
import json, sys, os, glob, datetime, unicodedata

KINDS = {"party-committee", "party-organization", "party-agency", "admin-unit"}
LEVELS = {"cell", "grassroots", "upper-grassroots", "province", "other"}
STATUS = {"completed", "remaining", "planned", "in-progress"}
ACTIV = {"congress", "document-approval", "personnel-approval", "other"}
ROLES = {"published", "document", "as-of", "planned", "event", "other"}

def check_date(s, gran=None):
    if s is None:
        return True
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}
    if gran is None:
        gran = {10: "day", 7: "month", 4: "year"}.get(len(s))
    try:
        datetime.datetime.strptime(s, fmt[gran])
        return True
    except Exception:
        return False

def main(d):
    errors = 0
    files = sorted(glob.glob(os.path.join(d, "*.json")))
    for jf in files:
        tf = jf[:-5] + ".txt"
        name = os.path.basename(jf)
        def err(msg):
            nonlocal errors
            errors += 1
            print(f"{name}: {msg}")
        try:
            g = json.load(open(jf, encoding="utf-8"))
        except Exception as e:
            err(f"invalid JSON: {e}"); continue
        if not os.path.exists(tf):
            err("missing .txt"); continue
        raw = open(tf, "rb").read()
        txt = raw.decode("utf-8")
        if not unicodedata.is_normalized("NFC", txt):
            err("article is not NFC")
        nwords = len(txt.split())
        if not 250 <= nwords <= 700:
            err(f"word count {nwords} outside 250-700")
        for k in ("article", "documents", "dates", "terms", "units", "counts", "notClaims"):
            if k not in g:
                err(f"missing key {k}")
        a = g["article"]
        if a.get("id") != os.path.basename(jf)[:-5]:
            err("article.id != file name")
        if not check_date(a.get("published"), "day"):
            err(f"bad published {a.get('published')}")
        for sect in ("dates", "units", "counts"):
            for it in g[sect]:
                t = it.get("text")
                if t is None or t not in txt:
                    err(f"{sect}: text not a substring: {t!r}")
        for it in g["documents"]:
            if not check_date(it.get("date"), "day"):
                err(f"document {it['id']}: bad date {it.get('date')}")
        for it in g["dates"]:
            v, e, gr = it.get("value"), it.get("end"), it.get("granularity")
            if gr not in ("day", "month", "year"):
                err(f"date {it}: bad granularity")
            if v is not None and (not check_date(v, gr)):
                err(f"date {it}: value does not match granularity")
            if e is not None and (not check_date(e, gr) or (v and e < v)):
                err(f"date {it}: bad end")
            if it.get("role") not in ROLES:
                err(f"date {it}: bad role")
        for it in g["terms"]:
            if not (isinstance(it["from"], int) and isinstance(it["to"], int) and it["from"] < it["to"]):
                err(f"term {it}: bad")
        for it in g["units"]:
            if it.get("kind") not in KINDS:
                err(f"unit {it}: bad kind")
            if it["name"] != unicodedata.normalize("NFC", it["name"]):
                err(f"unit {it}: name not NFC")
        for it in g["counts"]:
            dn, tt, pc = it.get("done"), it.get("total"), it.get("percent")
            if dn is not None and tt is not None and dn > tt:
                err(f"count {it['text']!r}: done > total")
            if dn is None and tt is None and pc is None:
                err(f"count {it['text']!r}: empty")
            if dn is not None and tt is not None and pc is not None:
                if abs(100.0 * dn / tt - pc) > 0.06:
                    err(f"count {it['text']!r}: percent {pc} != {100.0*dn/tt:.2f}")
            if it.get("level") not in LEVELS: err(f"count {it['text']!r}: bad level")
            if it.get("status") not in STATUS: err(f"count {it['text']!r}: bad status")
            if it.get("activity") not in ACTIV: err(f"count {it['text']!r}: bad activity")
            if not check_date(it.get("asOf")):
                err(f"count {it['text']!r}: bad asOf")
        print(f"{name}: {nwords} words, {len(g['documents'])} documents, {len(g['dates'])} dates, "
              f"{len(g['terms'])} terms, {len(g['units'])} units, {len(g['counts'])} counts")
    print(f"{len(files)} gold files, {errors} error(s)")
    return 1 if errors else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Corpus", "heldout")))
