//! The ca-biositing data portal's database side, as one crate to depend on.
//!
//! Portal code reads the views through [`views`] (typed, read-only mappings and
//! queries), on connections from [`reader`] (a pool that sends reads to healthy
//! replicas); operators and tools use [`db`] (connections, migrations),
//! [`refresh`], [`workflow`] (the view-change workflow) and [`sample`]; [`models`]
//! maps the base tables. The `biositing` binary lives in `crates/cli`.

pub use biositing_db as db;
pub use biositing_models as models;
pub use biositing_reader as reader;
pub use biositing_refresh as refresh;
pub use biositing_sample as sample;
pub use biositing_views as views;
pub use biositing_workflow as workflow;
