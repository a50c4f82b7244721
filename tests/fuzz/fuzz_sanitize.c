/*
 * fuzz_sanitize — libFuzzer target for the sanitiser. Whatever bytes come
 * in, what comes out must be safe to hand to ncurses (CJK-TEXT.md §5.2):
 * whole UTF-8, no control byte but '\n', no DEL, no C1 control, no bidi
 * override or isolate, none of the invisible characters the table removes,
 * no code point the C library cannot measure, and no combining mark left
 * without a base at the start of a line. Sanitising twice must change
 * nothing, because titles and status lines made from document text go
 * through the sanitiser again.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <unistr.h>

#include "sanitize.h"

#define FUZZ_NAME "fuzz_sanitize"
#include "fuzz_common.h"

/* Code points the §5.2 table turns into something else or removes. */
static bool never_output(ucs4_t c)
{
        if ((c >= 0x80 && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
            (c >= 0x2066 && c <= 0x2069))
                return true;
        switch (c) {
        case 0x2028: case 0x2029:
        case 0x200e: case 0x200f: case 0x061c: case 0x00ad: case 0x200b: case 0x2060:
        case 0xfeff: case 0xfe0e: case 0xfe0f: case 0x200d:
        case 0xfff9: case 0xfffa: case 0xfffb:
                return true;
        default:
                break;
        }
        if ((c >= 0xe0000 && c <= 0xe007f) || (c >= 0x1f3fb && c <= 0x1f3ff))
                return true;
        return (c >= 0xfdd0 && c <= 0xfdef) || (c & 0xfffe) == 0xfffe;
}

static void check_output(const char *s, size_t len)
{
        const uint8_t *u = (const uint8_t *)s;
        bool line_start = true;

        REQUIRE(s[len] == '\0', "output not NUL-terminated at its length %zu", len);
        REQUIRE(u8_check(u, len) == NULL, "output is not valid UTF-8");
        for (size_t i = 0; i < len;) {
                ucs4_t c;
                int k = u8_mbtouc(&c, u + i, len - i);

                REQUIRE(k > 0, "undecodable output at %zu", i);
                if (c == '\n') {
                        line_start = true;
                        i += (size_t)k;
                        continue;
                }
                REQUIRE(c >= 0x20 && c != 0x7f, "control byte 0x%02X at %zu", (unsigned)c, i);
                REQUIRE(!never_output(c), "U+%04X at %zu should have been made inert",
                        (unsigned)c, i);
                int w = wcwidth((wchar_t)c);
                REQUIRE(w >= 0, "U+%04X at %zu has wcwidth %d", (unsigned)c, i, w);
                REQUIRE(!(line_start && w == 0), "U+%04X at %zu starts a line without a base",
                        (unsigned)c, i);
                line_start = false;
                i += (size_t)k;
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct sanitize_stats st, st2;
        size_t len = SIZE_MAX, len2 = SIZE_MAX;
        char *out = sanitize_text((const char *)data, size, &len, &st);

        REQUIRE(out != NULL && len != SIZE_MAX, "no output");
        REQUIRE(st.controls + st.bidi + st.removed + st.replaced <= size,
                "more changes counted than input bytes");
        check_output(out, len);

        char *again = sanitize_text(out, len, &len2, &st2);
        REQUIRE(len2 == len && memcmp(again, out, len) == 0,
                "sanitising twice changed the text (%zu -> %zu bytes)", len, len2);
        REQUIRE(st2.controls == 0 && st2.bidi == 0 && st2.removed == 0 && st2.replaced == 0,
                "sanitised text still had something to sanitise");
        free(again);
        free(out);
        return 0;
}
