#!/usr/bin/env bash
# grub_generator.sh [BUILD] - `make install` and update-grub as a user meets
# them: installs into a scratch root (make install DESTDIR=), then runs the
# real grub-mkconfig -o (with its real grub-mkconfig_lib, grub-file and
# grub-script-check) in a private mount namespace in which the scratch
# root's boot/, etc/grub.d/ and etc/default/ are bind-mounted over /boot,
# /etc/grub.d and /etc/default, a made-up /proc/cpuinfo over the real one,
# and stubs over grub-probe and grub-mkrelpath (they describe disks: here a
# /boot partition /dev/sda1 and a root /dev/sda2, or one root partition).
# Nothing outside the namespace and a temporary folder changes.
#
# The scratch /boot holds thinvisor.elf as installed and made-up kernels
# (just the bzImage header fields the generator reads) with initrds.
# Debian's own /etc/grub.d/10_linux runs beside the generator, and the
# kernel's module2 line must carry the same arguments as its `linux` line.
# Cases:
#   vmx       VMX in cpuinfo, /boot its own partition: one entry per
#             kernel, newest first, multiboot2 with GRUB_CMDLINE_THINVISOR,
#             module2 kernel root=... ro GRUB_CMDLINE_LINUX(_DEFAULT),
#             module2 --nounzip initrd (none for a kernel without one),
#             GRUB told to reach the /boot partition; load_video before
#             multiboot2 and, right after it, gfxpayload=text on the pc
#             platform only (VGA text on BIOS, the GOP mode on UEFI); a
#             kernel of boot protocol 2.10 skipped with a line on stderr
#   novmx     no VMX: no entry, a line on stderr, grub.cfg still made
#   force     no VMX, GRUB_THINVISOR_FORCE=true in /etc/default/grub.d/*.cfg:
#             entries, /boot on the root partition (paths /boot/...);
#             GRUB_GFXPAYLOAD_THINVISOR=keep there: "set gfxpayload='keep'"
#             after multiboot2 on every platform instead of the pc-only line
#   uninstall make uninstall removes both files
# Prints one line per check and ends with one of
#   PASS grub-generator (M checks)                 exit 0
#   FAIL grub-generator: N of M checks failed      exit 1
#   SKIP grub-generator: why                       exit 77
# KEEP=1 keeps the temporary folder and names it.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)

build=${1:-$here/build}
TOOL="grub-generator"
# shellcheck source=tests/tools/lib.sh
source "$here/tests/tools/lib.sh"
for f in /usr/sbin/grub-mkconfig /usr/share/grub/grub-mkconfig_lib /usr/sbin/grub-probe \
	/usr/bin/grub-mkrelpath /usr/bin/grub-file /etc/grub.d /etc/default /boot; do
	[ -e "$f" ] || skip "$f is missing (Debian package grub-common)"
done
private_namespace

# bzimage FILE VERSION XLOADFLAGS: the header fields of a bzImage, in 1 KiB
bzimage() {
	python3 - "$@" <<'EOF'
import struct, sys
b = bytearray(1024)
b[0x1FE:0x200] = b"\x55\xaa"
b[0x202:0x206] = b"HdrS"
struct.pack_into("<H", b, 0x206, int(sys.argv[2], 0))
struct.pack_into("<H", b, 0x236, int(sys.argv[3], 0))
open(sys.argv[1], "wb").write(b)
EOF
}

