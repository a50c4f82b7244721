/*
 * width — display columns of code points, strings and grapheme clusters,
 * and the cluster-safe cuts built on them (fit a prefix, truncate with an
 * ellipsis). The one source of truth is the C library's wcwidth() in the
 * caller's UTF-8 locale, because that is what ncursesw uses to place the
 * cursor; libunistring only says where grapheme clusters end. The one
 * setting, how Ambiguous characters are shown, is process-wide because the
 * terminal it answers to is. Engine layer: no I/O.
 */
#include "width.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unicode/uchar.h>
#include <unigbrk.h>
#include <uninorm.h>
#include <unistr.h>

#include "util.h"

/*
 * Ranges whose wcwidth() is the same in every glibc UTF-8 locale and that
 * make up nearly all of a Chinese speech. Layout measures every character,
 * so these skip the locale lookup. The unit test compares width_cp() with
 * wcwidth() over all of Unicode, so a range that stops being uniform in a
 * future C library shows up there rather than as drift on screen.
 */
struct fast_range {
        uint32_t lo, hi;
        int cols;
};

static const struct fast_range fast_ranges[] = {
        { 0x4E00, 0x9FFF, 2 },  /* CJK unified ideographs */
        { 0x3000, 0x3029, 2 },  /* ideographic space, 、。〈〉《》「」『』【】〔〕; 302A.. are marks */
        { 0xFF01, 0xFF60, 2 },  /* full-width ，：；！？（） and forms */
        { 0x3400, 0x4DBF, 2 },  /* extension A */
        { 0x3041, 0x3096, 2 },  /* hiragana without the combining sound marks */
        { 0x30A0, 0x30FF, 2 },  /* katakana, ・ */
        { 0xAC00, 0xD7A3, 2 },  /* Hangul syllables */
        { 0xFFE0, 0xFFE6, 2 },  /* full-width signs ￥ etc. */
};

/* Atomic only so that a thread measuring while it is set reads one value or the other. */
static atomic_int ambiguous_how = WIDTH_AMBIGUOUS_SHOW;

void width_set_ambiguous(enum width_ambiguous how)
{
        atomic_store_explicit(&ambiguous_how, (int)how, memory_order_relaxed);
}

enum width_ambiguous width_ambiguous(void)
{
        return (enum width_ambiguous)atomic_load_explicit(&ambiguous_how, memory_order_relaxed);
}

/*
 * The Ambiguous characters of Chinese prose and what stands in for them:
 * the curly quotes become corner brackets, which Chinese also quotes with
 * and which line breaking already treats them as (layout.c); the ellipsis
 * the midline one clreq also allows; the interpuncts the katakana middle
 * dot; the dash the prolonged sound mark, whose long stroke reads as one
 * in a CJK font. The white circle written for zero (二○二一) becomes the
 * ideographic zero, ※ the full-width asterisk, the replacement character
 * the geta mark that Japanese typesetting sets for a missing glyph; the
 * degree sign, the times sign, the bullet and the en dash become Neutral
 * signs of their shape, the arrows and the black square their half-width
 * forms. Each look-alike is Wide, Neutral or Half-width, so every terminal
 * draws it as wide as wcwidth() says. Stars, triangles and diamonds have
 * no such twin and stay as they are.
 */
static uint32_t lookalike(uint32_t c)
{
        switch (c) {
        case 0x201C: return 0x300C;     /* “ → 「 */
        case 0x201D: return 0x300D;     /* ” → 」 */
        case 0x2018: return 0x300E;     /* ‘ → 『 */
        case 0x2019: return 0x300F;     /* ’ → 』 */
        case 0x2026: return 0x22EF;     /* … → ⋯ */
        case 0x00B7:                    /* · → ・ */
        case 0x2027: return 0x30FB;     /* ‧ → ・ */
        case 0x2014: return 0x30FC;     /* — → ー */
        case 0x25CB: return 0x3007;     /* ○ → 〇 */
        case 0x203B: return 0xFF0A;     /* ※ → ＊ */
        case 0xFFFD: return 0x3013;     /* U+FFFD → 〓 */
        case 0x00B0: return 0x1D52;     /* ° → ᵒ */
        case 0x00D7: return 0x2715;     /* × → ✕ */
        case 0x2022: return 0x2219;     /* • → ∙ */
        case 0x2013: return 0x2012;     /* – → ‒ */
        case 0x2190: return 0xFFE9;     /* ← → ￩ */
        case 0x2191: return 0xFFEA;     /* ↑ → ￪ */
        case 0x2192: return 0xFFEB;     /* → → ￫ */
        case 0x2193: return 0xFFEC;     /* ↓ → ￬ */
        case 0x25A0: return 0xFFED;     /* ■ → ￭ */
        default: return 0;
        }
}

