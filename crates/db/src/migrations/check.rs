//! Checks of a migration's SQL before anything runs: a migration is applied in
//! exactly one transaction, so it must neither control that transaction itself
//! (`COMMIT`, `ROLLBACK`, `SAVEPOINT`…) nor hold a statement PostgreSQL refuses
//! inside a transaction block (`VACUUM`, `CREATE INDEX CONCURRENTLY`…).

use std::fmt;

use serde::Serialize;

use super::MigrationScript;
use crate::sql::{split_statements, NodeEnum};

/// A statement that breaks the one-transaction promise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransactionProblem {
    pub folder: String,
    /// `up.sql` or `down.sql`.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What the statement is, e.g. `COMMIT` or `CREATE INDEX CONCURRENTLY`.
    pub statement: String,
    pub reason: String,
}

impl fmt::Display for TransactionProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} line {}, column {}: {} {}",
            self.folder, self.file, self.line, self.column, self.statement, self.reason
        )
    }
}

const CONTROLS: &str =
    "controls the transaction, which the runner owns (each migration is exactly one transaction)";
const OUTSIDE: &str = "cannot run inside a transaction block";

/// Problems of both files of `script`, in file order.
pub fn transaction_problems(script: &MigrationScript) -> Vec<TransactionProblem> {
    [("up.sql", script.up_sql()), ("down.sql", script.down_sql())]
        .into_iter()
        .flat_map(|(file, sql)| {
            check_sql(sql)
                .into_iter()
                .map(
                    move |(line, column, statement, reason)| TransactionProblem {
                        folder: script.folder().to_string(),
                        file: file.to_string(),
                        line,
                        column,
                        statement,
                        reason: reason.to_string(),
                    },
                )
        })
        .collect()
}

/// `(line, column, statement, reason)` of each offending statement of `sql`,
/// as PostgreSQL's parser splits and reads it.
fn check_sql(sql: &str) -> Vec<(usize, usize, String, &'static str)> {
    let statements = match split_statements(sql) {
        Ok(statements) => statements,
        Err(e) => {
            return vec![(
                e.at.line,
                e.at.column,
                e.message,
                "so the file cannot be split into statements",
            )]
        }
    };
    statements
        .iter()
        .filter_map(|statement| {
            classify(&statement.node).map(|(what, reason)| {
                (
                    statement.position.line,
                    statement.position.column,
                    format!("`{what}`"),
                    reason,
                )
            })
        })
        .collect()
}

/// What the statement is and why it is refused, if it is.
pub fn classify(node: &NodeEnum) -> Option<(String, &'static str)> {
    use pg_query::protobuf::{
        AlterTableType, DiscardMode, ReindexObjectType, TransactionStmtKind as Kind,
    };
    let controls = |what: &str| Some((what.to_string(), CONTROLS));
    let outside = |what: &str| Some((what.to_string(), OUTSIDE));
    match node {
        NodeEnum::TransactionStmt(t) => controls(match Kind::try_from(t.kind) {
            Ok(Kind::TransStmtBegin) => "BEGIN",
            Ok(Kind::TransStmtStart) => "START TRANSACTION",
            Ok(Kind::TransStmtCommit) => "COMMIT",
            Ok(Kind::TransStmtRollback) => "ROLLBACK",
            Ok(Kind::TransStmtSavepoint) => "SAVEPOINT",
            Ok(Kind::TransStmtRelease) => "RELEASE",
            Ok(Kind::TransStmtRollbackTo) => "ROLLBACK TO SAVEPOINT",
            Ok(Kind::TransStmtPrepare) => "PREPARE TRANSACTION",
            Ok(Kind::TransStmtCommitPrepared) => "COMMIT PREPARED",
            Ok(Kind::TransStmtRollbackPrepared) => "ROLLBACK PREPARED",
            _ => "transaction control",
        }),
        NodeEnum::VacuumStmt(v) if v.is_vacuumcmd => outside("VACUUM"),
        NodeEnum::CreatedbStmt(_) => outside("CREATE DATABASE"),
        NodeEnum::DropdbStmt(_) => outside("DROP DATABASE"),
        NodeEnum::CreateTableSpaceStmt(_) => outside("CREATE TABLESPACE"),
        NodeEnum::DropTableSpaceStmt(_) => outside("DROP TABLESPACE"),
        NodeEnum::CreateSubscriptionStmt(_) => outside("CREATE SUBSCRIPTION"),
        NodeEnum::DropSubscriptionStmt(_) => outside("DROP SUBSCRIPTION"),
        NodeEnum::AlterSubscriptionStmt(_) => outside("ALTER SUBSCRIPTION"),
        NodeEnum::AlterSystemStmt(_) => outside("ALTER SYSTEM"),
        NodeEnum::AlterDatabaseStmt(a) if has_option(&a.options, "tablespace") => {
            outside("ALTER DATABASE … SET TABLESPACE")
        }
        NodeEnum::IndexStmt(i) if i.concurrent => outside("CREATE INDEX CONCURRENTLY"),
        NodeEnum::DropStmt(d) if d.concurrent => outside("DROP INDEX CONCURRENTLY"),
        NodeEnum::ReindexStmt(r) if has_option(&r.params, "concurrently") => {
            outside("REINDEX … CONCURRENTLY")
        }
        NodeEnum::ReindexStmt(r)
            if matches!(
                ReindexObjectType::try_from(r.kind),
                Ok(ReindexObjectType::ReindexObjectSystem
                    | ReindexObjectType::ReindexObjectDatabase)
            ) =>
        {
            outside("REINDEX SYSTEM/DATABASE")
        }
        NodeEnum::AlterTableStmt(a)
            if a.cmds.iter().any(|cmd| match &cmd.node {
                Some(NodeEnum::AlterTableCmd(c)) => {
                    c.subtype == AlterTableType::AtDetachPartition as i32
                        && matches!(
                            c.def.as_ref().and_then(|d| d.node.as_ref()),
                            Some(NodeEnum::PartitionCmd(p)) if p.concurrent
                        )
                }
                _ => false,
            }) =>
        {
            outside("ALTER TABLE … DETACH PARTITION … CONCURRENTLY")
        }
        NodeEnum::DiscardStmt(d) if d.target == DiscardMode::DiscardAll as i32 => {
            outside("DISCARD ALL")
        }
        NodeEnum::ClusterStmt(c) if c.relation.is_none() => {
            outside("CLUSTER (of the whole database)")
        }
        _ => None,
    }
}

