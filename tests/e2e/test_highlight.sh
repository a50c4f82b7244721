# Typing a Simplified query highlights the Traditional text: /劳动 marks 勞動
# in the first (Traditional) speech, the current hit in its own colours and
# the other hits in the hit colours, and each document's count in the list.
# Esc in the bar puts back all that typing took away on the way to its
# hits: the concordance, the place marked current, a selection.
. "$(dirname "$0")/lib.sh"

start_reader 100 30
keys /
type_text 劳动
wait_for 'hit 1/' || fail "typing 劳动 did not search incrementally"
r1=$(row_of 勞動 1)
r2=$(row_of 勞動 2)
[ -n "$r1" ] && [ -n "$r2" ] || fail "the first speech does not show 勞動 twice"
cur=$(sgr_at "$r1" 勞動)
other=$(sgr_at "$r2" 勞動)
plain=$(sgr_at "$r1" 月)
note "current hit SGR: [$cur]  other hit: [$other]  plain text: [$plain]"
case " $cur " in *" 41 "*) ;; *) fail "the current hit 勞動 (row $r1) is not red: [$cur]" ;; esac
case " $other " in *" 43 "*) ;; *) fail "the hit 勞動 on row $r2 is not yellow: [$other]" ;; esac
[ -z "$plain" ] || fail "text outside the hits is styled: [$plain]"

# Esc cancels back to where the reader was, Enter keeps the search.
keys Escape
wait_gone 'hit 1/' || fail "Esc did not cancel the search"
# 勞動 may still be underlined as part of a recurring phrase; the hit colours must go.
case " $(sgr_at "$r1" 勞動) " in *" 41 "*|*" 43 "*|*" 7 "*)
        fail "after Esc the highlight is still there: [$(sgr_at "$r1" 勞動)]" ;; esac
keys /
type_text 劳动
wait_for 'hit 1/' || fail "the search did not run again"
keys Enter
wait_for '? help' || fail "Enter did not close the search bar"
status_line | grep -q 'hit 1/' || fail "after Enter the search is gone: $(status_line)"
case " $(sgr_at "$r1" 勞動) " in *" 41 "*) ;; *) fail "after Enter the hit is not marked" ;; esac
note "Esc cancels, Enter keeps"

# Editing: Backspace removes one character (here a whole grapheme with a
# combining mark), Ctrl-U clears, Up recalls the query kept before.
keys /
wait_for 'Up recalls' || fail "/ did not open an empty search bar"
e_acute=$(printf 'e\xcc\x81')
type_text "工匠精神$e_acute"
wait_for "/工匠精神$e_acute" || fail "the typed query is not shown"
keys BSpace
wait_gone "/工匠精神$e_acute" || fail "Backspace did not remove the last character"
status_line | grep -q '^/工匠精神 ' || fail "Backspace removed more than one grapheme: $(status_line)"
wait_for 'hit 1/' || fail "after Backspace the search did not run again"
keys C-u
wait_for 'Up recalls' || fail "Ctrl-U did not clear the query"
keys Up
wait_for '/劳动' || fail "Up did not recall the earlier query"
keys Enter
wait_for '? help' || fail "Enter did not close the bar"
status_line | grep -q 'hit ' || fail "the recalled search is not active"
note "Backspace, Ctrl-U and Up edit the query"

# Esc clears the highlights but not the search: n finds it again, as in
# less and vi, going on from the hit that was current; so does n after an
# empty query.
keys Escape
wait_for 'search cleared' || fail "Esc did not clear the search: $(status_line)"
status_line | grep -q 'hit ' && fail "the hits still count after Esc: $(status_line)"
keys n
wait_line 'hit 2/[0-9]+ ' || fail "n after Esc did not go on to the second hit: $(status_line)"
keys n
wait_line 'hit 3/[0-9]+ ' || fail "the search found again does not step on: $(status_line)"
keys / Enter
wait_gone 'hit 3/' || fail "an empty query did not clear the search"
keys n
wait_line 'hit 4/[0-9]+ ' || fail "n after an empty query did not go on from the hit: $(status_line)"
note "n after Esc or an empty query resumes the search where it was"

# A search typed and cancelled meanwhile is not the one n resumes, nor
# does it move the hit n resumes from.
keys Escape
wait_for 'search cleared' || fail "Esc did not clear the search: $(status_line)"
keys /
type_text 劳模
wait_line '/劳模 .*hit 1/' || fail "the typed query found nothing: $(status_line)"
keys Escape
wait_gone '/劳模' || fail "Esc did not cancel the typed query"
keys n
wait_line 'hit 5/[0-9]+ ' || fail "n after a cancelled query did not go on from hit 4: $(status_line)"
note "a query typed and cancelled leaves the cleared search and its hit alone"

# Esc in the bar puts back what typing took away on its way to the hits:
# the concordance on screen, the place marked current, a selection.
keys /
type_text 工匠精神
keys Enter c
wait_for 'Concordance of “工匠精神”' || fail "c did not open the concordance"
keys /
type_text 王晓峰
wait_line '/王晓峰 .*hit 1/' || fail "the typed query found nothing: $(status_line)"
keys Escape
wait_for 'Concordance of “工匠精神”' || fail "Esc did not bring the concordance back: $(screen | head -n 1)"
keys Escape Escape
wait_gone 'Concordance of' || fail "Esc did not close the concordance"
keys g ']'
wait_for ' occurrence ' || fail "] did not go to a phrase"
screen -e | grep -q $'\e\\[41m' || fail "the phrase ] went to is not shown as current"
keys /
type_text 王晓峰
wait_line '/王晓峰 .*hit 1/' || fail "the typed query found nothing: $(status_line)"
keys Escape
wait_gone '/王晓峰' || fail "Esc did not cancel the typed query"
screen -e | grep -q $'\e\\[41m' || fail "Esc did not put back the phrase marked current"
keys Escape Escape g v j
wait_for 'selecting sentences' || fail "v did not start a selection"
keys /
type_text 王晓峰
wait_line '/王晓峰 .*hit 1/' || fail "the typed query found nothing: $(status_line)"
keys Escape
wait_gone '/王晓峰' || fail "Esc did not cancel the typed query"
before=$(screen -e | grep -c $'\e\\[7m')
[ "$before" -gt 0 ] || fail "Esc did not put back the selection"
keys j
wait_for 'selecting sentences' || fail "j after Esc is not extending the selection: $(status_line)"
note "Esc in the bar puts back the concordance, the current phrase and the selection"
