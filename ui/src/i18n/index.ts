// vue-i18n set up with Chinese first and English second, and the matching
// Element Plus locales.

import { createI18n } from 'vue-i18n'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'
import zhCN from './zh-CN'
import en from './en'
import coopZh from './coop.zh-CN'
import coopEn from './coop.en'
import syncZhCN from './sync.zh-CN'
import syncEn from './sync.en'
import chainAlarmZhCN from './chain-alarm.zh-CN'
import chainAlarmEn from './chain-alarm.en'
import demoExitZhCN from './demo-exit.zh-CN'
import demoExitEn from './demo-exit.en'
import backupZhCN from './backup.zh-CN'
import backupEn from './backup.en'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
const STORAGE_KEY = 'cunwu.locale'

export const elementLocales = { 'zh-CN': elZhCn, en: elEn }

function savedLocale(): Locale {
  try {
    const v = localStorage.getItem(STORAGE_KEY)
    return v === 'en' ? 'en' : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export function createAppI18n(locale: Locale = savedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': { ...zhCN, ...coopZh, ...syncZhCN, ...chainAlarmZhCN, ...demoExitZhCN, ...backupZhCN }, en: { ...en, ...coopEn, ...syncEn, ...chainAlarmEn, ...demoExitEn, ...backupEn } },
  })
}

export function saveLocale(locale: Locale): void {
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    // Not remembered; the app still switches for this session.
  }
}
