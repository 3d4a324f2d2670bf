//! 村务 desktop entry point.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    cunwu_desktop_lib::run()
}
