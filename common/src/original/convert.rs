//! What becomes of a recipe of the original Rolf. Shell recipes ran as scripts from the deployment's checkout
//! directory without `set -e`; they keep doing so under a short prelude. Python recipes were `exec`uted inside
//! the original's process with its objects at hand (`self.push`, `self.execute`, `self.status`): Rolf runs them
//! as `python3` scripts, so one that uses those objects cannot run as it is. The common one that only records
//! the rollback tag (`self.push.rollback_url = ...; self.push.save()`), reading settings through
//! `self.setting(...)`, is rewritten to write `tag=` to `$ROLF_OUTPUT`; any other is imported as it is and marked
//! as needing conversion.

use std::sync::LazyLock;

use regex::Regex;

use crate::recipes::Language;

/// A recipe as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Converted {
    pub language: Language,
    pub code: String,
    /// Why it cannot run as it is; pushes running it are refused until someone saves new code.
    pub needs_conversion: Option<String>,
    /// What the import rewrote, for the report.
    pub note: Option<String>,
}

/// The language names the original stored: `python`, and anything else ran as a shell script.
pub fn language(name: &str) -> Option<Language> {
    match name.trim().to_ascii_lowercase().as_str() {
        "python" => Some(Language::Python),
        "shell" | "bash" | "sh" => Some(Language::Bash),
        _ => None,
    }
}

pub fn convert(language: Language, code: &str) -> Converted {
    match language {
        Language::Bash => shell(code),
        Language::Python => python(code),
    }
}

const SHELL_PRELUDE: &str = "\
# Imported from the original Rolf, which ran recipes from the checkout directory and without `set -e`.
set +e +o pipefail
mkdir -p \"$CHECKOUT_DIR\" && cd \"$CHECKOUT_DIR\" || exit 1
";

fn shell(code: &str) -> Converted {
    let code = code.replace("\r\n", "\n");
    let (shebang, body) = match code.strip_prefix("#!") {
        Some(rest) => {
            let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
            (Some(&code[..end + 2]), &rest[end..])
        }
        None => (None, code.as_str()),
    };
    let interpreter = shebang.map(|line| line.trim_start_matches("#!").trim().to_owned());
    if let Some(interpreter) = &interpreter
        && !is_bash_like(interpreter)
    {
        return Converted {
            language: Language::Bash,
            code,
            needs_conversion: Some(format!(
                "it starts with `#!{interpreter}`: the original ran it with that interpreter, Rolf runs recipes \
                 with bash or python3"
            )),
            note: None,
        };
    }
    let mut converted = String::with_capacity(code.len() + SHELL_PRELUDE.len());
    converted.push_str(shebang.unwrap_or_default());
    converted.push_str(SHELL_PRELUDE);
    converted.push_str(body);
    Converted { language: Language::Bash, code: converted, needs_conversion: None, note: None }
}

fn is_bash_like(interpreter: &str) -> bool {
    let program = interpreter.split_whitespace().collect::<Vec<_>>();
    let name = match program.as_slice() {
        [env, name, ..] if env.ends_with("/env") => *name,
        [path, ..] => path.rsplit('/').next().unwrap_or_default(),
        [] => return false,
    };
    name == "bash" || name == "sh"
}

/// `self.<something>` as the original's python recipes used it.
static SELF_USE: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\bself\.[A-Za-z_][A-Za-z_0-9]*(?:\.[A-Za-z_][A-Za-z_0-9]*)*").expect("a valid pattern")
});

static SELF_WORD: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r"\bself\b").expect("a valid pattern")
});

