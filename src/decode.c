/*
 * decode — raw file bytes to UTF-8. UTF-8 is the common case and the hot
 * path of loading a large corpus, so it is validated (and, when needed,
 * repaired) here in one pass without ICU. Everything else goes through an
 * ICU converter whose error callback writes U+FFFD and counts. A forced
 * encoding or a BOM settles which one here; when neither does,
 * decode_detect.c picks it. Engine layer: no output, no exit.
 */
#include "decode_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv_cb.h>

#include "detect.h"
#include "util.h"

static const char replacement[] = "\xef\xbf\xbd";

/* ------------------------------------------------------------- UTF-8 */

/* Unicode Table 3-7: the range of the second byte depends on the first. */
static int utf8_second_ok(unsigned char lead, unsigned char b)
{
        switch (lead) {
        case 0xe0: return b >= 0xa0 && b <= 0xbf;
        case 0xed: return b >= 0x80 && b <= 0x9f;
        case 0xf0: return b >= 0x90 && b <= 0xbf;
        case 0xf4: return b >= 0x80 && b <= 0x8f;
        default: return b >= 0x80 && b <= 0xbf;
        }
}

int32_t decode_utf8_char(const char *s, size_t n, size_t *len)
{
        const unsigned char *p = (const unsigned char *)s;
        unsigned char c = p[0];
        size_t need, i;
        int32_t cp;

        if (c < 0x80) {
                *len = 1;
                return c;
        }
        /* Most of a Chinese text: three bytes, lead neither E0 nor ED. */
        if (n >= 3 && c >= 0xe1 && c <= 0xef && c != 0xed && (p[1] & 0xc0) == 0x80 &&
            (p[2] & 0xc0) == 0x80) {
                *len = 3;
                return ((int32_t)(c & 0x0f) << 12) | ((int32_t)(p[1] & 0x3f) << 6) |
                       (p[2] & 0x3f);
        }
        if (c >= 0xc2 && c <= 0xdf) {
                need = 2;
                cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
                need = 3;
                cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
                need = 4;
                cp = c & 0x07;
        } else {
                *len = 1;
                return -1;
        }
        for (i = 1; i < need; i++) {
                int ok = i < n && (i == 1 ? utf8_second_ok(c, p[1]) : (p[i] & 0xc0) == 0x80);

                if (!ok) {
                        *len = i;
                        return -1;
                }
                cp = (cp << 6) | (p[i] & 0x3f);
        }
        *len = need;
        return cp;
}

/*
 * One pass over the whole input. ASCII goes eight bytes at a time and the
 * three-byte sequences of CJK text are checked inline: together they are
 * nearly every byte of a Chinese corpus. With quick set, the scan gives up
 * as soon as the text is plainly not UTF-8 (the counts are then partial).
 */
