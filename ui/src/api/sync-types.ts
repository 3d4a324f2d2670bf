// Sync with the township hub as the screens see it: the DTOs of the sync
// commands (crates/app/src/sync_desk) and the part of the backend seam that
// reaches them (`backend.sync`).

/** The last exchange that failed. */
export interface SyncFailure {
  code: string
  /** Chinese, says what to do. */
  message: string
  atMs: number
}

/** Who acknowledged a chain alarm, and when. */
export interface ChainAlarmAcknowledgement {
  /** The user of this laptop. */
  by: string
  atMs: number
}

/** A voucher a chain alarm concerns, as this laptop holds it. */
export interface ChainAlarmVoucher {
  /** Place in the device's chain (第几张). */
  seq: number
  /** e.g. "2026-11 A-0002（现金收入）"; null when this laptop does not hold it. */
  label: string | null
}

/**
 * A break in a device's voucher hash chain, reported by the township hub
 * (crates/app/src/sync_desk/chain_alarm.rs). Kept until a person
 * acknowledges it; then listed as acknowledged.
 */
export interface ChainAlarm {
  device: string
  /** The voucher (place in the chain) where it breaks. */
  seq: number
  /** What is wrong, in Chinese (the hub's words). */
  message: string
  /** The break is in this laptop's own vouchers. */
  thisLaptop: boolean
  /** The one before the break and the one at it. */
  vouchers: ChainAlarmVoucher[]
  firstSeenMs: number
  lastSeenMs: number
  acknowledged: ChainAlarmAcknowledgement | null
}

/** Everything the status bar and the sync page show about syncing. */
export interface SyncView {
  enrolled: boolean
  hubUrl: string | null
  /** e.g. "村：东村". */
  scope: string | null
  /** Role in Chinese. */
  role: string | null
  deviceId: string
  /** Last completed exchange, UTC ms (this laptop's clock). */
  lastSyncMs: number | null
  /** Hub clock minus this laptop's clock, ms. */
  clockOffsetMs: number | null
  pendingChanges: number
  /** Changes the hub set aside because their time was more than a day ahead. */
  quarantined: number
  conflicts: number
  lastError: SyncFailure | null
  /** An exchange is running now. */
  syncing: boolean
  /** Broken voucher chains the hub reported, open ones first. */
  chainAlarms: ChainAlarm[]
  /** Changes the hub refused (the rest was stored), newest first. */
  refused: RefusedNote[]
}

/** One change the hub refused, and why (never pushed again). */
export interface RefusedNote {
  /** `device#counter`. */
  id: string
  /** Made on this laptop (not carried for another). */
  own: boolean
  /** Why, in Chinese. */
  message: string
  atMs: number
}

/** What one exchange moved. */
export interface SyncOutcome {
  pushed: number
  pushDuplicates: number
  pulled: number
  pullDuplicates: number
  quarantined: number
  snapshot: boolean
  clockOffsetMs: number
  lastSyncMs: number
  /** Broken voucher chains this exchange reported that were not known before. */
  newChainAlarms: number
  /** Changes the hub refused in this exchange. */
  refused: number
  /**
   * Set when this laptop's database turned out to be restored from an
   * older copy and took a new device id in this exchange: what to tell the
   * person, in Chinese (crates/sync/src/restore.rs).
   */
  restoredNotice?: string
}

export interface BundleExport {
  path: string
  changes: number
  bytes: number
}

export interface BundleImport {
  applied: number
  duplicates: number
  /** Changes not imported, each "id：why" (not signed by their author, a revoked laptop's later work, naming this laptop). */
  refused: string[]
}

export interface ConflictValue {
  /** The change that wrote it; what resolving names. */
  change: string
  /** Masked when the field is sensitive. */
  value: string
  author: string
  atMs: number
  /** Shown until someone resolves the conflict. */
  shown: boolean
}

export interface Conflict {
  entity: string
  entityLabel: string
  entityId: string
  /** e.g. "张三（户编号 0105）". */
  record: string
  field: string
  fieldLabel: string
  values: ConflictValue[]
}

export interface SyncBackend {
  status(): Promise<SyncView>
  enroll(hubUrl: string, code: string): Promise<SyncView>
  syncNow(): Promise<SyncOutcome>
  bundleExport(path: string): Promise<BundleExport>
  bundleImport(path: string): Promise<BundleImport>
  conflictList(): Promise<Conflict[]>
  /** Keep the value `change` wrote; resolves to what is still in conflict. */
  conflictResolve(entity: string, entityId: string, field: string, change: string): Promise<Conflict[]>
  /** A person has taken a chain alarm up with the township; resolves to the status after it. */
  acknowledgeChainAlarm(device: string, seq: number): Promise<SyncView>
  /** Ask where to save a USB bundle; null when the user cancels. */
  chooseBundleExportPath(suggestedName: string): Promise<string | null>
  /** Ask for a USB bundle to import; null when the user cancels. */
  chooseBundleImportFile(): Promise<string | null>
  /** Call `listener` whenever the sync status may have changed; resolves to the unsubscribe. */
  onChanged(listener: () => void): Promise<() => void>
}
