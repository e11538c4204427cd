#!/usr/bin/env bash
# usb.sh DEV ISO - write thinvisor's ISO to a whole USB stick (or other
# removable disk), destroying what is on it.
#
# It refuses, with one line and its own exit status, unless every check holds:
#   2  usage: not exactly two arguments
#   3  ISO is not a readable regular file
#   4  DEV does not exist
#   5  DEV is not a block device (a regular file, /dev/null, ...)
#   6  lsblk cannot describe DEV
#   7  DEV is neither removable (lsblk RM=1) nor USB-attached (TRAN=usb)
#   8  DEV is not a whole disk (lsblk TYPE is not "disk": a partition, a
#      loop device, a device-mapper volume, ...)
#   9  DEV or one of its partitions is mounted (or used as swap), or holds
#      an LVM, dm-crypt or RAID volume
#  10  the ISO is larger than DEV
#  11  DEV is not writable by this user (run as root)
#  12  no terminal to confirm on and YES=1 not given
#  13  the answer was not "yes"
#  14  dd or sync failed
# With YES=1 in the environment it does not ask.  Then it runs dd (conv=fsync,
# status=progress) and sync.
#
# Test hook: THINVISOR_USB_LSBLK names a program used instead of lsblk, so
# tests/boot/usb_refusals.sh can describe a loop device as a USB stick.
set -uo pipefail

refuse() {
	echo "usb.sh: refusing: $2" >&2
	exit "$1"
}

[ $# -eq 2 ] || refuse 2 "usage: tools/usb.sh DEV ISO (e.g. make usb DEV=/dev/sdX); YES=1 skips the question"
dev=$1 iso=$2
lsblk=${THINVISOR_USB_LSBLK:-lsblk}

{ [ -f "$iso" ] && [ -r "$iso" ]; } || refuse 3 "ISO '$iso' is not a readable file (make iso builds build/thinvisor.iso)"
[ -e "$dev" ] || refuse 4 "'$dev' does not exist (lsblk lists the disks)"
# /dev/disk/by-id/usb-... names are symlinks: check and write the real node.
real=$(readlink -f -- "$dev")
[ -b "$real" ] || refuse 5 "'$dev' is not a block device"

# One lsblk call for the device itself (-d: not its children), as
# KEY="value" pairs, which survive spaces in MODEL.
info=$("$lsblk" -dnbP -o NAME,TYPE,RM,TRAN,SIZE,MODEL -- "$real" 2>/dev/null) ||
	refuse 6 "lsblk cannot describe '$real'"
field() {
	sed -n "s/.*\\b$1=\"\\([^\"]*\\)\".*/\\1/p" <<<"$info" | head -n 1
}
type=$(field TYPE) rm=$(field RM) tran=$(field TRAN) size=$(field SIZE) model=$(field MODEL)
[ -n "$type" ] || refuse 6 "lsblk cannot describe '$real'"

# Removable first: a loop device or an internal disk's partition is refused
# for what matters most (it is not a stick), whatever its type.
[ "$rm" = 1 ] || [ "$tran" = usb ] ||
	refuse 7 "'$real' is not removable and not on USB (lsblk RM=$rm TRAN=${tran:-none}); only sticks are written"
[ "$type" = disk ] ||
	refuse 8 "'$real' is a $type, not a whole disk; name the disk itself (e.g. /dev/sdb, not /dev/sdb1)"

# The disk and everything below it (partitions, LVM, crypt): any mount point
# (or [SWAP]) means something is using it.
# (pipefail: a failing lsblk, e.g. one too old for MOUNTPOINTS, refuses.)
mounted=$("$lsblk" -nrp -o NAME,MOUNTPOINTS -- "$real" 2>/dev/null | awk 'NF > 1 { print $1 " on " $2 }') ||
	refuse 6 "lsblk cannot list what is mounted from '$real' (util-linux 2.37 or later needed)"
[ -z "$mounted" ] ||
	refuse 9 "'$real' is in use: $(echo "$mounted" | paste -sd, -); unmount it first"
# An unmounted LVM, dm-crypt or RAID member is in use too.
holders=$("$lsblk" -nrp -o NAME,TYPE -- "$real" 2>/dev/null | awk '$2 != "disk" && $2 != "part" { print $1 " (" $2 ")" }') ||
	refuse 6 "lsblk cannot list the volumes on '$real'"
[ -z "$holders" ] ||
	refuse 9 "'$real' is in use by $(echo "$holders" | paste -sd, -); stop it first"

iso_size=$(stat -c %s -- "$iso")
case $size in
'' | *[!0-9]*) refuse 6 "lsblk gave no size for '$real'" ;;
esac
[ "$size" -ge "$iso_size" ] ||
	refuse 10 "'$real' holds $size bytes, the ISO needs $iso_size"
[ -w "$real" ] || refuse 11 "cannot write '$real' as $(id -un): run as root (sudo make usb DEV=$dev)"

echo "usb.sh: about to overwrite $real: ${model:-unknown model}, $((size / 1000000)) MB ($size bytes), ${tran:-unknown bus}, removable=$rm"
echo "usb.sh: with $iso ($iso_size bytes); everything on $real will be lost"
if [ "${YES:-}" != 1 ]; then
	# The answer must come from a person at a terminal, never from a pipe.
	if ! { exec 3<>/dev/tty; } 2>/dev/null; then
		refuse 12 "no terminal to confirm on; set YES=1 to write without asking"
	fi
	printf 'usb.sh: type yes to continue: ' >&3
	read -r answer <&3 || answer=
	exec 3>&-
	[ "$answer" = yes ] || refuse 13 "the answer was '${answer}', not 'yes'; nothing was written"
fi

dd if="$iso" of="$real" bs=4M conv=fsync status=progress || refuse 14 "dd failed writing $real"
sync || refuse 14 "sync failed"
echo "usb.sh: done: $real holds $iso; boot it with VT-x enabled and Secure Boot off"
