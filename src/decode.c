/*
 * decode — raw file bytes to UTF-8. UTF-8 is the common case and the hot
 * path of loading a large corpus, so it is validated (and, when needed,
 * repaired) here in one pass without ICU. Everything else goes through an
 * ICU converter whose error callback writes U+FFFD and counts. When the
 * encoding is not given, a BOM decides, then UTF-8 validity; failing both,
 * each candidate decodes a sample and detect.c scores the results, because
 * GB18030 and Big5 accept each other's bytes without a single error.
 * Engine layer: no output, no exit.
 */
#include "decode.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
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

struct utf8_stats {
        size_t invalid;         /* maximal subparts, the cut tail included */
        size_t multibyte;       /* well-formed sequences of 2-4 bytes */
        int cut_tail;           /* the text ends inside a character */
};

/*
 * One pass over the whole input. ASCII goes eight bytes at a time and the
 * three-byte sequences of CJK text are checked inline: together they are
 * nearly every byte of a Chinese corpus. With quick set, the scan gives up
 * as soon as the text is plainly not UTF-8 (the counts are then partial).
 */
static void utf8_scan(const char *s, size_t n, int quick, struct utf8_stats *st)
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

/*
 * Mostly-UTF-8 text with a few damaged bytes stays UTF-8: GBK or Big5 read
 * as UTF-8 fails on about every other character, never on one in fifty.
 */
static int utf8_plausible(const struct utf8_stats *st)
{
        size_t body = st->invalid - (size_t)st->cut_tail;

        if (st->invalid == 0)
                return 1;
        return st->multibyte > 0 && body * 50 <= st->multibyte;
}

