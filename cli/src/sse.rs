//! A Server-Sent Events parser (the WHATWG "event stream interpretation"), fed arbitrary chunks of bytes.
//!
//! Lines end in CRLF, LF or CR, and a chunk may end anywhere: inside a line, inside a UTF-8 character, or between
//! the CR and LF of one line end. Lines are split on bytes and only then decoded, so a split character survives.

/// One dispatched event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The `event:` field, `message` when there was none.
    pub event: String,
    /// The `data:` lines joined with `\n`.
    pub data: String,
    /// The last `id:` seen on the stream so far (it persists across events, as in browsers).
    pub id: Option<String>,
}

/// A line longer than this is an error rather than unbounded memory.
pub const MAX_LINE: usize = 16 * 1024 * 1024;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("an event stream line exceeds {MAX_LINE} bytes")]
pub struct LineTooLong;

#[derive(Debug, Default)]
pub struct Parser {
    line: Vec<u8>,
    /// The previous chunk ended in CR: an LF starting this one belongs to that line end.
    after_cr: bool,
    /// The stream's start has been seen (a BOM there is dropped).
    started: bool,
    event: String,
    data: String,
    has_data: bool,
    last_id: Option<String>,
    retry: Option<u64>,
}

impl Parser {
    pub fn new() -> Parser {
        Parser::default()
    }

    /// The last `retry:` the server asked for, in milliseconds.
    pub fn retry(&self) -> Option<u64> {
        self.retry
    }

    /// Parses a chunk and returns the events it completed.
    pub fn feed(&mut self, mut chunk: &[u8]) -> Result<Vec<Event>, LineTooLong> {
        let mut events = Vec::new();
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        while let Some(end) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.append(&chunk[..end])?;
            let line = std::mem::take(&mut self.line);
            if let Some(event) = self.process(&line) {
                events.push(event);
            }
            let crlf = chunk[end] == b'\r' && chunk.get(end + 1) == Some(&b'\n');
            if chunk[end] == b'\r' && end + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[end + if crlf { 2 } else { 1 }..];
        }
        self.append(chunk)?;
        Ok(events)
    }

    fn append(&mut self, bytes: &[u8]) -> Result<(), LineTooLong> {
        if self.line.len() + bytes.len() > MAX_LINE {
            return Err(LineTooLong);
        }
        self.line.extend_from_slice(bytes);
        Ok(())
    }

    fn process(&mut self, raw: &[u8]) -> Option<Event> {
        let mut raw = raw;
        if !self.started {
            self.started = true;
            raw = raw.strip_prefix("\u{feff}".as_bytes()).unwrap_or(raw);
        }
        if raw.is_empty() {
            return self.dispatch();
        }
        let line = String::from_utf8_lossy(raw);
        if line.starts_with(':') {
            return None;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (&*line, ""),
        };
        match field {
            "event" => value.clone_into(&mut self.event),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            "id" if !value.contains('\0') => self.last_id = Some(value.to_owned()),
            "retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        None
    }

    fn dispatch(&mut self) -> Option<Event> {
        let event = std::mem::take(&mut self.event);
        let data = std::mem::take(&mut self.data);
        if !std::mem::replace(&mut self.has_data, false) {
            return None;
        }
        let event = if event.is_empty() { "message".to_owned() } else { event };
        Some(Event { event, data, id: self.last_id.clone() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(event: &str, data: &str, id: Option<&str>) -> Event {
        Event { event: event.into(), data: data.into(), id: id.map(str::to_owned) }
    }

    fn parse(input: &[u8]) -> Vec<Event> {
        Parser::new().feed(input).unwrap()
    }

    /// Feeds `input` in every possible two-chunk split and in single bytes; every way must give `expected`.
    fn parse_every_way(input: &[u8], expected: &[Event]) {
        assert_eq!(parse(input), expected, "whole");
        for cut in 0..=input.len() {
            let mut p = Parser::new();
            let mut got = p.feed(&input[..cut]).unwrap();
            got.extend(p.feed(&input[cut..]).unwrap());
            assert_eq!(got, expected, "split at {cut}");
        }
        let mut p = Parser::new();
        let got: Vec<Event> = input.iter().flat_map(|b| p.feed(std::slice::from_ref(b)).unwrap()).collect();
        assert_eq!(got, expected, "byte by byte");
    }

    #[test]
    fn the_log_stream_events() {
        let input = b": keep-alive\n\nevent: line\nid: 7\ndata: {\"seq\":7,\"text\":\"hi\"}\n\n\
                      event: end\ndata: {\"status\":\"succeeded\",\"tag\":\"v1\"}\n\n";
        parse_every_way(
            input,
            &[
                ev("line", r#"{"seq":7,"text":"hi"}"#, Some("7")),
                ev("end", r#"{"status":"succeeded","tag":"v1"}"#, Some("7")),
            ],
        );
    }

    #[test]
    fn multi_line_data_is_joined_with_newlines() {
        parse_every_way(b"data: one\ndata:two\ndata\ndata:  four\n\n", &[ev("message", "one\ntwo\n\n four", None)]);
    }

    #[test]
    fn comments_are_ignored_and_an_event_without_data_is_not_dispatched() {
        parse_every_way(
            b":comment\n: keep-alive\n\nevent: stage\n\nid: 3\n\ndata: x\n\n",
            &[ev("message", "x", Some("3"))],
        );
    }

    #[test]
    fn crlf_cr_and_lf_line_ends_mix() {
        parse_every_way(
            b"event: a\r\ndata: 1\r\n\r\nevent: b\rdata: 2\r\revent: c\ndata: 3\n\n",
            &[ev("a", "1", None), ev("b", "2", None), ev("c", "3", None)],
        );
    }

    #[test]
    fn id_persists_and_an_empty_id_resets_it_while_nul_is_ignored() {
        parse_every_way(
            b"id: 1\ndata: a\n\ndata: b\n\nid\ndata: c\n\nid: 2\0x\ndata: d\n\n",
            &[
                ev("message", "a", Some("1")),
                ev("message", "b", Some("1")),
                ev("message", "c", Some("")),
                ev("message", "d", Some("")),
            ],
        );
    }

    #[test]
    fn a_leading_bom_is_dropped_and_split_utf8_survives() {
        parse_every_way("\u{feff}data: héllo ✓\n\n".as_bytes(), &[ev("message", "héllo ✓", None)]);
    }

    #[test]
    fn an_unfinished_event_is_not_dispatched_and_retry_is_read() {
        let mut p = Parser::new();
        assert_eq!(p.feed(b"retry: 1500\ndata: pending\n").unwrap(), []);
        assert_eq!(p.retry(), Some(1500));
        assert_eq!(p.feed(b"retry: soon\n\n").unwrap(), [ev("message", "pending", None)]);
        assert_eq!(p.retry(), Some(1500), "a non-numeric retry is ignored");
    }

    #[test]
    fn a_line_without_end_is_bounded() {
        let mut p = Parser::new();
        let chunk = vec![b'x'; MAX_LINE / 2 + 1];
        assert!(p.feed(&chunk).is_ok());
        assert_eq!(p.feed(&chunk), Err(LineTooLong));
    }
}
