# Two lecterns on one database at the same time, as in two SSH sessions:
# A bookmarks three passages, B (started while A runs) lists them; B adds
# one and A's B pane shows it too; both quit cleanly and the database,
# exported as Markdown, holds them all with their notes. Then B deletes a
# bookmark that A has on screen: m in A must not edit the note of the gone
# bookmark (losing the note) but bookmark the passage anew. A note typed
# with a bidi override never shows it raw. Then both edit one note at once,
# and both bookmark one passage at once, and one undoes a delete after the
# other bookmarked the passage again, and once after the other changed
# the note: undo brings back the newer note. A bookmark deleted by the
# other loses its highlight on screen with no key pressed, and the open
# bookmarks pane follows what the other adds and deletes.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

db="$E2E_TMP/shared/lectern.db"
mkdir -p "$E2E_TMP/shared"

# behind SQL ARGS...: another lectern's change, made straight in the database.
behind() {
        python3 -c 'import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute(sys.argv[2], tuple(sys.argv[3:]))
db.commit()' "$db" "$@" || fail "could not change the database behind A's back"
}

# In session S, bookmark the passage at the top with note N.
mark_in() {
        tm send-keys -t "$1" m
        wait_in "$1" 'note (optional):' || fail "m did not ask for a note in $1"
        tm send-keys -t "$1" -l "$2"
        tm send-keys -t "$1" Enter
        wait_in "$1" 'bookmarked “' || fail "$1 could not bookmark: $(tm capture-pane -p -t "$1" | tail -n 1)"
}

start_with 100 30 --db "$db" "$CORPUS"
mark_in lt '第一個，在A'
keys Tab j Enter
wait_for 'doc 2/5' || fail "A did not open the second speech"
mark_in lt '第二個，在A'
keys Tab j Enter
wait_for 'doc 3/5' || fail "A did not open the third speech"
mark_in lt '第三個，在A'

# B starts while A is still running.
start_second "$db"
tm capture-pane -p -t lt2 | tail -n 1 | grep -q 'bookmarks' &&
        fail "B reports a problem with the shared database: $(tm capture-pane -p -t lt2 | tail -n 1)"
tm send-keys -t lt2 B
wait_in lt2 'Bookmarks  3' || fail "B does not list the three bookmarks A made"
for n in 第一個 第二個 第三個; do
        tm capture-pane -p -t lt2 | grep -qF "$n，在A" || fail "B does not show A's note $n"
done
note "B, started while A runs, lists A's three bookmarks"

tm send-keys -t lt2 q
wait_in lt2 'Documents' || fail "B's pane did not close"
tm send-keys -t lt2 -l '4j'
mark_in lt2 '這個在B'
keys B
wait_for 'Bookmarks  4' || fail "A does not list the bookmark B made"
screen | grep -qF '這個在B' || fail "A does not show B's note"
keys q
note "A lists the bookmark B made"

# A marks a passage (A knows it is bookmarked); B deletes it.
keys Tab j Enter
wait_for 'doc 4/5' || fail "A did not open the fourth speech"
mark_in lt '會被刪掉'
tm send-keys -t lt2 B
wait_in lt2 'Bookmarks  5' || fail "B does not list A's fifth bookmark"
tm send-keys -t lt2 -l '/會被刪掉'
tm send-keys -t lt2 Enter
wait_in lt2 'Bookmarks  1 of 5' || wait_in lt2 '1 of 5' || fail "B's filter did not find the bookmark to delete"
tm send-keys -t lt2 d
wait_in lt2 'deleted' || fail "B did not delete: $(tm capture-pane -p -t lt2 | tail -n 1)"
tm send-keys -t lt2 q
wait_in lt2 'Documents' || fail "B's pane did not close"
keys m
wait_for 'note (optional):' || fail "A offered to edit the note of a bookmark B deleted: $(status_line)"
type_text $'重新標記\u202e反轉'
wait_for 'note (optional): 重新標記反轉' || fail "the note typed with a bidi override does not show: $(status_line)"
! tm capture-pane -p -e -t lt | grep -q $'\u202e' || fail "a bidi override reached A's screen in the note prompt"
keys Enter
wait_for 'bookmarked “' || fail "A could not bookmark the passage again: $(status_line)"
keys B
wait_for 'Bookmarks  5' || fail "A does not list five bookmarks after bookmarking again"
screen | grep -qF '重新標記反轉' || fail "A's new note is not listed"
! tm capture-pane -p -e -t lt | grep -q $'\u202e' || fail "a bidi override reached A's bookmark list"
keys q
note "m after another lectern deleted the bookmark: bookmarked anew, the note kept"

