/*
 * passage — sentences and paragraphs around an offset, selections grown a
 * unit at a time, and the text forms a passage leaves lectern in: snippet,
 * citation, base64 and OSC 52. Everything works line by line on the
 * document's sanitised UTF-8, where a line is at most one paragraph, so no
 * call looks further than the lines it needs. Engine layer.
 */
#include "passage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "sanitize.h"
#include "util.h"
#include "width.h"

/* ------------------------------------------------------------ characters */

static bool is_space(uint32_t c)
{
        return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 || c == 0xA0;
}

static bool is_end_mark(uint32_t c)
{
        return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0xFF1B || c == '!' ||
               c == '?';
}

/*
 * What may close a sentence after its end mark. Straight quotes are left
 * out: after 。 a '"' is as likely to open the next sentence as to close
 * this one, while the curly and corner forms say which they are.
 */
static bool is_closer(uint32_t c)
{
        switch (c) {
        case ')': case ']': case '}':
        case 0x2019: case 0x201D:               /* ’ ” */
        case 0x3009: case 0x300B: case 0x300D:  /* 〉 》 」 */
        case 0x300F: case 0x3011: case 0x3015:  /* 』 】 〕 */
        case 0x3017: case 0x3019: case 0x301B:  /* 〗 〙 〛 */
        case 0xFF09: case 0xFF3D: case 0xFF5D:  /* ） ］ ｝ */
                return true;
        default:
                return false;
        }
}

/* ------------------------------------------------------------ lines */

static size_t line_end(const char *t, size_t len, size_t from)
{
        const char *nl = from < len ? memchr(t + from, '\n', len - from) : NULL;
        return nl ? (size_t)(nl - t) : len;
}

static void line_bounds(const char *t, size_t len, size_t off, size_t *ls, size_t *le)
{
        size_t s = off;
        while (s > 0 && t[s - 1] != '\n')
                s--;
        *ls = s;
        *le = line_end(t, len, off);
}

static size_t skip_space(const char *t, size_t p, size_t le)
{
        while (p < le) {
                uint32_t c;
                size_t k = width_decode(t + p, le - p, &c);
                if (!is_space(c))
                        break;
                p += k;
        }
        return p;
}

/* Move e back over the spaces that end t[lo..e). */
static size_t trim_back(const char *t, size_t lo, size_t e)
{
        for (;;) {
                const unsigned char *u = (const unsigned char *)t;
                if (e > lo && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r'))
                        e--;
                else if (e >= lo + 3 && u[e - 3] == 0xE3 && u[e - 2] == 0x80 && u[e - 1] == 0x80)
                        e -= 3;
                else if (e >= lo + 2 && u[e - 2] == 0xC2 && u[e - 1] == 0xA0)
                        e -= 2;
                else
                        return e;
        }
}

/* Where the sentence that starts at s (not a space) ends, within [s, le). */
static size_t sentence_end(const char *t, size_t s, size_t le)
{
        size_t i = s;
        while (i < le) {
                uint32_t c;
                i += width_decode(t + i, le - i, &c);
                if (!is_end_mark(c))
                        continue;
                while (i < le) {
                        size_t k = width_decode(t + i, le - i, &c);
                        if (!is_end_mark(c) && !is_closer(c))
                                break;
                        i += k;
                }
                return i;
        }
        return trim_back(t, s, le);
}

/*
 * The first unit of the line [ls, le) that ends after off: 1. When none
 * does, the line's last unit and 0; a blank line gives -1.
 */
static int line_unit(const char *t, size_t ls, size_t le, size_t off, enum passage_unit u,
                     size_t *s, size_t *e)
{
        size_t p = skip_space(t, ls, le);
        if (p >= le)
                return -1;
        if (u == PASSAGE_PARAGRAPH) {
                *s = p;
                *e = trim_back(t, p, le);
                return *e > off;
        }
        for (;;) {
                size_t end = sentence_end(t, p, le);
                *s = p;
                *e = end;
                if (end > off)
                        return 1;
                p = skip_space(t, end, le);
                if (p >= le)
                        return 0;
        }
}

/* The last unit that ends at or before pos, skipping blank lines. */
static bool unit_before(const char *t, size_t len, size_t pos, enum passage_unit u,
                        size_t *s, size_t *e)
{
        size_t q = pos;
        for (;;) {
                size_t back = trim_back(t, 0, q);
                while (back > 0 && t[back - 1] == '\n')
                        back--;
                if (back == q)
                        break;
                q = back;
        }
        if (q == 0)
                return false;
        size_t ls, le;
        line_bounds(t, len, q - 1, &ls, &le);
        return line_unit(t, ls, le, q - 1, u, s, e) >= 0;
}

/* ------------------------------------------------------------ units */

bool passage_from(const char *text, size_t len, size_t off, enum passage_unit unit,
                  size_t *start, size_t *end)
{
        if (!text || off >= len)
                return false;
        size_t ls, le, at = off;
        line_bounds(text, len, off, &ls, &le);
        for (;;) {
                int r = line_unit(text, ls, le, at, unit, start, end);
                if (r == 1 && *start >= off)
                        return true;
                if (r == 1) {
                        at = *end;
                        continue;
                }
                if (le >= len)
                        return false;
                ls = at = le + 1;
                le = line_end(text, len, ls);
        }
}

bool passage_at(const char *text, size_t len, size_t off, enum passage_unit unit,
                size_t *start, size_t *end)
{
        if (!text || len == 0)
                return false;
        if (off > len)
                off = len;
        size_t ls, le;
        line_bounds(text, len, off, &ls, &le);
        if (line_unit(text, ls, le, off, unit, start, end) >= 0)
                return true;
        return passage_from(text, len, le, unit, start, end) ||
               unit_before(text, len, ls, unit, start, end);
}

bool passage_extend(const char *text, size_t len, size_t start, size_t *end, int dir,
                    enum passage_unit unit)
{
        size_t s, e;
        if (!text || !end || *end > len)
                return false;
        if (dir > 0) {
                if (!passage_from(text, len, *end, unit, &s, &e))
                        return false;
                *end = e;
                return true;
        }
        if (*end <= start || !passage_at(text, len, *end - 1, unit, &s, &e) || s <= start)
                return false;
        size_t ps, pe;
        if (!unit_before(text, len, s, unit, &ps, &pe) || pe <= start)
                return false;
        *end = pe;
        return true;
}

bool passage_cover(const char *text, size_t len, size_t *start, size_t *end,
                   enum passage_unit unit)
{
        size_t s, e, s2, e2;
        if (!text || !start || !end || *start >= *end ||
            !passage_at(text, len, *start, unit, &s, &e) ||
            !passage_at(text, len, *end - 1, unit, &s2, &e2))
                return false;
        /* Off a unit (in spaces, on a blank line) passage_at looks ahead or back. */
        *start = s < s2 ? s : s2;
        *end = e > e2 ? e : e2;
        return true;
}

/* ------------------------------------------------------------ leaving lectern */

char *passage_snippet(const char *s, size_t n, int cols)
{
        struct sbuf b = { 0 };
        sbuf_adds(&b, "");
        char *safe = sanitize_text(s, n, &n, NULL);
        s = safe;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                if (c == '\n' || c == '\t' || c == '\r')
                        c = ' ';
                if (c == ' ' && (b.len == 0 || b.s[b.len - 1] == ' '))
                        continue;
                sbuf_addc(&b, c);
        }
        free(safe);
        while (b.len && b.s[b.len - 1] == ' ')
                b.s[--b.len] = '\0';
        char *out = width_truncate(b.s, b.len, cols, NULL);
        sbuf_free(&b);
        return out;
}

