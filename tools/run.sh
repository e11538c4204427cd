#!/usr/bin/env bash
# run.sh ISO - boot thinvisor the best way this machine allows:
# QEMU with KVM (nested VMX) where /dev/kvm exists and the CPU has VMX,
# otherwise Bochs with a VMX CPU model.  The first line says which and why.
#
# Ends like a program: status 0 when the guest finished (it powered off:
# thinvisor's exit code 0x01, or a guest booted without thinvisor that
# powered off), otherwise the emulator's status, which carries thinvisor's
# exit code as (code << 1) | 1 (README "When it stops"), with a last line
# that names the code.  The terminal's settings are restored after Bochs.
set -euo pipefail
iso=$1
here=$(cd "$(dirname "$0")" && pwd)
bochslog=$(dirname "$iso")/run-bochs.log

# finish STATUS: exit as described above
finish() {
	local st=$1
	case $st in
	0 | 3) exit 0 ;;
	2)
		if grep -q 'ACPI control: soft power off' "$bochslog" 2>/dev/null; then
			echo "run: the guest powered off (it ran without thinvisor)"
			exit 0
		fi
		echo "run: the emulator ended without thinvisor's exit code (see $bochslog)" >&2
		;;
	124 | 137) echo "run: timed out after ${RUN_TIMEOUT:-600} s" >&2 ;;
	*)
		if [ $((st & 1)) = 1 ]; then
			printf 'run: thinvisor stopped with exit code 0x%02x (status %d); README "When it stops" says why\n' \
				$((st >> 1)) "$st" >&2
		else
			echo "run: the emulator failed with status $st" >&2
		fi
		;;
	esac
	exit "$st"
}

if [ -e /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	echo "run: /dev/kvm exists and this CPU has VMX: booting in QEMU with KVM (nested VMX)"
	# shellcheck disable=SC2054 # (commas inside one QEMU option)
	cmd=(qemu-system-x86_64 -enable-kvm -cpu host -m 1024 -cdrom "$iso"
		-serial stdio -display none -no-reboot
		-device isa-debug-exit,iobase=0xf4,iosize=4)
	echo "run: ${cmd[*]}"
	"${cmd[@]}" && st=0 || st=$?
	finish "$st"
fi
if [ ! -e /dev/kvm ]; then why="no /dev/kvm"; else why="this CPU has no VMX"; fi
if tty -s; then
	echo "run: $why: booting in Bochs (corei7_skylake_x, 512 MiB), serial console on this terminal"
	BOCHS_LOG=$bochslog "$here/bochs.sh" "$iso" && st=0 || st=$?
	finish "$st"
fi
log=$(dirname "$iso")/run-serial.log
echo "run: $why: booting in Bochs (corei7_skylake_x, 512 MiB), headless (no terminal): serial log in $log"
BOCHS_LOG=$bochslog "$here/bochs.sh" "$iso" --serial "$log" --timeout "${RUN_TIMEOUT:-600}" && st=0 || st=$?
tr -d '\r' <"$log"
finish "$st"
