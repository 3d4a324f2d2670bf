// The in-memory `backend.sync` of the mock backend: a pretend township hub
// that accepts one enrollment code (MOCK_ENROLL_CODE), holds a dozen changes
// from another laptop of the village, one of which edits a household's phone
// at the same time as this laptop did (a conflict), and a USB bundle to
// import. A demo village is refused enrollment and bundle export, as the
// real backend refuses it; the hub's broken voucher chains are kept as in
// ./chain-alarm. Same shapes and Chinese messages as crates/app/src/sync_desk.

import type { BackendError } from '../types'
import type { BundleExport, BundleImport, Conflict, RefusedNote, SyncBackend, SyncFailure, SyncOutcome, SyncView } from '../sync-types'
import { invalid } from './validation'
import { MockChainAlarms } from './chain-alarm'

/** The one code the pretend hub accepts. */
export const MOCK_ENROLL_CODE = 'DEMO-CODE-2026'
/** A USB bundle the mock can import, as the file dialog returns it. */
export const MOCK_BUNDLE_PATH = '/演示/U盘/乡镇服务器-示范村.cunwu'
const BUNDLE_CHANGES = 7
const INBOX = 12
const OTHER_LAPTOP = { device: 'c0ffee0d15a7', author: '李娜' }

/** `SyncError::DemoVillage` of crates/sync: a demo village never leaves the laptop. */
export const DEMO_VILLAGE_REFUSAL: BackendError = {
  code: 'demo_village',
  message: '这是示范村（演示数据），不能同步到乡镇服务器或拷到别的电脑，以免演示数据混进真实台账。请在新的数据库里建立真实的村（cunwu --db 新文件.db init --village 村名 --user 你的姓名）后再登记',
}

/** What the mock backend lends the sync part. */
export interface MockSyncHost {
  village(): string | null
  user(): string | null
  /** The village is the generated demo one. */
  demo(): boolean
  deviceId(): string
  pendingChanges(): number
  /** Clear the pending count (the hub acknowledged them); returns how many. */
  takePending(): number
  /** A local change was made (a resolution). */
  changed(n: number): void
  setLastSync(iso: string): void
  /** A household for the pretend concurrent edit. */
  someHousehold(): { id: string; headName: string; code: string; phone: string } | null
}

