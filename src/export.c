/*
 * export — format bookmarks as Markdown or JSON. The only state is the
 * output buffer; the bookmark structs come from the store but nothing here
 * touches the database (store.h is included for the value type only).
 * Engine layer.
 */
#include "export.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistr.h>

#include "sanitize.h"

#define REPLACEMENT 0xFFFD

int export_format_parse(const char *name, enum export_format *out)
{
        if (name && (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0))
                *out = EXPORT_MARKDOWN;
        else if (name && strcmp(name, "json") == 0)
                *out = EXPORT_JSON;
        else
                return LC_EINVAL;
        return LC_OK;
}

/*
 * The next character of s[i..n): its code point (U+FFFD for an invalid
 * sequence, which is then skipped one byte at a time) and its length.
 */
static size_t next_char(const char *s, size_t i, size_t n, ucs4_t *uc)
{
        int k = u8_mbtoucr(uc, (const uint8_t *)s + i, n - i);
        if (k > 0)
                return (size_t)k;
        *uc = REPLACEMENT;
        return 1;
}

/* The explicit directional formatting characters of UAX #9, and the marks. */
static bool is_bidi_control(ucs4_t uc)
{
        return (uc >= 0x202a && uc <= 0x202e) || (uc >= 0x2066 && uc <= 0x2069) ||
               uc == 0x200e || uc == 0x200f || uc == 0x061c;
}

void export_json_string(struct sbuf *out, const char *s, size_t n)
{
        sbuf_addc(out, '"');
        for (size_t i = 0; i < n;) {
                ucs4_t uc;
                size_t k = next_char(s, i, n, &uc);
                switch (uc) {
                case '"': sbuf_adds(out, "\\\""); break;
                case '\\': sbuf_adds(out, "\\\\"); break;
                case '\b': sbuf_adds(out, "\\b"); break;
                case '\f': sbuf_adds(out, "\\f"); break;
                case '\n': sbuf_adds(out, "\\n"); break;
                case '\r': sbuf_adds(out, "\\r"); break;
                case '\t': sbuf_adds(out, "\\t"); break;
                default:
                        /* DEL, C1, the JavaScript line separators and the bidi
                         * controls are legal JSON but trouble in terminals and
                         * JS (a right-to-left override reorders what follows on
                         * screen); escape them too. */
                        if (uc < 0x20 || (uc >= 0x7f && uc <= 0x9f) || uc == 0x2028 ||
                            uc == 0x2029 || uc == REPLACEMENT || is_bidi_control(uc))
                                sbuf_printf(out, "\\u%04x", (unsigned)uc);
                        else
                                sbuf_add(out, s + i, k);
                }
                i += k;
        }
        sbuf_addc(out, '"');
}

/*
 * Markdown is read in a terminal, so it gets the same treatment as the
 * reading pane (controls and escapes made visible and inert). A newline is
 * kept and followed by prefix, so quoted text stays quoted.
 */
static void add_md(struct sbuf *b, const char *s, const char *prefix)
{
        size_t n;
        char *safe = sanitize_text(s, strlen(s), &n, NULL);
        for (const char *p = safe, *e = safe + n; p < e;) {
                const char *nl = memchr(p, '\n', (size_t)(e - p));
                sbuf_add(b, p, (size_t)((nl ? nl : e) - p));
                if (!nl)
                        break;
                sbuf_addc(b, '\n');
                sbuf_adds(b, prefix);
                p = nl + 1;
        }
        free(safe);
}

/* A title or a path is one line, as on the command line: ^J and ^M, never a line break. */
static void add_md_line(struct sbuf *b, const char *s)
{
        char *safe = sanitize_line(s);
        sbuf_adds(b, safe);
        free(safe);
}

/*
 * Does the line whose text (after its spaces) starts at p open a block: a
 * heading, quote, list, rule or setext underline, fence, HTML, table or
 * link definition? *at is where the character to escape is: 0, or past
 * the digits of an ordered list's "1." or "1)".
 */
static bool opens_block(const char *p, const char *e, size_t *at)
{
        size_t d = 0;

        while (p + d < e && d < 10 && p[d] >= '0' && p[d] <= '9')
                d++;
        *at = d;
        if (d > 0)
                return d < 10 && p + d < e && (p[d] == '.' || p[d] == ')');
        return p < e && *p != '\0' && strchr("#>-+*=_`~<|[", *p) != NULL;
}

/*
 * A note is the user's own text, and stays one paragraph under the
 * passage whatever it holds: its line breaks are hard breaks (a backslash
 * ends each line, so that even an empty one does not end the paragraph),
 * and a line that would open a block has that character backslash-escaped,
 * which Markdown shows as the character itself. Line breaks at its end
 * show nothing, and a backslash there would show itself, so they go.
 */
