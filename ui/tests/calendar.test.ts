// Dates are the village's (China Standard Time), whatever zone the laptop is in.
import { describe, expect, it } from 'vitest'
import { addDays, daysBetween, formatInstant, isIsoDate, today } from '../src/calendar'

describe('calendar', () => {
  it('takes today in China, not in the laptop zone', () => {
    // 16:30 UTC on 28 Nov is already 00:30 on 29 Nov in the village.
    expect(today(new Date('2026-11-28T16:30:00Z'))).toBe('2026-11-29')
    expect(today(new Date('2026-11-28T15:59:00Z'))).toBe('2026-11-28')
    expect(today(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01')
  })

  it('formats a backend instant on China time', () => {
    expect(formatInstant('2026-11-29T02:05:00Z')).toBe('2026-11-29 10:05')
    expect(formatInstant('2026-11-28T23:59:00+08:00')).toBe('2026-11-28 23:59')
    expect(formatInstant('尚未同步')).toBe('尚未同步')
  })

  it('counts and steps days across month and leap-year ends', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2)
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(isIsoDate('2026-02-29')).toBe(false)
    expect(isIsoDate('2028-02-29')).toBe(true)
  })
})
