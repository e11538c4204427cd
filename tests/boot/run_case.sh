#!/usr/bin/env bash
# run_case.sh CASE ELF WORKDIR
# Boots thinvisor as a boot-test case describes and checks the serial log.
#
# A case file (tests/boot/cases/*.case) is bash and sets:
#   EMU=qemu|qemu-uefi|bochs  the emulator: QEMU booting the ISO by legacy
#                         BIOS (SeaBIOS) or by UEFI (OVMF; $OVMF_CODE and a
#                         copy of $OVMF_VARS in WORKDIR), or Bochs
#   CMDLINE="..."         thinvisor's command line (exit=emulator is added)
#   MODEL, MEGS, CPUS     Bochs CPU model / memory (MiB) / CPUs; QEMU uses MEGS
#   QEMU_CPU="..."        QEMU's -cpu argument (default: QEMU's own model)
#   TIMEOUT=seconds       wall-clock limit; past it the emulator is killed
#   EXPECT_STATUS=N       the emulator's exit status, required: QEMU's and
#                         tools/bochs.sh's are (code << 1) | 1 for thinvisor's
#                         exit code (README "When it stops"); bochs.sh gives 2
#                         when Bochs ended without thinvisor's exit line
#   EXPECT=(re...)        extended regexes that must match serial lines, in order
#   REJECT=(re...)        regexes that must match no line
#   MODULES=("FILE ARGS"...)  multiboot2 modules: FILE from $GUEST_DIR (default
#                         build/guest), then its command line
#   GRUB_PRE=("cmd"...)   GRUB commands before multiboot2 (e.g. firmware state
#                         to imitate: insmod wrmsr; wrmsr 0x1b ...)
#   NATIVE=1              boot the first module with GRUB's linux/initrd
#                         instead of thinvisor (the same kernel on bare metal)
# Prints one line: "PASS name (Ns)" or "FAIL name: reason", then on failure
# the tail of the serial log.
set -uo pipefail
case_file=$1 elf=$2 work=$3
name=$(basename "$case_file" .case)
here=$(cd "$(dirname "$0")/../.." && pwd)

EMU='' CMDLINE='' MODEL=corei7_skylake_x MEGS=512 CPUS=1 TIMEOUT=120 EXPECT_STATUS=''
EXPECT=() REJECT=() MODULES=() GRUB_PRE=() NATIVE=0 MODULE2_FLAGS='' QEMU_CPU=''
GUEST_DIR=${GUEST_DIR:-$here/build/guest}
# Debian's ovmf package: the 2 MiB build without Secure Boot (grub-mkrescue's
# GRUB is unsigned) and its matching variable store.
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS.fd}
# shellcheck source=/dev/null
if ! source "$case_file"; then
	echo "FAIL $name: the case file does not parse"
	exit 1
