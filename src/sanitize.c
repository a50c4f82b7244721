/*
 * sanitize — the one pass that makes decoded text safe to hand to ncurses
 * (CJK-TEXT.md §5.2). It runs over every document at launch, so it copies
 * runs of plainly printable text (ASCII, Han, CJK and general punctuation,
 * full-width forms, Latin letters with tone marks) in bulk and decodes
 * character by character only around anything else; wcwidth() is asked
 * only about code points outside those runs. Engine layer.
 *
 * A combining mark (any kept code point of width 0) must sit on a base, or
 * ncurses drops it at column 0 and glues it to whatever precedes it
 * elsewhere. Where it has none -- at the start of the text or of a line,
 * after a control or bidi character shown as "^[" or "<U+202E>", or after a
 * removed format character that separated clusters (LRM, RLM, ALM, SHY,
 * ZWSP, WJ, BOM, annotation anchors) -- it gets U+00A0 as its base, so it
 * stays visible and the cell model stays right. Characters removed from
 * inside a cluster (variation selectors, ZWJ, tags, skin tones) leave a
 * following mark on its base; U+FFFD is a base like any visible character.
 */
#include "sanitize.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>
#include <wchar.h>

#include "decode.h"
#include "util.h"

struct out {
        char *s;
        size_t len, cap;
};

static void out_put(struct out *o, const void *s, size_t n)
{
        if (o->len + n + 1 > o->cap)
                o->s = xgrow(o->s, &o->cap, o->len + n + 1, 1);
        memcpy(o->s + o->len, s, n);
        o->len += n;
}

static void out_hex(struct out *o, int32_t c)
{
        char buf[16];
        int k = snprintf(buf, sizeof buf, "<U+%04X>", (unsigned)c);

        out_put(o, buf, (size_t)k);
}

/*
 * Three-byte code points that go through untouched: wide or narrow, all
 * assigned since Unicode 8 or earlier, so wcwidth() > 0 on any libc that
 * lectern meets (the unit tests check this against the C library).
 */
static bool plain3(uint32_t c)
{
        return (c >= 0x4e00 && c <= 0x9fd5) || (c >= 0x3000 && c <= 0x3029) ||
               (c >= 0x3030 && c <= 0x303e) || (c >= 0xff01 && c <= 0xff60) ||
               (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) ||
               (c >= 0x3400 && c <= 0x4db5);
}

