/*
 * reader — the reading view-model. A position is (paragraph, row) where row
 * 0 of every paragraph but the first is the gap above it; the anchor byte
 * offset is turned into such a position whenever the view is needed, so the
 * position survives re-wrapping. Paragraphs are wrapped on first use and
 * kept until the width (or the annotation toggle) changes; moving far only
 * wraps the paragraphs it passes, so opening a huge document or jumping to
 * its end costs the paragraphs on screen. Engine layer: no terminal.
 */
#include "reader.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fold.h"
#include "layout.h"
#include "util.h"

struct para {
        size_t start, end;      /* a non-blank line, without its '\n' */
        struct vline *v;        /* its rows at the current width, NULL until needed */
        size_t nv;
};

struct pos {
        size_t p;               /* paragraph */
        size_t row;             /* 0 is the gap when p > 0 */
};

struct reader {
        const struct doc *doc;
        struct para *para;
        size_t npara;
        int cols, rows;
        unsigned rules;         /* LAYOUT_* */
        bool hide;
        size_t anchor;

        const struct hit *hits;
        size_t nhits, current;
        const struct span *layer[SPAN_KINDS];   /* extra highlight layers, borrowed */
        size_t nlayer[SPAN_KINDS];

        bool have_max;
        struct pos max_top;     /* the last top that still fills the window */

        struct reader_row *vrows;
        size_t vrows_cap;
        struct span *vspans;
        size_t nvspans, vspans_cap;
        struct reader_view view;
};

/* An annotation is at most this far before the first visible byte. */
#define ANNOTATION_REACH 128

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

static bool is_open_paren(const char *t, size_t len, size_t i)
{
        return t[i] == '(' ||
               (len - i >= 3 && memcmp(t + i, "\xef\xbc\x88", 3) == 0);
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

static void wrap(struct reader *r, struct para *pa)
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
        wrap(r, &r->para[p]);
        return r->para[p].nv + (p > 0);
}

/* ------------------------------------------------------------- positions */

static int pos_cmp(struct pos a, struct pos b)
{
        if (a.p != b.p)
                return a.p < b.p ? -1 : 1;
        return a.row < b.row ? -1 : a.row > b.row;
}

static struct pos pos_last(struct reader *r)
{
        size_t p = r->npara - 1;
        return (struct pos){ p, rows_of(r, p) - 1 };
}

/* Forward by up to delta rows, never past lim. Returns the rows moved. */
static long pos_forward(struct reader *r, struct pos *ps, long delta, struct pos lim)
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
        wrap(r, pa);
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
        wrap(r, &r->para[ps.p]);
        return r->para[ps.p].v[ps.row - (ps.p > 0)].start;
}

static struct pos max_top(struct reader *r)
{
        if (!r->have_max) {
                r->max_top = pos_last(r);
                pos_backward(r, &r->max_top, r->rows - 1);
                r->have_max = true;
        }
        return r->max_top;
}

static struct pos top_pos(struct reader *r)
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

void reader_resize(struct reader *r, int cols, int rows)
{
        cols = cols < 1 ? 1 : cols;
        rows = rows < 1 ? 1 : rows;
        if (cols == r->cols && rows == r->rows)
                return;
        /*
         * The current hit the user is looking at stays in view: the passage
         * on top alone would let a smaller window drop it below, and n
         * would then go on from the top of the view instead.
         */
        const struct hit *h = r->current != SIZE_MAX ? &r->hits[r->current] : NULL;
        bool keep = h && r->npara && reader_is_visible(r, h->start, h->end);
        if (cols != r->cols)
                drop_wraps(r);
        if (rows != r->rows)
                r->have_max = false;
        r->cols = cols;
        r->rows = rows;
        if (keep)
                reader_show(r, h->start, h->end);
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
        if (hide != r->hide) {
                r->hide = hide;
                drop_wraps(r);
        }
}

bool reader_annotations_hidden(const struct reader *r)
{
        return r->hide;
}

void reader_set_hits(struct reader *r, const struct hit *v, size_t n, size_t current)
{
        r->hits = n ? v : NULL;
        r->nhits = n;
        r->current = current < n ? current : SIZE_MAX;
}

void reader_set_layer(struct reader *r, enum span_kind kind, const struct span *v, size_t n)
{
        if (kind >= SPAN_KINDS)
                return;
        r->layer[kind] = n ? v : NULL;
        r->nlayer[kind] = n;
}

long reader_scroll(struct reader *r, long delta)
{
        if (r->npara == 0 || delta == 0)
                return 0;
        struct pos top = top_pos(r);
        long moved = delta > 0 ? pos_forward(r, &top, delta, max_top(r))
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
        return r->npara ? pos_offset(r, top_pos(r)) : 0;
}

bool reader_at_top(struct reader *r)
{
        if (r->npara == 0)
                return true;
        struct pos top = top_pos(r);
        return top.p == 0 && top.row == 0;
}

