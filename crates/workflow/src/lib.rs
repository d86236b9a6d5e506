//! The view-change workflow: what the migrations have frozen for each view
//! ([`FrozenViews`], replayed from the migration history), and the SQL that
//! freezes a view's development definition into a new migration ([`render`]).

pub mod history;
pub mod render;

pub use history::{FrozenView, FrozenViews};
