//! Splits a child's output into lines as they come: at most [`MAX_LINE`] bytes each (a longer line is split,
//! never dropped), invalid UTF-8 and NUL bytes replaced, and memory bounded by one line whatever the output size.

use tokio::io::{AsyncBufReadExt, AsyncRead, BufReader};

pub const MAX_LINE: usize = 64 * 1024;

pub struct Lines<R> {
    reader: BufReader<R>,
    pending: Vec<u8>,
}

impl<R: AsyncRead + Unpin> Lines<R> {
    pub fn new(inner: R) -> Self {
        Lines { reader: BufReader::with_capacity(64 * 1024, inner), pending: Vec::with_capacity(256) }
    }

    /// The next line without its `\n` (and `\r\n`), or `None` at the end of the output.
    pub async fn next_line(&mut self) -> std::io::Result<Option<String>> {
        loop {
            let buf = self.reader.fill_buf().await?;
            if buf.is_empty() {
                if self.pending.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(self.take()));
            }
            let room = MAX_LINE - self.pending.len();
            let window = &buf[..buf.len().min(room)];
            if let Some(newline) = window.iter().position(|b| *b == b'\n') {
                self.pending.extend_from_slice(&window[..newline]);
                self.reader.consume(newline + 1);
                if self.pending.last() == Some(&b'\r') {
                    self.pending.pop();
                }
                return Ok(Some(self.take()));
            }
            let used = window.len();
            self.pending.extend_from_slice(window);
            self.reader.consume(used);
            if self.pending.len() >= MAX_LINE {
                return Ok(Some(self.take()));
            }
        }
    }

    fn take(&mut self) -> String {
        let mut line = String::from_utf8_lossy(&self.pending).into_owned();
        // Postgres text cannot hold NUL: one would make the whole batch of lines unstorable.
        if line.contains('\0') {
            line = line.replace('\0', "\u{fffd}");
        }
        self.pending.clear();
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn all(input: &[u8]) -> Vec<String> {
        let mut lines = Lines::new(input);
        let mut out = Vec::new();
        while let Some(line) = lines.next_line().await.unwrap() {
            out.push(line);
        }
        out
    }

    #[tokio::test]
    async fn splits_on_newlines_and_keeps_a_last_unterminated_line() {
        assert_eq!(all(b"a\nb\r\n\nc").await, vec!["a", "b", "", "c"]);
        assert!(all(b"").await.is_empty());
    }

    #[tokio::test]
    async fn long_lines_are_split_not_dropped() {
        let long = vec![b'x'; MAX_LINE * 2 + 10];
        let mut input = long.clone();
        input.extend_from_slice(b"\nend\n");
        let lines = all(&input).await;
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].len(), MAX_LINE);
        assert_eq!(lines[1].len(), MAX_LINE);
        assert_eq!(lines[2].len(), 10);
        assert_eq!(lines[3], "end");
    }

    #[tokio::test]
    async fn invalid_utf8_is_replaced() {
        assert_eq!(all(b"ok \xff\xfe done\n").await, vec!["ok \u{fffd}\u{fffd} done"]);
    }

    #[tokio::test]
    async fn nul_bytes_are_replaced() {
        assert_eq!(all(b"a\0b\0\n\0\n").await, vec!["a\u{fffd}b\u{fffd}", "\u{fffd}"]);
    }
}