fi
if [ ${#EXPECT[@]} -eq 0 ]; then
	echo "FAIL $name: the case expects nothing: a test must be able to fail"
	exit 1
fi
if ! [[ $EXPECT_STATUS =~ ^[0-9]+$ ]]; then
	echo "FAIL $name: the case sets no EXPECT_STATUS (the emulator's exact exit status)"
	exit 1
fi

mkdir -p "$work"
iso=$work/$name.iso log=$work/$name.serial.log
files=()
{
	echo "set timeout=0"
	echo "set default=0"
	echo "menuentry \"$name\" {"
	if [ "$NATIVE" = 1 ]; then
		# a module is FILE then its command line's words
		read -r -a words <<<"${MODULES[0]}"
		set -- "${words[@]}"
		echo "	linux /boot/$(basename "$1") ${*:2}"
		[ ${#MODULES[@]} -gt 1 ] && echo "	initrd /boot/$(basename "${MODULES[1]%% *}")"
	else
		for g in "${GRUB_PRE[@]}"; do
			echo "	$g"
		done
		echo "	multiboot2 /boot/thinvisor.elf exit=emulator $CMDLINE"
		# thinvisor's header asks for a framebuffer, so multiboot2 set
		# gfxpayload=auto: a BIOS boot stays in VGA text mode, as
		# iso/grub.cfg keeps it (the Bochs cases would crawl in VBE)
		# shellcheck disable=SC2016 # ($grub_platform is GRUB's)
		echo '	if [ "$grub_platform" = pc ]; then set gfxpayload=text; fi'
		first=1
		for m in "${MODULES[@]}"; do
			read -r -a words <<<"$m"
			set -- "${words[@]}"
			# the kernel's string is its command line; later modules are data
			if [ $first = 1 ]; then
				echo "	module2 /boot/$(basename "$1") ${*:2}"
			else
				echo "	module2 $MODULE2_FLAGS /boot/$(basename "$1") ${*:2}"
			fi
			first=0
		done
	fi
	echo "	boot"
	echo "}"
} >"$work/$name.grub.cfg"
for m in "${MODULES[@]}"; do
	f=$GUEST_DIR/${m%% *}
	if [ ! -f "$f" ]; then
		echo "FAIL $name: guest file $f is missing (make guest builds it)"
		exit 1
	fi
	files+=("$f")
done
if ! "$here/tools/mkiso.sh" "$iso" "$elf" "$work/$name.grub.cfg" "${files[@]}"; then
	echo "FAIL $name: could not build the ISO"
	exit 1
fi
rm -f "$log"
start=$(date +%s)
case $EMU in
qemu | qemu-uefi)
	fw=()
	if [ "$EMU" = qemu-uefi ]; then
		for f in "$OVMF_CODE" "$OVMF_VARS"; do
			if [ ! -f "$f" ]; then
				echo "FAIL $name: UEFI firmware $f is missing (Debian package ovmf)"
				exit 1
			fi
		done
		# OVMF writes its boot entries into the variable store: each run
		# gets a fresh copy, so runs do not depend on each other.
		cp "$OVMF_VARS" "$work/$name.OVMF_VARS.fd"
		fw=(-drive "if=pflash,format=raw,readonly=on,file=$OVMF_CODE"
			-drive "if=pflash,format=raw,file=$work/$name.OVMF_VARS.fd")
	fi
	[ -n "$QEMU_CPU" ] && fw+=(-cpu "$QEMU_CPU")
	timeout -k 5 "$TIMEOUT" qemu-system-x86_64 "${fw[@]}" -cdrom "$iso" -m "$MEGS" \
		-serial "file:$log" -display none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=4 >"$work/$name.emu.log" 2>&1
	status=$?
	;;
bochs)
	BOCHS_LOG=$work/$name.bochs.log "$here/tools/bochs.sh" "$iso" --serial "$log" \
		--model "$MODEL" --megs "$MEGS" --cpus "$CPUS" --timeout "$TIMEOUT"
	status=$?
	;;
*)
	echo "FAIL $name: unknown EMU '$EMU'"
	exit 1
	;;
esac
secs=$(($(date +%s) - start))
touch "$log"
# GRUB, OVMF and the guest may use terminal escapes (OVMF also sends
# ESC[=3h) and CRs: compare plain lines.
tr -d '\r' <"$log" | sed 's/\x1b\[[0-9;=?]*[A-Za-z]//g' >"$log.txt"

fail() {
	echo "FAIL $name: $1 (${secs}s, emulator status $status)"
	echo "---- last lines of $log"
	tail -n 25 "$log.txt" | sed 's/^/    /'
	echo "----"
	exit 1
}

if [ "$status" = 124 ] || [ "$status" = 137 ]; then
	fail "timed out after ${TIMEOUT}s"
fi
line=0
for re in "${EXPECT[@]}"; do
	found=$(tail -n +"$((line + 1))" "$log.txt" | grep -n -E -m1 -- "$re" | cut -d: -f1)
	[ -n "$found" ] || fail "expected line not found (in order): /$re/"
	line=$((line + found))
done
for re in "${REJECT[@]}"; do
	if grep -q -E -- "$re" "$log.txt"; then
		fail "unexpected line: $(grep -m1 -E -- "$re" "$log.txt")"
	fi
done
if [ "$status" != "$EXPECT_STATUS" ]; then
	fail "emulator exit status $status, expected $EXPECT_STATUS"
fi
echo "PASS $name (${secs}s)"
