#!/usr/bin/env bash
# A newcomer's walk through the README: its C program is built and run as
# the README says (make — a release build — make install into
# $HOME/.local, pkg-config, shared and static) and its first Python example
# runs.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$ROOT/build/readme
rm -rf "$WORK"
mkdir -p "$WORK/home"
python3 - "$ROOT/README.md" "$WORK" <<'PY'
import re, sys
readme, work = open(sys.argv[1]).read(), sys.argv[2]
c = readme[readme.index("### C\n"):readme.index("### Python\n")]
program = re.search(r"```c\n(.*?)```", c, re.S).group(1)
shell = re.search(r"```sh\n(.*?)```", c, re.S).group(1)
open(f"{work}/app.c", "w").write(program)
open(f"{work}/steps.sh", "w").write(shell)
py = readme[readme.index("### Python\n"):readme.index("## Layout")]
open(f"{work}/example.py", "w").write(re.search(r"```python\n(.*?)```", py, re.S).group(1))
PY
# Every line of the shell block, with make pointed at the repository.
sed -i "s|^make\b|make -C '$ROOT'|" "$WORK/steps.sh"
(cd "$WORK" && RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}" CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}" \
    HOME="$WORK/home" bash -euo pipefail steps.sh > steps.out 2>&1) \
    || { echo "README C steps failed:"; cat "$WORK/steps.out"; exit 1; }
grep -q '"name":"School No. 7"' "$WORK/steps.out" || { echo "README C program printed:"; cat "$WORK/steps.out"; exit 1; }
(cd "$WORK" && rm -f app.diary* && ./app | grep -q '"name":"School No. 7"')   # the static build, afresh
(cd "$WORK" && "$ROOT/.venv/bin/python" example.py | grep -q "^3 conflict")
echo "readme: 3 passed, 0 failed"
