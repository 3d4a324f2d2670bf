// The household list page over the mock: search narrows, filters reach the
// backend, the keyboard opens the highlighted household.

import { describe, expect, it, vi } from 'vitest'
import HouseholdsPage from '../src/pages/HouseholdsPage.vue'
import HouseholdFilters from '../src/components/HouseholdFilters.vue'
import { demoBackend, mountWith, settle } from './mount'

describe('HouseholdsPage', () => {
  it('lists the village and narrows to 金家龙 on jjl', async () => {
    const backend = demoBackend(300)
    const list = vi.spyOn(backend, 'householdList')
    const { wrapper } = await mountWith(HouseholdsPage, { backend })
    expect(wrapper.get('[data-test=household-count]').text()).toBe('共 300 户')
    await wrapper.get('input[data-test=household-search]').setValue('jjl')
    await settle()
    expect(list).toHaveBeenLastCalledWith({ query: 'jjl', group: undefined, category: undefined, monitoring: undefined, notVisitedDays: undefined })
    const expected = (await backend.householdList({ query: 'jjl' })).length
    expect(expected).toBeGreaterThan(0)
    expect(wrapper.get('[data-test=household-count]').text()).toBe(`共 ${expected} 户`)
  })

  it('sends the filters to the backend', async () => {
    const backend = demoBackend(300)
    const list = vi.spyOn(backend, 'householdList')
    const { wrapper } = await mountWith(HouseholdsPage, { backend })
    const filters = wrapper.getComponent(HouseholdFilters)
    filters.vm.$emit('update:modelValue', { query: '', group: 3, category: '脱贫户', monitoring: 'any', notVisitedDays: 30 })
    await settle()
    expect(list).toHaveBeenLastCalledWith({ query: undefined, group: 3, category: '脱贫户', monitoring: 'any', notVisitedDays: 30 })
  })

  it('opens the highlighted household with Enter, after moving down', async () => {
    const backend = demoBackend(300)
    const { wrapper, router } = await mountWith(HouseholdsPage, { backend })
    const search = wrapper.get('input[data-test=household-search]')
    await search.setValue('03')
    await settle()
    const rows = await backend.householdList({ query: '03' })
    await search.trigger('keydown', { key: 'ArrowDown' })
    await search.trigger('keydown', { key: 'Enter' })
    // The household page loads lazily; the route changes once it has.
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe(`/households/${rows[1].id}`), { timeout: 5000 })
  })
})
