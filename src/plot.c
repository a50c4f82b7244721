/*
 * plot — dispersion rows: hits are bucketed by document, each document's
 * byte offsets become character positions in one forward pass over the
 * text up to its last hit, and the positions are scaled to cells. The
 * renderers turn counts into one-column glyphs and a fixed-width text row,
 * whose columns plot_fit() chooses so that a narrow width gives up whole
 * columns rather than digits. Engine layer.
 */
#include "plot.h"

#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "doc.h"
#include "seq.h"
#include "util.h"
#include "width.h"

struct plot {
        struct plot_row *rows;
        uint32_t *cells;        /* nrows * ncells counts, row after row */
        size_t nrows;
        int ncells;
        size_t total;
        const struct corpus *c;
};

/* Index 0 is the empty cell; the last glyph also stands for "more". */
static const char *const narrow_glyphs[] = { " ", "\u2591", "\u2590", "\u259f" };
static const char *const bar_glyphs[] = { " ", "\u258f", "\u258d", "\u258b", "\u2588" };

const char *plot_glyph(enum plot_glyphs g, uint32_t n)
{
        const char *const *v = g == PLOT_GLYPHS_BARS ? bar_glyphs : narrow_glyphs;
        size_t top = g == PLOT_GLYPHS_BARS ? LC_ARRAY_LEN(bar_glyphs) - 1
                                           : LC_ARRAY_LEN(narrow_glyphs) - 1;
        return v[n < top ? n : top];
}

/*
 * Equal slices of characters per cell keep densities comparable; a
 * document shorter than the plot instead spreads its characters so that
 * both ends still reach the first and the last cell.
 */
static size_t cell_of(size_t pos, size_t nchars, int cells)
{
        if (nchars <= 1)
                return 0;
        if (pos >= nchars)
                pos = nchars - 1;
        uint64_t p = pos, n = nchars, c = (uint64_t)cells;
        if (c <= n)
                return (size_t)(p * c / n);
        return (size_t)(p * (c - 1) / (n - 1));
}

static void count_doc(const struct doc *d, uint32_t *starts, size_t n, uint32_t *cells,
                      int ncells)
{
        for (size_t i = 1; i < n; i++) {
                if (starts[i - 1] > starts[i]) {
                        seq_sort(starts, n);
                        break;
                }
        }
        size_t byte = 0, chars = 0;
        for (size_t i = 0; i < n; i++) {
                chars += u8_mbsnlen((const uint8_t *)d->text + byte, starts[i] - byte);
                byte = starts[i];
                cells[cell_of(chars, d->nchars, ncells)]++;
        }
}

struct plot *plot_build(const struct corpus *c, const struct hit *hits, size_t nhits, int cells)
{
        size_t ndocs = corpus_count(c);
        if (cells < 1 || (ndocs && (size_t)cells > SIZE_MAX / sizeof(uint32_t) / ndocs))
                return NULL;
        for (size_t i = 0; i < nhits; i++) {
                const struct hit *h = &hits[i];
                if (h->doc >= ndocs || h->start > h->end || h->end > corpus_doc(c, h->doc)->len)
                        return NULL;
        }

        struct plot *p = xcalloc(1, sizeof(*p));
        p->c = c;
        p->nrows = ndocs;
        p->ncells = cells;
        p->total = nhits;
        p->rows = xcalloc(ndocs, sizeof(*p->rows));
        p->cells = xcalloc(ndocs * (size_t)cells, sizeof(*p->cells));

        /* A counting sort by document: hits need not arrive grouped. */
        size_t *first = xcalloc(ndocs + 1, sizeof(*first));
        for (size_t i = 0; i < nhits; i++)
                first[hits[i].doc + 1]++;
        for (size_t d = 0; d < ndocs; d++)
                first[d + 1] += first[d];
        uint32_t *starts = xcalloc(nhits, sizeof(*starts));
        size_t *fill = xcalloc(ndocs, sizeof(*fill));
        for (size_t i = 0; i < nhits; i++)
                starts[first[hits[i].doc] + fill[hits[i].doc]++] = hits[i].start;

        for (size_t d = 0; d < ndocs; d++) {
                const struct doc *doc = corpus_doc(c, d);
                struct plot_row *r = &p->rows[d];
                size_t n = first[d + 1] - first[d];
                r->doc = (uint32_t)d;
                r->count = (uint32_t)n;
                r->rate = doc->nchars ? (double)n * 10000.0 / (double)doc->nchars : 0.0;
                r->cells = p->cells + d * (size_t)cells;
                count_doc(doc, starts + first[d], n, p->cells + d * (size_t)cells, cells);
        }
        free(fill);
        free(starts);
        free(first);
        return p;
}

