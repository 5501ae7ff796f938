#!/usr/bin/env bash
# Prepares the cross-platform byte comparisons of tests/cross.rs (run by
# .ci/run): installs the cross tools, Wine and qemu-user, builds debug
# binaries for Windows (x86_64-pc-windows-gnu) and Linux aarch64, and builds
# the test-only ProcessPrng shim Wine 8 needs (bcryptprimitives.c).
# Prints `export` lines for the test on stdout; progress goes to stderr.
# When the tools cannot be installed it prints the reason and exports
# ZONGJIE_CROSS_SKIP instead; a build that fails fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
source dist/cross-tools.sh

skip() {
  echo "跨平台测试将跳过：$*" >&2
  printf 'export ZONGJIE_CROSS_SKIP=%q\n' "$*"
  exit 0
}

cross_install wine wine64 qemu-user || skip "交叉编译工具（mingw-w64、aarch64 gcc、Wine、qemu-user 或 rustup 目标）无法安装"
command -v wine >/dev/null || skip "没有 wine 命令"
command -v qemu-aarch64 >/dev/null || skip "没有 qemu-aarch64 命令"

for t in x86_64-pc-windows-gnu aarch64-unknown-linux-gnu; do
  start=$(date +%s)
  echo "编译 $t（debug）……" >&2
  cargo build --locked --bin zongjie --target "$t" >&2
  echo "$t 编译用时 $(( $(date +%s) - start )) 秒" >&2
done

win="$root/target/cross-test/windows"
mkdir -p "$win"
cp target/x86_64-pc-windows-gnu/debug/zongjie.exe "$win/"
# Real Windows 10/11 has bcryptprimitives.dll; Wine 8 does not. The shim sits
# next to the test copy of the .exe only.
if ! WINEDEBUG=-all WINEPREFIX="$win/prefix" wine cmd /c 'exit' >/dev/null 2>&1 ||
   [ ! -e "$win/prefix/drive_c/windows/system32/bcryptprimitives.dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$win/bcryptprimitives.dll" tests/cross/bcryptprimitives.c
fi

printf 'export ZONGJIE_CROSS_WINDOWS=%q\n' "$win/zongjie.exe"
printf 'export ZONGJIE_CROSS_WINEPREFIX=%q\n' "$win/prefix"
printf 'export ZONGJIE_CROSS_AARCH64=%q\n' "$root/target/aarch64-unknown-linux-gnu/debug/zongjie"
