# The C library, packaged the way C projects expect it.
#
#   make                      # build/c/release: libdiary.a, libdiary.so.X.Y.Z
#   make install              # those, diary.h, diary.pc and the CMake package into PREFIX
#                             # (default /usr/local); DESTDIR stages it
#   make install PREFIX=/opt/diary DESTDIR=/tmp/stage
#   make uninstall
#   make PROFILE=debug ...    # from cargo's debug build instead
#   make PROFILE=dist ...     # fat LTO in one unit: for packages to publish
#
# Both libraries are made from one relocatable object in which only the
# diary_* functions stay global: the SQLite and Rust code inside is local,
# so a host that links its own SQLite gets its own (see docs/c-api.md).
# The shared library carries the SONAME libdiary.so.MAJOR and exports its
# functions under the version node DIARY_MAJOR (diary-ffi/diary.map).

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
PROFILE    ?= release
CARGO      ?= cargo

VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
MAJOR   := $(firstword $(subst ., ,$(VERSION)))
TARGET  := target/$(PROFILE)
OUT     := build/c/$(PROFILE)
ifeq ($(PROFILE),release)
CARGO_PROFILE := --release
else ifeq ($(PROFILE),debug)
CARGO_PROFILE :=
else
CARGO_PROFILE := --profile $(PROFILE)
endif
SHARED  := libdiary.so.$(VERSION)
SYSLIBS := -lpthread -ldl -lm

.PHONY: all install uninstall clean cargo
all: $(OUT)/libdiary.a $(OUT)/$(SHARED)

cargo:
	$(CARGO) build --locked $(CARGO_PROFILE) -p diary-ffi

$(TARGET)/libdiary.a: cargo

# One object with everything; only the diary_* functions stay global. The
# embedded LLVM bitcode sections (a release build is linked with LTO) are
# dropped first: binutils' LTO plugin cannot read rustc's bitcode.
$(OUT)/diary.o: $(TARGET)/libdiary.a diary-ffi/diary.map
	@mkdir -p $(OUT)
	ld -r --whole-archive $< -o $(OUT)/diary-all.o
	objcopy --strip-debug --remove-section=.llvmbc --remove-section=.llvmcmd \
	    $(OUT)/diary-all.o $(OUT)/diary-plain.o
	nm -g --defined-only $(OUT)/diary-plain.o | awk '$$2 == "T" && $$3 ~ /^diary_/ { print $$3 }' \
	    | sort -u > $(OUT)/exports.txt
	@test -s $(OUT)/exports.txt || { echo "no diary_* functions found in $<"; exit 1; }
	objcopy --keep-global-symbols=$(OUT)/exports.txt $(OUT)/diary-plain.o $@
	rm -f $(OUT)/diary-all.o $(OUT)/diary-plain.o

$(OUT)/libdiary.a: $(OUT)/diary.o
	rm -f $@
	ar rcs $@ $<

$(OUT)/$(SHARED): $(OUT)/diary.o
	$(CC) -shared -o $@ $< -Wl,-soname,libdiary.so.$(MAJOR) \
	    -Wl,--version-script=diary-ffi/diary.map -Wl,--gc-sections -Wl,-z,relro,-z,now $(SYSLIBS)
	ln -sf $(SHARED) $(OUT)/libdiary.so.$(MAJOR)
	ln -sf libdiary.so.$(MAJOR) $(OUT)/libdiary.so

# The installed files name the final prefix (never DESTDIR).
SUBST = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
            -e 's|@VERSION@|$(VERSION)|g' -e 's|@MAJOR@|$(MAJOR)|g'

install: all
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(LIBDIR)/cmake/diary
	install -m 644 include/diary.h include/diary.hpp $(DESTDIR)$(INCLUDEDIR)/
	install -m 644 $(OUT)/libdiary.a $(DESTDIR)$(LIBDIR)/libdiary.a
	install -m 755 $(OUT)/$(SHARED) $(DESTDIR)$(LIBDIR)/$(SHARED)
	ln -sf $(SHARED) $(DESTDIR)$(LIBDIR)/libdiary.so.$(MAJOR)
	ln -sf libdiary.so.$(MAJOR) $(DESTDIR)$(LIBDIR)/libdiary.so
	$(SUBST) diary-ffi/diary.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/diary.pc
	$(SUBST) diary-ffi/cmake/diaryConfig.cmake.in > $(DESTDIR)$(LIBDIR)/cmake/diary/diaryConfig.cmake
	$(SUBST) diary-ffi/cmake/diaryConfigVersion.cmake.in > $(DESTDIR)$(LIBDIR)/cmake/diary/diaryConfigVersion.cmake
	@# A system-wide install becomes visible to the dynamic linker at once.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig > /dev/null; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/diary.h $(DESTDIR)$(INCLUDEDIR)/diary.hpp $(DESTDIR)$(LIBDIR)/libdiary.a \
	    $(DESTDIR)$(LIBDIR)/$(SHARED) $(DESTDIR)$(LIBDIR)/libdiary.so.$(MAJOR) $(DESTDIR)$(LIBDIR)/libdiary.so \
	    $(DESTDIR)$(LIBDIR)/pkgconfig/diary.pc $(DESTDIR)$(LIBDIR)/cmake/diary/diaryConfig.cmake \
	    $(DESTDIR)$(LIBDIR)/cmake/diary/diaryConfigVersion.cmake
	-rmdir $(DESTDIR)$(LIBDIR)/cmake/diary

clean:
	rm -rf build/c
