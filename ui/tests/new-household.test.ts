// Adding a household: one refusal beside its field, several as one message.

import { describe, expect, it } from 'vitest'
import NewHouseholdDialog from '../src/components/NewHouseholdDialog.vue'
import { demoBackend, mountWith, settle } from './mount'

async function openDialog() {
  const backend = demoBackend(20)
  const mounted = await mountWith(NewHouseholdDialog, { backend, props: { modelValue: true } })
  await settle()
  const form = () => document.querySelector('.cw-new-household') as HTMLFormElement
  const type = async (name: string, value: string) => {
    const input = form().querySelector(`input[name=${name}]`) as HTMLInputElement
    input.value = value
    input.dispatchEvent(new Event('input'))
    await settle()
  }
  const submit = async () => {
    form().dispatchEvent(new Event('submit'))
    await settle()
  }
  return { ...mounted, form, type, submit }
}

describe('NewHouseholdDialog', () => {
  it('lists every missing required field at once', async () => {
    const { form, submit } = await openDialog()
    await submit()
    const alert = form().querySelector('.el-alert')?.textContent ?? ''
    for (const m of ['户编号：必须填写', '户主姓名：必须填写', '村民小组：必须填写']) expect(alert).toContain(m)
  })

  it('shows a single refusal beside its field, then adds the household', async () => {
    const { form, type, submit, wrapper, backend } = await openDialog()
    await type('code', '99001')
    await type('head_name', '金小龙')
    await type('group_no', '第3组')
    await type('phone', '123')
    await submit()
    const phoneItem = [...form().querySelectorAll('.el-form-item')].find((i) => i.textContent?.startsWith('联系电话'))
    expect(phoneItem?.querySelector('.el-form-item__error')?.textContent).toBe('联系电话：手机号应为以1开头的11位数字，现在是3位，请核对')
    await type('phone', '13900001111')
    await submit()
    expect(wrapper.emitted('added')).toHaveLength(1)
    expect((await backend.householdList({ query: 'jxl' })).map((r) => [r.headName, r.groupNo])).toContainEqual(['金小龙', 3])
  })
})
