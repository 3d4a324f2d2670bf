// The seam: which backend the app picks, and that the Tauri backend sends the
// command names and camelCase arguments of the contract and passes the
// backend's {code, message, field} rejections through untouched.

import { afterEach, describe, expect, it } from 'vitest'
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks'
import { backendKind, createBackend, unavailableBackend } from '../src/api'
import { TauriBackend } from '../src/api/tauri'

afterEach(() => clearMocks())

describe('backendKind', () => {
  const env = { hasTauri: false, mode: 'production', dev: false, search: '' }
  it('uses Tauri inside the desktop window whatever the mode', () => {
    expect(backendKind({ ...env, hasTauri: true, mode: 'test' })).toBe('tauri')
  })
  it('uses the mock only in test mode or on the dev server with ?mock', () => {
    expect(backendKind({ ...env, mode: 'test' })).toBe('mock')
    expect(backendKind({ ...env, dev: true, search: '?mock' })).toBe('mock')
    expect(backendKind({ ...env, dev: true })).toBe('none')
  })
  it('never runs a shipped build on fake data', () => {
    expect(backendKind(env)).toBe('none')
    expect(backendKind({ ...env, search: '?mock' })).toBe('none')
  })
  it('refuses every call with a Chinese message when there is no backend', async () => {
    await expect(unavailableBackend().householdList({})).rejects.toMatchObject({ code: 'no_backend', message: expect.stringContaining('桌面程序') })
    const { kind } = await createBackend({ ...env })
    expect(kind).toBe('none')
  })
})

describe('TauriBackend', () => {
  function record() {
    const calls: [string, unknown][] = []
    mockIPC((cmd, args) => {
      calls.push([cmd, args])
      if (cmd === 'household_edit') return Promise.reject({ code: 'invalid', field: '联系电话', message: '联系电话：手机号应为以1开头的11位数字，现在是10位，请核对' })
      if (cmd === 'plugin:dialog|open') return '/home/u/台账.xlsx'
      if (cmd === 'plugin:dialog|save') return null
      return {}
    })
    return calls
  }

  it('sends each command with its contract arguments', async () => {
    const calls = record()
    const b = new TauriBackend()
    const input = { visitors: ['张浩然'], situation: '独居', difficulties: '', needs: '', followUp: '' }
    await b.appInfo()
    await b.appInit({ village: '红旗村', user: '张浩然', demoHouseholds: 10 })
    await b.status()
    await b.householdList({ query: 'jjl', group: 3 })
    await b.householdGet('h1', true)
    await b.householdAdd({ code: '01001' })
    await b.visitAdd('h1', input)
    await b.visitAmend('v1', input)
    await b.importHouseholds('/a.xlsx', true)
    await b.exportHouseholds('/b.xlsx', true)
    await b.exportVisits('/c.xlsx')
    expect(calls).toEqual([
      ['app_info', {}],
      ['app_init', { village: '红旗村', user: '张浩然', demoHouseholds: 10 }],
      ['status', {}],
      ['household_list', { filter: { query: 'jjl', group: 3 } }],
      ['household_get', { id: 'h1', reveal: true }],
      ['household_add', { fields: { code: '01001' } }],
      ['visit_add', { householdId: 'h1', input }],
      ['visit_amend', { visitId: 'v1', input }],
      ['import_households', { path: '/a.xlsx', dryRun: true }],
      ['export_households', { path: '/b.xlsx', public: true }],
      ['export_visits', { path: '/c.xlsx' }],
    ])
  })

  it('passes the backend refusal through as {code, message, field}', async () => {
    record()
    await expect(new TauriBackend().householdEdit('h1', 'phone', '1380013800')).rejects.toEqual({
      code: 'invalid', field: '联系电话', message: '联系电话：手机号应为以1开头的11位数字，现在是10位，请核对',
    })
  })

  it('asks for files through the dialog plugin; cancel gives null', async () => {
    const calls = record()
    const b = new TauriBackend()
    expect(await b.chooseImportFile()).toBe('/home/u/台账.xlsx')
    expect(await b.chooseExportPath('农户名单.xlsx')).toBeNull()
    expect(calls.map((c) => c[0])).toEqual(['plugin:dialog|open', 'plugin:dialog|save'])
    expect(calls[1][1]).toMatchObject({ options: { defaultPath: '农户名单.xlsx' } })
  })
})
