#!/usr/bin/env bash
# The whole test suite: Rust, C and Python. Run from anywhere:
#   bash tests/run.sh
# It installs what it needs itself (a Python virtual environment in .venv
# with maturin, pytest and mypy) and builds everything it tests.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BUILD=$ROOT/build
mkdir -p "$BUILD"
export CARGO_TERM_COLOR=never

# Each step says how long the suite has run so far (CI's budget is 30 min).
step() { printf '\n=== [%dm%02ds] %s\n' $((SECONDS / 60)) $((SECONDS % 60)) "$*"; }
# At the end, also on failure: the PostgreSQL test server stops.
finish() {
    if declare -F pg_stop > /dev/null; then pg_stop; fi
    printf "\n=== [%dm%02ds] end\n" $((SECONDS / 60)) $((SECONDS % 60))
}
trap finish EXIT

# poppler's pdftotext and pdfinfo read the report cards' PDFs back in the
# Rust, C and Python tests; they come from Debian's packages.
command -v pdftotext > /dev/null && command -v pdfinfo > /dev/null \
    || { apt-get update -qq && apt-get install -y -qq poppler-utils > /dev/null; }

step "format and lints"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests (core, C ABI, header and generated bindings freshness)"
cargo test --locked -p diary-core -p diary-ffi -p diary-bindgen

step "Rust storage and access suites again on encrypted files (SQLCipher)"
# The core built with its sqlcipher feature (SQLCipher with its bundled
# libtomcrypt: no OpenSSL needed); the suites that open files take the key
# from DIARY_TEST_KEY — a raw 256-bit key, so that the many connections the
# tests open to compare stored data skip the passphrase's PBKDF2.
cargo clippy --locked -p diary-core --features sqlcipher --all-targets -- -D warnings
DIARY_TEST_KEY="x'2DD29CA851E7B56E4697B0E1F08507293D761A05CE4D1B628663F411A8086D99'" \
    cargo test --locked -p diary-core --features sqlcipher \
    --test encryption --test isolation --test refusals_logged --test erasure --test merge \
    --test personal_data --test trusted_scopes --test corrections

step "PostgreSQL: a throwaway server; the backend, and the diary-core suite on it"
# The PostgreSQL backend (issue 20, docs/scale-out.md) against a real
# server, started here from Debian's packages and stopped when the suite
# ends, also on failure: its schema, versions, errors, interface and the
# rules of distribution by school; then the diary-core suite again with
# every fresh diary in a schema of its own on the server.
source tests/postgres.sh
pg_start "$BUILD/pg"
cargo clippy --locked -p diary-core --features postgres --all-targets -- -D warnings
DIARY_TEST_ENGINE=postgres cargo test --locked -p diary-core --features postgres --lib --tests

step "Rust demo"
cargo run --locked -q -p diary-core --example demo -- "$BUILD/demo.diary" > "$BUILD/demo.txt"
grep -q "Class 5A" "$BUILD/demo.txt"