fn has_option(options: &[pg_query::protobuf::Node], name: &str) -> bool {
    options.iter().any(
        |o| matches!(&o.node, Some(NodeEnum::DefElem(d)) if d.defname.eq_ignore_ascii_case(name)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(sql: &str) -> Vec<String> {
        check_sql(sql)
            .into_iter()
            .map(|(line, column, what, _)| format!("{line}:{column} {what}"))
            .collect()
    }

    #[test]
    fn transaction_control_is_refused_with_its_position() {
        assert_eq!(
            refused("CREATE TABLE a (id int);\n  COMMIT;\nCREATE TABLE b (id int);"),
            vec!["2:3 `COMMIT`"]
        );
        for sql in [
            "begin",
            "Begin Work",
            "END",
            "rollback",
            "ABORT",
            "SAVEPOINT s",
            "RELEASE SAVEPOINT s",
            "ROLLBACK TO SAVEPOINT s",
            "START TRANSACTION",
            "PREPARE TRANSACTION 'x'",
            "COMMIT PREPARED 'x'",
        ] {
            assert_eq!(refused(sql).len(), 1, "{sql}");
        }
    }

    #[test]
    fn statements_outside_transactions_are_refused() {
        for (sql, what) in [
            ("VACUUM ANALYZE t", "`VACUUM`"),
            ("create database x", "`CREATE DATABASE`"),
            ("DROP TABLESPACE t", "`DROP TABLESPACE`"),
            (
                "CREATE INDEX CONCURRENTLY i ON t (a)",
                "`CREATE INDEX CONCURRENTLY`",
            ),
            (
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a)",
                "`CREATE INDEX CONCURRENTLY`",
            ),
            ("DROP INDEX CONCURRENTLY i", "`DROP INDEX CONCURRENTLY`"),
            (
                "REINDEX (VERBOSE) TABLE CONCURRENTLY t",
                "`REINDEX … CONCURRENTLY`",
            ),
            ("ALTER SYSTEM SET work_mem = '1GB'", "`ALTER SYSTEM`"),
            (
                "CREATE SUBSCRIPTION s CONNECTION 'x' PUBLICATION p",
                "`CREATE SUBSCRIPTION`",
            ),
            (
                "ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
                "`ALTER TABLE … DETACH PARTITION … CONCURRENTLY`",
            ),
        ] {
            assert_eq!(refused(sql), vec![format!("1:1 {what}")], "{sql}");
        }
    }

    #[test]
    fn words_in_bodies_comments_and_strings_are_not_statements() {
        let sql = "DO $$\nBEGIN\n  CREATE ROLE r;\nEXCEPTION WHEN duplicate_object THEN NULL;\nEND\n$$;\n\
                   -- COMMIT;\n/* ROLLBACK; */\nSELECT 'COMMIT; VACUUM';\nCREATE INDEX i ON t (\"concurrently\");\n\
                   CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n\
                   CREATE TABLE after_function (id int);\nCOMMENT ON TABLE t IS 'END';";
        assert_eq!(refused(sql), Vec::<String>::new());
        // …but a COMMIT after a SQL-standard body is seen again.
        assert_eq!(
            refused(
                "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nCOMMIT;"
            ),
            vec!["2:1 `COMMIT`"]
        );
    }

    #[test]
    fn a_commit_hidden_behind_a_comment_ended_by_a_carriage_return_is_seen() {
        assert_eq!(
            refused("CREATE TABLE a (id int); -- note\r COMMIT; CREATE TABLE b (id int);"),
            vec!["2:2 `COMMIT`"]
        );
    }

    #[test]
    fn an_unclosed_quote_is_a_problem() {
        let problems = check_sql("SELECT 'oops;\n");
        assert_eq!((problems[0].0, problems[0].1), (1, 8));
        assert!(problems[0].2.contains("unterminated quoted string"));
    }
}
