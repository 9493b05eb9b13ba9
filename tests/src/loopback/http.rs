//! The HTTP/1.1 side of the loopback server: finding where a request
//! ends, and writing a reply as told.

use super::{Counters, HttpHandler, Limits};
use bytes::{Bytes, BytesMut};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A request as it arrived: head and `Content-Length` body, unparsed
/// beyond what finding its end takes.
#[derive(Clone, Debug)]
pub struct Request {
    bytes: Bytes,
    head_len: usize,
}

impl Request {
    /// The whole request, head (with its blank line) and body, as received.
    pub fn bytes(&self) -> &Bytes {
        &self.bytes
    }

    /// The head: request line and headers, with the blank line ending it.
    pub fn head(&self) -> &[u8] {
        &self.bytes[..self.head_len]
    }

    /// The body (`Content-Length` bytes).
    pub fn body(&self) -> &[u8] {
        &self.bytes[self.head_len..]
    }

    /// The method, e.g. `PUT` (empty when the request line is not UTF-8).
    pub fn method(&self) -> &str {
        self.request_line().split(' ').next().unwrap_or_default()
    }

    /// The request target, e.g. `/rest/api/Orders/5001?x=1`.
    pub fn target(&self) -> &str {
        self.request_line().split(' ').nth(1).unwrap_or_default()
    }

    /// The first header called `name` (any case), its value trimmed; `None`
    /// when absent or not UTF-8.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_in(self.head(), name.as_bytes()).and_then(|v| std::str::from_utf8(v).ok())
    }

    fn request_line(&self) -> &str {
        let head = self.head();
        let end = head.iter().position(|b| *b == b'\r').unwrap_or(head.len());
        std::str::from_utf8(&head[..end]).unwrap_or_default()
    }
}

fn header_in<'h>(head: &'h [u8], name: &[u8]) -> Option<&'h [u8]> {
    head.split(|b| *b == b'\n').skip(1).find_map(|line| {
        let colon = line.iter().position(|b| *b == b':')?;
        line[..colon]
            .eq_ignore_ascii_case(name)
            .then(|| line[colon + 1..].trim_ascii())
    })
}

/// What the server does with one request.
pub struct Reply {
    delay: Duration,
    content: Content,
    close: bool,
}

enum Content {
    Raw(Bytes),
    Pieces(Box<dyn Iterator<Item = Bytes> + Send>),
    Response {
        status: u16,
        content_type: String,
        body: Bytes,
    },
    Nothing,
}

impl Reply {
    /// Writes `bytes`, head and body, exactly as given; the connection stays
    /// open for the next request unless [`Reply::close`] is added.
    pub fn raw(bytes: impl Into<Bytes>) -> Reply {
        Reply::with(Content::Raw(bytes.into()))
    }

    /// Writes each piece in turn, as it is taken from `pieces`, and stops at
    /// the first the client does not take within the write timeout: an
    /// endless body is an endless iterator.
    pub fn pieces<I>(pieces: I) -> Reply
    where
        I: IntoIterator<Item = Bytes>,
        I::IntoIter: Send + 'static,
    {
        Reply::with(Content::Pieces(Box::new(pieces.into_iter())))
    }

    /// A well-formed answer with `Content-Type` and `Content-Length` (and
    /// `Connection: close` when [`Reply::close`] is added).
    pub fn response(status: u16, content_type: &str, body: impl Into<Bytes>) -> Reply {
        Reply::with(Content::Response {
            status,
            content_type: content_type.to_owned(),
            body: body.into(),
        })
    }

    /// Closes the connection without writing a byte.
    pub fn hang_up() -> Reply {
        Reply::with(Content::Nothing).close()
    }

    /// Closes the connection after writing (after a FIN, so the client reads
    /// everything written).
    pub fn close(mut self) -> Reply {
        self.close = true;
        self
    }

    /// Waits `delay` before writing.
    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    fn with(content: Content) -> Reply {
        Reply {
            delay: Duration::ZERO,
            content,
            close: false,
        }
    }
}

impl std::fmt::Debug for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let content = match &self.content {
            Content::Raw(b) => format!("raw ({} bytes)", b.len()),
            Content::Pieces(_) => "pieces".to_owned(),
            Content::Response { status, .. } => format!("response {status}"),
            Content::Nothing => "nothing".to_owned(),
        };
        f.debug_struct("Reply")
            .field("content", &content)
            .field("delay", &self.delay)
            .field("close", &self.close)
            .finish()
    }
}

enum Parsed {
    Incomplete,
    Complete {
        head_len: usize,
        total: usize,
    },
    /// A body framing this server does not read.
    Unsupported,
    /// Too large, or a `Content-Length` that is no number.
    Refused,
}

fn parse(buf: &[u8], max: usize) -> Parsed {
    let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
        return if buf.len() > max {
            Parsed::Refused
        } else {
            Parsed::Incomplete
        };
    };
    let head_len = end + 4;
    let head = &buf[..head_len];
    if header_in(head, b"transfer-encoding").is_some() {
        return Parsed::Unsupported;
    }
    let length = match header_in(head, b"content-length") {
        None => 0,
        Some(v) => match std::str::from_utf8(v)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
        {
            Some(n) => n,
            None => return Parsed::Refused,
        },
    };
    let total = head_len.saturating_add(length);
    if total > max {
        Parsed::Refused
    } else if buf.len() < total {
        Parsed::Incomplete
    } else {
        Parsed::Complete { head_len, total }
    }
}