/* Copy s into out, one U+FFFD for each maximal ill-formed subpart. */
static void utf8_copy(const char *s, size_t n, const struct utf8_stats *st,
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

/* The converter's preferred public name; static in ICU's alias table. */
static const char *canonical_name(UConverter *cnv)
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

static int encoding_open(const char *name, UConverter **cnv, char **cause)
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

/* Convert n bytes with cnv into out->text (UTF-8), counting invalid input. */
static int icu_convert(UConverter *cnv, const char *raw, size_t n,
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
                               canonical_name(cnv), u_errorName(err));
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

/* ------------------------------------------------------------- detection */

#define MAX_CANDIDATES 8

/* ICU's detector costs about 0.2 ms per KiB; 16 KiB is plenty for a guess. */
#define ICU_SAMPLE ((size_t)16 * 1024)

struct candidate {
        const char *name;       /* canonical; "UTF-8" is decoded here, not by ICU */
        UConverter *cnv;        /* NULL for UTF-8 */
        long score;             /* of the sample, plus ICU's hint */
        struct detect_score sc;
};

struct ballot {
        struct candidate c[MAX_CANDIDATES];
        size_t n;
        const char *sample;
        size_t len;
};

/* Decode the sample with one candidate and score what comes out. */
static void candidate_score(struct candidate *c, const char *sample, size_t n)
{
        struct decode_result r = { 0 };
        size_t unit = c->cnv ? (size_t)ucnv_getMinCharSize(c->cnv) : 1;

        if (!c->cnv) {
                struct utf8_stats st;

                utf8_scan(sample, n, 0, &st);
                utf8_copy(sample, n, &st, &r);
        } else if (icu_convert(c->cnv, sample, n - n % unit, &r, NULL) != LC_OK) {
                c->score = LONG_MIN / 2;
                c->sc.chars = c->sc.bad = 1;
                return;
        }
        detect_score_text(r.text, r.len, &c->sc);
        c->score = c->sc.score;
        free(r.text);
}

/* The candidate for name, scored; an existing one when ICU names it again. */
static struct candidate *ballot_add(struct ballot *b, const char *name)
{
        UConverter *cnv = NULL;
        const char *canon = "UTF-8";
        struct candidate *c;

        if (ucnv_compareNames(name, "UTF-8") != 0) {
                if (encoding_open(name, &cnv, NULL) != LC_OK)
                        return NULL;
                canon = canonical_name(cnv);
        }
        for (size_t i = 0; i < b->n; i++) {
                if (strcmp(b->c[i].name, canon) == 0) {
                        ucnv_close(cnv);
                        return &b->c[i];
                }
        }
        if (b->n == MAX_CANDIDATES) {
                ucnv_close(cnv);
                return NULL;
        }
        c = &b->c[b->n++];
        c->name = canon;
        c->cnv = cnv;
        candidate_score(c, b->sample, b->len);
        return c;
}

/* Highest score; on a tie the earlier candidate (UTF-8, GB18030, Big5, ICU's). */
static struct candidate *ballot_best(struct ballot *b)
{
        struct candidate *best = NULL;

        for (size_t i = 0; i < b->n; i++)
                if (!best || b->c[i].score > best->score)
                        best = &b->c[i];
        return best;
}

/*
 * ICU names UTF-16 and UTF-32 on a handful of bytes. A file that is not a
 * whole number of their code units is neither; and one without a single
 * NUL (no ASCII, not even a line feed) must be as long as detect_encoding
 * asks before it tries UTF-16 itself, or a short GB18030 line whose reading
 * scores no better than a Hangul jumble is lost to that jumble.
 */
static bool icu_guess_fits(const char *name, const char *raw, size_t n)
{
        size_t unit = strncmp(name, "UTF-32", 6) == 0 ? 4
                      : strncmp(name, "UTF-16", 6) == 0 ? 2 : 1;
        if (unit == 1)
                return true;
        return n % unit == 0 && (memchr(raw, '\0', n) || (unit == 2 && n >= 16));
}

/* Mostly frequent characters and nothing broken: no detector could do better. */
static int clearly_chinese(const struct detect_score *sc)
{
        return sc->han >= 8 && sc->common * 10 >= sc->han * 6 && sc->bad * 100 <= sc->chars;
}

/*
 * Pick the encoding whose decoding of the head reads most like text. The
 * sample ends after a line feed where it can, so that no candidate pays for
 * a character the cut split in two. GB18030 and Big5 are always tried; when
 * neither reads clearly as Chinese, ICU's guesses join in and its first
 * guess gets a small bonus: it settles near ties (short files), nothing else.
 */
static int detect_encoding(const char *raw, size_t n, enum detect_utf16 utf16, int nul_heavy,
                           int utf8_likely, struct candidate *chosen, char **cause)
{
        struct ballot b;
        struct candidate *best, *c;
        const char *names[3];
        int conf[3];
        size_t i, ng;

        b.n = 0;
        b.sample = raw;
        b.len = n < DETECT_SAMPLE ? n : DETECT_SAMPLE;
        for (i = b.len; i > b.len / 2 && b.len < n; i--) {
                if (raw[i - 1] == '\n') {
                        b.len = i;
                        break;
                }
        }
        if (utf16 != DETECT_UTF16_NO)
                ballot_add(&b, utf16 == DETECT_UTF16_LE ? "UTF-16LE" : "UTF-16BE");
        if (!nul_heavy) {
                if (utf8_likely)
                        ballot_add(&b, "UTF-8");
                ballot_add(&b, "GB18030");
                ballot_add(&b, "Big5");
        }
        best = ballot_best(&b);
        if (!nul_heavy && !(best && clearly_chinese(&best->sc))) {
                /*
                 * UTF-16 without a BOM and without ASCII has no NUL bytes to
                 * give it away (and ICU's detector misses it): Chinese in
                 * either byte order reads as garbage in GB18030 and Big5.
                 */
                if (utf16 == DETECT_UTF16_NO && n % 2 == 0 && n >= 16) {
                        ballot_add(&b, "UTF-16LE");
                        ballot_add(&b, "UTF-16BE");
                }
                ng = detect_guess(raw, b.len < ICU_SAMPLE ? b.len : ICU_SAMPLE, names, conf,
                                  LC_ARRAY_LEN(names));
                for (i = 0; i < ng; i++) {
                        if (conf[i] >= 10 && icu_guess_fits(names[i], raw, n) &&
                            (c = ballot_add(&b, names[i])) != NULL && i == 0)
                                c->score += 2;
                }
                best = ballot_best(&b);
                /*
                 * Badly damaged UTF-8 loses on points to a single-byte
                 * reading with no Han at all, which makes its Chinese
                 * mojibake and hides the damage. Whole sequences of
                 * frequent characters do not happen by chance: keep UTF-8,
                 * whose invalid bytes are counted and reported.
                 */
                if (best && best->sc.han == 0 && utf8_likely && b.c[0].cnv == NULL &&
                    b.c[0].sc.common >= 4)
                        best = &b.c[0];
        }
        for (i = 0; i < b.n; i++)
                if (&b.c[i] != best)
                        ucnv_close(b.c[i].cnv);
        /* Even the best reading is no text: not text in any encoding, nor damaged Chinese. */
        if (!best || detect_implausible(&best->sc)) {
                if (best)
                        ucnv_close(best->cnv);
                return lc_fail(cause, LC_EBINARY, nul_heavy ? "binary file (NUL bytes)"
                                       : "binary file (no plausible text encoding)");
        }
        *chosen = *best;
        return LC_OK;
}

/* ------------------------------------------------------------- entry */

static void decode_utf8(const char *s, size_t n, struct decode_result *out)
{
        struct utf8_stats st;

        utf8_scan(s, n, 0, &st);
        utf8_copy(s, n, &st, out);
        out->encoding = "UTF-8";
}

static int decode_with(UConverter *cnv, const char *name, const char *raw, size_t n,
                       struct decode_result *out, char **cause)
{
        int rc = icu_convert(cnv, raw, n, out, cause);

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
        int rc = encoding_open(force, &cnv, cause);

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
                rc = decode_with(cnv, canonical_name(cnv), raw, n, out, cause);
        }
        ucnv_close(cnv);
        return rc;
}

