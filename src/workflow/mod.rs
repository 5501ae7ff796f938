//! What the two front ends — the command line ([`crate::cli`]) and the
//! editor in the browser ([`crate::serve`]) — both do with sheets and files:
//! find sheets and their setups ([`setup`]), write a new sheet ([`init`]),
//! render a sheet to files ([`generate`]) without replacing edited ones
//! ([`guard`]), and write files atomically ([`output`]). Below both: it
//! imports neither.

pub mod generate;
pub mod guard;
pub mod init;
pub mod init_from;
pub mod ledger_template;
pub mod output;
pub mod setup;