void decode_utf8_scan(const char *s, size_t n, int quick, struct utf8_stats *st)
{
        const unsigned char *p = (const unsigned char *)s, *e = p + n;
        size_t len;

        memset(st, 0, sizeof *st);
        while (p < e) {
                if (*p < 0x80) {
                        uint64_t w;

                        while (e - p >= 8) {
                                memcpy(&w, p, 8);
                                if (w & 0x8080808080808080ull)
                                        break;
                                p += 8;
                        }
                        while (p < e && *p < 0x80)
                                p++;
                        continue;
                }
                if (e - p >= 3 && *p >= 0xe1 && *p <= 0xef && *p != 0xed &&
                    (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
                        st->multibyte++;
                        p += 3;
                        continue;
                }
                if (decode_utf8_char((const char *)p, (size_t)(e - p), &len) >= 0) {
                        st->multibyte++;
                } else {
                        st->invalid++;
                        if (p + len == e && *p >= 0xc2 && *p <= 0xf4)
                                st->cut_tail = 1;
                        if (quick && st->invalid >= 64 && st->invalid * 50 > st->multibyte)
                                return;
                }
                p += len;
        }
}

void decode_utf8_copy(const char *s, size_t n, const struct utf8_stats *st,
                      struct decode_result *out)
{
        char *o = xmalloc(n + 2 * st->invalid + 1);
        size_t i = 0, run = 0, len;

        out->text = o;
        out->invalid = st->invalid;
        if (st->invalid == 0) {
                memcpy(o, s, n);
                o[n] = '\0';
                out->len = n;
                return;
        }
        while (i < n) {
                if ((unsigned char)s[i] < 0x80) {
                        i++;
                        continue;
                }
                if (decode_utf8_char(s + i, n - i, &len) >= 0) {
                        i += len;
                        continue;
                }
                memcpy(o, s + run, i - run);
                o += i - run;
                memcpy(o, replacement, 3);
                o += 3;
                i += len;
                run = i;
        }
        memcpy(o, s + run, n - run);
        o += n - run;
        *o = '\0';
        out->len = (size_t)(o - out->text);
}

/* ------------------------------------------------------------- ICU */

/*
 * ICU's own substitute is U+001A for some converters; lectern wants U+FFFD
 * everywhere, and a count. The context is a size_t counter; ICU hands it
 * back const, hence the trip through uintptr_t.
 */
static void on_invalid(const void *context, UConverterToUnicodeArgs *args,
                       const char *units, int32_t length, UConverterCallbackReason reason,
                       UErrorCode *err)
{
        static const UChar fffd = 0xfffd;
        size_t *count = (size_t *)(uintptr_t)context;

        (void)units;
        (void)length;
        if (reason > UCNV_IRREGULAR)
                return;
        (*count)++;
        *err = U_ZERO_ERROR;
        ucnv_cbToUWriteUChars(args, &fffd, 1, 0, err);
}

const char *decode_canonical_name(UConverter *cnv)
{
        UErrorCode err = U_ZERO_ERROR;
        const char *name = ucnv_getName(cnv, &err), *std;
        static const char *const standards[] = { "MIME", "IANA" };

        if (U_FAILURE(err))
                return "unknown";
        for (size_t i = 0; i < LC_ARRAY_LEN(standards); i++) {
                err = U_ZERO_ERROR;
                std = ucnv_getStandardName(name, standards[i], &err);
                if (U_SUCCESS(err) && std)
                        return std;
        }
        err = U_ZERO_ERROR;
        std = ucnv_getAlias(name, 0, &err);
        return U_SUCCESS(err) && std ? std : "unknown";
}

int decode_encoding_open(const char *name, UConverter **cnv, char **cause)
{
        UErrorCode err = U_ZERO_ERROR;

        *cnv = name && *name ? ucnv_open(name, &err) : NULL;
        if (!*cnv || U_FAILURE(err)) {
                *cnv = NULL;
                return lc_fail(cause, LC_ENCODING, "unknown character encoding \"%s\"",
                               name ? name : "");
        }
        return LC_OK;
}

int decode_icu_convert(UConverter *cnv, const char *raw, size_t n,
                       struct decode_result *out, char **cause)
{
        UErrorCode err = U_ZERO_ERROR;
        UConverter *utf8 = ucnv_open("UTF-8", &err);
        UChar pivot[4096], *pivot_src = pivot, *pivot_dst = pivot;
        const char *src = raw;
        size_t cap = n + n / 2 + 16, len = 0;
        char *buf, *dst;
        UBool reset = 1;

        if (U_FAILURE(err))
                return lc_fail(cause, LC_ENCODING, "ICU has no UTF-8 converter: %s",
                               u_errorName(err));
        out->invalid = 0;
        ucnv_reset(cnv);
        ucnv_setToUCallBack(cnv, on_invalid, (const void *)&out->invalid, NULL, NULL, &err);
        buf = xmalloc(cap);
        for (;;) {
                dst = buf + len;
                ucnv_convertEx(utf8, cnv, &dst, buf + cap - 1, &src, raw + n, pivot,
                               &pivot_src, &pivot_dst, pivot + LC_ARRAY_LEN(pivot), reset,
                               1, &err);
                len = (size_t)(dst - buf);
                reset = 0;
                if (err != U_BUFFER_OVERFLOW_ERROR)
                        break;
                err = U_ZERO_ERROR;
                buf = xgrow(buf, &cap, cap + 1, 1);
        }
        ucnv_close(utf8);
        if (U_FAILURE(err)) {
                free(buf);
                return lc_fail(cause, LC_ENCODING, "cannot convert from %s: %s",
                               decode_canonical_name(cnv), u_errorName(err));
        }
        buf[len] = '\0';
        out->text = buf;
        out->len = len;
        return LC_OK;
}

/* A BOM that survived conversion (ICU keeps it for the -LE/-BE forms). */
static void drop_bom(struct decode_result *out)
{
        if (out->len >= 3 && memcmp(out->text, "\xef\xbb\xbf", 3) == 0) {
                memmove(out->text, out->text + 3, out->len - 2);
                out->len -= 3;
                out->bom = true;
        }
}

/* ------------------------------------------------------------- entry */

void decode_utf8(const char *s, size_t n, struct decode_result *out)
{
        struct utf8_stats st;

        decode_utf8_scan(s, n, 0, &st);
        decode_utf8_copy(s, n, &st, out);
        out->encoding = "UTF-8";
}

int decode_with(UConverter *cnv, const char *name, const char *raw, size_t n,
                struct decode_result *out, char **cause)
{
        int rc = decode_icu_convert(cnv, raw, n, out, cause);

        if (rc == LC_OK) {
                out->encoding = name;
                drop_bom(out);
        }
        return rc;
}

/* The binary test for bytes known to be in an ASCII-compatible encoding: NULs never mean UTF-16. */
static int binary_bytes(const char *raw, size_t n, char **cause)
{
        enum detect_utf16 utf16;
        int nul_heavy, rc = detect_binary(raw, n < DETECT_SAMPLE ? n : DETECT_SAMPLE, &utf16,
                                          &nul_heavy, cause);

        if (rc == LC_OK && nul_heavy)
                rc = lc_fail(cause, LC_EBINARY, "binary file (NUL bytes)");
        return rc;
}

static int decode_forced(const char *raw, size_t n, const char *force,
                         struct decode_result *out, char **cause)
{
        UErrorCode err = U_ZERO_ERROR;
        UConverter *cnv;
        int rc = decode_encoding_open(force, &cnv, cause);

        if (rc != LC_OK)
                return rc;
        /*
         * A corpus-wide --encoding still meets the images and archives lying
         * next to the text, so the binary test stays; only UTF-16 and UTF-32,
         * whose NUL bytes are expected, skip it.
         */
        if (ucnv_getMinCharSize(cnv) == 1)
                rc = binary_bytes(raw, n, cause);
        if (rc == LC_OK && strcmp(ucnv_getName(cnv, &err), "UTF-8") == 0) {
                decode_utf8(raw, n, out);
                drop_bom(out);
        } else if (rc == LC_OK) {
                rc = decode_with(cnv, decode_canonical_name(cnv), raw, n, out, cause);
        }
        ucnv_close(cnv);
        return rc;
}

int decode_bytes(const char *raw, size_t n, const char *force,
                 struct decode_result *out, char **cause)
{
        const char *bom_enc = NULL;
        size_t bomlen = 2;
        UConverter *cnv;
        int rc;

        memset(out, 0, sizeof *out);
        if (n == 0)
                raw = "";
        /* UTF-32LE's BOM begins like UTF-16LE's: the longer one first. */
        if (n >= 4 && memcmp(raw, "\xff\xfe\0\0", 4) == 0)
                bom_enc = "UTF-32LE", bomlen = 4;
        else if (n >= 4 && memcmp(raw, "\0\0\xfe\xff", 4) == 0)
                bom_enc = "UTF-32BE", bomlen = 4;
        else if (n >= 2 && memcmp(raw, "\xff\xfe", 2) == 0)
                bom_enc = "UTF-16LE";
        else if (n >= 2 && memcmp(raw, "\xfe\xff", 2) == 0)
                bom_enc = "UTF-16BE";
        /*
         * A BOM names the encoding, not that what follows is text: a tool
         * may put one before anything. After a UTF-8 BOM come the bytes of a
         * file without one, and they face its test; UTF-16 and UTF-32 bytes
         * are full of NULs and controls, so what they decode to faces it.
         */
        if (force) {
                rc = decode_forced(raw, n, force, out, cause);
        } else if (n >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0) {
                rc = binary_bytes(raw + 3, n - 3, cause);
                if (rc == LC_OK) {
                        decode_utf8(raw + 3, n - 3, out);
                        out->bom = true;
                }
        } else if (bom_enc) {
                rc = decode_encoding_open(bom_enc, &cnv, cause);
                if (rc == LC_OK) {
                        rc = decode_with(cnv, bom_enc, raw + bomlen, n - bomlen, out, cause);
                        out->bom = true;
                        ucnv_close(cnv);
                }
                if (rc == LC_OK)
                        rc = detect_binary_decoded(out->text, out->len, cause);
        } else {
                rc = decode_detected(raw, n, out, cause);
        }
        if (rc != LC_OK)
                decode_result_free(out);
        return rc;
}

void decode_result_free(struct decode_result *r)
{
        if (!r)
                return;
        free(r->text);
        memset(r, 0, sizeof *r);
}
