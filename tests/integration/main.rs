//! Integration tests: the real `showcase` binary on fixture sites in temporary folders.
//! One test binary for the whole suite (each `tests/*.rs` would link the crate again).

mod actors;
mod base_path;
mod build;
mod check;
mod deploy;
mod figures;
mod fixture;
mod hostile;
mod hostile_svg;
mod images;
mod languages;
mod map;
mod output_safety;
mod plan;
mod search;
mod search_quality;
mod serve;
mod templates;
mod visible_text;