char *passage_without_annotations(const char *text, size_t n, size_t *out_n)
{
        struct sbuf b = { 0 };
        size_t kept = 0;
        for (size_t i = 0; i < n;) {
                size_t a = fold_annotation_at(text, n, i);
                if (a) {
                        sbuf_add(&b, text + kept, i - kept);
                        i += a;
                        kept = i;
                } else {
                        i++;
                }
        }
        sbuf_add(&b, text + kept, n - kept);
        *out_n = b.len;
        return sbuf_take(&b);
}

char *passage_citation(const char *title, const char *path, size_t line)
{
        char *t = sanitize_line(title ? title : ""), *p = sanitize_line(path ? path : "");
        char *cite = line ? xasprintf("— 《%s》, %s, line %zu", t, p, line)
                          : xasprintf("— 《%s》, %s", t, p);
        free(t);
        free(p);
        return cite;
}

char *passage_base64(const void *data, size_t n)
{
        static const char abc[] =
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        const unsigned char *d = data;
        char *out = xmalloc((n + 2) / 3 * 4 + 1);
        size_t o = 0, i = 0;
        for (; i + 2 < n; i += 3) {
                uint32_t v = (uint32_t)d[i] << 16 | (uint32_t)d[i + 1] << 8 | d[i + 2];
                out[o++] = abc[v >> 18 & 63];
                out[o++] = abc[v >> 12 & 63];
                out[o++] = abc[v >> 6 & 63];
                out[o++] = abc[v & 63];
        }
        if (i < n) {
                uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < n ? (uint32_t)d[i + 1] << 8 : 0);
                out[o++] = abc[v >> 18 & 63];
                out[o++] = abc[v >> 12 & 63];
                out[o++] = i + 1 < n ? abc[v >> 6 & 63] : '=';
                out[o++] = '=';
        }
        out[o] = '\0';
        return out;
}

char *passage_osc52(const char *text, size_t n, bool tmux_passthrough)
{
        char *b64 = passage_base64(text, n);
        /* Inside tmux's passthrough every ESC of the wrapped sequence is doubled. */
        char *seq = tmux_passthrough ? xasprintf("\033Ptmux;\033\033]52;c;%s\a\033\\", b64)
                                     : xasprintf("\033]52;c;%s\a", b64);
        free(b64);
        return seq;
}

bool passage_contains(const char *hay, const char *needle)
{
        size_t hn = hay ? strlen(hay) : 0, nn = needle ? strlen(needle) : 0;
        if (nn == 0)
                return true;
        if (hn == 0)
                return false;
        uint32_t *hk = xmalloc(hn * sizeof *hk), *nk = xmalloc(nn * sizeof *nk);
        size_t hl = fold_text(hay, hn, hk, NULL), nl = fold_text(needle, nn, nk, NULL);
        bool found = nl == 0;
        for (size_t i = 0; !found && i + nl <= hl; i++)
                found = memcmp(hk + i, nk, nl * sizeof *nk) == 0;
        free(hk);
        free(nk);
        return found;
}
