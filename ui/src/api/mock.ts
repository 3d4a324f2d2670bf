// An in-memory backend with a generated demo village. Used by Vitest, by the
// browser tests (behind a mocked Tauri IPC) and by `npm run dev:mock`. It
// follows the commands' contract: same shapes, same masking, same Chinese
// error messages as the Rust façade. Never part of the shipped app.

import { daysBetween, isIsoDate, today as localToday } from '../calendar'
import type { Backend } from './backend'
import type {
  AppInfo, AppInitInput, BackendError, ExportResult, Household, HouseholdDetail, HouseholdFieldKey,
  HouseholdFilter, HouseholdRow, ImportReport, Member, Status, Visit, VisitInput,
} from './types'
import { HOUSEHOLD_FIELDS, SENSITIVE_FIELDS } from './types'
import { nameKeys, parseQuery, matchesHousehold } from './mock/pinyin'
import { emptyFields, importRegister } from './mock/register-import'
import { DEMO_IMPORT_PATH, demoFiles, toCsv } from './mock/sheet'
import { LABELS, invalid, maskField, parseField, validateField } from './mock/validation'
import { generateVillage, type MockHousehold, type MockMember } from './mock/village'
import { MockCoop, type CoopHousehold } from './mock/coop'
import { MockSync } from './mock/sync'
import { MockBackup } from './mock/backup'
import { MockNeeds } from './mock/need'
import { demoExitPlan, notDemo } from './mock/demo-exit'
import type { DemoExit } from './demo-exit-types'

export interface MockOptions {
  /** The local date the mock treats as today. */
  today?: () => string
  /**
   * Start with a village already set up (as after first start). Its
   * households are generated; it is the demo village unless `demo` is
   * false (then it stands for a real village whose register was imported,
   * which may enroll and sync).
   */
  village?: { name: string; user: string; households: number; demo?: boolean }
  /** Delay every answer by this many milliseconds, like a real backend would. */
  latencyMs?: number
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

export class MockBackend extends MockCoop implements Backend {
  /** Files the mock can read and has written (exports), by path. */
  readonly files = demoFiles()
  private info: AppInfo = { initialized: false, village: null, township: null, user: null, deviceId: 'mock-device-0001', pendingChanges: 0, lastSync: null, demo: false }
  private households: MockHousehold[] = []
  private byId = new Map<string, MockHousehold>()
  private members: MockMember[] = []
  private visits = new Map<string, Visit[]>()
  private visitById = new Map<string, Visit>()
  private nextId = 1
  private readonly today: () => string
  private readonly latencyMs: number
  readonly sync = new MockSync({
    village: () => this.info.village, user: () => this.info.user, demo: () => this.info.demo, deviceId: () => this.info.deviceId,
    pendingChanges: () => this.info.pendingChanges, changed: (n) => this.changed(n),
    takePending: () => { const n = this.info.pendingChanges; this.info.pendingChanges = 0; return n },
    setLastSync: (iso) => { this.info.lastSync = iso },
    someHousehold: () => { const h = this.households[0]; return h ? { id: h.id, headName: h.fields.head_name, code: h.fields.code, phone: h.fields.phone } : null },
  }, (f) => this.answer(f))

  readonly backup = new MockBackup({
    village: () => this.info.village,
    newDevice: () => {
      const old = this.info.deviceId
      this.info.deviceId = `mock-device-${String(Number(old.slice(-4)) + 1).padStart(4, '0')}`
      return [old, this.info.deviceId]
    },
    answer: (f) => this.answer(f),
  })

  readonly needs = new MockNeeds({
    today: () => this.today(), village: () => this.info.village ?? '', user: () => this.info.user ?? '',
    households: () => this.households.map((h) => ({ id: h.id, head: h.fields.head_name })),
    visitAdd: (id, input) => this.visitAdd(id, input), answer: (f) => this.answer(f),
  })

