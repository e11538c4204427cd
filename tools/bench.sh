#!/usr/bin/env bash
# bench.sh BUILD - thinvisor's benchmarks (make bench), in Bochs, where the
# TSC follows the emulated instruction count (clock: sync=none), so every
# figure is a count, repeatable on a noisy machine.  Prints a table and
# writes it to BUILD/bench.md.
#
#   exit round trips  guest=bench: 1000 of each exiting instruction timed
#                     with RDTSC in the guest; minus the same loop without it
#   start             TSC from hv_main to the first VM entry, 512 MiB / 4 GiB
#   Linux boot        the guest's TSC at /init, under thinvisor / natively
#   memory            EPT and host tables, footprint, image size
set -uo pipefail
build=$1
here=$(cd "$(dirname "$0")/.." && pwd)
work=$build/bench
mkdir -p "$work"
elf=$build/thinvisor.elf

# run_case NAME BODY...: a boot case (see tests/boot/run_case.sh) written here
run() {
	local name=$1
	shift
	printf '%s\n' "$@" >"$work/$name.case"
	"$here/tests/boot/run_case.sh" "$work/$name.case" "$elf" "$work" >"$work/$name.result" ||
		{ cat "$work/$name.result" >&2; echo "bench: $name failed" >&2; exit 1; }
	log=$work/$name.serial.log.txt
}
field() { # REGEX FILE: the first number captured by REGEX's group 1
	sed -nE "s/$1/\1/p" "$2" | head -n1
}

echo "bench: exit round trips (guest=bench, 512 MiB)..." >&2
run bench512 'EMU=bochs' 'TIMEOUT=300' 'CMDLINE="guest=bench"' \
	"EXPECT=('bench: vmcall')" 'EXPECT_STATUS=3'
bench_log=$log
ticks() { field "^thinvisor: bench: $1 +[0-9]+ round trips, ([0-9]+) TSC ticks each" "$bench_log"; }
base=$(ticks baseline)
start512=$(field '.*launching the guest \(([0-9]+) TSC ticks.*' "$bench_log")
ept512=$(field '^thinvisor: ept: RAM in 4 KiB pages only, ([0-9]+) KiB of tables.*' "$bench_log")
host512=$(field '^thinvisor: host paging: RAM in [^,]+ pages, ([0-9]+) KiB of tables.*' "$bench_log")
used512=$(field '^thinvisor: memory: hypervisor uses ([0-9]+) KiB beyond its image.*' "$bench_log")
image_kib=$(field '.*hypervisor image at 0x[0-9a-f]+-0x[0-9a-f]+ \(([0-9]+) KiB\).*' "$bench_log")
ram512=$(field '^thinvisor: memory: ([0-9]+) MiB usable RAM.*' "$bench_log")

echo "bench: start-up with 4 GiB..." >&2
run bench4g 'EMU=bochs' 'MEGS=4096' 'TIMEOUT=600' 'CMDLINE="guest=bench"' \
	"EXPECT=('bench: vmcall')" 'EXPECT_STATUS=3'
start4g=$(field '.*launching the guest \(([0-9]+) TSC ticks.*' "$log")
ept4g=$(field '^thinvisor: ept: RAM in 4 KiB pages only, ([0-9]+) KiB of tables.*' "$log")
ram4g=$(field '^thinvisor: memory: ([0-9]+) MiB usable RAM.*' "$log")

echo "bench: Linux boot under thinvisor and natively..." >&2
linux=('MEGS=512' 'TIMEOUT=600' 'MODULES=("bzImage console=ttyS0 tvpoweroff" "initramfs.cpio.gz")'
	'MODULE2_FLAGS=--nounzip' "EXPECT=('thinvisor-guest: checks done')")
run linux-virt 'EMU=bochs' "${linux[@]}" 'EXPECT_STATUS=3'
virt_log=$log
tsc_virt=$(field '^thinvisor-guest: init reached \(tsc ([0-9]+)\)' "$virt_log")
# natively Bochs ends at the guest's ACPI power-off: no thinvisor exit line
run linux-native 'EMU=bochs' 'NATIVE=1' "${linux[@]}" 'EXPECT_STATUS=2'
tsc_native=$(field '^thinvisor-guest: init reached \(tsc ([0-9]+)\)' "$log")

ratio=$(awk -v a="$tsc_virt" -v b="$tsc_native" 'BEGIN { printf "%.3f", a / b }')
per_gib() { awk -v k="$1" -v m="$2" 'BEGIN { printf "%.0f", k / (m / 1024) }'; }
net() { echo $(($1 - base)); }
{
	echo "# thinvisor benchmarks"
	echo
	echo "$(date -u +%Y-%m-%d), $(uname -m) host, Bochs $(dpkg-query -W -f='${Version}' bochs 2>/dev/null)," \
		"CPU model corei7_skylake_x, clock sync=none (TSC = emulated instruction count)," \
		"thinvisor $(git -C "$here" describe --always --dirty 2>/dev/null)"
	echo
	echo "| figure | value | goal |"
	echo "|---|---|---|"
	echo "| CPUID round trip (guest TSC, baseline loop subtracted) | $(net "$(ticks cpuid)") | < 150 |"
	echo "| RDMSR of an intercepted MSR, served from the policy table | $(net "$(ticks rdmsr)") | < 150 |"
	echo "| OUT to an intercepted port | $(net "$(ticks out)") | |"
	echo "| VMCALL (exit, #UD injected, guest #UD handler) | $(net "$(ticks vmcall)") | |"
	echo "| baseline loop iteration | $base | |"
	echo "| Linux boot to /init, TSC under thinvisor / natively | $ratio ($tsc_virt / $tsc_native) | <= 1.05 |"
	echo "| EPT tables per GiB of guest RAM | $(per_gib "$ept512" "$ram512") KiB ($ept512 KiB for $ram512 MiB; $ept4g KiB for $ram4g MiB) | ~2 MiB |"
	echo "| host page tables, 512 MiB | $host512 KiB | |"
	echo "| hypervisor footprint: image + allocations, 512 MiB | $((image_kib + used512)) KiB (image $image_kib KiB) | < 1 MiB + EPT |"
	echo "| start: hv_main to first VM entry, 512 MiB | $start512 TSC | |"
	echo "| start: hv_main to first VM entry, 4 GiB | $start4g TSC | |"
	echo
	echo "Exits during the Linux boot (power-off included):"
	echo
	echo '```'
	sed -n '/^thinvisor: exits by reason/,/^thinvisor: ending/p' "$virt_log" | grep -v ending
	echo '```'
} | tee "$build/bench.md"
