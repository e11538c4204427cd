#!/usr/bin/env bash
# symbols.sh ELF OUT - write a symbol file for Bochs' debugger (its `ldsym`
# command and the bochsrc `debug_symbols:` line) from the ELF's code symbols.
#
# Bochs reads one symbol a line: a hexadecimal address, one space, the name
# ("ffffffff80007290 vmexit_dispatch").  The addresses are the ELF's link
# addresses, which are the linear addresses thinvisor runs at once its own
# page tables are live (it is linked at 0xFFFFFFFF80000000 and mapped there
# wherever GRUB put it), so `ldsym global` needs no offset.  The 32-bit
# entry code (_start32 up to entry64_high) runs at its physical address
# before paging: its symbols do not match there.
#
# Only code symbols (nm types T, t, W, w) are kept, sorted by address (nm -n),
# since Bochs names the nearest symbol below an address when it disassembles.
# Bochs 2.7 finds that symbol only when a higher one exists (it looks for the
# first symbol above the address and steps back), so a last line marks the
# end of .text: without it the highest code symbol (vmx_exit, where every VM
# exit lands) would show as "no symbol".
set -euo pipefail
if [ $# -ne 2 ]; then
	echo "usage: tools/symbols.sh ELF OUT" >&2
	exit 2
fi
elf=$1 out=$2
[ -f "$elf" ] || {
	echo "symbols.sh: no ELF file '$elf' (make builds build/thinvisor.elf)" >&2
	exit 1
}
nm -n "$elf" | awk 'NF == 3 && $2 ~ /^[TtWw]$/ { print $1 " " $3 }' >"$out.tmp"
# readelf -S: "[ n] .text PROGBITS ADDRESS OFFSET SIZE ..."
read -r text_addr text_size < <(readelf -SW "$elf" |
	sed -n 's/^ *\[ *[0-9]*\] \.text  *[A-Z_]*  *\([0-9a-f]*\) [0-9a-f]* \([0-9a-f]*\) .*/\1 \2/p') || true
if [ -n "${text_addr:-}" ]; then
	printf '%016x __end_of_text\n' $((16#$text_addr + 16#$text_size)) >>"$out.tmp"
fi
if [ ! -s "$out.tmp" ]; then
	rm -f "$out.tmp"
	echo "symbols.sh: '$elf' has no code symbols (stripped?)" >&2
	exit 1
fi
mv "$out.tmp" "$out"
