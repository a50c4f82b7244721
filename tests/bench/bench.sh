#!/usr/bin/env bash
# The body of `make bench`: lectern against ripgrep and SQLite FTS5 on the
# same synthetic corpora in the same run. For each size in BENCH_SIZES (MB)
# it generates a corpus from the bundled speeches under a temporary
# directory, takes lectern's phase timings and peak memory (--stats), the
# per-keystroke latencies and the 2 MB-line layout (tests/bench/latency),
# times the same queries with `rg -F -c` and with an FTS5 trigram table in
# the sqlite3 shell, and prints one Markdown table with ratios and a verdict
# against the targets of issue 7. Progress goes to stderr, the table to
# stdout; the temporary directory is removed however the run ends.
#
# Environment: BENCH_SIZES (default "10 100"; add 1000 for 1 GB, which
# needs about 4 GB of temporary disk for the corpus and the FTS5 table),
# BENCH_SEED (1), BENCH_RUNS (rg runs per query, 3), BENCH_FTS_REPS (FTS5
# repetitions per query; 100, or 20 from 1 GB), B (build directory, build).
set -euo pipefail
cd "$(dirname "$0")/../.."

B=${B:-build}
LECTERN=$B/lectern
GEN=$B/bench/gen_corpus
LAT=$B/bench/latency
SIZES=${BENCH_SIZES:-10 100}
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-3}
export LC_ALL=C.UTF-8

log() { printf 'bench: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

for exe in "$LECTERN" "$GEN" "$LAT"; do
        [ -x "$exe" ] || die "$exe is missing: run make bench"
done
for tool in rg sqlite3; do
        command -v "$tool" >/dev/null || die "$tool is missing: run make bench, which installs it"
done
for s in $SIZES; do
        case $s in ''|*[!0-9]*|0) die "BENCH_SIZES: '$s' is not a size in MB" ;; esac
done

