#!/usr/bin/env python3
"""Build Gazetteer/documents/registry.tsv.

The registry = the hand-written rows of tools/registry-party.tsv (kept first, as they are)
+ one row per distinct id of the unit catalogue's legal documents (units/legal-documents.tsv,
a byte-identical copy of the shared gazetteer's documents.tsv), as state documents:

* kind, number, issuer are parsed from the id (15/2020/NĐ-CP -> NĐ, 15, CP;
  1365/NQ-UBTVQH15 -> NQ, 1365, UBTVQH15; 621/TCTK-PPCĐ -> CV, 621, TCTK-PPCĐ;
  202/2025/QH15 -> NQ, 202, QH15). An id that does not parse into a kind and an issuer
  listed in documents/kinds.tsv and documents/issuers.tsv (typos such as 28/2006/NDD-CP,
  135/206/NĐ-CP) keeps kind, number and issuer empty; the note says what it probably is.
* date stays empty: the catalogue gives the snapshot date, not the document's date; it goes
  into the note as "catalogue snapshot YYYY-MM-DD".
* title = the catalogue's description, NFC, tone marks in the new style ("Hòa", "thủy").
* an id that occurs more than once becomes one row; its notes are joined. The catalogue writes
  Government resolutions without the year (04/NQ-CP), so one such id can name different
  documents of different years: then the titles are joined with " | " and the note says so.

Usage: python3 Gazetteer/tools/build-registry.py [LEGAL_DOCUMENTS_TSV]
(default: Gazetteer/units/legal-documents.tsv; /work/shared/gazetteer/documents.tsv is the same file).
"""
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
COLUMNS = ['id', 'kind', 'number', 'issuer', 'date', 'title',
           'applies_from', 'applies_to', 'replaced_by', 'note']

# What the irregular ids of the catalogue most probably are (for the note only).
PROBABLY = {
    '61/2005/NĐ/CP': '61/2005/NĐ-CP',
    '84/2005-NĐ-CP': '84/2005/NĐ-CP',
    '28/2006/NDD-CP': '28/2006/NĐ-CP (Telex "dd" for đ)',
    '171/2007/NDD-CP': '171/2007/NĐ-CP (Telex "dd" for đ)',
    '135/206/NĐ-CP': '135/2006/NĐ-CP',
    '137/2007N§-CP': '137/2007/NĐ-CP ("§" is Đ in TCVN3)',
    '176/2007NĐ-CP': '176/2007/NĐ-CP',
    '903/NQ-NBTVQH13': '903/NQ-UBTVQH13',
    '931/UBTVQH13': '931/NQ-UBTVQH13',
    '829/UBTVQH14': '829/NQ-UBTVQH14',
    '1192/NQ-UBTVQH': '1192/NQ-UBTVQH15',
}

# Commit-message noise that the catalogue appended to a description.
NOISE = re.compile(r';\s*Rerun with fix for missing name in `tree\.json` generation$')

TONES = '\u0300\u0301\u0303\u0309\u0323'
OLD_STYLE = re.compile('(?<![qQ])([oOuU])([aAeEyY])([' + TONES + '])(?![^\\W\\d_]|[\u0300-\u036f])')


def new_style(text):
    """Old tone placement on a final oa/oe/uy ("Hoà", "thuỷ") -> new ("Hòa", "thủy")."""
    nfd = unicodedata.normalize('NFD', text)
    pairs = {('o', 'a'), ('o', 'e'), ('u', 'y')}

    def fix(m):
        first, second, tone = m.group(1), m.group(2), m.group(3)
        if (first.lower(), second.lower()) not in pairs:
            return m.group(0)
        return first + tone + second
    return unicodedata.normalize('NFC', OLD_STYLE.sub(fix, nfd))


def read_tsv(path):
    with open(path, encoding='utf-8') as f:
        lines = [l.rstrip('\n') for l in f if l.strip()]
    header = lines[0].split('\t')
    return header, [dict(zip(header, l.split('\t'))) for l in lines[1:]]


def codes(path):
    _, rows = read_tsv(path)
    return {r['code'] for r in rows}


