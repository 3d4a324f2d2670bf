// Money and weight formatting: integer fen and grams in, text out, exact.

import { describe, expect, it } from 'vitest'
import { formatFen, formatGrams, formatPrice } from '../src/money'

describe('formatFen', () => {
  it('shows yuan with thousands separators and two decimals', () => {
    expect(formatFen(1_344_000)).toBe('¥13,440.00')
    expect(formatFen(228_000)).toBe('¥2,280.00')
    expect(formatFen(123_117)).toBe('¥1,231.17')
    expect(formatFen(5)).toBe('¥0.05')
    expect(formatFen(0)).toBe('¥0.00')
    expect(formatFen(-5)).toBe('-¥0.05')
    expect(formatFen(-100_000_000_01)).toBe('-¥100,000,000.01')
  })

  it('is exact where floats are not', () => {
    // 0.1 + 0.2 style trouble: 1,234,567,890,123 fen must print every digit.
    expect(formatFen(1_234_567_890_123)).toBe('¥12,345,678,901.23')
    expect(formatFen(Number.MAX_SAFE_INTEGER)).toBe('¥90,071,992,547,409.91')
    expect(formatFen(0.5)).toBe('—')
    expect(formatFen(Number.NaN)).toBe('—')
  })
})

describe('formatGrams', () => {
  it('shows kg or 斤 with up to three decimals', () => {
    expect(formatGrams(480_000)).toBe('480 kg')
    expect(formatGrams(54_500)).toBe('54.5 kg')
    expect(formatGrams(54_000, '斤')).toBe('108 斤')
    expect(formatGrams(54_250, '斤')).toBe('108.5 斤')
    expect(formatGrams(1, 'kg')).toBe('0.001 kg')
    expect(formatGrams(1, '斤')).toBe('0.002 斤')
    expect(formatGrams(-1_500)).toBe('-1.5 kg')
  })

  it('formats a unit price per kg or per 斤', () => {
    expect(formatPrice({ fen: 2_800, unit: 'Kg' })).toBe('¥28.00/kg')
    expect(formatPrice({ fen: 1_400, unit: 'Jin' })).toBe('¥14.00/斤')
  })
})