T=$(mktemp -d -t lectern-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 130' INT TERM

# A fork-free clock where bash has one (5.0 and later): timings of a few
# milliseconds should not include starting `date`.
if [ -n "${EPOCHREALTIME:-}" ]; then
        now() { t=$EPOCHREALTIME; }
else
        now() { t=$(date +%s.%N); }
fi
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", b - a }'; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }

now; bench_start=$t
load_before=$(loadavg)
"$LAT" --queries >"$T/queries"
nq=$(wc -l <"$T/queries")

# ------------------------------------------------------------ one size
measure() {
        local size=$1 dir=$T/c$1 f=$T/facts.$1 a b

        log "$size MB: generating the corpus"
        now; a=$t
        "$GEN" --seed "$SEED" --mb "$size" assets/corpus "$dir" | sed 's/^/g./' >"$f"
        now; b=$t
        printf 'g.seconds\t%s\n' "$(elapsed "$a" "$b")" >>"$f"
        # Every tool below reads from a warm page cache.
        find "$dir" -type f -exec cat {} + >/dev/null

        log "$size MB: lectern --stats"
        "$LECTERN" --stats "$dir" | sed 's/^/s./' >>"$f"

        log "$size MB: keystroke latency ($nq queries typed one character at a time)"
        "$LAT" "$dir" | sed '/^query\t/!s/^/l./' >>"$f"

        # Counts go to a file, not /dev/null, where a grep may stop at the
        # first match; --no-config keeps a user's settings out of it.
        log "$size MB: rg -F -c, $RUNS runs of each query"
        local i=0 cls q r rc line
        while IFS=$'\t' read -r cls q; do
                i=$((i + 1))
                line=$i
                for ((r = 0; r < RUNS; r++)); do
                        now; a=$t
                        rc=0
                        rg --no-config -F -c -- "$q" "$dir" >"$T/rg.out" </dev/null || rc=$?
                        now; b=$t
                        [ "$rc" -le 1 ] || die "rg failed on $q"
                        line="$line $a $b"
                done
                printf '%s %s\n' "$line" "$(wc -l <"$T/rg.out")"
        done <"$T/queries" >"$T/rg.$size"

        log "$size MB: FTS5 trigram table"
        local db=$T/fts.db sqdir=${dir//\'/\'\'}
        rm -f "$db"
        now; a=$t
        sqlite3 -batch "$db" >/dev/null <<SQL
CREATE VIRTUAL TABLE t USING fts5(body, tokenize='trigram');
INSERT INTO t(body)
    SELECT CAST(readfile(name) AS TEXT) FROM fsdir('$sqdir')
    WHERE name LIKE '%.txt' ORDER BY name;
SQL
        now; b=$t
        {
                printf 'f.build_s\t%s\n' "$(elapsed "$a" "$b")"
                printf 'f.db_bytes\t%s\n' "$(wc -c <"$db")"
                printf 'f.rows\t%s\n' "$(sqlite3 -batch "$db" 'SELECT count(*) FROM t;')"
        } >>"$f"

        # One query at a time takes less than the shell timer's millisecond,
        # so each runs reps times inside one statement (the correlated
        # subquery is evaluated afresh for every row) and the mean is kept.
        local reps=${BENCH_FTS_REPS:-$((size >= 1000 ? 20 : 100))} p
        log "$size MB: FTS5 MATCH, $reps repetitions of each query of 3 or more characters"
        i=0
        {
                echo ".timer on"
                while IFS=$'\t' read -r cls q; do
                        i=$((i + 1))
                        [ "${#q}" -ge 3 ] || continue
                        p=${q//\"/\"\"}
                        p=${p//\'/\'\'}
                        echo ".print #$i"
                        echo "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < $reps)"
                        echo "  SELECT max((SELECT count(*) FROM t WHERE t MATCH '\"$p\"' AND r.i > 0)) FROM r;"
                done <"$T/queries"
        } >"$T/fts.sql"
        sqlite3 -batch "$db" <"$T/fts.sql" |
                awk -v reps="$reps" '
                        /^#/ { idx = substr($0, 2); next }
                        /^Run Time: real/ { printf "%s %.4f %s\n", idx, $4 * 1000 / reps, docs; next }
                        { docs = $0 }' >"$T/fts.$size"
        rm -f "$db"
        rm -rf "$dir"
}

for s in $SIZES; do
        measure "$s"
done
now; bench_end=$t

# ------------------------------------------------------------ the table
table() {
        local size=$1
        awk -F'\t' -v size="$size" '
        function sortn(a, n,   i, j, x) {
                for (i = 2; i <= n; i++) {
                        x = a[i]
                        for (j = i - 1; j > 0 && a[j] > x; j--)
                                a[j + 1] = a[j]
                        a[j + 1] = x
                }
        }
        # Nearest rank: the smallest value with p % of the values at or below it.
        function pct(a, n, p,   k) {
                if (n == 0) return ""
                k = int(p * n / 100); if (k < p * n / 100) k++; if (k < 1) k = 1
                return a[k]
        }
        function sec(x) { return x == "" ? "–" : sprintf(x < 10 ? "%.2f s" : "%.1f s", x) }
        function msec(x) {
                if (x == "") return "–"
                return sprintf(x < 1 ? "%.3f ms" : x < 10 ? "%.2f ms" : "%.1f ms", x)
        }
        function mb(x) { return sprintf("%.0f MB", x / 1e6) }
        function ratio(peer, ours,   r) {
                if (peer == "" || ours == "" || ours <= 0) return "–"
                r = peer / ours
                return sprintf(r < 10 ? "%.1f×" : "%.0f×", r)
        }
        function verdict(ok) { return ok ? "PASS" : "**FAIL**" }
        function row(what, ours, rg, fts, rr, fr, target, v) {
                printf "| %s MB | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                        size, what, ours, rg, fts, rr, fr, target, v
        }
        # The three subsets of whole queries, lectern and both peers side by side.
        function subset(name, lo, hi, use_fts,   i, n, nf, L, R, LF, FF, what, fts, fr) {
                n = nf = 0
                for (i = 1; i <= nq; i++) {
                        if (qlen[i] < lo || qlen[i] > hi) continue
                        L[++n] = qms[i]; R[n] = rgms[i]
                        if (use_fts && (i in ftsms)) { LF[++nf] = qms[i]; FF[nf] = ftsms[i] }
                }
                sortn(L, n); sortn(R, n); sortn(LF, nf); sortn(FF, nf)
                what = "whole query, " name " (" n " queries): "
                fts = use_fts ? msec(pct(FF, nf, 50)) : "n/a (needs ≥ 3 chars)"
                fr = use_fts ? ratio(pct(FF, nf, 50), pct(LF, nf, 50)) : "–"
                row(what "median", msec(pct(L, n, 50)), msec(pct(R, n, 50)), fts,
                    ratio(pct(R, n, 50), pct(L, n, 50)), fr, "", "")
                fts = use_fts ? msec(pct(FF, nf, 99)) : "n/a"
                fr = use_fts ? ratio(pct(FF, nf, 99), pct(LF, nf, 99)) : "–"
                row(what "p99", msec(pct(L, n, 99)), msec(pct(R, n, 99)), fts,
                    ratio(pct(R, n, 99), pct(L, n, 99)), fr, "", "")
        }
        FILENAME == ARGV[1] {
                if ($1 == "query") {
                        nq++; qlen[nq] = $3; qms[nq] = $6
                } else {
                        v = $2
                        for (i = 3; i <= NF; i++) v = v " " $i
                        F[$1] = v
                }
                next
        }
        FILENAME == ARGV[2] {
                split($0, w, " ")
                n = 0
                for (i = 2; i + 1 < length(w); i += 2) t[++n] = (w[i + 1] - w[i]) * 1000
                sortn(t, n)
                rgms[w[1]] = pct(t, n, 50)
                next
        }
        FILENAME == ARGV[3] { split($0, w, " "); ftsms[w[1]] = w[2]; next }
        END {
                # The issue states its targets for 100 MB and only the search
                # latency for 1 GB; the times are checked at 10 MB too (less
                # text must not take longer), the memory ratio is not, since
                # fixed costs dominate there.
                big = size >= 1000
                ratio_too = size >= 100 && !big
                bytes = F["s.bytes"]
                row("start screen: walk + first document + first view", msec(1000 * F["l.start_screen_s"]),
                    "–", "–", "–", "–", "≤ 0.3 s", verdict(F["l.start_screen_s"] <= 0.3))
                row("· walk the paths", msec(1000 * F["l.plan_s"]), "", "", "", "", "", "")
                row("· the first document read (the rest read on meanwhile)",
                    msec(1000 * (F["l.first_doc_s"] - F["l.plan_s"])), "", "", "", "", "", "")
                row("· lay out the first view (" F["l.screen"] ")", msec(F["l.first_view_ms"]),
                    "", "", "", "", "", "")
                row("whole corpus read and decoded (two threads, behind the reader)",
                    sec(F["l.load_s"]), "", "", "", "", "", "")
                row("fold + occurrence lists (search key)", sec(F["s.fold_s"]), "", "", "", "", "", "")
                searchable = F["s.load_s"] + F["s.fold_s"]
                row("index ready for search: load + fold + lists", sec(searchable), "none needed",
                    "build " sec(F["f.build_s"]), "–", ratio(F["f.build_s"], searchable),
                    big ? "" : "≤ 2 s", big ? "" : verdict(searchable <= 2))
                row("· keystroke while the sort runs: median / p99 (" F["l.scan_keystrokes"] \
                    " keystrokes)", msec(F["l.scan_ks_median_ms"]) " / " msec(F["l.scan_ks_p99_ms"]),
                    "", "", "", "", big ? "" : "< 5 / < 20 ms",
                    big ? "" : verdict(F["l.scan_ks_median_ms"] < 5 && F["l.scan_ks_p99_ms"] < 20))
                row("suffix sort (for the phrases and the fastest search)", sec(F["s.sort_s"]),
                    "", "", "", "", "", "")
                ready = searchable + F["s.sort_s"]
                row("suffix array ready: load + fold + sort", sec(ready), "", "", "", "", "", "")
                row("recurring phrases, once the suffix array is ready", sec(F["s.phrases_s"]),
                    "–", "–", "–", "–", "", "")
                row("recurring phrases ready, from launch", sec(ready + F["s.phrases_s"]),
                    "–", "–", "–", "–", big ? "" : "≤ 5 s",
                    big ? "" : verdict(ready + F["s.phrases_s"] <= 5))
                rss = F["s.peak_rss_bytes"]
                row("peak RSS", sprintf("%s (%.1f× text)", mb(rss), rss / bytes), "", "", "", "",
                    ratio_too ? "≤ 4× text" : "", ratio_too ? verdict(rss <= 4 * bytes) : "")
                row("index size", mb(F["s.index_bytes"]), "–", mb(F["f.db_bytes"]) " on disk",
                    "–", ratio(F["f.db_bytes"], F["s.index_bytes"]), "", "")
                k = " (" F["l.keystrokes"] " keystrokes)"
                row("keystroke → hit count + first screen: median" k, msec(F["l.ks_median_ms"]),
                    "", "", "", "", big ? "" : "< 5 ms",
                    big ? "" : verdict(F["l.ks_median_ms"] < 5))
                row("keystroke: p90", msec(F["l.ks_p90_ms"]), "", "", "", "", "", "")
                row("keystroke: p99", msec(F["l.ks_p99_ms"]), "", "", "", "", "< 20 ms",
                    verdict(F["l.ks_p99_ms"] < 20))
                split(F["l.ks_worst"], wq, " ")
                row("keystroke: max (“" wq[1] "”, " wq[2] " hits)", msec(F["l.ks_max_ms"]),
                    "", "", "", "", "", "")
                row("· of which the search (a preview above 200k hits): median / p99", msec(F["l.search_median_ms"]) " / " \
                    msec(F["l.search_p99_ms"]), "", "", "", "", "", "")
                row("· CPU time of a keystroke: median / p99", msec(F["l.cpu_median_ms"]) " / " \
                    msec(F["l.cpu_p99_ms"]), "", "", "", "", "", "")
                subset("1–2 chars", 1, 2, 0)
                subset("3–8 chars", 3, 8, 1)
                row("first screen of a 2 MB line (" F["l.long_line_rows"] " rows)",
                    msec(F["l.long_line_ms"]), "", "", "", "", "≤ 50 ms",
                    verdict(F["l.long_line_ms"] <= 50))
                row("· CPU time of that first screen", msec(F["l.long_line_cpu_ms"]),
                    "", "", "", "", "", "")
        }' "$T/facts.$size" "$T/rg.$size" "$T/fts.$size"
}

notes() {
        local size=$1 f=$T/facts.$1
        awk -F'\t' -v size="$size" '
                { F[$1] = $2 }
                END {
                        printf "- %s MB: %d documents, %d bytes, %d key characters; generated in %.1f s;",
                                size, F["g.documents"], F["g.bytes"], F["s.key_chars"], F["g.seconds"]
                        printf " FTS5 table of %d rows.\n", F["f.rows"]
                }' "$f"
}

echo "| corpus | measure | lectern | rg -F | FTS5 trigram | rg ÷ lectern | FTS5 ÷ lectern | target | verdict |"
echo "|---|---|---|---|---|---|---|---|---|"
for s in $SIZES; do
        table "$s"
done
echo
for s in $SIZES; do
        notes "$s"
done
cat <<EOF
- A keystroke is one prefix of a query typed one character at a time:
  the search as the bar runs it (in full, or above 200k hits a preview:
  the count and one document's hits, completed once typing pauses), the
  first hit from the top of the first document, the window that shows it
  laid out, and the hits painted in it; the mix is typed 3 times and each
  keystroke's median kept. Its CPU time, beside the wall time, shows what
  other processes took. A whole query is the median of 5 full searches
  of it with the same first screen. All in-process.
- rg: one \`rg -F -c\` process per query over the corpus directory (page
  cache warm), the median of $RUNS run(s); it matches the exact bytes only, where
  lectern also folds Traditional/Simplified and finds every occurrence.
- FTS5: \`count(*) ... MATCH\` in one sqlite3 shell, the mean of repeated
  runs; it counts matching documents, without positions. A trigram
  tokenizer cannot search fewer than 3 characters.
- Percentiles are nearest-rank. Seed $SEED; $(nproc 2>/dev/null || echo '?') CPUs; load
  average $load_before before, $(loadavg) after.
- Wall time of the whole bench: $(elapsed "$bench_start" "$bench_end") s.
EOF
