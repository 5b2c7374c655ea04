//! A Django `dumpdata` of the original Rolf's `rolf_main` models and `auth.group`, read into its objects with
//! every reference checked. History (pushes, their stages, logs and flag values) and users are known but not
//! imported; any other model is refused, naming the object.

use std::collections::HashMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, Result};

pub const FIELD: &str = "dump_json";

/// Models a dump may hold that the import leaves out, and why.
pub const SKIPPED: &[(&str, &str)] = &[
    ("rolf_main.push", "push history is not imported"),
    ("rolf_main.pushstage", "push history is not imported"),
    ("rolf_main.log", "push history is not imported"),
    ("rolf_main.flagvalue", "push history is not imported"),
    ("auth.user", "people sign in through the directory; map its groups to Rolf groups"),
    ("auth.permission", "Django's model permissions have no use in Rolf"),
];

#[derive(Debug, Deserialize)]
struct Object {
    model: String,
    pk: Option<i64>,
    fields: Value,
}

#[derive(Debug, Deserialize)]
pub struct Category {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct Application {
    pub name: String,
    pub category: i64,
    #[serde(default, rename = "_order")]
    pub order: i64,
}

#[derive(Debug, Deserialize)]
pub struct Deployment {
    pub name: String,
    pub application: i64,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default, rename = "_order")]
    pub order: i64,
}

#[derive(Debug, Deserialize)]
pub struct Setting {
    pub deployment: i64,
    pub name: String,
    #[serde(default)]
    pub value: String,
    #[serde(default, rename = "_order")]
    pub order: i64,
}

#[derive(Debug, Deserialize)]
pub struct Recipe {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub code: String,
    #[serde(default = "python")]
    pub language: String,
    #[serde(default)]
    pub description: String,
}

fn python() -> String {
    "python".to_owned()
}

#[derive(Debug, Deserialize)]
pub struct Stage {
    pub name: String,
    pub deployment: i64,
    pub recipe: i64,
    #[serde(default, rename = "_order")]
    pub order: i64,
}

#[derive(Debug, Deserialize)]
pub struct Flag {
    pub deployment: i64,
    pub name: String,
    pub varname: String,
    #[serde(default)]
    pub default: String,
    #[serde(default)]
    pub boolean: bool,
    #[serde(default)]
    pub description: String,
}

/// A group referenced by its key, or by its name (`dumpdata --natural-foreign`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum GroupRef {
    Key(i64),
    Name((String,)),
}

#[derive(Debug, Deserialize)]
pub struct Permission {
    pub deployment: i64,
    pub group: GroupRef,
    #[serde(default = "view")]
    pub capability: String,
}

fn view() -> String {
    "view".to_owned()
}

#[derive(Debug, Deserialize)]
pub struct Group {
    pub name: String,
}

/// An object of the dump: where it is (its index in the array), its key, and its fields.
#[derive(Debug)]
pub struct At<T> {
    pub index: usize,
    pub pk: i64,
    pub item: T,
}

impl<T> At<T> {
    pub fn place(&self) -> String {
        format!("{FIELD}[{}]", self.index)
    }
}

