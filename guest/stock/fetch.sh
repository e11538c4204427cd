#!/usr/bin/env bash
# fetch.sh OUTDIR - Debian's own stock kernel, as a user's installed system
# has it, for the disk test (tests/tools/disk_boot.sh).
#
# The kernel is the one Debian's linux-image-amd64 depends on now, taken
# unsigned (`apt-get download linux-image-<abi>-amd64-unsigned`: the same
# bzImage without the Secure Boot signature).  Its disk and file-system
# drivers are modules (CONFIG_ATA=m, CONFIG_ATA_PIIX=m, CONFIG_BLK_DEV_SD=m,
# CONFIG_EXT4_FS=m), so an initrd must load them, as Debian's initramfs
# does.  Cached outside the repo at
#     ${THINVISOR_CACHE:-$HOME/.cache/thinvisor}/debian-kernel-<pkg>_<version>/
# holding vmlinuz-<abi>-amd64, config-<abi>-amd64, and lib/modules/<abi>-amd64/
# with just the modules below and what they need, plus the modules.dep that
# busybox's depmod wrote for them (the package ships none: its postinst runs
# depmod).  Without network, the newest cached entry is used, with a line
# saying so.
#
# OUTDIR receives a copy: vmlinuz-V, config-V, lib/modules/V/..., and the
# file `version` holding V.
set -euo pipefail
GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE_ROOT=${THINVISOR_CACHE:-$HOME/.cache/thinvisor}
BUSYBOX=${THINVISOR_BUSYBOX:-/bin/busybox}
# The drivers a PC's IDE disk with an ext2/3/4 root needs: the PIIX IDE
# controller (Bochs' and QEMU's i440FX), AHCI (real machines, QEMU q35), the
# SCSI disk and ext4 (which mounts ext2 and ext3 too); crc32c and
# crct10dif are asked for by name at run time (crypto API), not by symbol.
MODULES=(ata_piix ahci sd_mod ext4 crc32c_generic crct10dif_generic)

LIB_TAG=stock-kernel
# shellcheck source=guest/lib.sh
source "$GUEST_DIR/lib.sh"
need_tools apt-get apt-cache dpkg-deb flock "$BUSYBOX"

# resolve: the unsigned package of the kernel linux-image-amd64 depends on,
# with its candidate version ("" when apt knows neither).
resolve() {
	local dep
	dep=$(apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*-amd64\)$/\1/p' | head -n 1)
	[ -n "$dep" ] || return 0
	PKG=$dep-unsigned
	PKG_VERSION=$(apt-cache policy "$PKG" 2>/dev/null | sed -n 's/^ *Candidate: //p')
	[ "$PKG_VERSION" != "(none)" ] || PKG_VERSION=
}

PKG='' PKG_VERSION=''
resolve
if [ -z "$PKG_VERSION" ] && [ "$(id -u)" = 0 ]; then
	# A fresh machine's package lists may be empty (make deps updates
	# them only when it installs something).
	say "apt knows no linux-image-amd64: apt-get update"
	apt-get update -q >/dev/null 2>&1 || true
	resolve
fi
if [ -n "$PKG_VERSION" ]; then
	ENTRY=$CACHE_ROOT/debian-kernel-${PKG}_${PKG_VERSION//[:\/]/_}
else
	ENTRY=$(find "$CACHE_ROOT" -maxdepth 1 -name 'debian-kernel-*' -type d 2>/dev/null | sort -V | tail -n 1)
	[ -n "$ENTRY" ] ||
		die "apt cannot name Debian's linux-image-amd64 kernel (no package lists or no network) and nothing is cached: run apt-get update"
	say "apt cannot name Debian's current kernel; using the cached $ENTRY"
fi

build_entry() {
	local tmp deb x v m dep
	tmp=$(mktemp -d "$CACHE_ROOT/.tmp-$(basename "$ENTRY").XXXXXX")
	CLEANUP+=("$tmp")
	# (as root, apt warns that its _apt user cannot write there)
	(cd "$tmp" && apt-get download -q "$PKG=$PKG_VERSION" 2>&1) | grep -v '^W: Download is performed unsandboxed' || true
	deb=$(find "$tmp" -maxdepth 1 -name '*.deb' | head -n 1)
	[ -n "$deb" ] || die "apt-get download $PKG=$PKG_VERSION fetched nothing"
	x=$tmp/x
	dpkg-deb -x "$deb" "$x"
	v=$(basename "$(find "$x/lib/modules" -mindepth 1 -maxdepth 1 -type d | head -n 1)")
	[ -f "$x/boot/vmlinuz-$v" ] || die "$deb holds no /boot/vmlinuz-$v"
	"$BUSYBOX" depmod -b "$x" "$v"
	mkdir -p "$tmp/entry/lib/modules/$v"
	cp "$x/boot/vmlinuz-$v" "$x/boot/config-$v" "$tmp/entry/"
	# Each module and everything modules.dep says it needs.
	for m in "${MODULES[@]}"; do
		dep=$(grep -E "^([^:]*/)?${m//_/[_-]}\.ko:" "$x/lib/modules/$v/modules.dep") ||
			die "$PKG has no module $m"
		for f in ${dep/:/}; do
			install -D -m 0644 "$x/lib/modules/$v/$f" "$tmp/entry/lib/modules/$v/$f"
		done
	done
	"$BUSYBOX" depmod -b "$tmp/entry" "$v"
	echo "$v" >"$tmp/entry/version"
	echo "$PKG $PKG_VERSION" >"$tmp/entry/package"
	mv "$tmp/entry" "$ENTRY"
}
cache_fill "Debian kernel $PKG $PKG_VERSION" "$ENTRY" version build_entry

cp -a "$ENTRY/." "$OUTDIR/"
say "$(cat "$ENTRY/package") -> $OUTDIR (Linux $(cat "$ENTRY/version"))"
