// The needs commands in the in-memory mock: shapes only. It keeps what it is
// given and answers in the commands' shapes; the lifecycle (which steps are
// allowed, what status a step leads to) is not re-implemented here — each
// seeded need carries the allowed steps and the status after each step as
// plain data, and tests that need other answers stub the method.

import type {
  Choice, NeedBackend, NeedForm, NeedList, NeedPage, NeedQuery, NeedReceipt, NeedRow, NeedStepForm,
  NeedTracking, NeedVocabulary, Person, VisitWithNeedsView,
} from '../need-types'
import type { Visit, VisitInput } from '../types'

const STATUSES: Choice[] = [
  ['collected', '已收集'], ['registered', '已登记'], ['published', '已发布'], ['claimed', '已领办'],
  ['in_progress', '落实中'], ['done', '已落实'], ['fed_back', '已反馈'], ['closed', '已销号'],
  ['explained', '已解释'], ['transferred', '已转办'], ['merged', '已合并'], ['rejected', '不予受理'],
].map(([key, label]) => ({ key, label }))
const KINDS: Choice[] = [['individual', '个性'], ['common', '共性'], ['legacy', '历史遗留'], ['not_yet', '暂不具备条件']]
  .map(([key, label]) => ({ key, label }))
const CATEGORIES = ['产业', '就业', '医疗', '教育', '住房', '饮水', '道路与设施', '环境', '矛盾纠纷', '政策咨询', '其他']
const SOURCES: Choice[] = [['visit', '走访'], ['walk_in', '来访'], ['joint_meeting', '联席会议'], ['hotline', '12345 工单'], ['micro_wish', '微心愿']]
  .map(([key, label]) => ({ key, label }))
const status = (key: string) => STATUSES.find((s) => s.key === key) ?? STATUSES[0]
const choice = (key: string, label: string): Choice => ({ key, label })

/** A scripted walk: the steps shown at each status of the seeded needs (data, as the Rust side answered it). */
const SCRIPT: Record<string, { allowed: Choice[]; after: Record<string, string> }> = {
  collected: { allowed: [choice('register', '登记'), choice('explain', '解释'), choice('merge', '合并'), choice('reject', '不予受理')], after: { register: 'registered' } },
  registered: { allowed: [choice('publish', '发布'), choice('claim', '领办'), choice('reject', '不予受理')], after: { publish: 'published', claim: 'claimed' } },
  published: { allowed: [choice('claim', '领办'), choice('transfer', '转办')], after: { claim: 'claimed' } },
  claimed: { allowed: [choice('progress', '记录进展'), choice('done', '标记已落实')], after: { progress: 'in_progress', done: 'done' } },
  in_progress: { allowed: [choice('progress', '记录进展'), choice('done', '标记已落实')], after: { progress: 'in_progress', done: 'done' } },
  done: { allowed: [choice('feedback', '回访反馈'), choice('reopen', '重新办理')], after: { feedback: 'fed_back' } },
  fed_back: { allowed: [choice('close', '销号'), choice('reopen', '重新办理')], after: { close: 'closed' } },
  closed: { allowed: [choice('reopen', '重新办理')], after: {} },
}

interface Hooks {
  today: () => string
  village: () => string
  user: () => string
  households: () => { id: string; head: string }[]
  visitAdd: (householdId: string, input: VisitInput) => Promise<Visit>
  answer: <T>(f: () => T) => Promise<T>
}

export class MockNeeds implements NeedBackend {
  private readonly pages = new Map<string, NeedPage>()
  private readonly staff: Person[] = [
    { id: 'p1', name: '王建国', role: '工作队员', branch: '', phone: '138****0001', partyMember: false },
    { id: 'p2', name: '李秀英', role: '党员', branch: '网周村党支部', phone: '139****0002', partyMember: true },
  ]
  private n = 0
  /** The last export asked for (path, query, public). */
  lastExport: { path: string; query: NeedQuery; isPublic: boolean } | null = null

  constructor(private readonly hooks: Hooks) {}

  /** Seed a few needs once a village exists. */
  seed() {
    if (this.pages.size > 0) return
    const hs = this.hooks.households()
    const seeds: [string, string, string, string | null][] = [
      ['希望帮忙申请危房改造补助', '住房', 'collected', null],
      ['村口路灯坏了三盏', '道路与设施', 'claimed', '2026-11-20'],
      ['孩子上学的交通补助怎么申请', '教育', 'fed_back', '2026-12-10'],
    ]
    seeds.forEach(([text, category, st, promised], i) => {
      const h = hs[i]
      const p = this.make({ household: h?.id ?? null, requesterName: h?.head ?? '村民', requesterPhone: '', text, category, kind: '', source: 'walk_in', promised }, h?.head ?? null)
      p.row.status = status(st)
      p.row.overdue = promised !== null && promised < this.hooks.today() && ['claimed', 'in_progress'].includes(st)
      if (st !== 'collected') p.row.owner = '王建国'
      p.allowedSteps = SCRIPT[st]?.allowed ?? []
    })
  }

