// Pinyin of every character the demo village's names use, and name matching
// as the Rust core does it (crates/core/src/name_search.rs): latin letters
// match pinyin initials (prefix) or full pinyin (substring), anything else
// matches the name or 户编号 as text.

/** Surnames read differently from the character's common reading. */
const SURNAME_READINGS: Record<string, string> = { 曾: 'zeng', 单: 'shan', 解: 'xie', 覃: 'qin', 仇: 'qiu', 区: 'ou', 朴: 'piao', 查: 'zha' }

const TABLE = `
王wang 李li 张zhang 刘liu 陈chen 杨yang 黄huang 赵zhao 吴wu 周zhou 徐xu 孙sun 马ma 朱zhu 胡hu 郭guo
何he 林lin 高gao 罗luo 郑zheng 梁liang 谢xie 宋song 唐tang 许xu 韩han 冯feng 邓deng 曹cao 彭peng 曾ceng
田tian 董dong 潘pan 袁yuan 蔡cai 蒋jiang 余yu 杜du 叶ye 程cheng 魏wei 苏su 丁ding 任ren 卢lu 姚yao
沈shen 钟zhong 姜jiang 崔cui 谭tan 陆lu 范fan 汪wang 廖liao 石shi 金jin 贾jia 夏xia 方fang 邹zou 熊xiong
白bai 孟meng 秦qin 邱qiu 侯hou 江jiang 尹yin 薛xue 段duan 雷lei 龙long 黎li 史shi 陶tao 贺he 毛mao
郝hao 顾gu 龚gong 邵shao 万wan 覃tan 武wu 钱qian 戴dai 严yan 孔kong 向xiang 常chang 汤tang 康kang 易yi
乔qiao 文wen 单dan 解jie
家jia 国guo 强qiang 建jian 华hua 明ming 军jun 平ping 秀xiu 英ying 兰lan 芳fang 玉yu 珍zhen 桂gui 红hong
春chun 梅mei 海hai 涛tao 志zhi 勇yong 伟wei 刚gang 丽li 霞xia 凤feng 云yun 福fu 贵gui 德de 忠zhong
学xue 兵bing 宝bao 山shan 成cheng 峰feng 荣rong 生sheng 民min 光guang 发fa 喜xi 顺shun 根gen 新xin 永yong
庆qing 树shu 秋qiu 香xiang 翠cui 娟juan 洪hong 杰jie 斌bin 辉hui 俊jun 健jian 琴qin 燕yan 萍ping 艳yan
晓xiao 小xiao 友you 全quan 安an 泽ze 雪xue 静jing 浩hao 然ran 宇yu 鹏peng 飞fei 磊lei 超chao 波bo
振zhen 东dong 书shu 记ji
`

/** Character → toneless pinyin, for the characters the demo uses. */
export const PINYIN: ReadonlyMap<string, string> = new Map(
  TABLE.split(/\s+/).filter(Boolean).map((entry) => [entry[0], entry.slice(1)] as [string, string]),
)

/** Characters the generator may put in surnames and given names. */
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾田董潘袁蔡蒋余杜叶程魏苏丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严孔向常汤康易乔文单解']
export const GIVEN_MALE = [...'家国强建华明军平海涛志勇伟刚福贵德忠文学兵宝山成峰荣生民光发喜顺根新永庆树洪杰斌辉俊健友全安泽浩然宇鹏飞磊超波振东龙林金']
export const GIVEN_FEMALE = [...'秀英兰芳玉珍桂红春梅丽霞凤云香翠娟琴燕萍艳晓小雪静华平林金']

export interface NameKeys {
  /** One letter per character: `jjl`. */
  initials: string
  /** Whole pinyin without tones: `jinjialong`. */
  full: string
}

/** Pinyin keys of a name, the first character read as a surname. */
export function nameKeys(name: string): NameKeys {
  let initials = ''
  let full = ''
  ;[...name.trim()].forEach((ch, i) => {
    const reading = (i === 0 ? SURNAME_READINGS[ch] : undefined) ?? PINYIN.get(ch) ?? (/[a-z0-9]/i.test(ch) ? ch.toLowerCase() : undefined)
    if (reading) {
      initials += reading[0]
      full += reading
    }
  })
  return { initials, full }
}

export type Query = { kind: 'pinyin'; text: string } | { kind: 'text'; text: string }

/** Classify what the user typed. */
export function parseQuery(q: string): Query {
  const t = q.trim()
  return t !== '' && /^[a-z]+$/i.test(t) ? { kind: 'pinyin', text: t.toLowerCase() } : { kind: 'text', text: t }
}

/** Does a household match, as the store searches (crates/store/src/household.rs)?
 * Pinyin: initials prefix, full pinyin anywhere, or 户编号 prefix. Text: name or
 * address anywhere, or 户编号 prefix. */
export function matchesHousehold(query: Query, h: { name: string; keys: NameKeys; code: string; address: string }): boolean {
  if (query.kind === 'pinyin') return h.keys.initials.startsWith(query.text) || h.keys.full.includes(query.text) || h.code.toLowerCase().startsWith(query.text)
  return h.name.includes(query.text) || h.address.includes(query.text) || h.code.startsWith(query.text)
}
