# Paths that cannot be read, in the reader: one missing path among good ones
# loses none of them (the reader opens, and the status line names what was
# skipped and why); a corpus with nothing to read exits 2 with a message in
# which a file name's escape sequences are shown inert, never sent raw.
. "$(dirname "$0")/lib.sh"

D="$E2E_TMP/bad"
mkdir -p "$D/fifo-only"
mkfifo "$D/fifo-only/$(printf 'p\033]0;PWNED\007\033[2J')"

start_shell 100 30
# The FIFO, passed over by choice, comes first: the path that failed is the one to name.
run_cmd "'$BIN' '$D/fifo-only' '$D/no-such-speech' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not open the good path beside a missing one"
wait_status 'cannot read' 10 || fail "the status line does not say that a path cannot be read: $(status_line)"
status_line | grep -qF 'no-such-speech' || fail "the missing path is not named: $(status_line)"
# While phrases are found their progress shares the line: the reason shows once they are.
wait_status 'No such file' 10 || fail "the reason is not given: $(status_line)"
screen | grep -qF '5 |' || screen | grep -q 'Documents *5' ||
        fail "the five speeches are not all listed beside the missing path"
keys q
wait_for 'rc=0' || fail "q did not quit with status 0"
note "a missing path beside the corpus: the reader opens, the skip is named"

run_cmd "clear; '$BIN' '$D/fifo-only' 2>'$E2E_TMP/err'; echo \"rc2=\$?\""
wait_for 'rc2=2' || fail "a corpus with nothing to read did not exit 2"
grep -qF 'no documents to read' "$E2E_TMP/err" || fail "no reason was given: $(cat -v "$E2E_TMP/err")"
! LC_ALL=C grep -q $'\033' "$E2E_TMP/err" || fail "a raw escape reached the terminal: $(cat -v "$E2E_TMP/err")"
grep -qF 'p^[]0;PWNED^G^[[2J' "$E2E_TMP/err" || fail "the file name is not shown inert: $(cat -v "$E2E_TMP/err")"
note "nothing to read: status 2, the FIFO's name shown inert"
