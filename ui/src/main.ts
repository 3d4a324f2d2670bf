// Start the app: pick the backend (see api/index.ts), then mount.

import { createApp } from 'vue'
import 'element-plus/dist/index.css'
import './style.css'
import App from './App.vue'
import { BACKEND, createBackend } from './api'
import { createAppI18n } from './i18n'
import { createAppRouter } from './router'
import { SESSION, createSession } from './state/session'
import { prefetchHouseholds } from './state/startup'

async function start() {
  const { backend } = await createBackend()
  const session = createSession(backend)
  // app_info goes out as App mounts; the first screen's list goes with it.
  prefetchHouseholds(backend)
  const app = createApp(App)
  app.provide(BACKEND, backend)
  app.provide(SESSION, session)
  app.use(createAppI18n())
  app.use(createAppRouter())
  app.mount('#app')
}

void start()
