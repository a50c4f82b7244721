# A note being typed when the terminal goes away (the SSH connection drops:
# SIGHUP; the machine shuts down: SIGTERM) is saved as Enter would save it:
# a new bookmark with its note, an edited note over the old one. When
# another lectern changed that note while this one was being typed, both
# notes are kept, theirs first, since nobody is left to choose.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

db="$E2E_TMP/shared/lectern.db"
mkdir -p "$E2E_TMP/shared"
pidfile="$E2E_TMP/pid"

# start_traced SESSION: lectern on the shared database in SESSION, its pid in $pidfile.
start_traced() {
        rm -f "$pidfile"
        tm send-keys -t "$1" -l "clear; sh -c 'echo \$\$ > $pidfile; exec \"\$0\" \"\$@\"' '$BIN' --db '$db' '$CORPUS'; echo \"rc=\$?\""
        tm send-keys -t "$1" Enter
        wait_in "$1" 'Documents' || fail "the reader did not start in $1"
        [ -s "$pidfile" ] || fail "no pid recorded"
}

notes() { bookmarks_json "$db" | grep -o '"note": *"[^"]*"' | sed 's/^"note": *"//; s/"$//'; }

# A new bookmark, its note half typed, and the connection drops.
start_shell 100 30
start_traced lt
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text '掉線前寫的'
wait_for 'note (optional): 掉線前寫的' || fail "the note does not show as typed"
kill -s HUP "$(cat "$pidfile")"
wait_for 'rc=129' || fail "SIGHUP did not end lectern with status 129"
[ "$(notes)" = '掉線前寫的' ] || fail "the note typed before the hangup was not saved: $(notes)"
note "SIGHUP with a note half typed: the bookmark is saved with it"

# The same passage in two lecterns: A edits its note, B saves another
# meanwhile, and A is killed before Enter.
start_traced lt
start_second "$db"

keys m
wait_for 'its note: 掉線前寫的' || fail "m on the bookmarked passage did not offer its note"
keys End
type_text '，補一句'
wait_for '掉線前寫的，補一句' || fail "A's addition does not show"
tm send-keys -t lt2 m
wait_in lt2 'its note: 掉線前寫的' || fail "m in B did not offer the same note"
tm send-keys -t lt2 C-u
tm send-keys -t lt2 -l 'B改過了'
tm send-keys -t lt2 Enter
wait_in lt2 'note saved' || fail "B did not save its note: $(tm capture-pane -p -t lt2 | tail -n 1)"
[ "$(notes)" = 'B改過了' ] || fail "B's note is not the one stored: $(notes)"

kill -s TERM "$(cat "$pidfile")"
wait_for 'rc=143' || fail "SIGTERM did not end lectern with status 143"
[ "$(bookmarks_json "$db" | grep -c '"note"')" = 1 ] || fail "the passage has more than one bookmark now"
[ "$(notes)" = 'B改過了 / 掉線前寫的，補一句' ] ||
        fail "after SIGTERM the two notes are not both kept, B's first: $(notes)"
note "SIGTERM during a conflict keeps both notes: $(notes)"

# B, which is still attended, stays as it was.
tm send-keys -t lt2 q
wait_in lt2 'rc=0' || fail "B did not quit"
[ "$(notes)" = 'B改過了 / 掉線前寫的，補一句' ] || fail "B's quitting changed the note: $(notes)"