# mkcase NAME VMX(yes|no) BOOTPART(yes|no): a scratch root and the stubs
mkcase() {
	local d=$tmp/$1 vmx=$2 bootpart=$3
	mkdir -p "$d/root/boot" "$d/root/etc/grub.d" "$d/root/etc/default/grub.d"
	if ! make -s --no-print-directory -C "$here" install DESTDIR="$d/root" BUILD="$build" \
		>"$d/install.log" 2>&1; then
		sed 's/^/    /' "$d/install.log"
		return 1
	fi
	# Debian's own generator, to compare root= and the command line with
	[ -f /etc/grub.d/10_linux ] && install -m 0755 /etc/grub.d/10_linux "$d/root/etc/grub.d/"
	local v
	for v in 6.1.0-10-amd64 6.1.0-9-amd64 6.1.0-7-amd64; do
		bzimage "$d/root/boot/vmlinuz-$v" 0x20f 0x7f
	done
	echo initrd >"$d/root/boot/initrd.img-6.1.0-10-amd64"
	echo initrd >"$d/root/boot/initrd.img-6.1.0-9-amd64"
	bzimage "$d/root/boot/vmlinuz-4.9.0-1-amd64" 0x20a 0x3
	echo initrd >"$d/root/boot/initrd.img-4.9.0-1-amd64"
	cat >"$d/root/etc/default/grub" <<'EOF'
GRUB_DEFAULT=0
GRUB_TIMEOUT=5
GRUB_DISTRIBUTOR=Debian
GRUB_CMDLINE_LINUX_DEFAULT="quiet"
GRUB_CMDLINE_LINUX="console=ttyS0,115200n8"
GRUB_CMDLINE_THINVISOR="loglevel=debug cpus=1"
EOF
	if [ "$vmx" = yes ]; then flags="fpu vme de pse tsc msr pae vmx sse2 ept"; else flags="fpu vme de pse tsc msr pae svm sse2"; fi
	printf 'processor\t: 0\nvendor_id\t: GenuineIntel\nflags\t\t: %s\n\n' "$flags" >"$d/cpuinfo"
	if [ "$bootpart" = yes ]; then bootdev=/dev/sda1; else bootdev=/dev/sda2; fi
	cat >"$d/grub-probe" <<EOF
#!/bin/sh
# grub-probe stub: / on /dev/sda2, /boot on $bootdev; msdos partitions, ext2
target= device=no
for a; do
	case \$a in
	--target=*) target=\${a#--target=} ;;
	--device) device=yes ;;
	-*) ;;
	*) x=\$a ;;
	esac
