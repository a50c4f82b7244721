/*
 * Tests for export: the JSON is checked by a small strict parser written
 * here (so the test does not need jq), which also decodes every string so
 * escaping can be compared with the original bytes; jq, when installed,
 * gets the output too. The Markdown must quote passages, cite the source
 * and never let a control character through raw.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "export.h"
#include "testlib.h"

TestSuite(export, .init = utf8_locale);

/* ------------------------------------------------------------ a strict JSON reader */

struct json {
        const char *s;
        size_t i, n;
        char **strings;         /* every string (keys and values), decoded, in order */
        size_t nstrings, cap;
};

static bool value(struct json *j, int depth);

static void ws(struct json *j)
{
        while (j->i < j->n && strchr(" \t\n\r", j->s[j->i]))
                j->i++;
}

static bool eat(struct json *j, char c)
{
        ws(j);
        if (j->i < j->n && j->s[j->i] == c) {
                j->i++;
                return true;
        }
        return false;
}

static int hex4(const char *p)
{
        int v = 0;
        for (int k = 0; k < 4; k++) {
                char c = p[k];
                int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                      : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (d < 0)
                        return -1;
                v = v * 16 + d;
        }
        return v;
}

static bool string(struct json *j)
{
        if (!eat(j, '"'))
                return false;
        struct sbuf b = {0};
        sbuf_add(&b, "", 0);
        while (j->i < j->n && j->s[j->i] != '"') {
                unsigned char c = (unsigned char)j->s[j->i];
                if (c < 0x20)
                        goto bad;       /* raw control characters are not JSON */
                if (c != '\\') {
                        sbuf_addc(&b, (char)c);
                        j->i++;
                        continue;
                }
                if (j->i + 1 >= j->n)
                        goto bad;
                char e = j->s[j->i + 1];
                const char *simple = strchr("\"\\/bfnrt", e);
                if (e && simple) {
                        sbuf_addc(&b, "\"\\/\b\f\n\r\t"[simple - "\"\\/bfnrt"]);
                        j->i += 2;
                        continue;
                }
                if (e != 'u' || j->i + 6 > j->n)
                        goto bad;
                int u = hex4(j->s + j->i + 2);
                j->i += 6;
                if (u < 0)
                        goto bad;
                if (u >= 0xD800 && u <= 0xDBFF) {
                        if (j->i + 6 > j->n || j->s[j->i] != '\\' || j->s[j->i + 1] != 'u')
                                goto bad;
                        int lo = hex4(j->s + j->i + 2);
                        if (lo < 0xDC00 || lo > 0xDFFF)
                                goto bad;
                        u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
                        j->i += 6;
                }
                uint8_t buf[6];
                int k = u8_uctomb(buf, (ucs4_t)u, 6);
                if (k <= 0)
                        goto bad;
                sbuf_add(&b, (const char *)buf, (size_t)k);
        }
        if (!eat(j, '"') || u8_check((const uint8_t *)b.s, b.len))
                goto bad;
        j->strings = xgrow(j->strings, &j->cap, j->nstrings + 1, sizeof *j->strings);
        j->strings[j->nstrings++] = sbuf_take(&b);
        return true;
bad:
        sbuf_free(&b);
        return false;
}

static bool number(struct json *j)
{
        ws(j);
        if (j->i < j->n && j->s[j->i] == '-')
                j->i++;
        size_t digits = j->i;
        while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
                j->i++;
        return j->i > digits;       /* export writes integers only */
}

static bool word(struct json *j, const char *w)
{
        ws(j);
        size_t k = strlen(w);
        if (j->n - j->i >= k && memcmp(j->s + j->i, w, k) == 0) {
                j->i += k;
                return true;
        }
        return false;
}

static bool value(struct json *j, int depth)
{
        if (depth > 16)
                return false;
        ws(j);
        if (j->i >= j->n)
                return false;
        char c = j->s[j->i];
        if (c == '"')
                return string(j);
        if (c == '[') {
                j->i++;
                if (eat(j, ']'))
                        return true;
                do {
                        if (!value(j, depth + 1))
                                return false;
                } while (eat(j, ','));
                return eat(j, ']');
        }
        if (c == '{') {
                j->i++;
                if (eat(j, '}'))
                        return true;
                do {
                        if (!string(j) || !eat(j, ':') || !value(j, depth + 1))
                                return false;
                } while (eat(j, ','));
                return eat(j, '}');
        }
        return word(j, "true") || word(j, "false") || word(j, "null") || number(j);
}

