#!/usr/bin/env bash
# check.sh BUILD UNIT_TEST_BINARY...
# Runs every unit-test binary, every boot-test case and the tool (usb.sh,
# the GRUB generator, make deb's package), selftest, lint and fuzz tests, and ends with the one
# line "N passed, N failed, N skipped" over all of them (a cmocka test counts
# one, a boot case one, usb_refusals.sh one, each tests/tools script one, a
# fuzz harness one).  A test that could not run is skipped, never passed, and its
# reason is printed.
# Exit status 1 when anything failed.
set -uo pipefail
build=$1
shift
here=$(cd "$(dirname "$0")/.." && pwd)
passed=0 failed=0 skipped=0

# The bzImage unit tests also check the real guest kernel when it is built.
if [ -f "$build/guest/bzImage" ]; then
	export THINVISOR_BZIMAGE=${THINVISOR_BZIMAGE:-$build/guest/bzImage}
fi

echo "== unit tests"
for bin in "$@"; do
	name=$(basename "$bin")
	out=$build/tests/$name.log
	"$bin" >"$out" 2>&1
	st=$?
	p=$(grep -oE '^\[  PASSED  \] [0-9]+' "$out" | grep -oE '[0-9]+$' || true)
	f=$(grep -oE '^\[  FAILED  \] [0-9]+ test' "$out" | grep -oE '[0-9]+' || true)
	s=$(grep -oE '^\[  SKIPPED \] [0-9]+ test' "$out" | grep -oE '[0-9]+' || true)
	p=${p:-0} f=${f:-0} s=${s:-0}
	if [ "$st" != 0 ] && [ "$f" = 0 ]; then
		f=1 # crashed (sanitizer, signal) before its summary
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [ "$f" != 0 ]; then
		echo "FAIL $name: $p passed, $f failed, $s skipped"
		sed 's/^/    /' "$out" | grep -vE '^\s+\[ (RUN|      OK) ' | tail -n 40
	elif [ "$s" != 0 ]; then
		echo "PASS $name: $p passed, $s skipped"
	else
		echo "PASS $name: $p tests"
	fi
	# each skip() with what the test printed between its RUN line and it
	awk '/^\[==========\] .* run\./ { exit }
	     /^\[ RUN      \] / { t = $NF; why = ""; next }
	     /^\[  SKIPPED \] / { print "    SKIP " t ": " (why != "" ? why : "(the test printed no reason)"); next }
	     t != "" { sub(/^[ \t]*(skipped: )?/, ""); why = why == "" ? $0 : why "; " $0 }' "$out"
done

echo "== boot tests"
# broken guest modules for the bad-input cases, derived from the real kernel
if [ -f "$build/guest/bzImage" ]; then
	"$here/tests/boot/make_bad_modules.py" "$build/guest" /bin/true
