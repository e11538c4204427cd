# thinvisor - a thin type-1 hypervisor for x86-64.
#
#   make            build build/thinvisor.elf
#   make iso        build build/thinvisor.iso (GRUB, BIOS + UEFI)
#   make run        boot it: QEMU+KVM where /dev/kvm and VMX exist, else Bochs
#   make check      unit tests + boot tests, ending in "N passed, N failed, N skipped"
#   make bench      exit costs, boot overhead and memory, as counts and ratios
#   make guest      the Linux guest kernel (cached) and initramfs
#   make usb DEV=/dev/sdX   write the ISO to a USB stick (see docs/REAL_MACHINES.md)
#   make install / uninstall   /boot/thinvisor.elf and the GRUB generator
#                              /etc/grub.d/20_linux_thinvisor (DESTDIR=, PREFIX=)
#   make deb        those two as build/thinvisor_<version>_amd64.deb, whose
#                   postinst and postrm run update-grub (debian/)
#   make bochs-debug / make qemu-gdb   debuggers with thinvisor's symbols
#   make fuzz / make lint
#   make deps       install the Debian packages the build and tests need
#   make clean
#
#   make LOG_LEVEL=debug   build-time default log level (error|warn|info|debug)
#   make MB2_FRAMEBUFFER=0 leave out the multiboot2 header's framebuffer tag
#                          (default 1: GRUB keeps the UEFI GOP mode and the log
#                          draws on it; on BIOS the grub.cfg entries keep VGA
#                          text with gfxpayload=text).  Without the tag a UEFI
#                          boot shows nothing.  make clean when toggling

LOG_LEVEL ?= info
MB2_FRAMEBUFFER ?= 1
ifeq ($(filter $(MB2_FRAMEBUFFER),0 1),)
$(error MB2_FRAMEBUFFER must be 0 or 1 (got '$(MB2_FRAMEBUFFER)'))
endif
BUILD     ?= build
CC        := gcc
LD        := ld
NASM      := nasm

LOG_LEVEL_UPPER := $(shell echo $(LOG_LEVEL) | tr a-z A-Z)
ifeq ($(filter $(LOG_LEVEL_UPPER),ERROR WARN INFO DEBUG),)
$(error LOG_LEVEL must be one of error, warn, info, debug (got '$(LOG_LEVEL)'))
endif
VERSION := $(shell git describe --always --dirty 2>/dev/null || echo dev)

# The hypervisor: freestanding, kernel code model (linked in the top 2 GiB),
# no red zone (exceptions push onto the current stack), no SSE/AVX (guest
# vector state is never touched, so it needs no saving on exits).
HV_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror \
	-ffreestanding -fno-builtin -fno-stack-protector -fno-pic -fno-pie \
	-mno-red-zone -mgeneral-regs-only -mcmodel=kernel \
	-fno-omit-frame-pointer -fno-asynchronous-unwind-tables \
	-Iinclude -DLOG_LEVEL_DEFAULT=LOG_$(LOG_LEVEL_UPPER) \
	-DTHINVISOR_VERSION='"$(VERSION)"'
# make DEBUG=1: BOCHS_MAGIC_BREAK() (include/arch/debug.h) becomes a real
# Bochs breakpoint.  Objects do not depend on flags: make clean when toggling.
ifeq ($(DEBUG),1)
HV_CFLAGS += -DTHINVISOR_DEBUG
endif
HV_LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T linker.ld

