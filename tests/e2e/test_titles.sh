# The document list at 100x30 shows the five titles (cut by width, no wide
# character split), marks the open document, and the layout is intact.
. "$(dirname "$0")/lib.sh"

start_reader 100 30
list=$(screen | sed '1d;$d' | sed 's/|.*//')
n=0
while IFS=$'\t' read -r num enc chars title path; do
        head=$(printf '%s' "$title" | LC_ALL=C.UTF-8 perl -CSA -ne 'print substr($_, 0, 6)')
        printf '%s\n' "$list" | grep -qF -- "$head" ||
                fail "the list lacks document $num's title (starting \"$head\")"
        n=$((n + 1))
done < <(LANG=C.UTF-8 "$BIN" --list "$CORPUS")
[ "$n" -eq 5 ] || fail "expected the five bundled documents, the CLI lists $n"
note "five titles shown"

first=$(screen | sed -n 2p)
case "$first" in
">"*) ;;
*) fail "the open document (the first) is not marked with >: $first" ;;
esac
check_geometry 100
# Truncated titles end in the ellipsis inside the pane.
screen | sed -n '2,6p' | grep -qF '…' || fail "long titles are not cut with an ellipsis"
note "open document marked, long titles cut with …"
