#!/usr/bin/env bash
# run_status.sh - tools/run.sh (make run) ends like a program: its status
# and last line for each way the emulator can end, on a terminal (script(1)
# gives it one) and headless, and the terminal's settings afterwards.
#
# Stand-ins named bochs and qemu-system-x86_64 come first on PATH: the bochs
# one puts the terminal in raw mode as Bochs' term display leaves it, writes
# "thinvisor-exit: 0xNN" on its stdout as port 0xE9 does (FAKE_CODE) or logs
# an ACPI power-off (FAKE_ACPI, a guest booted without thinvisor) and exits
# 1 as Bochs does; the QEMU one exits (code << 1) | 1 as isa-debug-exit
# makes it.  Expected: 0 when the guest finished (0x01, or a native ACPI
# power-off), (code << 1) | 1 and a line naming the code otherwise, 2 when
# the emulator ended without a code; echo, icanon and onlcr on afterwards.
# Prints one line per check and ends with
#   PASS run-status (M checks)  exit 0 | FAIL run-status: N of M checks failed  exit 1
#   SKIP run-status: why        exit 77
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
command -v script >/dev/null || { echo "SKIP run-status: no script(1) (Debian package bsdutils)"; exit 77; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checks=0 failures=0
mkdir -p "$tmp/bin"
touch "$tmp/x.iso"

cat >"$tmp/bin/bochs" <<'EOF'
#!/bin/sh
# stand-in for Bochs: argv is -q -f BOCHSRC ...
rc=$3
if grep -q 'mode=term' "$rc"; then
	stty raw -echo -onlcr </dev/tty
fi
if [ -n "${FAKE_CODE:-}" ]; then
	printf '\nthinvisor-exit: 0x%s\n' "$FAKE_CODE"
fi
if [ -n "${FAKE_ACPI:-}" ]; then
	echo "00p[ACPI  ] >>PANIC<< ACPI control: soft power off" >>"$(sed -n 's/^log: //p' "$rc")"
fi
serial=$(sed -n 's/^com1: .*mode=file, dev=//p' "$rc")
[ -z "$serial" ] || echo "guest output" >"$serial"
exit 1
EOF
cat >"$tmp/bin/qemu-system-x86_64" <<'EOF'
#!/bin/sh
[ -n "${FAKE_CODE:-}" ] || exit 0
exit $(((0x$FAKE_CODE << 1 | 1) & 255))
EOF
chmod +x "$tmp/bin/bochs" "$tmp/bin/qemu-system-x86_64"

check() { # check NAME WANT GOT
	checks=$((checks + 1))
	if [ "$2" = "$3" ]; then
		echo "ok $1"
	else
		failures=$((failures + 1))
		echo "FAIL $1: expected '$2', got '$3'"
		sed 's/^/    /' "$tmp/out"
	fi
}

# oncase NAME ENV WANT_STATUS WANT_LINE: run.sh on a terminal
oncase() {
	local name=$1 env=$2 want=$3 line=$4 got
	rm -f "$tmp/run-bochs.log"
	env PATH="$tmp/bin:$PATH" "$env" script --quiet --return --command \
		"$here/tools/run.sh $tmp/x.iso; echo run-status=\$?; stty -a" "$tmp/out" \
		>/dev/null 2>&1 </dev/null
	got=$(tr -d '\r' <"$tmp/out" | sed -n 's/^run-status=//p')
	check "tty-$name-status" "$want" "$got"
	if [ -n "$line" ]; then
		check "tty-$name-line" yes "$(grep -qF "$line" "$tmp/out" && echo yes || echo no)"
	fi
	check "tty-$name-terminal" "echo icanon onlcr" \
		"$(tr -d '\r' <"$tmp/out" | sed -n '/^run-status=/,$p' | sed 's/[ ;]/\n/g' |
			grep -xE 'echo|icanon|onlcr' | sort | tr '\n' ' ' | sed 's/ $//')"
}
# offcase NAME ENV WANT_STATUS: run.sh without a terminal
offcase() {
	local name=$1 env=$2 want=$3 got
	rm -f "$tmp/run-bochs.log"
	env PATH="$tmp/bin:$PATH" "$env" "$here/tools/run.sh" "$tmp/x.iso" </dev/null >"$tmp/out" 2>&1
	got=$?
	check "headless-$name-status" "$want" "$got"
}

oncase guest-finished FAKE_CODE=01 0 ""
oncase guest-fault FAKE_CODE=19 51 "exit code 0x19"
oncase selftest-failed FAKE_CODE=02 5 "exit code 0x02"
if [ -e /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	oncase no-exit-line FAKE_NONE=1 0 "" # QEMU ended by itself
else
	oncase no-exit-line FAKE_NONE=1 2 "without thinvisor's exit code"
	oncase native-poweroff FAKE_ACPI=1 0 "the guest powered off"
fi
offcase guest-finished FAKE_CODE=01 0
offcase guest-fault FAKE_CODE=19 51

if [ "$failures" = 0 ]; then
	echo "PASS run-status ($checks checks)"
	exit 0
fi
echo "FAIL run-status: $failures of $checks checks failed"
exit 1
