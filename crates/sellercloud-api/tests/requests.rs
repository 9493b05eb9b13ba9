//! What the generated client puts on the wire and reads back, against a
//! one-shot HTTP listener on 127.0.0.1: the exact query string of a filtered
//! list (the Swagger's `model.*` names, lists as repeated keys), and the
//! add-items answer read as a JSON string or as plain text.

use sellercloud_api::enums::{
    PaymentStatus, PurchaseOrderStatus, QuickBooksExportedFilter, ReceivingStatus, ShippingStatus,
    VendorInvoicedFilter,
};
use sellercloud_api::{Client, Error, types};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One request as the listener read it.
struct Seen {
    /// `GET /rest/api/PurchaseOrders?... HTTP/1.1`
    request_line: String,
    body: String,
}

/// A complete HTTP answer with `status`, an optional content type, and `body`.
fn http_answer(status: &str, content_type: Option<&str>, body: &str) -> String {
    let content_type = content_type
        .map(|t| format!("Content-Type: {t}\r\n"))
        .unwrap_or_default();
    format!(
        "HTTP/1.1 {status}\r\n{content_type}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

/// Serves exactly one request on a fresh loopback port with `answer` (a full
/// HTTP response), and returns the client pointed at it with what it read.
async fn one_request<F, Fut, T>(answer: String, call: F) -> (T, Seen)
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/rest", listener.local_addr().unwrap());
    let server = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut read = Vec::new();
        let mut chunk = [0u8; 4096];
        // Read the head, then as much body as Content-Length says.
        let (head_end, length) = loop {
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed before the request ended");
            read.extend_from_slice(&chunk[..n]);
            if let Some(end) = read.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&read[..end]).to_ascii_lowercase();
                let length = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map(|v| v.trim().parse::<usize>().unwrap())
                    .unwrap_or(0);
                break (end + 4, length);
            }
        };
        while read.len() < head_end + length {
            let n = socket.read(&mut chunk).await.unwrap();
            assert!(n > 0, "connection closed inside the body");
            read.extend_from_slice(&chunk[..n]);
        }
        socket.write_all(answer.as_bytes()).await.unwrap();
        socket.shutdown().await.unwrap();
        let head = String::from_utf8_lossy(&read[..head_end]).into_owned();
        Seen {
            request_line: head.lines().next().unwrap_or_default().to_owned(),
            body: String::from_utf8_lossy(&read[head_end..]).into_owned(),
        }
    });
    let client = Client::new_with_client(
        &base,
        reqwest::Client::new(),
        api_runtime::hooks::RequestHooks::default(),
    );
    // Bounded: a hung exchange fails the test instead of stalling the suite.
    let result = tokio::time::timeout(Duration::from_secs(20), call(client))
        .await
        .expect("the call finished");
    let seen = tokio::time::timeout(Duration::from_secs(20), server)
        .await
        .expect("the listener finished")
        .unwrap();
    (result, seen)
}

fn list_answer() -> String {
    http_answer(
        "200 OK",
        Some("application/json"),
        r#"{"Items":[{"ID":7}],"TotalResults":1}"#,
    )
}

#[tokio::test]
async fn a_filtered_list_sends_the_swagger_names_with_repeated_keys() {
    let from = chrono::DateTime::parse_from_rfc3339("2024-05-01T00:00:00Z").unwrap();
    let to = chrono::DateTime::parse_from_rfc3339("2024-05-31T23:59:59.5+02:00").unwrap();
    let (answer, seen) = one_request(list_answer(), |client| async move {
        client
            .list_purchase_orders(
                Some(1),                 // model.approved
                Some(&vec![1, 2]),       // model.companyIDList
                Some(&from),             // model.createDateFrom
                Some(&to),               // model.createDateTo
                None,                    // model.inventoryCountEnabled
                Some("blue widget&co"),  // model.keyword
                Some(&vec![1000, 1001]), // model.pOIds
                Some(&vec![
                    PurchaseOrderStatus::Saved,
                    PurchaseOrderStatus::Ordered,
                ]),
                Some(2),                               // model.pageNumber
                Some(50),                              // model.pageSize
                Some(&vec![PaymentStatus::NoPayment]), // model.paymentStatus
                Some(&QuickBooksExportedFilter::All),  // model.qBExported
                None,                                  // model.receiveDateFrom
                None,                                  // model.receiveDateTo
                Some(&vec![5]),                        // model.receiveWarehouseID
                Some(&vec![
                    ReceivingStatus::None,
                    ReceivingStatus::PartiallyReceived,
                ]),
                Some(&vec![ShippingStatus::FullyShipped]), // model.shippingStatuses
                None,                                      // model.updatedDateFrom
                None,                                      // model.updatedDateTo
                Some(&VendorInvoicedFilter::NotInvoiced),  // model.vendorInvoiced
            )
            .await
    })
    .await;
    assert_eq!(
        seen.request_line,
        "GET /rest/api/PurchaseOrders?\
         model.approved=1\
         &model.companyIDList=1&model.companyIDList=2\
         &model.createDateFrom=2024-05-01T00%3A00%3A00Z\
         &model.createDateTo=2024-05-31T23%3A59%3A59.500%2B02%3A00\
         &model.keyword=blue+widget%26co\
         &model.pOIds=1000&model.pOIds=1001\
         &model.pOStatuses=Saved&model.pOStatuses=Ordered\
         &model.pageNumber=2\
         &model.pageSize=50\
         &model.paymentStatus=NoPayment\
         &model.qBExported=All\
         &model.receiveWarehouseID=5\
         &model.receivedStatuses=None&model.receivedStatuses=PartiallyReceived\
         &model.shippingStatuses=FullyShipped\
         &model.vendorInvoiced=NotInvoiced \
         HTTP/1.1"
    );
    let page = answer.unwrap().into_inner();
    assert_eq!(page.total_results, Some(1));
    assert_eq!(page.items.unwrap()[0].id, Some(7));
}

