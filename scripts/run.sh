#!/usr/bin/env bash
# Install what is missing, build Cunwu (the desktop app and the `cunwu`
# command line), create a demo village, show it on the command line, then
# open the desktop app on it.
#   bash scripts/run.sh               open the window (needs a display)
#   bash scripts/run.sh --screenshot  open it, save artifacts/run-desktop.png
#                                     after a few seconds, and close it
# Without a display: xvfb-run -a -s "-screen 0 1280x800x24" bash scripts/run.sh --screenshot
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/target-dir.sh
SHOT=0
case "${1:-}" in
  --screenshot) SHOT=1 ;;
  "") ;;
  *) echo "用法：bash scripts/run.sh [--screenshot]" >&2; exit 2 ;;
esac

bash scripts/setup.sh
cargo build --release -p cunwu-cli
bash scripts/desktop-build.sh release
CUNWU="$TARGET/release/cunwu"
APP="$TARGET/release/cunwu-desktop"
DB="${CUNWU_DB:-$PWD/演示村.db}"
if [ ! -f "$DB" ]; then
  "$CUNWU" --db "$DB" demo --households 1000
fi
echo
echo "== 金家龙（拼音首字母 jjl）"
"$CUNWU" --db "$DB" household search jjl
echo
"$CUNWU" --db "$DB" household show 030001
echo
echo "== 30天未走访的监测户"
"$CUNWU" --db "$DB" household list --monitoring any --not-visited 30 --limit 10
echo
echo "演示村数据库：$DB"
echo "更多用法：$CUNWU --db \"$DB\" --help"
echo

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "本机没有图形显示，无法打开村务窗口。可以在虚拟显示里运行并截图："
  echo "  xvfb-run -a -s \"-screen 0 1280x800x24\" bash scripts/run.sh --screenshot"
  echo "或在有桌面的电脑上运行：CUNWU_DB=\"$DB\" $APP"
  exit 0
fi

echo "== 打开村务桌面程序（演示村：$DB）"
if [ "$SHOT" = 0 ]; then
  exec env CUNWU_DB="$DB" "$APP"
fi
CUNWU_DB="$DB" "$APP" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
# Wait for the window (at most 30 s), then give the list a few seconds to show.
for _ in $(seq 60); do
  xwininfo -root -tree 2>/dev/null | grep -q '"村务"' && break
  kill -0 "$pid" 2>/dev/null || { echo "村务没有启动，见上面的错误信息" >&2; exit 1; }
  sleep 0.5
done
sleep 4
mkdir -p artifacts
import -window root artifacts/run-desktop.png
echo "窗口截图：artifacts/run-desktop.png"
