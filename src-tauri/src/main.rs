//! 村务 desktop entry point.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The same allocator as the `cunwu` binary (mimalloc, no transparent huge
/// pages): a township laptop's first sync from the window builds and drops
/// as many small strings and JSON maps as `cunwu sync now`.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    cunwu_desktop_lib::run()
}
