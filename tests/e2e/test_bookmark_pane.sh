# The B pane lists every bookmark across the corpus with its title,
# passage and note; typing Chinese filters at once and / filters by Latin
# letters; e edits a note; d deletes and u undoes until the pane closes,
# after which the delete is final; Enter goes to a bookmark and Ctrl-O
# comes back, as for any jump. The database follows every step. Its keys
# at the bottom drop whole hints to fit a narrow window, never cutting
# one, and keep "q close" last. In a short window the mouse wheel
# scrolls it; scrolled to the last bookmark, a filter, a taller window and
# a delete each bring back into view the bookmarks hidden above rather
# than leave empty rows below.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

add_mark() {
        keys m
        wait_for 'note (optional):' || fail "m did not ask for a note"
        type_text "$1"
        keys Enter
        wait_for 'bookmarked “' || fail "the bookmark with note $1 was not made: $(status_line)"
}

start_reader 100 30
add_mark '甲：開頭'
keys Tab j Enter
wait_for 'doc 2/5' || fail "the second speech did not open"
add_mark '乙：第二篇'
keys Tab j Enter
wait_for 'doc 3/5' || fail "the third speech did not open"
add_mark '丙 reform'
[ "$(json_count "$HOME_DB")" = 3 ] || fail "the database does not hold three bookmarks"

keys B
wait_for 'Bookmarks  3' || fail "B does not list three bookmarks"
for n in '甲：開頭' '乙：第二篇' '丙 reform'; do
        screen | grep -qF "$n" || fail "the B pane does not show the note $n"
done
screen | grep -qF '《臨汾市隆重舉行' || fail "the B pane does not show the document's title"
screen | grep -qE 'line [0-9]+ · [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}' ||
        fail "the B pane does not show line and date"
note "B lists three bookmarks with title, line, date and note"

# footer_whole: the pane's last row holds whole key hints, the way out last.
footer_whole() {
        screen | tail -n 2 | head -n 1 | sed 's/^ //; s/ *$//' | awk -F ' · ' '
                { for (i = 1; i <= NF; i++)
                        if ($i !~ /^(Enter go|e note|d delete|u undo|y copy|\/ or Chinese filters|q close)$/)
                                exit 1
                  exit $NF != "q close" }'
}
for w in 79 60 24; do
        resize "$w" 30
        poll_until "$WAIT" footer_whole ||
                fail "at $w columns the B pane's keys are cut: [$(screen | tail -n 2 | head -n 1)]"
        note "keys at $w columns:$(screen | tail -n 2 | head -n 1)"
done
resize 100 30
wait_for 'or Chinese filters · q close' || fail "at 100 columns the B pane lost keys"

# Filters: Chinese typed straight away, Latin after /.
type_text 乙
wait_for 'Bookmarks  1 of 3' || fail "typing 乙 did not filter"
screen | grep -qF '甲：開頭' && fail "the filter 乙 still shows 甲"
keys Escape
wait_for 'Bookmarks  3' || fail "Esc did not clear the filter"
keys / r e f o r m
wait_for 'Bookmarks  1 of 3' || fail "/reform did not filter"
screen | grep -qF '丙 reform' || fail "the filter reform hides 丙 reform"
keys Escape
wait_for 'Bookmarks  3' || fail "Esc did not clear the Latin filter"
note "typing filters"

# Edit the second note.
keys g j e
wait_for ' note: 乙：第二篇' || fail "e did not offer the note to edit"
keys C-u
type_text '改過的筆記'
keys Enter
wait_for 'note saved' || fail "the edited note was not saved: $(status_line)"
screen | grep -qF '改過的筆記' || fail "the B pane does not show the edited note"
screen | grep -qF '乙：第二篇' && fail "the old note is still shown"
[ "$(json_field "$HOME_DB" 1 note)" = '改過的筆記' ] || fail "the database has not the edited note"
note "e edits the note"

