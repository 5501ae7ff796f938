#!/usr/bin/env bash
# Builds the release zips for Windows (x86_64-pc-windows-gnu) and Linux
# x86_64 / aarch64 (static glibc, for 统信UOS and 麒麟) into dist/out/:
# the stripped binary, the example sheets (示例数据/), 使用说明.txt and the
# licence when the repository has one. Installs the Debian cross tools and
# rustup targets it needs (dist/cross-tools.sh).
#
#   dist/build.sh                          # all three targets
#   dist/build.sh x86_64-pc-windows-gnu    # only some
set -euo pipefail
cd "$(dirname "$0")/.."
source dist/cross-tools.sh
cross_install || { echo "错误：交叉编译工具无法安装，见上面的提示" >&2; exit 2; }

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
limit=$((15 * 1024 * 1024))
out=dist/out
mkdir -p "$out"
[ $# -gt 0 ] && targets=("$@") || targets=("${CROSS_TARGETS[@]}")

label() {
  case "$1" in
    x86_64-pc-windows-gnu) echo windows-x64 ;;
    x86_64-unknown-linux-gnu) echo linux-x64 ;;
    aarch64-unknown-linux-gnu) echo linux-arm64 ;;
    *) echo "$1" ;;
  esac
}

for t in "${targets[@]}"; do
  exe=zongjie
  [[ $t == *windows* ]] && exe=zongjie.exe
  echo "== $t：编译中（profile dist：不含调试信息、strip、opt-level s、thin LTO），首次约需数分钟 =="
  start=$(date +%s)
  cargo build --locked --profile dist --bin zongjie --target "$t"
  secs=$(( $(date +%s) - start ))
  bin="target/$t/dist/$exe"
  size=$(stat -c %s "$bin")
  echo "$t：$bin，$size 字节（$(( size / 1024 / 1024 )) MB），编译用时 $secs 秒"
  if [ "$size" -gt "$limit" ]; then
    echo "错误：$bin 超过 15 MB" >&2
    exit 1
  fi

  name="zongjie-$version-$(label "$t")"
  stage="$out/$name"
  rm -rf "$stage" "$out/$name.zip"
  mkdir -p "$stage/示例数据"
  cp "$bin" "$stage/"
  cp data/*.toml "$stage/示例数据/"
  if [[ $t == *windows* ]]; then
    # Notepad on older Windows reads a file without BOM as GBK and LF-only
    # lines as one line: give the Windows copy a BOM and CRLF.
    { printf '\xef\xbb\xbf'; sed 's/$/\r/' dist/使用说明.txt; } > "$stage/使用说明.txt"
  else
    cp dist/使用说明.txt "$stage/"
  fi
  for l in LICENSE* LICENCE* COPYING*; do
    [ -e "$l" ] && cp "$l" "$stage/"
  done
  python3 dist/zip.py "$stage" "$out/$name.zip"
  echo "$t：已打包 $out/$name.zip（$(stat -c %s "$out/$name.zip") 字节）"
done
