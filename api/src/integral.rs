//! JSON Schema's `type: integer` takes any number whose value is whole, so `5.0` and `1e3` are integers by the
//! spec; serde refuses them for an integer field. Request bodies are rewritten so that such a number reads as the
//! integer it is, and the API accepts what the schema accepts.

/// `json` with every number that is whole but written with a fraction or an exponent (`5.0`, `1e3`, `-0.0`)
/// written as that integer; `None` when there is none. Text in strings is untouched. A number beyond what `i64`
/// or `u64` holds stays as written, so serde still refuses it.
pub fn rewrite(json: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut copied = 0;
    let mut i = 0;
    let mut in_string = false;
    while i < json.len() {
        let byte = json[i];
        if in_string {
            match byte {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
            i += 1;
            continue;
        }
        if byte != b'-' && !byte.is_ascii_digit() {
            i += 1;
            continue;
        }
        let end = i + number_len(&json[i..]);
        if let Some(integer) = whole(&json[i..end]) {
            out.extend_from_slice(&json[copied..i]);
            out.extend_from_slice(integer.as_bytes());
            copied = end;
        }
        i = end.max(i + 1);
    }
    if copied == 0 {
        return None;
    }
    out.extend_from_slice(&json[copied..]);
    Some(out)
}

/// The length of the number at the start of `text`: `-`, digits, a fraction, an exponent.
fn number_len(text: &[u8]) -> usize {
    let digits = |from: usize| text[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut len = usize::from(text.first() == Some(&b'-'));
    len += digits(len);
    if text.get(len) == Some(&b'.') {
        len += 1 + digits(len + 1);
    }
    if matches!(text.get(len), Some(b'e' | b'E')) {
        len += 1;
        if matches!(text.get(len), Some(b'+' | b'-')) {
            len += 1;
        }
        len += digits(len);
    }
    len
}

/// The integer a number written with a fraction or an exponent stands for, if it is whole and fits.
fn whole(number: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(number).ok()?;
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.parse::<i64>().ok()?)),
        None => (text, None),
    };
    let (int, fraction) = match mantissa.split_once('.') {
        Some((_, "")) => return None,
        Some((int, fraction)) => (int, fraction),
        None if exponent.is_none() => return None,
        None => (mantissa, ""),
    };
    // What JSON itself refuses (`.5`, `01.0`) is left for serde to refuse.
    if int.is_empty() || (int.len() > 1 && int.starts_with('0')) {
        return None;
    }
    let digits = format!("{int}{fraction}");
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = digits.trim_start_matches('0');
    let scale = exponent.unwrap_or(0).checked_sub(i64::try_from(fraction.len()).ok()?)?;
    let value = if significant.is_empty() {
        "0".to_owned()
    } else if scale >= 0 {
        // u64 and i64 hold at most 20 digits.
        let zeros = usize::try_from(scale).ok().filter(|z| significant.len() + z <= 20)?;
        format!("{significant}{}", "0".repeat(zeros))
    } else {
        let dropped = usize::try_from(-scale).ok()?;
        let kept = significant.len().checked_sub(dropped)?;
        if !significant[kept..].bytes().all(|b| b == b'0') {
            return None;
        }
        significant[..kept].to_owned()
    };
    let magnitude: u128 = value.parse().ok()?;
    let fits =
        if negative { magnitude <= u128::from(i64::MIN.unsigned_abs()) } else { magnitude <= u128::from(u64::MAX) };
    match (fits, negative && value != "0") {
        (false, _) => None,
        (true, true) => Some(format!("-{value}")),
        (true, false) => Some(value),
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    fn rewritten(json: &str) -> String {
        rewrite(json.as_bytes()).map(|b| String::from_utf8(b).unwrap()).unwrap_or_else(|| json.to_owned())
    }

    #[test]
    fn whole_numbers_become_integers() {
        assert_eq!(
            rewritten(r#"{"a": 5.0, "b": [-12708.0, 1e3, 2.50E1, -0.0, 0e99]}"#),
            r#"{"a": 5, "b": [-12708, 1000, 25, 0, 0]}"#
        );
        assert_eq!(rewritten(r#"{"id":-9223372036854775808.0}"#), r#"{"id":-9223372036854775808}"#);
        assert_eq!(rewritten(r#"{"id":18446744073709551615.00}"#), r#"{"id":18446744073709551615}"#);
        assert_eq!(rewritten("[1.0]"), "[1]");
    }

    #[test]
    fn everything_else_stays_as_written() {
        for json in [
            r#"{"a": 5, "b": -3, "c": 0}"#,
            r#"{"a": 5.5, "b": 1e-3, "c": 1.05e1}"#,
            r#"{"a": "5.0", "b": "say \"1.0\" \\", "c": "1e3"}"#,
            r#"{"big": 18446744073709551616.0, "small": -9223372036854775809.0, "huge": 1e400}"#,
            r#"{"bad": -, "worse": 1., "e": 1e, "lead": 01.0, "dot": .5}"#,
        ] {
            assert_eq!(rewritten(json), json);
        }
    }
}
