#!/bin/bash
# guest/selftests/build.sh OUTDIR: Linux's x86 selftests as a guest initramfs.
#
# Produces OUTDIR/initramfs-selftests.cpio.gz: busybox-static (with applet
# symlinks), guest/selftests/init as /init and the 64-bit programs of
# tools/testing/selftests/x86 (Debian's linux-source-6.1), built static,
# under /selftests/. tests/boot/selftests_compare.sh boots it natively and
# under thinvisor and compares the results program by program.
#
# (a) Sources: tools/testing/selftests/x86/, lib.mk and kselftest.h (amx.c
#     and corrupt_xstate_header.c include it) and
#     arch/x86/include/asm/desc_defs.h (sigreturn.c includes it), taken from
#     the tarball. The user-space API headers are the system's
#     (linux-libc-dev, the same 6.1 kernel in Debian 12) instead of the
#     `make headers_install` tree lib.mk defaults to, which would need the
#     whole kernel tree unpacked.
# (b) Programs: the selftests Makefile's own list of 64-bit programs
#     (TARGETS_C_64BIT_ALL) and rules (flags, extra sources, the custom entry
#     of check_initial_reg_state), one `make` per program with
#     CC="gcc -static": a static binary runs in the busybox-only initramfs.
#     A program that does not build is skipped, its reason listed. The
#     TARGETS_C_32BIT_NEEDED programs (ldt_gdt, ptrace_syscall) are in the
#     64-bit list only when the compiler can also build 32-bit code.
#     Stripped binaries and skipped.txt are cached at
#       ${THINVISOR_CACHE:-$HOME/.cache/thinvisor}/x86-selftests-<pkgver>-<hash>/
#     (<pkgver>: the linux-source-6.1 package version, <hash>: first 16 hex
#     of sha256(this script)), written in a temporary directory renamed into
#     place under a lock.
# (c) Initramfs: every cached program except those in DROP below; rebuilt
#     on every run (about 3 s).
#
# Environment: THINVISOR_CACHE, THINVISOR_LINUX_TARBALL (default
# /usr/src/linux-source-6.1.tar.xz), THINVISOR_BUSYBOX (default /bin/busybox),
# SELFTESTS_DROP (overrides DROP: space-separated program names).
set -Eeuo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SELF=$HERE/$(basename "${BASH_SOURCE[0]}")
TARBALL=${THINVISOR_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
SRC_PKG=linux-source-6.1
BUSYBOX=${THINVISOR_BUSYBOX:-/bin/busybox}
CACHE_ROOT=${THINVISOR_CACHE:-$HOME/.cache/thinvisor}
ST=tools/testing/selftests

# Programs left out of the initramfs, for being too slow under Bochs. None
# is: all of them together take about 40 s of wall time natively in Bochs,
# the slowest (syscall_numbering_64) about 30 s (README.md has the numbers).
DROP=${SELFTESTS_DROP-}

LIB_TAG=selftests
# shellcheck source=guest/lib.sh
source "$HERE/../lib.sh"
T_ALL=$(now_ms)

need_tools tar xz make gcc strip cpio gzip sha256sum dpkg-query flock readelf
[ -f "$TARBALL" ] || die "kernel tarball not found: $TARBALL (apt-get install $SRC_PKG)"
[ -f "$HERE/init" ] || die "missing $HERE/init"

trap 'echo "[selftests] error: command failed at line $LINENO: $BASH_COMMAND" >&2' ERR

PKG_VERSION=$(dpkg-query -W -f='${Version}' "$SRC_PKG" 2>/dev/null) ||
	die "cannot read the version of Debian package $SRC_PKG"
PKG_VERSION=${PKG_VERSION//[:\/]/_}
KEY=x86-selftests-$PKG_VERSION-$(sha256sum "$SELF" | cut -c1-16)
ENTRY=$CACHE_ROOT/$KEY

# makevar TREE NAME: the value of a variable of the x86 selftests Makefile.
makevar() {
	# -q exits 1 (targets not up to date); only the printed database counts.
	{ make -C "$1/$ST/x86" -pq OUTPUT="$1/out" CC="gcc -static" 2>/dev/null || true; } |
		sed -n "s/^$2 :\?= *//p" | head -n1
}

build_programs() {
	local tmp src t log t64 need32 p err
	tmp=$(mktemp -d "$CACHE_ROOT/.tmp-$KEY.XXXXXX")
	CLEANUP+=("$tmp")
	src=$tmp/src
	mkdir -p "$src" "$tmp/bin" "$tmp/logs" "$src/out"

	t=$(now_ms)
	# Member names start with the tarball's top directory (linux-source-6.1/).
	tar -xJf "$TARBALL" -C "$src" --strip-components=1 --wildcards \
		"*/$ST/x86/*" "*/$ST/lib.mk" "*/$ST/kselftest.h" \
		'*/arch/x86/include/asm/desc_defs.h'
	[ -f "$src/$ST/x86/Makefile" ] || die "no $ST/x86/Makefile in $TARBALL"
	say "programs: unpacked $ST/x86 from $(basename "$TARBALL") ($(elapsed "$t"))"

	t=$(now_ms)
	t64=$(makevar "$src" TARGETS_C_64BIT_ALL)
	need32=$(makevar "$src" TARGETS_C_32BIT_NEEDED)
	[ -n "$t64" ] || die "cannot read TARGETS_C_64BIT_ALL from the selftests Makefile"
	: >"$tmp/skipped.txt"
	for p in $need32; do
		case " $t64 " in
		*" $p "*) ;;
		*) echo "${p}_64: not in the Makefile's 64-bit list: it needs a 32-bit toolchain (gcc -m32, gcc-multilib) as well" >>"$tmp/skipped.txt" ;;
		esac
	done
	for p in $t64; do
		log=$tmp/logs/${p}_64.log
		# KHDR_INCLUDES: the system's UAPI headers (see (a) above).
		if make -C "$src/$ST/x86" OUTPUT="$src/out" CC="gcc -static" \
			KHDR_INCLUDES="-isystem /usr/include" "$src/out/${p}_64" >"$log" 2>&1 &&
			[ -x "$src/out/${p}_64" ]; then
			strip -o "$tmp/bin/${p}_64" "$src/out/${p}_64"
		else
			err=$(grep -m1 -E 'error|Error' "$log" || tail -n1 "$log")
			echo "${p}_64: build failed: $err" >>"$tmp/skipped.txt"
		fi
	done
	say "programs: built $(find "$tmp/bin" -type f | wc -l), skipped $(wc -l <"$tmp/skipped.txt") ($(elapsed "$t"))"

	rm -rf "$src"
	chmod 0755 "$tmp"
	mv -T "$tmp" "$ENTRY" # the commit point: the entry is complete or absent
}