#[derive(Debug, Default)]
pub struct Dump {
    pub categories: Vec<At<Category>>,
    pub applications: Vec<At<Application>>,
    pub deployments: Vec<At<Deployment>>,
    pub settings: Vec<At<Setting>>,
    pub recipes: Vec<At<Recipe>>,
    pub stages: Vec<At<Stage>>,
    pub flags: Vec<At<Flag>>,
    pub permissions: Vec<At<Permission>>,
    pub groups: Vec<At<Group>>,
    /// Objects of the [`SKIPPED`] models, by model.
    pub skipped: Vec<(&'static str, usize)>,
}

fn read<T: DeserializeOwned>(index: usize, model: &str, pk: Option<i64>, fields: Value) -> Result<At<T>> {
    let place = format!("{FIELD}[{index}]");
    let Some(pk) = pk else {
        return Err(Error::invalid(format!("{place}.pk"), format!("the {model} has no pk")));
    };
    let item = serde_json::from_value(fields)
        .map_err(|e| Error::invalid(format!("{place}.fields"), format!("{model} {pk}: {e}")))?;
    Ok(At { index, pk, item })
}

pub fn parse(text: &str) -> Result<Dump> {
    let objects: Vec<Value> = serde_json::from_str(text).map_err(|e| {
        Error::invalid(FIELD, format!("not a dumpdata JSON array (line {}, column {}): {e}", e.line(), e.column()))
    })?;
    let mut dump = Dump::default();
    let mut skipped: HashMap<&'static str, usize> = HashMap::new();
    for (index, value) in objects.into_iter().enumerate() {
        let Object { model, pk, fields } = serde_json::from_value(value).map_err(|e| {
            Error::invalid(format!("{FIELD}[{index}]"), format!("not a dumpdata object (model, pk, fields): {e}"))
        })?;
        match model.as_str() {
            "rolf_main.category" => dump.categories.push(read(index, &model, pk, fields)?),
            "rolf_main.application" => dump.applications.push(read(index, &model, pk, fields)?),
            "rolf_main.deployment" => dump.deployments.push(read(index, &model, pk, fields)?),
            "rolf_main.setting" => dump.settings.push(read(index, &model, pk, fields)?),
            "rolf_main.recipe" => dump.recipes.push(read(index, &model, pk, fields)?),
            "rolf_main.stage" => dump.stages.push(read(index, &model, pk, fields)?),
            "rolf_main.flag" => dump.flags.push(read(index, &model, pk, fields)?),
            "rolf_main.permission" => dump.permissions.push(read(index, &model, pk, fields)?),
            "auth.group" => dump.groups.push(read(index, &model, pk, fields)?),
            other => match SKIPPED.iter().find(|(m, _)| *m == other) {
                Some((known, _)) => *skipped.entry(known).or_default() += 1,
                None => {
                    return Err(Error::invalid(
                        format!("{FIELD}[{index}].model"),
                        format!(
                            "unknown model '{other}': a dump of the original Rolf holds rolf_main's models and \
                             auth.group (dumpdata rolf_main auth.group)"
                        ),
                    ));
                }
            },
        }
    }
    dump.skipped = SKIPPED.iter().filter_map(|(m, _)| skipped.get(m).map(|n| (*m, *n))).collect();
    dump.check_references()?;
    Ok(dump)
}

/// The object of `list` with key `pk`.
pub fn find<T>(list: &[At<T>], pk: i64) -> Option<&At<T>> {
    list.iter().find(|o| o.pk == pk)
}

fn missing(place: String, what: &str, model: &str, pk: i64) -> Error {
    Error::invalid(place, format!("{what} points at {model} {pk}, which is not in the dump"))
}

impl Dump {
    fn check_references(&self) -> Result<()> {
        for a in &self.applications {
            if find(&self.categories, a.item.category).is_none() {
                let what = format!("application '{}'", a.item.name);
                return Err(missing(format!("{}.fields.category", a.place()), &what, "category", a.item.category));
            }
        }
        for d in &self.deployments {
            if find(&self.applications, d.item.application).is_none() {
                let what = format!("deployment '{}'", d.item.name);
                return Err(missing(
                    format!("{}.fields.application", d.place()),
                    &what,
                    "application",
                    d.item.application,
                ));
            }
        }
        let deployment_of = |place: String, what: String, pk: i64| -> Result<()> {
            match find(&self.deployments, pk) {
                Some(_) => Ok(()),
                None => Err(missing(format!("{place}.fields.deployment"), &what, "deployment", pk)),
            }
        };
        for s in &self.settings {
            deployment_of(s.place(), format!("setting '{}'", s.item.name), s.item.deployment)?;
        }
        for f in &self.flags {
            deployment_of(f.place(), format!("flag '{}'", f.item.name), f.item.deployment)?;
        }
        for s in &self.stages {
            deployment_of(s.place(), format!("stage '{}'", s.item.name), s.item.deployment)?;
            if find(&self.recipes, s.item.recipe).is_none() {
                let what = format!("stage '{}'", s.item.name);
                return Err(missing(format!("{}.fields.recipe", s.place()), &what, "recipe", s.item.recipe));
            }
        }
        for p in &self.permissions {
            deployment_of(p.place(), "a permission".to_owned(), p.item.deployment)?;
            self.group_name(p)?;
            if !["view", "push", "edit"].contains(&p.item.capability.as_str()) {
                return Err(Error::invalid(
                    format!("{}.fields.capability", p.place()),
                    format!("'{}' is none of view, push, edit", p.item.capability),
                ));
            }
        }
        Ok(())
    }

