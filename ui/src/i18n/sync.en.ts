// English strings of syncing (Chinese is the app's own language; same keys).

export default {
  syncStatus: {
    lastSync: 'Last sync', never: 'never', justNow: 'just now', minutesAgo: '{n} min ago', hoursAgo: '{n} h ago', daysAgo: '{n} days ago',
    syncing: 'Syncing…', failed: 'Sync failed', failedHint: 'The last sync failed: {message}',
  },
  sync: {
    nav: 'Sync', title: 'Sync with the township hub',
    hubTitle: 'Township hub',
    enrollIntro: 'Ask the township administrator for the hub address and an enrollment code. Once enrolled, this laptop syncs every few minutes.',
    hubUrl: 'Hub address', hubUrlHint: 'e.g. http://192.168.1.10:7700', code: 'Enrollment code', codeHint: 'e.g. ABCD-EFGH-JK23',
    enroll: 'Enroll', enrolled: 'Enrolled: {scope}, {role}', reenroll: 'Change hub', enrollDone: 'Enrolled; you can sync now',
    hub: 'Hub', device: 'This laptop',
    nowTitle: 'Sync', syncNow: 'Sync now', syncing: 'Syncing…',
    result: 'Synced: sent {pushed}, received {pulled}', resultDuplicates: ' ({n} already at the hub)', firstSync: 'First sync used a snapshot',
    refused: 'The hub refused {n} changes (the rest of each batch was stored; refused changes are not sent again). Ask the township administrator if in doubt',
    quarantined: '{n} changes are stamped more than 24 h ahead of the hub; the hub holds them back. Please correct this laptop\'s clock',
    lastSync: 'Last sync', pending: 'Changes to send', clock: 'Clock', clockUnknown: 'Not in contact with the hub yet',
    clockSame: 'Agrees with the hub', clockAhead: 'This laptop is {amount} ahead of the hub; please correct its clock', clockBehind: 'This laptop is {amount} behind the hub; please correct its clock',
    seconds: '{n} s', minutes: '{n} min', hours: '{n} h', days: '{n} days',
    notEnrolled: 'This laptop is not enrolled with a hub yet. Without a network, use a USB bundle.',
    lastError: 'The last sync failed', busy: 'Syncing, please wait',
    bundleTitle: 'USB bundle',
    bundleIntro: 'Without a network: export a bundle to a USB stick and import it at the hub; bring the hub\'s bundle back and import it here. Importing twice is safe.',
    bundleExport: 'Export bundle', bundleImport: 'Import bundle', bundleName: '{village}-{date}.cunwu',
    importRefused: '{n} changes not imported (not signed by their author laptop, or from a revoked laptop); why:', exported: 'Exported {changes} changes to {path}', imported: 'Imported: {applied} new, {duplicates} already here',
    conflictsTitle: 'Conflicts', conflictsIntro: 'When two laptops changed the same item, every value is kept; choose one. Your choice syncs to the other laptops.',
    noConflicts: 'No conflicts', conflictOf: '{entity} {record}: “{field}”', shown: 'Shown now', keep: 'Keep this value',
    resolved: 'Kept the value by {author}; it goes to the other laptops at the next sync', by: '{author} · {time}',
  },
}
