# Sourced by the other scripts, from the repository's root: sets TARGET to
# the directory cargo builds into, $CARGO_TARGET_DIR when it is set (made
# absolute and exported, because the Tauri CLI runs cargo from src-tauri/,
# where a relative path would name another directory), else target/.
if [ -n "${CARGO_TARGET_DIR:-}" ]; then
  case "$CARGO_TARGET_DIR" in
    /*) ;;
    *) CARGO_TARGET_DIR="$PWD/$CARGO_TARGET_DIR" ;;
  esac
  export CARGO_TARGET_DIR
  TARGET="$CARGO_TARGET_DIR"
else
  TARGET="$PWD/target"
fi
