//! The original Rolf's cookbook export (`manage.py dump_cookbook`): CSV rows of name, language, code and
//! description, written by Python's csv module without a header row (one is accepted).

use crate::error::{Error, Result};

pub const FIELD: &str = "cookbook_csv";

/// One row, with its number (from 1, a header row included) for error messages: rows, not lines, since a
/// quoted code spans lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub row: usize,
    pub name: String,
    pub language: String,
    pub code: String,
    pub description: String,
}

const COLUMNS: [&str; 4] = ["name", "language", "code", "description"];

pub fn parse(text: &str) -> Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 1;
        let record = record.map_err(|e| Error::invalid(FIELD, format!("row {row}: not CSV: {e}")))?;
        // `print` after the last row leaves an empty line.
        if record.len() == 1 && record[0].trim().is_empty() {
            continue;
        }
        if i == 0 && record.iter().map(str::trim).eq(COLUMNS) {
            continue;
        }
        if record.len() != COLUMNS.len() {
            return Err(Error::invalid(
                FIELD,
                format!("row {row}: expected 4 columns ({}), found {}", COLUMNS.join(", "), record.len()),
            ));
        }
        let name = record[0].trim();
        if name.is_empty() {
            return Err(Error::invalid(FIELD, format!("row {row}: the recipe has no name")));
        }
        rows.push(Row {
            row,
            name: name.to_owned(),
            language: record[1].to_owned(),
            code: record[2].to_owned(),
            description: record[3].to_owned(),
        });
    }
    if rows.is_empty() {
        return Err(Error::invalid(FIELD, "the file has no recipes"));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn refused(text: &str) -> String {
        match parse(text) {
            Err(Error::Invalid { field, message }) => {
                assert_eq!(field, FIELD);
                message
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn rows_as_python_writes_them() {
        let text = "checkout,shell,\"cd $CWD\r\ngit pull\",\"Pulls, then \"\"builds\"\"\"\r\ntag,python,pass,\r\n\n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].code, "cd $CWD\r\ngit pull");
        assert_eq!(rows[0].description, "Pulls, then \"builds\"");
        assert_eq!((rows[1].name.as_str(), rows[1].row), ("tag", 2));
        let with_header = parse("name,language,code,description\nx,shell,true,\n").unwrap();
        assert_eq!(with_header.len(), 1);
    }

    #[test]
    fn a_missing_column_names_the_row() {
        let message = refused("a,shell,true,\nb,shell,true\n");
        assert!(message.starts_with("row 2: expected 4 columns") && message.ends_with("found 3"), "{message}");
        assert!(refused(",shell,true,\n").contains("no name"));
        assert!(refused("").contains("no recipes"));
    }
}
