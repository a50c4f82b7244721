# The concordance: c with nothing followed says so; for 习近平总书记 it has
# one line per occurrence (as many as lectern --count finds), each with its
# document's title, and the highlighted hit starts in the same screen
# column on every line -- Traditional or Simplified, at 100x30, 60x20 and
# 200x50, in every sort order; s cycles document / left / right order;
# Enter opens the reading pane at that occurrence and Ctrl-O comes back;
# for a search (no phrase followed) it shows the search's hits, and no
# context begins or ends inside an inline pinyin annotation at 80, 100 or
# 120 columns, where 揚(yáng) and 轉(zhuǎn) fall on a context's edge;
# annotations such as (dòng) are dimmed there as in the reading pane, a
# hides them from every line (the context then filled with the text they
# made room for) and a second a brings them back.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib_phrases.sh"

# annotation_pieces: the concordance rows that hold a piece of pinyin, a
# parenthesis with a Latin letter beside it once whole groups are removed.
annotation_pieces() {
        text_rows | LC_ALL=C.UTF-8 perl -CSA -ne '
                (my $s = $_) =~ s/[(（][^()（）]*[)）]//g;
                print if $s =~ /[(（]\p{Latin}|[\p{Latin}\p{Mn}][)）]/;'
}

read -r total ndocs < <(cli_count "$XI")
start_reader 100 30
keys c
wait_for 'nothing to show' || fail "c with no phrase and no search did not say why"
screen | grep -qF 'Concordance' && fail "c opened an empty concordance"
note "c with nothing followed: a notice"

pick_phrase "$XI"
keys c
wait_for "Concordance of $XI · $total lines · $ndocs docs" || fail "c did not show $total lines for $XI"
wait_for 'by document (s)' || fail "the concordance is not in document order"
# 26 lines fit below the two header rows at 100x30.
check_aligned "100x30, by document" 26
title=$(LANG=C.UTF-8 "$BIN" --list "$CORPUS" | head -n 1 | cut -f 4)
head=$(printf '%s' "$title" | LC_ALL=C.UTF-8 perl -CSA -ne 'print substr($_, 0, 4)')
text_rows | sed -n 2p | grep -qF -- "$head" || fail "the first line does not name the first speech ($head)"
text_rows | grep -qF '習近平總書記' || fail "no Traditional line"
text_rows | grep -qF '习近平总书记' || fail "no Simplified line"
check_geometry 100

# Sort orders: each changes the lines and keeps the alignment.
by_doc=$(text_rows)
keys s
wait_for 'by left context (s)' || fail "s did not sort by the left context"
check_aligned "by left context" 26
[ "$(text_rows)" != "$by_doc" ] || fail "sorting by the left context changed nothing"
keys s
wait_for 'by right context (s)' || fail "s did not sort by the right context"
check_aligned "by right context" 26
keys s
wait_for 'by document (s)' || fail "s did not come back to document order"
[ "$(text_rows)" = "$by_doc" ] || fail "document order is not what it was"

for size in "60 20" "200 50"; do
        set -- $size
        resize_settled "$1" "$2"
        screen | grep -qF 'by document (s)' || fail "the concordance is gone at $1x$2"
        fit=$(($2 - 4 < total ? $2 - 4 : total))
        check_aligned "${1}x$2" "$fit"
done
resize_settled 100 30

# Enter on the last line (document order): the last occurrence, in the last speech.
sync
keys G Enter
wait_for "occurrence $total/$total" || fail "Enter on the last line did not open occurrence $total"
wait_gone 'Concordance' || fail "the concordance is still shown after Enter"
[ "$(doc_num)" = 5 ] || fail "the last occurrence did not open the last speech"
screen -e | grep -q $'\e\\[41m' || fail "the occurrence is not shown as current"
keys C-o
wait_for 'doc 1/5' || fail "Ctrl-O did not come back from the concordance line"
note "Enter reads the occurrence, Ctrl-O comes back"

# A search, once no phrase is followed.
keys Escape
wait_gone "$XI occurrence" || fail "Esc did not stop following the phrase"
read -r shits sdocs < <(cli_count 工匠精神)
keys /
type_text 工匠精神
wait_for ' hit ' || fail "the search did not run"
keys Enter
wait_for '? help' || fail "Enter did not keep the search"
keys c
wait_for "Concordance of “工匠精神” · $shits lines · $sdocs docs" ||
        fail "c does not show the search's $shits hits"
check_aligned "search 工匠精神" "$shits"
text_rows | grep -qF '(dòng)' || fail "no concordance line shows a whole annotation such as (dòng)"
for size in "100 30" "120 30" "80 24"; do
        set -- $size
        resize_settled "$1" "$2"
        check_aligned "search 工匠精神 at ${1}x$2" "$shits"
        piece=$(annotation_pieces)
        [ -z "$piece" ] || fail "at ${1}x$2 a context is cut inside an annotation: $piece"
done
resize_settled 100 30
note "contexts keep each annotation whole at 100, 120 and 80 columns"

# dimmed: the grey of the reading pane's annotations, or dim without colours.
dimmed() {
        local r
        r=$(row_of '(dòng)')
        [ -n "$r" ] || fail "no concordance line shows (dòng)"
        case " $(sgr_at "$r" '(dòng)') " in *" 90 "*|*" 2 "*) ;;
        *) fail "(dòng) is not dimmed in the concordance: [$(sgr_at "$r" '(dòng)')]" ;; esac
}
dimmed
keys a
wait_for 'annotations hidden' || fail "a in the concordance did not hide the annotations"
# The context is cut on what is shown: where (dòng) stood, 弘揚 now fits.
wait_for '弘揚勞模精神勞動精神工匠精神' ||
        fail "the concordance does not read 勞動精神, with its context filled, once (dòng) is hidden"
text_rows | grep -qF '(dòng)' && fail "the concordance still shows (dòng) with annotations hidden"
[ -z "$(annotation_pieces)" ] || fail "a piece of pinyin is left: $(annotation_pieces)"
check_aligned "search 工匠精神, annotations hidden" "$shits"
keys a
wait_for 'annotations shown' || fail "a second a did not show the annotations again"
wait_for '(dòng)' || fail "(dòng) did not come back to the concordance"
dimmed
note "a hides the annotations in the concordance, and a second a shows them dimmed again"
keys q
wait_gone 'Concordance' || fail "q did not close the concordance"
screen | grep -qF ' Documents' || fail "q in the concordance quit the reader"
note "for a search: $shits lines; q closes"