step "C tests and examples"
cargo build --locked -p diary-ffi
LIBS=("$ROOT/target/debug/libdiary.a" -lpthread -ldl -lm)
g++ -std=c++17 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" -x c++ -fsyntax-only "$ROOT/include/diary.h"
# Every exported function, NULL for each pointer and bad UTF-8 for each text.
python3 tests/c/gen_boundary.py include/diary.h > "$BUILD/test_boundary.c"
# The peer gradebooks' cases (tests/vectors), as Rust and Python run them.
python3 tests/c/gen_peer_vectors.py tests/vectors/grading_peers.json > "$BUILD/test_grading_peers.c"
# Builds one C program and runs it under valgrind, then built with
# AddressSanitizer and UBSan; a failure leaves $BUILD/<name>.failed. Two
# programs run at a time (valgrind uses one core).
c_program() {
    local src=$1 name
    local cflags=(-std=c99 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" -I"$ROOT/tests/c")
    local libs=("$ROOT/target/debug/libdiary.a" -lpthread -ldl -lm)
    name=$(basename "$src" .c)
    gcc "${cflags[@]}" -o "$BUILD/$name" "$src" "${libs[@]}" || { echo "$name does not build" > "$BUILD/$name.failed"; return; }
    (cd "$ROOT" && valgrind -q --leak-check=full --error-exitcode=1 "$BUILD/$name" "$BUILD/$name.diary" \
        > "$BUILD/$name.out" 2> "$BUILD/$name.err") \
        || { echo "C program $name failed under valgrind" >> "$BUILD/$name.failed"; cat "$BUILD/$name.out" "$BUILD/$name.err" >> "$BUILD/$name.failed"; }
    grep -h "passed" "$BUILD/$name.out" || true
    gcc "${cflags[@]}" -fsanitize=address,undefined -fno-omit-frame-pointer -o "$BUILD/$name.asan" "$src" "${libs[@]}"
    (cd "$ROOT" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
        "$BUILD/$name.asan" "$BUILD/$name.asan.diary" > "$BUILD/$name.asan.out" 2>&1) \
        || { echo "C program $name failed under ASan/UBSan" >> "$BUILD/$name.failed"; cat "$BUILD/$name.asan.out" >> "$BUILD/$name.failed"; }
    # Keep the outputs, not the binaries: disk is scarce on CI machines.
    rm -f "$BUILD/$name" "$BUILD/$name.asan"
}
export -f c_program
export ROOT BUILD
rm -f "$BUILD"/*.failed
printf '%s\n' tests/c/test_*.c "$BUILD/test_boundary.c" "$BUILD/test_grading_peers.c" examples/c/*.c \
    | xargs -P 2 -I{} bash -c 'c_program "$1"' _ {}
if ls "$BUILD"/*.failed > /dev/null 2>&1; then
    cat "$BUILD"/*.failed
    exit 1
fi

# The C++17 header over the C API, under valgrind and under ASan/UBSan.
g++ -std=c++17 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" -o "$BUILD/test_cpp" tests/cpp/test_cpp.cpp "${LIBS[@]}"
valgrind -q --leak-check=full --error-exitcode=1 "$BUILD/test_cpp" "$BUILD/test_cpp.diary"
g++ -std=c++17 -Wall -Wextra -Werror -pedantic -fsanitize=address,undefined -fno-omit-frame-pointer \
    -I"$ROOT/include" -o "$BUILD/test_cpp.asan" tests/cpp/test_cpp.cpp "${LIBS[@]}"
UBSAN_OPTIONS=halt_on_error=1 "$BUILD/test_cpp.asan" "$BUILD/test_cpp.asan.diary"

# The installed library: symbols, SONAME, make install, pkg-config, CMake,
# and a host linking the system SQLite beside it. CMake comes from Debian.
command -v cmake > /dev/null || { apt-get update -qq && apt-get install -y -qq cmake > /dev/null; }
bash tests/c/package.sh

# The C library on PostgreSQL: a smoke test of the library built with the
# postgres feature, against the throwaway server, under valgrind.
cargo build --locked -q -p diary-ffi --features postgres
gcc -std=c99 -Wall -Wextra -Werror -pedantic -I"$ROOT/include" -I"$ROOT/tests/c" -o "$BUILD/test_postgres" \
    tests/c/postgres/test_postgres.c "${LIBS[@]}"
# (The driver's runtime keeps a handle on the calling thread for the life
# of the process, which valgrind counts as possibly lost; definite leaks
# fail.)
valgrind -q --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite --error-exitcode=1 \
    "$BUILD/test_postgres" "c_smoke_$$" > "$BUILD/test_postgres.out"
cat "$BUILD/test_postgres.out"

step "Python module"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7" "mypy>=1.8" pandas polars pyarrow icalendar ziglang
rm -rf "$BUILD/wheels"
# With the postgres feature: the Python tests run on PostgreSQL too.
.venv/bin/maturin build -q --locked -m diary-py/Cargo.toml --features postgres -o "$BUILD/wheels"
WHEEL=$(ls "$BUILD"/wheels/schooldiary-*.whl)
.venv/bin/python -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"
# The wheel installs into a fresh environment and imports.
rm -rf "$BUILD/fresh-venv"
python3 -m venv "$BUILD/fresh-venv"
"$BUILD/fresh-venv/bin/python" -m pip install -q --disable-pip-version-check "$WHEEL"
(cd "$BUILD" && "$BUILD/fresh-venv/bin/python" -c "import schooldiary; print('fresh install: schooldiary', schooldiary.__version__)")
(cd "$BUILD" && "$ROOT/.venv/bin/python" -m mypy.stubtest schooldiary)
# The stubs type an analyst's code precisely (rows, inputs).
(cd "$BUILD" && "$ROOT/.venv/bin/python" -m mypy --strict --no-incremental "$ROOT/tests/python/typed_usage.py")
# A wheel for old Linux (manylinux2014, glibc 2.17), linked with zig from
# the ziglang package; it installs and imports in a fresh environment. What
# is checked is the link against old glibc, which the optimisation level
# does not change: a dev build, so CI does not pay for a second fat-LTO build.
rm -rf "$BUILD/wheels-2014"
PATH="$ROOT/.venv/bin:$PATH" maturin build -q --locked --profile dev --zig --compatibility manylinux2014 \
    -m diary-py/Cargo.toml -o "$BUILD/wheels-2014" --target-dir target/zig
WHEEL_2014=$(ls "$BUILD"/wheels-2014/schooldiary-*-cp39-abi3-manylinux2014_x86_64*.whl)
"$BUILD/fresh-venv/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall "$WHEEL_2014"
(cd "$BUILD" && "$BUILD/fresh-venv/bin/python" -c "import schooldiary; schooldiary.Diary.in_memory(); print('manylinux2014 wheel imports')")
rm -rf "$BUILD/fresh-venv"
# A CI machine's disk is small: the zig build is not needed again.
if [ "${DIARY_LOW_DISK:-0}" = 1 ]; then rm -rf target/zig; fi
# The source distribution builds and installs (a debug build, for time).
rm -rf "$BUILD/sdist" "$BUILD/sdist-venv"
PATH="$ROOT/.venv/bin:$PATH" maturin sdist -m diary-py/Cargo.toml -o "$BUILD/sdist" 2> "$BUILD/sdist.log"
python3 -m venv "$BUILD/sdist-venv"
CARGO_TARGET_DIR="$ROOT/target" MATURIN_PEP517_ARGS="--profile dev" \
    "$BUILD/sdist-venv/bin/python" -m pip install -q --disable-pip-version-check "$BUILD"/sdist/schooldiary-*.tar.gz
(cd "$BUILD" && "$BUILD/sdist-venv/bin/python" -c "import schooldiary; schooldiary.Diary.in_memory(); print('sdist builds and imports')")
rm -rf "$BUILD/sdist-venv"

step "Python examples"
(cd "$BUILD" && "$ROOT/.venv/bin/python" "$ROOT/examples/python/import_csv.py" "$BUILD/py_example.diary" \
    && "$ROOT/.venv/bin/python" "$ROOT/examples/python/class_report.py" "$BUILD/py_example.diary") > "$BUILD/py_examples.out"
grep -q "weakest subject" "$BUILD/py_examples.out"

step "README walk-through (C and Python)"
bash tests/readme.sh

step "Python tests"
cd "$ROOT/tests/python"
DIARY_REQUIRE_POSTGRES=1 "$ROOT/.venv/bin/python" -m pytest -q -W error -p no:cacheprovider
