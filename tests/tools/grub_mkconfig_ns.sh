#!/usr/bin/env bash
# grub_mkconfig_ns.sh DIR OUT - the real grub-mkconfig -o OUT over a scratch
# system, for grub_generator.sh and disk_boot.sh.  Run it in a private mount
# namespace (lib.sh's private_namespace gives the unshare command): it
# bind-mounts DIR/root's boot/, etc/grub.d/ and etc/default/ over /boot,
# /etc/grub.d and /etc/default, the stubs DIR/grub-probe and
# DIR/grub-mkrelpath over the real ones, and DIR/cpuinfo, when there is
# one, over /proc/cpuinfo.  Nothing outside the namespace changes.  Exit
# status: grub-mkconfig's (1 when a mount fails).
set -eu
d=$1 out=$2
mount --bind "$d/root/boot" /boot
mount --bind "$d/root/etc/grub.d" /etc/grub.d
mount --bind "$d/root/etc/default" /etc/default
[ ! -e "$d/cpuinfo" ] || mount --bind "$d/cpuinfo" /proc/cpuinfo
mount --bind "$d/grub-probe" /usr/sbin/grub-probe
mount --bind "$d/grub-mkrelpath" /usr/bin/grub-mkrelpath
exec grub-mkconfig -o "$out"