static bool is_ambiguous(uint32_t c)
{
        return u_getIntPropertyValue((UChar32)c, UCHAR_EAST_ASIAN_WIDTH) == U_EA_AMBIGUOUS;
}

/*
 * The decomposition nf gives c, in out, when it is as wide everywhere:
 * nothing in it Ambiguous but marks, which terminals draw on the character
 * before them, and characters with a look-alike, which stand in (℃ is
 * ᵒC). Returns its length, or 0.
 */
static size_t unambiguous_form(uninorm_t nf, uint32_t c, uint32_t out[WIDTH_SHOWN_MAX])
{
        uint32_t buf[WIDTH_SHOWN_MAX];
        size_t n = LC_ARRAY_LEN(buf);
        uint32_t *d = u32_normalize(nf, &c, 1, buf, &n);
        if (d != buf) {
                free(d);        /* NULL, or longer than any form worth showing */
                return 0;
        }
        if (n == 0 || (n == 1 && d[0] == c) || wcwidth((wchar_t)d[0]) < 1)
                return 0;
        for (size_t i = 0; i < n; i++) {
                int w = wcwidth((wchar_t)d[i]);
                if (w > 0 && is_ambiguous(d[i]) && lookalike(d[i]))
                        d[i] = lookalike(d[i]);
                else if (w < 0 || (w > 0 && is_ambiguous(d[i])))
                        return 0;
        }
        memcpy(out, d, n * sizeof *d);
        return n;
}

/*
 * Any other Ambiguous character that a decomposition can show unambiguous:
 * a letter with a tone mark (ò, ǖ) as its letter and marks, else a
 * compatibility character as what it stands for (⒐ as 9.).
 */
static size_t stand_in(uint32_t c, uint32_t out[WIDTH_SHOWN_MAX])
{
        size_t n = 0;
        if (is_ambiguous(c) && wcwidth((wchar_t)c) == 1) {
                n = unambiguous_form(UNINORM_NFD, c, out);
                if (n == 0)
                        n = unambiguous_form(UNINORM_NFKD, c, out);
        }
        if (n == 0) {
                out[0] = c;
                n = 1;
        }
        return n;
}

size_t width_shown(uint32_t c, uint32_t out[WIDTH_SHOWN_MAX])
{
        out[0] = c;
        if (c < 0xA0 || width_ambiguous() != WIDTH_AMBIGUOUS_AVOID)
                return 1;
        uint32_t l = lookalike(c);
        if (l) {
                out[0] = l;
                return 1;
        }
        return stand_in(c, out);
}

/* The C library's width, which is what curses will use; unknown counts 1. */
static int libc_width(uint32_t c)
{
        /* wchar_t is 32-bit on every platform lectern targets (glibc, musl, BSD). */
        int w = wcwidth((wchar_t)c);
        return w < 0 ? 1 : w;
}

int width_cp(uint32_t c)
{
        if (c >= 0x20 && c < 0x7F)
                return 1;
        for (size_t i = 0; i < LC_ARRAY_LEN(fast_ranges); i++)
                if (c >= fast_ranges[i].lo && c <= fast_ranges[i].hi)
                        return fast_ranges[i].cols;
        if (c >= 0xA0 && width_ambiguous() == WIDTH_AMBIGUOUS_AVOID) {
                uint32_t shown[WIDTH_SHOWN_MAX];
                size_t n = width_shown(c, shown);
                int cols = 0;
                for (size_t i = 0; i < n; i++)
                        cols += libc_width(shown[i]);
                return cols;
        }
        return libc_width(c);
}

