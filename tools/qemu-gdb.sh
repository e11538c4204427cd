#!/usr/bin/env bash
# qemu-gdb.sh ISO ELF [--kvm] [--port N] [--megs N] [--serial FILE]
# Starts QEMU on ISO stopped before the first instruction (-S) with its gdb
# stub listening on 127.0.0.1:PORT (default 1234, as QEMU's -s), and prints
# the gdb command that attaches with ELF's symbols.  The serial console is
# this terminal (Ctrl-A X ends QEMU) or FILE.  gdb's `kill` also ends it.
#
#   --kvm   -enable-kvm -cpu host: the only way QEMU has VMX, so the only way
#           past thinvisor's VMX check (needs /dev/kvm and nested VMX; see
#           docs/REAL_MACHINES.md).  Under KVM use `hbreak`, not `break`:
#           a software breakpoint is a byte written into guest memory
#           through the current page tables, and before thinvisor's own are
#           live its addresses are not mapped.  Under TCG both kinds work.
#
# The ELF's addresses are the ones thinvisor runs at once paging is on
# (0xFFFFFFFF80000000 up); the 32-bit entry (_start32) runs at its physical
# address and needs `set architecture i386` to disassemble.
set -euo pipefail
usage() {
	echo "usage: tools/qemu-gdb.sh ISO ELF [--kvm] [--port N] [--megs N] [--serial FILE]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
iso=$1 elf=$2
shift 2
kvm=0 port=1234 megs=512 serial=mon:stdio
while [ $# -gt 0 ]; do
	case $1 in
	--kvm) kvm=1; shift ;;
	--port) port=$2; shift 2 ;;
	--megs) megs=$2; shift 2 ;;
	--serial) serial=file:$2; shift 2 ;;
	*) usage ;;
	esac
done
for f in "$iso" "$elf"; do
	[ -f "$f" ] || { echo "qemu-gdb.sh: no file '$f'" >&2; exit 1; }
done

accel=() bp=break
if [ "$kvm" = 1 ]; then
	if [ ! -w /dev/kvm ]; then
		echo "qemu-gdb.sh: --kvm needs a writable /dev/kvm" >&2
		exit 1
	fi
	accel=(-enable-kvm -cpu host) bp=hbreak
fi
# -no-shutdown: when the guest powers off, QEMU stays for gdb to look at it.
# shellcheck disable=SC2054 # the commas are in QEMU option values
cmd=(qemu-system-x86_64 "${accel[@]}" -m "$megs" -cdrom "$iso"
	-display none -serial "$serial" -monitor none -no-reboot -no-shutdown
	-device isa-debug-exit,iobase=0xf4,iosize=4
	-gdb "tcp:127.0.0.1:$port" -S)
{
	echo "qemu-gdb: QEMU waits for gdb on 127.0.0.1:$port; in another terminal:"
	echo "    gdb $elf -ex 'target remote :$port'"
	echo "qemu-gdb: then for example: -ex '$bp hv_main' -ex c (or $bp vmexit_dispatch)"
	command -v gdb >/dev/null || echo "qemu-gdb: gdb is not installed: apt-get install gdb"
	echo "qemu-gdb: ${cmd[*]}"
} >&2
exec "${cmd[@]}"
