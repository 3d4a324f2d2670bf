// The visitors a user usually goes with, remembered on this computer so a
// routine visit needs no retyping.

const LAST = 'cunwu.visit.lastVisitors'
const KNOWN = 'cunwu.visit.knownVisitors'

function read(key: string): string[] {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

/** The visitors of the last saved visit. */
export function lastVisitors(): string[] {
  return read(LAST)
}

/** Everyone who has been entered as a visitor here, most recent first. */
export function knownVisitors(): string[] {
  return read(KNOWN)
}

/** Remember the visitors of a saved visit. */
export function rememberVisitors(visitors: string[]): void {
  const names = visitors.map((v) => v.trim()).filter(Boolean)
  const known = [...names, ...read(KNOWN).filter((k) => !names.includes(k))].slice(0, 30)
  try {
    localStorage.setItem(LAST, JSON.stringify(names))
    localStorage.setItem(KNOWN, JSON.stringify(known))
  } catch {
    // Storage full or disabled: the form still works, it just forgets.
  }
}
