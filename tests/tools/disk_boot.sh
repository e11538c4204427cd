#!/usr/bin/env bash
# disk_boot.sh [BUILD] [bios|uefi] - what a user does, on a disk: Debian's
# stock kernel installed on a disk with GRUB, `make install`, update-grub,
# and the "with thinvisor" menu entry booted from that disk: by BIOS in
# Bochs (bios, the default), or by UEFI in QEMU with OVMF (uefi: no VMX
# there, so what is checked is that GRUB hands the generated entry's
# thinvisor a framebuffer and the no-VMX FATAL line is on that screen, as
# on a UEFI machine without a serial port).
#
# 1. Debian's current stock kernel (guest/stock/fetch.sh: apt-get download
#    linux-image-<abi>-amd64-unsigned, cached) and an initrd that loads its
#    disk modules and mounts root= (guest/stock/initrd-init).
# 2. A root file system: busybox, /sbin/init (guest/stock/root-init: checks
#    the hypervisor flag and no VMX, powers off), /boot with the kernel and
#    initrd, and thinvisor as `make install DESTDIR=` puts it: the image in
#    /boot and the generator in /etc/grub.d, beside Debian's own 00_header
#    and 10_linux.
# 3. grub.cfg from the real grub-mkconfig running those generators
#    (tests/tools/grub_mkconfig_ns.sh), in a
#    private mount namespace where the root's /boot, /etc/grub.d and
#    /etc/default are bind-mounted over the host's, and stubs stand in for
#    grub-probe and grub-mkrelpath: they describe the disk being built (one
#    msdos partition, /dev/sda1, ext2, the UUID it is made with; checked
#    against blkid afterwards).  /etc/default/grub sets
#    GRUB_THINVISOR_FORCE=true (this machine has no VMX; the one that boots
#    does), GRUB_CMDLINE_THINVISOR="exit=emulator" (Bochs ends with
#    thinvisor's code) and makes the thinvisor entry the default, by its
#    title.
# 4. The disk, built without privileges or loop devices: mkfs.ext2 -d fills
#    the partition from the root folder; sfdisk writes the partition table;
#    GRUB goes in as grub-install --target=i386-pc puts it: its modules in
#    /boot/grub/i386-pc, boot.img's code in the MBR, and a core.img made by
#    grub-mkimage (biosdisk, part_msdos, ext2, search.fs_uuid, with the
#    prefix found by UUID) in the sectors between the MBR and the partition.
#    uefi: a GPT disk whose first partition is the EFI system partition
#    (FAT, made by mtools) holding \EFI\BOOT\BOOTX64.EFI, GRUB's x86_64-efi
#    image from grub-mkimage (part_gpt, ext2, search.fs_uuid), as
#    grub-install --removable puts it; the root is partition 2, /dev/sda2.
# 5. Bochs boots the disk (tools/bochs.sh --disk).  Checked on the serial
#    log: GRUB ran the generated entry, thinvisor started and launched the
#    stock kernel, the initrd mounted /dev/sda1, /sbin/init on it saw the
#    hypervisor flag and no VMX, the guest powered off, and thinvisor ended
#    Bochs with code 0x01 (status 3).
#    uefi: tests/tools/disk_screen.py boots the disk in QEMU with OVMF until
#    thinvisor halts and checks its screen (loglevel=debug there).
# Prints one line per check, the generated menu entry, and ends with
#   PASS disk-boot (M checks)                 exit 0
#   FAIL disk-boot: N of M checks failed      exit 1
#   SKIP disk-boot: why                       exit 77
# KEEP=1 keeps the temporary folder (disk.img, serial.log) and names it.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)

build=${1:-$here/build}
fw=${2:-bios}
case $fw in
bios) TOOL="disk-boot" grubdir=/usr/lib/grub/i386-pc part=1 partmap=msdos hvwords="exit=emulator" ;;
uefi) TOOL="disk-boot-uefi" grubdir=/usr/lib/grub/x86_64-efi part=2 partmap=gpt hvwords="loglevel=debug" ;;
*) echo "disk_boot.sh: bios or uefi, not $fw" >&2 && exit 64 ;;
esac
dev=/dev/sda$part hint=hd0,$partmap$part
# shellcheck source=tests/tools/lib.sh
source "$here/tests/tools/lib.sh"
fail() {
	echo "FAIL $TOOL: $*"
	exit 1
}
tools=(grub-mkconfig grub-mkimage mkfs.ext2 sfdisk blkid cpio)
files=(/usr/sbin/grub-probe /usr/bin/grub-mkrelpath /etc/grub.d/00_header /etc/grub.d/10_linux /bin/busybox)
if [ "$fw" = bios ]; then
	tools+=(bochs) files+=("$grubdir/boot.img")
