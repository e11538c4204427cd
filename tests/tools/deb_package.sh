#!/usr/bin/env bash
# deb_package.sh [BUILD] - make deb's package as a user meets it.  Builds it
# (make deb), then reads it with dpkg-deb: its files are make install's
# (make install DESTDIR=, compared file by file with cmp, modes too) plus
# the copyright, changelog and lintian override; the control fields; the
# conffile; maintainer scripts that are executable and pass sh -n; lintian
# finds no error, where lintian is installed.  Then the real dpkg installs,
# removes and purges it, in a private mount namespace in which scratch
# folders are bind-mounted over /boot, /etc/grub.d and /usr/share, empty
# ones over dpkg's own configuration, and dpkg keeps its database in a
# scratch --admindir; a fake update-grub first on PATH writes down each call
# and whether /boot/thinvisor.elf was there.  Cases:
#   install   the files in place, as make install's; update-grub called
#             once, with the image there; dpkg --verify is clean
#   remove    the image and documents gone, the generator kept (a conffile,
#             until purge); update-grub called again, without the image
#   purge     the generator gone too; update-grub not called again
#   no-cfg    without /boot/grub/grub.cfg the install calls no update-grub
# Nothing outside the namespace and a temporary folder changes.
# Prints one line per check and ends with one of
#   PASS deb-package (M checks)                 exit 0
#   FAIL deb-package: N of M checks failed      exit 1
#   SKIP deb-package: why                       exit 77
# KEEP=1 keeps the temporary folder and names it.
set -uo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)

# ---- inside the namespace: --inside DIR DEB runs dpkg on DIR's scratch root
if [ "${1:-}" = --inside ]; then
	d=$2 deb=$3
	set -e
	mount --bind "$d/root/boot" /boot
	mount --bind "$d/root/etc/grub.d" /etc/grub.d
	mount --bind "$d/root/usr/share" /usr/share
	mount --bind "$d/dpkg.cfg" /etc/dpkg/dpkg.cfg
	mount --bind "$d/dpkg.cfg.d" /etc/dpkg/dpkg.cfg.d
	set +e
	export PATH=$d/bin:$PATH
	step() { # step NAME DPKG-ARGS...: run dpkg, keep its status and the tree
		local name=$1
		shift
		dpkg --admindir="$d/admin" --log="$d/dpkg.log" "$@" >"$d/$name.out" 2>&1
		echo $? >"$d/$name.status"
		dpkg --admindir="$d/admin" -V thinvisor >"$d/$name.verify" 2>&1
		dpkg-query --admindir="$d/admin" -W -f='${Status}' thinvisor >"$d/$name.query" 2>/dev/null
		cp "$d/calls" "$d/$name.calls"
		cp -a "$d/root" "$d/after-$name"
	}
	: >"$d/calls"
	step install -i "$deb"
	step remove -r thinvisor
	step purge -P thinvisor
	rm /boot/grub/grub.cfg
	step no-cfg -i "$deb"
	exit 0
fi

build=${1:-$here/build}
TOOL="deb-package"
# shellcheck source=tests/tools/lib.sh
source "$here/tests/tools/lib.sh"
# (a skip says how many checks passed before it)
skip() { result "$@"; }

result() {
	if [ "$failures" != 0 ]; then
		echo "FAIL deb-package: $failures of $checks checks failed"
		exit 1
	fi
	[ -z "${1:-}" ] || { echo "SKIP deb-package: $* ($checks checks passed before)"; exit 77; }
	echo "PASS deb-package ($checks checks)"
	exit 0
}

# ---- the package as built
if ! make -s --no-print-directory -C "$here" deb BUILD="$build" >"$tmp/make.log" 2>&1; then
	sed 's/^/    /' "$tmp/make.log"
	echo "FAIL deb-package: make deb failed"
	exit 1
fi
debs=("$build"/thinvisor_*_amd64.deb)
check one-deb test ${#debs[@]} = 1 -a -f "${debs[0]}"
deb=${debs[0]}
make -s --no-print-directory -C "$here" install DESTDIR="$tmp/inst" BUILD="$build" >/dev/null 2>&1
installed=$(cd "$tmp/inst" && find . -type f | sed 's|^\./||' | sort)
extras="usr/share/doc/thinvisor/changelog.gz
usr/share/doc/thinvisor/copyright
usr/share/lintian/overrides/thinvisor"
want=$(printf '%s\n%s\n' "$installed" "$extras" | sort)
check install-has-two-files test "$(echo "$installed" | wc -l)" = 2
check deb-files-are-install-plus-docs test "$(dpkg-deb --fsys-tarfile "$deb" | tar -t |
	grep -v '/$' | sed 's|^\./||' | sort)" = "$want"
check deb-owned-by-root test -z "$(dpkg-deb -c "$deb" | awk '$2 != "root/root"')"
dpkg-deb -x "$deb" "$tmp/x"
for f in $installed; do
	check "deb-$f-as-installed" cmp -s "$tmp/inst/$f" "$tmp/x/$f"
	check "deb-$f-mode" test "$(stat -c %a "$tmp/x/$f")" = "$(stat -c %a "$tmp/inst/$f")"
