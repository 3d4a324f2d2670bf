//! Tauri's build step: embeds the configuration and capabilities.

fn main() {
    tauri_build::build()
}
