// English strings of backups and restoring one (the sync page).

export default {
  backup: {
    title: 'Backup and restore',
    intro: 'Cunwu makes one automatic backup a day (when it opens and after a sync) and keeps the last {n}. You can also back up now, or to a USB stick.',
    last: 'Last backup',
    never: 'No backup yet',
    folder: 'Backup folder',
    now: 'Back up now',
    toUsb: 'Back up to USB…',
    restore: 'Restore from backup…',
    done: 'Backed up to {path}',
    confirmTitle: 'Restore from backup',
    confirm: 'The data on this laptop will be replaced by the backup {file}. The current data is not deleted: it is first saved to the backup folder, so you can restore it later. After restoring, this laptop takes a new device id; the next sync brings back what was synced after the backup. Restore?',
    confirmOk: 'Restore',
    cancel: 'Cancel',
    restored: 'Restored from {file}. The data from before was saved as {kept}. Sync once to bring back what was synced after the backup.',
  },
}