/// A Python 2 `print` statement or `except E, e:`, which python3 refuses.
static PYTHON2: LazyLock<Regex> = LazyLock::new(|| {
    #[allow(clippy::expect_used)]
    Regex::new(r#"(?m)^\s*(?:print\s*(?:["'\w%]|$)|except\s+[\w.()\s,]+,\s*\w+\s*:|exec\s+["'\w])"#)
        .expect("a valid pattern")
});

/// The uses of `self` a converted recipe can do without, and what stands in for each.
const REPLACEMENTS: &[(&str, &str)] = &[
    ("self.push.rollback_url", "_rolf_tag"),
    ("self.push.save", "_rolf_nothing"),
    ("self.setting", "_rolf_setting"),
    ("self.push.id", "_rolf_push_id()"),
    ("self.push.comment", "_rolf_setting('PUSH_COMMENT')"),
    ("self.push.user.username", "_rolf_setting('PUSH_UNI')"),
];

const PYTHON_PRELUDE: &str = "\
# Converted on import from the original Rolf, which ran this recipe inside its own process: settings come from
# the environment, and the rollback tag it records is written to $ROLF_OUTPUT as `tag=`.
import os


def _rolf_setting(name):
    return os.environ.get(name, \"\")


def _rolf_push_id():
    return int(os.environ[\"ROLF_PUSH_ID\"])


def _rolf_nothing():
    pass


_rolf_tag = None
";

const PYTHON_EPILOGUE: &str = "
if _rolf_tag:
    with open(os.environ[\"ROLF_OUTPUT\"], \"a\") as _rolf_output:
        _rolf_output.write(\"tag=%s\\n\" % _rolf_tag)
";

fn python(code: &str) -> Converted {
    let code = code.replace("\r\n", "\n");
    let mut uses: Vec<&str> = SELF_USE.find_iter(&code).map(|m| m.as_str()).collect();
    uses.sort_unstable();
    uses.dedup();
    let unknown: Vec<&str> = uses
        .iter()
        .copied()
        .filter(|u| !REPLACEMENTS.iter().any(|(from, _)| u == from || u.starts_with(&format!("{from}."))))
        .collect();
    let mut reasons = Vec::new();
    if !unknown.is_empty() {
        reasons.push(format!(
            "it uses {} of the original's process, which a script does not have",
            unknown.iter().map(|u| format!("`{u}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    if PYTHON2.is_match(&code) {
        reasons.push("it is Python 2 (a print statement, `exec` or `except E, e:`); Rolf runs python3".to_owned());
    }
    // `self` alone (passed along, compared) cannot be replaced either.
    if unknown.is_empty() && SELF_WORD.find_iter(&code).count() > SELF_USE.find_iter(&code).count() {
        reasons.push("it uses `self`, the original's running stage, which a script does not have".to_owned());
    }
    if !reasons.is_empty() {
        return Converted { language: Language::Python, code, needs_conversion: Some(reasons.join("; ")), note: None };
    }
    if uses.is_empty() {
        return Converted { language: Language::Python, code, needs_conversion: None, note: None };
    }
    let mut body = code.clone();
    // Longest first, so that `self.push.rollback_url` is not taken for `self.push`.
    let mut replacements = REPLACEMENTS.to_vec();
    replacements.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    for (from, to) in replacements {
        body = body.replace(from, to);
    }
    let records_tag = uses.contains(&"self.push.rollback_url");
    let note = if records_tag {
        "records the rollback tag: now writes `tag=` to $ROLF_OUTPUT".to_owned()
    } else {
        "reads settings through `self`: now from the environment".to_owned()
    };
    let mut converted = String::with_capacity(body.len() + PYTHON_PRELUDE.len() + PYTHON_EPILOGUE.len());
    converted.push_str(PYTHON_PRELUDE);
    converted.push_str(&body);
    if !converted.ends_with('\n') {
        converted.push('\n');
    }
    converted.push_str(PYTHON_EPILOGUE);
    Converted { language: Language::Python, code: converted, needs_conversion: None, note: Some(note) }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn shell_recipes_run_as_the_original_ran_them() {
        let c = convert(Language::Bash, "echo $TEST_FOO\r\nfalse\n");
        assert_eq!(c.needs_conversion, None);
        assert!(c.code.starts_with("# Imported from the original Rolf"), "{}", c.code);
        assert!(c.code.contains("set +e +o pipefail\n"));
        assert!(c.code.ends_with("echo $TEST_FOO\nfalse\n"));

        let c = convert(Language::Bash, "#!/bin/bash\necho hi\n");
        assert!(c.code.starts_with("#!/bin/bash\n# Imported"), "{}", c.code);
        assert!(c.code.ends_with("echo hi\n"));
        assert!(convert(Language::Bash, "#!/usr/bin/env sh\ntrue").needs_conversion.is_none());

        let perl = convert(Language::Bash, "#!/usr/bin/perl\nprint 1;\n");
        assert!(perl.needs_conversion.unwrap().contains("#!/usr/bin/perl"));
        assert_eq!(perl.code, "#!/usr/bin/perl\nprint 1;\n");
    }

    #[test]
    fn the_rollback_tag_recipe_writes_the_tag() {
        let original = "tag = \"rolf-%s-%d\" % (self.setting(\"APP\"), self.push.id)\n\
                        self.push.rollback_url = tag\nself.push.save()\n";
        let c = convert(Language::Python, original);
        assert_eq!(c.needs_conversion, None, "{c:?}");
        assert!(c.note.unwrap().contains("tag="));
        assert!(c.code.contains("_rolf_tag = tag\n_rolf_nothing()\n"), "{}", c.code);
        assert!(c.code.contains("_rolf_setting(\"APP\"), _rolf_push_id())"), "{}", c.code);
        assert!(!c.code.contains("self"), "{}", c.code);
        assert!(c.code.contains("os.environ[\"ROLF_OUTPUT\"]"));
    }

    #[test]
    fn recipes_using_the_original_process_need_conversion() {
        let c = convert(Language::Python, "print 'hello'\nself.execute(['echo', 'foo'])");
        let why = c.needs_conversion.unwrap();
        assert!(why.contains("`self.execute`") && why.contains("Python 2"), "{why}");
        assert_eq!(c.code, "print 'hello'\nself.execute(['echo', 'foo'])", "kept as it was");

        let status = convert(Language::Python, "self.status = 'failed'\n").needs_conversion.unwrap();
        assert!(status.contains("`self.status`"), "{status}");
        let bare = convert(Language::Python, "helper(self)\n").needs_conversion.unwrap();
        assert!(bare.contains("`self`"), "{bare}");
        let except = convert(Language::Python, "try:\n    x()\nexcept Exception, e:\n    pass\n");
        assert!(except.needs_conversion.unwrap().contains("Python 2"));
    }

    #[test]
    fn plain_python3_is_left_alone() {
        let c = convert(Language::Python, "import os\nprint(os.environ['X'])\n");
        assert_eq!(
            c,
            Converted { language: Language::Python, code: c.code.clone(), needs_conversion: None, note: None }
        );
        assert_eq!(c.code, "import os\nprint(os.environ['X'])\n");
    }

    #[test]
    fn languages_are_read_as_the_original_stored_them() {
        assert_eq!(language("shell"), Some(Language::Bash));
        assert_eq!(language(" Python "), Some(Language::Python));
        assert_eq!(language("perl"), None);
    }
}
