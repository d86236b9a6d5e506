//! Migrations as frozen SQL: the set of scripts (embedded at build time or read
//! from a folder), the run-wide advisory lock, checksums of what was applied,
//! and the runner that ties them together over Diesel's migration harness.

mod check;
mod checksum_lock;
mod extensions;
mod lock;
mod runner;
mod script;

pub use check::{transaction_problems, TransactionProblem};
pub use checksum_lock::{ChecksumLock, LockMismatch, LOCK_FILE_NAME};
pub use extensions::{created_extensions, ensure_extensions_available, ExtensionProblem};
pub use lock::{MigrationLock, MIGRATION_LOCK_KEY};
pub use runner::{
    bound_session, migrate, record_applied_without_running, rollback, rollback_plan,
    rollback_with_limits, status, AppliedMigration, ChecksumState, EditedMigration, MigrateEvent,
    MigrateOptions, MigrateReport, MigrationStatus, RollbackTarget, RunLimits,
};
pub use script::{
    is_diesel_initial_setup, DuplicateVersion, MigrationScript, MigrationSet,
    DIESEL_INITIAL_SETUP_VERSION,
};