done
if [ \$device = no ]; then
	case \$x in /boot | /boot/*) x=$bootdev ;; *) x=/dev/sda2 ;; esac
fi
n=\${x#/dev/sda}
case \$target in
device) echo \$x ;;
fs) echo ext2 ;;
fs_uuid) echo 0000000\$n-aaaa-bbbb-cccc-00000000000\$n ;;
partuuid) echo 1234abcd-0\$n ;;
partmap) echo msdos ;;
abstraction) ;;
compatibility_hint) echo hd0,msdos\$n ;;
hints_string) echo "--hint-bios=hd0,msdos\$n --hint-efi=hd0,msdos\$n --hint-baremetal=ahci0,msdos\$n" ;;
drive) echo "(hd0,msdos\$n)" ;;
*) echo "grub-probe stub: unknown target \$target" >&2; exit 1 ;;
esac
EOF
	cat >"$d/grub-mkrelpath" <<EOF
#!/bin/sh
# grub-mkrelpath stub: a path relative to its partition's root, which is
# empty (as the real one prints it)
case \$1 in
/) echo ;;
/boot | /boot/*) if [ $bootpart = yes ]; then echo "\${1#/boot}"; else echo "\$1"; fi ;;
*) echo "\$1" ;;
esac
EOF
	chmod +x "$d/grub-probe" "$d/grub-mkrelpath"
}

runcase() {
	local d=$tmp/$1
	"${ns[@]}" "$here/tests/tools/grub_mkconfig_ns.sh" "$d" "$d/grub.cfg" >"$d/stdout" 2>"$d/stderr"
	echo $? >"$d/status"
}

# entries CFG: the thinvisor menu entries, one per line, fields joined by |
entries() {
	awk '/^menuentry .*with thinvisor/ { e = $0; inside = 1; next }
	     inside && /^}/ { print e; inside = 0; next }
	     inside { sub(/^[ \t]+/, ""); gsub(/\t/, " "); e = e "|" $0 }' "$1"
}
# entry CFG VERSION: the thinvisor entry of that kernel
entry() { entries "$1" | grep -F "with thinvisor and Linux $2'"; }
# shellcheck disable=SC2317 # (called through check)
has() { # has TEXT LINE...: TEXT is one of the |-separated fields
	local t=$1
	shift
	printf '%s\n' "$*" | tr '|' '\n' | grep -qxF -- "$t"
}
# after TEXT LINE...: the |-separated field that follows TEXT's ("" if none)
after() {
	local t=$1
	shift
	printf '%s\n' "$*" | tr '|' '\n' | awk -v t="$t" 'p { print; exit } $0 == t { p = 1 }'
}
# shellcheck disable=SC2016 # (GRUB's variable, not ours)
PC_TEXT='if [ "$grub_platform" = pc ]; then set gfxpayload=text; fi'
# linux_args CFG PATH: the arguments 10_linux's advanced entry gives PATH
linux_args() {
	awk -v p="$2" '$1 == "linux" && $2 == p { $1 = ""; $2 = ""; sub(/^ +/, ""); print; exit }' "$1"
}
show() { # what a failed case produced
	echo "    --- grub-mkconfig status $(cat "$1/status"), stderr:"
	sed 's/^/    /' "$1/stderr"
	[ -f "$1/grub.cfg" ] && { echo "    --- thinvisor entries:"; entries "$1/grub.cfg" | sed 's/^/    /'; }
}

# ---- vmx: separate /boot, three kernels thinvisor can boot, one it cannot
mkcase vmx yes yes || { echo "FAIL grub-generator: make install failed"; exit 1; }
runcase vmx
c=$tmp/vmx/grub.cfg
before=$failures
check vmx-grub-mkconfig-succeeds test "$(cat "$tmp/vmx/status")" = 0
check vmx-one-entry-per-kernel test "$(entries "$c" | wc -l)" = 3
check vmx-newest-first test "$(entries "$c" | sed -n "s/^menuentry '[^']*Linux \([^']*\)'.*/\1/p" | tr '\n' ' ')" = "6.1.0-10-amd64 6.1.0-9-amd64 6.1.0-7-amd64 "
check vmx-title test -n "$(entry "$c" 6.1.0-10-amd64 | grep -F "menuentry 'Debian GNU/Linux, with thinvisor and Linux 6.1.0-10-amd64' --class debian")"
for v in 6.1.0-10-amd64 6.1.0-9-amd64 6.1.0-7-amd64; do
	e=$(entry "$c" $v)
	check "vmx-$v-multiboot2" has "multiboot2 /thinvisor.elf loglevel=debug cpus=1" "$e"
	check "vmx-$v-module2-kernel" has "module2 /vmlinuz-$v root=/dev/sda2 ro console=ttyS0,115200n8 quiet" "$e"
	if [ -f /etc/grub.d/10_linux ]; then
		args=$(linux_args "$c" "/vmlinuz-$v")
		check "vmx-$v-args-as-10_linux" has "module2 /vmlinuz-$v $args" "$e"
	fi
	if [ $v = 6.1.0-7-amd64 ]; then
		check "vmx-$v-no-initrd" test -z "$(printf '%s' "$e" | tr '|' '\n' | grep -F -- --nounzip)"
	else
		check "vmx-$v-module2-initrd" has "module2 --nounzip /initrd.img-$v" "$e"
	fi
	check "vmx-$v-boot-partition" has "set root='hd0,msdos1'" "$e"
	check "vmx-$v-pc-text-after-multiboot2" test "$(after "multiboot2 /thinvisor.elf loglevel=debug cpus=1" "$e")" = "$PC_TEXT"
	check "vmx-$v-load-video-first" test "$(printf '%s' "$e" | tr '|' '\n' |
		awk '$1 == "load_video" || $1 == "multiboot2" { printf "%s ", $1 }')" = "load_video multiboot2 "
	check "vmx-$v-boot-uuid" has "search --no-floppy --fs-uuid --set=root 00000001-aaaa-bbbb-cccc-000000000001" "$e"
	want="multiboot2 module2 module2-nounzip "
	[ $v = 6.1.0-7-amd64 ] && want="multiboot2 module2 "
	check "vmx-$v-order" test "$(printf '%s' "$e" | tr '|' '\n' |
		awk '$1 == "multiboot2" || $1 == "module2" { printf "%s%s ", $1, $2 == "--nounzip" ? "-nounzip" : "" }')" = "$want"
