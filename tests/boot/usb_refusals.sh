#!/usr/bin/env bash
# usb_refusals.sh - checks tools/usb.sh refuses what it must, each time with
# its one line and its own exit status, and writes when every check holds.
#
# Real devices: no arguments, a missing ISO, a path that does not exist,
# /dev/null, a regular file, and (where losetup works, i.e. as root) a loop
# device, which the real lsblk reports as not removable.  Then the same loop
# device described by a stub lsblk (THINVISOR_USB_LSBLK) as a partition, as
# mounted, as holding a dm-crypt volume, as too small, and as a USB stick:
# with no terminal, with "no" typed, with "yes" typed on a pseudo-terminal
# and with YES=1, where the stick's bytes must then equal the ISO's.  Nothing
# outside a temporary folder and the loop device made here is written.
#
# Prints one line per check, "skip NAME: why" for each check it cannot run
# here (no loop device: losetup needs root and /dev/loop-control, Debian
# package mount; no script(1): bsdutils), and ends with one of
#   PASS usb-refusals (M checks)                            exit 0
#   FAIL usb-refusals: N of M checks failed[, K skipped]     exit 1
#   SKIP usb-refusals: K of M checks not run (why)          exit 77
# A skipped check is never a passed one: all M must run to pass.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
usb=$here/tools/usb.sh
tmp=$(mktemp -d)
loop=
cleanup() {
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
checks=0 failures=0 skipped=0 reasons=()

# skip WHY NAME...: these checks cannot run here; each is listed with why.
skip() {
	local why=$1 what
	shift
	for what in "$@"; do
		skipped=$((skipped + 1))
		echo "skip $what: $why"
	done
	reasons+=("$why")
}

# expect NAME STATUS REGEX CMD...: CMD must exit STATUS with a stderr line
# matching REGEX.
expect() {
	local what=$1 want=$2 re=$3 st
	shift 3
	"$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	st=$?
	checks=$((checks + 1))
	if [ "$st" = "$want" ] && grep -qE -- "$re" "$tmp/err"; then
		echo "ok   $what: status $st: $(grep -m1 -E -- "$re" "$tmp/err")"
	else
		failures=$((failures + 1))
		echo "FAIL $what: status $st (want $want), stderr:"
		sed 's/^/       /' "$tmp/err" "$tmp/out" | tail -n 5
		echo "       (wanted a line matching /$re/)"
	fi
}

# expect_pty NAME STATUS REGEX ANSWER: usb.sh on the loop device with a
# pseudo-terminal from script(1), ANSWER typed into it; the typescript holds
# what the terminal showed.
expect_pty() {
	local what=$1 want=$2 re=$3 answer=$4 st
	dd if=/dev/zero of="$loop" bs=1M count=2 conv=fsync status=none
	echo "$answer" | script -qefc "$usb $loop $iso" "$tmp/typescript" >/dev/null 2>&1
	st=$?
	tr -d '\r' <"$tmp/typescript" >"$tmp/err"
	checks=$((checks + 1))
	if [ "$st" = "$want" ] && grep -qE -- "$re" "$tmp/err"; then
		echo "ok   $what: status $st: $(grep -m1 -E -- "$re" "$tmp/err")"
	else
		failures=$((failures + 1))
		echo "FAIL $what: status $st (want $want), terminal:"
		tail -n 5 "$tmp/err" | sed 's/^/       /'
		echo "       (wanted a line matching /$re/)"
	fi
}

# A 1 MiB "ISO" of random bytes stands in for the real one.
iso=$tmp/test.iso
head -c 1048576 /dev/urandom >"$iso"
: >"$tmp/plain-file"

expect "no arguments" 2 '^usb.sh: refusing: usage: ' "$usb"
expect "missing ISO" 3 '^usb.sh: refusing: ISO .* is not a readable file' \
	"$usb" /dev/thinvisor-no-such-disk "$tmp/no-such.iso"
expect "nonexistent device" 4 "^usb.sh: refusing: '/dev/thinvisor-no-such-disk' does not exist" \
	"$usb" /dev/thinvisor-no-such-disk "$iso"
expect "/dev/null" 5 "^usb.sh: refusing: '/dev/null' is not a block device" \
	"$usb" /dev/null "$iso"
expect "regular file" 5 "^usb.sh: refusing: '$tmp/plain-file' is not a block device" \
	"$usb" "$tmp/plain-file" "$iso"

truncate -s 8M "$tmp/disk.img"
if loop=$(losetup -f --show "$tmp/disk.img" 2>"$tmp/losetup.err") && [ -b "$loop" ]; then
	expect "loop device, real lsblk" 7 "^usb.sh: refusing: '$loop' is not removable and not on USB" \
		"$usb" "$loop" "$iso"

	# The stub answers usb.sh's two lsblk questions from STUB_* variables.
	stub=$tmp/lsblk
	cat >"$stub" <<'EOF'
#!/usr/bin/env bash
dev=${*: -1}
case " $* " in
*MOUNTPOINTS*) echo "$dev ${STUB_MOUNT:-}" ;;
*" NAME,TYPE "*) echo "$dev ${STUB_TYPE:-disk}"; [ -z "${STUB_HOLDER:-}" ] || echo "$STUB_HOLDER" ;;
*) echo "NAME=\"${dev#/dev/}\" TYPE=\"${STUB_TYPE:-disk}\" RM=\"${STUB_RM:-1}\" TRAN=\"${STUB_TRAN:-usb}\" SIZE=\"${STUB_SIZE:-8388608}\" MODEL=\"Stub Stick 3.0\"" ;;
esac
EOF
	chmod +x "$stub"
	export THINVISOR_USB_LSBLK=$stub
	expect "loop as a partition" 8 "^usb.sh: refusing: '$loop' is a part, not a whole disk" \
		env STUB_TYPE=part "$usb" "$loop" "$iso"
	expect "loop, USB but not removable, as a partition" 8 "is a part, not a whole disk" \
		env STUB_TYPE=part STUB_RM=0 "$usb" "$loop" "$iso"
	expect "loop, removable but not USB, mounted" 9 "^usb.sh: refusing: '$loop' is in use: $loop on /media/stick" \
		env STUB_TRAN=sata STUB_MOUNT=/media/stick "$usb" "$loop" "$iso"
	expect "loop holding an unmounted dm-crypt volume" 9 "^usb.sh: refusing: '$loop' is in use by /dev/mapper/stick \\(crypt\\); stop it first" \
		env STUB_HOLDER="/dev/mapper/stick crypt" "$usb" "$loop" "$iso"
	expect "loop as a 512 KiB stick" 10 "^usb.sh: refusing: '$loop' holds 524288 bytes, the ISO needs 1048576" \
		env STUB_SIZE=524288 "$usb" "$loop" "$iso"
	# setsid: no controlling terminal, so /dev/tty cannot be opened.
	expect "no terminal, no YES" 12 '^usb.sh: refusing: no terminal to confirm on' \
		setsid -w "$usb" "$loop" "$iso"
	if command -v script >/dev/null; then
		expect_pty "answer no" 13 "usb.sh: refusing: the answer was 'no', not 'yes'; nothing was written" no
		cmp -s -n 1048576 "$iso" "$loop" && echo "FAIL answer no: the device was written anyway" &&
			failures=$((failures + 1))
		expect_pty "answer yes" 0 "^usb.sh: done: $loop holds" yes
		checks=$((checks + 1))
		if cmp -s -n 1048576 "$iso" "$loop"; then
			echo "ok   answer yes: the device's first 1 MiB equals the ISO"
		else
			failures=$((failures + 1))
			echo "FAIL answer yes: the device's bytes differ from the ISO"
		fi
	else
		skip "script(1) is not installed (Debian package bsdutils)" "answer no" \
			"answer yes" "answer yes: the device's first 1 MiB equals the ISO"
	fi
	dd if=/dev/zero of="$loop" bs=1M count=2 conv=fsync status=none
	checks=$((checks + 1))
	if YES=1 setsid -w "$usb" "$loop" "$iso" >"$tmp/out" 2>&1 && cmp -s -n 1048576 "$iso" "$loop" &&
		grep -q '^usb.sh: about to overwrite .*Stub Stick 3.0, 8 MB' "$tmp/out"; then
		echo "ok   YES=1: model and size shown, written, bytes equal"
	else
		failures=$((failures + 1))
		echo "FAIL YES=1: not written, bytes differ or no model/size line"
		tail -n 5 "$tmp/out" | sed 's/^/       /'
	fi
else
	loop=
	skip "no loop device: losetup -f failed: $(head -n 1 "$tmp/losetup.err") (it needs root and /dev/loop-control)" \
		"loop device, real lsblk" "loop as a partition" \
		"loop, USB but not removable, as a partition" "loop, removable but not USB, mounted" \
		"loop holding an unmounted dm-crypt volume" "loop as a 512 KiB stick" \
		"no terminal, no YES" "answer no" "answer yes" \
		"answer yes: the device's first 1 MiB equals the ISO" "YES=1"
fi

total=$((checks + skipped))
if [ "$failures" != 0 ]; then
	echo "FAIL usb-refusals: $failures of $total checks failed$([ "$skipped" = 0 ] || echo ", $skipped skipped")"
	exit 1
elif [ "$skipped" != 0 ]; then
	why=$(printf '%s; ' "${reasons[@]}")
	echo "SKIP usb-refusals: $skipped of $total checks not run (${why%; })"
	exit 77
fi
echo "PASS usb-refusals ($checks checks)"