else
	tools+=(qemu-system-x86_64 mformat mmd mcopy python3)
	files+=("$grubdir/normal.mod" "${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}")
fi
for f in "${tools[@]}"; do
	command -v "$f" >/dev/null || skip "$f is missing (make deps installs it)"
done
# (the stubs are mounted over the first two)
for f in "${files[@]}"; do
	[ -e "$f" ] || skip "$f is missing (make deps installs it)"
done
private_namespace

# ---- 1. the stock kernel and its initrd
"$here/guest/stock/fetch.sh" "$tmp/stock" >"$tmp/fetch.log" 2>&1 || {
	sed 's/^/    /' "$tmp/fetch.log"
	fail "no Debian stock kernel (guest/stock/fetch.sh)"
}
sed 's/^/    /' "$tmp/fetch.log"
v=$(cat "$tmp/stock/version")

# busybox_tree DIR: DIR/bin/busybox and a link for each of its applets
busybox_tree() {
	local a
	mkdir -p "$1/bin" "$1/proc" "$1/sys" "$1/dev" "$1/root" "$1/tmp"
	install -m 0755 /bin/busybox "$1/bin/busybox"
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -s busybox "$1/bin/$a"
	done
}
initrd=$tmp/initrd
busybox_tree "$initrd"
install -m 0755 "$here/guest/stock/initrd-init" "$initrd/init"
# the kernel asks /sbin/modprobe (CONFIG_MODPROBE_PATH) for what it loads by
# name, e.g. ext4's crc32c
ln -s bin "$initrd/sbin"
cp -a "$tmp/stock/lib" "$initrd/"

# ---- 2. the root file system, with thinvisor installed
root=$tmp/root
busybox_tree "$root"
mkdir -p "$root/sbin" "$root/boot/grub/${grubdir##*/}" "$root/etc/grub.d" "$root/etc/default"
install -m 0755 "$here/guest/stock/root-init" "$root/sbin/init"
echo thinvisor-disk-test >"$root/etc/hostname"
cp "$tmp/stock/vmlinuz-$v" "$tmp/stock/config-$v" "$root/boot/"
(cd "$initrd" && find . | cpio -o -H newc --quiet | gzip -9) >"$root/boot/initrd.img-$v"
install -m 0755 /etc/grub.d/00_header /etc/grub.d/10_linux "$root/etc/grub.d/"
if ! make -s --no-print-directory -C "$here" install DESTDIR="$root" BUILD="$build" >"$tmp/install.log" 2>&1; then
	sed 's/^/    /' "$tmp/install.log"
	fail "make install DESTDIR=$root failed"
fi
title="Debian GNU/Linux, with thinvisor and Linux $v"
cat >"$root/etc/default/grub" <<EOF
GRUB_DEFAULT="$title"
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX="console=ttyS0,115200n8"
GRUB_TERMINAL="serial console"
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_DISABLE_OS_PROBER=true
GRUB_THINVISOR_FORCE=true
GRUB_CMDLINE_THINVISOR="$hvwords"
EOF

