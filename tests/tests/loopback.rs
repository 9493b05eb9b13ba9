//! The loopback test server of `e2e_tests::loopback`, through its public
//! API: keep-alive and closing replies, replies in pieces with what the
//! client took counted, hang-ups, shutdown on drop, a runtime of its own,
//! and whole connections handed to a TCP handler.

use bytes::Bytes;
use e2e_tests::loopback::{LoopbackServer, Reply};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn ok() -> Reply {
    Reply::raw(&b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"[..])
}
#[tokio::test]
async fn keep_alive_requests_share_a_connection_and_close_ends_it() {
    let server = LoopbackServer::start(|request| {
        if request.target() == "/close" {
            Reply::response(200, "text/plain", request.body().to_vec()).close()
        } else {
            ok()
        }
    })
    .unwrap();
    let http = reqwest::Client::new();
    for _ in 0..3 {
        let answer = http.get(server.url("/")).send().await.unwrap();
        assert_eq!(answer.text().await.unwrap(), "ok");
    }
    assert_eq!((server.requests(), server.connections()), (3, 1));
    for _ in 0..2 {
        let answer = http
            .post(server.url("/close"))
            .body("echo")
            .send()
            .await
            .unwrap();
        assert_eq!(answer.headers()["connection"], "close");
        assert_eq!(answer.text().await.unwrap(), "echo");
    }
    // A closing reply costs the next request a new connection: the first
    // `/close` still went over the keep-alive connection, the second over a
    // new one.
    assert_eq!((server.requests(), server.connections()), (5, 2));
}

#[tokio::test]
async fn pieces_stop_when_the_client_stops_reading_and_are_counted() {
    let frame = Bytes::from(vec![b'x'; 64 * 1024]);
    let server = LoopbackServer::builder()
        .write_timeout(Duration::from_secs(1))
        .start(move |request| {
            if request.target() == "/endless" {
                let head =
                    Bytes::from_static(b"HTTP/1.1 200 OK\r\ncontent-length: 1000000000\r\n\r\n");
                Reply::pieces(std::iter::once(head).chain(std::iter::repeat(frame.clone())))
            } else {
                Reply::pieces([
                    Bytes::from_static(b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n"),
                    Bytes::from_static(b"12"),
                    Bytes::from_static(b"345"),
                ])
            }
        })
        .unwrap();
    let http = reqwest::Client::new();
    let answer = http.get(server.url("/")).send().await.unwrap();
    assert_eq!(answer.text().await.unwrap(), "12345");
    assert_eq!(server.largest_reply(), 43);
    server.reset_largest_reply();
    let mut answer = http.get(server.url("/endless")).send().await.unwrap();
    let mut read = 0;
    while read < 1024 * 1024 {
        read += answer.chunk().await.unwrap().unwrap().len();
    }
    drop(answer);
    // The server gives up once the client is gone: poll until it did.
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(10)).await;
        if server.largest_reply() > 0 {
            break;
        }
    }
    let written = server.largest_reply();
    assert!(written >= 1024 * 1024, "{written}");
    assert!(written < 1_000_000_000 / 4, "{written}");
}

#[tokio::test]
async fn a_hang_up_closes_unanswered_and_a_dropped_server_refuses_connections() {
    let server = LoopbackServer::start(|_| Reply::hang_up()).unwrap();
    let http = reqwest::Client::new();
    assert!(http.get(server.url("/")).send().await.is_err());
    assert_eq!(server.requests(), 1);
    let addr = server.addr();
    drop(server);
    let mut refused = false;
    for _ in 0..100 {
        tokio::task::yield_now().await;
        if TcpStream::connect(addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "the listener outlived its server");
}

#[test]
fn a_server_runs_on_the_runtime_it_is_given() {
    let server_runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let server = LoopbackServer::builder()
        .runtime(server_runtime.handle().clone())
        .start(|_| ok())
        .unwrap();
    let client_runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let text = client_runtime.block_on(async {
        reqwest::get(server.url("/"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    });
    assert_eq!(text, "ok");
}

#[tokio::test]
async fn a_tcp_handler_gets_each_connection_whole() {
    let server = LoopbackServer::builder()
        .start_tcp(|mut stream| async move {
            let mut buf = [0u8; 5];
            if stream.read_exact(&mut buf).await.is_ok() {
                buf.reverse();
                let _ = stream.write_all(&buf).await;
            }
        })
        .unwrap();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(server.addr()).await.unwrap();
        stream.write_all(b"hello").await.unwrap();
        let mut back = Vec::new();
        stream.read_to_end(&mut back).await.unwrap();
        assert_eq!(back, b"olleh");
    }
    assert_eq!((server.connections(), server.requests()), (2, 0));
}
