//! Reading `content/`: discovery and reading of record files and of the asset files they
//! name (`load`, `assets`: I/O), then parsing records (`parse`: pure, run by `assemble`).

pub mod assets;
pub mod characters;
pub mod frontmatter;
pub mod load;
pub mod parse;
pub mod raw;
pub mod recover;
pub mod toml_error;
