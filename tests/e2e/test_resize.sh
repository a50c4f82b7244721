# A resize re-wraps the text and keeps the passage at the top: scroll into a
# speech at 100x30, shrink to 60x20 (one pane at a time), grow back; the top
# row holds the same passage throughout and is identical after the round
# trip. Below the minimum size a notice replaces the panes, and the reader
# comes back when the window grows. The document list, scrolled to its last
# document in a short window, shows every document again once the window
# grows: no blank rows below while some are hidden above.
. "$(dirname "$0")/lib.sh"

start_reader 100 30
keys '>'
wait_for 'doc 2/5' || fail "> did not open the second document"
# Scroll until the top row continues a paragraph (the row above it had
# text: paragraphs are always a blank row apart), so the wrap really moves.
keys 5 j
sync
top100=$(screen | sed -n 2p | sed 's/^[^|]*|//; s/^ //')
for i in $(seq 1 40); do
        prev=$top100
        keys j
        sync
        top100=$(screen | sed -n 2p | sed 's/^[^|]*|//; s/^ //')
        [ -n "$prev" ] && [ -n "$top100" ] && break
done
[ -n "$prev" ] && [ -n "$top100" ] || fail "found no row inside a paragraph to put on top"
head=$(printf '%s' "$top100" | LC_ALL=C.UTF-8 perl -CSA -ne 'print substr($_, 0, 6)')
note "top row at 100 columns: $top100"

resize 60 20
wait_for '[Tab: list]' || fail "the 60-column layout does not show the text pane"
sync
rows60=$(screen | sed -n '2,3p' | sed 's/^ //' | tr -d '\n')
printf '%s' "$rows60" | grep -qF -- "$head" ||
        fail "at 60 columns the top rows lost the passage \"$head\": $rows60"
check_geometry 60
note "at 60 columns the top rows hold \"$head\""

resize 100 30
wait_for 'Documents' || fail "the wide layout did not come back"
sync
now=$(screen | sed -n 2p | sed 's/^[^|]*|//; s/^ //')
[ "$now" = "$top100" ] || fail "after 100→60→100 the top row changed: '$now' instead of '$top100'"
check_geometry 100
note "back at 100 columns the top row is identical"

resize 20 5
wait_for 'window too small' || fail "a 20x5 window shows no notice"
max=$(max_width)
[ "$max" -le 20 ] || fail "the notice is wider than the window ($max)"
resize 100 30
wait_for 'Documents' || fail "the reader did not come back after the window grew"
wait_gone 'window too small' || fail "the notice stayed after the window grew"
sync
now=$(screen | sed -n 2p | sed 's/^[^|]*|//; s/^ //')
[ "$now" = "$top100" ] || fail "after the tiny window the top row changed: '$now'"
check_geometry 100
note "tiny window: notice, then the same passage again"

# The list part of each body row (header and status line left out).
list_side() { screen | sed '1d;$d' | sed 's/|.*//; s/ *$//'; }

resize 100 6
keys '>' '>' '>'
wait_for 'doc 5/5' || fail "> did not open the last document in a short window"
sync
list_side | sed -n 4p | grep -q '^>' || fail "at 6 rows the list does not end on the open document"
resize 100 30
wait_for 'Documents' || fail "the list did not come back at 30 rows"
sync
shown=$(list_side | grep -c .)
[ "$shown" -eq 5 ] || fail "grown back to 30 rows the list shows $shown of the 5 documents"
list_side | sed -n 5p | grep -q '^>' || fail "grown back, the open document is not the fifth row"
note "a list scrolled in a short window shows every document once it grows"