/* The end of the run of plainly printable, well-formed text that starts at p. */
static const unsigned char *plain_run(const unsigned char *p, const unsigned char *e)
{
        while (p < e) {
                unsigned char c = *p;

                if (c < 0x80) {
                        if (c < 0x20 || c == 0x7f)
                                return p;
                        p++;
                } else if (c >= 0xe2 && c <= 0xef && c != 0xed && e - p >= 3 &&
                           (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
                           plain3(((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(p[1] & 0x3f) << 6) |
                                  (p[2] & 0x3fu))) {
                        p += 3;
                } else if (c >= 0xc2 && c <= 0xc9 && e - p >= 2 && (p[1] & 0xc0) == 0x80 &&
                           (c != 0xc2 || (p[1] >= 0xa0 && p[1] != 0xad))) {
                        /* U+00A0-027F but SHY: Latin-1 and the pinyin tone letters */
                        p += 2;
                } else {
                        return p;
                }
        }
        return p;
}

/* What a code point outside the plain runs becomes. */
enum action {
        ACT_KEEP,               /* as it is (wcwidth decides about its base) */
        ACT_NEWLINE,            /* "\n" */
        ACT_PARAGRAPH,          /* "\n\n" */
        ACT_SPACE,              /* " " */
        ACT_CARET,              /* "^@" ... "^_", "^?" */
        ACT_HEX_CONTROL,        /* "<U+0080>" ... */
        ACT_HEX_BIDI,           /* "<U+202E>" ... */
        ACT_DROP_SEPARATOR,     /* removed; it ended the cluster before it */
        ACT_DROP_EXTEND,        /* removed from inside a cluster */
        ACT_REPLACE,            /* U+FFFD */
        ACT_ANNOTATION_BASE,    /* U+FFF9 */
        ACT_ANNOTATION_TEXT,    /* U+FFFA */
        ACT_ANNOTATION_END,     /* U+FFFB */
};

static bool is_noncharacter(int32_t c)
{
        return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

static enum action classify(int32_t c)
{
        if (c < 0)
                return ACT_REPLACE;
        if (c < 0x20 || c == 0x7f) {
                if (c == '\n' || c == '\r')
                        return ACT_NEWLINE;
                return c == '\t' ? ACT_SPACE : ACT_CARET;
        }
        if (c <= 0x9f && c >= 0x80)
                return c == 0x85 ? ACT_NEWLINE : ACT_HEX_CONTROL;
        switch (c) {
        case 0x2028: return ACT_NEWLINE;
        case 0x2029: return ACT_PARAGRAPH;
        case 0x200e: case 0x200f: case 0x061c: case 0x00ad: case 0x200b: case 0x2060:
        case 0xfeff:
                return ACT_DROP_SEPARATOR;
        case 0xfe0e: case 0xfe0f: case 0x200d:
                return ACT_DROP_EXTEND;
        case 0xfff9: return ACT_ANNOTATION_BASE;
        case 0xfffa: return ACT_ANNOTATION_TEXT;
        case 0xfffb: return ACT_ANNOTATION_END;
        default: break;
        }
        if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069))
                return ACT_HEX_BIDI;
        if ((c >= 0xe0000 && c <= 0xe007f) || (c >= 0x1f3fb && c <= 0x1f3ff))
                return ACT_DROP_EXTEND;
        if (is_noncharacter(c))
                return ACT_REPLACE;
        return ACT_KEEP;
}

/*
 * Where the annotation that follows a U+FFFA ends: just past its U+FFFB, or
 * NULL when no U+FFFB closes it on the same line (then only the anchor
 * goes; a lost anchor must not swallow the rest of the document). The
 * positions found are kept, so a text full of anchors is still one pass.
 */
struct anchors {
        const unsigned char *end_at;    /* next U+FFFB at or after the last search, or e */
        const unsigned char *nl_at;     /* next '\n' likewise, or e */
};

static const unsigned char *find_fffb(const unsigned char *p, const unsigned char *e)
{
        while (e - p >= 3) {
                const unsigned char *q = memchr(p, 0xef, (size_t)(e - p - 2));

                if (!q)
                        break;
                if (q[1] == 0xbf && q[2] == 0xbb)
                        return q;
                p = q + 1;
        }
        return e;
}

static const unsigned char *annotation_end(struct anchors *a, const unsigned char *p,
                                           const unsigned char *e)
{
        if (!a->end_at || a->end_at < p)
                a->end_at = find_fffb(p, e);
        if (!a->nl_at || a->nl_at < p) {
                const unsigned char *q = memchr(p, '\n', (size_t)(e - p));

                a->nl_at = q ? q : e;
        }
        if (a->end_at == e || a->end_at > a->nl_at)
                return NULL;
        return a->end_at + 3;
}

/*
 * The shifts being listed: the running differences between input and output
 * (input minus output) in lines and in columns of the current line.
 */
struct shifts {
        struct sanitize_shift *v;
        size_t n, cap;
        long lines, cols;
};

static void shift_note(struct shifts *sh, const struct out *o)
{
        if (sh->n && sh->v[sh->n - 1].at == o->len)
                sh->n--;
        sh->v = xgrow(sh->v, &sh->cap, sh->n + 1, sizeof *sh->v);
        sh->v[sh->n++] = (struct sanitize_shift){ o->len, sh->lines, sh->cols };
}

/* in_chars code points of input became out_chars of output on the same line. */
static void shift_cols(struct shifts *sh, const struct out *o, long in_chars, long out_chars)
{
        if (!sh || in_chars == out_chars)
                return;
        sh->cols += in_chars - out_chars;
        shift_note(sh, o);
}

/*
 * A line break of the input: both lines begin. Called after the "\n" is put,
 * as is every shift: each is noted at the output position it starts from.
 */
static void shift_newline(struct shifts *sh, const struct out *o)
{
        if (!sh || sh->cols == 0)
                return;
        sh->cols = 0;
        shift_note(sh, o);
}

/*
 * A separator shown as `breaks` line breaks that the input does not have: the
 * input's line goes on through it, one column wider than the output's line
 * that ended before it.
 */
static void shift_fake_newline(struct shifts *sh, const struct out *o, size_t before, int breaks)
{
        if (!sh)
                return;
        size_t from = before;
        while (from > 0 && o->s[from - 1] != '\n')
                from--;
        sh->cols += (long)u8_mbsnlen((const uint8_t *)o->s + from, before - from) + 1;
        sh->lines -= breaks;
        shift_note(sh, o);
}

/*
 * The one pass. A text ends its lines at LF, CR LF and a lone CR alike;
 * on one line (one_line) LF and CR are the controls they are, ^J and ^M,
 * so that a CR in a file name is not shown as the LF it is not, and NEL,
 * LS and PS, which have no caret, show their code points.
 */
static char *sanitize(const char *in, size_t n, bool one_line, size_t *out_len,
                      struct sanitize_stats *st, struct sanitize_shift **shifts, size_t *nshifts)
{
        struct shifts track = { NULL, 0, 0, 0, 0 };
        struct shifts *sh = shifts ? &track : NULL;
        struct sanitize_stats dummy;
        struct out o = { NULL, 0, 0 };
        struct anchors anchors = { NULL, NULL };
        const unsigned char *p, *e, *run, *next, *end;
        bool based = false, in_ruby = false;
        size_t len;
        int32_t c;
        char caret[2];

        if (!in)
                in = "";
        p = (const unsigned char *)in;
        e = p + n;
        if (!st)
                st = &dummy;
        memset(st, 0, sizeof *st);
        o.cap = n + n / 16 + 16;
        o.s = xmalloc(o.cap);
        while (p < e) {
                run = p;
                p = plain_run(p, e);
                if (p > run) {
                        out_put(&o, run, (size_t)(p - run));
                        based = true;
                        if (p == e)
                                break;
                }
                c = decode_utf8_char((const char *)p, (size_t)(e - p), &len);
                next = p + len;
                size_t before = o.len;
                enum action act = one_line && (c == '\n' || c == '\r') ? ACT_CARET : classify(c);
                if (one_line && (act == ACT_NEWLINE || act == ACT_PARAGRAPH))
                        act = ACT_HEX_CONTROL;
                switch (act) {
                case ACT_KEEP: {
                        int w = wcwidth((wchar_t)c);

                        if (w < 0) {
                                out_put(&o, "\xef\xbf\xbd", 3);
                                st->replaced++;
                        } else {
                                if (w == 0 && !based)
                                        out_put(&o, "\xc2\xa0", 2);
                                out_put(&o, p, len);
                        }
                        based = true;
                        break;
                }
                case ACT_NEWLINE:
                        if (c == '\r' && next < e && *next == '\n')
                                next++;
                        out_put(&o, "\n", 1);
                        based = in_ruby = false;
                        if (c == '\n' || c == '\r')
                                shift_newline(sh, &o);
                        else
                                shift_fake_newline(sh, &o, before, 1);
                        break;
                case ACT_PARAGRAPH:
                        out_put(&o, "\n\n", 2);
                        based = in_ruby = false;
                        shift_fake_newline(sh, &o, before, 2);
                        break;
                case ACT_SPACE:
                        out_put(&o, " ", 1);
                        based = true;
                        break;
                case ACT_CARET:
                        caret[0] = '^';
                        caret[1] = (char)(c ^ 0x40);
                        out_put(&o, caret, 2);
                        st->controls++;
                        based = false;
                        break;
                case ACT_HEX_CONTROL:
                        out_hex(&o, c);
                        st->controls++;
                        based = false;
                        break;
                case ACT_HEX_BIDI:
                        out_hex(&o, c);
                        st->bidi++;
                        based = false;
                        break;
                case ACT_DROP_SEPARATOR:
                        st->removed++;
                        based = false;
                        break;
                case ACT_DROP_EXTEND:
                        st->removed++;
                        break;
                case ACT_REPLACE:
                        out_put(&o, "\xef\xbf\xbd", 3);
                        st->replaced++;
                        based = true;
                        break;
                case ACT_ANNOTATION_BASE:
                        st->removed++;
                        based = false;
                        in_ruby = true;
                        break;
                case ACT_ANNOTATION_TEXT:
                        st->removed++;
                        based = false;
                        if (in_ruby && (end = annotation_end(&anchors, next, e)) != NULL)
                                next = end;
                        in_ruby = false;
                        break;
                case ACT_ANNOTATION_END:
                        st->removed++;
                        based = in_ruby = false;
                        break;
                }
                /* An invalid sequence is one character in and one U+FFFD out. */
                if (sh && act != ACT_NEWLINE && act != ACT_PARAGRAPH && c >= 0)
                        shift_cols(sh, &o, (long)u8_mbsnlen(p, (size_t)(next - p)),
                                   (long)u8_mbsnlen((const uint8_t *)o.s + before,
                                                    o.len - before));
                p = next;
        }
        o.s[o.len] = '\0';
        /* The slack is a sixteenth of the input, 6 MB over 100 MB of documents kept for good. */
        if (o.cap > o.len + 1)
                o.s = xrealloc(o.s, o.len + 1);
        if (out_len)
                *out_len = o.len;
        if (shifts) {
                *shifts = track.n ? xrealloc(track.v, track.n * sizeof *track.v) : NULL;
                *nshifts = track.n;
                if (!track.n)
                        free(track.v);
        }
        return o.s;
}

char *sanitize_text(const char *in, size_t n, size_t *out_len, struct sanitize_stats *st)
{
        return sanitize(in, n, false, out_len, st, NULL, NULL);
}

char *sanitize_text_shifts(const char *in, size_t n, size_t *out_len, struct sanitize_stats *st,
                           struct sanitize_shift **shifts, size_t *nshifts)
{
        return sanitize(in, n, false, out_len, st, shifts, nshifts);
}

char *sanitize_query(const char *q, size_t n, size_t *out_len)
{
        /* Behind a letter, which is then left out. */
        char *behind = xmalloc(n + 2);
        behind[0] = 'x';
        if (n)
                memcpy(behind + 1, q, n);
        size_t len;
        char *safe = sanitize_text(behind, n + 1, &len, NULL);
        free(behind);
        memmove(safe, safe + 1, len);
        *out_len = len - 1;
        return safe;
}

char *sanitize_line(const char *s)
{
        size_t n;
        return sanitize(s, s ? strlen(s) : 0, true, &n, NULL, NULL, NULL);
}

bool sanitize_keeps(uint32_t c)
{
        /* Surrogates never come out of UTF-8 decoding, so never out of sanitising. */
        return c <= 0x10ffff && (c < 0xd800 || c > 0xdfff) && classify((int32_t)c) == ACT_KEEP &&
               wcwidth((wchar_t)c) >= 0;
}
