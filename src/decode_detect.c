/*
 * decode_detect — the encoding of a file that names none (no BOM, nothing
 * forced). After the binary test, UTF-8 validity decides; failing that,
 * each candidate decodes a sample and detect.c scores the results, because
 * GB18030 and Big5 accept each other's bytes without a single error.
 * Converting is decode.c's (decode_impl.h). Engine layer: no output, no exit.
 */
#include "decode_impl.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "util.h"

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

                decode_utf8_scan(sample, n, 0, &st);
                decode_utf8_copy(sample, n, &st, &r);
        } else if (decode_icu_convert(c->cnv, sample, n - n % unit, &r, NULL) != LC_OK) {
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
                if (decode_encoding_open(name, &cnv, NULL) != LC_OK)
                        return NULL;
                canon = decode_canonical_name(cnv);
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

int decode_detected(const char *raw, size_t n, struct decode_result *out,
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
                decode_utf8_scan(raw, n, 1, &st);
                if (utf8_plausible(&st)) {
                        decode_utf8_copy(raw, n, &st, out);
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