const NOT_IMPLEMENTED: &[u8] =
    b"HTTP/1.1 501 Not Implemented\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";

/// A keep-alive HTTP/1.1 connection: each complete request is handed to the
/// handler and its reply written before the next is read.
pub(super) async fn serve(
    mut stream: TcpStream,
    handler: Arc<HttpHandler>,
    counters: Arc<Counters>,
    limits: Limits,
) {
    let mut buf = BytesMut::with_capacity(16 * 1024);
    loop {
        loop {
            match parse(&buf, limits.max_request_bytes) {
                Parsed::Incomplete => break,
                Parsed::Refused => return,
                Parsed::Unsupported => {
                    let _ = write(&mut stream, NOT_IMPLEMENTED, limits).await;
                    let _ = stream.shutdown().await;
                    return;
                }
                Parsed::Complete { head_len, total } => {
                    let request = Request {
                        bytes: buf.split_to(total).freeze(),
                        head_len,
                    };
                    counters.requests.fetch_add(1, Ordering::Relaxed);
                    let reply = handler(&request);
                    if !answer(&mut stream, reply, &counters, limits).await {
                        return;
                    }
                }
            }
        }
        buf.reserve(16 * 1024);
        match stream.read_buf(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

/// Writes one reply; false when the connection is done.
async fn answer(stream: &mut TcpStream, reply: Reply, counters: &Counters, limits: Limits) -> bool {
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut written = 0u64;
    let complete = match reply.content {
        Content::Raw(bytes) => write_counted(stream, &bytes, &mut written, limits).await,
        Content::Response {
            status,
            content_type,
            body,
        } => {
            let reason = reqwest::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Whatever");
            let connection = if reply.close {
                "connection: close\r\n"
            } else {
                ""
            };
            let head = format!(
                "HTTP/1.1 {status} {reason}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\n{connection}\r\n",
                body.len()
            );
            write_counted(stream, head.as_bytes(), &mut written, limits).await
                && write_counted(stream, &body, &mut written, limits).await
        }
        Content::Pieces(pieces) => {
            let mut complete = true;
            for piece in pieces {
                if !write_counted(stream, &piece, &mut written, limits).await {
                    complete = false;
                    break;
                }
            }
            complete
        }
        Content::Nothing => true,
    };
    counters.largest_reply.fetch_max(written, Ordering::SeqCst);
    if !complete || reply.close {
        let _ = stream.shutdown().await;
        return false;
    }
    true
}

async fn write_counted(
    stream: &mut TcpStream,
    bytes: &[u8],
    written: &mut u64,
    limits: Limits,
) -> bool {
    let ok = write(stream, bytes, limits).await;
    if ok {
        *written += bytes.len() as u64;
    }
    ok
}

/// Writes all of `bytes`; false when the client is gone or stopped reading.
async fn write(stream: &mut TcpStream, bytes: &[u8], limits: Limits) -> bool {
    tokio::time::timeout(limits.write_timeout, stream.write_all(bytes))
        .await
        .is_ok_and(|r| r.is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_are_split_at_their_content_length() {
        let two =
            b"PUT /a HTTP/1.1\r\nContent-Length: 3\r\nX-Y:  z \r\n\r\nabcGET /b HTTP/1.1\r\n\r\n";
        let Parsed::Complete { head_len, total } = parse(two, 1024) else {
            panic!("the first request is complete");
        };
        let request = Request {
            bytes: Bytes::copy_from_slice(&two[..total]),
            head_len,
        };
        assert_eq!((request.method(), request.target()), ("PUT", "/a"));
        assert_eq!(request.body(), b"abc");
        assert_eq!(request.header("x-y"), Some("z"));
        assert_eq!(request.header("content-length"), Some("3"));
        assert_eq!(request.header("missing"), None);
        assert!(matches!(
            parse(&two[total..], 1024),
            Parsed::Complete { total: 19, .. }
        ));
        assert!(matches!(parse(&two[..30], 1024), Parsed::Incomplete));
        assert!(matches!(parse(&two[..total - 1], 1024), Parsed::Incomplete));
    }

    #[test]
    fn oversized_chunked_and_unreadable_requests_are_not_handed_on() {
        assert!(matches!(
            parse(b"PUT / HTTP/1.1\r\ncontent-length: 2000\r\n\r\n", 1024),
            Parsed::Refused
        ));
        assert!(matches!(parse(&[b'a'; 2000], 1024), Parsed::Refused));
        assert!(matches!(
            parse(b"PUT / HTTP/1.1\r\ncontent-length: ten\r\n\r\n", 1024),
            Parsed::Refused
        ));
        assert!(matches!(
            parse(
                b"PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
                1024
            ),
            Parsed::Unsupported
        ));
    }
}