  constructor(options: MockOptions = {}) {
    super()
    this.today = options.today ?? (() => localToday())
    this.latencyMs = options.latencyMs ?? 0
    if (options.village) {
      const v = options.village
      this.setUp({ village: v.name, user: v.user, demoHouseholds: v.households })
      if (v.demo === false) this.info.demo = false
    }
  }

  protected coopHouseholds(): CoopHousehold[] {
    return this.households.map((h) => ({ id: h.id, code: h.fields.code, name: h.fields.head_name }))
  }
  protected coopToday() { return this.today() }

  private answer<T>(f: () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      const run = () => {
        try { resolve(clone(f())) } catch (e) { reject(e) }
      }
      if (this.latencyMs > 0) setTimeout(run, this.latencyMs)
      else queueMicrotask(run)
    })
  }

  private changed(n = 1) { this.info.pendingChanges += n }

  private setUp(input: AppInitInput): AppInfo {
    if (this.info.initialized) throw { code: 'rule', message: `本机已经建立了“${this.info.village}”，不能再次建立` } satisfies BackendError
    const village = input.village.trim()
    const user = input.user.trim()
    if (!village) throw invalid('村名', '必须填写，不能为空')
    if (!user) throw invalid('姓名', '必须填写您自己的姓名，它会记在您做的每条修改上')
    const demo = generateVillage(input.demoHouseholds ?? 0, this.today())
    demo.households.forEach((h) => this.insert(h))
    this.members = demo.members
    demo.visits.forEach((v) => this.storeVisit(v))
    this.nextId = demo.visits.length + demo.households.length + 1
    this.info = { ...this.info, initialized: true, village, township: input.township?.trim() || null, user, demo: (input.demoHouseholds ?? 0) > 0 }
    return this.info
  }

  private insert(h: MockHousehold) {
    this.households.push(h)
    this.byId.set(h.id, h)
  }

  private storeVisit(v: Visit) {
    const list = this.visits.get(v.householdId) ?? []
    list.push(v)
    this.visits.set(v.householdId, list)
    this.visitById.set(v.id, v)
  }

  private lastVisit(id: string): string | null {
    const list = this.visits.get(id) ?? []
    return list.reduce<string | null>((max, v) => (max === null || v.date > max ? v.date : max), null)
  }

  private household(id: string): MockHousehold {
    const h = this.byId.get(id)
    if (!h) throw { code: 'not_found', message: `找不到农户“${id}”，请检查后重试` } satisfies BackendError
    return h
  }

  private shown(h: MockHousehold, reveal: boolean): Household {
    const fields = Object.fromEntries(HOUSEHOLD_FIELDS.map((f) => [f, reveal ? h.fields[f] : maskField(f, h.fields[f])]))
    return { id: h.id, fields, lastVisit: this.lastVisit(h.id), conflicts: 0 }
  }

  private requireVillage() {
    if (!this.info.initialized) throw { code: 'not_initialized', message: '还没有建立村庄，请先填写村名和您的姓名' } satisfies BackendError
  }

  appInfo() { return this.answer(() => this.info) }
  demoExitPlan() { return this.answer(() => demoExitPlan(Date.now())) }
  /** Like the desktop: only a demo is set aside; an empty village follows. */
  demoLeave() {
    return this.answer((): DemoExit => {
      if (!this.info.demo) throw notDemo()
      const plan = demoExitPlan(Date.now())
      this.households = []
      this.byId.clear()
      this.members = []
      this.visits.clear()
      this.visitById.clear()
      this.coopReset()
      this.info = { initialized: false, village: null, township: null, user: null, deviceId: 'mock-device-0002', pendingChanges: 0, lastSync: null, demo: false }
      return { info: this.info, keptAs: `${plan.folder}/${plan.fileName}` }
    })
  }
  appInit(input: AppInitInput) { return this.answer(() => this.setUp(input)) }
  status() {
    return this.answer((): Status => ({ village: this.info.village, user: this.info.user, pendingChanges: this.info.pendingChanges, lastSync: this.info.lastSync, demo: this.info.demo }))
  }

  householdList(filter: HouseholdFilter) {
    return this.answer((): HouseholdRow[] => {
      this.requireVillage()
      const query = filter.query?.trim() ? parseQuery(filter.query) : null
      const today = this.today()
      const rows: HouseholdRow[] = []
      for (const h of this.households) {
        const f = h.fields
        if (query && !matchesHousehold(query, { name: f.head_name, keys: h.keys, code: f.code, address: f.address })) continue
        if (filter.group !== undefined && Number(f.group_no) !== filter.group) continue
        if (filter.category && f.category !== filter.category) continue
        if (filter.monitoring === 'any' ? f.monitoring === '' : filter.monitoring && f.monitoring !== filter.monitoring) continue
        const lastVisit = this.lastVisit(h.id)
        if (filter.notVisitedDays !== undefined && lastVisit !== null && daysBetween(lastVisit, today) <= filter.notVisitedDays) continue
        if (filter.limit !== undefined && rows.length >= filter.limit) break
        rows.push({
          id: h.id, code: f.code, headName: f.head_name, groupNo: Number(f.group_no), category: f.category,
          monitoring: f.monitoring, address: f.address, phone: maskField('phone', f.phone), lastVisit, conflicts: 0,
        })
      }
      return rows
    })
  }

  householdGet(id: string, reveal: boolean) {
    return this.answer((): HouseholdDetail => {
      const h = this.household(id)
      const members: Member[] = this.members
        .filter((m) => m.householdId === id)
        .map((m) => ({ id: m.id, fields: reveal ? m.fields : Object.fromEntries(Object.entries(m.fields).map(([k, v]) => [k, maskField(k, v)])) }))
      const visits = [...(this.visits.get(id) ?? [])].sort((a, b) => (a.date === b.date ? b.id.localeCompare(a.id) : a.date < b.date ? 1 : -1))
      return { household: this.shown(h, reveal), members, visits }
    })
  }

  householdAdd(fields: Record<string, string>) {
    return this.answer((): Household => {
      this.requireVillage()
      const values = emptyFields()
      for (const [k, v] of Object.entries(fields)) {
        const f = parseField(k)
        if (f) values[f] = v
      }
      // Every problem is reported: one keeps its field, several become one message.
      const problems: BackendError[] = []
      for (const f of HOUSEHOLD_FIELDS) {
        try {
          values[f] = validateField(f, values[f])
        } catch (e) {
          problems.push(e as BackendError)
        }
      }
      if (problems.length === 1) throw problems[0]
      if (problems.length > 1) throw { code: 'rule', message: problems.map((p) => p.message).join('\n') } satisfies BackendError
      this.checkCodeFree(values.code)
      const h: MockHousehold = { id: `h${this.nextId++}`, fields: values, keys: nameKeys(values.head_name) }
      this.insert(h)
      this.changed(Object.values(values).filter(Boolean).length)
      return this.shown(h, false)
    })
  }

  private checkCodeFree(code: string, except?: string) {
    const other = this.households.find((h) => h.fields.code === code && h.id !== except)
    if (other) throw invalid('户编号', `“${code}”已经是${other.fields.head_name}家的户编号，请换一个`)
  }

  householdEdit(id: string, field: string, value: string) {
    return this.answer((): Household => {
      const h = this.household(id)
      const key = parseField(field)
      if (!key) throw { code: 'invalid', message: `没有“${field}”这一项，请从农户信息中选择要修改的项` } satisfies BackendError
      const v = validateField(key, value)
      if (key === 'code') this.checkCodeFree(v, id)
      if (h.fields[key] !== v) {
        h.fields[key] = v
        if (key === 'head_name') h.keys = nameKeys(v)
        this.changed()
      }
      return this.shown(h, false)
    })
  }

  private checkVisit(input: VisitInput): string {
    const today = this.today()
    const date = input.date?.trim() || today
    if (!isIsoDate(date)) throw invalid('走访日期', `“${date}”不是有效日期，请写成 2026-11-29 这样的格式`)
    if (date > today) throw invalid('走访日期', `${date} 在今天（${today}）之后，请填写实际走访的日期`)
    if (date < '2000-01-01') throw invalid('走访日期', `${date} 太早了，请核对年份`)
    if (input.visitors.every((v) => v.trim() === '')) throw invalid('走访人', '至少填写一名走访人')
    if ([input.situation, input.difficulties, input.needs, input.followUp].every((s) => s.trim() === '')) {
      throw invalid('走访内容', '家庭情况、困难问题、诉求、帮扶计划至少填写一项')
    }
    return date
  }

  private record(householdId: string, input: VisitInput, amends: string | null): Visit {
    const date = this.checkVisit(input)
    const visit: Visit = {
      id: `v${this.nextId++}`, householdId, date, visitors: input.visitors.map((v) => v.trim()).filter(Boolean),
      recorder: this.info.user ?? '', situation: input.situation.trim(), difficulties: input.difficulties.trim(),
      needs: input.needs.trim(), followUp: input.followUp.trim(), amends,
    }
    this.storeVisit(visit)
    this.changed()
    return visit
  }

  visitAdd(householdId: string, input: VisitInput) {
    return this.answer(() => this.record(this.household(householdId).id, input, null))
  }

  visitAmend(visitId: string, input: VisitInput) {
    return this.answer(() => {
      const original = this.visitById.get(visitId)
      if (!original) throw { code: 'not_found', message: `找不到走访记录“${visitId}”，请检查后重试` } satisfies BackendError
      return this.record(original.householdId, input, original.amends ?? original.id)
    })
  }

  importHouseholds(path: string, dryRun: boolean) {
    return this.answer((): ImportReport => {
      this.requireVillage()
      const text = this.files.get(path)
      if (text === undefined) throw { code: 'not_found', message: `找不到文件“${path}”，请重新选择` } satisfies BackendError
      const byCode = (code: string) => this.households.find((h) => h.fields.code === code)
      return importRegister(text, {
        findByCode: byCode,
        add: (fields) => { this.insert({ id: `h${this.nextId++}`, fields, keys: nameKeys(fields.head_name) }); this.changed() },
        update: (code, changes) => {
          const h = byCode(code)
          if (!h) return
          Object.assign(h.fields, changes)
          h.keys = nameKeys(h.fields.head_name)
          this.changed(Object.keys(changes).length)
        },
      }, dryRun)
    })
  }

  exportHouseholds(path: string, isPublic: boolean) {
    return this.answer((): ExportResult => {
      this.requireVillage()
      const fields = HOUSEHOLD_FIELDS.filter((f) => !(isPublic && SENSITIVE_FIELDS.includes(f)))
      const rows = this.households.map((h) => [...fields.map((f) => h.fields[f as HouseholdFieldKey]), this.lastVisit(h.id) ?? ''])
      this.files.set(path, toCsv([[...fields.map((f) => LABELS[f]), '最近走访'], ...rows]))
      return { path, rows: rows.length }
    })
  }

  exportVisits(path: string) {
    return this.answer((): ExportResult => {
      this.requireVillage()
      const all = [...this.visitById.values()]
      const rows = all.map((v) => [this.byId.get(v.householdId)?.fields.code ?? '', v.date, v.visitors.join('、'), v.recorder, v.situation, v.difficulties, v.needs, v.followUp, v.amends ?? ''])
      this.files.set(path, toCsv([['户编号', '走访日期', '走访人', '记录人', '家庭情况', '困难问题', '诉求', '帮扶计划', '更正'], ...rows]))
      return { path, rows: rows.length }
    })
  }

  chooseImportFile() { return Promise.resolve<string | null>(DEMO_IMPORT_PATH) }
  chooseExportPath(suggestedName: string) { return Promise.resolve<string | null>(`/演示/导出/${suggestedName}`) }
}
