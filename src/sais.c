/*
 * sais — SA-IS suffix sorting. Suffixes are typed S (smaller than the next
 * suffix) or L (larger); the leftmost S of each S-run (LMS) are sorted first
 * as substrings by two induced scans, named, and, when names repeat, sorted
 * recursively as a reduced string kept in the tail of sa itself; a final
 * pair of induced scans from the sorted LMS suffixes sorts the rest.
 *
 * Speed comes from memory traffic: each induced step reads the character
 * of a suffix's predecessor, a random access, and writes into a bucket,
 * another. So below the top level the type lives in the top bit of the
 * character (one miss, not two); the top level leaves the caller's string
 * alone and keeps no types at all: in the induced scans the type of a
 * suffix's predecessor follows from their two characters and the suffix's
 * own type, which each scan knows, and the other passes infer them as
 * they go (sais_level.h). Each entry
 * written into sa carries in its own top bit whether
 * its predecessor is S-type, read next to the character just loaded, so
 * every suffix's predecessor is fetched by the one scan that induces it
 * rather than by both; and the scans prefetch in two steps, the
 * predecessor's character far ahead and, once that has arrived, the bucket
 * slot it will be written to nearer ahead. The first pass's right-to-left
 * scan also collects the sorted LMS substrings as it goes, so no pass has
 * to look their types up again. The levels are written once, in
 * sais_level.h, for characters of 16 and of 32 bits. Engine layer.
 */
#include "sais.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PRED_S 0x80000000u      /* in sa: the suffix's predecessor is S-type */
#define NAME_NONE UINT32_MAX
#define FAR_AHEAD 96
#define NEAR_AHEAD 32
#define CHUNK ((size_t)1 << 16)
#define REPORTS 256

/*
 * Progress: each level owns an interval of [0, 1] and hands its scans
 * consecutive parts of it, so the fraction only grows. Reports are spaced
 * at least 1 / REPORTS apart.
 */
struct progress {
        void (*fn)(void *ud, double fraction);
        void *ud;
        double last;
};

static void progress_at(struct progress *pg, double f)
{
        if (pg->fn && f >= pg->last + 1.0 / REPORTS) {
                pg->last = f;
                pg->fn(pg->ud, f);
        }
}

static void bucket_heads(const uint32_t *cnt, uint32_t *bkt, size_t k)
{
        uint32_t sum = 0;
        for (size_t c = 0; c < k; c++) {
                bkt[c] = sum;
                sum += cnt[c];
        }
}

static void bucket_tails(const uint32_t *cnt, uint32_t *bkt, size_t k)
{
        uint32_t sum = 0;
        for (size_t c = 0; c < k; c++) {
                sum += cnt[c];
                bkt[c] = sum;
        }
}

/* The 32-bit level first: every level's recursion is one. */
#define CHAR_T uint32_t
#define T_BIT 0x80000000u
#define UNTAGGED 0
#define NAMED(x) x##32
#include "sais_level.h"
#undef CHAR_T
#undef T_BIT
#undef UNTAGGED
#undef NAMED

#define CHAR_T uint16_t
#define T_BIT 0x8000u
#define UNTAGGED 1
#define NAMED(x) x##16
#include "sais_level.h"
#undef CHAR_T
#undef T_BIT
#undef UNTAGGED
#undef NAMED

int sais_build(uint32_t *t, uint32_t *sa, size_t n, size_t k,
               void (*progress)(void *ud, double fraction), void *ud)
{
        return sort32(t, sa, n, k, progress, ud);
}

int sais_build16(const uint16_t *t, uint32_t *sa, size_t n, size_t k,
                 void (*progress)(void *ud, double fraction), void *ud)
{
        return sort16(t, sa, n, k, progress, ud);
}
