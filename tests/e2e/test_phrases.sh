# The phrases pane: p lists as many phrases as lectern --phrases finds,
# 习近平总书记 among them in all five speeches with its occurrences and a
# barcode; typing Chinese filters it (Traditional rows kept too); + - < >
# find the list again with other options, matching the CLI, the selected
# phrase still selected, and say why they stop at their limits; Enter follows
# the phrase; the text marks recurring phrases and P hides the marks; ]
# and [ step through the phrases of a document; Esc and q go back to the
# text. Intact at 60x20 and 200x50 and across resizes. The filter's cursor
# is drawn where it is, and Home, End and Backspace edit there; c and D
# with no phrase selected open nothing (not the search's concordance or
# plot) and say so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_phrases.sh"

phrase_count() { LANG=C.UTF-8 "$BIN" --phrases "$@" "$CORPUS" | wc -l; }
n_default=$(phrase_count)
n_len5=$(phrase_count --min-len 5)
n_len5_docs3=$(phrase_count --min-len 5 --min-docs 3)
read -r total ndocs < <(cli_count "$XI")
note "lectern --phrases: $n_default, $n_len5 of 5+ characters, $n_len5_docs3 of those in 3+ documents"

start_reader 100 30
open_phrases
wait_for " Phrases · $n_default · length 4+" || fail "the pane does not count $n_default phrases: $(screen | head -n 1)"
row=$(screen | grep -F -- "$XI " | head -n 1)
printf '%s\n' "$row" | grep -qE "$XI +$ndocs +$total +\\|" ||
        fail "$XI is not listed with $ndocs documents and $total occurrences: $row"
bar=$(printf '%s\n' "$row" | sed 's/.*|\(.*\)|$/\1/')
[ -n "$(printf '%s' "$bar" | tr -d ' ')" ] || fail "$XI has an empty barcode: $row"
check_geometry 100
note "$XI: $ndocs docs, $total occurrences, barcode [$bar]"

# Typing filters, folded: the Traditional 習近平總書記 rows stay.
type_text 习近平
wait_for 'filter: 习近平' || fail "typing did not filter"
rows=$(screen | sed -n '5,29p' | sed 's/^[^|]*|//' | grep -E '^[> ]\S' || true)
[ -n "$rows" ] || fail "the filter left nothing"
printf '%s\n' "$rows" | grep -vqE '习近平|習近平' &&
        fail "a row without 习近平 passed the filter: $(printf '%s\n' "$rows" | grep -vE '习近平|習近平' | head -n 1)"
printf '%s\n' "$rows" | grep -q '習近平' || fail "the filter does not fold: no Traditional row kept"
n=$(printf '%s\n' "$rows" | wc -l)
wait_for "$n of $n_default" || fail "the pane does not say $n of $n_default"
note "习近平 keeps $n phrases, Traditional ones too"

# Esc stops typing, a second clears the filter; then the options.
keys Escape
wait_for 'Enter follow · c concordance' || fail "Esc did not stop typing"
keys Escape
wait_for "$n_default of $n_default" || fail "Esc did not clear the filter"
keys +
wait_for " Phrases · $n_len5 · length 5+" || fail "+ did not find the $n_len5 phrases of 5 or more characters"
keys '>'
wait_for " Phrases · $n_len5_docs3 · length 5+ (+ -) · in 3+ docs" ||
        fail "> did not find the $n_len5_docs3 phrases in 3 or more documents"
keys - '<'
wait_for " Phrases · $n_default · length 4+ (+ -) · in 2+ docs" || fail "- and < did not come back"
note "+ - < > find the list again: $n_len5, $n_len5_docs3, $n_default"

