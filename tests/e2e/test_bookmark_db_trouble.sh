# A database lectern may not write (mode 0400 in a 0500 directory: these
# tests may run as root, whom modes do not stop, and lectern honours a file
# without write bits all the same) and one that is not a database at all
# (random bytes): the corpus still opens and reads and searches, the status
# line says bookmarks are read-only or unavailable and why, m says so too,
# and the file is byte for byte what it was, with nothing added beside it.
# And one another program holds locked: reading goes on at full speed (a
# reading position gives up on the lock at once and is not retried on every
# key), a note typed meanwhile waits in the prompt rather than being lost,
# and once the lock is gone it is saved as usual. Held so that not even
# reading is possible, at start: the first screen does not wait for it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

# check_reader: the reader still reads and searches.
check_reader() {
        keys 3 j
        keys /
        type_text 工匠精神
        wait_for 'hit 1/' || fail "search does not work next to a $1 database"
        keys Enter
        wait_for '? help' || fail "the search bar did not close"
}

# --- read-only: made by lectern with one bookmark, then locked.
ro="$E2E_TMP/ro"
mkdir -p "$ro"
start_with 100 30 --db "$ro/lectern.db" "$CORPUS"
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text '鎖上以前'
keys Enter
wait_for 'bookmarked' || fail "could not bookmark before locking"
keys q
wait_for 'rc=0' || fail "q did not quit"
chmod 0400 "$ro/lectern.db"
chmod 0500 "$ro"
cp "$ro/lectern.db" "$E2E_TMP/ro-before.db"
before=$(ls -a "$ro")

run_cmd "clear; '$BIN' --db '$ro/lectern.db' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start with a read-only database"
wait_for 'bookmarks are read-only' || fail "the status line does not say bookmarks are read-only: $(status_line)"
status_line | grep -q 'not writable' || fail "the notice does not say why: $(status_line)"
note "status: $(status_line | sed 's/   .*//')"
keys B
wait_for 'Bookmarks  1' || fail "the read-only database's bookmark is not listed"
screen | grep -qF '鎖上以前' || fail "the read-only bookmark's note is not shown"
keys d
wait_for 'cannot delete the bookmark: bookmarks are read-only' || fail "d in a read-only database did not refuse: $(status_line)"
keys q
check_reader read-only
keys m
wait_for 'cannot bookmark: bookmarks are read-only' || fail "m did not say bookmarks are read-only: $(status_line)"
keys C-l
wait_for 'bookmarks read-only' || fail "the status line does not keep saying read-only"
keys q
wait_for 'rc=0' || fail "q did not quit"
chmod 0700 "$ro"
cmp -s "$ro/lectern.db" "$E2E_TMP/ro-before.db" || fail "the read-only database changed"
[ "$(ls -a "$ro")" = "$before" ] || fail "files appeared next to the read-only database: $(ls -a "$ro")"
note "read-only: notice, reader works, file untouched"

# --- corrupt: random bytes where the database should be.
bad="$E2E_TMP/bad"
mkdir -p "$bad"
head -c 16384 /dev/urandom > "$bad/lectern.db"
cp "$bad/lectern.db" "$E2E_TMP/bad-before.db"
run_cmd "clear; '$BIN' --db '$bad/lectern.db' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start with a corrupt database"
wait_for 'bookmarks are unavailable' || fail "the status line does not say bookmarks are unavailable: $(status_line)"
status_line | grep -qE 'not a lectern database|damaged' || fail "the notice does not say why: $(status_line)"
note "status: $(status_line | sed 's/   .*//')"
check_reader corrupt
keys m
wait_for 'cannot bookmark: bookmarks are unavailable' || fail "m did not say bookmarks are unavailable"
keys B
wait_for 'bookmarks are unavailable' || fail "B did not say bookmarks are unavailable"
screen | grep -q 'Bookmarks  ' && fail "B opened a pane without a database"
keys C-l
wait_for 'bookmarks off' || fail "the status line does not keep saying bookmarks are off"
keys q
wait_for 'rc=0' || fail "q did not quit"
cmp -s "$bad/lectern.db" "$E2E_TMP/bad-before.db" || fail "the corrupt database was changed"
[ "$(ls -A "$bad")" = lectern.db ] || fail "files appeared next to the corrupt database: $(ls -A "$bad")"
note "corrupt: notice, reader works, file untouched"

