# shellcheck shell=bash
# lib.sh - what the tests/tools scripts share.  Source it after setting TOOL
# (the name their last line gives) and `here` (the tree's top); it makes
# the temporary folder `tmp` (removed on exit; KEEP=1 keeps it and names
# it) and the counters `checks` and `failures`.
#   check NAME COMMAND...   one check: "ok NAME", or "FAIL NAME" counted
#   skip WHY                "SKIP TOOL: WHY", exit 77
#   private_namespace       sets `ns` to the unshare(1) command of a private
#                           mount namespace (user namespace too when not
#                           root), or skips when this machine allows none
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
[ -z "${KEEP:-}" ] || echo "keeping $tmp"
checks=0 failures=0

check() {
	local name=$1
	shift
	checks=$((checks + 1))
	if "$@"; then
		echo "ok $name"
	else
		failures=$((failures + 1))
		echo "FAIL $name"
	fi
}

skip() {
	echo "SKIP $TOOL: $*"
	exit 77
}

private_namespace() {
	if [ "$(id -u)" = 0 ]; then
		ns=(unshare --mount --propagation private)
	else
		ns=(unshare --map-root-user --mount --propagation private)
	fi
	# a bind mount is what the scripts do in it
	"${ns[@]}" mount --bind "$tmp" "$tmp" 2>"$tmp/ns.err" ||
		skip "no private mount namespace here (${ns[*]}: $(head -n 1 "$tmp/ns.err"))"
}
