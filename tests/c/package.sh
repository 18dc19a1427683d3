#!/usr/bin/env bash
# The C library as a distribution installs it (make install): the exported
# symbols and SONAME, pkg-config and CMake builds against an installed
# prefix, a DESTDIR staging install, and a host that links the system's
# SQLite beside the static library. Run by tests/run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
BUILD=$ROOT/build/package
rm -rf "$BUILD"
mkdir -p "$BUILD"
OUT=build/c/debug
passed=0
pass() { passed=$((passed + 1)); echo "package: $*"; }

make -s PROFILE=debug all > "$BUILD/make.log"

# Only diary_* is exported, under the version node DIARY_<major>, with the
# SONAME libdiary.so.<major>.
major=$(sed -n 's/^#define DIARY_VERSION_MAJOR \([0-9]*\)/\1/p' include/diary.h)
readelf -d "$OUT"/libdiary.so.*.*.* | grep -q "Library soname: \[libdiary.so.$major\]" \
    || { echo "SONAME is not libdiary.so.$major"; exit 1; }
shared_other=$(objdump -T "$OUT"/libdiary.so.*.*.* | grep -v '\*UND\*' | awk '/ D[FO] / && $NF !~ /^diary_/ && $NF != "DIARY_'"$major"'"')
[ -z "$shared_other" ] || { echo "libdiary.so exports more than diary_*:"; echo "$shared_other"; exit 1; }
unversioned=$(objdump -T "$OUT"/libdiary.so.*.*.* | awk '$NF ~ /^diary_/ && $(NF-1) != "DIARY_'"$major"'"')
[ -z "$unversioned" ] || { echo "diary_* symbols outside DIARY_$major:"; echo "$unversioned"; exit 1; }
static_other=$(nm -g --defined-only "$OUT/libdiary.a" 2>/dev/null | awk 'NF == 3 && $3 !~ /^diary_/')
[ -z "$static_other" ] || { echo "libdiary.a defines globals besides diary_*:"; echo "$static_other" | head; exit 1; }
declared=$(grep -o '\bdiary_[a-z0-9_]*(' include/diary.h | tr -d '(' | sort -u)
exported=$(nm -g --defined-only "$OUT/libdiary.a" 2>/dev/null | awk '$2 == "T" {print $3}' | sort -u)
[ "$declared" = "$exported" ] || { echo "header and library disagree:"; diff <(echo "$declared") <(echo "$exported") || true; exit 1; }
pass "$(echo "$exported" | wc -l) functions exported, only diary_*, SONAME libdiary.so.$major, node DIARY_$major"

# A host that uses the system's SQLite and diary's static library: each
# runs its own SQLite.
cat > "$BUILD/colink.c" <<'C'
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "diary.h"
int main(void) {
    sqlite3 *db = NULL;
    diary_db *d = NULL;
    if (sqlite3_open(":memory:", &db) != SQLITE_OK) return 1;
    sqlite3_close(db);
    if (DIARY_CHECK_VERSION() != DIARY_OK || diary_open_in_memory(&d) != DIARY_OK) {
        fprintf(stderr, "%s\n", diary_errmsg());
        return 1;
    }
    diary_close(d);
    printf("host SQLite %s (header %s) beside diary %s\n", sqlite3_libversion(), SQLITE_VERSION, diary_version());
    return strcmp(sqlite3_libversion(), SQLITE_VERSION) != 0;
}
C
gcc -std=c99 -Wall -Werror -Iinclude -o "$BUILD/colink" "$BUILD/colink.c" "$OUT/libdiary.a" -lsqlite3 -lpthread -ldl -lm
"$BUILD/colink"
pass "a host with the system SQLite links the static library"

# Install into a prefix, then build against it as a C project would.
PREFIX=$BUILD/prefix
make -s PROFILE=debug install PREFIX="$PREFIX" >> "$BUILD/make.log"
for f in include/diary.h include/diary.hpp lib/libdiary.a "lib/libdiary.so.$major" lib/libdiary.so lib/pkgconfig/diary.pc \
         lib/cmake/diary/diaryConfig.cmake lib/cmake/diary/diaryConfigVersion.cmake; do
    [ -e "$PREFIX/$f" ] || { echo "make install left out $f"; exit 1; }
done
export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig"
[ "$(pkg-config --modversion diary)" = "$(sed -n 's/^#define DIARY_VERSION_STRING "\(.*\)"/\1/p' include/diary.h)" ]
gcc -std=c99 $(pkg-config --cflags diary) -o "$BUILD/pc_shared" examples/c/school_structure.c $(pkg-config --libs diary)
gcc -std=c99 $(pkg-config --cflags diary) -o "$BUILD/pc_static" examples/c/school_structure.c \
    "$(pkg-config --variable=libdir diary)/libdiary.a" $(pkg-config --libs-only-l --static diary | sed 's/-ldiary//')
readelf -d "$BUILD/pc_shared" | grep -q "Shared library: \[libdiary.so.$major\]"
LD_LIBRARY_PATH="$PREFIX/lib" "$BUILD/pc_shared" "$BUILD/pc_shared.diary" > /dev/null
"$BUILD/pc_static" "$BUILD/pc_static.diary" > /dev/null
pass "pkg-config builds (shared and static) run against the installed prefix"

# CMake's find_package, shared and static.
mkdir -p "$BUILD/cmake-app"
cp examples/c/school_structure.c "$BUILD/cmake-app/"
cat > "$BUILD/cmake-app/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(diary_app C)
find_package(diary 0.1 REQUIRED)
add_executable(app_shared school_structure.c)
target_link_libraries(app_shared PRIVATE diary::diary)
add_executable(app_static school_structure.c)
target_link_libraries(app_static PRIVATE diary::diary_static)
CMAKE
cmake -S "$BUILD/cmake-app" -B "$BUILD/cmake-app/build" -DCMAKE_PREFIX_PATH="$PREFIX" > "$BUILD/cmake.log"
cmake --build "$BUILD/cmake-app/build" >> "$BUILD/cmake.log"
LD_LIBRARY_PATH="$PREFIX/lib" "$BUILD/cmake-app/build/app_shared" "$BUILD/cmake_shared.diary" > /dev/null
"$BUILD/cmake-app/build/app_static" "$BUILD/cmake_static.diary" > /dev/null
# A major version it does not have is refused.
sed -i 's/find_package(diary 0.1 REQUIRED)/find_package(diary 99 REQUIRED)/' "$BUILD/cmake-app/CMakeLists.txt"
if cmake -S "$BUILD/cmake-app" -B "$BUILD/cmake-app/build99" -DCMAKE_PREFIX_PATH="$PREFIX" > "$BUILD/cmake99.log" 2>&1; then
    echo "find_package(diary 99) should have failed"; exit 1
fi
pass "CMake find_package builds (diary::diary, diary::diary_static) run"

# DESTDIR stages under another root; the files name the final prefix.
make -s PROFILE=debug install DESTDIR="$BUILD/stage" PREFIX=/opt/diary >> "$BUILD/make.log"
[ -e "$BUILD/stage/opt/diary/lib/libdiary.a" ]
grep -q "^libdir=/opt/diary/lib$" "$BUILD/stage/opt/diary/lib/pkgconfig/diary.pc"
make -s PROFILE=debug uninstall PREFIX="$PREFIX" >> "$BUILD/make.log"
[ ! -e "$PREFIX/lib/libdiary.a" ] && [ ! -e "$PREFIX/include/diary.h" ]
pass "DESTDIR staging and uninstall"
echo "package: $passed passed, 0 failed"