# ---- 3. grub.cfg from grub-mkconfig, with probes that describe the disk
uuid=$(cat /proc/sys/kernel/random/uuid)
cat >"$tmp/grub-probe" <<EOF
#!/bin/sh
# grub-probe stub: everything is on the disk being built, whose root
# partition $dev (GRUB's $hint) holds an ext2 file system $uuid
target=
for a; do
	case \$a in --target=*) target=\${a#--target=} ;; esac
done
case \$target in
device) echo $dev ;;
fs) echo ext2 ;;
fs_uuid) echo $uuid ;;
partuuid) echo 00000000-0$part ;;
partmap) echo $partmap ;;
abstraction) ;;
compatibility_hint) echo $hint ;;
hints_string) echo "--hint-bios=$hint --hint-efi=$hint --hint-baremetal=ahci0,$partmap$part" ;;
drive) echo "($hint)" ;;
*) echo "grub-probe stub: unknown target \$target" >&2; exit 1 ;;
esac
EOF
# one file system: a path relative to its root is the path itself
# shellcheck disable=SC2016 # ($1 is the stub's)
printf '#!/bin/sh\necho "$1"\n' >"$tmp/grub-mkrelpath"
chmod +x "$tmp/grub-probe" "$tmp/grub-mkrelpath"
"${ns[@]}" "$here/tests/tools/grub_mkconfig_ns.sh" "$tmp" /boot/grub/grub.cfg >"$tmp/mkconfig.log" 2>&1
check "grub-mkconfig made grub.cfg" test -s "$root/boot/grub/grub.cfg"
sed 's/^/    /' "$tmp/mkconfig.log"
entry=$(awk -v t="menuentry '$title'" 'index($0, t) == 1 { on = 1 } on { print } on && /^}/ { exit }' \
	"$root/boot/grub/grub.cfg")
check "the generated grub.cfg has the entry '$title'" test -n "$entry"
echo "    the generated menu entry:"
printf '%s\n' "$entry" | sed 's/^/    | /'

# ---- 4. the disk: partition from the root folder, and GRUB as grub-install
# puts it: its modules in /boot/grub/<platform>, an image that finds the root
# partition by UUID and reads the rest there (the configuration grub-install
# embeds)
cp "$grubdir"/*.mod "$grubdir"/*.lst "$root/boot/grub/${grubdir##*/}/"
# shellcheck disable=SC2016 # ($root is GRUB's)
printf 'search.fs_uuid %s root %s\nset prefix=($root)/boot/grub\n' "$uuid" "$hint" >"$tmp/early.cfg"
part_mib=64
mkfs_root() {
	mkfs.ext2 -q -F -U "$uuid" -L thinvisor-root -d "$root" "$tmp/part.img" "${part_mib}M" >/dev/null ||
		fail "mkfs.ext2 -d failed"
	check "the partition's UUID is the one grub-probe reported" \
		test "$(blkid -o value -s UUID "$tmp/part.img")" = "$uuid"
}
if [ "$fw" = uefi ]; then
	# \EFI\BOOT\BOOTX64.EFI, the removable-media path UEFI boots without
	# a boot entry (UEFI spec 3.5.1.1), on an 8 MiB FAT system partition
	grub-mkimage -O x86_64-efi -d "$grubdir" -o "$tmp/BOOTX64.EFI" -c "$tmp/early.cfg" \
		-p /boot/grub part_gpt ext2 search_fs_uuid || fail "grub-mkimage failed"
	mkfs_root
	truncate -s 8M "$tmp/esp.img"
	if ! mformat -i "$tmp/esp.img" :: || ! mmd -i "$tmp/esp.img" ::/EFI ::/EFI/BOOT ||
		! mcopy -i "$tmp/esp.img" "$tmp/BOOTX64.EFI" ::/EFI/BOOT/; then
		fail "mtools could not make the EFI system partition"
	fi
	# 1 MiB, the ESP, the root, 1 MiB for the backup GPT
	size=$(((1 + 8 + part_mib + 1) * 1048576))
	truncate -s "$size" "$tmp/disk.img"
	printf 'start=2048, size=16384, type=U\nstart=18432, size=%d, type=L\n' $((part_mib * 2048)) |
		sfdisk -q --label gpt "$tmp/disk.img" >/dev/null || fail "sfdisk failed"
	dd if="$tmp/esp.img" of="$tmp/disk.img" bs=1M seek=1 conv=notrunc status=none
	dd if="$tmp/part.img" of="$tmp/disk.img" bs=1M seek=9 conv=notrunc status=none
	echo "    disk: $((size / 1048576)) MiB, GPT, ESP with BOOTX64.EFI, ext2 $uuid"

	# ---- 5. OVMF boots the disk in QEMU; thinvisor's FATAL on the screen
	python3 "$here/tests/tools/disk_screen.py" "$tmp/disk.img" "$tmp" && st=0 || st=$?
	checks=$((checks + 1))
	[ "$st" = 0 ] || failures=$((failures + 1))
	if [ "$failures" != 0 ]; then
		echo "FAIL $TOOL: $failures of $checks checks failed"
		exit 1
	fi
	echo "PASS $TOOL ($checks checks)"
	exit 0
