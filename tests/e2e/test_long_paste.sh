# A long paste (60,000 characters, as from a whole speech copied twice over)
# lands in a moment wherever a paste is text: the note prompt, the search
# bar, the filter of the bookmarks and that of the phrases. Each arrives one
# character at a time, and a field that walked its text from the start at
# every character, or filtered again after each, froze the reader for
# minutes. The filter of the bookmarks shows its end, where the cursor is.
. "$(dirname "$0")/lib.sh"

long=$(printf '新时代弘扬劳动精神是全体人民共同的事业%.0s' $(seq 3000))终点标记
printf '%s' "$long" >"$E2E_TMP/long.txt"

paste_long() { paste_from "$E2E_TMP/long.txt"; }

start_reader 100 30
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
keys Enter
wait_for 'bookmarked' || fail "m Enter did not bookmark"

# The same passage again: its note, in the prompt.
keys m
wait_for 'note' || fail "m did not open the note"
paste_long
wait_status '终点标记' || fail "the long paste did not reach the note in time: $(screen | tail -n 1)"
keys Escape
wait_gone '终点标记' || fail "Esc did not cancel the note"
note "60,000 characters pasted into a note"

keys /
wait_for 'Esc cancels' || fail "/ did not open the search bar"
paste_long
wait_status '终点标记' || fail "the long paste did not reach the search bar in time: $(screen | tail -n 1)"
keys Escape
wait_gone '终点标记' || fail "Esc did not close the search bar"
note "into the search bar"

keys B
wait_for 'Bookmarks' || fail "B did not open the bookmarks"
paste_long
wait_for 'Bookmarks  0 of 1' || fail "the long paste did not filter the bookmarks in time"
# The filter row shows the end of the filter, where the cursor is.
screen | tail -n 2 | head -n 1 | grep -qF '终点标记' ||
        fail "the bookmarks' filter row does not show the end of the filter, where typing goes on"
keys Escape Escape
wait_gone 'Bookmarks' || fail "Esc did not close the bookmarks"
note "into the bookmarks' filter"

keys p
wait_for 'Phrases' || fail "p did not open the phrases"
wait_for ' of ' || fail "the phrases were not listed"
paste_long
wait_for '终点标记' || fail "the long paste did not reach the phrases' filter in time"
wait_line ' 0 of [0-9]+' || fail "the filter pasted did not filter the phrases"
note "into the phrases' filter"

keys Escape Escape Escape
keys q
wait_for 'rc=0' || fail "q did not quit"
