//! A scripted stand-in for the API, for what a real one will not do on demand: drop a log stream mid-event,
//! resend lines, lack an endpoint, or answer a body without a field its clients read. It answers each request
//! from a function of the request and of how many requests for the same path came before it, and records what
//! it was asked. One request per connection (`connection: close`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The path with its query string.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The path without its query string.
    pub fn route(&self) -> &str {
        self.path.split('?').next().unwrap_or("")
    }
}

pub enum Reply {
    Json(u16, String),
    /// An event stream sent in these chunks; `broken` ends it mid-body, as a dropped connection does.
    Events {
        chunks: Vec<String>,
        broken: bool,
    },
}

pub type Handler = dyn Fn(&Request, usize) -> Reply + Send + Sync;

pub struct Server {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
}

/// Serves `handler` on a free port of 127.0.0.1 until the test's runtime ends.
pub async fn serve(handler: Arc<Handler>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(Mutex::new(Vec::<Request>::new()));
    let log = requests.clone();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let Some(request) = read_request(&mut socket).await else { continue };
            let seen = {
                let mut log = log.lock().unwrap();
                let seen = log.iter().filter(|r| r.route() == request.route()).count();
                log.push(request.clone());
                seen
            };
            match handler(&request, seen) {
                Reply::Json(status, body) => {
                    let response = format!(
                        "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\
                         connection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                }
                Reply::Events { chunks, broken } => {
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\
                                transfer-encoding: chunked\r\nconnection: close\r\n\r\n";
                    let _ = socket.write_all(head.as_bytes()).await;
                    for chunk in chunks {
                        let _ = socket.write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes()).await;
                        let _ = socket.flush().await;
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                    if !broken {
                        let _ = socket.write_all(b"0\r\n\r\n").await;
                    }
                }
            }
            let _ = socket.shutdown().await;
        }
    });
    Server { url, requests }
}

/// Reads a request's head and its `content-length` body (read whole, so closing the socket never resets a
/// client still sending).
async fn read_request(socket: &mut TcpStream) -> Option<Request> {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        if socket.read(&mut byte).await.unwrap_or(0) == 0 {
            return None;
        }
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).into_owned();
    let mut lines = head.lines();
    let mut first = lines.next().unwrap_or("").split(' ');
    let method = first.next().unwrap_or("").to_owned();
    let path = first.next().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(": ").map(|(k, v)| (k.to_owned(), v.to_owned()))).collect();
    let mut request = Request { method, path, headers, body: Vec::new() };
    let length: usize = request.header("content-length").and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    let mut body = vec![0u8; length];
    socket.read_exact(&mut body).await.ok()?;
    request.body = body;
    Some(request)
}

/// An error body as the API sends it.
pub fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::Json(status, serde_json::json!({"error": {"code": code, "message": message}}).to_string())
}

/// A log line as the API sends it.
pub fn log_line(seq: i64, stream: &str, text: &str) -> serde_json::Value {
    let at = "2025-01-01T00:00:00Z";
    serde_json::json!({"seq": seq, "stage_id": 1, "stage": 0, "stream": stream, "at": at, "text": text})
}

/// A log line as an event of the stream.
pub fn line(seq: i64, stream: &str, text: &str) -> String {
    format!("event: line\nid: {seq}\ndata: {}\n\n", log_line(seq, stream, text))
}
