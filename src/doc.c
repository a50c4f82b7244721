/*
 * doc — load one file into an immutable, sanitised UTF-8 document: read it
 * without ever blocking (FIFOs and devices are refused before they are
 * opened, and the open itself is non-blocking), decode, sanitise, find the
 * line starts and a title. Engine layer.
 */
#include "doc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>
#include <unictype.h>

#include "decode.h"
#include "fold.h"
#include "sanitize.h"
#include "util.h"
#include "width.h"

/* Titles longer than this are cut: a 2 MB first line is not a title. */
#define TITLE_MAX_BYTES 480

static const char *file_kind(mode_t m)
{
        if (S_ISDIR(m)) return "a directory";
        if (S_ISFIFO(m)) return "a FIFO";
        if (S_ISCHR(m)) return "a character device";
        if (S_ISBLK(m)) return "a block device";
        if (S_ISSOCK(m)) return "a socket";
        return "not a regular file";
}

/*
 * Read a regular file whole. The size is only a hint: the file may grow or
 * shrink while we read, and we take what is there until end of file.
 */
static int read_file(const char *path, char **buf, size_t *len, char **cause)
{
        struct stat st;
        if (stat(path, &st) != 0)
                return lc_fail(cause, LC_EIO, "%s", strerror(errno));
        if (!S_ISREG(st.st_mode))
                return lc_fail(cause, LC_ESKIP, "%s", file_kind(st.st_mode));
        int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd < 0)
                return lc_fail(cause, LC_EIO, "%s", strerror(errno));
        if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
                close(fd);
                return lc_fail(cause, LC_ESKIP, "changed into %s while opening",
                               file_kind(st.st_mode));
        }
        if ((size_t)st.st_size > DOC_MAX_BYTES) {
                close(fd);
                return lc_fail(cause, LC_ESKIP, "larger than %zu bytes", DOC_MAX_BYTES);
        }
        size_t cap = (size_t)st.st_size + 1, n = 0;
        char *b = xmalloc(cap);
        for (;;) {
                if (n + 1 >= cap) {
                        if (cap > DOC_MAX_BYTES) {
                                free(b);
                                close(fd);
                                return lc_fail(cause, LC_ESKIP, "grew larger than %zu bytes",
                                               DOC_MAX_BYTES);
                        }
                        cap *= 2;
                        b = xrealloc(b, cap);
                }
                ssize_t r = read(fd, b + n, cap - n - 1);
                if (r < 0) {
                        if (errno == EINTR)
                                continue;
                        int e = errno;
                        free(b);
                        close(fd);
                        return lc_fail(cause, LC_EIO, "%s", strerror(e));
                }
                if (r == 0)
                        break;
                n += (size_t)r;
        }
        close(fd);
        b[n] = '\0';
        *buf = b;
        *len = n;
        return LC_OK;
}

/* A line is a title candidate when it holds a letter, digit or ideograph. */
static bool meaningful(const char *s, size_t n)
{
        const uint8_t *p = (const uint8_t *)s, *e = p + n;
        while (p < e) {
                ucs4_t c;
                int k = u8_mbtoucr(&c, p, (size_t)(e - p));
                if (k <= 0)
                        return false;
                if (uc_is_alnum(c) || uc_is_property_ideographic(c))
                        return true;
                p += k;
        }
        return false;
}

static bool is_trim_space(const char *s, size_t n, size_t *k)
{
        if (n >= 1 && (s[0] == ' ' || s[0] == '\t')) {
                *k = 1;
                return true;
        }
        /* U+3000 IDEOGRAPHIC SPACE and U+00A0 NO-BREAK SPACE */
        if (n >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0) {
                *k = 3;
                return true;
        }
        if (n >= 2 && memcmp(s, "\xc2\xa0", 2) == 0) {
                *k = 2;
                return true;
        }
        return false;
}

static char *make_title(const struct doc *d)
{
        for (size_t i = 0; i < d->nlines; i++) {
                size_t a = d->lines[i];
                size_t b = i + 1 < d->nlines ? d->lines[i + 1] - 1 : d->len;
                if (!meaningful(d->text + a, b - a))
                        continue;
                size_t k;
                while (a < b && is_trim_space(d->text + a, b - a, &k))
                        a += k;
                /* Trim trailing spaces: walk back over ASCII and U+3000. */
                for (;;) {
                        if (b > a && (d->text[b - 1] == ' ' || d->text[b - 1] == '\t'))
                                b--;
                        else if (b >= a + 3 && memcmp(d->text + b - 3, "\xe3\x80\x80", 3) == 0)
                                b -= 3;
                        else
                                break;
                }
                if (b - a > TITLE_MAX_BYTES) {
                        b = a + TITLE_MAX_BYTES;
                        while (b > a && ((unsigned char)d->text[b] & 0xC0) == 0x80)
                                b--;
                }
                return xstrndup(d->text + a, b - a);
        }
        /* File names are bytes from anywhere: make them as safe as the text. */
        const char *slash = strrchr(d->path, '/');
        const char *name = slash && slash[1] ? slash + 1 : d->path;
        size_t n;
        char *t = sanitize_text(name, strlen(name), &n, NULL);
        for (char *p = t; (p = memchr(p, '\n', n - (size_t)(p - t))) != NULL;)
                *p = ' ';
        return t;
}

