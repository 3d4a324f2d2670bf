// Calendar dates as the app shows and sends them: 'YYYY-MM-DD' strings in the
// village's date, never instants. Villages are in China, on China Standard
// Time (UTC+8, no daylight saving) — the same date the Rust side checks
// against (cunwu_core::clock), whatever time zone the laptop is set to.

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** China Standard Time's offset from UTC. */
const CHINA_OFFSET_MS = 8 * 3_600_000

/** The instant shifted so that its UTC fields read China's wall clock. */
const inChina = (t: Date) => new Date(t.getTime() + CHINA_OFFSET_MS)

/** Today's date in the village as 'YYYY-MM-DD'. */
export function today(now: Date = new Date()): string {
  const c = inChina(now)
  return `${c.getUTCFullYear()}-${pad(c.getUTCMonth() + 1)}-${pad(c.getUTCDate())}`
}

function toUtcDays(date: string): number {
  const [y, m, d] = date.split('-').map(Number)
  return Date.UTC(y, m - 1, d) / 86_400_000
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return Math.round(toUtcDays(to) - toUtcDays(from))
}

/** The date `days` after `date` (negative goes back). */
export function addDays(date: string, days: number): string {
  const t = new Date((toUtcDays(date) + days) * 86_400_000)
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`
}

/** Is this a real calendar date written as 'YYYY-MM-DD'? */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && addDays(text, 0) === text
}

/** An instant from the backend (ISO 8601) as China time 'YYYY-MM-DD HH:mm'; other text as it is. */
export function formatInstant(text: string): string {
  const t = new Date(text)
  if (!/T/.test(text) || Number.isNaN(t.getTime())) return text
  const c = inChina(t)
  return `${today(t)} ${pad(c.getUTCHours())}:${pad(c.getUTCMinutes())}`
}
