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