# ------------------------------------------------------------ (a)+(b) cache

cache_fill programs "$ENTRY" skipped.txt build_programs
while IFS= read -r line; do
	say "skipped $line"
done <"$ENTRY/skipped.txt"

# ------------------------------------------------------------ (c) initramfs

t=$(now_ms)
[ -x "$BUSYBOX" ] || die "busybox not found at $BUSYBOX (apt-get install busybox-static)"
if readelf -l "$BUSYBOX" | grep -q 'Requesting program interpreter'; then
	die "$BUSYBOX is dynamically linked; install busybox-static"
fi

STAGE=$(mktemp -d)
CLEANUP+=("$STAGE")
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc,selftests}
cp "$BUSYBOX" "$STAGE/bin/busybox"
"$BUSYBOX" --list-full | while IFS= read -r applet; do
	case $applet in
	*/*) ;;
	*) continue ;;
	esac
	[ -e "$STAGE/$applet" ] || ln -s /bin/busybox "$STAGE/$applet"
done
[ -L "$STAGE/bin/sh" ] || die "busybox has no sh applet"

n=0
for f in "$ENTRY"/bin/*; do
	p=$(basename "$f")
	case " $DROP " in
	*" $p "*)
		say "dropped $p (SELFTESTS_DROP)"
		continue
		;;
	esac
	cp "$f" "$STAGE/selftests/$p"
	n=$((n + 1))
done
[ $n -gt 0 ] || die "no selftest program to put in the initramfs"
install -m 0755 "$HERE/init" "$STAGE/init"
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 600 "$STAGE/dev/console" c 5 1
fi

find "$STAGE" -exec touch -h -d @"${SOURCE_DATE_EPOCH:-0}" {} +
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) |
	gzip -9 -n >"$OUTDIR/initramfs-selftests.cpio.gz.tmp"
mv -f "$OUTDIR/initramfs-selftests.cpio.gz.tmp" "$OUTDIR/initramfs-selftests.cpio.gz"
say "initramfs: $OUTDIR/initramfs-selftests.cpio.gz, $n programs," \
	"$(stat -c %s "$OUTDIR/initramfs-selftests.cpio.gz") bytes ($(elapsed "$t"))"
say "done (total $(elapsed "$T_ALL"))"