/* Parse a whole document; the caller frees j->strings. */
static bool parse(struct json *j, const char *s, size_t n)
{
        memset(j, 0, sizeof *j);
        j->s = s;
        j->n = n;
        bool ok = value(j, 0);
        ws(j);
        return ok && j->i == j->n;
}

static void json_free(struct json *j)
{
        for (size_t i = 0; i < j->nstrings; i++)
                free(j->strings[i]);
        free(j->strings);
}

/* The decoded value that follows the nth (0-based) occurrence of key. */
static const char *field(const struct json *j, const char *key, int nth)
{
        for (size_t i = 0; i + 1 < j->nstrings; i++)
                if (strcmp(j->strings[i], key) == 0 && nth-- == 0)
                        return j->strings[i + 1];
        return NULL;
}

/* ------------------------------------------------------------ fixtures */

static struct bookmark bm(const char *title, const char *path, const char *passage,
                          const char *note)
{
        struct bookmark b = {0};
        b.id = 1;
        b.title = xstrdup(title);
        b.path = xstrdup(path);
        b.start = 3;
        b.end = 3 + strlen(passage);
        b.passage = xstrdup(passage);
        b.before = xstrdup("前文");
        b.after = xstrdup("後文");
        b.note = xstrdup(note);
        b.created = 1714564800;         /* 2024-05-01T12:00:00Z */
        b.updated = 1714568400;
        return b;
}

static const char hostile_note[] =
        "quote \" backslash \\ slash / tab\t nl\n cr\r bell\a esc\x1b[31m del\x7f "
        "c1\xc2\x9b nul-free \x01\x1f ls\xe2\x80\xa8 ps\xe2\x80\xa9 emoji😀 "
        "'); DROP TABLE bookmarks; --";

/* ------------------------------------------------------------ JSON */

Test(export, json_is_valid_and_round_trips_strings)
{
        struct bookmark v[2] = {
                bm("他說：\"改革\" \\ 開放", "dir/a\"b\\c.txt", "第一行\n第二行\t縮進", hostile_note),
                bm("勞動(dòng)精神", "b.txt", "大力弘揚勞模精神", ""),
        };
        v[1].id = 2;
        v[1].orphaned = true;
        struct sbuf out = {0};
        export_bookmarks(&out, v, 2, EXPORT_JSON);

        struct json j;
        cr_assert(parse(&j, out.s, out.len), "not JSON:\n%s", out.s);
        cr_assert_str_eq(field(&j, "title", 0), v[0].title);
        cr_assert_str_eq(field(&j, "path", 0), v[0].path);
        cr_assert_str_eq(field(&j, "passage", 0), v[0].passage);
        cr_assert_str_eq(field(&j, "note", 0), hostile_note);
        cr_assert_str_eq(field(&j, "context_before", 0), "前文");
        cr_assert_str_eq(field(&j, "created", 0), "2024-05-01T12:00:00Z");
        cr_assert_str_eq(field(&j, "updated", 0), "2024-05-01T13:00:00Z");
        cr_assert_str_eq(field(&j, "title", 1), "勞動(dòng)精神");
        cr_assert_not_null(strstr(field(&j, "citation", 1), "《勞動(dòng)精神》"));
        cr_assert_not_null(strstr(field(&j, "citation", 1), "bytes 3–"));
        json_free(&j);

        /* CJK stays readable; controls never appear raw (the layout uses '\n'). */
        cr_assert_not_null(strstr(out.s, "大力弘揚勞模精神"));
        for (size_t i = 0; i < out.len; i++)
                cr_assert(out.s[i] == '\n' || (unsigned char)out.s[i] >= 0x20, "raw control at %zu", i);
        cr_assert_null(strstr(out.s, "\x7f"));
        cr_assert_null(strstr(out.s, "\xc2\x9b"));
        cr_assert_not_null(strstr(out.s, "\"orphaned\": true"));
        cr_assert_not_null(strstr(out.s, "\"orphaned\": false"));

        FILE *jq = popen("command -v jq >/dev/null 2>&1 || exit 0; "
                         "jq -e 'length == 2 and .[1].orphaned and (.[0].note | test(\"DROP\"))' "
                         ">/dev/null", "w");
        cr_assert_not_null(jq);
        fwrite(out.s, 1, out.len, jq);
        cr_assert_eq(pclose(jq), 0, "jq rejected the export");

        sbuf_free(&out);
        store_bookmark_clear(&v[0]);
        store_bookmark_clear(&v[1]);
}