# Both edit the note of B's bookmark at once. B saves first; A, saving
# after, is shown B's note and keeps what it typed, and saves over B's
# only when asked twice. B's pane, opened before A saved, edits A's note,
# not its own stale copy.
# both_edit NOTE NEW: A and B both open the note of B's bookmark, which
# reads NOTE, in their panes; B saves NEW while A's prompt is still open.
both_edit() {
        keys B
        wait_for 'Bookmarks  5' || fail "A's pane did not open"
        type_text '在B'
        keys Enter
        wait_for 'Bookmarks  1 of 5' || fail "A's filter did not find B's bookmark"
        keys e
        wait_status "note: $1" || fail "A's e did not start from the note $1: $(status_line)"
        tm send-keys -t lt2 B
        wait_in lt2 'Bookmarks  5' || fail "B's pane did not open"
        tm send-keys -t lt2 -l '在B'
        tm send-keys -t lt2 Enter
        wait_in lt2 'Bookmarks  1 of 5' || fail "B's filter did not find its bookmark"
        tm send-keys -t lt2 e
        wait_in lt2 "note: $1" || fail "B's e did not start from the note $1"
        tm send-keys -t lt2 C-u
        tm send-keys -t lt2 -l "$2"
        tm send-keys -t lt2 Enter
        wait_in lt2 'note saved' || fail "B could not save $2: $(tm capture-pane -p -t lt2 | tail -n 1)"
}

both_edit '這個在B' 'B先存的，在B'
type_text '，A補充'
keys Enter
wait_status 'another lectern saved “B先存的，在B”' ||
        fail "A wrote over B's note without asking: $(status_line)"
status_has 'note: 這個在B，A補充' || fail "A's prompt lost what A typed: $(status_line)"
[ "$(json_field "$db" 3 note)" = 'B先存的，在B' ] || fail "B's note is not what the database holds: $(json_field "$db" 3 note)"
keys Enter
wait_for 'note saved' || fail "A could not save over B's note when asked: $(status_line)"
screen | grep -qF '這個在B，A補充' || fail "A's pane does not show the note saved"
tm send-keys -t lt2 e
wait_in lt2 'note: 這個在B，A補充' ||
        fail "B's e started from its stale note: $(tm capture-pane -p -t lt2 | tail -n 1)"
tm send-keys -t lt2 Escape
tm send-keys -t lt2 q
wait_in lt2 'Documents' || fail "B's pane did not close"
keys q
note "two lecterns editing one note: the later is asked before writing over the other"

# Once more, and A gives up: Esc keeps B's note, which A's pane then shows.
both_edit '這個在B，A補充' 'B又改了，在B'
tm send-keys -t lt2 q
type_text '！'
keys Enter
wait_status 'another lectern saved “B又改了，在B”' || fail "A wrote over B's second note without asking: $(status_line)"
keys Escape
wait_for 'the note was not saved' || fail "Esc after the warning did not say the note was not saved: $(status_line)"
screen | grep -qF 'B又改了，在B' || fail "A's pane does not show the note B saved"
[ "$(json_field "$db" 3 note)" = 'B又改了，在B' ] || fail "B's note did not survive A's Esc: $(json_field "$db" 3 note)"
keys q
note "Esc on the warning keeps the other lectern's note"

