# The dispersion plot: D with nothing followed says so; for 习近平总书记,
# then for the search 工匠精神 (in four of the five speeches), it has one
# row per document in corpus order, each row's count as lectern --count
# gives it, and marks in exactly the rows of the documents that hold the
# phrase; every barcode is as wide as the others and grows with the
# window; j and Enter open a document at its first hit. Down to the
# narrowest window the numbers are never cut: the rate per 10k makes way
# whole, after the title and the barcode have shrunk.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_phrases.sh"

# plot_rows: the plot's document rows in the text's place, as
# "title|bar|count", one per line (the pane separator removed when there is one).
plot_rows() {
        screen | sed '$d' | awk -F '|' 'NF == 4 { print $2 "|" $3 "|" $4; next } NF == 3' |
                grep -E '^[> ].*\|.*\| +[0-9]+ +[0-9.]+ *$' |
                sed -E 's/^[> ]//; s/\| +([0-9]+) +[0-9.]+ *$/|\1/'
}

# check_plot WHAT QUERY: the rows against lectern --count for QUERY.
check_plot() {
        local what=$1 q=$2 rows n i want bar count widths
        rows=$(plot_rows)
        n=$(printf '%s\n' "$rows" | grep -c .)
        [ "$n" -eq 5 ] || fail "$what: $n plot rows, expected one per document (5)"
        i=0
        while IFS=$'\t' read -r _ _ _ _ path; do
                i=$((i + 1))
                want=$(LANG=C.UTF-8 "$BIN" --count "$q" "$CORPUS" |
                       awk -F '\t' -v p="$path" '$2 == p { print $1 }')
                want=${want:-0}
                bar=$(printf '%s\n' "$rows" | sed -n "${i}p" | sed 's/^[^|]*|\(.*\)|[0-9]*$/\1/')
                count=$(printf '%s\n' "$rows" | sed -n "${i}p" | sed 's/.*|//')
                [ "$count" = "$want" ] || fail "$what: document $i shows $count hits, the CLI counts $want"
                if [ "$want" -gt 0 ]; then
                        [ -n "$(printf '%s' "$bar" | tr -d ' ')" ] || fail "$what: document $i has hits but no marks"
                else
                        [ -z "$(printf '%s' "$bar" | tr -d ' ')" ] || fail "$what: document $i has no hits but marks [$bar]"
                fi
        done < <(LANG=C.UTF-8 "$BIN" --list "$CORPUS")
        widths=$(printf '%s\n' "$rows" | sed 's/^[^|]*|\(.*\)|[0-9]*$/\1/' |
                 while IFS= read -r b; do printf '%s' "$b" | LC_ALL=C.UTF-8 wc -L; done | sort -u)
        [ "$(printf '%s\n' "$widths" | wc -l)" -eq 1 ] || fail "$what: barcodes of different widths: $widths"
        BAR_COLS=$widths
        note "$what: 5 rows, counts as the CLI's, marks where the hits are, bars $widths wide"
}

start_reader 100 30
keys D
wait_for 'nothing to show' || fail "D with no phrase and no search did not say why"
note "D with nothing followed: a notice"

read -r total ndocs < <(cli_count "$XI")
pick_phrase "$XI"
keys D
wait_for "Dispersion of $XI · $total hits in $ndocs of 5 docs" || fail "D did not plot $XI"
check_plot "$XI at 100x30" "$XI"
check_geometry 100
# The key hints drop whole items to fit, never the way out.
hints=$(screen | sed -n 2p)
case "$hints" in *'· Esc back') ;; *) fail "the plot's hints are cut or lose Esc: $hints" ;; esac
note "hints at 100 columns: ${hints#*| }"
narrow=$BAR_COLS
resize_settled 200 50
screen | grep -qF 'Dispersion of' || fail "the plot is gone at 200x50"
check_plot "$XI at 200x50" "$XI"
[ "$BAR_COLS" -gt "$narrow" ] || fail "the barcodes did not grow with the window ($narrow, then $BAR_COLS)"
resize_settled 60 20
screen | grep -qF 'Dispersion of' || fail "the plot is gone at 60x20"
case "$(screen | sed -n 2p)" in *'· Esc back') ;; *) fail "at 60 columns the hints lose Esc: $(screen | sed -n 2p)" ;; esac
check_plot "$XI at 60x20" "$XI"
resize_settled 100 30