fi
# BIOS: core.img in the sectors between the MBR and the partition
grub-mkimage -O i386-pc -d "$grubdir" -o "$tmp/core.img" -c "$tmp/early.cfg" -p /boot/grub \
	biosdisk part_msdos ext2 search_fs_uuid || fail "grub-mkimage failed"
cp "$grubdir/boot.img" "$tmp/core.img" "$root/boot/grub/i386-pc/"
mkfs_root
# 1 MiB before the partition (MBR and core.img), rounded up to whole
# 16-head, 63-sector cylinders as Bochs wants
cyl=516096
size=$(((1048576 + part_mib * 1048576 + cyl - 1) / cyl * cyl))
truncate -s "$size" "$tmp/disk.img"
echo "start=2048, size=$((part_mib * 2048)), type=83, bootable" |
	sfdisk -q --label dos "$tmp/disk.img" >/dev/null || fail "sfdisk failed"
core_sectors=$((($(stat -c %s "$tmp/core.img") + 511) / 512))
[ "$core_sectors" -lt 2047 ] || fail "core.img is $core_sectors sectors, more than the 2047 before the partition"
# boot.img's code only: bytes 440-511 are the disk signature and partition
# table sfdisk wrote.  It loads sector 1 (its kernel-sector field's
# default), the first sector of core.img, which loads the rest.
dd if="$grubdir/boot.img" of="$tmp/disk.img" bs=440 count=1 conv=notrunc status=none
dd if="$tmp/core.img" of="$tmp/disk.img" bs=512 seek=1 conv=notrunc status=none
dd if="$tmp/part.img" of="$tmp/disk.img" bs=1M seek=1 conv=notrunc status=none
echo "    disk: $((size / 1048576)) MiB, core.img $core_sectors sectors, ext2 $uuid"

# ---- 5. Bochs boots the disk
t0=$(date +%s)
"$here/tools/bochs.sh" --disk "$tmp/disk.img" --serial "$tmp/serial.log" --megs 512 \
	--timeout "${DISK_BOOT_TIMEOUT:-1200}" --console "$tmp/console.log"
st=$?
echo "    Bochs ran $(($(date +%s) - t0)) s, status $st"
has() { grep -qaE -- "$1" "$tmp/serial.log"; }
check "GRUB ran the generated entry (its echo)" has 'Loading thinvisor \.\.\.'
check "thinvisor started, loaded by GRUB" has '^thinvisor: loaded by GRUB'
check "thinvisor got the generated kernel command line" \
	has "^thinvisor: linux: bzImage .* command line 'root=/dev/sda1 ro console=ttyS0,115200n8 quiet'"
check "thinvisor launched the stock kernel" has '^thinvisor: launching the guest'
check "the initrd runs Linux $v" has "^initrd: Linux $v, root=/dev/sda1"
check "the initrd found the root partition" has '^initrd: root /dev/sda1 is /dev/sda1'
check "/sbin/init on the disk ran" has '^disk-init: /sbin/init reached, root /dev/sda1 ext4'
check "the guest sees the hypervisor flag" has '^disk-init: hypervisor flag ok'
check "the guest sees no VMX" has '^disk-init: no-vmx ok'
check "the guest powered off through thinvisor" has '^thinvisor: guest powered off'
check "nothing failed" bash -c "! grep -qaE 'FATAL|Kernel panic|initrd: FAIL|disk-init: .* FAIL' '$tmp/serial.log'"
check "Bochs status 3 (thinvisor code 0x01)" test "$st" = 3
if [ "$failures" != 0 ]; then
	echo "    last lines of the serial log:"
	tail -n 40 "$tmp/serial.log" | sed 's/^/    | /'
	echo "FAIL disk-boot: $failures of $checks checks failed"
	exit 1
fi
echo "PASS disk-boot ($checks checks)"