# hold_lock DIR SQL...: in the background, another program runs SQL... on
# DIR/lectern.db and keeps the lock it took until DIR/held is removed.
hold_lock() {
        python3 - "$1/lectern.db" "$1/held" "${@:2}" <<'PY' &
import os, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
for sql in sys.argv[3:]:
        db.execute(sql)
open(sys.argv[2], "w").close()
while os.path.exists(sys.argv[2]):
        time.sleep(0.05)
db.execute("ROLLBACK")
db.close()
PY
}

# --- locked: another program holds the write lock for a while.
lk="$E2E_TMP/lk"
mkdir -p "$lk"
run_cmd "clear; '$BIN' --db '$lk/lectern.db' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start to make the database"
keys q
wait_for 'rc=0' || fail "q did not quit"
hold_lock "$lk" 'BEGIN IMMEDIATE'
holder=$!
poll_until 10 test -e "$lk/held" || fail "the lock holder did not start"
run_cmd "clear; '$BIN' --db '$lk/lectern.db' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start beside a locked database"
# Each document change saves a position; before, every key after a failed
# save waited 5 s for the lock, and these keys took half a minute.
keys '>' '>' '>' '<' '>' '?'
wait_for 'this help' 4 || fail "the reader stalled on the locked database: $(status_line)"
keys q
wait_for '? help' || fail "help did not close"
# A note typed while the lock is held is given back, not dropped: the
# prompt returns holding it and saying why, and Enter tries again.
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
type_text '鎖住時寫的'
keys Enter
wait_status 'not saved' 15 || fail "the note that could not be saved was not given back: $(status_line)"
status_has 'locked' || fail "the prompt does not say the database is locked: $(status_line)"
status_has 'note (optional): 鎖住時寫的' || fail "the prompt does not hold the note typed: $(status_line)"
note "prompt: $(status_line)"
rm -f "$lk/held"
wait "$holder" 2>/dev/null
type_text '，鎖放開以後'
keys Enter
wait_for 'bookmarked' || fail "could not bookmark once the lock was gone: $(status_line)"
keys q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_field "$lk/lectern.db" 0 note)" = '鎖住時寫的，鎖放開以後' ] ||
        fail "the note saved is '$(json_field "$lk/lectern.db" 0 note)'"
note "locked: the reader kept its pace, the note waited in the prompt, and was saved once the lock was gone"

# --- locked at start: a program holds the file exclusively, so not even
# reading it is possible. The first screen does not wait for it (the store
# waits 5 s for a lock; the reader must not), the status line says why,
# and bookmarks come on by themselves once the lock is gone: then a
# document read before opens where it was left, not at its top.
run_cmd "clear; '$BIN' --db '$lk/lectern.db' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start to leave a position"
keys Tab g j j Enter
wait_for 'doc 3/5' || fail "the third speech did not open"
keys 1 5 j
sync
left=$(text_rows | head -n 1)
keys Tab g Enter
wait_for 'doc 1/5' || fail "the first speech did not open again"
keys q
wait_for 'rc=0' || fail "q did not quit"
hold_lock "$lk" 'PRAGMA locking_mode = EXCLUSIVE' 'BEGIN EXCLUSIVE'
holder=$!
poll_until 10 test -e "$lk/held" || fail "the exclusive lock holder did not start"
run_cmd "clear; '$BIN' --db '$lk/lectern.db' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' 3 || fail "the first screen waited for the locked database"
wait_status 'bookmarks are off while the bookmark database is locked' ||
        fail "the status line does not say the database is locked: $(status_line)"
keys m
wait_status 'cannot bookmark yet' || fail "m while locked did not say why: $(status_line)"
rm -f "$lk/held"
wait "$holder" 2>/dev/null
wait_status 'bookmarks are on' 6 || fail "bookmarks did not come on once the lock was gone: $(status_line)"
keys Tab g j j Enter
wait_for 'doc 3/5' || fail "the third speech did not open once the lock was gone"
sync
[ "$(text_rows | head -n 1)" = "$left" ] || fail "the third speech did not open where it was left:
  was: $left
  now: $(text_rows | head -n 1)"
keys B
wait_for 'Bookmarks  1' || fail "the bookmark made before is not listed once the lock was gone"
keys q m
wait_for 'note (optional):' || fail "m did not ask for a note once the lock was gone"
type_text '後來才能用'
keys Enter
wait_for 'bookmarked' || fail "could not bookmark once the exclusive lock was gone: $(status_line)"
keys q
wait_for 'rc=0' || fail "q did not quit"
[ "$(json_count "$lk/lectern.db")" = 2 ] || fail "the database does not hold both bookmarks"
note "locked at start: the reader did not wait, and bookmarks came on once the lock was gone"