HV_DIRS := boot lib acpi mm arch/x86_64 arch/x86_64/vmx arch/x86_64/ept vmexit msr devices loader kernel
HV_CSRCS := $(filter-out arch/x86_64/vmx/asm_offsets.c,$(foreach d,$(HV_DIRS),$(wildcard $(d)/*.c)))
HV_ASRCS := $(foreach d,$(HV_DIRS),$(wildcard $(d)/*.asm))
HV_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(HV_CSRCS)) \
	   $(patsubst %.asm,$(BUILD)/obj/%.o,$(HV_ASRCS))

ELF := $(BUILD)/thinvisor.elf
ISO := $(BUILD)/thinvisor.iso

.PHONY: all iso run check deps clean unit boottest

all: $(ELF)

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/%.o: %.asm $(BUILD)/include/asm_offsets.inc
	@mkdir -p $(dir $@)
	$(NASM) -f elf64 -g -F dwarf -DMB2_FRAMEBUFFER=$(MB2_FRAMEBUFFER) -MD $(@:.o=.d) -MP -Iinclude/ -I$(BUILD)/include/ -I$(BUILD)/ -o $@ $<

# Structure offsets for assembly, generated from the C definitions.
$(BUILD)/include/asm_offsets.inc: arch/x86_64/vmx/asm_offsets.c include/vmx/vcpu.h tools/gen_offsets.sh
	@mkdir -p $(dir $@)
	$(CC) $(HV_CFLAGS) -S -o $(BUILD)/include/asm_offsets.s $<
	tools/gen_offsets.sh $(BUILD)/include/asm_offsets.s $@

$(ELF): $(HV_OBJS) linker.ld
	$(LD) $(HV_LDFLAGS) -o $@ $(HV_OBJS)
	@size $@ | tail -1 | awk '{printf "thinvisor.elf: %d bytes text, %d data, %d bss\n", $$1, $$2, $$3}'

-include $(HV_OBJS:.o=.d)

# The self-test guest: a flat binary embedded by loader/selftest_blob.asm.
SELFTEST_SRC ?= guest/selftest/selftest.asm
$(BUILD)/guest/selftest.bin: $(SELFTEST_SRC) $(wildcard guest/selftest/*.inc)
	@mkdir -p $(dir $@)
	$(NASM) -f bin -w+all -Iguest/selftest/ -o $@ $(SELFTEST_SRC)
$(BUILD)/obj/loader/selftest_blob.o: $(BUILD)/guest/selftest.bin

# The booter stub that takes a Linux guest from real mode to its 64-bit entry.
$(BUILD)/guest/booter.bin: guest/booter/booter.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin -w+all -o $@ $<
$(BUILD)/obj/loader/booter_blob.o: $(BUILD)/guest/booter.bin

# The AP start-up trampoline: real mode to long mode, below 1 MiB.
$(BUILD)/arch/trampoline.bin: arch/x86_64/ap_trampoline/trampoline.asm
	@mkdir -p $(dir $@)
	$(NASM) -f bin -w+all -o $@ $<
$(BUILD)/obj/arch/x86_64/ap_trampoline_blob.o: $(BUILD)/arch/trampoline.bin

# ---------------------------------------------------------------- guest
# The Linux guest: a kernel from Debian's linux-source with guest/linux.fragment
# (cached outside the tree, keyed by source version and fragment) and a
# busybox initramfs.  Any other bzImage/initrd: make iso GUEST_KERNEL=.. GUEST_INITRD=..
GUEST_KERNEL ?= $(BUILD)/guest/bzImage
GUEST_INITRD ?= $(BUILD)/guest/initramfs.cpio.gz
.PHONY: guest
TEST_GUESTS := $(BUILD)/guest/mbtest1.elf $(BUILD)/guest/mbtest2.elf \
	$(BUILD)/guest/mbtest1-low.elf $(BUILD)/guest/mbtest2-low.elf $(BUILD)/guest/bztest.bin
guest: $(TEST_GUESTS)
	guest/build.sh $(BUILD)/guest

# The multiboot test kernels (tests/guests/mbtest): multiboot2, and -DMB1;
# linked at 32 MiB, and (-low) at 1 MiB, where GRUB puts its modules.
# Both test guests take the self-test ABI from guest/selftest/defs.inc and
# their shared routines from tests/guests/guestlib.inc.
TEST_GUEST_INC := guest/selftest/defs.inc tests/guests/guestlib.inc
TEST_GUEST_NASM := $(NASM) -w+all -Iguest/selftest/ -Itests/guests/
$(BUILD)/guest/mbtest%.elf: tests/guests/mbtest/mbtest.asm tests/guests/mbtest/mbtest.ld $(TEST_GUEST_INC)
	@mkdir -p $(dir $@)
	$(TEST_GUEST_NASM) -f elf32 $(if $(filter 1%,$*),-DMB1) \
		$(if $(filter %-low,$*),-DPAD_BSS=0x300000) -o $(@:.elf=.o) $<
	$(LD) -m elf_i386 -nostdlib -z noexecstack -T tests/guests/mbtest/mbtest.ld \
		--defsym=LOAD_ADDR=$(if $(filter %-low,$*),0x100000,0x2000000) -o $@ $(@:.elf=.o)

# A bzImage that is not relocatable (tests/guests/bztest): loads at 1 MiB.
$(BUILD)/guest/bztest.bin: tests/guests/bztest/bztest.asm $(TEST_GUEST_INC)
	@mkdir -p $(dir $@)
	$(TEST_GUEST_NASM) -f bin -o $@ $<

# ---------------------------------------------------------------- ISO
# The user's ISO: iso/grub.cfg, thinvisor, the guest kernel and initrd.
iso: $(if $(filter $(BUILD)/guest/%,$(GUEST_KERNEL) $(GUEST_INITRD)),guest)
	@$(MAKE) --no-print-directory $(ISO)
$(ISO): $(ELF) iso/grub.cfg tools/mkiso.sh $(GUEST_KERNEL) $(GUEST_INITRD)
	tools/mkiso.sh $@ $(ELF) iso/grub.cfg $(GUEST_KERNEL):bzImage $(GUEST_INITRD):initramfs.cpio.gz

# ---------------------------------------------------------------- run
# make run boots an ISO whose entries end the emulator when thinvisor stops
# (exit=emulator); the user's ISO above halts instead, as on real hardware.
# console=serial: Bochs' term display shares the terminal with the serial
# port there, so the log is shown once.
RUN_ISO := $(BUILD)/thinvisor-run.iso
$(BUILD)/grub-run.cfg: iso/grub.cfg
	@mkdir -p $(BUILD)
	sed 's|multiboot2 /boot/thinvisor.elf|& exit=emulator console=serial|' $< >$@
$(RUN_ISO): $(ELF) $(BUILD)/grub-run.cfg tools/mkiso.sh $(GUEST_KERNEL) $(GUEST_INITRD)
	tools/mkiso.sh $@ $(ELF) $(BUILD)/grub-run.cfg $(GUEST_KERNEL):bzImage $(GUEST_INITRD):initramfs.cpio.gz

run: deps
	@$(MAKE) --no-print-directory guest
	@$(MAKE) --no-print-directory $(RUN_ISO)
	tools/run.sh $(RUN_ISO)

# ---------------------------------------------------------------- tests
# Each tests/unit/<name>.mk adds <name> to UNIT_TESTS and sets <name>_SRCS.
UNIT_TESTS :=
include $(wildcard tests/unit/*.mk)
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Iinclude -DHOST_TEST \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
UNIT_BINS := $(patsubst %,$(BUILD)/tests/test_%,$(UNIT_TESTS))

define unit_rule
$(BUILD)/tests/test_$(1): $$($(1)_SRCS) $$(wildcard include/*.h include/*/*.h)
	@mkdir -p $$(dir $$@)
	$$(CC) $$(HOST_CFLAGS) $$($(1)_SRCS) -lcmocka -o $$@
endef
$(foreach t,$(UNIT_TESTS),$(eval $(call unit_rule,$(t))))

unit: $(UNIT_BINS)

check: deps
	@$(MAKE) --no-print-directory all unit guest
	@$(MAKE) --no-print-directory $(RUN_ISO)
	tests/check.sh $(BUILD) $(UNIT_BINS)

# make check-long: boot cases too slow for make check's budget on a 2-core
# CI machine (tests/boot/long/: four CPUs given to Linux in Bochs), and the
# Linux selftest comparison with two CPUs.  Ends "N passed, N failed, N skipped".
.PHONY: check-long
check-long: deps
	@$(MAKE) --no-print-directory all guest
	tests/check_long.sh $(BUILD)

# ---------------------------------------------------------------- bench
# Counts, not seconds: Bochs' TSC follows its instruction count.  Never part
# of make check.  Writes $(BUILD)/bench.md; BENCHMARKS.md keeps the latest.
.PHONY: bench
bench: deps
	@$(MAKE) --no-print-directory all guest
	tools/bench.sh $(BUILD)

# ---------------------------------------------------------------- fuzz, lint
# libFuzzer harnesses over the parsers (tests/fuzz/), built from the image's
# own sources; make check runs a short smoke of each and the lint.
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
export FUZZ_SMOKE_SECONDS
.PHONY: fuzz lint
fuzz: deps
	tools/fuzz.sh $(FUZZ_SECONDS) $(BUILD)
lint: deps
	tools/lint.sh

# ---------------------------------------------------------------- real machines, debugging
#   make usb DEV=/dev/sdX [YES=1]  write build/thinvisor.iso over a whole USB stick
#   make bochs-debug [BREAK=sym]   Bochs' debugger with symbols, run to BREAK
#                                  (default vmexit_dispatch; BREAK= stops at the first instruction)
#   make qemu-gdb [KVM=1]          QEMU halted with its gdb stub on :1234
.PHONY: usb bochs-debug qemu-gdb
BREAK ?= vmexit_dispatch
usb:
	@test -n "$(DEV)" || { echo "make usb: name the whole stick: make usb DEV=/dev/sdX [YES=1] (lsblk -o NAME,MODEL,SIZE,TRAN,RM lists disks)" >&2; exit 2; }
	@$(MAKE) --no-print-directory iso
	YES=$(YES) tools/usb.sh $(DEV) $(ISO)
bochs-debug: deps
	@$(MAKE) --no-print-directory guest
	@$(MAKE) --no-print-directory $(RUN_ISO)
	tools/bochs-debug.sh $(RUN_ISO) $(ELF) $(if $(BREAK),--break $(BREAK))
qemu-gdb: deps
	@$(MAKE) --no-print-directory guest
	@$(MAKE) --no-print-directory $(RUN_ISO)
	tools/qemu-gdb.sh $(RUN_ISO) $(ELF) $(if $(filter 1,$(KVM)),--kvm)

# ---------------------------------------------------------------- install
# Beside the distribution, as Xen installs itself: the image in /boot and a
# grub-mkconfig generator (tools/grub.d/20_linux_thinvisor) that gives each
# kernel in /boot an entry under thinvisor at the next update-grub.  GRUB
# reads only /boot and /etc/grub.d, so those do not move with PREFIX
# (accepted as usual; thinvisor installs nothing under it); DESTDIR stages.
PREFIX ?= /usr/local
DESTDIR ?=
GRUB_GENERATOR := 20_linux_thinvisor
.PHONY: install uninstall
install: $(ELF)
	install -D -m 0644 $(ELF) $(DESTDIR)/boot/thinvisor.elf
	install -D -m 0755 tools/grub.d/$(GRUB_GENERATOR) $(DESTDIR)/etc/grub.d/$(GRUB_GENERATOR)
	@echo "install: now run update-grub (or grub-mkconfig -o /boot/grub/grub.cfg); thinvisor's words go in GRUB_CMDLINE_THINVISOR in /etc/default/grub"
uninstall:
	rm -f $(DESTDIR)/boot/thinvisor.elf $(DESTDIR)/etc/grub.d/$(GRUB_GENERATOR)
	@echo "uninstall: run update-grub to drop the thinvisor entries from grub.cfg"

# The same files as a Debian package, with a postinst and postrm that run
# update-grub (debian/): make install into a staging folder, then dpkg-deb.
# md5sums leaves out the conffiles (under etc/), as dh_md5sums does.
# The version sorts by commit count, below any future numbered release.
DEB_VERSION := 0~git$(shell git rev-list --count HEAD 2>/dev/null || echo 0).$(subst -,+,$(VERSION))
DEB_STAGE := $(BUILD)/deb
DEB_DOC := $(DEB_STAGE)/usr/share/doc/thinvisor
DEB_SED := sed -e 's/@VERSION@/$(DEB_VERSION)/' -e 's/@GIT@/$(VERSION)/' \
	-e "s/@DATE@/$$(git log -1 --format=%aD 2>/dev/null || date -R)/" \
	-e "s/@SIZE@/$$(du -sk --exclude=DEBIAN $(DEB_STAGE) | cut -f1)/"
.PHONY: deb
deb: $(ELF)
	rm -rf $(DEB_STAGE) $(BUILD)/thinvisor_*_amd64.deb
	@$(MAKE) -s --no-print-directory install DESTDIR=$(DEB_STAGE) >/dev/null
	install -D -m 0644 debian/copyright $(DEB_DOC)/copyright
	$(DEB_SED) debian/changelog | gzip -9n >$(DEB_DOC)/changelog.gz
	install -D -m 0644 debian/lintian-overrides $(DEB_STAGE)/usr/share/lintian/overrides/thinvisor
	install -D -m 0644 debian/conffiles $(DEB_STAGE)/DEBIAN/conffiles
	install -m 0755 debian/postinst debian/postrm $(DEB_STAGE)/DEBIAN/
	cd $(DEB_STAGE) && find * -path DEBIAN -prune -o -path etc -prune -o -type f -print0 | xargs -0 md5sum >DEBIAN/md5sums
	$(DEB_SED) debian/control >$(DEB_STAGE)/DEBIAN/control
	dpkg-deb --root-owner-group --build $(DEB_STAGE) $(BUILD)/thinvisor_$(DEB_VERSION)_amd64.deb

# ---------------------------------------------------------------- setup
deps:
	@tools/deps.sh

clean:
	rm -rf $(BUILD)