Test(export, json_invalid_utf8_becomes_replacement)
{
        struct sbuf out = {0};
        export_json_string(&out, "a\xff" "b\xc3(", 5);
        cr_assert_str_eq(out.s, "\"a\\ufffdb\\ufffd(\"");
        sbuf_free(&out);
}

Test(export, json_escapes_table)
{
        static const struct {
                const char *in, *want;
        } cases[] = {
                {"", "\"\""},
                {"\"", "\"\\\"\""},
                {"\\", "\"\\\\\""},
                {"\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\""},
                {"\x01\x1f", "\"\\u0001\\u001f\""},
                {"\x1b[0m", "\"\\u001b[0m\""},
                {"\x7f", "\"\\u007f\""},
                {"\xe2\x80\xa8", "\"\\u2028\""},
                {"a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x80\x8f", "\"a\\u202eb\\u2066c\\u200f\""},
                {"改革開放", "\"改革開放\""},
                {"😀", "\"😀\""},
        };
        for (size_t i = 0; i < LC_ARRAY_LEN(cases); i++) {
                struct sbuf out = {0};
                export_json_string(&out, cases[i].in, strlen(cases[i].in));
                cr_assert_str_eq(out.s, cases[i].want, "case %zu", i);
                sbuf_free(&out);
        }
}

Test(export, json_empty_is_an_empty_array)
{
        struct sbuf out = {0};
        export_bookmarks(&out, NULL, 0, EXPORT_JSON);
        struct json j;
        cr_assert(parse(&j, out.s, out.len));
        cr_assert_eq(j.nstrings, 0);
        cr_assert_str_eq(out.s, "[]\n");
        json_free(&j);
        sbuf_free(&out);
}

/* ------------------------------------------------------------ Markdown */

Test(export, markdown_quotes_cites_and_defangs)
{
        struct bookmark v[3] = {
                bm("全區慶祝大會講話", "a.txt", "第一行\n第二行", "值得引用\x1b[2J這段"),
                bm("全區慶祝大會講話", "a.txt", "另一段", ""),
                bm("勞模座談會", "b.txt", "工匠精神", "筆記"),
        };
        v[2].orphaned = true;
        struct sbuf out = {0};
        export_bookmarks(&out, v, 3, EXPORT_MARKDOWN);
        const char *s = out.s;

        cr_assert_not_null(strstr(s, "## 《全區慶祝大會講話》\n"));
        cr_assert_not_null(strstr(s, "## 《勞模座談會》\n"));
        const char *first = strstr(s, "## 《全區慶祝大會講話》");
        cr_assert_null(strstr(first + 1, "## 《全區慶祝大會講話》"), "one heading per document");
        cr_assert_not_null(strstr(s, "> 第一行\n> 第二行\n"), "a passage stays quoted");
        cr_assert_not_null(strstr(s, "— 《全區慶祝大會講話》, a.txt, bytes 3–"));
        cr_assert_not_null(strstr(s, "2024-05-01 12:00 UTC"));
        cr_assert_not_null(strstr(s, "值得引用"));
        cr_assert_null(strchr(s, '\x1b'), "an escape in a note must not reach the terminal");
        cr_assert_not_null(strstr(s, "orphaned"));
        cr_assert_eq(strstr(s, "orphaned"), strstr(strstr(s, "勞模座談會"), "orphaned"),
                     "only the orphaned bookmark says so");
        sbuf_free(&out);
        for (int i = 0; i < 3; i++)
                store_bookmark_clear(&v[i]);
}

