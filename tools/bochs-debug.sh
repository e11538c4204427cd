#!/usr/bin/env bash
# bochs-debug.sh ISO ELF [--break [SYMBOL]]... [--commands FILE]
#                [--model M] [--megs N] [--serial FILE] [--console FILE] [--timeout S]
# Boots ISO in Bochs' debugger with ELF's symbols loaded (tools/symbols.sh,
# `ldsym global`) and the magic breakpoint on (BOCHS_MAGIC_BREAK()).
#
#   --break SYMBOL  a breakpoint at SYMBOL's linear address (`lb`; thinvisor
#                   runs at its link addresses, 0xFFFFFFFF80000000 up).
#                   Without SYMBOL: vmexit_dispatch, the C entry of every VM
#                   exit.  Repeatable.  With breakpoints Bochs runs (`c`)
#                   until the first one hits; without, it stops before the
#                   BIOS' first instruction.
#   --commands FILE more debugger commands run after those (e.g. `r`, `q`),
#                   before the terminal takes over
#   --serial FILE   headless: serial port to FILE, Bochs' display and
#                   debugger output to --console FILE, commands only from
#                   the script (its end ends Bochs): for scripted sessions
# Then the debugger prompt is yours: `c` continue, Ctrl-C break in, `s` step,
# `r`/`sreg`/`creg` registers, `u /10` disassemble, `x /4gx ADDR` memory,
# `info symbols "vmexit"`, `lb ADDR`/`blist`/`bpd N`, `vmexitbp` stop at the
# guest's next VM exit, `q` quit.
set -euo pipefail
usage() {
	echo "usage: tools/bochs-debug.sh ISO ELF [--break [SYMBOL]]... [--commands FILE]" \
		"[--model M] [--megs N] [--serial FILE] [--console FILE] [--timeout S]" >&2
	exit 2
}
[ $# -ge 2 ] || usage
iso=$1 elf=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
breaks=() commands="" pass=()
while [ $# -gt 0 ]; do
	case $1 in
	--break)
		if [ $# -ge 2 ] && [ "${2#--}" = "$2" ]; then
			breaks+=("$2")
			shift 2
		else
			breaks+=(vmexit_dispatch)
			shift
		fi
		;;
	--commands) commands=$2; shift 2 ;;
	--model | --megs | --serial | --console | --timeout) pass+=("$1" "$2"); shift 2 ;;
	*) usage ;;
	esac
done
for f in "$iso" "$elf"; do
	[ -f "$f" ] || { echo "bochs-debug.sh: no file '$f'" >&2; exit 1; }
done
[ -z "$commands" ] || [ -f "$commands" ] || { echo "bochs-debug.sh: no file '$commands'" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$here/symbols.sh" "$elf" "$work/thinvisor.sym"
{
	echo "ldsym global \"$work/thinvisor.sym\""
	for sym in "${breaks[@]}"; do
		# exact name match in the symbol file; the address is linear
		addr=$(awk -v s="$sym" '$2 == s { print $1; exit }' "$work/thinvisor.sym")
		if [ -z "$addr" ]; then
			echo "bochs-debug.sh: no code symbol '$sym' in $elf" >&2
			exit 1
		fi
		echo "bochs-debug.sh: breakpoint at $sym = 0x$addr" >&2
		echo "lb 0x$addr"
	done
	[ ${#breaks[@]} -eq 0 ] || echo "c"
	[ -z "$commands" ] || cat "$commands"
} >"$work/debug.rc"
# Not exec: the symbol file and script must outlive Bochs' start, and the
# folder is removed when Bochs ends.
"$here/bochs.sh" "$iso" --rc "$work/debug.rc" --magic-break "${pass[@]}"
