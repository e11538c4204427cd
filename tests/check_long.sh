#!/usr/bin/env bash
# check_long.sh BUILD - the slow tests (make check-long): every case in
# tests/boot/long/, then Linux's x86 selftests natively and under thinvisor
# with two CPUs.  Ends with "N passed, N failed, N skipped".
set -uo pipefail
build=$1
here=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0
for c in "$here"/tests/boot/long/*.case; do
	[ -e "$c" ] || continue
	if "$here/tests/boot/run_case.sh" "$c" "$build/thinvisor.elf" "$build/boot-tests"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done
# the selftest comparison with two CPUs (its Bochs runs take CPUS from the
# environment: see tests/boot/selftests_compare.sh)
if SELFTESTS_CPUS=2 "$here/tests/boot/selftests_compare.sh" "$build" \
	>"$build/selftests_compare_smp2.log" 2>&1; then
	tail -n 1 "$build/selftests_compare_smp2.log"
	passed=$((passed + 1))
else
	tail -n 30 "$build/selftests_compare_smp2.log" | sed 's/^/    /'
	echo "FAIL selftests-compare with 2 CPUs"
	failed=$((failed + 1))
fi
echo "$passed passed, $failed failed, 0 skipped"
[ "$failed" = 0 ]
