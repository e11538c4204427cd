#!/usr/bin/env bash
# mkiso.sh OUT.iso THINVISOR.ELF GRUB.CFG [FILE[:NAME]...]
# Builds a GRUB rescue ISO (BIOS and, where grub-efi-amd64-bin is installed,
# UEFI) holding /boot/thinvisor.elf, the given grub.cfg as
# /boot/grub/grub.cfg and each extra FILE under /boot/ (as NAME if given).
set -euo pipefail
out=$1 elf=$2 cfg=$3
shift 3
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/boot/grub"
cp "$elf" "$stage/boot/thinvisor.elf"
cp "$cfg" "$stage/boot/grub/grub.cfg"
for f in "$@"; do
	src=${f%%:*} dst=$(basename "${f#*:}")
	cp "$src" "$stage/boot/$dst"
done
mkdir -p "$(dirname "$out")"
grub-mkrescue -o "$out" "$stage" >"$stage.log" 2>&1 || {
	cat "$stage.log" >&2
	rm -f "$stage.log"
	exit 1
}
rm -f "$stage.log"
