// Each test starts with empty storage (remembered visitors, language).
import { beforeEach } from 'vitest'

beforeEach(() => {
  localStorage.clear()
})
