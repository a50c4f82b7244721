/*
 * reader — the reading view-model. A position is (paragraph, row) where row
 * 0 of every paragraph but the first is the gap above it; the anchor byte
 * offset is turned into such a position whenever the view is needed, so the
 * position survives re-wrapping. Paragraphs are wrapped on first use and
 * kept until the width (or the annotation toggle) changes; moving far only
 * wraps the paragraphs it passes, so opening a huge document or jumping to
 * its end costs the paragraphs on screen. What the window then shows, its
 * rows and their highlights, is reader_view.c's. Engine layer: no terminal.
 */
#include "reader_impl.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "layout.h"
#include "util.h"

/* ------------------------------------------------------------ paragraphs */

static bool is_blank(const char *s, size_t n)
{
        for (size_t i = 0; i < n;) {
                if (s[i] == ' ' || s[i] == '\t') {
                        i++;
                } else if (n - i >= 3 && memcmp(s + i, "\xe3\x80\x80", 3) == 0) {
                        i += 3;     /* U+3000: an indent with nothing after it */
                } else {
                        return false;
                }
        }
        return true;
}

static void drop_wraps(struct reader *r)
{
        for (size_t i = 0; i < r->npara; i++) {
                free(r->para[i].v);
                r->para[i].v = NULL;
                r->para[i].nv = 0;
        }
        r->have_max = false;
}

static void find_paragraphs(struct reader *r)
{
        const char *t = r->doc->text;
        size_t len = r->doc->len, cap = 0;
        for (size_t i = 0; i < len;) {
                const char *nl = memchr(t + i, '\n', len - i);
                size_t end = nl ? (size_t)(nl - t) : len;
                if (!is_blank(t + i, end - i)) {
                        r->para = xgrow(r->para, &cap, r->npara + 1, sizeof *r->para);
                        r->para[r->npara++] = (struct para){ .start = i, .end = end };
                }
                i = end + 1;
        }
}

/*
 * Wrap a paragraph without its annotations: lay out a copy that leaves them
 * out and map the rows back through the byte offsets the copy came from. A
 * row's end maps to just after its last byte, so an annotation at a break
 * belongs to neither row and is simply not drawn.
 */
static void wrap_stripped(const struct reader *r, const struct para *pa, struct vlines *out)
{
        const char *t = r->doc->text;
        size_t len = r->doc->len, n = pa->end - pa->start, m = 0;
        char *copy = xmalloc(n + 1);
        size_t *from = xmalloc((n + 1) * sizeof *from);
        for (size_t i = pa->start; i < pa->end;) {
                size_t k = is_open_paren(t, len, i) ? fold_annotation_at(t, len, i) : 0;
                if (k) {
                        i += k;
                        continue;
                }
                from[m] = i;
                copy[m++] = t[i++];
        }
        from[m] = pa->end;
        layout_paragraph(copy, 0, m, r->cols, r->rules, out);
        for (size_t i = 0; i < out->n; i++) {
                struct vline *v = &out->v[i];
                size_t s = from[v->start];
                v->end = v->end > v->start ? from[v->end - 1] + 1 : s;
                v->start = s;
        }
        free(copy);
        free(from);
}

static bool has_annotation(const struct reader *r, const struct para *pa)
{
        const char *t = r->doc->text;
        for (size_t i = pa->start; i < pa->end; i++)
                if (is_open_paren(t, r->doc->len, i) && fold_annotation_at(t, r->doc->len, i))
                        return true;
        return false;
}

void reader_wrap(struct reader *r, struct para *pa)
{
        if (pa->v)
                return;
        struct vlines out = { 0 };
        if (r->hide && has_annotation(r, pa))
                wrap_stripped(r, pa, &out);
        else
                layout_paragraph(r->doc->text, pa->start, pa->end, r->cols, r->rules, &out);
        if (out.n == 0) {
                out.v = xgrow(out.v, &out.cap, 1, sizeof *out.v);
                out.v[out.n++] = (struct vline){ pa->start, pa->start, 0 };
        }
        pa->v = out.v;
        pa->nv = out.n;
}

static size_t rows_of(struct reader *r, size_t p)
{
        reader_wrap(r, &r->para[p]);
        return r->para[p].nv + (p > 0);
}

/* ------------------------------------------------------------- positions */

static int pos_cmp(struct pos a, struct pos b)
{
        if (a.p != b.p)
                return a.p < b.p ? -1 : 1;
        return a.row < b.row ? -1 : a.row > b.row;
}

