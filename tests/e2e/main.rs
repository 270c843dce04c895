//! End-to-end tests: the real `mail-lsp` binary driven over JSON-RPC on its stdio, the same
//! server in-process over a socket pair, and the `check` / `explain` commands.

mod harness;

mod analyze_file;
mod auth;
mod cli;
mod follow;
mod in_process;
mod lifecycle;
mod locale;
mod msg;
mod navigation;
mod one_analysis;
mod process;
mod rules;
mod schema;
mod shipper;
mod stamps;
mod user_catalog;
