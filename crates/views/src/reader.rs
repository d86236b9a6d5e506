//! The recommended pool configuration for portal readers calling the typed queries:
//! [`biositing_db::pool::reader_pool_builder`], re-exported here (its documentation
//! explains how the pool finds dead connections without r2d2's checkout ping).

pub use biositing_db::pool::reader_pool_builder;