struct pos reader_pos_last(struct reader *r)
{
        size_t p = r->npara - 1;
        return (struct pos){ p, rows_of(r, p) - 1 };
}

long reader_pos_forward(struct reader *r, struct pos *ps, long delta, struct pos lim)
{
        long moved = 0;
        while (delta > 0 && pos_cmp(*ps, lim) < 0) {
                size_t last = ps->p == lim.p ? lim.row : rows_of(r, ps->p) - 1;
                size_t room = last - ps->row;
                if ((size_t)delta <= room) {
                        ps->row += (size_t)delta;
                        moved += delta;
                        break;
                }
                if (ps->p == lim.p) {
                        ps->row = last;
                        moved += (long)room;
                        break;
                }
                moved += (long)room + 1;
                delta -= (long)room + 1;
                ps->p++;
                ps->row = 0;
        }
        return moved;
}

static long pos_backward(struct reader *r, struct pos *ps, long delta)
{
        long moved = 0;
        while (delta > 0) {
                if ((size_t)delta <= ps->row) {
                        ps->row -= (size_t)delta;
                        moved += delta;
                        break;
                }
                if (ps->p == 0) {
                        moved += (long)ps->row;
                        ps->row = 0;
                        break;
                }
                moved += (long)ps->row + 1;
                delta -= (long)ps->row + 1;
                ps->p--;
                ps->row = rows_of(r, ps->p) - 1;
        }
        return moved;
}

/* The row that shows byte off: a gap stands for the blank lines it replaces. */
static struct pos pos_of(struct reader *r, size_t off)
{
        size_t lo = 0, hi = r->npara;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (r->para[mid].start <= off)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        if (lo == 0)
                return (struct pos){ 0, 0 };
        size_t p = lo - 1;
        struct para *pa = &r->para[p];
        if (off >= pa->end && p + 1 < r->npara)
                return (struct pos){ p + 1, 0 };
        reader_wrap(r, pa);
        size_t a = 0, b = pa->nv;
        while (a < b) {
                size_t mid = a + (b - a) / 2;
                if (pa->v[mid].start <= off)
                        a = mid + 1;
                else
                        b = mid;
        }
        return (struct pos){ p, (a ? a - 1 : 0) + (p > 0) };
}

/* The byte offset that names a position: a row's start, or for a gap the
 * end of the paragraph above it. */
static size_t pos_offset(struct reader *r, struct pos ps)
{
        if (ps.p > 0 && ps.row == 0)
                return r->para[ps.p - 1].end;
        reader_wrap(r, &r->para[ps.p]);
        return r->para[ps.p].v[ps.row - (ps.p > 0)].start;
}

static struct pos max_top(struct reader *r)
{
        if (!r->have_max) {
                r->max_top = reader_pos_last(r);
                pos_backward(r, &r->max_top, r->rows - 1);
                r->have_max = true;
        }
        return r->max_top;
}

struct pos reader_top_pos(struct reader *r)
{
        struct pos top = pos_of(r, r->anchor);
        struct pos lim = max_top(r);
        return pos_cmp(top, lim) > 0 ? lim : top;
}

static void set_top(struct reader *r, struct pos top)
{
        struct pos lim = max_top(r);
        if (pos_cmp(top, lim) > 0)
                top = lim;
        r->anchor = pos_offset(r, top);
}

/* --------------------------------------------------------------- the API */

struct reader *reader_new(void)
{
        struct reader *r = xcalloc(1, sizeof *r);
        r->cols = 80;
        r->rows = 24;
        r->current = SIZE_MAX;
        return r;
}

static void forget_doc(struct reader *r)
{
        drop_wraps(r);
        free(r->para);
        r->para = NULL;
        r->npara = 0;
        r->doc = NULL;
        r->hits = NULL;
        r->nhits = 0;
        r->current = SIZE_MAX;
        memset(r->layer, 0, sizeof r->layer);
        memset(r->nlayer, 0, sizeof r->nlayer);
}

void reader_free(struct reader *r)
{
        if (!r)
                return;
        forget_doc(r);
        free(r->vrows);
        free(r->vspans);
        free(r);
}

void reader_open(struct reader *r, const struct doc *d, size_t anchor)
{
        forget_doc(r);
        r->doc = d;
        r->anchor = anchor;
        if (d)
                find_paragraphs(r);
}

const struct doc *reader_doc(const struct reader *r)
{
        return r->doc;
}

/*
 * What the user is looking at: the current hit, else the place marked
 * current (a phrase occurrence, a bookmark gone to), else a selection.
 * When the layout changes it stays in view: the passage on top alone would
 * let it drop below, and n, } or m would then go on from the top instead.
 */
