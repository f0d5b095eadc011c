//! Reading `content/`: discovery of record files (I/O), then parsing them (pure, parallel).

pub mod assets;
pub mod frontmatter;
pub mod load;
pub mod raw;
pub mod toml_error;