/* Each line of s that starts with prefix, one per element of want, in order. */
static void expect_lines_starting(const char *s, const char *prefix, const char *const *want,
                                  size_t n)
{
        size_t k = 0, len = strlen(prefix);
        for (const char *p = s; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p)) {
                if (strncmp(p, prefix, len) != 0)
                        continue;
                const char *e = strchr(p, '\n');
                size_t l = e ? (size_t)(e - p) : strlen(p);
                cr_assert_lt(k, n, "an extra line starts with \"%s\": %.*s", prefix, (int)l, p);
                cr_expect(strlen(want[k]) == l && memcmp(p, want[k], l) == 0,
                          "line %zu: %.*s\nwant: %s", k, (int)l, p, want[k]);
                k++;
        }
        cr_expect_eq(k, n, "%zu lines start with \"%s\", want %zu", k, prefix, n);
}

/*
 * A title or a path is bytes from anywhere, a note the user's own lines:
 * none of them may end a line the export did not end, so neither can open
 * a heading of its own. The note keeps its lines, as one paragraph.
 */
Test(export, markdown_names_and_notes_cannot_break_out)
{
        struct bookmark v[2] = {
                bm("講話\n## 假標題", "dir/new\nline.txt", "工匠精神", ""),
                bm("標題\r# 又一個", "dir/cr\r# x\r\n## y.txt", "勞模精神",
                   "第一行\n## 假標題\r> 假引文\r\n- 列表\n12. 一\n---\n  # 縮進\n\n最後\n"),
        };
        struct sbuf out = {0};
        export_bookmarks(&out, v, 2, EXPORT_MARKDOWN);
        const char *s = out.s;

        static const char *const headings[] = {
                "# lectern bookmarks",
                "## 《講話^J## 假標題》",
                "## 《標題^M# 又一個》",
        };
        expect_lines_starting(s, "#", headings, LC_ARRAY_LEN(headings));
        static const char *const quotes[] = { "> 工匠精神", "> 勞模精神" };
        expect_lines_starting(s, ">", quotes, LC_ARRAY_LEN(quotes));
        static const char *const cites[] = {
                "— 《講話^J## 假標題》, dir/new^Jline.txt, bytes 3–15 · 2024-05-01 12:00 UTC",
                "— 《標題^M# 又一個》, dir/cr^M# x^M^J## y.txt, bytes 3–15 · 2024-05-01 12:00 UTC",
        };
        expect_lines_starting(s, "—", cites, LC_ARRAY_LEN(cites));
        cr_assert_not_null(strstr(s, "\n\n第一行\\\n\\## 假標題\\\n\\> 假引文\\\n\\- 列表\\\n"
                                     "12\\. 一\\\n\\---\\\n  \\# 縮進\\\n\\\n最後\n\n— "),
                           "the note is one paragraph of escaped lines:\n%s", s);
        cr_assert_null(strchr(s, '\r'));
        sbuf_free(&out);

        /* JSON keeps every byte of them, escaped. */
        export_bookmarks(&out, v, 2, EXPORT_JSON);
        struct json j;
        cr_assert(parse(&j, out.s, out.len), "not JSON:\n%s", out.s);
        for (int i = 0; i < 2; i++) {
                cr_expect_str_eq(field(&j, "title", i), v[i].title);
                cr_expect_str_eq(field(&j, "path", i), v[i].path);
                cr_expect_not_null(strstr(field(&j, "citation", i), v[i].path));
        }
        cr_expect_str_eq(field(&j, "note", 1), v[1].note);
        cr_expect_not_null(strstr(out.s, "\"dir/cr\\r# x\\r\\n## y.txt\""));
        cr_expect_null(strstr(out.s, "\n#"));
        cr_expect_null(strchr(out.s, '\r'));
        json_free(&j);
        sbuf_free(&out);
        for (int i = 0; i < 2; i++)
                store_bookmark_clear(&v[i]);
}

Test(export, format_names)
{
        enum export_format f;
        cr_assert_eq(export_format_parse("md", &f), LC_OK);
        cr_assert_eq(f, EXPORT_MARKDOWN);
        cr_assert_eq(export_format_parse("markdown", &f), LC_OK);
        cr_assert_eq(f, EXPORT_MARKDOWN);
        cr_assert_eq(export_format_parse("json", &f), LC_OK);
        cr_assert_eq(f, EXPORT_JSON);
        cr_assert_eq(export_format_parse("xml", &f), LC_EINVAL);
        cr_assert_eq(export_format_parse(NULL, &f), LC_EINVAL);
}
