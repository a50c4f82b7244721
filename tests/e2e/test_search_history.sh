# The search history outlives the session: queries kept with Enter come
# back with Up in the search bar after lectern is started again, most
# recent first, and a query cancelled with Esc is not remembered. The
# terminal's cursor stands after the recalled query, by display width.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

start_reader 100 30
for q in 工匠精神 劳动模范; do
        keys /
        type_text "$q"
        wait_for 'hit 1/' || fail "the search for $q found nothing"
        keys Enter
        wait_for '? help' || fail "Enter did not keep the search $q"
done
keys /
type_text 不要記住
keys Escape
wait_for '? help' || fail "Esc did not cancel the search bar"

relaunch "$CORPUS"
keys /
wait_for 'Up recalls' || fail "/ did not open the search bar"
keys Up
wait_for '/劳动模范' || fail "Up did not recall the last query of the earlier session"
# The terminal's cursor (where an input method draws) follows the query's width.
wait_cursor 9 || fail "the search bar's cursor is at column $(tm display -p -t lt '#{cursor_x}'), not after /劳动模范 (9)"
keys Up
wait_for '/工匠精神' || fail "a second Up did not recall the query before it"
# Had the cancelled query been kept, it would have come first.
keys Up
sleep 0.2
status_line | grep -q '^/工匠精神 ' || fail "Up went past the oldest query: $(status_line)"
keys Down
wait_for '/劳动模范' || fail "Down did not come forward again"
keys Enter
wait_for 'hit 1/' || fail "the recalled query does not search"
note "Up and Down recall the earlier session's queries"
keys q
wait_for 'rc=0' || fail "q did not quit"