#[tokio::test]
async fn a_list_without_filters_sends_no_query_and_unknown_statuses_go_as_given() {
    use api_runtime::OpenEnum;
    let (_, seen) = one_request(list_answer(), |client| async move {
        client
            .list_purchase_orders(
                None, None, None, None, None, None, None, None, None, None, None, None, None, None,
                None, None, None, None, None, None,
            )
            .await
    })
    .await;
    assert_eq!(seen.request_line, "GET /rest/api/PurchaseOrders HTTP/1.1");

    let statuses = vec![
        PurchaseOrderStatus::from_code(42),
        PurchaseOrderStatus::from_name("Archived"),
        PurchaseOrderStatus::Select,
    ];
    let (_, seen) = one_request(list_answer(), |client| async move {
        client
            .list_purchase_orders(
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                Some(&statuses),
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
            )
            .await
    })
    .await;
    assert_eq!(
        seen.request_line,
        "GET /rest/api/PurchaseOrders?model.pOStatuses=42&model.pOStatuses=Archived&model.pOStatuses=Select HTTP/1.1"
    );
}

const SAVED: &str = "Successfully saved the purchase items.";

fn new_item() -> Vec<types::NewPurchaseOrderItem> {
    vec![
        serde_json::from_str(r#"{"ProductID":"SKU-1","QtyUnitsOrdered":3,"UnitPrice":4.50}"#)
            .unwrap(),
    ]
}

#[tokio::test]
async fn add_items_reads_a_plain_text_answer() {
    let body = new_item();
    let (answer, seen) = one_request(
        http_answer("200 OK", Some("text/plain; charset=utf-8"), SAVED),
        |client| async move { client.add_purchase_order_items(1000, &body).await },
    )
    .await;
    assert_eq!(
        seen.request_line,
        "POST /rest/api/PurchaseOrders/1000/items HTTP/1.1"
    );
    assert_eq!(
        seen.body,
        r#"[{"ProductID":"SKU-1","QtyUnitsOrdered":3,"UnitPrice":4.50}]"#
    );
    let answer = answer.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.into_inner(), SAVED);
}

#[tokio::test]
async fn add_items_reads_a_json_string_answer() {
    let body = new_item();
    let (answer, _) = one_request(
        http_answer("200 OK", Some("application/json"), &format!("\"{SAVED}\"")),
        |client| async move { client.add_purchase_order_items(1000, &body).await },
    )
    .await;
    assert_eq!(answer.unwrap().into_inner(), SAVED);
}

#[tokio::test]
async fn add_items_keeps_a_400_raw() {
    let body = new_item();
    let (answer, _) = one_request(
        http_answer(
            "400 Bad Request",
            Some("application/json"),
            r#"{"Message":"Server error"}"#,
        ),
        |client| async move { client.add_purchase_order_items(1000, &body).await },
    )
    .await;
    match answer {
        Err(Error::ErrorResponse(raw)) => assert_eq!(raw.status(), 400),
        other => panic!("expected a raw 400, got {other:?}"),
    }
}

#[tokio::test]
async fn receive_sends_its_body_and_reads_an_empty_answer() {
    let body: types::ReceivePurchaseOrderRequest = serde_json::from_str(
        r#"{"ReceiveInvoiceNumber":"INV-1","ShippingCost":0.10,"Items":[{"ID":50000,"QtyToReceive":2}]}"#,
    )
    .unwrap();
    let (answer, seen) = one_request(http_answer("200 OK", None, ""), |client| async move {
        client.receive_purchase_order(1000, &body).await
    })
    .await;
    assert_eq!(
        seen.request_line,
        "POST /rest/api/PurchaseOrders/1000/receive HTTP/1.1"
    );
    assert_eq!(
        seen.body,
        r#"{"Items":[{"ID":50000,"QtyToReceive":2}],"ReceiveInvoiceNumber":"INV-1","ShippingCost":0.10}"#
    );
    answer.unwrap();
}

#[tokio::test]
async fn get_and_items_use_their_paths() {
    let (answer, seen) = one_request(
        http_answer(
            "200 OK",
            Some("application/json"),
            r#"{"Purchase":{"POId":1000},"x":1}"#,
        ),
        |client| async move { client.get_purchase_order(1000).await },
    )
    .await;
    assert_eq!(
        seen.request_line,
        "GET /rest/api/PurchaseOrders/1000 HTTP/1.1"
    );
    let details = answer.unwrap().into_inner();
    assert_eq!(details.purchase.unwrap().po_id, Some(1000));

    let (answer, seen) = one_request(
        http_answer(
            "200 OK",
            Some("application/json"),
            r#"{"PoCaseQtyEnabled":true,"Items":[]}"#,
        ),
        |client| async move { client.get_purchase_order_items(1000).await },
    )
    .await;
    assert_eq!(
        seen.request_line,
        "GET /rest/api/PurchaseOrders/1000/Items HTTP/1.1"
    );
    assert_eq!(answer.unwrap().into_inner().po_case_qty_enabled, Some(true));
}