static void add_md_note(struct sbuf *b, const char *s)
{
        size_t n, at;
        char *safe = sanitize_text(s, strlen(s), &n, NULL);
        while (n > 0 && safe[n - 1] == '\n')
                n--;
        for (const char *p = safe, *e = safe + n;;) {
                const char *nl = memchr(p, '\n', (size_t)(e - p)), *end = nl ? nl : e;
                const char *q = p;
                while (q < end && *q == ' ')
                        q++;
                if (opens_block(q, end, &at)) {
                        sbuf_add(b, p, (size_t)(q - p) + at);
                        sbuf_addc(b, '\\');
                        p = q + at;
                }
                sbuf_add(b, p, (size_t)(end - p));
                if (!nl)
                        break;
                sbuf_adds(b, "\\\n");
                p = nl + 1;
        }
        free(safe);
}

/* UTC, as ISO 8601 for machines or a shorter form for people. */
static void add_time(struct sbuf *b, int64_t t, bool iso)
{
        time_t tt = (time_t)t;
        struct tm tm;
        char buf[64];
        size_t k = 0;
        if (gmtime_r(&tt, &tm))
                k = iso ? strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm)
                        : strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
        if (k > 0)
                sbuf_adds(b, buf);
        else
                sbuf_printf(b, "%lld", (long long)t);
}

/* 《title》, path, line n (or bytes a–b): unescaped, for either format to wrap. */
static char *citation(const struct bookmark *bm)
{
        if (bm->line)
                return xasprintf("《%s》, %s, line %zu", bm->title ? bm->title : "",
                                 bm->path ? bm->path : "", bm->line);
        return xasprintf("《%s》, %s, bytes %zu–%zu", bm->title ? bm->title : "",
                         bm->path ? bm->path : "", bm->start, bm->end);
}

static void markdown(struct sbuf *out, const struct bookmark *v, size_t n)
{
        sbuf_adds(out, "# lectern bookmarks\n\n");
        if (n == 0)
                sbuf_adds(out, "No bookmarks.\n");
        for (size_t i = 0; i < n; i++) {
                const struct bookmark *bm = &v[i];
                const char *path = bm->path ? bm->path : "";
                if (i == 0 || strcmp(path, v[i - 1].path ? v[i - 1].path : "") != 0) {
                        sbuf_adds(out, "## 《");
                        add_md_line(out, bm->title ? bm->title : "");
                        sbuf_adds(out, "》\n\n");
                }
                sbuf_adds(out, "> ");
                add_md(out, bm->passage ? bm->passage : "", "> ");
                sbuf_adds(out, "\n\n");
                if (bm->note && bm->note[0]) {
                        add_md_note(out, bm->note);
                        sbuf_adds(out, "\n\n");
                }
                char *cite = citation(bm);
                sbuf_adds(out, "— ");
                add_md_line(out, cite);
                free(cite);
                sbuf_adds(out, " · ");
                add_time(out, bm->created, false);
                if (bm->orphaned)
                        sbuf_adds(out, " · **orphaned**: the passage is no longer in this file");
                sbuf_adds(out, "\n\n");
        }
}

static void json_field(struct sbuf *out, const char *key, const char *value, bool last)
{
        sbuf_printf(out, "    \"%s\": ", key);
        export_json_string(out, value ? value : "", value ? strlen(value) : 0);
        sbuf_adds(out, last ? "\n" : ",\n");
}

static void json(struct sbuf *out, const struct bookmark *v, size_t n)
{
        sbuf_adds(out, n ? "[\n" : "[]\n");
        for (size_t i = 0; i < n; i++) {
                const struct bookmark *bm = &v[i];
                sbuf_printf(out, "  {\n    \"id\": %lld,\n", (long long)bm->id);
                json_field(out, "title", bm->title, false);
                json_field(out, "path", bm->path, false);
                sbuf_printf(out, "    \"start_byte\": %zu,\n    \"end_byte\": %zu,\n", bm->start,
                            bm->end);
                if (bm->line)
                        sbuf_printf(out, "    \"line\": %zu,\n", bm->line);
                else
                        sbuf_adds(out, "    \"line\": null,\n");
                json_field(out, "passage", bm->passage, false);
                json_field(out, "context_before", bm->before, false);
                json_field(out, "context_after", bm->after, false);
                json_field(out, "note", bm->note, false);
                sbuf_adds(out, "    \"created\": \"");
                add_time(out, bm->created, true);
                sbuf_adds(out, "\",\n    \"updated\": \"");
                add_time(out, bm->updated, true);
                sbuf_printf(out, "\",\n    \"orphaned\": %s,\n", bm->orphaned ? "true" : "false");
                char *cite = citation(bm);
                json_field(out, "citation", cite, true);
                free(cite);
                sbuf_adds(out, i + 1 < n ? "  },\n" : "  }\n]\n");
        }
}

void export_bookmarks(struct sbuf *out, const struct bookmark *v, size_t n,
                      enum export_format f)
{
        if (f == EXPORT_JSON)
                json(out, v, n);
        else
                markdown(out, v, n);
}
