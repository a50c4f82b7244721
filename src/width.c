/*
 * width — display columns of code points, strings and grapheme clusters,
 * and the cluster-safe cuts built on them (fit a prefix, truncate with an
 * ellipsis). The one source of truth is the C library's wcwidth() in the
 * caller's UTF-8 locale, because that is what ncursesw uses to place the
 * cursor; libunistring only says where grapheme clusters end. Engine layer:
 * no I/O, no globals of our own.
 */
#include "width.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unigbrk.h>
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

int width_cp(uint32_t c)
{
        if (c >= 0x20 && c < 0x7F)
                return 1;
        for (size_t i = 0; i < LC_ARRAY_LEN(fast_ranges); i++)
                if (c >= fast_ranges[i].lo && c <= fast_ranges[i].hi)
                        return fast_ranges[i].cols;
        /* wchar_t is 32-bit on every platform lectern targets (glibc, musl, BSD). */
        int w = wcwidth((wchar_t)c);
        return w < 0 ? 1 : w;
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