fi
cases=("$here"/tests/boot/cases/*.case)
for c in "${cases[@]}"; do
	[ -e "$c" ] || continue
	if "$here/tests/boot/run_case.sh" "$c" "$build/thinvisor.elf" "$build/boot-tests"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
done

# make run's own ISO, on a terminal, as a user meets it
if [ -f "$build/thinvisor-run.iso" ]; then
	if "$here/tests/boot/interactive_shell.py" "$build/thinvisor-run.iso" \
		"$build/boot-tests/interactive-shell.log"; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
	fi
else
	echo "FAIL make-run-interactive-shell: $build/thinvisor-run.iso was not built"
	failed=$((failed + 1))
fi

echo "== tool tests"
# tools/usb.sh's refusals and its write path on a loop device (one test)
mkdir -p "$build/tests"
# (exit 77: checks it could not run here, each listed with why: skipped)
"$here/tests/boot/usb_refusals.sh" >"$build/tests/usb_refusals.log" 2>&1
st=$?
if [ "$st" = 0 ]; then
	tail -n 1 "$build/tests/usb_refusals.log"
	passed=$((passed + 1))
elif [ "$st" = 77 ]; then
	tail -n 1 "$build/tests/usb_refusals.log"
	grep -E '^skip ' "$build/tests/usb_refusals.log" | sed 's/^/    /'
	skipped=$((skipped + 1))
else
	grep -E '^(FAIL|skip) ' "$build/tests/usb_refusals.log" | sed 's/^/    /'
	tail -n 1 "$build/tests/usb_refusals.log"
	failed=$((failed + 1))
fi

# tool_test NAME SCRIPT ARGS...: a tests/tools script that prints "ok ..." or
# "FAIL ..." per check and ends with its PASS/FAIL/SKIP line (exit 0/1/77);
# one test
tool_test() {
	local name=$1 script=$2 log=$build/tests/$1.log st
	shift 2
	"$script" "$@" >"$log" 2>&1
	st=$?
	if [ "$st" = 0 ]; then
		tail -n 1 "$log"
		passed=$((passed + 1))
	elif [ "$st" = 77 ]; then
		tail -n 1 "$log"
		skipped=$((skipped + 1))
	else
		head -n -1 "$log" | grep -vE '^ok ' | head -n 60 | sed 's/^/    /'
		case $(tail -n 1 "$log") in
		FAIL*) tail -n 1 "$log" ;;
		*) echo "FAIL $name: exit status $st: $(tail -n 1 "$log")" ;;
		esac
		failed=$((failed + 1))
	fi
}
# the multiboot2 header GRUB reads: the tags thinvisor needs, the framebuffer tag
tool_test mb2_header "$here/tests/tools/mb2_header.py" "$build/thinvisor.elf"
# make install's GRUB generator through the real grub-mkconfig
tool_test grub_generator "$here/tests/tools/grub_generator.sh" "$build"
# ... and as make deb's package: its files and fields, lintian, and the real
# dpkg installing, removing and purging it (postinst/postrm run update-grub)
tool_test deb_package "$here/tests/tools/deb_package.sh" "$build"
# ... and what a user does with it, on a disk: Debian's stock kernel and a
# root file system, GRUB in the MBR, the generated entry booted in Bochs
tool_test disk_boot "$here/tests/tools/disk_boot.sh" "$build"
# ... and from a UEFI disk (GPT, BOOTX64.EFI) in QEMU: no VMX there, so the
# FATAL line must be on the framebuffer the generated entry got
tool_test disk_boot_uefi "$here/tests/tools/disk_boot.sh" "$build" uefi
# make run's status and terminal for each way the emulator ends
tool_test run_status "$here/tests/tools/run_status.sh"
# a FATAL line on the VGA text screen (QEMU, read back through its monitor)
tool_test screen_console "$here/tests/boot/screen_console.py" "$build/thinvisor.elf" \
	"$build/boot-tests/screen"
# ... and on a graphical framebuffer GRUB kept (UEFI GOP by the ISO's own
# entry, BIOS VBE by gfxpayload=WxHxD; QEMU screendump)
tool_test screen_fb "$here/tests/boot/screen_fb.py" "$build/thinvisor.elf" \
	"$build/boot-tests/screen-fb"

echo "== Linux's x86 selftests, natively and under thinvisor"
# one test: every program must give the same result in both boots
if "$here/tests/boot/selftests_compare.sh" "$build" >"$build/tests/selftests_compare.log" 2>&1; then
	grep -E '^selftests: ' "$build/tests/selftests_compare.log" | sed 's/^/    /'
	tail -n 1 "$build/tests/selftests_compare.log"
	passed=$((passed + 1))
else
	sed 's/^/    /' "$build/tests/selftests_compare.log" | tail -n 40
	echo "FAIL selftests-compare"
	failed=$((failed + 1))
fi

echo "== lint and fuzz"
# tools/lint.sh counts one test; tools/fuzz.sh one per harness, here a smoke
# run of FUZZ_SMOKE_SECONDS each (`make fuzz` runs them longer).
mkdir -p "$build/tests"
if "$here/tools/lint.sh" >"$build/tests/lint.log" 2>&1; then
	echo "PASS $(tail -n 1 "$build/tests/lint.log")"
	passed=$((passed + 1))
else
	echo "FAIL $(tail -n 1 "$build/tests/lint.log")"
	head -n -1 "$build/tests/lint.log" | head -n 40 | sed 's/^/    /'
	failed=$((failed + 1))
fi
"$here/tools/fuzz.sh" "${FUZZ_SMOKE_SECONDS:-10}" "$build" >"$build/tests/fuzz.log" 2>&1
nfuzz=0
while IFS= read -r line; do
	name=${line#fuzz }
	name=${name%%:*}
	nfuzz=$((nfuzz + 1))
	if [[ $line =~ ,\ 0\ crashes$ ]]; then
		echo "PASS fuzz-$name: ${line#*: }"
		passed=$((passed + 1))
	else
		echo "FAIL fuzz-$name: ${line#*: }"
		# the indented detail lines fuzz.sh printed under this harness
		awk -v h="fuzz $name:" '/^fuzz / { p = index($0, h) == 1; next } p' \
			"$build/tests/fuzz.log"
		failed=$((failed + 1))
	fi
done < <(grep '^fuzz ' "$build/tests/fuzz.log")
if [ "$nfuzz" = 0 ]; then
	echo "FAIL fuzz: no harness ran (log: $build/tests/fuzz.log)"
	tail -n 20 "$build/tests/fuzz.log" | sed 's/^/    /'
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
