#!/bin/sh
# Runs Criterion test binaries one by one and adds up their results, so that
# one failing binary does not hide the others. Prints "N passed, N failed".
# With RESULTS set, the totals are also written there for the final summary.
passed=0 failed=0 status=0
for t in "$@"; do
        out=$("$t" --jobs 2 2>&1); rc=$?
        line=$(printf '%s\n' "$out" | grep 'Synthesis:' | tail -n 1)
        p=$(printf '%s\n' "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
        f=$(printf '%s\n' "$line" | sed -n 's/.*Failing: \([0-9]*\).*/\1/p')
        c=$(printf '%s\n' "$line" | sed -n 's/.*Crashing: \([0-9]*\).*/\1/p')
        p=${p:-0} f=${f:-0} c=${c:-0}
        if [ "$rc" -ne 0 ] || [ "$f" -ne 0 ] || [ "$c" -ne 0 ] || [ -z "$line" ]; then
                printf '%s\n' "$out"
                [ "$f" -eq 0 ] && [ "$c" -eq 0 ] && f=1
                status=1
        fi
        printf '  %-28s %4d passed, %d failed\n' "$(basename "$t")" "$p" "$((f + c))"
        passed=$((passed + p)); failed=$((failed + f + c))
done
echo "$passed passed, $failed failed"
[ -n "$RESULTS" ] && echo "$passed $failed" > "$RESULTS"
exit $status
