#!/usr/bin/env bash
# bochs.sh ISO [--serial FILE] [--model M] [--megs N] [--cpus N] [--timeout S]
#              [--debugger] [--rc FILE] [--magic-break] [--console FILE]
# Runs Bochs on an ISO.  Headless with --serial (serial to FILE, Bochs' own
# terminal output - display, debugger - to --console FILE or discarded);
# without --serial the serial port is the terminal.
#   --debugger     stop at Bochs' debugger prompt before the first instruction
#   --rc FILE      debugger mode, running FILE's debugger commands first (then
#                  the terminal's; headless, end of FILE ends Bochs)
#   --magic-break  `xchg bx, bx` (BOCHS_MAGIC_BREAK() in include/arch/debug.h)
#                  enters the debugger (bochsrc `magic_break: enabled=1`)
# Exit status: Bochs' own (1 after a requested shutdown), 124/137 on timeout.
set -euo pipefail
iso=$1
shift
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
	*) echo "bochs.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -n "$serial" ]; then
	mode=file dev=$serial
else
	mode=term dev=$(tty 2>/dev/null || echo /dev/stdout)
fi
sed -e "s|@MEGS@|$megs|" -e "s|@HOSTMEGS@|$((megs < 2048 ? megs : 2048))|" -e "s|@MODEL@|$model|" -e "s|@CPUS@|$cpus|" \
	-e "s|@ISO@|$iso|" -e "s|@COM1MODE@|$mode|" -e "s|@COM1DEV@|$dev|" \
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
if [ -n "$serial" ]; then
	# Headless: Bochs' term display ignores SIGTERM, so SIGKILL follows.
	TERM=dumb timeout -k 5 "${tmo:-600}" bochs -q -f "$work/bochsrc" "${rc[@]}" \
		</dev/null >"${console:-$work/display.out}" 2>&1 && st=0 || st=$?
	exit $st
fi
exec bochs -q -f "$work/bochsrc" "${rc[@]}"
