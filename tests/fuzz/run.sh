#!/bin/bash
# Runs the libFuzzer targets that tests/fuzz/fuzz.mk builds.
#
#   run.sh smoke DIR NAME...  each target for FUZZ_SMOKE_SECONDS (default 3)
#                             over its seeds, learning into a temporary
#                             directory that is thrown away
#   run.sh fuzz DIR NAME...   each target for FUZZ_SECONDS (default 600),
#                             learning into DIR/corpus/NAME, kept between runs
#
# DIR holds the binaries (DIR/fuzz_NAME). FUZZ_PARALLEL targets run at once
# (default 1). A target passes when libFuzzer exits 0. Crash inputs go to
# DIR/artifacts/NAME/, each run's output to DIR/logs/NAME.log; the seeds in
# tests/fuzz/seeds are only read. One line per target, then "N passed,
# N failed" last; with RESULTS set, "passed failed" is written there too.

set -u

mode=${1:-}
dir=${2:-}
if [ $# -lt 3 ] || { [ "$mode" != smoke ] && [ "$mode" != fuzz ]; }; then
        echo "usage: $0 smoke|fuzz DIR NAME..." >&2
        exit 2
fi
shift 2
seeds=$(cd "$(dirname "$0")" && pwd)/seeds
parallel=${FUZZ_PARALLEL:-1}
if [ "$mode" = smoke ]; then
        seconds=${FUZZ_SMOKE_SECONDS:-3}
else
        seconds=${FUZZ_SECONDS:-600}
fi

# Longest input per target: enough for several paragraphs or documents,
# small enough that an execution stays in the milliseconds.
max_len() {
        case $1 in
        decode) echo 8192 ;;
        search | phrase) echo 2048 ;;
        *) echo 4096 ;;
        esac
}

scratch=""
if [ "$mode" = smoke ]; then
        scratch=$(mktemp -d "${TMPDIR:-/tmp}/lectern-fuzz.XXXXXX") || exit 1
        trap 'rm -rf "$scratch"' EXIT
fi
mkdir -p "$dir/logs" || exit 1

# Run one target (in the background): its exit status and duration go to a
# file next to its log, read back once every target has finished.
run_one() {
        local name=$1 corpus log start rc
        if [ -n "$scratch" ]; then
                corpus=$scratch/$name
        else
                corpus=$dir/corpus/$name
        fi
        log=$dir/logs/$name.log
        mkdir -p "$corpus" "$dir/artifacts/$name"
        start=$(date +%s)
        if [ -x "$dir/fuzz_$name" ]; then
                "$dir/fuzz_$name" -max_total_time="$seconds" -max_len="$(max_len "$name")" \
                        -timeout=30 -print_final_stats=1 \
                        -artifact_prefix="$dir/artifacts/$name/" \
                        "$corpus" "$seeds/$name" >"$log" 2>&1
                rc=$?
        else
                echo "no binary $dir/fuzz_$name" >"$log"
                rc=127
        fi
        echo "$rc $(($(date +%s) - start))" >"$log.status"
}

running=0
for name in "$@"; do
        rm -f "$dir/logs/$name.log.status"
        run_one "$name" &
        running=$((running + 1))
        if [ "$running" -ge "$parallel" ]; then
                wait -n
                running=$((running - 1))
        fi
done
wait

passed=0 failed=0
for name in "$@"; do
        log=$dir/logs/$name.log
        read -r rc secs <"$log.status" 2>/dev/null || { rc=1; secs=0; }
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
        units=$(sed -n 's/.*corp: \([0-9]*\)\/.*/\1/p' "$log" | tail -n 1)
        if [ "$rc" -eq 0 ]; then
                passed=$((passed + 1))
                verdict=passed
        else
                failed=$((failed + 1))
                verdict="FAILED (exit $rc)"
                tail -n 40 "$log"
                ls "$dir/artifacts/$name" 2>/dev/null | sed "s|^|  artifact: $dir/artifacts/$name/|"
        fi
        line=$(printf '  fuzz_%-10s %s: %s runs in %s s, corpus %s' "$name" "$verdict" \
                "${runs:-?}" "$secs" "${units:-?}")
        echo "$line"
        if [ "$mode" = fuzz ]; then
                echo "$(date -u +%Y-%m-%dT%H:%M:%SZ)$line" >>"$dir/history.txt"
        fi
done
echo "$passed passed, $failed failed"
if [ -n "${RESULTS:-}" ]; then
        echo "$passed $failed" >"$RESULTS"
fi
[ "$failed" -eq 0 ]
