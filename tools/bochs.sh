#!/usr/bin/env bash
# bochs.sh ISO [--serial FILE] [--model M] [--megs N] [--cpus N] [--timeout S]
#              [--debugger] [--rc FILE] [--magic-break] [--console FILE]
# bochs.sh --disk IMG [the same options]
# Runs Bochs on an ISO (a CD-ROM, booted through its El Torito image) or,
# with --disk, on a raw hard-disk image (booted through its MBR, as a PC
# boots its disk; the size must be a whole number of 16-head, 63-sector
# cylinders, 516096 bytes, which is the geometry Bochs' BIOS reports).  Headless with --serial (serial to FILE, Bochs' own
# terminal output - display, debugger - to --console FILE or discarded);
# without --serial the serial port is the terminal.
#   --debugger     stop at Bochs' debugger prompt before the first instruction
#   --rc FILE      debugger mode, running FILE's debugger commands first (then
#                  the terminal's; headless, end of FILE ends Bochs)
#   --magic-break  `xchg bx, bx` (BOCHS_MAGIC_BREAK() in include/arch/debug.h)
#                  enters the debugger (bochsrc `magic_break: enabled=1`)
# Exit status, headless (--serial): thinvisor's exit code as QEMU's
# isa-debug-exit gives it, (code << 1) | 1, e.g. 3 for 0x01 (guest done) and
# 51 for 0x19 (guest fault).  Bochs itself quits with status 1 after every
# shutdown request, whoever made it, so thinvisor's platform_stop() writes
# the line "thinvisor-exit: 0xNN" to port 0xE9 (bochsrc `port_e9_hack`,
# which prints it on Bochs' stdout) just before asking Bochs to quit; the
# last such line in that output is the code.  Other statuses:
#   2        Bochs ended without the line (e.g. a native guest's ACPI
#            power-off, GRUB's halt, a Bochs panic or error); even, so
#            never (code << 1) | 1
#   124/137  the --timeout ran out (SIGTERM, then SIGKILL 5 s later)
#   64       bad option to this script
# Interactive (no --serial): the same statuses.  Bochs' display and serial
# port are the terminal there, so Bochs runs on a pseudo-terminal of
# script(1), which passes everything through and keeps a copy, in which the
# line is found.  With --debugger or --rc, Bochs runs on the terminal itself
# and its own status is given.  Either way the terminal's settings are put
# back afterwards (Bochs' term display leaves it raw: no echo, no ONLCR).
set -euo pipefail
if [ "${1:-}" = --disk ]; then
	media=disk image=$2
	shift 2
else
	media=cdrom image=$1
	shift
fi
serial="" model=corei7_skylake_x megs=512 cpus=1 tmo=0 debugger=0 rcfile="" magic=0 console=""
while [ $# -gt 0 ]; do
	case $1 in
	--serial) serial=$2; shift 2 ;;
	--model) model=$2; shift 2 ;;
	--megs) megs=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--debugger) debugger=1; shift ;;
	--rc) debugger=1 rcfile=$2; shift 2 ;;
	--magic-break) magic=1; shift ;;
	--console) console=$2; shift 2 ;;
	*) echo "bochs.sh: unknown option $1" >&2; exit 64 ;;
	esac
done
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$serial" ]; then
	mode=file dev=$serial
else
	# the controlling terminal: script's pseudo-terminal, or with the
	# debugger the user's
	mode=term dev=/dev/tty
	if [ "$debugger" = 1 ]; then dev=$(tty 2>/dev/null) || dev=/dev/stdout; fi
fi
if [ "$media" = disk ]; then
	size=$(stat -c %s "$image")
	cyl=$((size / 516096))
	if [ $((cyl * 516096)) != "$size" ] || [ "$cyl" = 0 ]; then
		echo "bochs.sh: $image: $size bytes is not a whole number of 516096-byte cylinders (16 heads, 63 sectors)" >&2
		exit 64
	fi
	ata0="ata0-master: type=disk, path=$image, mode=flat, cylinders=$cyl, heads=16, spt=63"
else
	ata0="ata0-master: type=cdrom, path=$image, status=inserted"
fi
sed -e "s|@ATA0@|$ata0|" -e "s|@BOOT@|$media|" -e "s|@MEGS@|$megs|" -e "s|@HOSTMEGS@|$((megs < 2048 ? megs : 2048))|" -e "s|@MODEL@|$model|" -e "s|@CPUS@|$cpus|" \
	-e "s|@COM1MODE@|$mode|" -e "s|@COM1DEV@|$dev|" \
	-e "s|@BOCHSLOG@|${BOCHS_LOG:-$work/bochs.log}|" \
	"$here/bochsrc.in" >"$work/bochsrc"
# Bochs' magic breakpoint: XCHG BX, BX drops into the debugger.
[ "$magic" = 1 ] && echo "magic_break: enabled=1" >>"$work/bochsrc"
# Debian's Bochs has its debugger built in: it stops at a prompt before the
# first instruction unless told to continue.
echo c >"$work/cont.rc"
rc=(-rc "$work/cont.rc")
[ "$debugger" = 1 ] && rc=()
[ -n "$rcfile" ] && rc=(-rc "$rcfile")
# exit_status FILE: the status for the last exit line in FILE (2 if none)
exit_status() {
	local code
	code=$(grep -aoE 'thinvisor-exit: 0x[0-9a-f]{2}' "$1" 2>/dev/null | tail -n 1 | cut -c 19-20 || true)
	[ -n "$code" ] || return 2
	return $((((16#$code) << 1 | 1) & 255))
}
if [ -n "$serial" ]; then
	# Headless: Bochs' term display ignores SIGTERM, so SIGKILL follows.
	out=${console:-$work/display.out}
	TERM=dumb timeout -k 5 "${tmo:-600}" bochs -q -f "$work/bochsrc" "${rc[@]}" \
		</dev/null >"$out" 2>&1 && st=0 || st=$?
	[ "$st" = 124 ] || [ "$st" = 137 ] && exit "$st"
	exit_status "$out" && exit 0 || exit $?
fi
# Interactive: whatever ends Bochs, the terminal gets its settings back.
saved=$(stty -g 2>/dev/null || true)
restore() {
	[ -t 0 ] || return 0
	stty "$saved" 2>/dev/null || stty sane 2>/dev/null || true
}
trap 'restore; rm -rf "$work"' EXIT
if [ "$debugger" = 1 ]; then
	bochs -q -f "$work/bochsrc" "${rc[@]}" && st=0 || st=$?
	exit "$st"
fi
{
	printf '#!/bin/bash\nexec bochs -q -f'
	printf ' %q' "$work/bochsrc" "${rc[@]}"
	printf '\n'
} >"$work/bochs-cmd"
chmod +x "$work/bochs-cmd"
out=$work/terminal.out
script --quiet --return --command "$work/bochs-cmd" "$out" || true
restore
exit_status "$out" && exit 0 || exit $?
