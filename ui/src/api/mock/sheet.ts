// Spreadsheets for the mock backend: a tiny in-memory file store, the demo
// ledger files a user might import (one of them with mistakes), and CSV
// reading/writing. The real backend reads .xlsx/.csv from disk.

/** Path the mock's file chooser returns: a ledger with some bad rows. */
export const DEMO_IMPORT_PATH = '/演示/农户台账-有错误.csv'

/** A register with new, changed and unchanged rows, and five rows with mistakes.
 * An empty cell leaves an existing household's value as it is. */
const DEMO_IMPORT = `户编号,户主姓名,村民小组,住址,联系电话,身份证号,户属性,监测类型,微信号
03018,金家龙,3,,,,,,
01002,,,1组2号（新房）,,,,,
13001,赵德福,第13组,13组1号,13912345678,341324195003120016,脱贫户,,zdf001
13002,钱秀英,13,13组2号,13812340001,,一般户,无,
13003,孙建国,13组,13组3号,1381234000,,一般户,,
13004,李桂兰,13,13组4号,,341324196508200021,低保户,,
13005,周大山,13,13组5号,,,贫困户,,
13006,吴海涛,abc,13组6号,,,一般户,,
,郑小红,13,13组7号,,,一般户,,
`

/** Files the mock pretends exist, by path. Exports are written here too. */
export function demoFiles(): Map<string, string> {
  return new Map([[DEMO_IMPORT_PATH, DEMO_IMPORT]])
}

/** Parse CSV text (quotes, doubled quotes, CRLF) into rows of cells. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++ } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') { row.push(cell); cell = '' }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += ch
  }
  if (cell !== '' || row.length > 0) { row.push(cell); rows.push(row) }
  return rows.filter((r) => r.some((c) => c.trim() !== ''))
}

/** Write rows as CSV, quoting where needed. */
export function toCsv(rows: string[][]): string {
  const quote = (c: string) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)
  return rows.map((r) => r.map(quote).join(',')).join('\n') + '\n'
}