# j to the last speech, Enter: its first occurrence.
first5=$(LANG=C.UTF-8 "$BIN" --count "$XI" "$CORPUS" | awk -F '\t' 'NR < 5 { s += $1 } END { print s + 1 }')
sync
keys g j j j j Enter
wait_for "occurrence $first5/$total" || fail "Enter on the last row did not open occurrence $first5"
[ "$(doc_num)" = 5 ] || fail "Enter on the last row did not open the last speech"
wait_gone 'Dispersion of' || fail "the plot is still shown after Enter"
note "Enter opens the fifth speech at occurrence $first5"

# A search in four speeches: the fifth row has no marks.
keys Escape
wait_gone "$XI occurrence" || fail "Esc did not stop following the phrase"
keys /
type_text 工匠精神
wait_for ' hit ' || fail "the search did not run"
keys Enter
wait_for '? help' || fail "Enter did not keep the search"
read -r shits sdocs < <(cli_count 工匠精神)
[ "$sdocs" -lt 5 ] || fail "工匠精神 is in every speech: the test needs a query that is not"
keys D
wait_for "Dispersion of “工匠精神” · $shits hits in $sdocs of 5 docs" || fail "D did not plot the search"
check_plot "search 工匠精神" 工匠精神

# numbers_ok W: whether every row on screen shows the numbers lectern
# --plot prints for its document, whole: the hits and the rate per 10k,
# or, where there is no room for the rate, the hits alone; the title shows
# more than "…", the barcode more than a cell or two and no line is wider
# than W. The rows shown start at the first document (g). WHY says what
# is wrong, RATE whether the rate is shown.
numbers_ok() {
        local rows n i title bar nums want
        WHY="no line is wider than $1 columns"
        [ "$(max_width)" -le "$1" ] || return 1
        rows=$(screen | sed '$d' | awk -F '|' 'NF == 3 && $3 ~ /^ +[0-9]+( +[0-9.]+)? *$/')
        n=$(printf '%s\n' "$rows" | grep -c .)
        WHY="only $n plot rows show"
        [ "$n" -ge 3 ] || return 1
        for i in $(seq "$n"); do
                IFS='|' read -r title bar nums < <(printf '%s\n' "$rows" | sed -n "${i}p")
                nums=$(echo $nums)
                want=$(printf '%s\n' "$CLI_NUMBERS" | sed -n "${i}p")
                WHY="document $i shows the numbers \"$nums\", not \"$want\""
                [ "$nums" = "$want" ] || [ "$nums" = "${want%% *}" ] || return 1
                WHY="document $i has no title: [$title]"
                printf '%s' "$title" | grep -q '[^ >…]' || return 1
                WHY="document $i's barcode is a sliver: [$bar]"
                [ "$(printf '%s' "$bar" | LC_ALL=C.UTF-8 wc -L)" -ge 5 ] || return 1
        done
        RATE=no
        case "$nums" in *' '*) RATE=yes ;; esac
        SHOWN=$n
}
# check_numbers W H: numbers_ok once the screen is redrawn at W x H. The
# status line is too narrow there for sync's message: this polls instead.
check_numbers() {
        resize "$1" "$2"
        poll_until "$WAIT" numbers_ok "$1" || fail "at $1x$2 $WHY"
        note "at $1x$2: $SHOWN rows, numbers whole, the rate shown: $RATE"
}
CLI_NUMBERS=$(LANG=C.UTF-8 "$BIN" --plot 工匠精神 --width 100 "$CORPUS" |
              awk -F '|' 'NR > 1 { split($3, f, " "); print f[1], f[2] }')
keys g
check_numbers 24 7
check_numbers 25 7
check_numbers 40 10
[ "$RATE" = yes ] || fail "at 40 columns the rate per 10k is not shown"
resize_settled 100 30
keys Escape
wait_gone 'Dispersion of' || fail "Esc did not close the plot"
