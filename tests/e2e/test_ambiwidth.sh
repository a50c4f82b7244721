# Characters of East Asian Ambiguous width (“ ” … · — ò) are drawn one
# column wide by most terminals and two by some (xterm -cjk_width, the
# "wide" setting of VTE, iTerm2 and PuTTY). tmux draws them narrow, and
# lectern, asking it, shows them as they are. With --ambiwidth=avoid (or
# LECTERN_AMBIWIDTH=avoid, or a terminal that answers "two wide") every one
# on screen becomes a look-alike as wide everywhere: 「」⋯・ー, letters
# with their marks apart, and the panes still line up.
. "$(dirname "$0")/lib.sh"

# No character on screen of width 1 whose East Asian Width is Ambiguous.
ambiguous_on_screen() {
        screen | python3 -c '
import sys, unicodedata
bad = sorted({c for c in sys.stdin.read()
              if unicodedata.east_asian_width(c) == "A" and not unicodedata.combining(c)})
print(" ".join("U+%04X" % ord(c) for c in bad))'
}

start_reader 100 30
wait_for '在全区庆祝“五一”国际' || fail "asked, tmux (narrow) did not get “五一” as it is"
keys q
wait_for 'rc=0' || fail "q did not quit"
note "auto: tmux answers narrow, the text is shown as it is"

run_cmd "clear; '$BIN' --ambiwidth=avoid '$CORPUS'; echo \"rc=\$?\""
wait_for '在全区庆祝「五一」国际' || fail "--ambiwidth=avoid did not show “五一” as 「五一」"
check_geometry 100
bad=$(ambiguous_on_screen)
[ -z "$bad" ] || fail "Ambiguous characters on screen under avoid: $bad"
note "avoid: 「五一」 and ⋯ in the list, nothing Ambiguous left, panes aligned"

# The document with inline pinyin (dòng): its marks are drawn on their letters.
keys Tab j j Enter
wait_for 'doc 3/5' || fail "Tab j j Enter did not open the third document"
bad=$(ambiguous_on_screen)
[ -z "$bad" ] || fail "Ambiguous characters in the pinyin document under avoid: $bad"
screen | grep -qF "do"$'\xcc\x80'"ng" || fail "(dòng) is not drawn as d o U+0300 n g"
check_geometry 100

# A search: the status line's separators are ・, and the line still fits.
keys /
type_text '五一'
keys Enter
read -r n d <<<"$(cli_count 五一)"
wait_status "/$n ・ $d docs" ||
        fail "the search for 五一 did not report its hits with ・ between: $(status_line)"
bad=$(ambiguous_on_screen)
[ -z "$bad" ] || fail "Ambiguous characters after a search under avoid: $bad"
check_geometry 100
keys q
wait_for 'rc=0' || fail "q did not quit the avoid run"
note "avoid: pinyin marks on their letters, status separators ・, still aligned"

run_cmd "clear; LECTERN_AMBIWIDTH=avoid '$BIN' '$CORPUS'; echo \"rc=\$?\""
wait_for '在全区庆祝「五一」国际' || fail "LECTERN_AMBIWIDTH=avoid was not taken"
keys q
wait_for 'rc=0' || fail "q did not quit the LECTERN_AMBIWIDTH run"
run_cmd "clear; LECTERN_AMBIWIDTH=avoid '$BIN' --ambiwidth=single '$CORPUS'; echo \"rc=\$?\""
wait_for '在全区庆祝“五一”国际' || fail "--ambiwidth=single did not win over the variable"
keys q
wait_for 'rc=0' || fail "q did not quit the single run"
note "LECTERN_AMBIWIDTH=avoid is taken, --ambiwidth=single wins over it"

# The answers tmux cannot give, from a terminal played on a pseudo-terminal.
for case in wide narrow typed late; do
        out=$(python3 "$(dirname "$0")/fake_term.py" "$BIN" "$CORPUS" "$E2E_TMP/home" "$case" 2>&1) ||
                fail "asking a terminal ($case): $out"
done
note "a terminal that answers two wide gets look-alikes, one wide the text as it is"
note "a q typed before the answer still quits; an answer too late is not taken as keys"
