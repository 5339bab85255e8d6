#include "vnicu.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>

void vnicu_version(char *buf, int32_t cap) {
    UVersionInfo v;
    char tmp[U_MAX_VERSION_STRING_LENGTH];
    u_getVersion(v);
    u_versionToString(v, tmp);
    if (cap > 0) {
        strncpy(buf, tmp, (size_t)cap - 1);
        buf[cap - 1] = 0;
    }
}

const char *vnicu_error_name(int32_t err) { return u_errorName((UErrorCode)err); }

/* ---- Normalization ---- */

static const UNormalizer2 *nfc(UErrorCode *status) { return unorm2_getNFCInstance(status); }

int32_t vnicu_nfc_utf16(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = nfc(&status);
    if (U_FAILURE(status)) { *err = status; return 0; }
    int32_t out = unorm2_normalize(n, (const UChar *)src, len, (UChar *)dst, cap, &status);
    *err = status;
    return out;
}

void vnicu_nfc_boundary_table(uint8_t *bits, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = nfc(&status);
    *err = status;
    if (U_FAILURE(status)) return;
    memset(bits, 0, 8192);
    for (UChar32 c = 0; c < 0x10000; c++) {
        if (unorm2_hasBoundaryBefore(n, c)) bits[c >> 3] |= (uint8_t)(1u << (c & 7));
    }
}

int32_t vnicu_nfc_has_boundary_before(int32_t codepoint) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = nfc(&status);
    if (U_FAILURE(status)) return 1;
    return unorm2_hasBoundaryBefore(n, (UChar32)codepoint) ? 1 : 0;
}

/* ---- Break iteration ---- */

struct vnicu_breaker {
    UBreakIterator *bi;
    UChar *u16;          /* the text as UTF-16 (ICU iterates UTF-16 fastest) */
    int32_t u16cap;
    const uint8_t *u8;   /* the caller's UTF-8 text */
    int32_t u8len;
    int32_t at16, at8;   /* last boundary returned, in both units */
    int32_t done;
};

