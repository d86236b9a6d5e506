//! Migrations as frozen SQL: the set of scripts (embedded at build time or read
//! from a folder), the run-wide advisory lock, checksums of what was applied,
//! and the runner that ties them together over Diesel's migration harness.

mod checksum_lock;
mod lock;
mod runner;
mod script;

pub use checksum_lock::{ChecksumLock, LockMismatch, LOCK_FILE_NAME};
pub use lock::MigrationLock;
pub use runner::{
    migrate, record_applied_without_running, rollback, status, AppliedMigration, ChecksumState,
    EditedMigration, MigrateEvent, MigrateOptions, MigrateReport, MigrationStatus, RollbackTarget,
};
pub use script::{MigrationScript, MigrationSet};