static bool focus_of(struct reader *r, size_t *start, size_t *end)
{
        struct span f;
        if (r->current != SIZE_MAX)
                f = (struct span){ r->hits[r->current].start, r->hits[r->current].end,
                                   SPAN_CURRENT };
        else if (r->nlayer[SPAN_CURRENT])
                f = r->layer[SPAN_CURRENT][0];
        else if (r->nlayer[SPAN_SELECTION])
                f = r->layer[SPAN_SELECTION][0];
        else
                return false;
        if (!r->npara || !reader_is_visible(r, f.start, f.end))
                return false;
        *start = f.start;
        *end = f.end;
        return true;
}

void reader_resize(struct reader *r, int cols, int rows)
{
        cols = cols < 1 ? 1 : cols;
        rows = rows < 1 ? 1 : rows;
        if (cols == r->cols && rows == r->rows)
                return;
        size_t fs, fe;
        bool keep = focus_of(r, &fs, &fe);
        if (cols != r->cols)
                drop_wraps(r);
        if (rows != r->rows)
                r->have_max = false;
        r->cols = cols;
        r->rows = rows;
        if (keep)
                reader_show(r, fs, fe);
}

void reader_set_rules(struct reader *r, unsigned rules)
{
        if (rules != r->rules)
                drop_wraps(r);
        r->rules = rules;
}

unsigned reader_rules(const struct reader *r)
{
        return r->rules;
}

void reader_hide_annotations(struct reader *r, bool hide)
{
        if (hide == r->hide)
                return;
        size_t fs, fe;
        bool keep = focus_of(r, &fs, &fe);
        r->hide = hide;
        drop_wraps(r);
        if (keep)
                reader_show(r, fs, fe);
}

bool reader_annotations_hidden(const struct reader *r)
{
        return r->hide;
}

long reader_scroll(struct reader *r, long delta)
{
        if (r->npara == 0 || delta == 0)
                return 0;
        struct pos top = reader_top_pos(r);
        long moved = delta > 0 ? reader_pos_forward(r, &top, delta, max_top(r))
                               : -pos_backward(r, &top, -delta);
        if (moved)
                set_top(r, top);
        return moved;
}

long reader_page(struct reader *r, long delta)
{
        return reader_scroll(r, delta * r->rows);
}

void reader_top(struct reader *r)
{
        r->anchor = 0;
}

void reader_bottom(struct reader *r)
{
        if (r->npara)
                set_top(r, max_top(r));
}

void reader_goto(struct reader *r, size_t off)
{
        if (r->npara)
                set_top(r, pos_of(r, off));
        else
                r->anchor = off;
}

void reader_goto_percent(struct reader *r, int pct)
{
        if (!r->doc)
                return;
        if (pct >= 100) {
                reader_bottom(r);
                return;
        }
        pct = pct < 0 ? 0 : pct;
        reader_goto(r, (size_t)((double)r->doc->len * pct / 100.0));
}

bool reader_is_visible(struct reader *r, size_t start, size_t end)
{
        const struct reader_view *v = reader_view(r);
        if (v->nrows == 0)
                return false;
        return start >= v->rows[0].start && end <= v->rows[v->nrows - 1].end;
}

void reader_show(struct reader *r, size_t start, size_t end)
{
        if (r->npara == 0 || reader_is_visible(r, start, end))
                return;
        struct pos top = pos_of(r, start);
        pos_backward(r, &top, r->rows / 3);
        set_top(r, top);
}

size_t reader_anchor(const struct reader *r)
{
        return r->anchor;
}

size_t reader_top_offset(struct reader *r)
{
        return r->npara ? pos_offset(r, reader_top_pos(r)) : 0;
}

bool reader_at_top(struct reader *r)
{
        if (r->npara == 0)
                return true;
        struct pos top = reader_top_pos(r);
        return top.p == 0 && top.row == 0;
}

bool reader_at_end(struct reader *r)
{
        if (r->npara == 0)
                return true;
        return pos_cmp(reader_top_pos(r), max_top(r)) >= 0;
}

int reader_percent(struct reader *r)
{
        if (!r->doc || r->doc->len == 0 || reader_at_end(r))
                return 100;
        const struct reader_view *v = reader_view(r);
        size_t bottom = v->nrows ? v->rows[v->nrows - 1].end : 0;
        int pct = (int)((double)bottom * 100.0 / (double)r->doc->len);
        return pct > 99 ? 99 : pct;
}
