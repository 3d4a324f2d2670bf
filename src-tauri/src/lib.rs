//! The Tauri shell: opens the village database in the per-user data
//! directory (the CLI's default; `CUNWU_DB` overrides it) and registers one
//! thin command per use case of the `cunwu-app` façade. Commands run on
//! Tauri's async runtime, not the window's main thread, so a long import or
//! the demo village being generated never freezes the window.

mod commands;
mod coop_state;
mod state;
mod sync_task;

/// On Linux, WebKitGTK draws the page without GPU compositing unless the
/// user asks for it (`CUNWU_GPU=1`, or their own
/// `WEBKIT_DISABLE_COMPOSITING_MODE`). A register of tables and forms gains
/// nothing from it; without a GPU it runs on software GL and costs about
/// 80 MiB (measured: 365 → 281 MiB PSS with a 3,000-household village open),
/// and with some drivers it is what leaves the window blank. Called before
/// any thread starts.
#[cfg(target_os = "linux")]
fn prefer_cpu_drawing() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none()
        && std::env::var_os("CUNWU_GPU").is_none()
    {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// Start the desktop app.
pub fn run() {
    #[cfg(target_os = "linux")]
    prefer_cpu_drawing();
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(state::open_default())
        .manage(coop_state::CoopState)
        .manage(cunwu_app::sync_desk::SyncGate::default())
        .setup(|app| {
            sync_task::start(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app::app_info,
            commands::app::app_init,
            commands::app::status,
            commands::app::demo_exit_plan,
            commands::app::demo_leave,
            commands::household::household_list,
            commands::household::household_get,
            commands::household::household_add,
            commands::household::household_edit,
            commands::visit::visit_add,
            commands::visit::visit_amend,
            commands::need::need_vocabulary,
            commands::need::need_list,
            commands::need::need_show,
            commands::need::need_add,
            commands::need::need_step,
            commands::need::need_track,
            commands::need::need_receipt,
            commands::need::need_of_household,
            commands::need::visit_add_with_needs,
            commands::need::need_export,
            commands::need::person_list,
            commands::need::person_add,
            commands::need::person_edit,
            commands::register_io::import_households,
            commands::register_io::export_households,
            commands::register_io::export_visits,
            commands::coop::coop_lot_list,
            commands::coop::coop_lot_show,
            commands::coop::coop_lot_open,
            commands::coop::coop_lot_intake,
            commands::coop::coop_lot_process,
            commands::coop::coop_lot_cost,
            commands::coop::coop_lot_finish,
            commands::coop::coop_lot_sale,
            commands::coop::coop_lot_payout,
            commands::coop::coop_lot_close,
            commands::coop::coop_journal,
            commands::coop::coop_trial_balance,
            commands::coop::coop_member_statement,
            commands::coop::coop_duplicates,
            commands::coop::coop_fix_duplicate,
            commands::coop::coop_print_receipt,
            commands::coop::coop_print_lot,
            commands::coop::coop_print_statement,
            commands::coop::coop_export,
            commands::backup::backup_status,
            commands::backup::backup_now,
            commands::backup::backup_restore,
            commands::sync::sync_status,
            commands::sync::sync_enroll,
            commands::sync::sync_now,
            commands::sync::bundle_export,
            commands::sync::bundle_import,
            commands::sync::conflict_list,
            commands::sync::conflict_resolve,
            commands::sync::chain_alarm_acknowledge,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("村务无法启动：{e}");
        std::process::exit(1);
    }
}