    /// The name of the group a permission grants to.
    pub fn group_name<'a>(&'a self, p: &'a At<Permission>) -> Result<&'a str> {
        match &p.item.group {
            GroupRef::Key(pk) => find(&self.groups, *pk)
                .map(|g| g.item.name.as_str())
                .ok_or_else(|| missing(format!("{}.fields.group", p.place()), "a permission", "auth.group", *pk)),
            GroupRef::Name((name,)) => Ok(name),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use serde_json::json;

    use super::*;

    fn refused(objects: Value) -> (String, String) {
        match parse(&objects.to_string()) {
            Err(Error::Invalid { field, message }) => (field, message),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn base() -> Vec<Value> {
        vec![
            json!({"model": "rolf_main.category", "pk": 1, "fields": {"name": "Sites"}}),
            json!({"model": "rolf_main.application", "pk": 2, "fields": {"name": "blog", "category": 1, "_order": 0}}),
            json!({"model": "rolf_main.deployment", "pk": 3, "fields": {"name": "prod", "application": 2}}),
            json!({"model": "rolf_main.recipe", "pk": 4, "fields": {"name": "", "code": "true", "language": "shell"}}),
            json!({"model": "rolf_main.stage", "pk": 5, "fields": {"name": "s", "deployment": 3, "recipe": 4}}),
            json!({"model": "auth.group", "pk": 6, "fields": {"name": "devs", "permissions": []}}),
            json!({"model": "rolf_main.permission", "pk": 7, "fields": {"deployment": 3, "group": 6, "capability": "push"}}),
            json!({"model": "rolf_main.permission", "pk": 8, "fields": {"deployment": 3, "group": ["ops"]}}),
            json!({"model": "rolf_main.push", "pk": 9, "fields": {}}),
            json!({"model": "rolf_main.push", "pk": 10, "fields": {}}),
        ]
    }

    #[test]
    fn a_whole_dump_is_read() {
        let dump = parse(&Value::Array(base()).to_string()).unwrap();
        assert_eq!(dump.stages[0].item.recipe, 4);
        assert_eq!(dump.group_name(&dump.permissions[0]).unwrap(), "devs");
        assert_eq!(dump.group_name(&dump.permissions[1]).unwrap(), "ops");
        assert_eq!(dump.permissions[1].item.capability, "view");
        assert_eq!(dump.skipped, vec![("rolf_main.push", 2)]);
    }

    #[test]
    fn what_is_wrong_is_named_by_its_place() {
        let mut objects = base();
        objects.push(json!({"model": "sessions.session", "pk": 1, "fields": {}}));
        let (field, message) = refused(Value::Array(objects));
        assert_eq!(field, "dump_json[10].model");
        assert!(message.contains("'sessions.session'"), "{message}");

        let mut objects = base();
        objects[4] =
            json!({"model": "rolf_main.stage", "pk": 5, "fields": {"name": "s", "deployment": 3, "recipe": 40}});
        let (field, message) = refused(Value::Array(objects));
        assert_eq!(field, "dump_json[4].fields.recipe");
        assert!(message.contains("stage 's'") && message.contains("recipe 40"), "{message}");

        let mut objects = base();
        objects[2] = json!({"model": "rolf_main.deployment", "pk": 3, "fields": {"application": 2}});
        let (field, message) = refused(Value::Array(objects));
        assert_eq!(field, "dump_json[2].fields");
        assert!(message.contains("name"), "{message}");

        let (field, message) = match parse("[{\"model\": ") {
            Err(Error::Invalid { field, message }) => (field, message),
            other => panic!("{other:?}"),
        };
        assert_eq!(field, "dump_json");
        assert!(message.contains("line 1"), "{message}");
    }
}