# A new list keeps the phrase selected, found by its text, on its row.
picked() { screen | grep -F '|>' | sed 's/^.*|>\([^ ]*\) .*$/\1/'; }
picked_row() { screen | grep -nF '|>' | cut -d: -f1; }
keys +
wait_for " Phrases · $n_len5 · length 5+" || fail "+ did not find the list again"
top=$(picked)
keys j j
moved() { [ -n "$(picked)" ] && [ "$(picked)" != "$top" ]; }
poll_until "$WAIT" moved || fail "j j did not move the selection from $top"
want=$(picked) want_row=$(picked_row)
keys -
wait_for " Phrases · $n_default · length 4+" || fail "- did not find the list again"
[ "$(picked)" = "$want" ] || fail "the new list selects $(picked), not $want"
[ "$(picked_row)" = "$want_row" ] || fail "$want moved from row $want_row to row $(picked_row)"
note "$want stays selected on row $want_row when the list is found again"

# At their limits the options say why they do not move.
keys '<'
wait_for "length 4+ (+ -) · in 1+ docs" || fail "< did not go down to 1 document"
keys '<'
wait_status 'phrases in one document are shown already' || fail "< at 1 document said nothing: $(status_line)"
keys '>' - -
wait_for "length 2+ (+ -) · in 2+ docs" || fail "- - did not go down to 2 characters"
keys -
wait_status 'phrases here are 2 characters or more' || fail "- at 2 characters said nothing: $(status_line)"
keys + +
wait_for " Phrases · $n_default · length 4+ (+ -) · in 2+ docs" || fail "+ + did not come back to 4 characters"
note "< and - at their limits say why nothing moves"

# Esc (with no filter) and q go back to the text; q does not quit from the pane.
keys Escape
wait_gone ' Phrases · ' || fail "Esc with no filter did not close the pane"
keys p
wait_for ' Phrases · ' || fail "p did not open the pane again"
keys q
wait_gone ' Phrases · ' || fail "q did not close the pane"
screen | grep -qF ' Documents' || fail "q in the pane quit the reader"

# The marks: a phrase in the first rows is underlined; P hides the marks.
r=$(row_of 勞動模範 1)
[ -n "$r" ] || fail "no 勞動模範 on the first screen"
case " $(sgr_at "$r" 勞動模範) " in *" 4 "*) ;; *) fail "勞動模範 is not marked: [$(sgr_at "$r" 勞動模範)]" ;; esac
keys P
wait_for 'phrase marks hidden' || fail "P did not hide the marks"
case " $(sgr_at "$r" 勞動模範) " in *" 4 "*) fail "P did not take the mark off 勞動模範" ;; esac
keys P
wait_for 'phrase marks shown' || fail "P did not show the marks again"
note "phrases are marked in the text, P hides and shows the marks"

# ] and [ step through the phrases of this document, each shown as current.
keys ']'
wait_for ' occurrence ' || fail "] did not go to a phrase"
first=$(status_line)
screen -e | grep -q $'\e\\[41m' || fail "the phrase ] went to is not shown as current"
keys ']'
wait_change "$first" || fail "a second ] did not move on"
status_line | grep -q ' occurrence ' || fail "the second ] did not land on a phrase"
[ "$(doc_num)" = 1 ] || fail "] left the document"
keys '['
wait_for "$(printf '%s' "$first" | grep -o '[^ ]* occurrence [0-9]*/[0-9]*')" || fail "[ did not come back"
note "] and [ step from phrase to phrase in the document"

# Enter follows the phrase.
pick_phrase "$XI"
wait_for "$XI occurrence 1/$total · $ndocs docs" || fail "the pick does not read occurrence 1/$total"
screen -e | grep -q $'\e\\[41m' || fail "the occurrence picked is not shown as current"
note "Enter follows $XI: occurrence 1/$total"

# Other sizes, and a resize with the pane open.
for size in "60 20" "200 50"; do
        set -- $size
        resize_settled "$1" "$2"
        open_phrases
        sync
        check_geometry "$1"
        screen | grep -qE "$XI +$ndocs +$total" || fail "at $1x$2 the $XI row is wrong"
        keys q
        wait_gone ' Phrases · ' || fail "q did not close the pane at $1x$2"
        note "${1}x$2: the pane fits"