# Another lectern deletes the bookmark whose note A is editing: A's note
# brings it back rather than vanishing with it.
keys B
wait_for 'Bookmarks  5' || fail "A's pane did not open again"
type_text '重新標記'
keys Enter
wait_for 'Bookmarks  1 of 5' || fail "A's filter did not find the bookmark"
keys e
wait_status 'note: 重新標記' || fail "A's e did not open the note"
behind "DELETE FROM bookmarks WHERE note LIKE ?" '重新標記%'
[ "$(json_count "$db")" = 4 ] || fail "the bookmark was not deleted behind A's back"
type_text '，還要'
keys Enter
wait_for 'it is back, with the note' || fail "A's note on a deleted bookmark was not saved: $(status_line)"
keys q
[ "$(json_count "$db")" = 5 ] || fail "the deleted bookmark did not come back"
bookmarks_json "$db" | grep -qF '重新標記反轉，還要' || fail "the bookmark came back without A's note"
note "a note saved on a bookmark deleted elsewhere brings it back"

# Both bookmark one passage at once, each having seen it unmarked and each
# with a note: one bookmark comes of it, and A, saving last, is asked
# before its note replaces B's.
keys h G Enter
wait_for 'doc 5/5' || fail "A did not open the fifth speech"
tm send-keys -t lt2 h G Enter
wait_in lt2 'doc 5/5' || fail "B did not open the fifth speech"
keys m
wait_status 'note (optional):' || fail "A's m did not ask for a note: $(status_line)"
mark_in lt2 'B同時標記'
type_text 'A同時標記'
keys Enter
wait_status 'another lectern saved “B同時標記”' ||
        fail "A's note went over B's, or A bookmarked the passage twice: $(status_line)"
status_has 'already bookmarked; its note: A同時標記' || fail "A's prompt lost what A typed: $(status_line)"
[ "$(json_count "$db")" = 6 ] || fail "one passage bookmarked at once by two lecterns is $(($(json_count "$db") - 5)) bookmarks"
keys Enter
wait_status 'note saved' || fail "A could not save over B's note when asked: $(status_line)"
[ "$(json_count "$db")" = 6 ] || fail "saving A's note added a bookmark"
bookmarks_json "$db" | grep -qF 'A同時標記' || fail "the database lacks A's note"
! bookmarks_json "$db" | grep -qF 'B同時標記' || fail "B's note is still stored beside A's"
note "one passage bookmarked by two lecterns at once is one bookmark, its notes reconciled"

# A deletes that bookmark, B bookmarks the passage again without a note,
# and A undoes its delete: still one bookmark, with A's note.
keys B
wait_for 'Bookmarks  6' || fail "A's pane did not open"
type_text 'A同時'
keys Enter
wait_for 'Bookmarks  1 of 6' || fail "A's filter did not find the bookmark both made"
keys d
wait_status 'deleted' || fail "A could not delete: $(status_line)"
mark_in lt2 ''
keys u
wait_status 'restored' || fail "A's undo failed: $(status_line)"
keys q
[ "$(json_count "$db")" = 6 ] || fail "undo after B bookmarked the passage again made it two bookmarks"
bookmarks_json "$db" | grep -qF 'A同時標記' || fail "A's undo lost its note"
note "an undo after another lectern bookmarked the passage again joins its bookmark"

tm send-keys -t lt2 q
wait_in lt2 'rc=0' || fail "B did not quit cleanly"
keys q
wait_for 'rc=0' || fail "A did not quit cleanly"
md=$(LANG=C.UTF-8 "$BIN" --bookmarks --db "$db")
for n in '第一個，在A' '第二個，在A' '第三個，在A' 'B又改了，在B' '重新標記反轉，還要' 'A同時標記'; do
        printf '%s\n' "$md" | grep -qF "$n" || fail "the Markdown export lacks the note $n"
done
[ "$(printf '%s\n' "$md" | grep -c '^> ')" -ge 6 ] || fail "the Markdown export does not quote six passages"
note "--bookmarks exports all six as Markdown"