static void index_lines(struct doc *d)
{
        size_t cap = 0;
        d->lines = xgrow(NULL, &cap, 1, sizeof *d->lines);
        d->lines[0] = 0;
        d->nlines = 1;
        const char *p = d->text, *e = d->text + d->len;
        while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
                p++;
                d->lines = xgrow(d->lines, &cap, d->nlines + 1, sizeof *d->lines);
                d->lines[d->nlines++] = (size_t)(p - d->text);
        }
}

int doc_from_bytes(const char *path, const char *raw, size_t n, const char *force,
                   struct doc **out, char **cause)
{
        struct decode_result dr;
        int rc = decode_bytes(raw, n, force, &dr, cause);
        if (rc != LC_OK)
                return rc;
        struct doc *d = xcalloc(1, sizeof *d);
        d->path = xstrdup(path);
        d->text = sanitize_text_shifts(dr.text, dr.len, &d->len, NULL, &d->shifts, &d->nshifts);
        d->encoding = dr.encoding;
        d->invalid = dr.invalid;
        decode_result_free(&dr);
        d->nchars = u8_mbsnlen((const uint8_t *)d->text, d->len);
        index_lines(d);
        d->title = make_title(d);
        *out = d;
        return LC_OK;
}

int doc_load(const char *path, const char *force, struct doc **out, char **cause)
{
        char *raw = NULL;
        size_t n = 0;
        int rc = read_file(path, &raw, &n, cause);
        if (rc != LC_OK)
                return rc;
        rc = doc_from_bytes(path, raw, n, force, out, cause);
        free(raw);
        return rc;
}

void doc_free(struct doc *d)
{
        if (!d)
                return;
        free(d->path);
        free(d->title);
        free(d->text);
        free(d->lines);
        free(d->shifts);
        free(d);
}

size_t doc_line_of(const struct doc *d, size_t off)
{
        size_t lo = 0, hi = d->nlines;
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (d->lines[mid] <= off)
                        lo = mid;
                else
                        hi = mid;
        }
        return lo;
}

size_t doc_column_of(const struct doc *d, size_t off)
{
        size_t start = d->lines[doc_line_of(d, off)];
        if (off > d->len)
                off = d->len;
        return u8_mbsnlen((const uint8_t *)d->text + start, off - start);
}

void doc_file_shift(const struct doc *d, size_t off, long *dline, long *dcol)
{
        *dline = *dcol = 0;
        if (!d->nshifts || d->shifts[0].at > off)
                return;
        size_t lo = 0, hi = d->nshifts;
        while (hi - lo > 1) {
                size_t mid = lo + (hi - lo) / 2;
                if (d->shifts[mid].at <= off)
                        lo = mid;
                else
                        hi = mid;
        }
        *dline = d->shifts[lo].dline;
        *dcol = d->shifts[lo].dcol;
}

size_t doc_file_line(const struct doc *d, size_t off)
{
        long dline, dcol;
        doc_file_shift(d, off, &dline, &dcol);
        return (size_t)((long)doc_line_of(d, off) + dline);
}

size_t doc_offset_of_file_line(const struct doc *d, size_t line)
{
        /* File lines only grow with the offset: the first text line at or past it. */
        size_t lo = 0, hi = d->nlines;
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (doc_file_line(d, d->lines[mid]) < line)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return lo < d->nlines ? d->lines[lo] : d->len;
}

char *doc_title_cut(const char *title, int cols, int *used)
{
        size_t n = strlen(title);
        char *cut = width_truncate(title, n, cols, used);
        size_t kept = strlen(cut);
        if (kept == n || kept < 3 || memcmp(cut + kept - 3, "\u2026", 3) != 0)
                return cut;
        /* What stands before the "…" is a prefix of the title. */
        kept -= 3;
        for (size_t i = 0; i < kept; i++) {
                if (title[i] != '(' && memcmp(title + i, "\uFF08", 3) != 0)
                        continue;
                size_t alen = fold_annotation_at(title, n, i);
                if (alen == 0 || i + alen <= kept)
                        continue;
                /* The cut falls inside this one: cut before it instead. */
                while (i > 0 && title[i - 1] == ' ')
                        i--;
                free(cut);
                cut = xasprintf("%.*s\u2026", (int)i, title);
                if (used)
                        *used = width_str(cut, strlen(cut));
                return cut;
        }
        return cut;
}
