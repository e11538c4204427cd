#!/usr/bin/env bash
# fuzz.sh SECONDS [BUILD_DIR] - build the libFuzzer harnesses of tests/fuzz/
# with clang from the same parser sources as the image, and run each for
# SECONDS on a scratch copy of its seed corpus (tests/fuzz/corpus/NAME/ is
# never written).  One line per harness:
#     fuzz NAME: N execs, 0 crashes
# and, after a crash, the saved input, how to reproduce it and the report's
# first lines.  Exit status 1 when any harness crashed or failed to build.
#
# Files: BUILD_DIR/fuzz/fuzz_NAME (binaries), BUILD_DIR/fuzz/work/NAME/
# (corpus grown by this run, libFuzzer log), BUILD_DIR/fuzz/artifacts/NAME/
# (crashing inputs of this run).
set -uo pipefail

usage() {
	echo "usage: tools/fuzz.sh SECONDS [BUILD_DIR]" >&2
	exit 2
}
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	usage
fi
secs=$1
# libFuzzer reads -max_total_time=0 as "forever": insist on a real budget.
if ! [[ $secs =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
	usage
fi
here=$(cd "$(dirname "$0")/.." && pwd)
build=${2:-build}
mkdir -p "$build/fuzz"
out=$(cd "$build/fuzz" && pwd)
cd "$here" || exit 1

CC=${FUZZ_CC:-clang}
# The same flags spirit as the unit tests (HOST_CFLAGS in the Makefile):
# warnings are errors, UBSan findings abort instead of just printing.
# shellcheck disable=SC2054 # the commas are -fsanitize='s list, not array separators
CFLAGS=(-std=gnu11 -g -O1 -Wall -Wextra -Werror -Iinclude -Itests/fuzz -DHOST_TEST
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-fno-omit-frame-pointer)

# NAME and the image sources it links (unchanged: no fuzz-only copies).
HARNESSES=(
	"multiboot2:boot/multiboot2.c boot/mb2_tags.c"
	"bzimage:loader/bzimage.c loader/bzimage_place.c loader/bzimage_zero_page.c loader/e820.c tests/fuzz/e820_check.c"
	"qual:vmexit/qual.c acpi/acpi.c acpi/acpi_decode.c acpi/acpi_pm1.c"
)

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=0:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && command -v llvm-symbolizer >/dev/null; then
	ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
	export ASAN_SYMBOLIZER_PATH
fi

# Rebuild when the binary is older than anything it is made of.
needs_build() {
	local bin=$1 f
	shift
	[ -x "$bin" ] || return 0
	for f in "$@" tests/fuzz/fuzz.h tools/fuzz.sh include/*.h include/*/*.h; do
		[ "$f" -nt "$bin" ] && return 0
	done
	return 1
}

status=0
for h in "${HARNESSES[@]}"; do
	name=${h%%:*}
	read -r -a srcs <<<"${h#*:}"
	src=tests/fuzz/fuzz_$name.c
	bin=$out/fuzz_$name
	work=$out/work/$name
	art=$out/artifacts/$name

	if needs_build "$bin" "$src" "${srcs[@]}"; then
		if ! "$CC" "${CFLAGS[@]}" "${srcs[@]}" "$src" -o "$bin" >"$out/build_$name.log" 2>&1; then
			echo "fuzz $name: build failed (log: $out/build_$name.log)"
			sed 's/^/    /' "$out/build_$name.log" | head -n 20
			rm -f "$bin"
			status=1
			continue
		fi
	fi

	rm -rf "$work" "$art"
	mkdir -p "$work/corpus" "$art"
	cp tests/fuzz/corpus/"$name"/* "$work/corpus/"
	# -timeout: a parser that loops on an input is a bug, not a slow run.
	(cd "$work" && "$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
		-rss_limit_mb=2048 -artifact_prefix="$art/" corpus >"$work/fuzz.log" 2>&1)
	rc=$?

	execs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$work/fuzz.log" | tail -n 1)
	execs=${execs:-0}
	crash=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$work/fuzz.log" | head -n 1)
	if [ "$rc" = 0 ] && [ -z "$crash" ]; then
		echo "fuzz $name: $execs execs, 0 crashes"
		continue
	fi
	status=1
	echo "fuzz $name: $execs execs, 1 crashes"
	if [ -n "$crash" ]; then
		echo "    crashing input: $crash"
		echo "    reproduce: $bin $crash"
	else
		echo "    libFuzzer exited with status $rc and saved no input"
	fi
	echo "    log: $work/fuzz.log"
	grep -E 'invariant failed|ERROR: |SUMMARY: |runtime error' "$work/fuzz.log" | head -n 5 |
		sed 's/^/    /'
done
exit $status
