# q leaves the reader at once and gives the shell back intact: exit status
# 0, the alternate screen off, what the shell showed before still there and
# the prompt on the next line. Also with the index still building (q must
# not wait for it).
. "$(dirname "$0")/lib.sh"

start_shell 100 30
run_cmd "echo before-the-reader"
wait_for 'before-the-reader' || fail "the shell did not echo"
run_cmd "'$BIN' '$CORPUS'; echo \"rc=\$?\""
wait_for 'Documents' || fail "the reader did not start"
[ "$(tm display -p -t lt '#{alternate_on}')" = 1 ] || fail "the reader is not on the alternate screen"
keys q
wait_for 'rc=0' || fail "q did not quit with status 0"
[ "$(tm display -p -t lt '#{alternate_on}')" = 0 ] || fail "the alternate screen is still on after q"
screen | grep -qF 'before-the-reader' || fail "the shell's screen was not restored"
last=$(screen | grep -v '^$' | tail -n 1)
[ "$last" = 'lt$' ] || fail "the prompt is not back on its own line: '$last'"
[ "$(tm display -p -t lt '#{cursor_flag}')" = 1 ] || fail "the cursor is still hidden"
note "q: status 0, screen and prompt restored"

# q during the first moments (the index may still be building).
run_cmd "clear; '$BIN' '$CORPUS'; echo \"rc2=\$?\""
keys q
wait_for 'rc2=0' || fail "q right after start did not quit"
[ "$(tm display -p -t lt '#{alternate_on}')" = 0 ] || fail "alternate screen on after an early q"
note "q right after start quits too"
