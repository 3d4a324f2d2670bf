//! People who claim needs (工作队员, 村两委 members, 党员) as every front
//! end uses them: add, list, edit one field. Phones are masked in lists
//! unless revealed.

use crate::Result;
use cunwu_core::need::{Person, PersonField};
use cunwu_core::Error;
use cunwu_store::Store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A new person as a form sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PersonForm {
    /// 姓名.
    pub name: String,
    /// 角色: 工作队员 / 村两委 / 党员 / ….
    pub role: String,
    /// 党支部.
    pub branch: String,
    /// 电话.
    pub phone: String,
    /// 党员.
    pub party_member: bool,
}

/// A person as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonView {
    /// Entity id.
    pub id: String,
    /// 姓名.
    pub name: String,
    /// 角色.
    pub role: String,
    /// 党支部.
    pub branch: String,
    /// 电话 (masked unless revealed).
    pub phone: String,
    /// 党员.
    pub party_member: bool,
}

fn view(p: Person, reveal: bool) -> PersonView {
    PersonView {
        id: p.id,
        name: p.name,
        role: p.role,
        branch: p.branch,
        phone: if reveal {
            p.phone
        } else {
            cunwu_core::phone::mask(&p.phone)
        },
        party_member: p.party_member,
    }
}

/// Add a person.
pub fn add(store: &mut Store, form: &PersonForm) -> Result<PersonView> {
    let mut v = BTreeMap::new();
    v.insert(PersonField::Name, form.name.clone());
    v.insert(PersonField::Role, form.role.clone());
    v.insert(PersonField::Branch, form.branch.clone());
    v.insert(PersonField::Phone, form.phone.clone());
    v.insert(
        PersonField::PartyMember,
        if form.party_member { "1" } else { "0" }.into(),
    );
    Ok(view(store.add_person(&v)?, true))
}

/// Every person, by name.
pub fn list(store: &Store, reveal: bool) -> Result<Vec<PersonView>> {
    Ok(store
        .people()?
        .into_iter()
        .map(|p| view(p, reveal))
        .collect())
}

/// Change one field (`name`, `role`, `branch`, `phone`, `party_member`
/// or its Chinese label) of a person given by id or name.
pub fn edit(store: &mut Store, person: &str, field: &str, value: &str) -> Result<PersonView> {
    let f = PersonField::parse(field.trim()).ok_or_else(|| {
        Error::invalid(
            "字段",
            format!(
                "没有“{}”这个字段，请从以下选择：{}",
                field.trim(),
                PersonField::ALL.map(|f| f.label()).join("、")
            ),
        )
    })?;
    Ok(view(store.edit_person(person, f, value)?, true))
}