done
field() { dpkg-deb -f "$deb" "$1"; }
v=$(field Version)
count=$(git -C "$here" rev-list --count HEAD 2>/dev/null || echo 0)
check control-package test "$(field Package)" = thinvisor
check control-version-valid dpkg --validate-version "$v"
check control-version-is-git test "$v" = "0~git$count.$(git -C "$here" describe --always --dirty | tr - +)"
check control-version-sorts-by-commit dpkg --compare-versions "$v" lt "0~git$((count + 1)).0"
check file-name test "$(basename "$deb")" = "thinvisor_${v}_amd64.deb"
check control-architecture test "$(field Architecture)" = amd64
check control-depends test "$(field Depends)" = "grub-pc | grub-efi-amd64 | grub2-common"
check control-section test "$(field Section)" = admin
check control-description grep -q '"with thinvisor" entr' <(field Description)
dpkg-deb -e "$deb" "$tmp/ctl"
check conffiles test "$(cat "$tmp/ctl/conffiles")" = /etc/grub.d/20_linux_thinvisor
for s in postinst postrm; do
	check "$s-executable" test -x "$tmp/ctl/$s"
	check "$s-sh-n" sh -n "$tmp/ctl/$s"
done
if command -v lintian >/dev/null; then
	lintian "$deb" >"$tmp/lintian" 2>&1
	grep -E '^[EW]: ' "$tmp/lintian" | sed 's/^/    lintian: /'
	check lintian-no-errors test -z "$(grep -E '^E: ' "$tmp/lintian")"
else
	echo "skip lintian-no-errors: lintian is not installed (make deps installs it)"
fi

# ---- installed by dpkg, in a private mount namespace
for f in /boot /etc/grub.d /etc/dpkg/dpkg.cfg /etc/dpkg/dpkg.cfg.d; do
	[ -e "$f" ] || result "$f is missing (grub-common, dpkg)"
done
[ "$(dpkg --print-architecture)" = amd64 ] || result "dpkg's architecture is not amd64"
private_namespace
r=$tmp/root
mkdir -p "$r/boot/grub" "$r/etc/grub.d" "$r/usr/share" "$tmp/dpkg.cfg.d" \
	"$tmp/admin/info" "$tmp/admin/updates" "$tmp/admin/triggers" "$tmp/bin"
echo "# grub.cfg" >"$r/boot/grub/grub.cfg"
: >"$tmp/dpkg.cfg"
: >"$tmp/admin/available"
# a stand-in grub2-common: it satisfies the Depends, and owns the folders
# that base-files and grub-common own on a real system, so that dpkg does
# not try to remove them (they are mount points here)
printf '%s\n' /. /boot /etc /etc/grub.d /usr /usr/share /usr/share/doc >"$tmp/admin/info/grub2-common.list"
cat >"$tmp/admin/status" <<'EOF'
Package: grub2-common
Status: install ok installed
Maintainer: none <none@example.org>
Architecture: amd64
Version: 2.06-13
Description: stand-in

EOF
cat >"$tmp/bin/update-grub" <<EOF
#!/bin/sh
if [ -e /boot/thinvisor.elf ]; then echo elf; else echo no-elf; fi >>"$tmp/calls"
EOF
chmod +x "$tmp/bin/update-grub"
"${ns[@]}" "$0" --inside "$tmp" "$deb" >"$tmp/ns.out" 2>&1
[ -f "$tmp/no-cfg.status" ] || { sed 's/^/    /' "$tmp/ns.out"; echo "FAIL deb-package: the namespace steps did not finish"; exit 1; }

show() { # what a failed step printed
	echo "    --- dpkg $1 (status $(cat "$tmp/$1.status")):"
	sed 's/^/    /' "$tmp/$1.out"
}
files() { (cd "$tmp/after-$1" && find . -type f | sed 's|^\./||' | sort); }
calls() { tr '\n' ' ' <"$tmp/$1.calls"; }
before=$failures
a=$tmp/after-install
check install-succeeds test "$(cat "$tmp/install.status")" = 0
check install-status test "$(cat "$tmp/install.query")" = "install ok installed"
check install-files test "$(files install)" = "$(printf '%s\nboot/grub/grub.cfg\n' "$want" | sort)"
for f in $installed; do
	check "install-$f-as-installed" cmp -s "$tmp/inst/$f" "$a/$f"
	check "install-$f-mode" test "$(stat -c %a "$a/$f")" = "$(stat -c %a "$tmp/inst/$f")"
done
check install-update-grub-once-with-image test "$(calls install)" = "elf "
check install-dpkg-verify-clean test ! -s "$tmp/install.verify"
[ $failures = "$before" ] || show install
before=$failures
check remove-succeeds test "$(cat "$tmp/remove.status")" = 0
check remove-status test "$(cat "$tmp/remove.query")" = "deinstall ok config-files"
check remove-files-gone-conffile-kept test "$(files remove)" = "$(printf 'boot/grub/grub.cfg\netc/grub.d/20_linux_thinvisor\n')"
check remove-update-grub-again-without-image test "$(calls remove)" = "elf no-elf "
[ $failures = "$before" ] || show remove
before=$failures
check purge-succeeds test "$(cat "$tmp/purge.status")" = 0
check purge-status test -z "$(cat "$tmp/purge.query")"
check purge-conffile-gone test "$(files purge)" = boot/grub/grub.cfg
check purge-no-update-grub test "$(calls purge)" = "elf no-elf "
[ $failures = "$before" ] || show purge
before=$failures
check no-cfg-install-succeeds test "$(cat "$tmp/no-cfg.status")" = 0
check no-cfg-no-update-grub test "$(calls no-cfg)" = "elf no-elf "
[ $failures = "$before" ] || show no-cfg
result
