# A paste is text, never keys: the reader asks the terminal for bracketed
# paste, and a note pasted with line breaks and a d, a q in it lands whole
# in the note (line breaks as spaces) instead of saving early and then
# deleting the bookmark. Pasted into the bookmarks or the phrases, it is
# their filter, never their keys. Pasted into the reading pane, nothing
# happens but a notice; pasted into the search bar it searches. Without bracketed
# paste the terminal sends the same bytes as keys: tmux's paste-buffer -p
# sends the markers only when the program asked for them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_marks.sh"

paste_text() { printf '%s' "$1" | paste_from -; }

start_reader 100 30
keys m
wait_for 'note (optional):' || fail "m did not ask for a note"
keys Enter
wait_for 'bookmarked' || fail "m Enter did not bookmark"
[ "$(json_field "$HOME_DB" 0 note)" = '' ] || fail "the new bookmark already has a note"

keys B
wait_for 'Bookmarks' || fail "B did not open the bookmarks"
keys e
wait_for 'note' || fail "e did not open the note"
paste_text $'会议纪要\ndone, see above\r\nq'
wait_for '会议纪要 done, see above q' || fail "the pasted note does not show whole: $(status_line)"
keys Enter
wait_gone 'note (optional)' || fail "Enter did not save the pasted note"
[ "$(json_field "$HOME_DB" 0 note)" = '会议纪要 done, see above q' ] ||
        fail "the note stored is '$(json_field "$HOME_DB" 0 note)', not the paste with spaces"
n=$(json_count "$HOME_DB")
[ "$n" = 1 ] || fail "after the paste there are $n bookmarks, not 1"
note "a note pasted with line breaks, d and q: saved whole, the bookmark kept"

# Into the list itself, a paste is its filter, never its keys (d deletes).
paste_text $'d\nq'
wait_for 'filter: d q' || fail "a paste into the bookmarks did not become the filter: $(screen | tail -n 2)"
wait_for 'Nothing matches' || fail "the pasted filter did not filter"
[ "$(json_count "$HOME_DB")" = 1 ] || fail "a paste into the bookmarks deleted one"
keys Escape
wait_for 'Bookmarks  1' || fail "Esc did not clear the pasted filter"
paste_text '会议'
wait_for 'filter: 会议' || fail "a Chinese paste into the bookmarks did not filter"
wait_for 'Bookmarks  1' || fail "the pasted filter lost the bookmark whose note matches"
keys Escape
keys Escape
wait_gone 'Bookmarks ' || fail "Esc did not close the bookmarks"
before=$(screen | sed '$d')
paste_text $'q\nG\n'
wait_status 'a paste goes into the search bar' || fail "a paste into the text gave no notice: $(status_line)"
[ "$(screen | sed '$d')" = "$before" ] || fail "a paste into the text moved or changed it"
note "a paste into the reading pane: only a notice"

keys p
wait_for ' Phrases · ' || fail "p did not open the phrases pane"
paste_text $'工匠\n精神'
wait_for 'filter: 工匠 精神' || fail "a paste into the phrases did not become the filter: $(screen | sed -n 1,3p)"
keys Escape Escape Escape
wait_gone ' Phrases · ' || fail "Esc (stop typing, clear, close) did not close the phrases pane"
note "a paste into the bookmarks or the phrases: their filter, not their keys"

keys /
paste_text $'劳模\u202e精神\u2066'
keys Enter
read -r total docs <<<"$(cli_count 劳模精神)"
wait_status "/$total · $docs docs" || fail "the pasted query was not searched: $(status_line)"
! tm capture-pane -p -e -t lt | grep -q $'[\u202e\u2066]' || fail "a bidi control pasted into the search bar reached the screen"
note "a paste into the search bar searches what was pasted, bidi controls left out"
# Typed, they stay out too.
keys / C-u
type_text $'\u202e勞動'
wait_status '/勞動' || fail "the typed query does not show: $(status_line)"
! tm capture-pane -p -e -t lt | grep -q $'\u202e' || fail "a bidi override typed into the search bar reached the screen"
keys Escape
keys q
wait_for 'rc=0' || fail "q did not quit"
