# Search 工匠精神 and walk every hit with n across the documents: the counter
# "hit i/N · D docs" matches lectern --count, each document's count shows in
# the list (documents without hits dimmed), the current hit is always on
# screen, and n past the last hit (and N before the first) wraps round with
# a notice.
. "$(dirname "$0")/lib.sh"

q=工匠精神
read -r total ndocs < <(cli_count "$q")
[ "$total" -gt 1 ] || fail "the CLI finds no hits for $q"
note "lectern --count: $total hits in $ndocs documents"

start_reader 100 30
keys /
type_text "$q"
keys Enter
wait_for "hit 1/$total · $ndocs docs" || fail "the counter does not read hit 1/$total · $ndocs docs"

# Hit counts in the list, by document number.
while IFS=$'\t' read -r num _ _ _ path; do
        count=$(LANG=C.UTF-8 "$BIN" --count "$q" "$CORPUS" | awk -F '\t' -v p="$path" '$2 == p { print $1 }')
        row=$(screen | sed -n "$((num + 1))p" | sed 's/|.*//')
        title=$(printf '%s' "$row" | LC_ALL=C.UTF-8 perl -CSA -ne 'print substr($_, 2, 3)')
        if [ -n "$count" ]; then
                printf '%s\n' "$row" | grep -qE " $count *\$" ||
                        fail "document $num should show $count hits in the list: $row"
        else
                sgr=$(sgr_at "$((num + 1))" "$title" list)
                case " $sgr " in *" 2 "*|*" 90 "*) ;;
                *) fail "document $num has no hits but is not dimmed: [$sgr]" ;; esac
        fi
done < <(LANG=C.UTF-8 "$BIN" --list "$CORPUS")
note "per-document counts match, documents without hits dimmed"

# walk W H: at W x H, n from the current hit through all the others and
# round to it again; the current hit stays on screen, the layout intact.
walk() {
        local w=$1 h=$2 i docs start visited
        resize "$w" "$h"
        sync
        start=$(status_line | grep -o 'hit [0-9]*/' | tr -dc '0-9')
        docs=$(status_line | grep -o 'doc [0-9]*/')
        for k in $(seq 1 "$total"); do
                i=$(( (start + k - 1) % total + 1 ))
                keys n
                wait_for "hit $i/$total" || fail "n did not reach hit $i/$total at ${w}x$h"
                screen -e | grep -q $'\e\\[41m' || fail "hit $i is not on screen at ${w}x$h"
                check_geometry "$w"
                docs="$docs
$(status_line | grep -o 'doc [0-9]*/')"
        done
        visited=$(printf '%s\n' "$docs" | sort -u | wc -l)
        [ "$visited" -eq "$ndocs" ] || fail "n visited $visited documents at ${w}x$h, the CLI counts $ndocs"
        note "${w}x$h: n walked all $total hits over $visited documents"
}

walk 100 30
walk 60 20
walk 200 50
resize 100 30
sync

keys N
wait_for "hit $total/$total" || fail "N did not step back to the last hit"
keys n
wait_for "hit 1/$total" || fail "n after the last hit did not wrap to the first"
status_line | grep -q 'wrapped' || fail "no notice when wrapping to the first hit"
keys N
wait_for "hit $total/$total" || fail "N before the first hit did not wrap to the last"
status_line | grep -q 'wrapped' || fail "no notice when wrapping to the last hit"
keys N
wait_for "hit $((total - 1))/$total" || fail "N did not step back"
note "wraps both ways with a notice"
