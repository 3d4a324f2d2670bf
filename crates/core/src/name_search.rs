//! Finding people by how field workers type names: Chinese substring, pinyin
//! initials (`jjl` → 金家龙) or full pinyin (`jinjialong`), with surnames
//! read the way surnames are read (曾 zeng, 单 shan, 解 xie …).

use pinyin::ToPinyin;

/// Surnames whose reading differs from the character's common reading.
const SURNAME_READINGS: [(char, &str); 16] = [
    ('曾', "zeng"),
    ('单', "shan"),
    ('解', "xie"),
    ('仇', "qiu"),
    ('区', "ou"),
    ('朴', "piao"),
    ('查', "zha"),
    ('盖', "ge"),
    ('缪', "miao"),
    ('尉', "yu"),
    ('种', "chong"),
    ('秘', "bi"),
    ('乐', "yue"),
    ('长', "chang"),
    ('重', "chong"),
    ('覃', "qin"),
];

/// The pinyin keys of a name, stored beside it for searching.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NameKeys {
    /// Initials, one letter per character: `jjl`.
    pub initials: String,
    /// Full pinyin without tones or spaces: `jinjialong`.
    pub full: String,
}

/// Pinyin keys of a person's name (first character read as a surname).
pub fn name_keys(name: &str) -> NameKeys {
    let mut keys = NameKeys::default();
    for (i, ch) in name.trim().chars().enumerate() {
        let surname = if i == 0 {
            SURNAME_READINGS
                .iter()
                .find(|(c, _)| *c == ch)
                .map(|(_, r)| *r)
        } else {
            None
        };
        let reading: Option<String> = surname
            .map(str::to_string)
            .or_else(|| ch.to_pinyin().map(|p| p.plain().to_string()))
            .or_else(|| {
                ch.is_ascii_alphanumeric()
                    .then(|| ch.to_ascii_lowercase().to_string())
            });
        if let Some(r) = reading {
            if let Some(first) = r.chars().next() {
                keys.initials.push(first);
            }
            keys.full.push_str(&r);
        }
    }
    keys
}

/// How a query should be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Latin letters: match against pinyin initials (prefix) or full pinyin (substring).
    Pinyin(String),
    /// Anything else: match against the name or 户编号 as text.
    Text(String),
}

/// Classify what the user typed.
pub fn parse_query(q: &str) -> Query {
    let t = q.trim();
    if !t.is_empty() && t.chars().all(|c| c.is_ascii_alphabetic()) {
        Query::Pinyin(t.to_ascii_lowercase())
    } else {
        Query::Text(t.to_string())
    }
}

/// Does `name` (with its precomputed `keys`) match the query?
pub fn matches(query: &Query, name: &str, keys: &NameKeys) -> bool {
    match query {
        Query::Pinyin(p) => keys.initials.starts_with(p.as_str()) || keys.full.contains(p.as_str()),
        Query::Text(t) => name.contains(t.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(name: &str, initials: &str, full: &str) {
        assert_eq!(
            name_keys(name),
            NameKeys {
                initials: initials.into(),
                full: full.into()
            },
            "{name}"
        );
    }

    #[test]
    fn keys_of_names() {
        check("金家龙", "jjl", "jinjialong");
        check("曾小红", "zxh", "zengxiaohong");
        check("单国强", "sgq", "shanguoqiang");
        check("解放", "xf", "xiefang");
        check("张浩然", "zhr", "zhanghaoran");
        check("程鹏", "cp", "chengpeng");
    }

    #[test]
    fn queries_match_as_typed() {
        let k = name_keys("金家龙");
        assert!(matches(&parse_query("jjl"), "金家龙", &k));
        assert!(matches(&parse_query("JJ"), "金家龙", &k));
        assert!(matches(&parse_query("jinjia"), "金家龙", &k));
        assert!(matches(&parse_query("家龙"), "金家龙", &k));
        assert!(!matches(&parse_query("jjx"), "金家龙", &k));
        assert!(!matches(&parse_query("李"), "金家龙", &k));
    }
}
