//! Criterion benches for the pure analysis and the catalog: one message, one log chunk, lookups.
//!
//!     cargo bench -p mail-lsp --bench analysis

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mail_lsp::analysis::{self, DocumentKind, Provider};
use mail_lsp::catalog::{self, Query};

const NDR: &str = include_str!("../../tests/e2e/fixtures/exchange-ndr.eml");
const POSTFIX: &str = include_str!("../../tests/e2e/fixtures/postfix.log");

/// About 1 MB of Postfix log built from the fixture's lines.
fn log_chunk() -> String {
    let mut chunk = String::with_capacity(1 << 20);
    while chunk.len() < 1 << 20 {
        chunk.push_str(POSTFIX);
    }
    chunk
}

/// A bounce carrying a large base64 attachment, as users forward them.
fn big_bounce() -> String {
    let mut message = NDR.replace(
        "Content-Type: text/plain; charset=\"utf-8\"\nContent-Transfer-Encoding: 8bit\n",
        "Content-Type: multipart/mixed; boundary=\"b1\"\n",
    );
    let body_start = message.find("\n\n").map_or(message.len(), |i| i + 2);
    let body = message.split_off(body_start);
    message.push_str("--b1\nContent-Type: text/plain; charset=utf-8\n\n");
    message.push_str(&body);
    message
        .push_str("\n--b1\nContent-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n");
    let line =
        "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+CnN0\n";
    while message.len() < 10 << 20 {
        message.push_str(line);
    }
    message.push_str("--b1--\n");
    message
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("analysis");
    group.throughput(Throughput::Bytes(NDR.len() as u64));
    group.bench_function("exchange ndr message", |b| {
        b.iter(|| analysis::analyze(black_box(NDR), DocumentKind::Message))
    });
    let chunk = log_chunk();
    group.throughput(Throughput::Bytes(chunk.len() as u64));
    group.bench_function("postfix log 1 MB", |b| {
        b.iter(|| analysis::analyze(black_box(&chunk), DocumentKind::Log))
    });
    let bounce = big_bounce();
    group.throughput(Throughput::Bytes(bounce.len() as u64));
    group.sample_size(10);
    group.bench_function("10 MB bounce with attachment", |b| {
        b.iter(|| analysis::analyze(black_box(&bounce), DocumentKind::Message))
    });
    group.finish();

    let catalog = catalog::builtin();
    let mut group = c.benchmark_group("catalog");
    group.bench_function("lookup exchange code and text", |b| {
        b.iter(|| {
            catalog.lookup(black_box(&Query {
                code: "5.7.1",
                reply: Some(550),
                text: Some("Unable to relay for bob@example.com"),
                provider: Some(Provider::Microsoft),
            }))
        })
    });
    group.bench_function("lookup registry code", |b| {
        b.iter(|| {
            catalog.lookup(black_box(&Query {
                code: "5.1.1",
                reply: Some(550),
                text: Some("User unknown"),
                provider: None,
            }))
        })
    });
    group.bench_function("lookup reply code", |b| {
        b.iter(|| {
            catalog.lookup(black_box(&Query {
                code: "550",
                ..Query::default()
            }))
        })
    });
    group.finish();
}

criterion_group!(analysis_benches, benches);
criterion_main!(analysis_benches);
