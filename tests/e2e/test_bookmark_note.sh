# m bookmarks the first sentence that starts on screen, with a note typed in
# Chinese (sent whole, as an input method commits it) that is edited by
# character and shows its cursor where the display width puts it. The
# passage is marked in the text. After quitting and starting again, the
# same document opens at the same place, the passage is still marked and
# --bookmarks exports the note. Then v ) selects two sentences, and m
# bookmarks both. m on a passage already bookmarked offers its note, and
# the prompt keeps saying so, its label cut short, down to 24 columns.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

start_reader 100 30
keys Tab j j Enter
wait_for 'doc 3/5' || fail "the third speech did not open"
keys 6 j
sync
top=$(text_rows | head -n 1)
title=$(screen | head -n 1 | sed 's/^[^|]*| *//')

keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text '很重要，記住'
wait_for 'note (optional): 很重要，記住' || fail "the note typed in Chinese does not show whole"
# " note (optional): " is 18 columns, each of the six characters two more.
wait_cursor 30 ||
        fail "the cursor is at column $(tm display -p -t lt '#{cursor_x}'), not after the note's 30 columns"
keys BSpace
wait_gone 'note (optional): 很重要，記住' || fail "Backspace did not erase"
status_line | grep -q 'note (optional): 很重要，記 ' || fail "Backspace erased more than one character: $(status_line)"
keys Left
wait_cursor 26 || fail "Left did not move back one wide character (the cursor is at column $(tm display -p -t lt '#{cursor_x}'))"
keys End
type_text '住'
keys Enter
wait_for 'bookmarked “' || fail "Enter did not bookmark: $(status_line)"
note "bookmarked with a note typed in Chinese: $(status_line | sed 's/  .*//')"

passage=$(json_field "$HOME_DB" 0 passage)
[ -n "$passage" ] || fail "the database holds no bookmark"
[ "$(json_field "$HOME_DB" 0 note)" = '很重要，記住' ] || fail "the note stored is not 很重要，記住"
case "$passage" in *"
"*) fail "the passage spans lines: $passage" ;; esac
marked=$(styled_text 42)
[ "$marked" = "$passage" ] || fail "the text marked is not the passage:
  marked:  $marked
  passage: $passage"
note "the passage is marked in the text"

# Quit, start again: same document, same place, still marked, still there.
relaunch "$CORPUS"
wait_for 'doc 3/5' || fail "the last document read did not open again"
[ "$(text_rows | head -n 1)" = "$top" ] || fail "the reading position was not kept:
  was: $top
  now: $(text_rows | head -n 1)"
[ "$(screen | head -n 1 | sed 's/^[^|]*| *//')" = "$title" ] || fail "another document is open"
[ "$(styled_text 42)" = "$passage" ] || fail "after a restart the passage is not marked"
note "after a restart: document 3 at the same line, the passage marked"

keys B
wait_for 'Bookmarks  1' || fail "B does not list the bookmark"
screen | grep -qF '很重要，記住' || fail "the B pane does not show the note"
keys q
wait_gone 'Bookmarks  1' || fail "q did not close the B pane"

# A selection of two sentences.
keys v
wait_for 'selecting sentences' || fail "v did not start a selection"
one=$(styled_text 7)
[ -n "$one" ] || fail "the selection is not shown"
keys ')'
sync
two=$(styled_text 7)
case "$two" in "$one"?*) ;; *) fail "')' did not add the next sentence:
  one: $one
  two: $two" ;; esac
keys k
sync
[ "$(styled_text 7)" = "$one" ] || fail "k did not take the sentence back off"
keys j m
wait_for 'note (optional):' || fail "m in a selection did not ask for a note"
keys Enter
wait_for 'bookmarked “' || fail "the selection was not bookmarked"
[ "$(json_count "$HOME_DB")" = 2 ] || fail "the database does not hold two bookmarks"
# The screen shows the passage without its line breaks and indents.
found=$(bookmarks_json "$HOME_DB" | python3 -c '
import json, sys
bare = lambda s: "".join(s.split())
print(sum(1 for b in json.load(sys.stdin) if bare(b["passage"]) == bare(sys.argv[1])))' "$two")
[ "$found" = 1 ] || fail "no bookmark holds the two sentences selected"
note "v ) k j m bookmarked a selection of two sentences"

# Export: the note and the citation, not orphaned.
md=$(LANG=C.UTF-8 "$BIN" --bookmarks --db "$HOME_DB")
printf '%s\n' "$md" | grep -qF '很重要，記住' || fail "--bookmarks does not export the note"
printf '%s\n' "$md" | grep -q 'orphaned' && fail "--bookmarks says a passage is orphaned"

# A note being typed outlives a window too small to show it: q there waits
# for a larger window instead of quitting without the bookmark.
keys 4 0 j
sync
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text '窗口太小也不丟'
wait_for 'note (optional): 窗口太小也不丟' || fail "the note does not show"
resize 20 4
wait_for 'a note is open' || fail "the small-window notice does not say a note is open: $(screen)"
keys q
# Let the q be read while the window is still small (no screen change shows it).
sleep 0.3
resize 100 30
wait_for 'note (optional): 窗口太小也不丟' || fail "q in a small window dropped the note: $(screen)"
keys Enter
wait_for 'bookmarked “' || fail "the note kept through the small window was not saved: $(status_line)"
[ "$(json_count "$HOME_DB")" = 3 ] || fail "the database does not hold the third bookmark"
note "q in a window too small keeps the note being typed"

# m on that passage again edits its note. However narrow the window, the
# label still says so, cut with "…" rather than left out, and the note
# shows beside it; the hint goes first.
status_matches() { status_line | grep -qE -- "$1"; }
keys m
wait_for 'already bookmarked; its note: 窗口太小也不丟' || fail "m did not offer the stored note"
for size in '60 20' '30 20' '24 6'; do
        set -- $size
        resize "$1" "$2"
        poll_until "$WAIT" status_matches '^ already.* .*丟 *$' ||
                fail "at $1x$2 the note prompt lost its label or the note: [$(status_line)]"
        [ "$(status_line | LC_ALL=C.UTF-8 wc -L)" -lt "$1" ] ||
                fail "at $1x$2 the note prompt is wider than the window: [$(status_line)]"
        note "at $1x$2:$(status_line | sed 's/ *$//')"
done
status_line | grep -qF 'Esc cancels' && fail "at 24 columns the hint crowds the label: [$(status_line)]"
status_line | grep -qF '…' || fail "at 24 columns the label is not cut with …: [$(status_line)]"
resize 100 30
keys Escape
wait_for 'the note is unchanged' || fail "Esc did not leave the note as it was: $(status_line)"
[ "$(json_count "$HOME_DB")" = 3 ] || fail "editing a note changed the bookmarks held"
keys q
wait_for 'rc=0' || fail "q did not quit"