# Delete, undo, delete again; closing the pane makes it final.
keys d
wait_for 'Bookmarks  2' || fail "d did not delete"
screen | grep -qF '改過的筆記' && fail "the deleted bookmark is still listed"
[ "$(json_count "$HOME_DB")" = 2 ] || fail "the delete did not reach the database"
keys u
wait_for 'Bookmarks  3' || fail "u did not undo the delete"
screen | grep -qF '改過的筆記' || fail "the restored bookmark is not listed"
[ "$(json_count "$HOME_DB")" = 3 ] || fail "the undo did not reach the database"
[ "$(json_field "$HOME_DB" 1 note)" = '改過的筆記' ] || fail "the undo lost the note"
keys d
wait_for 'Bookmarks  2' || fail "d did not delete again"
keys q
wait_gone 'Bookmarks  2' || fail "q did not close the pane"
keys B
wait_for 'Bookmarks  2' || fail "the delete did not last past closing the pane"
keys u
wait_for 'nothing to undo' || fail "u undid a delete made before the pane closed"
[ "$(json_count "$HOME_DB")" = 2 ] || fail "the database does not hold two bookmarks"
note "d deletes, u undoes until the pane closes"

# Enter goes to a bookmark; Ctrl-O comes back.
keys q
wait_gone 'Bookmarks  2' || fail "q did not close the pane"
keys Tab g Enter
wait_for 'doc 1/5' || fail "the first speech did not open"
keys B
wait_for 'Bookmarks  2' || fail "B did not open"
keys G Enter
wait_for 'doc 3/5' || fail "Enter did not go to the bookmark in the third speech"
wait_for 'note: 丙 reform' || fail "going to a bookmark does not show its note"
[ -n "$(styled_text 42)$(styled_text 41)" ] || fail "the bookmark gone to is not marked"
keys C-o
wait_for 'doc 1/5' || fail "Ctrl-O did not come back from the bookmark"
note "Enter goes to the bookmark, Ctrl-O back"

# A third bookmark between the two, so that the short window, which holds
# two, has to scroll.
keys g 5 j
add_mark '丁 reform'
resize 100 8
keys B
wait_for 'Bookmarks  3' || fail "B does not list the three bookmarks in a short window"
# The wheel (an xterm X10 report at column 5, row 5: button 64+1 down,
# 64 up) moves the selection three bookmarks a notch, scrolling the pane.
type_text $'\e[Ma%%'
wait_gone '甲：開頭' || fail "the wheel did not scroll the B pane down"
type_text $'\e[M`%%'
wait_for '甲：開頭' || fail "the wheel did not scroll the B pane back up"
note "the wheel scrolls the B pane"
# No sync here: its ~ would start a filter. Waiting for what must show
# up does instead.
keys G
wait_gone '甲：開頭' || fail "at 8 rows G still shows the first bookmark"
keys / r e f o r m Enter
wait_for 'Bookmarks  2 of 3' || fail "/reform did not filter in the short window"
wait_for '丁 reform' || fail "the filter that leaves two bookmarks shows one of them"
keys / Escape
wait_for 'Bookmarks  3' || fail "/ Esc did not clear the filter"
wait_for '> 臨汾市' || fail "clearing the filter moved the selection off the last bookmark"
resize 100 30
for n in '甲：開頭' '丁 reform' '丙 reform'; do
        wait_for "$n" || fail "grown to 30 rows the pane hides the bookmark $n"
done
resize 100 8
keys G d
wait_for 'Bookmarks  2' || fail "d did not delete in the short window"
for n in '甲：開頭' '丁 reform'; do
        wait_for "$n" || fail "after a delete the pane hides the bookmark $n"
done
note "a filter, a taller window and a delete leave no empty rows below hidden bookmarks"
keys q
wait_gone 'Bookmarks  2' || fail "q did not close the pane"
keys q
wait_for 'rc=0' || fail "q did not quit"
