// Money and weights for display: integer fen as ¥1,234.56 and integer grams
// in 斤 or kg, with integer arithmetic only (no float ever touches money).
// Amounts themselves always come from the backend; these only format them.

/** Integer fen as `¥1,234.56` (`-¥0.05` when negative). */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) return '—'
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const cents = String(abs % 100).padStart(2, '0')
  return `${fen < 0 ? '-' : ''}¥${yuan}.${cents}`
}

export type WeightUnit = 'kg' | '斤'

/** Integer grams in kg or 斤, up to three decimals, trailing zeros dropped: `54.5 kg`, `109 斤`. */
export function formatGrams(grams: number, unit: WeightUnit = 'kg'): string {
  if (!Number.isSafeInteger(grams)) return '—'
  // 1 斤 = 500 g: count in half-grams so both units divide exactly by 1000.
  const per = unit === 'kg' ? 1000 : 500
  const abs = Math.abs(grams) * (1000 / per)
  const whole = Math.floor(abs / 1000)
  const frac = String(abs % 1000).padStart(3, '0').replace(/0+$/, '')
  return `${grams < 0 ? '-' : ''}${whole}${frac ? `.${frac}` : ''} ${unit}`
}

/** A unit price as the backend keeps it (fen per kg or per 斤): `¥28.00/kg`. */
export function formatPrice(price: { fen: number; unit: 'Kg' | 'Jin' }): string {
  return `${formatFen(price.fen)}/${price.unit === 'Kg' ? 'kg' : '斤'}`
}
