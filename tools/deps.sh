#!/usr/bin/env bash
# deps.sh - install the Debian packages thinvisor's build, guest and tests
# need, when any is missing.  As root it runs apt-get itself (with one
# `apt-get update` first, as a fresh machine's package lists may be empty);
# through sudo when that works without a password; otherwise it prints the
# one command to run and fails.
set -euo pipefail

PACKAGES=(
	gcc make nasm binutils git             # the hypervisor
	grub-common grub-pc-bin grub-efi-amd64-bin xorriso mtools   # the ISO
	qemu-system-x86 ovmf bochs bochs-term bochsbios vgabios                 # emulators
	gdb                                                          # make qemu-gdb
	libcmocka-dev clang libclang-rt-14-dev python3              # tests, fuzzing
	cppcheck clang-format shellcheck                             # make lint
	util-linux mount bsdutils diffutils    # usb_refusals.sh: lsblk, setsid, losetup, script, cmp
	fdisk e2fsprogs                        # disk_boot.sh: sfdisk, mkfs.ext2 -d, blkid
	lintian                                # deb_package.sh (make deb itself needs only dpkg-deb)
	# (also: grub-common's grub-mkconfig and util-linux's unshare for
	# tests/tools/grub_generator.sh; bsdutils' script for make run)
	linux-source-6.1 flex bison bc libelf-dev libssl-dev cpio busybox-static  # the guest
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
	SUDO=()
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
	SUDO=(sudo -n)
else
	echo "deps: run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