const normalize = (code: string) => code.replace(/[^0-9A-Za-z]/g, '').toUpperCase()
const mask = (phone: string) => (phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****')

export class MockSync implements SyncBackend {
  private enrolled: { hubUrl: string } | null = null
  private lastSyncMs: number | null = null
  private clockOffsetMs: number | null = null
  private lastError: SyncFailure | null = null
  private conflicts: Conflict[] = []
  private inbox = INBOX
  private bundleImported = false
  private counter = 40
  private readonly listeners = new Set<() => void>()
  /** Broken voucher chains; `chainAlarms.hubFinds(…)` makes the pretend hub report one. */
  readonly chainAlarms = new MockChainAlarms()
  /** Changes the pretend hub refused (tests fill it). */
  readonly refused: RefusedNote[] = []

  constructor(private readonly host: MockSyncHost, private readonly answer: <T>(f: () => T) => Promise<T>, private readonly now: () => number = Date.now) {}

  private notify() { this.listeners.forEach((l) => l()) }

  private view(): SyncView {
    return {
      enrolled: this.enrolled !== null, hubUrl: this.enrolled?.hubUrl ?? null,
      scope: this.enrolled ? `村：${this.host.village() ?? ''}` : null, role: this.enrolled ? '工作队员' : null,
      deviceId: this.host.deviceId(), lastSyncMs: this.lastSyncMs, clockOffsetMs: this.clockOffsetMs,
      pendingChanges: this.host.pendingChanges(), quarantined: 0, conflicts: this.conflicts.length,
      lastError: this.lastError, syncing: false, chainAlarms: this.chainAlarms.list(), refused: [...this.refused],
    }
  }

  status() { return this.answer(() => this.view()) }

  enroll(hubUrl: string, code: string) {
    return this.answer(() => {
      const url = hubUrl.trim().replace(/\/+$/, '')
      if (!url) throw invalid('服务器地址', '请填写乡镇服务器地址，例如 http://192.168.1.10:7700')
      const rest = url.replace(/^https?:\/\//, '')
      if (rest === url || !rest || /\s/.test(rest)) {
        throw invalid('服务器地址', `“${url}”不是服务器地址。请照管理员给的写，以 http:// 开头，例如 http://192.168.1.10:7700`)
      }
      if (!code.trim()) throw invalid('登记码', '请填写乡镇管理员给的登记码')
      if (normalize(code).length !== 12 || /[^0-9A-Za-z\s-]/.test(code)) {
        throw invalid('登记码', '登记码是 12 位字母和数字，例如 ABCD-EFGH-JK23，请核对后重输')
      }
      // Before the hub is asked, so a demo village does not use up the code.
      if (this.host.demo()) throw DEMO_VILLAGE_REFUSAL
      if (normalize(code) !== normalize(MOCK_ENROLL_CODE)) {
        throw invalid('登记码', '登记码不对或已经过期。请核对后重输，或向乡镇管理员要新的登记码')
      }
      this.enrolled = { hubUrl: url }
      this.clockOffsetMs = 1_500
      this.lastError = null
      this.notify()
      return this.view()
    })
  }

  syncNow() {
    return this.answer((): SyncOutcome => {
      if (!this.enrolled) {
        throw { code: 'not_enrolled', message: '这台电脑还没有登记到乡镇服务器。请向乡镇管理员要登记码，再运行“cunwu sync enroll --hub 地址 --code 登记码”' } satisfies BackendError
      }
      const pushed = this.host.takePending()
      const newChainAlarms = this.chainAlarms.receive(this.now(), this.host.deviceId())
      const pulled = this.inbox
      if (this.inbox > 0) this.deliverConflict()
      this.inbox = 0
      this.lastSyncMs = this.now()
      this.host.setLastSync(new Date(this.lastSyncMs).toISOString())
      this.notify()
      return {
        pushed, pushDuplicates: 0, pulled, pullDuplicates: 0, quarantined: 0, refused: 0,
        snapshot: false, clockOffsetMs: this.clockOffsetMs ?? 0, lastSyncMs: this.lastSyncMs, newChainAlarms,
      }
    })
  }

  /** The other laptop changed a phone this laptop changed too. */
  private deliverConflict() {
    const h = this.host.someHousehold()
    if (!h) return
    const at = this.now()
    this.conflicts.push({
      entity: 'household', entityLabel: '农户', entityId: h.id, record: `${h.headName}（户编号 ${h.code}）`,
      field: 'phone', fieldLabel: '联系电话',
      values: [
        { change: `${OTHER_LAPTOP.device}#57`, value: '139****9000', author: OTHER_LAPTOP.author, atMs: at - 3_600_000, shown: true },
        { change: `${this.host.deviceId()}#${this.counter++}`, value: mask(h.phone), author: this.host.user() ?? '', atMs: at - 7_200_000, shown: false },
      ],
    })
  }

  bundleExport(path: string) {
    return this.answer((): BundleExport => {
      if (this.host.demo()) throw DEMO_VILLAGE_REFUSAL
      if (!this.host.village()) throw { code: 'not_initialized', message: '还没有建立村庄，请先填写村名和您的姓名' } satisfies BackendError
      const changes = this.host.pendingChanges()
      return { path, changes, bytes: 200 + changes * 90 }
    })
  }

  bundleImport(path: string) {
    return this.answer((): BundleImport => {
      if (path !== MOCK_BUNDLE_PATH) {
        throw { code: 'bundle', message: `读取数据包 ${path} 失败：找不到文件。请确认U盘已插好，再重新选择文件` } satisfies BackendError
      }
      const first = !this.bundleImported
      this.bundleImported = true
      this.notify()
      return first ? { applied: BUNDLE_CHANGES, duplicates: 0, refused: [] } : { applied: 0, duplicates: BUNDLE_CHANGES, refused: [] }
    })
  }

  conflictList() { return this.answer(() => this.conflicts) }

  conflictResolve(entity: string, entityId: string, field: string, change: string) {
    return this.answer(() => {
      const i = this.conflicts.findIndex((c) => c.entity === entity && c.entityId === entityId && c.field === field)
      if (i < 0) throw { code: 'rule', message: '这个冲突已经解决了（可能是别人在另一台电脑上解决后同步过来的），请刷新列表' } satisfies BackendError
      if (!this.conflicts[i].values.some((v) => v.change === change)) {
        throw { code: 'not_found', message: `找不到冲突中的值“${change}”，请检查后重试` } satisfies BackendError
      }
      this.conflicts.splice(i, 1)
      this.host.changed(1)
      this.notify()
      return this.conflicts
    })
  }

  acknowledgeChainAlarm(device: string, seq: number) {
    return this.answer(() => {
      const user = this.host.user()
      if (!user) throw { code: 'not_initialized', message: '还没有建立村庄，请先填写村名和您的姓名' } satisfies BackendError
      this.chainAlarms.acknowledge(device, seq, user, this.now())
      this.notify()
      return this.view()
    })
  }

  chooseBundleExportPath(suggestedName: string) { return Promise.resolve<string | null>(`/演示/U盘/${suggestedName}`) }
  chooseBundleImportFile() { return Promise.resolve<string | null>(MOCK_BUNDLE_PATH) }

  onChanged(listener: () => void) {
    this.listeners.add(listener)
    return Promise.resolve(() => { this.listeners.delete(listener) })
  }
}
