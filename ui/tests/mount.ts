// Mount a component the way the app does: with a backend, a session, the
// i18n messages and a router, so components are tested as users meet them.

import { mount, flushPromises } from '@vue/test-utils'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { BACKEND, type Backend } from '../src/api'
import { MockBackend } from '../src/api/mock'
import { createAppI18n } from '../src/i18n'
import { routes } from '../src/router'
import { SESSION, createSession } from '../src/state/session'

export const TODAY = '2026-11-29'

/** A mock with a small demo village, as of TODAY. */
export function demoBackend(households = 60): MockBackend {
  return new MockBackend({ today: () => TODAY, village: { name: '示范村', user: '张浩然', households } })
}

/** A mock with a real (non-demo) village of that size, as if its register had been imported: it may enroll and sync. */
export function villageBackend(households = 60): MockBackend {
  return new MockBackend({ today: () => TODAY, village: { name: '红旗村', user: '张浩然', households, demo: false } })
}

export async function mountWith(component: Component, options: { backend?: Backend; props?: Record<string, unknown> } = {}) {
  const backend = options.backend ?? demoBackend()
  const session = createSession(backend)
  await session.load()
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push('/')
  await router.isReady()
  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [createAppI18n('zh-CN'), router],
      // Real transitions, so Element Plus shows its messages as in the app.
      stubs: { transition: false, 'transition-group': false },
      provide: { [BACKEND as symbol]: backend, [SESSION as symbol]: session } },
  })
  await flushPromises()
  return { wrapper, backend, session, router }
}

export { flushPromises }

/** Let Element Plus finish: its form items show an error after a 100 ms debounce. */
export async function settle() {
  await flushPromises()
  await new Promise((resolve) => setTimeout(resolve, 150))
  await flushPromises()
}
