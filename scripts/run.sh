#!/usr/bin/env bash
# Install what is missing, build Cunwu, create a demo village and show it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cargo build --release -p cunwu-cli
CUNWU=target/release/cunwu
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