void plot_free(struct plot *p)
{
        if (!p)
                return;
        free(p->rows);
        free(p->cells);
        free(p);
}

size_t plot_nrows(const struct plot *p)
{
        return p->nrows;
}

int plot_ncells(const struct plot *p)
{
        return p->ncells;
}

const struct plot_row *plot_row(const struct plot *p, size_t i)
{
        return i < p->nrows ? &p->rows[i] : NULL;
}

size_t plot_total(const struct plot *p)
{
        return p->total;
}

int plot_extra_cols(bool rate)
{
        return 2 + PLOT_COUNT_COLS + (rate ? 1 + PLOT_RATE_COLS : 0);
}

bool plot_fit(int width, int title_cols, struct plot_cols *out)
{
        int want = title_cols > PLOT_MIN_TITLE ? title_cols : PLOT_MIN_TITLE;
        /* The rate is worth more than a longer bar, but not more than a bar at all. */
        for (int rate = 1; rate >= 0; rate--) {
                int room = width - plot_extra_cols(rate);
                int title = room - want >= PLOT_MIN_CELLS ? want : room - PLOT_MIN_CELLS;
                if (title < PLOT_MIN_TITLE)
                        continue;
                *out = (struct plot_cols){ title, room - title, rate };
                return true;
        }
        return false;
}

/* ------------------------------------------------------------- rendering */

static void pad(struct sbuf *b, int cols)
{
        for (; cols > 0; cols--)
                sbuf_addc(b, ' ');
}

/* A label cut with "…" to leave a one-column gap, padded to cols. */
static void put_label(struct sbuf *b, const char *s, int cols)
{
        int used = 0;
        if (cols > 1) {
                char *t = doc_title_cut(s, cols - 1, &used);
                for (char *q = t; *q; q++)
                        if ((unsigned char)*q < 0x20 || *q == 0x7f)
                                *q = ' ';
                sbuf_adds(b, t);
                free(t);
        }
        pad(b, cols - used);
}

static void put_bar(struct sbuf *b, const struct plot_row *r, int ncells, enum plot_glyphs g)
{
        for (int i = 0; i < ncells; i++)
                sbuf_adds(b, plot_glyph(g, r->cells[i]));
}

char *plot_render_bar(const struct plot *p, size_t i, enum plot_glyphs g)
{
        if (i >= p->nrows)
                return NULL;
        struct sbuf b = { 0 };
        put_bar(&b, &p->rows[i], p->ncells, g);
        return sbuf_take(&b);
}

char *plot_render_row(const struct plot *p, size_t i, int title_cols, bool rate,
                      enum plot_glyphs g)
{
        if (i >= p->nrows)
                return NULL;
        const struct plot_row *r = &p->rows[i];
        struct sbuf b = { 0 };
        put_label(&b, corpus_doc(p->c, r->doc)->title, title_cols);
        sbuf_addc(&b, '|');
        put_bar(&b, r, p->ncells, g);
        sbuf_addc(&b, '|');
        sbuf_printf(&b, "%*u", PLOT_COUNT_COLS, (unsigned)r->count);
        if (rate)
                sbuf_printf(&b, " %*.1f", PLOT_RATE_COLS, r->rate);
        return sbuf_take(&b);
}

char *plot_render_header(const struct plot *p, int title_cols, bool rate)
{
        struct sbuf b = { 0 };
        put_label(&b, "document", title_cols);
        sbuf_addc(&b, '|');
        /* The bar's ends are the documents' first and last characters. */
        static const char start[] = "start", end[] = "end";
        int room = p->ncells - (int)(sizeof(start) - 1) - (int)(sizeof(end) - 1);
        if (room >= 1) {
                sbuf_adds(&b, start);
                pad(&b, room);
                sbuf_adds(&b, end);
        } else {
                pad(&b, p->ncells);
        }
        sbuf_addc(&b, '|');
        sbuf_printf(&b, "%*s", PLOT_COUNT_COLS, "hits");
        if (rate)
                sbuf_printf(&b, " %*s", PLOT_RATE_COLS, "per 10k");
        return sbuf_take(&b);
}
