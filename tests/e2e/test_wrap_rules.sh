# The optional line-breaking rules, in a 40-column window (one pane, the
# text 38 columns wide). --hang: the text is wrapped two columns narrower
# and a ，。、 that ends a full row hangs into those two columns, where the
# default pushes it down with the character before it. --kinsoku=strict:
# a —— never starts a row, where the default lets it. Then every document
# of the bundled corpus under both rules: no row is wider than the text
# unless it ends with a hanging mark, and none starts with a dash or with
# what the default rules forbid.
. "$(dirname "$0")/lib.sh"

R="$E2E_TMP/rules"
mkdir -p "$R"
han18=一二三四五六七八九十甲乙丙丁戊己庚辛
{
        printf '規則\n\n'
        printf '%s%s。後面\n\n' "$han18" "$han18"
        printf '%s壬——癸\n' "$han18"
} >"$R/rules.txt"

# The reading pane's rows, the margin removed.
rows() { screen | sed -n '2,$p' | sed '$d' | sed 's/^ //'; }

# open OPTIONS...: show rules.txt with these options.
open_with() {
        run_cmd "clear; '$BIN' $* '$R/rules.txt'; echo \"rc=\$?\""
        wait_for '規則' || fail "the reader did not open the file with $*"
        keys Enter
        wait_for '[Tab: list]' || fail "Enter did not show the text with $*"
        sync
}

quit() {
        keys q
        wait_for 'rc=0' || fail "q did not quit"
}

start_shell 40 16
open_with ''
rows | grep -qx "${han18}一" || fail "by default a row holds 19 characters at 38 columns: $(rows)"
rows | grep -qx "$han18壬" || fail "by default —— does not start the row after 19 characters: $(rows)"
rows | grep -q '^——癸' || fail "by default —— may start a row: $(rows)"
quit
note "default: 19 characters a row, a row may start with ——"

open_with --hang
rows | grep -qx "${han18}。" || fail "with --hang, 。 does not hang after a full row: $(rows)"
rows | grep -qx "$han18" || fail "with --hang, the text is not two columns narrower: $(rows)"
rows | grep -qx '後面' || fail "with --hang, what follows the hanging 。 does not start the next row: $(rows)"
[ "$(screen | LC_ALL=C.UTF-8 wc -L)" -le 40 ] || fail "a hanging mark went past the window"
quit
note "--hang: 18 characters a row, and 。 hangs in the margin"

open_with --kinsoku=strict
rows | grep -q '^——' && fail "with --kinsoku=strict, —— starts a row: $(rows)"
rows | grep -q '^壬——癸' || fail "with --kinsoku=strict, the character before —— does not come along: $(rows)"
quit
note "--kinsoku=strict: —— takes the character before it along"

# Every document under both rules: width and line starts on every screen.
run_cmd "clear; '$BIN' --hang --kinsoku=strict '$CORPUS'; echo \"rc=\$?\""
wait_for '[Tab: list]' || wait_for 'Documents' || fail "the reader did not open the corpus"
keys Enter
wait_for '[Tab: list]' || fail "Enter did not open the first document"
# Rows of 36 columns at most, but for one that ends with a hanging mark;
# none starting with a dash, an ellipsis or what the basic rules forbid.
hung=0
check_rules() {
        local r verdict bad
        r=$(rows)
        check_line_starts "$r"
        printf '%s\n' "$r" | grep -qE '^(—|…)' && fail "document $doc: a row starts with a dash or an ellipsis: $r"
        verdict=$(printf '%s\n' "$r" | while IFS= read -r line; do
                w=$(printf '%s' "$line" | LC_ALL=C.UTF-8 wc -L)
                case "$line" in
                *，|*。|*、)
                        if [ "$w" -gt 38 ]; then echo "too wide: $line"
                        elif [ "$w" -gt 36 ]; then echo hung
                        fi ;;
                *) [ "$w" -le 36 ] || echo "too wide: $line" ;;
                esac
        done)
        bad=$(printf '%s\n' "$verdict" | grep '^too wide' || true)
        [ -z "$bad" ] || fail "document $doc: rows too wide for the hanging rule: $bad"
        hung=$((hung + $(printf '%s\n' "$verdict" | grep -c '^hung$' || true)))
}
for doc in 1 2 3 4 5; do
        wait_for "doc $doc/5" || fail "document $doc did not open"
        each_screen "document $doc" check_rules
        keys '>'
done
quit
[ "$hung" -gt 0 ] || fail "no mark hung in the whole corpus"
note "the corpus under --hang --kinsoku=strict: $hung marks hung, no row too wide, none starting with a forbidden mark"

run_cmd "clear; '$BIN' --kinsoku=loose '$R/rules.txt' 2>&1; echo \"rc=\$?\""
wait_for 'rc=2' || fail "--kinsoku=loose was not refused"
screen | grep -qF 'basic or strict' || fail "--kinsoku=loose gave no clear message: $(screen)"
note "--kinsoku=loose is refused with the values it takes"
