/*
 * fuzz_decode — libFuzzer target for decoding and charset detection. The
 * first byte picks a forced encoding; the rest is decoded twice, once
 * detected and once forced, and whatever comes back must be whole UTF-8
 * with its length and NUL in place, a failure must leave the result zeroed
 * with a reason, and text that was valid UTF-8 to begin with must come
 * through byte for byte when it is read as UTF-8. The single-character
 * decoder is checked against libunistring at every offset, and the
 * plausibility score against its own bounds.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unistr.h>

#include "decode.h"
#include "detect.h"
#include "util.h"

#define FUZZ_NAME "fuzz_decode"
#include "fuzz_common.h"

/*
 * Names a user could pass to --encoding: the ones lectern detects, their
 * aliases, stateful ISO-2022 and HZ converters, multi-byte Japanese and
 * Korean, single-byte code pages, and names ICU does not know at all.
 */
static const char *const forced[] = {
        "UTF-8",       "utf8",         "UTF-16LE",   "UTF-16BE",     "UTF-16",
        "UTF-32LE",    "UTF-32",       "GB18030",    "gbk",          "gb2312",
        "Big5",        "Big5-HKSCS",   "HZ-GB-2312", "ISO-2022-CN",  "ISO-2022-JP",
        "Shift_JIS",   "EUC-JP",       "EUC-KR",     "windows-1252", "ISO-8859-1",
        "UTF-7",       "SCSU",         "BOCU-1",     "CESU-8",       "",
        "no-such-enc",
};

static bool is_utf8_name(const char *name)
{
        return strcmp(name, "UTF-8") == 0 || strcmp(name, "utf8") == 0;
}

static void check_score(const char *text, size_t len)
{
        struct detect_score sc;

        detect_score_text(text, len, &sc);
        REQUIRE(sc.chars <= len, "score counts %zu characters in %zu bytes", sc.chars, len);
        REQUIRE(sc.bad <= sc.chars && sc.han <= sc.chars && sc.common <= sc.han,
                "score counts out of bounds: chars %zu bad %zu han %zu common %zu", sc.chars,
                sc.bad, sc.han, sc.common);
}

/* What any call of decode_bytes must leave behind, success or not. */
static void check_result(const char *raw, size_t n, const char *force, int rc,
                         const struct decode_result *r, const char *cause)
{
        const char *shown = force ? force : "(detect)";

        if (!raw)
                raw = "";       /* the empty input is passed as NULL */
        if (rc != LC_OK) {
                REQUIRE(rc == LC_EBINARY || rc == LC_ENCODING, "%s: unexpected status %d",
                        shown, rc);
                REQUIRE(r->text == NULL && r->len == 0 && r->encoding == NULL &&
                                r->invalid == 0 && !r->bom,
                        "%s: failure left the result filled", shown);
                REQUIRE(cause != NULL, "%s: failure without a reason", shown);
                return;
        }
        REQUIRE(r->text != NULL, "%s: success without text", shown);
        REQUIRE(r->text[r->len] == '\0', "%s: text not NUL-terminated at len", shown);
        REQUIRE(u8_check((const uint8_t *)r->text, r->len) == NULL,
                "%s: output is not valid UTF-8 (encoding %s)", shown,
                r->encoding ? r->encoding : "?");
        REQUIRE(r->encoding != NULL && r->encoding[0] != '\0', "%s: no encoding name", shown);

        /* Valid UTF-8 read as UTF-8 must come back unchanged (less a BOM). */
        if (is_utf8_name(r->encoding) && (!force || is_utf8_name(force))) {
                size_t skip = r->bom && n >= 3 && memcmp(raw, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
                if (u8_check((const uint8_t *)raw + skip, n - skip) == NULL) {
                        REQUIRE(r->invalid == 0, "%s: valid UTF-8 counted %zu invalid", shown,
                                r->invalid);
                        REQUIRE(r->len == n - skip && memcmp(r->text, raw + skip, r->len) == 0,
                                "%s: valid UTF-8 changed in decoding (%zu -> %zu bytes)", shown,
                                n - skip, r->len);
                } else {
                        REQUIRE(r->invalid > 0, "%s: invalid UTF-8 counted no replacement",
                                shown);
                }
        }
        check_score(r->text, r->len);
}

static void run_decode(const char *raw, size_t n, const char *force)
{
        struct decode_result r;
        char *cause = NULL;
        int rc = decode_bytes(raw, n, force, &r, &cause);

        check_result(raw, n, force, rc, &r, cause);
        free(cause);
        decode_result_free(&r);
        REQUIRE(r.text == NULL && r.len == 0, "decode_result_free left text behind");
}

/* decode_utf8_char agrees with libunistring on what is well-formed. */
static void check_chars(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                size_t len = 0;
                int32_t c = decode_utf8_char(s + i, n - i, &len);
                ucs4_t uc;
                int k = u8_mbtoucr(&uc, (const uint8_t *)s + i, n - i);

                REQUIRE(len >= 1 && len <= 4 && len <= n - i,
                        "decode_utf8_char at %zu: length %zu of %zu", i, len, n - i);
                if (k > 0) {
                        REQUIRE(c >= 0 && (ucs4_t)c == uc && len == (size_t)k,
                                "decode_utf8_char at %zu: U+%04X/%zu, libunistring U+%04X/%d", i,
                                (unsigned)c, len, (unsigned)uc, k);
                } else {
                        REQUIRE(c == -1, "decode_utf8_char at %zu accepted an ill-formed "
                                         "sequence as U+%04X", i, (unsigned)c);
                }
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size == 0) {
                run_decode(NULL, 0, NULL);
                return 0;
        }
        const char *raw = (const char *)data + 1;
        size_t n = size - 1;

        run_decode(raw, n, NULL);
        run_decode(raw, n, forced[data[0] % LC_ARRAY_LEN(forced)]);
        check_chars(raw, n);
        return 0;
}
