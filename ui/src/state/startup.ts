// The first screen's data, asked for while the app is still mounting: the
// household list goes out together with app_info instead of after it, so a
// cold start does not wait for two round trips one after the other.

import type { Backend, HouseholdRow } from '../api'

let pending: Promise<HouseholdRow[]> | undefined

/** Ask for the unfiltered household list now; the 农户 screen takes it. */
export function prefetchHouseholds(backend: Backend): void {
  pending = backend.householdList({})
  // Before set-up there is no village yet; the screen asks again itself.
  pending.catch(() => undefined)
}

/**
 * The prefetched list, once: later loads always ask the backend. A failed
 * prefetch falls back to asking again.
 */
export function takePrefetchedHouseholds(backend: Backend): Promise<HouseholdRow[]> | undefined {
  const p = pending
  pending = undefined
  return p?.catch(() => backend.householdList({}))
}

/** Drop the prefetch: the village is being set up, so that list is stale. */
export function discardPrefetchedHouseholds(): void {
  pending = undefined
}
