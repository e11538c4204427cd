# shellcheck shell=bash
# lib.sh - what guest/build.sh and guest/selftests/build.sh share: messages
# tagged with LIB_TAG, timings, the OUTDIR argument, tool checks, and
# folders removed on exit (append them to CLEANUP).  Source it after setting
# LIB_TAG; it sets OUTDIR from "$1".

say() { echo "[$LIB_TAG] $*"; }
die() {
	echo "[$LIB_TAG] error: $*" >&2
	exit 1
}
now_ms() { date +%s%3N; }
# elapsed START_MS: "12.3 s" since START_MS.
elapsed() {
	local ms=$(($(now_ms) - $1))
	printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100))
}
# need_tools TOOL...: die naming the first one missing.
need_tools() {
	local tool
	for tool in "$@"; do
		command -v "$tool" >/dev/null || die "missing tool: $tool"
	done
}

[ $# -eq 1 ] || die "usage: $0 OUTDIR"
mkdir -p "$1"
# shellcheck disable=SC2034 # read by the scripts that source this file
OUTDIR=$(cd "$1" && pwd)

CLEANUP=()
cleanup() {
	local d
	for d in "${CLEANUP[@]+"${CLEANUP[@]}"}"; do
		rm -rf -- "$d"
	done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# cache_fill LABEL ENTRY MARKER BUILD_FN: fill the cache entry ENTRY (a
# folder under CACHE_ROOT whose MARKER file proves it complete) by running
# BUILD_FN, unless it is there.  One builder per entry: a second caller
# waits on the lock, then finds the entry.  BUILD_FN writes into a temporary
# folder and renames it to ENTRY as its last step.
cache_fill() {
	local label=$1 entry=$2 marker=$3 build=$4 key t
	key=$(basename "$entry")
	t=$(now_ms)
	mkdir -p "$CACHE_ROOT"
	if [ -f "$entry/$marker" ]; then
		say "$label: cached $entry ($(elapsed "$t"))"
		return
	fi
	exec 9>"$CACHE_ROOT/$key.lock"
	flock 9
	if [ -f "$entry/$marker" ]; then
		say "$label: built meanwhile by another run: $entry"
	else
		# Leftovers of builds killed too hard for the EXIT trap; safe to
		# remove because every builder of this key holds the lock.
		rm -rf "$CACHE_ROOT/.tmp-$key".* "$entry"
		say "$label: not cached, building $entry"
		"$build"
		say "$label: cached $entry (total $(elapsed "$t"))"
	fi
	exec 9>&-
}
