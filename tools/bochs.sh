#!/usr/bin/env bash
# bochs.sh ISO [--serial FILE] [--model M] [--megs N] [--cpus N] [--timeout S] [--debugger]
# Runs Bochs on an ISO.  Headless by default (serial to FILE, the terminal
# display on /dev/null); without --serial the serial port is the terminal.
# Exit status: Bochs' own (1 after a requested shutdown), 124/137 on timeout.
set -euo pipefail
iso=$1
shift
serial="" model=corei7_skylake_x megs=512 cpus=1 tmo=0 debugger=0
while [ $# -gt 0 ]; do
	case $1 in
	--serial) serial=$2; shift 2 ;;
	--model) model=$2; shift 2 ;;
	--megs) megs=$2; shift 2 ;;
	--cpus) cpus=$2; shift 2 ;;
	--timeout) tmo=$2; shift 2 ;;
	--debugger) debugger=1; shift ;;
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
# Debian's Bochs has its debugger built in: it stops at a prompt before the
# first instruction unless told to continue.
echo c >"$work/cont.rc"
rc=(-rc "$work/cont.rc")
[ "$debugger" = 1 ] && rc=()
if [ -n "$serial" ]; then
	# Headless: Bochs' term display ignores SIGTERM, so SIGKILL follows.
	TERM=dumb timeout -k 5 "${tmo:-600}" bochs -q -f "$work/bochsrc" "${rc[@]}" \
		</dev/null >"$work/display.out" 2>&1 && st=0 || st=$?
	exit $st
fi
exec bochs -q -f "$work/bochsrc" "${rc[@]}"