done
check vmx-old-protocol-skipped test -z "$(entry "$c" 4.9.0-1-amd64)"
check vmx-old-protocol-said grep -q "skipping /boot/vmlinuz-4.9.0-1-amd64" "$tmp/vmx/stderr"
[ $failures = "$before" ] || show "$tmp/vmx"

# ---- novmx: no entries, a line on stderr
mkcase novmx no no || exit 1
runcase novmx
before=$failures
check novmx-grub-mkconfig-succeeds test "$(cat "$tmp/novmx/status")" = 0
check novmx-no-entry test "$(entries "$tmp/novmx/grub.cfg" | wc -l)" = 0
check novmx-said grep -q "20_linux_thinvisor: this CPU has no VMX.*no thinvisor entries" "$tmp/novmx/stderr"
if [ -f /etc/grub.d/10_linux ]; then
	check novmx-10_linux-still-there grep -q "^menuentry 'Debian GNU/Linux'" "$tmp/novmx/grub.cfg"
fi
[ $failures = "$before" ] || show "$tmp/novmx"

# ---- force: no VMX but forced from /etc/default/grub.d; /boot on /
mkcase force no no || exit 1
echo "GRUB_THINVISOR_FORCE=true" >"$tmp/force/root/etc/default/grub.d/thinvisor.cfg"
sed -i '/GRUB_CMDLINE_THINVISOR/d' "$tmp/force/root/etc/default/grub"
echo 'GRUB_CMDLINE_THINVISOR="trace=cpuid"' >>"$tmp/force/root/etc/default/grub.d/thinvisor.cfg"
echo 'GRUB_GFXPAYLOAD_THINVISOR=keep' >>"$tmp/force/root/etc/default/grub.d/thinvisor.cfg"
runcase force
c=$tmp/force/grub.cfg
before=$failures
check force-grub-mkconfig-succeeds test "$(cat "$tmp/force/status")" = 0
check force-one-entry-per-kernel test "$(entries "$c" | wc -l)" = 3
check force-said grep -q "GRUB_THINVISOR_FORCE=true: adding the thinvisor entries anyway" "$tmp/force/stderr"
e=$(entry "$c" 6.1.0-9-amd64)
check force-multiboot2 has "multiboot2 /boot/thinvisor.elf trace=cpuid" "$e"
check force-module2-kernel has "module2 /boot/vmlinuz-6.1.0-9-amd64 root=/dev/sda2 ro console=ttyS0,115200n8 quiet" "$e"
check force-module2-initrd has "module2 --nounzip /boot/initrd.img-6.1.0-9-amd64" "$e"
check force-root-partition has "set root='hd0,msdos2'" "$e"
check force-gfxpayload-keep test "$(after "multiboot2 /boot/thinvisor.elf trace=cpuid" "$e")" = "set gfxpayload='keep'"
check force-no-pc-text test -z "$(printf '%s' "$e" | tr '|' '\n' | grep -F "grub_platform")"
check force-load-video has load_video "$e"
[ $failures = "$before" ] || show "$tmp/force"

# ---- uninstall
make -s --no-print-directory -C "$here" uninstall DESTDIR="$tmp/vmx/root" >/dev/null 2>&1
check uninstall-elf test ! -e "$tmp/vmx/root/boot/thinvisor.elf"
check uninstall-generator test ! -e "$tmp/vmx/root/etc/grub.d/20_linux_thinvisor"

if [ "$failures" = 0 ]; then
	echo "PASS grub-generator ($checks checks)"
	exit 0
fi
echo "FAIL grub-generator: $failures of $checks checks failed"
exit 1