vnicu_breaker *vnicu_breaker_open(int32_t kind, const char *locale, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIteratorType type = kind == VNICU_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD;
    UBreakIterator *bi = ubrk_open(type, locale, NULL, 0, &status);
    *err = status;
    if (U_FAILURE(status)) return NULL;
    vnicu_breaker *b = calloc(1, sizeof *b);
    if (!b) { ubrk_close(bi); *err = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    b->bi = bi;
    b->done = 1;
    return b;
}

void vnicu_breaker_close(vnicu_breaker *b) {
    if (!b) return;
    free(b->u16);
    ubrk_close(b->bi);
    free(b);
}

void vnicu_breaker_set_utf8(vnicu_breaker *b, const uint8_t *text, int32_t len, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    if (b->u16cap < len + 1) {
        free(b->u16);
        b->u16cap = len + 1;
        b->u16 = malloc(sizeof(UChar) * (size_t)b->u16cap);
        if (!b->u16) { b->u16cap = 0; b->done = 1; *err = U_MEMORY_ALLOCATION_ERROR; return; }
    }
    int32_t ulen = 0;
    u_strFromUTF8WithSub(b->u16, b->u16cap, &ulen, (const char *)text, len, 0xFFFD, NULL, &status);
    if (U_SUCCESS(status)) ubrk_setText(b->bi, b->u16, ulen, &status);
    if (U_SUCCESS(status)) ubrk_first(b->bi);
    b->u8 = text;
    b->u8len = len;
    b->at16 = 0;
    b->at8 = 0;
    b->done = U_FAILURE(status) ? 1 : 0;
    *err = status;
}

/* Advances the UTF-8 offset along with the UTF-16 one (boundaries only move forward). */
static int32_t utf8_offset(vnicu_breaker *b, int32_t to16) {
    int32_t i16 = b->at16, i8 = b->at8;
    const UChar *u = b->u16;
    while (i16 < to16) {
        UChar c = u[i16];
        if (c < 0x80) { i8 += 1; i16 += 1; }
        else if (c < 0x800) { i8 += 2; i16 += 1; }
        else if (U16_IS_LEAD(c) && i16 + 1 < to16 + 1 && U16_IS_TRAIL(u[i16 + 1])) { i8 += 4; i16 += 2; }
        else { i8 += 3; i16 += 1; }
    }
    b->at16 = i16;
    b->at8 = i8 > b->u8len ? b->u8len : i8;
    return b->at8;
}

int32_t vnicu_breaker_next_batch(vnicu_breaker *b, int32_t *bounds, int32_t *statuses, int32_t cap) {
    int32_t n = 0;
    while (!b->done && n < cap) {
        int32_t p = ubrk_next(b->bi);
        if (p == UBRK_DONE) { b->done = 1; break; }
        bounds[n] = utf8_offset(b, p);
        statuses[n] = ubrk_getRuleStatus(b->bi);
        n++;
    }
    return n;
}

/* ---- Converters ---- */

int32_t vnicu_convert_to_utf8(const char *charset, const uint8_t *src, int32_t len,
                              uint8_t *dst, int32_t cap, int32_t *bad_offset, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    *bad_offset = -1;
    UConverter *cnv = ucnv_open(charset, &status);
    if (U_FAILURE(status)) { *err = status; return 0; }
    ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &status);
    if (U_FAILURE(status)) { ucnv_close(cnv); *err = status; return 0; }

    /* Decode to UTF-16 in chunks, tracking the source position to report the first bad byte. */
    int32_t ucap = len + 16;
    UChar *u = malloc(sizeof(UChar) * (size_t)ucap);
    if (!u) { ucnv_close(cnv); *err = U_MEMORY_ALLOCATION_ERROR; return 0; }
    const char *s = (const char *)src;
    const char *limit = s + len;
    UChar *t = u;
    ucnv_toUnicode(cnv, &t, u + ucap, &s, limit, NULL, 1, &status);
    if (U_FAILURE(status)) {
        /* s stops after the offending bytes; ask the converter how many it held. */
        char bad[32];
        int8_t badLen = sizeof bad;
        UErrorCode e2 = U_ZERO_ERROR;
        ucnv_getInvalidChars(cnv, bad, &badLen, &e2);
        *bad_offset = (int32_t)(s - (const char *)src) - (U_SUCCESS(e2) ? badLen : 1);
        if (*bad_offset < 0) *bad_offset = 0;
        free(u);
        ucnv_close(cnv);
        *err = status;
        return 0;
    }
    int32_t ulen = (int32_t)(t - u);
    int32_t out = 0;
    u_strToUTF8((char *)dst, cap, &out, u, ulen, &status);
    free(u);
    ucnv_close(cnv);
    *err = status;
    return out;
}

/* ---- Transliteration ---- */

struct vnicu_translit { UTransliterator *t; };

