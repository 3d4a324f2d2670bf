// Screens by address. Hash history works the same under Tauri's asset
// protocol, `vite preview` and the dev server.

import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
// The first screen ships with the app: no extra chunk to fetch at start.
import HouseholdsPage from './pages/HouseholdsPage.vue'

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/households' },
  { path: '/households', name: 'households', component: HouseholdsPage },
  { path: '/households/:id', name: 'household', component: () => import('./pages/HouseholdPage.vue'), props: true },
  { path: '/visit', name: 'visit', component: () => import('./pages/VisitPage.vue') },
  { path: '/transfer', name: 'transfer', component: () => import('./pages/TransferPage.vue') },
  { path: '/coop', name: 'coop', component: () => import('./pages/LotsPage.vue') },
  { path: '/coop/lots/:id', name: 'lot', component: () => import('./pages/LotPage.vue'), props: true },
  { path: '/coop/books', name: 'books', component: () => import('./pages/BooksPage.vue') },
  { path: '/needs', name: 'needs', component: () => import('./pages/NeedsPage.vue') },
  { path: '/needs/:id', name: 'need', component: () => import('./pages/NeedPage.vue'), props: true },
  { path: '/sync', name: 'sync', component: () => import('./pages/SyncPage.vue') },
]

export function createAppRouter() {
  return createRouter({ history: createWebHashHistory(), routes })
}
