//! One module per page kind: its view structs (what the templates see) and the builder of
//! its pages from the model. A record kind's module holds its card, its page and its list.

pub mod brand;
pub mod call;
pub mod cluster;
pub mod cooperation;
pub mod directory;
pub mod document;
pub mod event;
pub mod figures;
pub mod home;
pub mod map;
pub mod news;
pub mod organisation;
pub mod page;