def parse(doc_id, title, kinds, issuers):
    """(kind, number, issuer, extra note) or None when the id is irregular."""
    m = re.fullmatch(r'(\d+)/(\d{4})/([^\W\d_]+)-([^\W_]+)', doc_id)        # 15/2020/NĐ-CP
    if not m:
        m = re.fullmatch(r'(\d+)/()([^\W\d_]+)-([^\W_]+)', doc_id)          # 04/NQ-CP
    if m and m.group(3) in kinds and m.group(4) in issuers:
        return m.group(3), str(int(m.group(1))), m.group(4), ''
    m = re.fullmatch(r'(\d+)/([^\W\d_]+-[^\W\d_]+)', doc_id)                # 621/TCTK-PPCĐ
    if m and m.group(2) in issuers:
        return 'CV', str(int(m.group(1))), m.group(2), 'công văn: no kind code in the number'
    m = re.fullmatch(r'(\d+)/(\d{4})/(QH\d+)', doc_id)                       # 202/2025/QH15
    if m and m.group(3) in issuers and not title.lower().startswith('luật'):
        return 'NQ', str(int(m.group(1))), m.group(3), 'Quốc hội writes NUMBER/YEAR/QHnn for laws and resolutions alike; NQ from the title'
    return None


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, 'units', 'legal-documents.tsv')
    kinds = codes(os.path.join(ROOT, 'documents', 'kinds.tsv'))
    issuers = codes(os.path.join(ROOT, 'documents', 'issuers.tsv'))

    header, hand = read_tsv(os.path.join(HERE, 'registry-party.tsv'))
    if header != COLUMNS:
        sys.exit('registry-party.tsv: columns must be ' + ' '.join(COLUMNS))

    _, docs = read_tsv(source)
    order, by_id = [], {}
    for d in docs:
        doc_id = unicodedata.normalize('NFC', d['doc_id'].strip())
        if doc_id not in by_id:
            by_id[doc_id] = []
            order.append(doc_id)
        title = new_style(NOISE.sub('', d['description'].strip()))
        by_id[doc_id].append((d['snapshot_date'], title))

    out = []
    for doc_id in order:
        seen = by_id[doc_id]
        titles = []
        for _, t in seen:
            if t.lower() not in [x.lower() for x in titles]:
                titles.append(t)
        dates = sorted({s for s, _ in seen})
        notes = []
        parsed = None if doc_id in PROBABLY else parse(doc_id, titles[0], kinds, issuers)
        kind = number = issuer = ''
        if parsed:
            kind, number, issuer, extra = parsed
            if extra:
                notes.append(extra)
        else:
            probable = PROBABLY.get(doc_id)
            notes.append('irregular id, kept as the catalogue writes it' +
                         (f'; probably {probable}' if probable else ''))
        if len(titles) > 1:
            notes.append(f'{len(titles)} different documents share this id written without its year '
                         '(numbers restart each year); titles joined in snapshot order')
        notes.append('catalogue snapshot ' + '; '.join(dates))
        out.append({'id': doc_id, 'kind': kind, 'number': number, 'issuer': issuer, 'date': '',
                    'title': ' | '.join(titles), 'applies_from': '', 'applies_to': '',
                    'replaced_by': '', 'note': '; '.join(notes)})

    lines = ['\t'.join(COLUMNS)]
    seen_lines = set()
    for r in hand + out:
        cells = [unicodedata.normalize('NFC', r.get(c, '').strip()) for c in COLUMNS]
        for c in cells:
            if '\t' in c or '\n' in c:
                sys.exit(f'tab or newline in {cells[0]}')
        line = '\t'.join(cells)
        if line in seen_lines:
            continue
        seen_lines.add(line)
        lines.append(line)
    target = os.path.join(ROOT, 'documents', 'registry.tsv')
    with open(target, 'w', encoding='utf-8', newline='\n') as f:
        f.write('\n'.join(lines) + '\n')
    print(f'{target}: {len(hand)} hand-written + {len(out)} catalogue rows')


if __name__ == '__main__':
    main()