vnicu_translit *vnicu_translit_open(const uint16_t *id, int32_t id_len, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    UTransliterator *t = utrans_openU((const UChar *)id, id_len, UTRANS_FORWARD, NULL, 0, NULL, &status);
    *err = status;
    if (U_FAILURE(status)) return NULL;
    vnicu_translit *w = malloc(sizeof *w);
    if (!w) { utrans_close(t); *err = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    w->t = t;
    return w;
}

void vnicu_translit_close(vnicu_translit *t) {
    if (!t) return;
    utrans_close(t->t);
    free(t);
}

int32_t vnicu_translit_utf16(vnicu_translit *t, uint16_t *buf, int32_t len, int32_t cap, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t textLength = len;
    int32_t limit = len;
    utrans_transUChars(t->t, (UChar *)buf, &textLength, cap, 0, &limit, &status);
    *err = status;
    return textLength;
}

/* ---- Benchmark ceilings ---- */

int64_t vnicu_bench_decode_nfc(const uint8_t *utf8, int64_t len, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2 *n = nfc(&status);
    int64_t total = 0;
    const int64_t chunk = 1 << 20;
    UChar *u = malloc(sizeof(UChar) * (size_t)(chunk + 8));
    UChar *v = malloc(sizeof(UChar) * (size_t)(2 * chunk + 8));
    for (int64_t off = 0; off < len && U_SUCCESS(status);) {
        int64_t end = off + chunk < len ? off + chunk : len;
        while (end < len && (utf8[end] & 0xC0) == 0x80) end--; /* do not split a character */
        int32_t ulen = 0;
        u_strFromUTF8(u, (int32_t)chunk + 8, &ulen, (const char *)utf8 + off, (int32_t)(end - off), &status);
        total += unorm2_normalize(n, u, ulen, v, (int32_t)(2 * chunk + 8), &status);
        off = end;
    }
    free(u);
    free(v);
    *err = status;
    return total;
}

int64_t vnicu_bench_words(const uint8_t *utf8, int64_t len, int32_t *err) {
    UErrorCode status = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "vi", NULL, 0, &status);
    int64_t words = 0;
    const int64_t chunk = 1 << 20;
    UChar *u = malloc(sizeof(UChar) * (size_t)(chunk + 8));
    for (int64_t off = 0; off < len && U_SUCCESS(status);) {
        int64_t end = off + chunk < len ? off + chunk : len;
        while (end < len && (utf8[end] & 0xC0) == 0x80) end--;
        int32_t ulen = 0;
        u_strFromUTF8(u, (int32_t)chunk + 8, &ulen, (const char *)utf8 + off, (int32_t)(end - off), &status);
        ubrk_setText(bi, u, ulen, &status);
        for (int32_t p = ubrk_first(bi); p != UBRK_DONE; p = ubrk_next(bi)) {
            if (ubrk_getRuleStatus(bi) >= UBRK_WORD_NUMBER) words++;
        }
        off = end;
    }
    if (bi) ubrk_close(bi);
    free(u);
    *err = status;
    return words;
}

int64_t vnicu_utf8_scan(const uint8_t *s, int64_t n, int64_t *invalid_bytes, int64_t *multibyte) {
    int64_t first = -1, bad = 0, multi = 0, i = 0;
    while (i < n) {
        uint8_t b = s[i];
        if (b < 0x80) {
            /* Long ASCII stretches eight bytes at a time. */
            i++;
            while (i + 8 <= n) {
                uint64_t w; memcpy(&w, s + i, 8);
                if (w & 0x8080808080808080ULL) break;
                i += 8;
            }
            while (i < n && s[i] < 0x80) i++;
            continue;
        }
        /* The Vietnamese letters: 2-byte C3..C6 and 3-byte E1 B8..BB (U+1E00..U+1EFF). */
        if (b >= 0xC3 && b <= 0xC6 && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) { multi++; i += 2; continue; }
        if (b == 0xE1 && i + 2 < n && (s[i + 1] & 0xFC) == 0xB8 && (s[i + 2] & 0xC0) == 0x80) { multi++; i += 3; continue; }
        int need; uint32_t cp, min;
        if (b >= 0xC2 && b <= 0xDF) { need = 1; cp = b & 0x1F; min = 0x80; }
        else if (b >= 0xE0 && b <= 0xEF) { need = 2; cp = b & 0x0F; min = 0x800; }
        else if (b >= 0xF0 && b <= 0xF4) { need = 3; cp = b & 0x07; min = 0x10000; }
        else { need = 0; cp = 0; min = 0; }
        int ok = need > 0 && i + need < n;
        for (int k = 1; ok && k <= need; k++) {
            uint8_t c = s[i + k];
            if ((c & 0xC0) != 0x80) ok = 0; else cp = (cp << 6) | (c & 0x3F);
        }
        if (ok && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) ok = 0;
        if (ok) { multi++; i += need + 1; }
        else { if (first < 0) first = i; bad++; i++; }
    }
    if (invalid_bytes) *invalid_bytes = bad;
    if (multibyte) *multibyte = multi;
    return first;
}
