/*
 * jump — the jump list, as in vim: every jump (search hit, phrase,
 * concordance line, bookmark, document switch) records where the reader
 * was, so Ctrl-O goes back and Ctrl-I forward again. Positions are a
 * document index and a byte offset. Engine layer.
 */
#ifndef LECTERN_JUMP_H
#define LECTERN_JUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jump_pos {
        uint32_t doc;
        size_t off;
};

struct jumps;

/* A list keeping at most cap positions (the oldest go first). */
struct jumps *jumps_new(size_t cap);
void jumps_free(struct jumps *j);

/*
 * The user jumps away from `from`: remember it. Positions ahead of the
 * current one (after going back) are dropped, as a new jump makes a new
 * future. A repeat of the newest position is not stored twice.
 */
void jumps_push(struct jumps *j, struct jump_pos from);

/* Ctrl-O from `here`: the position to go back to; false when none is older. */
bool jumps_back(struct jumps *j, struct jump_pos here, struct jump_pos *to);

/* Ctrl-I: the position to go forward to; false when none is newer. */
bool jumps_forward(struct jumps *j, struct jump_pos *to);

/* Is there a newer position (the user went back and has not jumped since)? */
bool jumps_can_forward(const struct jumps *j);

size_t jumps_count(const struct jumps *j);

#endif
