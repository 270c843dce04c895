//! One file per request, named after the LSP method it answers. Each takes a
//! [`Snapshot`](super::snapshot::Snapshot) and converts positions at its edge.

pub mod analyze_file;
pub mod code_action;
pub mod code_lens;
pub mod completion;
pub mod deliveries;
pub mod document_link;
pub mod document_status;
pub mod document_symbol;
pub mod execute_command;
pub mod folding_range;
pub mod hover;
pub mod inlay_hint;
pub mod references;