bool reader_at_end(struct reader *r)
{
        if (r->npara == 0)
                return true;
        return pos_cmp(top_pos(r), max_top(r)) >= 0;
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

/* ----------------------------------------------------------------- spans */

/* Hits ordered by start and disjoint have ordered ends: binary search them. */
static size_t first_hit_ending_after(const struct reader *r, size_t off)
{
        size_t lo = 0, hi = r->nhits;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (r->hits[mid].end <= off)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo;
}

/*
 * Collect every highlight touching [lo, hi) -- annotations, hits, the
 * current hit and the extra layers -- and flatten them (span_flatten).
 */
static struct span *merge_spans(struct reader *r, size_t lo, size_t hi, size_t *nout)
{
        const char *t = r->doc->text;
        size_t len = r->doc->len;
        struct span *raw = NULL;
        size_t n = 0, cap = 0;
#define ADD(s_, e_, k_)                                                               \
        do {                                                                          \
                raw = xgrow(raw, &cap, n + 1, sizeof *raw);                            \
                raw[n++] = (struct span){ (s_), (e_), (k_) };                          \
        } while (0)

        size_t i = lo > ANNOTATION_REACH ? lo - ANNOTATION_REACH : 0;
        while (i > 0 && ((unsigned char)t[i] & 0xC0) == 0x80)
                i--;
        enum span_kind akind = r->hide ? SPAN_HIDDEN : SPAN_ANNOTATION;
        while (i < hi) {
                size_t k = is_open_paren(t, len, i) ? fold_annotation_at(t, len, i) : 0;
                if (k) {
                        if (i + k > lo)
                                ADD(i, i + k, akind);
                        i += k;
                } else {
                        i++;
                }
        }
        for (size_t h = first_hit_ending_after(r, lo); h < r->nhits && r->hits[h].start < hi; h++)
                ADD(r->hits[h].start, r->hits[h].end, h == r->current ? SPAN_CURRENT : SPAN_HIT);
        for (int k = 0; k < SPAN_KINDS; k++)
                for (size_t j = 0; j < r->nlayer[k]; j++) {
                        const struct span *s = &r->layer[k][j];
                        if (s->start < hi && s->end > lo)
                                ADD(s->start, s->end, (enum span_kind)k);
                }
#undef ADD
        struct span *out = span_flatten(raw, n, nout);
        free(raw);
        return out;
}

static void clip_spans(struct reader *r, const struct span *m, size_t nm)
{
        size_t j = 0;
        r->nvspans = 0;
        for (size_t i = 0; i < r->view.nrows; i++) {
                struct reader_row *row = &r->vrows[i];
                row->first_span = r->nvspans;
                row->nspans = 0;
                if (row->kind != READER_ROW_TEXT || row->end == row->start)
                        continue;
                while (j < nm && m[j].end <= row->start)
                        j++;
                for (size_t k = j; k < nm && m[k].start < row->end; k++) {
                        size_t s = m[k].start > row->start ? m[k].start : row->start;
                        size_t t = m[k].end < row->end ? m[k].end : row->end;
                        r->vspans = xgrow(r->vspans, &r->vspans_cap, r->nvspans + 1,
                                          sizeof *r->vspans);
                        r->vspans[r->nvspans++] = (struct span){ s, t, m[k].kind };
                        row->nspans++;
                }
        }
}

static struct reader_row row_at(struct reader *r, struct pos ps)
{
        if (ps.p > 0 && ps.row == 0) {
                size_t off = r->para[ps.p - 1].end;
                return (struct reader_row){ .kind = READER_ROW_GAP, .start = off, .end = off };
        }
        wrap(r, &r->para[ps.p]);
        const struct vline *v = &r->para[ps.p].v[ps.row - (ps.p > 0)];
        return (struct reader_row){ .kind = READER_ROW_TEXT, .start = v->start, .end = v->end,
                                    .cols = v->cols };
}

const struct reader_view *reader_view(struct reader *r)
{
        r->view = (struct reader_view){ 0 };
        if (r->npara == 0)
                return &r->view;
        r->vrows = xgrow(r->vrows, &r->vrows_cap, (size_t)r->rows, sizeof *r->vrows);
        struct pos ps = top_pos(r), last = pos_last(r);
        size_t n = 0;
        for (;;) {
                r->vrows[n++] = row_at(r, ps);
                if (n == (size_t)r->rows || pos_forward(r, &ps, 1, last) == 0)
                        break;
        }
        r->view.rows = r->vrows;
        r->view.nrows = n;

        size_t nm = 0;
        struct span *m = merge_spans(r, r->vrows[0].start, r->vrows[n - 1].end, &nm);
        clip_spans(r, m, nm);
        free(m);
        r->view.spans = r->vspans;
        r->view.nspans = r->nvspans;
        return &r->view;
}
