#!/usr/bin/env bash
# run.sh ISO - boot thinvisor the best way this machine allows:
# QEMU with KVM (nested VMX) where /dev/kvm exists and the CPU has VMX,
# otherwise Bochs with a VMX CPU model.  The first line says which and why.
set -euo pipefail
iso=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ -e /dev/kvm ] && grep -qw vmx /proc/cpuinfo; then
	echo "run: /dev/kvm exists and this CPU has VMX: booting in QEMU with KVM (nested VMX)"
	cmd=(qemu-system-x86_64 -enable-kvm -cpu host -m 1024 -cdrom "$iso"
		-serial stdio -display none -no-reboot
		-device isa-debug-exit,iobase=0xf4,iosize=4)
	echo "run: ${cmd[*]}"
	exec "${cmd[@]}"
fi
if [ ! -e /dev/kvm ]; then why="no /dev/kvm"; else why="this CPU has no VMX"; fi
if tty -s; then
	echo "run: $why: booting in Bochs (corei7_skylake_x, 512 MiB), serial console on this terminal"
	exec "$here/bochs.sh" "$iso"
fi
log=$(dirname "$iso")/run-serial.log
echo "run: $why: booting in Bochs (corei7_skylake_x, 512 MiB), headless (no terminal): serial log in $log"
"$here/bochs.sh" "$iso" --serial "$log" --timeout "${RUN_TIMEOUT:-600}" || true
tr -d '\r' <"$log"
