//! What a stage hands back through `$ROLF_OUTPUT`: `key=value` lines, of which Rolf reads `tag`. Values pass the
//! same secret check as log lines; one that contains a secret is refused rather than stored or masked, since a
//! masked tag would name a tag that does not exist.

use std::io::Read;
use std::path::Path;

use crate::error::WorkerError;

/// Longest tag a stage may set.
const MAX_TAG: usize = 200;
/// More than any honest output file; the rest is not read.
const MAX_READ: u64 = 1 << 20;

/// The last sane `tag=` line of the output file, if any; refused when it contains a secret value.
pub fn tag(path: &Path, secrets: &[String]) -> Result<Option<String>, WorkerError> {
    let mut text = String::new();
    let file = std::fs::File::open(path).map_err(WorkerError::io("reading", path))?;
    file.take(MAX_READ).read_to_string(&mut text).map_err(WorkerError::io("reading", path))?;
    let Some(tag) = text.lines().filter_map(|l| l.strip_prefix("tag=")).map(str::trim).next_back() else {
        return Ok(None);
    };
    if secrets.iter().any(|s| tag.contains(s.as_str())) {
        return Err(WorkerError::SecretInOutput { key: "tag" });
    }
    let sane = !tag.is_empty() && tag.len() <= MAX_TAG && !tag.chars().any(char::is_control);
    Ok(sane.then(|| tag.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_output(text: &str, secrets: &[&str]) -> Result<Option<String>, WorkerError> {
        let dir =
            std::env::temp_dir().join(format!("rolf-output-test-{}-{}", std::process::id(), rand::random::<u32>()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("out");
        std::fs::write(&file, text).unwrap();
        let secrets: Vec<String> = secrets.iter().map(|s| s.to_string()).collect();
        let result = tag(&file, &secrets);
        std::fs::remove_dir_all(&dir).unwrap();
        result
    }

    #[test]
    fn the_last_tag_line_wins_and_junk_is_ignored() {
        assert_eq!(with_output("x=1\ntag=v1\ntag= v2 \n", &[]).unwrap(), Some("v2".to_owned()));
        assert_eq!(with_output("tag=\n", &[]).unwrap(), None);
        assert_eq!(with_output("nothing\n", &[]).unwrap(), None);
    }

    #[test]
    fn a_tag_holding_a_secret_is_refused() {
        let refused = with_output("tag=t-hunter2\n", &["hunter2"]);
        assert!(matches!(refused, Err(WorkerError::SecretInOutput { key: "tag" })), "{refused:?}");
        assert_eq!(with_output("tag=t-public\n", &["hunter2"]).unwrap(), Some("t-public".to_owned()));
    }
}
