//! Checks of a migration's SQL before anything runs: a migration is applied in
//! exactly one transaction, so it must neither control that transaction itself
//! (`COMMIT`, `ROLLBACK`, `SAVEPOINT`…) nor hold a statement PostgreSQL refuses
//! inside a transaction block (`VACUUM`, `CREATE INDEX CONCURRENTLY`…).

use std::fmt;

use serde::Serialize;

use super::MigrationScript;
use crate::sql::{split_statements, Statement, TokenKind};

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

/// `(line, column, statement, reason)` of each offending statement of `sql`.
fn check_sql(sql: &str) -> Vec<(usize, usize, String, &'static str)> {
    let statements = match split_statements(sql) {
        Ok(statements) => statements,
        Err(e) => {
            return vec![(
                e.at.line,
                e.at.column,
                e.what.to_string(),
                "is never closed, so the file cannot be split into statements",
            )]
        }
    };
    let mut found = Vec::new();
    // Inside a SQL-standard function body (`BEGIN ATOMIC … END`) the `;` that
    // end its statements do not end the CREATE FUNCTION.
    let mut in_atomic_body = false;
    for statement in &statements {
        if in_atomic_body {
            in_atomic_body = !statement.starts_with_keywords(&["END"]);
            continue;
        }
        if opens_atomic_body(statement) {
            in_atomic_body = true;
            continue;
        }
        if let Some((what, reason)) = classify(statement) {
            found.push((
                statement.position.line,
                statement.position.column,
                what,
                reason,
            ));
        }
    }
    found
}

fn words(statement: &Statement<'_>) -> Vec<String> {
    statement
        .tokens
        .iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text.to_ascii_uppercase())
        .collect()
}

fn opens_atomic_body(statement: &Statement<'_>) -> bool {
    let lead = statement.leading_keywords(4);
    let is_routine = lead.first().is_some_and(|w| w == "CREATE")
        && lead
            .iter()
            .any(|w| matches!(w.as_str(), "FUNCTION" | "PROCEDURE"));
    let tokens = &statement.tokens;
    let opens = tokens
        .windows(2)
        .any(|pair| pair[0].is_keyword("BEGIN") && pair[1].is_keyword("ATOMIC"));
    let closes_itself = tokens.last().is_some_and(|t| t.is_keyword("END"));
    is_routine && opens && !closes_itself
}

/// What the statement is and why it is refused, if it is.
fn classify(statement: &Statement<'_>) -> Option<(String, &'static str)> {
    let lead = statement.leading_keywords(4);
    let first = lead.first().map(String::as_str).unwrap_or("");
    let second = lead.get(1).map(String::as_str).unwrap_or("");
    let all = words(statement);
    let has = |word: &str| all.iter().any(|w| w == word);
    let lead_is =
        |words: &[&str]| lead.len() >= words.len() && lead.iter().zip(words).all(|(a, b)| a == b);
    let named = |text: &str| Some((format!("`{text}`"), CONTROLS));
    let outside = |text: &str| Some((format!("`{text}`"), OUTSIDE));
    match (first, second) {
        ("BEGIN" | "COMMIT" | "END" | "ROLLBACK" | "ABORT" | "SAVEPOINT" | "RELEASE", _) => {
            named(first)
        }
        ("START", "TRANSACTION") => named("START TRANSACTION"),
        ("PREPARE", "TRANSACTION") => named("PREPARE TRANSACTION"),
        ("VACUUM", _) => outside("VACUUM"),
        ("CREATE" | "DROP", "DATABASE" | "TABLESPACE" | "SUBSCRIPTION") => {
            outside(&format!("{first} {second}"))
        }
        ("ALTER", "SUBSCRIPTION") => outside("ALTER SUBSCRIPTION"),
        ("ALTER", "SYSTEM") => outside("ALTER SYSTEM"),
        ("ALTER", "DATABASE") if has("TABLESPACE") => outside("ALTER DATABASE … SET TABLESPACE"),
        // CONCURRENTLY right after INDEX: elsewhere it may be a column's name.
        ("CREATE", _)
            if lead_is(&["CREATE", "INDEX", "CONCURRENTLY"])
                || lead_is(&["CREATE", "UNIQUE", "INDEX", "CONCURRENTLY"]) =>
        {
            outside("CREATE INDEX CONCURRENTLY")
        }
        ("DROP", "INDEX") if lead_is(&["DROP", "INDEX", "CONCURRENTLY"]) => {
            outside("DROP INDEX CONCURRENTLY")
        }
        ("REINDEX", _) if has("CONCURRENTLY") => outside("REINDEX … CONCURRENTLY"),
        ("REINDEX", _) if has("SYSTEM") || has("DATABASE") => outside("REINDEX SYSTEM/DATABASE"),
        ("ALTER", "TABLE") if has("DETACH") && has("CONCURRENTLY") => {
            outside("ALTER TABLE … DETACH PARTITION … CONCURRENTLY")
        }
        ("DISCARD", "ALL") => outside("DISCARD ALL"),
        ("CLUSTER", _) if all.len() <= 2 && (all.len() == 1 || second == "VERBOSE") => {
            outside("CLUSTER (of the whole database)")
        }
        _ => None,
    }
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
                   -- COMMIT;\n/* ROLLBACK; */\nSELECT 'COMMIT; VACUUM';\nCREATE INDEX i ON t (concurrently);\n\
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
    fn an_unclosed_quote_is_a_problem() {
        assert_eq!(refused("SELECT 'oops;\n"), vec!["1:8 string literal"]);
    }
}
