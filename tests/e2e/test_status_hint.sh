# The reminder on the left of the status line is shown whole or not at all:
# at widths where the counters on the right leave it a few columns short,
# it was cut to "… Tab switch  q q", a key list that reads wrong. Each width
# from 60 to 80 columns with a search under way is tried. Narrower, the
# right side gives up the bar, the document number and the count of
# documents before the hit and the position, and is never dropped whole.
. "$(dirname "$0")/lib.sh"

start_reader 100 30
keys /
type_text '精神'
keys Enter
wait_status 'hit 1/' || fail "the search did not start: $(screen | tail -n 1)"
for w in $(seq 60 80); do
        resize "$w" 20
        keys C-l
        wait_line "doc 1/5 +[0-9]+% *$" || fail "at $w columns the status line is not drawn"
        line=$(screen | tail -n 1)
        case $line in
        *'? help  / search  Tab switch  q quit '*) ;;
        *'? help '*'/ search'*) fail "at $w columns the reminder is cut: $line" ;;
        *'? help'*) printf '%s' "$line" | grep -qE '^ \? help +hit' ||
                fail "at $w columns the reminder is cut: $line" ;;
        *) ;;
        esac
done
note "60 to 80 columns: the reminder whole, ? help alone, or nothing"

# Narrower, the right side drops what matters least first: the bar, then
# which document, keeping the hit; at no width does the line go blank.
for w in $(seq 24 59); do
        resize "$w" 8
        keys C-l
        wait_line "[0-9]+% *$" || fail "at $w columns the status line lost the position: $(screen | tail -n 1)"
        line=$(screen | tail -n 1)
        printf '%s' "$line" | grep -q 'hit 1/[0-9]*' || fail "at $w columns the hit count is gone: $line"
        if [ "$w" -ge 28 ]; then
                printf '%s' "$line" | grep -q 'hit 1/[0-9]* · 5 docs' ||
                        fail "at $w columns the documents of the hits are gone: $line"
        fi
done
note "24 (the smallest) to 59 columns: the position and the hit always, its documents from 28"
keys q
wait_for 'rc=0' || fail "q did not quit"
