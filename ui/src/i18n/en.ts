// English, the second language. Keys follow zh-CN.ts; data and backend
// messages stay Chinese.

import type zhCN from './zh-CN'

const en: typeof zhCN = {
  app: { title: 'Cunwu', subtitle: 'Household register · Visit log' },
  nav: { households: 'Households', visit: 'Visit', transfer: 'Import / Export', needs: 'Needs', language: '中文', shortcut: 'Alt+{n}' },
  status: { village: 'Village', user: 'User', pending: 'Unsynced changes', lastSync: 'Last sync', never: '—', demo: 'Demo village (never synced)', demoHint: 'Generated demo data: it stays on this laptop and cannot be enrolled with a township hub. For real work, set up the real village in a new database.' },
  common: { sep: ': ', error: 'Something went wrong', retry: 'Retry', loading: 'Loading…', save: 'Save', cancel: 'Cancel', edit: 'Edit', back: 'Back' },
  setup: {
    title: 'Welcome to Cunwu',
    intro: 'First start: enter the village name and your own name. Every change you make is recorded under your name.',
    village: 'Village', township: 'Township (optional)', user: 'Your name',
    create: 'Start', or: 'or', demo: 'Open the demo village (3,000 households)',
    demoHint: 'The demo data is made up; try anything', demoVillage: '示范村', demoUser: '演示用户',
  },
  households: {
    title: 'Households',
    search: 'Search: name, pinyin initials (e.g. jjl), full pinyin or household code',
    group: 'Group', allGroups: 'All groups', groupN: 'Group {n}',
    category: 'Category', allCategories: 'All categories',
    monitoring: 'Monitoring', allMonitoring: 'All', monitoringAny: 'All monitored',
    notVisited: 'Visits', allVisits: 'Any', notVisitedN: 'Not visited in {n} days',
    count: '{n} households', empty: 'No household matches', hint: '↑ ↓ to choose, Enter to open',
    never: 'Never visited', daysAgo: '{n} days ago', add: 'New household', added: 'Household added: {name}', conflicts: 'conflict',
  },
  column: { code: 'Code', headName: 'Head', group: 'Group', category: 'Category', monitoring: 'Monitoring', address: 'Address', phone: 'Phone', lastVisit: 'Last visit' },
  field: {
    code: 'Code', head_name: 'Head of household', group_no: 'Group', address: 'Address', phone: 'Phone',
    head_id_number: 'ID number', category: 'Category', monitoring: 'Monitoring', poverty_causes: 'Causes of poverty',
    cadre: 'Responsible cadre', bank_name: 'Bank', bank_account: 'Bank account', notes: 'Notes',
  },
  member: {
    name: 'Name', sex: 'Sex', id_number: 'ID number', relation: 'Relation to head', health: 'Health',
    schooling: 'Schooling', migrant_work: 'Migrant work', insurance: 'Medical insurance',
  },
  household: {
    profile: 'Profile', members: 'Members', visits: 'Visits', newVisit: 'Log a visit', backToList: 'Back to the list',
    noVisits: 'No visits yet', noMembers: 'No members recorded',
    reveal: 'Show', hide: 'Hide', sensitiveHidden: 'ID, phone and bank details are hidden', sensitiveShown: 'Sensitive data shown; press Hide when done',
    editHint: 'Enter saves, Esc cancels', typeNew: 'Type the new {label}', saved: 'Saved: {label}', conflicts: '{n} fields in conflict',
  },
  visit: {
    title: 'Log a visit', household: 'Household', pickHousehold: 'Name, pinyin initials or household code', date: 'Date',
    visitors: 'Visitors', visitorsHint: 'Several allowed; type a new name and press Enter', situation: 'Family situation', difficulties: 'Difficulties',
    needs: 'Needs', followUp: 'Follow-up plan', save: 'Save', saveKey: 'Ctrl+Enter', saved: 'Visit to {name} saved',
    openHousehold: 'Open household', amend: 'Correct', amendTitle: 'Correct a visit', amendOf: 'Correction of {date}', amendment: 'Correction',
    amendHint: 'A saved visit is never changed; a correction is added and the original kept', recorder: 'Recorded by', visitorsLabel: 'Visitors',
    chooseFirst: 'Choose a household first', none: 'none',
  },
  transfer: {
    importTitle: 'Import the household register', importIntro: 'From Excel (.xlsx) or .csv. It is checked first; import when the report looks right.',
    chooseFile: 'Choose file', file: 'File', checking: 'Checking…', check: 'Check again',
    summary: '{total} rows: {imported} new, {updated} updated, {unchanged} unchanged',
    problems: 'Rows with problems ({n})', problemsHint: 'These rows will not be imported. Fix them in the sheet and choose the file again.',
    noProblems: 'No problems found', row: 'Row', column: 'Column', value: 'Value', reason: 'Reason', warnings: 'Notes',
    confirm: 'Import', confirmSkipping: 'Import the other rows', imported: 'Imported: {imported} new, {updated} updated',
    exportTitle: 'Export', exportList: 'Export household list', exportPublic: 'Export public notice list',
    exportPublicHint: 'The public list leaves out ID numbers, phones, banks and bank accounts', exportVisits: 'Export visits',
    exported: 'Exported {rows} rows to {path}', listFile: 'households', publicFile: 'households-public', visitsFile: 'visits',
  },
}

export default en