  private make(form: NeedForm, head: string | null): NeedPage {
    this.n += 1
    const id = `need-${this.n}`
    const row: NeedRow = {
      id, code: `WZ-K7M-${this.n}-H`, village: this.hooks.village(), householdId: form.household ?? null, householdHead: head,
      groupNo: form.groupNo ?? null, visitId: form.visitId ?? null, requester: form.requesterName, text: form.text,
      kind: KINDS.find((k) => k.key === form.kind || k.label === form.kind) ?? KINDS[0], category: form.category,
      source: SOURCES.find((s) => s.key === form.source || s.label === form.source)?.key ?? 'walk_in',
      createdOn: this.hooks.today(), status: status('collected'), owner: form.owner ?? null, promised: form.promised ?? null,
      reopens: 0, urges: 0, conflicts: 0, overdue: false,
    }
    const page: NeedPage = {
      row, sourceLabel: SOURCES.find((s) => s.key === row.source)?.label ?? '来访', requesterPhone: form.requesterPhone,
      createdBy: this.hooks.user(), feedback: null, reviewOn: null, timeline: [], allowedSteps: SCRIPT.collected.allowed, conflicts: [],
    }
    this.pages.set(id, page)
    return page
  }

  private page(key: string): NeedPage {
    const p = this.pages.get(key) ?? [...this.pages.values()].find((x) => x.row.code === key)
    if (!p) throw { code: 'not_found', message: `没有查询码为“${key}”的诉求，请核对回执` }
    return p
  }

  vocabulary(): Promise<NeedVocabulary> {
    return this.hooks.answer(() => ({ categories: CATEGORIES, kinds: KINDS, statuses: STATUSES, sources: SOURCES }))
  }

  list(q: NeedQuery): Promise<NeedList> {
    return this.hooks.answer(() => {
      this.seed()
      const all = [...this.pages.values()].map((p) => p.row)
      const rows = all.filter((r) =>
        (!q.status || r.status.key === q.status) && (!q.kind || r.kind.key === q.kind) && (!q.category || r.category === q.category)
        && (!q.owner || r.owner === q.owner) && (!q.groupNo || r.groupNo === q.groupNo) && (!q.overdue || r.overdue)
        && (!q.household || r.householdId === q.household))
      const unfiltered = all.filter((r) => (!q.kind || r.kind.key === q.kind) && (!q.category || r.category === q.category))
      return {
        rows,
        counts: STATUSES.map((s) => ({ status: s, count: unfiltered.filter((r) => r.status.key === s.key).length })),
        overdue: all.filter((r) => r.overdue).length,
      }
    })
  }

  show(key: string) { return this.hooks.answer(() => this.page(key)) }

  add(form: NeedForm) {
    return this.hooks.answer(() => {
      this.seed()
      if (!form.text.trim()) throw { code: 'invalid', field: '诉求内容', message: '诉求内容：请写下群众提出的诉求' }
      const head = this.hooks.households().find((h) => h.id === form.household)?.head ?? null
      return this.make(form, head)
    })
  }

  step(key: string, form: NeedStepForm) {
    return this.hooks.answer(() => {
      const p = this.page(key)
      const allowed = p.allowedSteps.find((s) => s.key === form.step)
      if (!allowed) throw { code: 'rule', message: `这条诉求现在是“${p.row.status.label}”，不能办理这一步` }
      const next = SCRIPT[p.row.status.key]?.after[form.step] ?? p.row.status.key
      if (form.step === 'claim') { p.row.owner = form.owner ?? null; p.row.promised = form.promised ?? null }
      if (form.step === 'feedback') p.feedback = form.result ?? null
      p.row.status = status(next)
      p.row.overdue = false
      p.timeline.push({
        id: `ev-${p.timeline.length + 1}`, date: this.hooks.today(), by: this.hooks.user(), step: form.step, label: allowed.label,
        text: `${this.hooks.user()} ${allowed.label}`, note: form.note, status: p.row.status, applied: true,
      })
      p.allowedSteps = SCRIPT[next]?.allowed ?? []
      return p
    })
  }

  track(code: string): Promise<NeedTracking[]> {
    return this.hooks.answer(() => [...this.pages.values()].filter((p) => p.row.code === code.trim().toUpperCase()).map((p) => ({
      code: p.row.code, village: p.row.village, text: p.row.text, status: p.row.status.label, owner: p.row.owner,
      promised: p.row.promised, overdue: p.row.overdue, steps: p.timeline.map((t) => `${t.date} ${t.text}`),
    })))
  }

  receipt(key: string): Promise<NeedReceipt> {
    return this.hooks.answer(() => {
      const p = this.page(key)
      return {
        code: p.row.code, village: p.row.village, township: '城关镇', requester: p.row.requester, text: p.row.text,
        createdOn: p.row.createdOn, owner: p.row.owner, promised: p.row.promised, phone: '0738-1234567',
      }
    })
  }

  ofHousehold(householdId: string) {
    return this.hooks.answer(() => { this.seed(); return [...this.pages.values()].map((p) => p.row).filter((r) => r.householdId === householdId) })
  }

  async visitAdd(householdId: string, input: { visit: VisitInput; needs: NeedForm[] }): Promise<VisitWithNeedsView> {
    const visit = await this.hooks.visitAdd(householdId, input.visit)
    return this.hooks.answer(() => {
      this.seed()
      const head = this.hooks.households().find((h) => h.id === householdId)?.head ?? null
      const needs = input.needs.map((f) => this.make({ ...f, household: householdId, source: 'visit', visitId: visit.id }, head).row)
      return { visit, needs }
    })
  }

  export(path: string, query: NeedQuery, isPublic: boolean) {
    return this.hooks.answer(() => { this.lastExport = { path, query, isPublic }; return this.pages.size })
  }

  people() { return this.hooks.answer(() => this.staff) }

  personAdd(form: Omit<Person, 'id'>) {
    return this.hooks.answer(() => { const p = { ...form, id: `p${this.staff.length + 1}` }; this.staff.push(p); return p })
  }
}
