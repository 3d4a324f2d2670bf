// Household field rules as the Rust core has them (crates/core/src/household.rs,
// phone.rs, id_number.rs), so the mock refuses what the real backend refuses,
// with the same Chinese messages. Only the mock uses this; the app never
// validates on its own.

import type { BackendError, HouseholdFieldKey } from '../types'
import { CATEGORIES, HOUSEHOLD_FIELDS, MONITORING, POVERTY_CAUSES } from '../types'

export const LABELS: Record<HouseholdFieldKey, string> = {
  code: '户编号', head_name: '户主姓名', group_no: '村民小组', address: '住址', phone: '联系电话',
  head_id_number: '身份证号', category: '户属性', monitoring: '监测类型', poverty_causes: '致贫原因',
  cadre: '帮扶责任人', bank_name: '开户行', bank_account: '银行账号', notes: '备注',
}

const ALIASES: Partial<Record<HouseholdFieldKey, string[]>> = {
  code: ['户号', '农户编号'], head_name: ['户主', '姓名'], group_no: ['组别', '小组', '村民组'],
  address: ['地址', '门牌号', '家庭住址'], phone: ['电话', '手机号', '联系方式'],
  head_id_number: ['户主身份证号', '身份证号码', '证件号码'], category: ['农户属性', '户类型'],
  monitoring: ['监测对象类型', '防返贫监测'], poverty_causes: ['主要致贫原因'], cadre: ['帮扶人', '帮扶干部'],
  bank_name: ['开户银行'], bank_account: ['银行卡号', '账号'], notes: ['说明'],
}

const REQUIRED: HouseholdFieldKey[] = ['code', 'head_name', 'group_no']

export function invalid(field: string, message: string): BackendError {
  return { code: 'invalid', field, message: `${field}：${message}` }
}

/** A key (`phone`) or a Chinese label / alias (`联系电话`). */
export function parseField(name: string): HouseholdFieldKey | undefined {
  const n = name.trim()
  return HOUSEHOLD_FIELDS.find((f) => f === n || LABELS[f] === n || (ALIASES[f] ?? []).includes(n))
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** The checksum character of an ID number's first 17 digits. */
export function idCheckChar(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * ID_WEIGHTS[i], 0)
  return ID_CHECK[sum % 11]
}

function validatePhone(text: string): string {
  const digits = text.trim().replace(/^\+86/, '').replace(/[ -]/g, '')
  if (!/^\d*$/.test(digits)) throw invalid('联系电话', `“${text}”含有非数字字符，请只填11位手机号`)
  if (digits.length !== 11 || !digits.startsWith('1')) {
    throw invalid('联系电话', `手机号应为以1开头的11位数字，现在是${digits.length}位，请核对`)
  }
  return digits
}

function validateId(text: string): string {
  const id = text.trim().toUpperCase()
  const len = [...id].length
  if (len !== 18) throw invalid('身份证号', `应为18位，现在是${len}位，请核对后重新输入`)
  const expected = idCheckChar(id.slice(0, 17))
  if (!expected) throw invalid('身份证号', '前17位只能是数字，请核对')
  if (id[17] !== expected) throw invalid('身份证号', `校验位不对（最后一位应为${expected}），请逐位核对，可能有数字输错`)
  const month = Number(id.slice(10, 12))
  const day = Number(id.slice(12, 14))
  if (month < 1 || month > 12 || day < 1 || day > 31) throw invalid('身份证号', '其中的出生日期不对，请核对第7到14位')
  return id
}

function oneOf(label: string, v: string, choices: readonly string[]): string {
  if (choices.includes(v)) return v
  throw invalid(label, `“${v}”不是可选值，请填：${choices.join('、')}`)
}

const CN_DIGITS = '零一二三四五六七八九'

function parseGroupNo(text: string): number | undefined {
  let n: number | undefined
  if (/^\d+$/.test(text)) n = Number(text)
  else if ([...text].length === 1 && CN_DIGITS.includes(text)) n = CN_DIGITS.indexOf(text)
  else if (text === '十') n = 10
  return n !== undefined && n >= 1 && n <= 99 ? n : undefined
}

/** Validate and normalise one value; throws a BackendError the way the backend rejects. */
export function validateField(field: HouseholdFieldKey, raw: string): string {
  const v = raw.trim()
  const label = LABELS[field]
  if (v === '') {
    if (REQUIRED.includes(field)) throw invalid(label, '必须填写，不能为空')
    return field === 'category' ? CATEGORIES[0] : ''
  }
  switch (field) {
    case 'code':
      if ([...v].length > 32 || /\s/.test(v)) throw invalid(label, '不超过32个字符，且不能含空格')
      return v
    case 'head_name':
      if ([...v].length > 20) throw invalid(label, `姓名太长（${[...v].length}个字），请核对`)
      return v
    case 'group_no': {
      const digits = v.replace(/^第/, '').replace(/(村民小组|小组|组)$/, '')
      const n = parseGroupNo(digits)
      if (n === undefined) throw invalid(label, `“${v}”不是有效的组号，请填1到99的数字，如 3 或 第3组`)
      return String(n)
    }
    case 'phone': return validatePhone(v)
    case 'head_id_number': return validateId(v)
    case 'category': return oneOf(label, v, CATEGORIES)
    case 'monitoring': return ['无', '否', '非监测户'].includes(v) ? '' : oneOf(label, v, MONITORING)
    case 'poverty_causes': {
      const causes: string[] = []
      for (const part of v.split(/[、,，;； ]/).filter(Boolean)) {
        const c = oneOf(label, part, POVERTY_CAUSES)
        if (!causes.includes(c)) causes.push(c)
      }
      return causes.join('、')
    }
    case 'bank_account': {
      const digits = v.replace(/\s/g, '')
      if (!/^\d{12,30}$/.test(digits)) throw invalid(label, '银行账号应为12到30位数字，请核对')
      return digits
    }
    default:
      if ([...v].length > 500) throw invalid(label, '内容太长，请控制在500字以内')
      return v
  }
}

/** The value as shown by default: sensitive fields masked. */
export function maskField(field: string, value: string): string {
  if (value === '') return ''
  switch (field) {
    case 'phone': return value.length === 11 ? `${value.slice(0, 3)}****${value.slice(7)}` : '*'.repeat(value.length)
    case 'head_id_number':
    case 'id_number': return value.length < 10 ? '*'.repeat(value.length) : value.slice(0, 6) + '*'.repeat(value.length - 10) + value.slice(-4)
    case 'bank_account': return `****${value.slice(-4)}`
    case 'bank_name':
    case 'health': return '****'
    default: return value
  }
}
