// Each test starts with empty storage (remembered visitors, language) and
// an empty page: components mounted by earlier tests are unmounted, dialogs
// teleported to <body> removed.
import { afterEach, beforeEach } from 'vitest'
import { enableAutoUnmount } from '@vue/test-utils'

enableAutoUnmount(afterEach)

beforeEach(() => {
  localStorage.clear()
})

afterEach(() => {
  document.body.innerHTML = ''
})
