/*
 * fuzz_layout — libFuzzer target for wrapping. The first byte is the width
 * (1 to 128 columns) and, from 128 up, asks for the strict and hanging
 * rules too; the rest becomes a document's text as loading makes
 * it (decoded and sanitised; bytes no encoding accepts are sanitised as
 * they are), and every line of it is wrapped. Each visual line must be a
 * byte range in order inside its paragraph, start and end on grapheme
 * cluster boundaries, measure what width_str says, and fit the width unless
 * it is one cluster wider than the width or ends with a ，。、 hanging past
 * it by LAYOUT_HANG_COLS at most; what lies between lines may only
 * be the U+0020 spaces a break swallows; an empty paragraph is one empty
 * line.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unigbrk.h>

#include "doc.h"
#include "layout.h"
#include "sanitize.h"
#include "util.h"
#include "width.h"

#define FUZZ_NAME "fuzz_layout"
#include "fuzz_common.h"

static bool only_spaces(const char *s, size_t a, size_t b)
{
        for (size_t i = a; i < b; i++)
                if (s[i] != ' ')
                        return false;
        return true;
}

/*
 * Offset off of the paragraph [ps, pe) is a grapheme cluster boundary: its
 * ends, or where gb (u8_grapheme_breaks of the paragraph) marks a break.
 */
static bool at_boundary(const char *gb, size_t ps, size_t pe, size_t off)
{
        return off == ps || off == pe || gb[off - ps];
}

/* The line ends with a ，。、 hanging past width, and only that mark is past it. */
static bool hangs(const char *text, const struct vline *v, int width)
{
        size_t len = v->end - v->start;
        if (len < 3 || v->cols > width + LAYOUT_HANG_COLS)
                return false;
        const char *m = text + v->end - 3;
        bool mark = memcmp(m, "，", 3) == 0 || memcmp(m, "。", 3) == 0 ||
                    memcmp(m, "、", 3) == 0;
        return mark && width_str(text + v->start, len - 3) <= width;
}

static void check_paragraph(const char *text, size_t ps, size_t pe, int width, unsigned rules,
                            struct vlines *vl)
{
        size_t first = vl->n;
        size_t plen = pe - ps;
        char *gb = xmalloc(plen ? plen : 1);

        if (plen)
                u8_grapheme_breaks((const uint8_t *)text + ps, plen, gb);
        layout_paragraph(text, ps, pe, width, rules, vl);
        REQUIRE(vl->n > first, "paragraph %zu..%zu gave no line", ps, pe);

        size_t prev_end = ps;
        for (size_t i = first; i < vl->n; i++) {
                const struct vline *v = &vl->v[i];

                REQUIRE(v->start >= prev_end && v->start <= v->end && v->end <= pe,
                        "line %zu is %zu..%zu: out of order or outside %zu..%zu (previous end %zu)",
                        i - first, v->start, v->end, ps, pe, prev_end);
                REQUIRE(only_spaces(text, prev_end, v->start),
                        "bytes %zu..%zu before line %zu are not just spaces", prev_end, v->start,
                        i - first);
                REQUIRE(at_boundary(gb, ps, pe, v->start) && at_boundary(gb, ps, pe, v->end),
                        "line %zu (%zu..%zu) splits a grapheme cluster", i - first, v->start,
                        v->end);
                int cols = width_str(text + v->start, v->end - v->start);
                REQUIRE(v->cols == cols, "line %zu (%zu..%zu) says %d columns, width_str %d",
                        i - first, v->start, v->end, v->cols, cols);
                bool one_cluster = v->end > v->start &&
                        width_cluster_len(text + v->start, v->end - v->start) ==
                                v->end - v->start;
                REQUIRE(v->cols <= width || one_cluster ||
                                ((rules & LAYOUT_HANG) && hangs(text, v, width)),
                        "line %zu (%zu..%zu) is %d columns at width %d", i - first, v->start,
                        v->end, v->cols, width);
                REQUIRE(v->end > v->start || vl->n - first == 1,
                        "empty line %zu among %zu", i - first, vl->n - first);
                prev_end = v->end;
        }
        REQUIRE(only_spaces(text, prev_end, pe), "bytes %zu..%zu after the last line are not "
                "just spaces", prev_end, pe);
        if (only_spaces(text, ps, pe))
                REQUIRE(vl->n - first == 1 && vl->v[first].start == ps &&
                                vl->v[first].end == ps && vl->v[first].cols == 0,
                        "a blank paragraph must give one empty line at its start");
        free(gb);
}

static void check_text(const char *text, size_t len, int width, unsigned rules)
{
        struct vlines vl = { 0 };
        size_t ps = 0;

        for (;;) {
                const char *nl = memchr(text + ps, '\n', len - ps);
                size_t pe = nl ? (size_t)(nl - text) : len;

                check_paragraph(text, ps, pe, width, rules, &vl);
                if (!nl)
                        break;
                ps = pe + 1;
        }
        vlines_free(&vl);
        REQUIRE(vl.v == NULL && vl.n == 0, "vlines_free left lines behind");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size == 0)
                return 0;
        int width = 1 + data[0] % 128;
        unsigned rules = data[0] >= 128 ? LAYOUT_STRICT | LAYOUT_HANG : 0;
        const char *raw = (const char *)data + 1;
        size_t n = size - 1;
        struct doc *d = NULL;

        if (doc_from_bytes("fuzz.txt", raw, n, NULL, &d, NULL) == LC_OK) {
                check_text(d->text, d->len, width, rules);
                doc_free(d);
        } else {
                size_t len;
                char *text = sanitize_text(raw, n, &len, NULL);

                check_text(text, len, width, rules);
                free(text);
        }
        return 0;
}