done
open_phrases
resize_settled 60 20
screen | grep -qF "$XI" || fail "the list is gone after shrinking the window"
resize_settled 100 30
screen | grep -qF ' Documents' || fail "the wide layout did not come back"
screen | grep -qF ' Phrases · ' || fail "the pane closed on a resize"
note "the pane survives resizes"

# The filter is edited where its cursor is, and the cursor is drawn there:
# the cell at it in reverse video, a blank one at the end. Home and End
# move in the filter; Backspace at its start erases nothing and typing goes
# on, once typing stopped it erases at the end, and in an empty filter it
# stops typing.
# filter_field: the filter as drawn, the cells in reverse video in brackets.
filter_field() {
        screen -e | LC_ALL=C.UTF-8 perl -CSA -ne "$E2E_SGR"'
                my ($plain, $out, $rev) = ("", "", 0);
                sgr_walk($_, sub {
                        my $c = shift;
                        return if $c eq "\n";
                        $plain .= $c;
                        if (index($plain, "filter: ") < 0) { return; }
                        if ($plain =~ /filter: $/) { return; }
                        if (!!$on{7} != $rev) { $out .= $rev ? "]" : "["; $rev = !$rev; }
                        $out .= $c;
                });
                next if index($plain, "filter: ") < 0;
                $out .= "]" if $rev;
                $out =~ s/\s+\d+ of \d+\s*$//;
                $out =~ s/\s+$//;
                print "$out\n";
                exit 0;
        '
}
filter_is() { [ "$(filter_field)" = "$1" ]; }
wait_filter() {
        poll_until "$WAIT" filter_is "$1" || fail "the filter is drawn as “$(filter_field)”, not “$1”"
}
keys / C-u
wait_for 'Esc stop typing' || fail "/ did not start typing in the filter"
wait_filter '[ ]'
type_text 劳模精神
wait_filter '劳模精神[ ]'
keys Left Left
wait_filter '劳模[精]神'
type_text 动
wait_filter '劳模动[精]神'
keys Home
wait_filter '[劳]模动精神'
keys BSpace End
wait_filter '劳模动精神[ ]'
screen_has -F 'Esc stop typing' || fail "Backspace at the start of the filter stopped typing"
keys BSpace
wait_filter '劳模动精[ ]'
# Once typing stops no cursor is drawn, so Backspace erases at the end.
keys Left Left Escape BSpace
wait_filter '劳模动'
keys /
wait_filter '劳模动[ ]'
keys C-u BSpace
wait_for 'type to filter' || fail "Backspace in an empty filter did not stop typing"
note "the filter's cursor is drawn where it is; Home, End and Backspace edit there"
keys q
wait_gone ' Phrases · ' || fail "q did not close the pane"

# c and D with no phrase selected open nothing: not the search's
# concordance or plot, another subject; a notice says why.
new_server
start_reader 100 30
keys /
type_text 工匠精神
keys Enter
wait_for 'hit 1/' || fail "the search for 工匠精神 found nothing: $(status_line)"
open_phrases
keys /
type_text zzz
keys Escape
wait_for 'no phrase holds “zzz”' || fail "the filter zzz did not empty the list"
keys c
wait_status 'no phrase selected' || fail "c with no phrase selected did not say so: $(status_line)"
screen_has -F 'Concordance of' && fail "c with no phrase selected opened a concordance"
keys C-l
wait_gone 'no phrase selected' || fail "Ctrl-L did not clear the notice"
keys D
wait_status 'no phrase selected' || fail "D with no phrase selected did not say so: $(status_line)"
screen_has -F 'Dispersion of' && fail "D with no phrase selected opened a plot"
screen_has -F ' Phrases · ' || fail "c or D with no phrase selected closed the pane"
note "c and D with no phrase selected open nothing and say so"
