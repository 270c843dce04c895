//! The server's service in-process over a socket pair: the protocol without a process boundary.

use std::os::unix::net::UnixStream;

use serde_json::Value;

use crate::harness::{LspClient, fixture, position_of, range_of};

#[test]
fn in_process_server_publishes_and_hovers() {
    let (server_end, client_end) = UnixStream::pair().expect("socket pair");
    let runtime_thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            server_end.set_nonblocking(true).unwrap();
            let stream = tokio::net::UnixStream::from_std(server_end).unwrap();
            let (read, write) = stream.into_split();
            mail_lsp::lsp::serve(read, write).await
        })
    });
    let reader = client_end.try_clone().unwrap();
    let mut client = LspClient::new(Box::new(reader), Box::new(client_end), Default::default());
    let text = fixture("postfix.log");
    let uri = "file:///var/log/mail.log";
    client.initialize(&["utf-8"], None, Value::Null);
    client.open(uri, "log", &text);
    let diagnostics = client.diagnostics(uri, 1);
    let (line, character) = position_of(&text, "dsn=5.1.1", true);
    assert!(
        diagnostics
            .iter()
            .any(|d| d["code"] == "5.1.1"
                && range_of(d) == (line, character + 4, line, character + 9)),
        "{diagnostics:#?}"
    );
    let (line, character) = position_of(&text, "dsn=4.4.7", true);
    let hover = client.hover(uri, line as u32, character as u32 + 5);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("4.4.7"),
        "{hover}"
    );
    client.request("shutdown", Value::Null);
    client.notify("exit", Value::Null);
    assert!(
        runtime_thread.join().unwrap(),
        "orderly shutdown is reported"
    );
}
