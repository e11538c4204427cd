#!/usr/bin/env bash
# lint.sh - three checks over the tree, each finding one line:
#   cppcheck over the hypervisor's C: every .c file of the Makefile's
#     HV_DIRS and every header under include/, as
#     FILE:LINE: severity id: message
#   clang-format (the tree's .clang-format) over every C source and header
#     git tracks (hypervisor, tests, guest, tools): one line per file that
#     differs, FILE:LINE: clang-format: ... at its first difference
#   ShellCheck (-x) over every shell script git tracks: the *.sh files
#     and those whose first line is a sh or bash shebang, as
#     FILE:LINE:COLUMN: level: message [SCnnnn]
# then one line
#     lint: N files, M findings
# and exits 1 when M > 0.  A false positive is silenced where it occurs:
# `// cppcheck-suppress <id>` and the reason on the line above;
# /* clang-format off */ ... /* clang-format on */ around a table whose
# layout is deliberate; `# shellcheck disable=SCnnnn # reason` above the
# command.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here" || exit 1

for tool in cppcheck clang-format shellcheck; do
	if ! command -v "$tool" >/dev/null; then
		echo "lint: $tool is not installed (apt-get install $tool)"
		exit 1
	fi
done

# The folder list is the Makefile's, so new folders are linted unasked.
dirs=$(sed -n 's/^HV_DIRS[[:space:]]*:=[[:space:]]*//p' Makefile)
if [ -z "$dirs" ]; then
	echo "lint: no HV_DIRS line in the Makefile"
	exit 1
fi
files=()
for d in $dirs; do
	for f in "$d"/*.c; do
		[ -e "$f" ] && files+=("$f")
	done
done
while IFS= read -r f; do
	files+=("$f")
done < <(find include -name '*.h' | sort)

# shellcheck disable=SC2054 # the commas are --enable='s list, not array separators
opts=(
	--enable=warning,style,performance,portability
	--error-exitcode=1 --inline-suppr --quiet
	--language=c --std=c11 -Iinclude
	# The image is built for x86-64 only (HV_CFLAGS: -mcmodel=kernel):
	# check that one configuration, as the compiler sees it.
	-D__x86_64__
	# Freestanding: <stdint.h>, <stddef.h>, <stdbool.h>, <stdarg.h> are the
	# compiler's own headers, not on cppcheck's include path; its built-in
	# C library model supplies their types, so "system include not found"
	# carries no information here.
	--suppress=missingIncludeSystem
	# Each header is also checked on its own so that one no .c includes yet
	# is linted.  Alone, a header's structs have no users: their members
	# are read by other translation units or by hardware and assembly
	# (the zero page, VMCS-adjacent state, ACPI and multiboot2 layouts).
	# Where a .c file includes the header, cppcheck judges member use there.
	"--suppress=unusedStructMember:include/*"
	# cppcheck 2.10 does not parse GNU `asm goto` (the VMX accessors of
	# include/vmx/vmcs_access.h branch on VMfail with it): the labels named in
	# the asm look unused and a variable set by its output operand looks
	# uninitialised.  gcc understands asm goto and already reports truly
	# unused labels (-Wunused-label, in HV_CFLAGS' -Wall -Werror), so the
	# label check is dropped everywhere; the uninitialised-variable check
	# only in that one header, which is nothing but asm wrappers.
	--suppress=unusedLabel
	--suppress=legacyUninitvar:include/vmx/vmcs_access.h
	--template='{file}:{line}: {severity} {id}: {message}'
)

log=$(mktemp)
trap 'rm -f "$log"' EXIT
cppcheck "${opts[@]}" "${files[@]}" >"$log" 2>&1
rc=$?
# With --template every finding is one FILE:LINE: line; anything else
# (a cppcheck failure) is shown too and counts as a finding.
findings=$(grep -cE '^[^ :]+:[0-9]+: ' "$log")
if [ "$rc" != 0 ] && [ "$findings" = 0 ]; then
	findings=1
fi
cat "$log"

# The files git tracks (the Makefile lists no tests, guest or tools C);
# outside a git checkout, what find sees.
tracked() {
	if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
		git ls-files -- "$@"
	else
		local pat args=()
		for pat in "$@"; do
			args+=(-o -path "./$pat")
		done
		find . -type f \( "${args[@]:1}" \) | sed 's|^\./||' | sort
	fi
}

# clang-format: one finding per file, at its first difference.
c_files=()
while IFS= read -r f; do
	[ -f "$f" ] && c_files+=("$f")
done < <(tracked '*.c' '*.h')
clang-format --dry-run --Werror "${c_files[@]}" >"$log" 2>&1
rc=$?
# Each difference is FILE:LINE:COLUMN: error: ..., files in order.
summary=$(awk -F: '/^[^ :]+:[0-9]+:[0-9]+: error: / {
		if (!($1 in n)) { order[++k] = $1; line[$1] = $2 }
		n[$1]++
	}
	END {
		for (i = 1; i <= k; i++)
			printf "%s:%s: clang-format: %d difference(s) from .clang-format (clang-format -i %s)\n",
				order[i], line[order[i]], n[order[i]], order[i]
	}' "$log")
n=0
[ -n "$summary" ] && n=$(wc -l <<<"$summary")
if [ "$rc" != 0 ] && [ "$n" = 0 ]; then
	cat "$log"
	n=1
fi
[ -n "$summary" ] && echo "$summary"
findings=$((findings + n))

# ShellCheck: the *.sh files and the scripts without the suffix (GRUB's
# generator, the package scripts, the guests' init programs).
scripts=()
while IFS= read -r f; do
	[ -f "$f" ] || continue
	case $f in
	*.sh) scripts+=("$f") ;;
	*) head -n 1 "$f" | grep -qE '^#! ?(/usr)?/bin/(env )?(ba)?sh( |$)' && scripts+=("$f") ;;
	esac
done < <(tracked '*')
shellcheck -x -f gcc "${scripts[@]}" >"$log" 2>&1
rc=$?
n=$(grep -cE '^[^ :]+:[0-9]+:[0-9]+: ' "$log")
if [ "$rc" != 0 ] && [ "$n" = 0 ]; then
	n=1
fi
cat "$log"
findings=$((findings + n))

echo "lint: $((${#files[@]} + ${#c_files[@]} + ${#scripts[@]})) files, $findings findings"
[ "$findings" = 0 ]
