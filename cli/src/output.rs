//! Everything rolf writes for its user goes through here: results on stdout, messages on stderr.
//!
//! Writes go through `std::io::Write` rather than `println!`, so a closed pipe (`rolf history | head`) is an
//! error to handle rather than a panic; that also keeps the workspace's `print_stdout` lint quiet without an allow.

use std::io::{BufWriter, Stderr, Stdout, Write};

use serde::Serialize;

use crate::error::{Error, Result};

/// Prefix of rolf's own messages and of the push's `system` log lines on stderr.
pub const PREFIX: &str = "==> ";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Out,
    Err,
}

/// Buffered stdout and stderr that keep their relative order: switching from one to the other flushes the first,
/// so a terminal showing both sees the lines in the order they came.
pub struct Output {
    out: BufWriter<Stdout>,
    err: BufWriter<Stderr>,
    last: Last,
}

impl Default for Output {
    fn default() -> Self {
        Output { out: BufWriter::new(std::io::stdout()), err: BufWriter::new(std::io::stderr()), last: Last::Out }
    }
}

fn failed(e: std::io::Error) -> Error {
    Error::local("writing output", e)
}

impl Output {
    pub fn new() -> Output {
        Output::default()
    }

    fn switch(&mut self, to: Last) -> Result<()> {
        if self.last != to {
            match self.last {
                Last::Out => self.out.flush().map_err(failed)?,
                Last::Err => self.err.flush().map_err(failed)?,
            }
            self.last = to;
        }
        Ok(())
    }

    pub fn out_line(&mut self, text: &str) -> Result<()> {
        self.switch(Last::Out)?;
        self.out.write_all(text.as_bytes()).and_then(|()| self.out.write_all(b"\n")).map_err(failed)
    }

    pub fn err_line(&mut self, text: &str) -> Result<()> {
        self.switch(Last::Err)?;
        self.err.write_all(text.as_bytes()).and_then(|()| self.err.write_all(b"\n")).map_err(failed)
    }

    /// A message of rolf's own on stderr, prefixed.
    pub fn note(&mut self, text: &str) -> Result<()> {
        self.err_line(&format!("{PREFIX}{text}"))
    }

    /// One JSON value on one stdout line.
    pub fn json_line(&mut self, value: &impl Serialize) -> Result<()> {
        let text = serde_json::to_string(value).map_err(|e| Error::local("encoding JSON", e))?;
        self.out_line(&text)
    }

    /// A JSON document, pretty-printed, on stdout.
    pub fn json(&mut self, value: &impl Serialize) -> Result<()> {
        let text = serde_json::to_string_pretty(value).map_err(|e| Error::local("encoding JSON", e))?;
        self.out_line(&text)
    }

    /// Rows under a header, columns padded to their widest cell; the last column is not padded.
    pub fn table(&mut self, header: &[&str], rows: &[Vec<String>]) -> Result<()> {
        for line in table(header, rows) {
            self.out_line(&line)?;
        }
        Ok(())
    }

    pub fn flush(&mut self) -> Result<()> {
        self.out.flush().map_err(failed)?;
        self.err.flush().map_err(failed)
    }
}

impl Drop for Output {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

fn table(header: &[&str], rows: &[Vec<String>]) -> Vec<String> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    std::iter::once(&header)
        .chain(rows)
        .map(|row| {
            let last = row.len().saturating_sub(1);
            let cells: Vec<String> = row
                .iter()
                .enumerate()
                .map(|(i, cell)| if i == last { cell.clone() } else { format!("{cell:<w$}", w = widths[i]) })
                .collect();
            cells.join("  ").trim_end().to_owned()
        })
        .collect()
}

/// `2024-05-01T12:03:04.123456Z` as `2024-05-01 12:03:04`: the API's times are UTC.
pub fn time(rfc3339: Option<&str>) -> String {
    match rfc3339 {
        Some(t) => t.get(..19).map_or_else(|| t.to_owned(), |s| s.replacen('T', " ", 1)),
        None => "-".to_owned(),
    }
}

/// Text that fits one table cell: the first line, at most `max` characters.
pub fn cell(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() > max || text.contains('\n') {
        let cut: String = line.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_pad_every_column_but_the_last() {
        let rows = vec![
            vec!["1".into(), "shop/production".into(), "edit".into()],
            vec!["12".into(), "a/b".into(), "view".into()],
        ];
        assert_eq!(
            table(&["ID", "DEPLOYMENT", "LEVEL"], &rows),
            ["ID  DEPLOYMENT       LEVEL", "1   shop/production  edit", "12  a/b              view",]
        );
    }

    #[test]
    fn times_and_cells_are_shortened() {
        assert_eq!(time(Some("2024-05-01T12:03:04.123456Z")), "2024-05-01 12:03:04");
        assert_eq!(time(None), "-");
        assert_eq!(cell("short", 10), "short");
        assert_eq!(cell("a long comment", 6), "a lon…");
        assert_eq!(cell("two\nlines", 10), "two…");
    }
}
