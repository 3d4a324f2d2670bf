// 备份与恢复 on the 同步 page: the last backup and the folder, 立即备份 and
// 备份到U盘, and restoring from a backup only after the person confirms
// (cancelling restores nothing); a file that is not a backup is refused
// with the backend's Chinese message.

import { afterEach, describe, expect, it } from 'vitest'
import SyncPage from '../src/pages/SyncPage.vue'
import { MOCK_BACKUP_DIR } from '../src/api/mock/backup'
import { mountWith, settle, villageBackend } from './mount'

const box = () => document.body.querySelector('.el-message-box')
const boxButton = (primary: boolean) =>
  [...document.body.querySelectorAll<HTMLButtonElement>('.el-message-box__btns button')]
    .find((b) => b.classList.contains('el-button--primary') === primary)

afterEach(() => { document.body.innerHTML = '' })

describe('备份与恢复', () => {
  it('shows the last backup and backs up now, to the folder or a USB stick', async () => {
    const backend = villageBackend()
    const { wrapper } = await mountWith(SyncPage, { backend })
    const panel = wrapper.get('[data-test=backup]')
    expect(panel.get('[data-test=backup-last]').text()).toBe('还没有备份')
    expect(panel.get('[data-test=backup-folder]').text()).toBe(MOCK_BACKUP_DIR)
    await panel.get('[data-test=backup-now]').trigger('click')
    await settle()
    expect(panel.get('[data-test=backup-done]').text()).toContain(`已备份到 ${MOCK_BACKUP_DIR}/红旗村-备份-`)
    expect(panel.get('[data-test=backup-last]').text()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d：.+红旗村-备份-\d{8}-\d{6}\.db$/)
    await panel.get('[data-test=backup-usb]').trigger('click')
    await settle()
    expect(panel.get('[data-test=backup-done]').text()).toContain('已备份到 /media/U盘/红旗村-备份-')
  })

  it('restores only after the person confirms; cancelling restores nothing', async () => {
    const backend = villageBackend()
    const made = await backend.backup.backupNow(null)
    backend.backup.nextFile = made.path
    const { wrapper, session } = await mountWith(SyncPage, { backend })
    const deviceBefore = session.info?.deviceId
    const panel = wrapper.get('[data-test=backup]')

    await panel.get('[data-test=backup-restore]').trigger('click')
    await settle()
    const text = box()?.textContent ?? ''
    expect(text).toContain(made.path)
    expect(text).toContain('现在的数据不会删除')
    expect(text).toContain('新的设备编号')
    boxButton(false)?.click()
    await settle()
    expect(backend.backup.restored).toEqual([])

    await panel.get('[data-test=backup-restore]').trigger('click')
    await settle()
    boxButton(true)?.click()
    await settle()
    expect(backend.backup.restored).toEqual([made.path])
    expect(panel.get('[data-test=backup-done]').text()).toContain(`已从 ${made.path} 恢复。恢复前的数据已另存为 ${MOCK_BACKUP_DIR}/红旗村-恢复前-`)
    expect((await backend.appInfo()).deviceId).not.toBe(deviceBefore)
  })

  it('a file that is not a backup is refused with the Chinese reason', async () => {
    const backend = villageBackend()
    backend.backup.nextFile = '/home/村务/台账.xlsx'
    const { wrapper } = await mountWith(SyncPage, { backend })
    const panel = wrapper.get('[data-test=backup]')
    await panel.get('[data-test=backup-restore]').trigger('click')
    await settle()
    boxButton(true)?.click()
    await settle()
    expect(panel.get('[data-test=backup-error]').text()).toContain('不是村务软件的村庄数据库')
    expect(backend.backup.restored).toEqual([])
  })
})
