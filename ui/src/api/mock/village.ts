// A demo village generated deterministically from a seed: households with
// members and years of visits, realistic enough to exercise the screens at
// the sizes the product is designed for (3,000 households). 金家龙 of group 3
// is always there, for the pinyin-search tests.

import { addDays } from '../../calendar'
import type { HouseholdFieldKey, Visit } from '../types'
import { POVERTY_CAUSES, MONITORING } from '../types'
import { GIVEN_FEMALE, GIVEN_MALE, SURNAMES, nameKeys, type NameKeys } from './pinyin'
import { idCheckChar } from './validation'

export interface MockHousehold {
  id: string
  fields: Record<HouseholdFieldKey, string>
  keys: NameKeys
}

export interface MockMember {
  id: string
  householdId: string
  fields: Record<string, string>
}

export interface Village {
  households: MockHousehold[]
  members: MockMember[]
  visits: Visit[]
}

/** The work team who go on visits in the demo. */
export const TEAM = ['张浩然', '程鹏', '王晓燕', '刘建国']
export const GROUPS = 12

/** mulberry32: a small, fast, seedable generator. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Rand = () => number
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]
const digits = (r: Rand, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('')

function personName(r: Rand, surname: string, female: boolean): string {
  const given = female ? GIVEN_FEMALE : GIVEN_MALE
  return surname + pick(r, given) + (r() < 0.8 ? pick(r, given) : '')
}

/** A valid 18-character ID number of someone born in `year` (area 341324, 泗县). */
function idNumber(r: Rand, year: number, female: boolean): string {
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0')
  const day = String(1 + Math.floor(r() * 28)).padStart(2, '0')
  const seq = digits(r, 2) + String(Math.floor(r() * 5) * 2 + (female ? 0 : 1))
  const body = `341324${year}${month}${day}${seq}`
  return body + (idCheckChar(body) ?? '0')
}

function category(r: Rand): string {
  const x = r()
  return x < 0.7 ? '一般户' : x < 0.9 ? '脱贫户' : x < 0.98 ? '低保户' : '五保户'
}

const SITUATIONS = ['家中老人身体尚可，子女在外务工', '户主患慢性病，需长期服药', '孩子在县城读高中，学费压力大', '今年种植小麦十亩，收成一般', '养羊二十只，想扩大规模', '房屋有漏雨，需要修缮', '独居老人，生活能自理', '家中有残疾人，已办理残疾证']
const DIFFICULTIES = ['', '医药费负担重', '缺少劳动力', '缺少养殖技术', '销路不稳定', '住房条件差', '']
const NEEDS = ['', '希望办理慢性病卡', '想参加养殖技术培训', '希望帮助联系羊肉销路', '申请危房改造', '希望安排公益岗位', '']
const FOLLOW_UPS = ['下月再访', '联系镇卫生院上门', '报村两委研究', '纳入联席会议议题', '协助办理申请材料']

function visitsFor(r: Rand, householdId: string, today: string, monitored: boolean, startId: number): Visit[] {
  const count = Math.floor(r() * (monitored ? 8 : 5))
  const out: Visit[] = []
  for (let i = 0; i < count; i++) {
    const a = pick(r, TEAM)
    const b = pick(r, TEAM)
    const visit: Visit = {
      id: `v${startId + out.length}`,
      householdId,
      date: addDays(today, -Math.floor(r() * 700) - 1),
      visitors: a === b ? [a] : [a, b],
      recorder: a,
      situation: pick(r, SITUATIONS),
      difficulties: pick(r, DIFFICULTIES),
      needs: pick(r, NEEDS),
      followUp: pick(r, FOLLOW_UPS),
      amends: null,
    }
    out.push(visit)
    if (r() < 0.04) {
      out.push({ ...visit, id: `v${startId + out.length}`, situation: `${visit.situation}（更正：人数记错）`, amends: visit.id })
    }
  }
  return out.sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0))
}

/** Generate a village of `count` households as of `today`. Same seed, same village. */
export function generateVillage(count: number, today: string, seed = 20261129): Village {
  const r = seededRandom(seed)
  const village: Village = { households: [], members: [], visits: [] }
  const perGroup = Math.ceil(count / GROUPS)
  for (let i = 0; i < count; i++) {
    const group = Math.floor(i / perGroup) + 1
    const seq = (i % perGroup) + 1
    const id = `h${i + 1}`
    const surname = pick(r, SURNAMES)
    const headFemale = r() < 0.15
    const head = group === 3 && seq === 18 ? '金家龙' : personName(r, surname, headFemale)
    const birth = 1940 + Math.floor(r() * 50)
    const cat = category(r)
    const monitoring = r() < 0.05 ? pick(r, MONITORING) : ''
    const needsCauses = cat !== '一般户' || monitoring !== ''
    const causes = needsCauses ? [...new Set([pick(r, POVERTY_CAUSES), pick(r, POVERTY_CAUSES)])].join('、') : ''
    const hasBank = r() < 0.6
    const fields: Record<HouseholdFieldKey, string> = {
      code: `${String(group).padStart(2, '0')}${String(seq).padStart(3, '0')}`,
      head_name: head,
      group_no: String(group),
      address: `${group}组${seq}号`,
      phone: r() < 0.9 ? `1${pick(r, ['3', '5', '8', '9'])}${digits(r, 9)}` : '',
      head_id_number: idNumber(r, birth, headFemale),
      category: cat,
      monitoring,
      poverty_causes: causes,
      cadre: needsCauses ? pick(r, TEAM) : '',
      bank_name: hasBank ? pick(r, ['泗县农商银行', '邮储银行泗县支行', '农业银行泗县支行']) : '',
      bank_account: hasBank ? `62${digits(r, 17)}` : '',
      notes: r() < 0.05 ? '常年在外务工，电话联系' : '',
    }
    village.households.push({ id, fields, keys: nameKeys(head) })
    village.members.push({
      id: `${id}-m1`, householdId: id,
      fields: { name: head, sex: headFemale ? '女' : '男', id_number: fields.head_id_number, relation: '户主', health: r() < 0.2 ? '慢性病' : '健康', schooling: '', migrant_work: '', insurance: '已参保' },
    })
    const extra = Math.floor(r() * 4)
    for (let m = 0; m < extra; m++) {
      const female = r() < 0.5
      const year = birth + 20 + Math.floor(r() * 15)
      const young = year > 2005
      village.members.push({
        id: `${id}-m${m + 2}`, householdId: id,
        fields: {
          name: personName(r, m === 0 && !female ? surname : female ? pick(r, SURNAMES) : surname, female),
          sex: female ? '女' : '男', id_number: idNumber(r, Math.min(year, 2015), female),
          relation: young ? (female ? '孙女' : '孙子') : female ? '儿媳' : '儿子',
          health: r() < 0.05 ? '残疾' : '健康', schooling: young ? '在校' : '',
          migrant_work: !young && r() < 0.5 ? '江苏昆山 制造业' : '', insurance: '已参保',
        },
      })
    }
    village.visits.push(...visitsFor(r, id, today, monitoring !== '', village.visits.length + 1))
  }
  return village
}
