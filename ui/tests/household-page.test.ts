// The household page over the mock: masked until 显示, edits saved through
// the backend, corrections of visits through a dialog.

import { describe, expect, it, vi } from 'vitest'
import HouseholdPage from '../src/pages/HouseholdPage.vue'
import VisitForm from '../src/components/VisitForm.vue'
import { demoBackend, mountWith, settle } from './mount'

async function openFirst() {
  const backend = demoBackend()
  const [row] = await backend.householdList({})
  const get = vi.spyOn(backend, 'householdGet')
  const mounted = await mountWith(HouseholdPage, { backend, props: { id: row.id } })
  return { ...mounted, row, get }
}

const fieldValue = (w: Awaited<ReturnType<typeof openFirst>>['wrapper'], f: string) => w.get(`[data-field=${f}] [data-test=field-value]`).text()

describe('HouseholdPage', () => {
  it('masks ID and phone until 显示 is pressed', async () => {
    const { wrapper, get, row } = await openFirst()
    expect(wrapper.get('[data-test=household-title]').text()).toContain(row.headName)
    expect(fieldValue(wrapper, 'head_id_number')).toMatch(/\*{8}/)
    expect(get).toHaveBeenLastCalledWith(row.id, false)
    await wrapper.get('[data-test=reveal]').trigger('click')
    await settle()
    expect(get).toHaveBeenLastCalledWith(row.id, true)
    expect(fieldValue(wrapper, 'head_id_number')).toMatch(/^\d{17}[\dX]$/)
  })

  it('saves an edited field and counts the change in the status bar', async () => {
    const { wrapper, session, backend, row } = await openFirst()
    await wrapper.get('[data-field=address] [data-test=field-edit]').trigger('click')
    await settle()
    const input = wrapper.get('[data-field=address] input')
    await input.setValue('1组1号（新房）')
    await input.trigger('keydown', { key: 'Enter' })
    await settle()
    expect(fieldValue(wrapper, 'address')).toBe('1组1号（新房）')
    expect((await backend.householdGet(row.id, false)).household.fields.address).toBe('1组1号（新房）')
    expect(session.status?.pendingChanges).toBe(1)
  })

  it('corrects a visit with a new entry shown inside the original', async () => {
    const { wrapper, backend, row } = await openFirst()
    const v = await backend.visitAdd(row.id, { visitors: ['张浩然'], situation: '原来的记录', difficulties: '', needs: '', followUp: '' })
    await wrapper.get('[data-test=reveal]').trigger('click') // reloads the page with the new visit
    await settle()
    const article = wrapper.get(`article[data-visit=${v.id}]`)
    await article.get('[data-test=amend]').trigger('click')
    await settle()
    const form = wrapper.findAllComponents(VisitForm).at(-1)!
    await form.get('[data-test=visit-situation]').setValue('更正后的记录')
    await form.get('form').trigger('submit')
    await settle()
    const amendment = wrapper.get(`article[data-visit=${v.id}] .amendment`)
    expect(amendment.text()).toContain('更正后的记录')
    expect(wrapper.get(`article[data-visit=${v.id}]`).text()).toContain('原来的记录')
  })

  it('lists the household’s needs with their status from the backend', async () => {
    const { wrapper, backend, row } = await openFirst()
    await settle()
    const mine = await backend.needs.ofHousehold(row.id)
    expect(mine.length).toBeGreaterThan(0)
    const shown = wrapper.findAll('[data-test=household-need]').map((n) => n.text())
    expect(shown).toHaveLength(mine.length)
    expect(shown[0]).toContain(mine[0].status.label)
    expect(shown[0]).toContain(mine[0].text)
  })
})
