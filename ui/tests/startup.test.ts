// The household list asked for at start is used once by the 农户 screen.

import { describe, expect, it, vi } from 'vitest'
import HouseholdsPage from '../src/pages/HouseholdsPage.vue'
import { discardPrefetchedHouseholds, prefetchHouseholds, takePrefetchedHouseholds } from '../src/state/startup'
import { demoBackend, mountWith } from './mount'

describe('start-up prefetch', () => {
  it('the first screen shows the prefetched list without asking again', async () => {
    const backend = demoBackend(120)
    prefetchHouseholds(backend)
    const list = vi.spyOn(backend, 'householdList')
    const { wrapper } = await mountWith(HouseholdsPage, { backend })
    expect(wrapper.get('[data-test=household-count]').text()).toBe('共 120 户')
    expect(list).not.toHaveBeenCalled()
    expect(takePrefetchedHouseholds(backend)).toBeUndefined()
  })

  it('a failed prefetch asks again', async () => {
    const backend = demoBackend(30)
    const list = vi.spyOn(backend, 'householdList').mockRejectedValueOnce({ code: 'not_initialized', message: '还没有建村' })
    prefetchHouseholds(backend)
    const rows = await takePrefetchedHouseholds(backend)
    expect(rows).toHaveLength(30)
    expect(list).toHaveBeenCalledTimes(2)
  })

  it('setting up a village drops the stale prefetch', () => {
    const backend = demoBackend(5)
    prefetchHouseholds(backend)
    discardPrefetchedHouseholds()
    expect(takePrefetchedHouseholds(backend)).toBeUndefined()
  })
})
