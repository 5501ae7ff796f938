# Sourced by dist/build.sh and tests/cross/setup.sh: installs the Debian cross
# tools and the Rust standard libraries of the three release targets, and
# tells cargo which linker each target uses. Nothing here runs on its own.

# The release targets, in build order.
CROSS_TARGETS=(x86_64-unknown-linux-gnu x86_64-pc-windows-gnu aarch64-unknown-linux-gnu)

# Linkers (Debian's mingw-w64 and aarch64 cross gcc) and static glibc for the
# Linux builds, so one binary runs on any 统信UOS / 麒麟 release, whatever
# its glibc.
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-feature=+crt-static"
export CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_RUSTFLAGS="-C target-feature=+crt-static"

cross_sudo() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# cross_install [extra Debian packages…]: installs what is missing; returns
# non-zero (after saying why on stderr) when something cannot be installed.
cross_install() {
  local packages=(gcc-mingw-w64-x86-64 gcc-aarch64-linux-gnu libc6-dev-arm64-cross zip "$@")
  local missing=() p
  for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
      echo "没有 apt-get，无法安装交叉编译工具：${missing[*]}" >&2
      return 1
    fi
    echo "安装交叉编译工具：${missing[*]}" >&2
    { cross_sudo apt-get update -qq -o DPkg::Lock::Timeout=600 &&
      DEBIAN_FRONTEND=noninteractive cross_sudo apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}"; } >&2 ||
      { echo "apt-get 未能安装：${missing[*]}" >&2; return 1; }
  fi
  local installed
  installed=$(rustup target list --installed 2>/dev/null) || { echo "没有 rustup，无法添加交叉编译目标" >&2; return 1; }
  local t
  for t in "${CROSS_TARGETS[@]}"; do
    grep -qx "$t" <<<"$installed" && continue
    echo "rustup target add $t" >&2
    rustup target add "$t" >&2 || { echo "rustup 未能添加目标 $t" >&2; return 1; }
  done
}