/*
 * Chinese in UTF-16 with neither BOM nor ASCII is full of bytes below 0x20
 * (the low half of ，is 0x0c, of 。0x02) and looks binary; when one byte
 * order reads clearly as Chinese, it is that.
 */
static int utf16_rescue(const char *raw, size_t n, struct decode_result *out)
{
        struct ballot b = { .n = 0, .sample = raw };
        if (n % 2 || n < 16)
                return LC_EBINARY;
        b.len = n < DETECT_SAMPLE ? n : DETECT_SAMPLE;
        b.len -= b.len % 2;
        ballot_add(&b, "UTF-16LE");
        ballot_add(&b, "UTF-16BE");
        struct candidate *best = ballot_best(&b);
        int rc = LC_EBINARY;
        if (best && clearly_chinese(&best->sc))
                rc = decode_with(best->cnv, best->name, raw, n, out, NULL);
        for (size_t i = 0; i < b.n; i++)
                ucnv_close(b.c[i].cnv);
        return rc;
}

static int decode_detected(const char *raw, size_t n, struct decode_result *out,
                           char **cause)
{
        struct utf8_stats st = { 0, 0, 0 };
        struct candidate best = { 0 };
        enum detect_utf16 utf16;
        int nul_heavy, rc;

        char *why = NULL;
        rc = detect_binary(raw, n < DETECT_SAMPLE ? n : DETECT_SAMPLE, &utf16, &nul_heavy,
                           &why);
        if (rc != LC_OK) {
                if (utf16_rescue(raw, n, out) == LC_OK) {
                        free(why);
                        return LC_OK;
                }
                if (cause)
                        *cause = why;
                else
                        free(why);
                return rc;
        }
        if (!nul_heavy) {
                utf8_scan(raw, n, 1, &st);
                if (utf8_plausible(&st)) {
                        utf8_copy(raw, n, &st, out);
                        out->encoding = "UTF-8";
                        return LC_OK;
                }
        }
        /* Damaged UTF-8 still competes, as long as most of its sequences are whole. */
        rc = detect_encoding(raw, n, utf16, nul_heavy, !nul_heavy && st.multibyte > st.invalid,
                             &best, cause);
        if (rc != LC_OK)
                return rc;
        if (!best.cnv) {
                decode_utf8(raw, n, out);
                return LC_OK;
        }
        rc = decode_with(best.cnv, best.name, raw, n, out, cause);
        ucnv_close(best.cnv);
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
                rc = encoding_open(bom_enc, &cnv, cause);
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
