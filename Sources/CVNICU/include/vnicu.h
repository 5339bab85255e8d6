/*
 * vnicu: the project's only door to ICU's C API.
 *
 * Every declaration here uses C standard types only, so Swift modules that also see Foundation
 * (which carries its own ICU headers) can import this module without clashing. the ICU headers are
 * included only in vnicu.c. Names are stable (ICU's are renamed per version by urename.h).
 *
 * Conventions: `err` is ICU's UErrorCode as an int32_t: 0 = success, < 0 = warning, > 0 = failure
 * (15 = buffer overflow: the return value is then the length needed). The shim holds no policy.
 */
#ifndef VNICU_H
#define VNICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ICU's version as "72.1" into buf (cap bytes). */
void vnicu_version(char *buf, int32_t cap);

/* The human-readable name of an error code (static storage). */
const char *vnicu_error_name(int32_t err);

/* ---- Normalization (NFC) ---- */

/* NFC-normalizes UTF-16 text. Returns the length written (or needed, with err = 15). */
int32_t vnicu_nfc_utf16(const uint16_t *src, int32_t len, uint16_t *dst, int32_t cap, int32_t *err);

/* Fills bits[8192]: bit c is set when NFC has a boundary before BMP code point c
   (c is NFC_QC=Yes and has combining class 0, so text before it never changes when c follows). */
void vnicu_nfc_boundary_table(uint8_t *bits, int32_t *err);

/* Whether NFC has a boundary before any code point (for supplementary planes). */
int32_t vnicu_nfc_has_boundary_before(int32_t codepoint);

/* ---- Break iteration over UTF-8 (indices are UTF-8 byte offsets) ---- */

enum { VNICU_BREAK_WORD = 0, VNICU_BREAK_SENTENCE = 1 };

typedef struct vnicu_breaker vnicu_breaker;

/* Opens a word or sentence break iterator for a locale ("vi"). NULL on failure (see err). */
vnicu_breaker *vnicu_breaker_open(int32_t kind, const char *locale, int32_t *err);
void vnicu_breaker_close(vnicu_breaker *b);

/* Points the iterator at UTF-8 text; the text must stay alive and unchanged while iterating. */
void vnicu_breaker_set_utf8(vnicu_breaker *b, const uint8_t *text, int32_t len, int32_t *err);

/* Writes up to cap next boundaries (byte offsets, increasing, after the current one) and their
   rule status (word: 0-99 none/punct, 100-199 number, 200-299 letter, 300-399 kana, 400-499 ideo).
   Returns how many were written; 0 when the end was reached. */
int32_t vnicu_breaker_next_batch(vnicu_breaker *b, int32_t *bounds, int32_t *statuses, int32_t cap);

/* ---- Converters ---- */

/* Converts bytes in the named charset (e.g. "windows-1258") to UTF-8, stopping at the first byte
   sequence the charset does not define: then err > 0 and *bad_offset is that byte's offset.
   Returns the UTF-8 length written (or needed, with err = 15). */
int32_t vnicu_convert_to_utf8(const char *charset, const uint8_t *src, int32_t len,
                              uint8_t *dst, int32_t cap, int32_t *bad_offset, int32_t *err);

/* ---- Transliteration ---- */

typedef struct vnicu_translit vnicu_translit;

/* Opens a transliterator by ICU id (e.g. "Any-Latin; Latin-ASCII; Lower"). */
vnicu_translit *vnicu_translit_open(const uint16_t *id, int32_t id_len, int32_t *err);
void vnicu_translit_close(vnicu_translit *t);

/* Transliterates UTF-16 text in place in buf (len used, cap capacity). Returns the new length. */
int32_t vnicu_translit_utf16(vnicu_translit *t, uint16_t *buf, int32_t len, int32_t cap, int32_t *err);

/* ---- Ceilings for benchmarks: the plain C loop over the same ICU calls ---- */

/* UTF-8 -> UTF-16 -> NFC over the whole buffer; returns the NFC length in UTF-16 units. */
int64_t vnicu_bench_decode_nfc(const uint8_t *utf8, int64_t len, int32_t *err);

/* UTF-8 -> UTF-16 -> word break; returns the number of word-like segments (status >= 100). */
int64_t vnicu_bench_words(const uint8_t *utf8, int64_t len, int32_t *err);

/* Strict UTF-8 scan (no overlongs, no surrogates, nothing above U+10FFFF). Returns the offset of
   the first invalid byte or -1; counts invalid bytes and well-formed multi-byte sequences. */
int64_t vnicu_utf8_scan(const uint8_t *s, int64_t n, int64_t *invalid_bytes, int64_t *multibyte);

#ifdef __cplusplus
}
#endif

#endif
