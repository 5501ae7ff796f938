#!/usr/bin/env bash
# The README's first command: builds zongjie and renders the bundled example
# sheets (data/) in every format into output/. On Debian/Ubuntu it installs
# the CJK fonts the PDF needs when none are present.
set -euo pipefail
cd "$(dirname "$0")"
if ! fc-list :lang=zh 2>/dev/null | grep -q . && command -v apt-get >/dev/null 2>&1; then
  echo "未找到中文字体，正在安装 fonts-noto-cjk fonts-lxgw-wenkai ……"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends fonts-noto-cjk fonts-lxgw-wenkai >/dev/null
fi
if [ ! -x target/release/zongjie ]; then
  echo "第一次运行：下载依赖并编译 zongjie（release），2 核电脑最长约需 15 分钟，下面会显示编译进度；以后再运行只需几秒。"
fi
cargo run --release -- render data/ --format "${FORMATS:-all}" -o output/ "$@"
