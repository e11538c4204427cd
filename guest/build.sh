#!/bin/bash
# guest/build.sh OUTDIR: build the thinvisor Linux guest.
#
# Produces OUTDIR/bzImage and OUTDIR/initramfs.cpio.gz.
#
# (a) Kernel: Debian's linux-source 6.1 tarball, `make tinyconfig` plus
#     guest/linux.fragment. Built once and cached outside the repo at
#       ${THINVISOR_CACHE:-$HOME/.cache/thinvisor}/linux-<pkgver>-<fraghash>/
#     (<pkgver>: version of the linux-source-6.1 Debian package, <fraghash>:
#     first 16 hex digits of sha256(guest/linux.fragment)); the entry holds
#     only bzImage and config. A build happens in a temporary directory that
#     is renamed into place at the very end, under a lock, so an interrupted
#     build never leaves a half cache entry.
# (b) Initramfs: busybox-static (with applet symlinks), guest/initramfs/init
#     and guest/tools/cpuid.c built static; rebuilt on every run (seconds).
# (c) OUTDIR/bzImage: a copy of the cached bzImage.
#
# Environment: THINVISOR_CACHE (cache root), THINVISOR_LINUX_TARBALL
# (default /usr/src/linux-source-6.1.tar.xz), THINVISOR_BUSYBOX (default
# /bin/busybox), JOBS (default: nproc).
# Needs: linux-source-6.1 flex bison bc libelf-dev libssl-dev cpio
# busybox-static gcc make xz-utils. No network.
set -euo pipefail

GUEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FRAGMENT=$GUEST_DIR/linux.fragment
TARBALL=${THINVISOR_LINUX_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
SRC_PKG=linux-source-6.1
BUSYBOX=${THINVISOR_BUSYBOX:-/bin/busybox}
CACHE_ROOT=${THINVISOR_CACHE:-$HOME/.cache/thinvisor}
JOBS=${JOBS:-$(nproc)}
# Kernel build identity: keeps the banner free of this machine's names.
export KBUILD_BUILD_USER=thinvisor KBUILD_BUILD_HOST=thinvisor

LIB_TAG=guest
# shellcheck source=guest/lib.sh
source "$GUEST_DIR/lib.sh"

need_tools tar xz make gcc flex bison bc cpio gzip sha256sum dpkg-query flock readelf
[ -f "$TARBALL" ] || die "kernel tarball not found: $TARBALL (apt-get install $SRC_PKG)"
[ -f "$FRAGMENT" ] || die "fragment not found: $FRAGMENT"

# CLEANUP (lib.sh) removes on exit the kernel's temporary build dir and
# the initramfs staging dir.

# ---------------------------------------------------------------- (a) kernel

PKG_VERSION=$(dpkg-query -W -f='${Version}' "$SRC_PKG" 2>/dev/null) ||
	die "cannot read the version of Debian package $SRC_PKG"
PKG_VERSION=${PKG_VERSION//[:\/]/_} # an epoch's ':' does not belong in a path
FRAG_HASH=$(sha256sum "$FRAGMENT" | cut -c1-16)
KEY=linux-$PKG_VERSION-$FRAG_HASH
ENTRY=$CACHE_ROOT/$KEY

# kmake ARGS: make in the kernel tree with a fixed ARCH, output to obj/.
kmake() {
	make -C "$KSRC" O="$KOBJ" ARCH=x86_64 "$@"
}

# verify_config CONFIG: every line of the fragment must have survived
# olddefconfig (an unmet dependency silently drops an option).
verify_config() {
	local config=$1 line name bad=0

	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			if ! grep -qxF -- "$line" "$config"; then
				name=${line%%=*}
				echo "[guest] error: fragment asks $line, final .config has:" \
					"$(grep -E "^(# )?${name}[= ]" "$config" || echo 'nothing')" >&2
				bad=1
			fi
			;;
		"# CONFIG_"*" is not set")
			name=${line#\# }
			name=${name%% *}
			if grep -q "^$name=" "$config"; then
				echo "[guest] error: fragment asks $name unset, final .config has:" \
					"$(grep "^$name=" "$config")" >&2
				bad=1
			fi
			;;
		esac
	done <"$FRAGMENT"
	[ $bad -eq 0 ] || die "kernel config does not match $FRAGMENT (see above)"
}

build_kernel() {
	local tmp log t
	tmp=$(mktemp -d "$CACHE_ROOT/.tmp-$KEY.XXXXXX")
	CLEANUP+=("$tmp")
	KSRC=$tmp/work/src
	KOBJ=$tmp/work/obj
	log=$tmp/build.log
	mkdir -p "$KSRC" "$KOBJ"

	t=$(now_ms)
	tar -xJf "$TARBALL" -C "$KSRC" --strip-components=1
	say "kernel: unpacked $(basename "$TARBALL") ($(elapsed "$t"))"

	t=$(now_ms)
	if ! {
		kmake tinyconfig &&
			(cd "$KSRC" && scripts/kconfig/merge_config.sh -m -O "$KOBJ" \
				"$KOBJ/.config" "$FRAGMENT") &&
			kmake olddefconfig
	} >"$log" 2>&1; then
		tail -n 40 "$log" >&2
		die "kernel configuration failed"
	fi
	verify_config "$KOBJ/.config"
	say "kernel: tinyconfig + $(basename "$FRAGMENT") + olddefconfig, verified ($(elapsed "$t"))"

	t=$(now_ms)
	say "kernel: make -j$JOBS bzImage (about 10 min on 2 cores; log $log)"
	if ! kmake -j"$JOBS" bzImage >>"$log" 2>&1; then
		cp "$log" "$CACHE_ROOT/$KEY.failed.log"
		tail -n 40 "$log" >&2
		die "kernel build failed; full log: $CACHE_ROOT/$KEY.failed.log"
	fi
	say "kernel: built bzImage ($(elapsed "$t"))"

	cp "$KOBJ/arch/x86/boot/bzImage" "$tmp/bzImage"
	cp "$KOBJ/.config" "$tmp/config"
	rm -rf "$tmp/work" "$log"
	chmod 0755 "$tmp" # mktemp made it 0700
	# The rename is the commit point: the entry appears complete or not at all.
	mv -T "$tmp" "$ENTRY"
	rm -f "$CACHE_ROOT/$KEY.failed.log"
}

cache_fill kernel "$ENTRY" bzImage build_kernel

# ------------------------------------------------------------- (b) initramfs

t=$(now_ms)
[ -x "$BUSYBOX" ] || die "busybox not found at $BUSYBOX (apt-get install busybox-static)"
# A dynamic busybox would need its libraries in the initramfs.
if readelf -l "$BUSYBOX" | grep -q 'Requesting program interpreter'; then
	die "$BUSYBOX is dynamically linked; install busybox-static"
fi

STAGE=$(mktemp -d)
CLEANUP+=("$STAGE")
mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,tmp,root,etc}
cp "$BUSYBOX" "$STAGE/bin/busybox"
# Every applet at the path busybox itself reports (bin/sh, sbin/poweroff, ...).
"$BUSYBOX" --list-full | while IFS= read -r applet; do
	case $applet in
	*/*) ;;
	*) continue ;; # e.g. linuxrc at the root: not wanted
	esac
	[ -e "$STAGE/$applet" ] || ln -s /bin/busybox "$STAGE/$applet"
done
[ -L "$STAGE/bin/sh" ] || die "busybox has no sh applet"

gcc -static -O2 -Wall -Wextra -Werror -s -o "$STAGE/bin/cpuid" "$GUEST_DIR/tools/cpuid.c"
install -m 0755 "$GUEST_DIR/initramfs/init" "$STAGE/init"
# The kernel opens /dev/console for /init before devtmpfs is mounted. Its
# built-in default initramfs already has that node; adding it here as well
# keeps the archive self-sufficient (mknod needs root).
if [ "$(id -u)" -eq 0 ]; then
	mknod -m 600 "$STAGE/dev/console" c 5 1
fi

# Fixed owner, mode order and mtimes: the same inputs give the same archive.
find "$STAGE" -exec touch -h -d @"${SOURCE_DATE_EPOCH:-0}" {} +
(cd "$STAGE" && find . -mindepth 1 | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) |
	gzip -9 -n >"$OUTDIR/initramfs.cpio.gz.tmp"
mv -f "$OUTDIR/initramfs.cpio.gz.tmp" "$OUTDIR/initramfs.cpio.gz"
say "initramfs: $OUTDIR/initramfs.cpio.gz, $(stat -c %s "$OUTDIR/initramfs.cpio.gz") bytes ($(elapsed "$t"))"

# ------------------------------------------------------------- (c) bzImage

t=$(now_ms)
cp "$ENTRY/bzImage" "$OUTDIR/bzImage.tmp"
mv -f "$OUTDIR/bzImage.tmp" "$OUTDIR/bzImage"
say "bzImage: $OUTDIR/bzImage, $(stat -c %s "$OUTDIR/bzImage") bytes ($(elapsed "$t"))"
