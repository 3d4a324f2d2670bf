// The timeline: newest first, corrections inside the visit they correct.

import { describe, expect, it } from 'vitest'
import VisitTimeline from '../src/components/VisitTimeline.vue'
import type { Visit } from '../src/api'
import { mountWith } from './mount'

const visit = (id: string, date: string, situation: string, amends: string | null = null): Visit => ({
  id, householdId: 'h1', date, visitors: ['张浩然'], recorder: '张浩然', situation, difficulties: '', needs: '', followUp: '', amends,
})

describe('VisitTimeline', () => {
  it('orders visits newest first and nests each correction under its original', async () => {
    const visits = [visit('v1', '2026-03-01', '三月'), visit('v2', '2026-09-01', '九月'), visit('v3', '2026-09-01', '九月（更正）', 'v2'), visit('v4', '2026-09-01', '九月（再更正）', 'v3')]
    const { wrapper } = await mountWith(VisitTimeline, { props: { visits } })
    const articles = wrapper.findAll('article.visit')
    expect(articles.map((a) => a.attributes('data-visit'))).toEqual(['v2', 'v1'])
    const corrections = articles[0].findAll('.amendment')
    expect(corrections.map((c) => c.attributes('data-visit'))).toEqual(['v3', 'v4'])
    expect(corrections[0].text()).toContain('更正')
    expect(articles[0].find('.superseded').exists()).toBe(true)
    expect(articles[1].find('.amendment').exists()).toBe(false)
  })

  it('offers to correct a visit starting from its latest correction', async () => {
    const visits = [visit('v2', '2026-09-01', '九月'), visit('v3', '2026-09-02', '九月（更正）', 'v2')]
    const { wrapper } = await mountWith(VisitTimeline, { props: { visits } })
    await wrapper.get('[data-test=amend]').trigger('click')
    const [[original, latest]] = wrapper.emitted('amend') as [Visit, Visit][]
    expect([original.id, latest.id]).toEqual(['v2', 'v3'])
  })

  it('says so when there are no visits', async () => {
    const { wrapper } = await mountWith(VisitTimeline, { props: { visits: [] } })
    expect(wrapper.text()).toContain('还没有走访记录')
  })
})
