#!/usr/bin/env bash
# grub_generator_boot.sh [BUILD] - the menu entry that make install's GRUB
# generator writes really boots: Linux under thinvisor, in Bochs.
#
# A scratch root gets what `make install DESTDIR=` puts there, the project's
# guest kernel and initramfs as /boot/vmlinuz-6.1.0-tvguest and
# /boot/initrd.img-6.1.0-tvguest, Debian's /etc/grub.d/00_header and an
# /etc/default/grub with a serial terminal, GRUB_CMDLINE_THINVISOR=
# "exit=emulator", GRUB_CMDLINE_LINUX="console=ttyS0 tvpoweroff" and
# GRUB_CMDLINE_LINUX_DEFAULT="tvtoken=gen17" (the guest's cmdline check).  The
# real grub-mkconfig makes grub.cfg from that (as grub_generator.sh --case
# does it: a private mount namespace; here the stub grub-probe describes the
# ISO9660 disc the files end up on), tools/mkiso.sh puts it and the files on
# an ISO, and Bochs boots GRUB's default entry, which must be the generated
# one: GRUB's "Loading thinvisor ...", the kernel's command line as
# generated, the guest's /init and checks, the power-off, status 3 (0x01).
# Not a disk: the issue's raw-disk test (grub-install, Debian's stock
# kernel, a root file system) is still to be written.
# Ends with one of
#   PASS grub-generator-boot (Ns)            exit 0
#   FAIL grub-generator-boot: why            exit 1
#   SKIP grub-generator-boot: why            exit 77
# KEEP=1 keeps the temporary folder and names it.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
start=$(date +%s)
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
[ -z "${KEEP:-}" ] || echo "keeping $tmp"

skip() {
	echo "SKIP grub-generator-boot: $*"
	exit 77
}
fail() {
	echo "FAIL grub-generator-boot: $*"
	exit 1
}
for f in "$build/guest/bzImage" "$build/guest/initramfs.cpio.gz" /etc/grub.d/00_header; do
	[ -e "$f" ] || skip "$f is missing (make guest; Debian package grub-common)"
done
if [ "$(id -u)" = 0 ]; then
	ns=(unshare --mount --propagation private)
else
	ns=(unshare --map-root-user --mount --propagation private)
fi
"${ns[@]}" true 2>/dev/null || skip "no private mount namespace here (${ns[*]})"

d=$tmp/case
mkdir -p "$d/root/etc/default/grub.d"
make -s --no-print-directory -C "$here" install DESTDIR="$d/root" BUILD="$build" \
	>"$tmp/install.log" 2>&1 || { cat "$tmp/install.log"; fail "make install failed"; }
install -m 0755 /etc/grub.d/00_header "$d/root/etc/grub.d/"
v=6.1.0-tvguest
cp "$build/guest/bzImage" "$d/root/boot/vmlinuz-$v"
cp "$build/guest/initramfs.cpio.gz" "$d/root/boot/initrd.img-$v"
cat >"$d/root/etc/default/grub" <<'EOF'
GRUB_DEFAULT=0
GRUB_TIMEOUT=1
GRUB_DISTRIBUTOR=Debian
GRUB_TERMINAL=serial
GRUB_SERIAL_COMMAND="serial --unit=0 --speed=115200"
GRUB_CMDLINE_LINUX_DEFAULT="tvtoken=gen17"
GRUB_CMDLINE_LINUX="console=ttyS0 tvpoweroff"
GRUB_CMDLINE_THINVISOR="exit=emulator"
EOF
printf 'processor\t: 0\nflags\t\t: fpu pae vmx ept\n\n' >"$d/cpuinfo"
# the disc: no partitions, no UUID GRUB could search for; GRUB's root is
# already the disc it booted from
cat >"$d/grub-probe" <<'EOF'
#!/bin/sh
for a; do case $a in --target=*) target=${a#--target=} ;; esac; done
case $target in
device) echo /dev/sr0 ;;
fs) echo iso9660 ;;
partmap | abstraction | compatibility_hint) ;;
*) exit 1 ;;
esac
EOF
# shellcheck disable=SC2016 # (the stub's own $1)
printf '#!/bin/sh\necho "$1"\n' >"$d/grub-mkrelpath"
chmod +x "$d/grub-probe" "$d/grub-mkrelpath"

"${ns[@]}" "$here/tests/tools/grub_generator.sh" --case "$d" 2>"$tmp/ns.err"
if [ "$(cat "$d/status" 2>/dev/null)" != 0 ]; then
	cat "$tmp/ns.err" "$d/stderr" 2>/dev/null | sed 's/^/    /'
	fail "grub-mkconfig failed"
fi
grep -q "^menuentry 'Debian GNU/Linux, with thinvisor and Linux $v'" "$d/grub.cfg" ||
	{ sed 's/^/    /' "$d/grub.cfg"; fail "no thinvisor entry in the generated grub.cfg"; }
cp "$d/grub.cfg" "$build/tests/grub-generator-boot.grub.cfg" 2>/dev/null || true

iso=$tmp/generated.iso
"$here/tools/mkiso.sh" "$iso" "$d/root/boot/thinvisor.elf" "$d/grub.cfg" \
	"$d/root/boot/vmlinuz-$v" "$d/root/boot/initrd.img-$v" || fail "mkiso.sh failed"
log=$tmp/serial.log
"$here/tools/bochs.sh" "$iso" --serial "$log" --timeout 300 && st=0 || st=$?
tr -d '\r' <"$log" >"$log.txt"
cp "$log.txt" "$build/tests/grub-generator-boot.serial.log" 2>/dev/null || true

problems=()
want() { # want ERE: a serial line matches
	grep -qE -- "$1" "$log.txt" || problems+=("no line matches '$1'")
}
want "Loading thinvisor \.\.\."
want "^thinvisor: launching the guest"
want "Command line: root=/dev/sr0 ro console=ttyS0 tvpoweroff tvtoken=gen17$"
want "^guest-check: cmdline ok tvtoken=gen17"
want "^thinvisor-guest: init reached"
want "^thinvisor: guest powered off"
grep -qE '^guest-check: .* FAIL|FATAL|Kernel panic' "$log.txt" &&
	problems+=("$(grep -m1 -E '^guest-check: .* FAIL|FATAL|Kernel panic' "$log.txt")")
[ "$st" = 3 ] || problems+=("Bochs status $st, not 3 (thinvisor's 0x01)")
secs=$(($(date +%s) - start))
if [ ${#problems[@]} -eq 0 ]; then
	echo "PASS grub-generator-boot (${secs}s)"
	exit 0
fi
printf '    %s\n' "${problems[@]}"
tail -n 30 "$log.txt" | sed 's/^/    | /'
fail "${#problems[@]} problems (${secs}s)"