/*
 * Ill-formed bytes come back one at a time so that a damaged string
 * measures the same however it is cut.
 */
size_t width_decode(const char *s, size_t n, uint32_t *c)
{
        unsigned char b = (unsigned char)s[0];
        if (b < 0x80) {
                *c = b;
                return 1;
        }
        ucs4_t uc;
        int len = u8_mbtoucr(&uc, (const uint8_t *)s, n);
        if (len < 1) {
                *c = 0xFFFD;
                return 1;
        }
        *c = uc;
        return (size_t)len;
}

int width_str(const char *s, size_t n)
{
        int cols = 0;
        size_t i = 0;
        while (i < n) {
                uint32_t c;
                i += width_decode(s + i, n - i, &c);
                cols += width_cp(c);
        }
        return cols;
}

/*
 * u8_grapheme_next() in libunistring 1.0 decides pair by pair and so splits
 * flags and emoji ZWJ sequences; u8_grapheme_breaks() does not, but wants
 * the whole string. Every UAX #29 rule looks only backwards from the
 * position it decides, so breaks inside a prefix that ends on a character
 * boundary are final: look at a small window and widen it only for
 * clusters longer than the window (long mark chains), keeping callers that
 * walk cluster by cluster linear.
 */
size_t width_cluster_len(const char *s, size_t n)
{
        enum { WINDOW = 64 };
        char small[WINDOW];
        char *p = small;
        size_t cap = WINDOW, win = WINDOW, len = 0;
        if (n == 0)
                return 0;
        for (;;) {
                if (win >= n)
                        win = n;
                /* Never end the window inside a character (at most 3 trail bytes). */
                for (int k = 0; k < 3 && win < n && ((unsigned char)s[win] & 0xC0) == 0x80; k++)
                        win++;
                if (win > cap) {
                        if (p != small)
                                free(p);
                        p = xmalloc(win);
                        cap = win;
                }
                u8_grapheme_breaks((const uint8_t *)s, win, p);
                for (len = 1; len < win && !p[len]; len++)
                        ;
                if (len < win || win == n)
                        break;
                win *= 2;
        }
        if (p != small)
                free(p);
        return len;
}

size_t width_fit(const char *s, size_t n, int cols, int *used)
{
        size_t len = 0;
        int w = 0;
        while (len < n) {
                size_t cl = width_cluster_len(s + len, n - len);
                int cw = width_str(s + len, cl);
                if (w + cw > cols)
                        break;
                w += cw;
                len += cl;
        }
        if (used)
                *used = w;
        return len;
}

size_t width_tail_start(const char *s, size_t n, int cols)
{
        size_t at = 0;
        int w = width_str(s, n);
        while (at < n && w > cols) {
                size_t cl = width_cluster_len(s + at, n - at);
                w -= width_str(s + at, cl);
                at += cl;
        }
        return at;
}

char *width_truncate(const char *s, size_t n, int cols, int *used)
{
        static const char ellipsis[] = "\xE2\x80\xA6";  /* U+2026 */
        if (cols < 1) {
                if (used)
                        *used = 0;
                return xstrdup("");
        }
        int total = width_str(s, n);
        if (total <= cols) {
                if (used)
                        *used = total;
                return xstrndup(s, n);
        }
        int ew = width_cp(0x2026);
        if (cols < ew) {
                /* No room for the ellipsis: a bare cut still never splits a cluster. */
                size_t len = width_fit(s, n, cols, used);
                return xstrndup(s, len);
        }
        int w;
        size_t len = width_fit(s, n, cols - ew, &w);
        /* "標題 …" reads as a stray gap; the ellipsis belongs against the text. */
        while (len > 0 && s[len - 1] == ' ') {
                len--;
                w--;
        }
        char *out = xmalloc(len + sizeof ellipsis);
        memcpy(out, s, len);
        memcpy(out + len, ellipsis, sizeof ellipsis);
        if (used)
                *used = w + ew;
        return out;
}
