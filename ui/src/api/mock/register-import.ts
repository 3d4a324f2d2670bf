// Importing a household register (农户台账) into the mock: match headers to
// fields, validate every cell, report each problem by row and column, and
// apply only the rows without problems (unless it is a dry run).

import type { BackendError, HouseholdFieldKey, ImportProblem, ImportReport } from '../types'
import { isBackendError } from '../types'
import { parseCsv } from './sheet'
import { LABELS, parseField, validateField } from './validation'

/** What the import needs from the register it writes into. */
export interface RegisterTarget {
  findByCode(code: string): { fields: Record<HouseholdFieldKey, string> } | undefined
  add(fields: Record<HouseholdFieldKey, string>): void
  update(code: string, changes: Partial<Record<HouseholdFieldKey, string>>): void
}

interface RowPlan {
  code: string
  values: Partial<Record<HouseholdFieldKey, string>>
}

export function importRegister(text: string, target: RegisterTarget, dryRun: boolean): ImportReport {
  const rows = parseCsv(text.replace(/^\uFEFF/, ''))
  const report: ImportReport = { totalRows: Math.max(rows.length - 1, 0), imported: 0, updated: 0, unchanged: 0, problemRows: 0, problems: [], warnings: [], dryRun }
  const header = rows[0] ?? []
  const columns = header.map((h) => parseField(h))
  header.forEach((h, i) => {
    if (!columns[i] && h.trim() !== '') report.warnings.push(`第1行的列“${h}”不认识，已忽略`)
  })
  if (!columns.includes('code')) {
    throw { code: 'rule', message: '这个文件不能导入：第1行没有“户编号”列，无法对应农户。请改好表头后再试' } satisfies BackendError
  }
  const plans: RowPlan[] = []
  const seen = new Map<string, number>()
  rows.slice(1).forEach((cells, i) => {
    const rowNo = i + 2
    const values: Partial<Record<HouseholdFieldKey, string>> = {}
    const problems: ImportProblem[] = []
    columns.forEach((field, c) => {
      const raw = (cells[c] ?? '').trim()
      if (!field) return
      // An empty cell leaves an existing value alone; required fields are checked below.
      if (raw === '' && field !== 'code') return
      try {
        values[field] = validateField(field, raw)
      } catch (e) {
        const reason = isBackendError(e) ? e.message.replace(`${LABELS[field]}：`, '') : String(e)
        problems.push({ row: rowNo, column: header[c], value: raw, reason })
      }
    })
    const code = values.code
    if (code !== undefined) {
      const earlier = seen.get(code)
      if (earlier) problems.push({ row: rowNo, column: '户编号', value: code, reason: `与第${earlier}行的户编号重复，请核对` })
      seen.set(code, rowNo)
      if (!target.findByCode(code)) {
        for (const f of ['head_name', 'group_no'] as const) {
          if (values[f] === undefined && !problems.some((p) => parseField(p.column) === f)) {
            problems.push({ row: rowNo, column: LABELS[f], value: '', reason: '新农户必须填写这一项' })
          }
        }
      }
    }
    if (problems.length > 0 || code === undefined) {
      report.problems.push(...problems)
      report.problemRows = (report.problemRows ?? 0) + 1
    }
    else plans.push({ code, values })
  })
  for (const plan of plans) {
    const existing = target.findByCode(plan.code)
    if (!existing) {
      report.imported++
      if (!dryRun) target.add({ ...emptyFields(), category: '一般户', ...plan.values } as Record<HouseholdFieldKey, string>)
      continue
    }
    const changes = Object.fromEntries(
      Object.entries(plan.values).filter(([k, v]) => existing.fields[k as HouseholdFieldKey] !== v),
    ) as Partial<Record<HouseholdFieldKey, string>>
    if (Object.keys(changes).length === 0) report.unchanged++
    else {
      report.updated++
      if (!dryRun) target.update(plan.code, changes)
    }
  }
  return report
}

export function emptyFields(): Record<HouseholdFieldKey, string> {
  return Object.fromEntries(Object.keys(LABELS).map((k) => [k, ''])) as Record<HouseholdFieldKey, string>
}
