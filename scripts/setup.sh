#!/usr/bin/env bash
# Install what a fresh Debian/Ubuntu machine lacks to build, run and test
# Cunwu. Safe to run again: it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# Debian packages: C toolchain, WebKitGTK for the desktop window, Xvfb and
# the WebKit driver for real-window tests, Chromium for browser tests, and
# CJK fonts so Chinese renders in screenshots.
PKGS="build-essential pkg-config file curl libssl-dev libwebkit2gtk-4.1-dev libxdo-dev \
libayatana-appindicator3-dev librsvg2-dev xvfb xauth webkit2gtk-driver chromium \
fonts-noto-cjk imagemagick x11-utils"
missing=""
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "== 安装系统软件包:$missing"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# Rust: the toolchain pinned in rust-toolchain.toml.
if ! command -v cargo >/dev/null 2>&1; then
  echo "需要 Rust 工具链（rustup）：请先安装 rustup，再重新运行本脚本" >&2
  exit 1
fi
want=$(sed -n 's/^channel = "\(.*\)"/\1/p' rust-toolchain.toml)
if ! rustup toolchain list | grep -q "^$want"; then
  echo "== 安装 Rust $want"
  if ! rustup toolchain install "$want" --profile minimal -c rustfmt -c clippy; then
    # Offline machines: use the installed stable toolchain when it is that version.
    have=$(rustc +stable --version | awk '{print $2}')
    if [ "$have" = "$want" ]; then
      rustup toolchain link "$want" "$(rustc +stable --print sysroot)"
    else
      echo "无法安装 Rust $want（本机 stable 是 $have）" >&2
      exit 1
    fi
  fi
fi

# tauri-driver: the WebDriver bridge the real-window tests drive the desktop
# app through (with Debian's WebKitWebDriver). From crates.io, about a minute.
if ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  echo "== 安装 tauri-driver"
  cargo install tauri-driver --locked
fi

# Node packages for the desktop UI.
if [ -f ui/package-lock.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "== 安装 Node.js"
    $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
  fi
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    echo "== 安装界面依赖（npm ci）"
    (cd ui && npm ci --no-audit --no-fund)
  fi
fi
