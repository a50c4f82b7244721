# Bytes from the keyboard that are not UTF-8 (a terminal set to another
# encoding, an Alt key sent as a meta byte) are dropped one by one and the
# keys after them still count: typed into a note after 0xFF, a truncated
# and an overlong sequence, the letters and Chinese around them all land,
# and after a meta byte the reader still takes its next key. curses on its
# own kept reading after a bad byte in the hope of completing a character
# and threw up to 15 bytes away.
. "$(dirname "$0")/lib.sh"

start_reader 100 30
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
keys -H 41 42 ff
keys -H 43 e5 8a 44 e0 80 80 45
type_text '劳动'
wait_status 'note (optional): ABCDE劳动' ||
        fail "keys after bytes that are not UTF-8 were lost: $(screen | tail -n 1)"
note "a note typed around 0xFF, a truncated and an overlong sequence"
keys Escape
wait_gone 'note (optional)' || fail "Esc did not cancel the note"

# Alt+j as a meta byte (0xEA, a lead byte), then G: the G still goes to the end.
keys -H ea
keys G
wait_status '100%' || fail "the key after a meta byte was lost: $(screen | tail -n 1)"
note "the key after a meta byte is read"
keys q
wait_for 'rc=0' || fail "q did not quit"