# Another lectern changes the note of a bookmark A has on screen; A
# deletes it and undoes: what comes back is the note the database held,
# not the older one A's pane showed. Deleted elsewhere, d says so.
run_cmd "clear; '$BIN' --db '$db' '$CORPUS'; echo \"rc=\$?\""
wait_gone 'rc=0' || fail "A did not start again"
wait_for 'Documents' || fail "A did not start again"
keys B
wait_for 'Bookmarks  6' || fail "A's pane did not open"
type_text 'A同時'
keys Enter
wait_for 'Bookmarks  1 of 6' || fail "A's filter did not find the bookmark"
behind "UPDATE bookmarks SET note = ? WHERE note = ?" '別處改過' 'A同時標記'
keys d
wait_status 'with the note another lectern saved: “別處改過”' || fail "A's delete did not tell of the newer note: $(status_line)"
keys u
wait_status 'restored' || fail "A's undo failed: $(status_line)"
keys q
[ "$(json_count "$db")" = 6 ] || fail "the undo did not bring the bookmark back"
bookmarks_json "$db" | grep -qF '別處改過' || fail "the undo brought back the older note, losing the newer one"
keys B
wait_for 'Bookmarks  6' || fail "A's pane did not open"
type_text '別處改過'
keys Enter
wait_for 'Bookmarks  1 of 6' || fail "A's filter did not find the bookmark"
behind "DELETE FROM bookmarks WHERE note = ?" '別處改過'
keys d
wait_status 'already deleted by another lectern' || fail "d on a bookmark deleted elsewhere: $(status_line)"
keys u
wait_status 'nothing to undo' || fail "u restored a bookmark A never deleted: $(status_line)"
keys q
[ "$(json_count "$db")" = 5 ] || fail "the bookmark deleted elsewhere came back"
note "delete and undo keep the note another lectern saved; a delete made elsewhere is told"
keys q
wait_for 'rc=0' || fail "A did not quit cleanly"

# What another lectern commits shows without a key: a bookmark deleted
# elsewhere loses its highlight in the text on screen.
run_cmd "clear; '$BIN' --db '$db' '$CORPUS'; echo \"rc=\$?\""
wait_gone 'rc=0' || fail "A did not start again"
wait_for 'Documents' || fail "A did not start again"
keys h g Enter
wait_for 'doc 1/5' || fail "A did not open the first speech"
keys g
marked() { [ -n "$(styled_text 42)" ]; }
poll_until "$WAIT" marked || fail "the first speech's bookmark is not highlighted"
behind "DELETE FROM bookmarks WHERE note = ?" '第一個，在A'
unmarked() { [ -z "$(styled_text 42)" ]; }
poll_until 10 unmarked || fail "a bookmark deleted by another lectern is still highlighted: $(styled_text 42)"
note "a bookmark deleted by another lectern loses its highlight with no key pressed"

# So does the open bookmarks pane: it lists what the other adds, keeping
# the selection, and drops what the other deletes.
n=$(json_count "$db")
keys B
wait_for "Bookmarks  $n" || fail "A's pane did not open with $n bookmarks"
keys j
picked=$(screen | grep '^ *>' | head -n 1)
# B's shell is still there, its lectern gone: start it again.
tm send-keys -t lt2 -l "clear; '$BIN' --db '$db' '$CORPUS'; echo \"rc2=\$?\""
tm send-keys -t lt2 Enter
wait_in lt2 'Documents' || fail "B did not start again"
tm send-keys -t lt2 h g Enter
wait_in lt2 'doc 1/5' || fail "B did not open the first speech"
mark_in lt2 '別人新加的'
wait_for '別人新加的' 10 || fail "A's open pane does not list the bookmark B added"
wait_for "Bookmarks  $((n + 1))" || fail "A's pane does not count $((n + 1))"
[ "$(screen | grep '^ *>' | head -n 1)" = "$picked" ] || fail "the reload moved A's selection: $(screen | grep '^ *>')"
behind "DELETE FROM bookmarks WHERE note = ?" '別人新加的'
wait_gone '別人新加的' 10 || fail "A's open pane still lists the bookmark deleted elsewhere"
note "the open pane follows what another lectern adds and deletes, the selection kept"
keys Escape q
wait_for 'rc=0' || fail "A did not quit cleanly"
tm send-keys -t lt2 q
wait_in lt2 'rc2=0' || fail "B did not quit cleanly"
