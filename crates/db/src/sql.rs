//! SQL read the way PostgreSQL reads it: statements, their kinds and the nodes
//! inside them come from PostgreSQL's own parser (libpg_query, through the
//! `pg_query` crate), so a `;` ends a statement exactly where the server would
//! end it (a `--` comment ends at `\n` or a bare `\r`, block comments nest,
//! `E''` strings have backslash escapes, `U&""` identifiers, dollar quotes…).
//! Positions are byte offsets into the text, shown as 1-based line and column.
//!
//! psql meta-commands (`\restrict`, `\connect`, `\i`…) are not SQL: the server
//! never sees them when psql runs a file, and biositing sends files to the
//! server, not to psql. They are refused as a parse error naming their position.

use std::fmt;

pub use pg_query::protobuf::Token as TokenKind;
pub use pg_query::NodeEnum;

/// Where something is in a script: 1-based line and column (in characters).
/// A line ends at `\n`, `\r\n` or a bare `\r`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl Position {
    /// The position of byte `offset` of `text`.
    pub fn of(text: &str, offset: usize) -> Self {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let bytes = before.as_bytes();
        let mut line = 1;
        let mut line_start = 0;
        for (i, b) in bytes.iter().enumerate() {
            let breaks = *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if breaks {
                line += 1;
                line_start = i + 1;
            }
        }
        Position {
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// A script PostgreSQL's parser refuses, with where it stopped.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{at}: {message}")]
pub struct SqlError {
    /// PostgreSQL's message (`syntax error at or near "x"`, `unterminated quoted string…`).
    pub message: String,
    pub at: Position,
}

/// One token of a script (comments included, white space not), as
/// PostgreSQL's scanner sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    pub offset: usize,
}

impl Token<'_> {
    /// Whether this is a comment (`--…` or `/*…*/`).
    pub fn is_comment(&self) -> bool {
        matches!(self.kind, TokenKind::SqlComment | TokenKind::CComment)
    }

    /// Whether this is the keyword or bare word `word` (case-insensitive).
    pub fn is_keyword(&self, word: &str) -> bool {
        !self.is_comment() && !self.text.starts_with('"') && self.text.eq_ignore_ascii_case(word)
    }
}

/// Every token of `sql`, comments included.
pub fn tokenize(sql: &str) -> Result<Vec<Token<'_>>, SqlError> {
    let scanned = pg_query::scan(&nul_free(sql)?).map_err(|e| error_of(sql, e))?;
    Ok(scanned
        .tokens
        .iter()
        .filter_map(|t| {
            let (start, end) = (usize::try_from(t.start).ok()?, usize::try_from(t.end).ok()?);
            Some(Token {
                kind: TokenKind::try_from(t.token).unwrap_or(TokenKind::Nul),
                text: sql.get(start..end)?,
                offset: start,
            })
        })
        .collect())
}

/// One statement of a script: its text without the closing `;` (from its first
/// token, comments inside kept, trailing white space trimmed), where it starts,
/// and PostgreSQL's parse tree of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement<'a> {
    pub text: &'a str,
    pub offset: usize,
    pub position: Position,
    pub node: NodeEnum,
}

/// Splits a script into its statements, as the server would. Empty statements
/// (`;;`, a script of comments) are left out; a last statement without `;` is
/// kept. A script the parser refuses is an error with its position.
pub fn split_statements(sql: &str) -> Result<Vec<Statement<'_>>, SqlError> {
    let parsed = pg_query::parse(&nul_free(sql)?, pg_query::ParserOptions::DEFAULT)
        .map_err(|e| error_of(sql, e))?;
    let tokens = tokenize(sql)?;
    let mut statements = Vec::new();
    for raw in parsed.protobuf.stmts {
        let Some(node) = raw.stmt.and_then(|n| n.node) else {
            continue;
        };
        let location = usize::try_from(raw.stmt_location).unwrap_or(0);
        let end = match usize::try_from(raw.stmt_len) {
            Ok(0) | Err(_) => sql.len(),
            Ok(len) => (location + len).min(sql.len()),
        };
        // The parser's location is just after the previous `;`: the statement
        // starts at its first token that is not a comment.
        let start = tokens
            .iter()
            .find(|t| t.offset >= location && !t.is_comment())
            .map_or(location, |t| t.offset)
            .min(end);
        statements.push(Statement {
            text: sql[start..end].trim_end(),
            offset: start,
            position: Position::of(sql, start),
            node,
        });
    }
    Ok(statements)
}

/// The parse tree of `node` as JSON (every field, every nested node), for
/// walks that must not miss a node kind.
pub fn tree_json(node: &NodeEnum) -> serde_json::Value {
    serde_json::to_value(node).unwrap_or(serde_json::Value::Null)
}

/// Every node named `kind` (`"FuncCall"`, `"LockingClause"`…) anywhere in `tree`.
pub fn nodes_of_kind<'t>(tree: &'t serde_json::Value, kind: &str) -> Vec<&'t serde_json::Value> {
    let mut found = Vec::new();
    let mut stack = vec![tree];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(map) => {
                for (key, child) in map {
                    if key == kind {
                        found.push(child);
                    }
                    stack.push(child);
                }
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
    found
}

/// A function called somewhere in a statement: its name as written (lower-cased
/// unless quoted, `schema.name` when qualified) and the byte offset of the call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionCall {
    pub name: String,
    /// The unqualified name.
    pub function: String,
    pub offset: usize,
}

/// Every function call in `node` (in any clause, subquery or CTE).
pub fn function_calls(node: &NodeEnum) -> Vec<FunctionCall> {
    let tree = tree_json(node);
    let mut calls: Vec<FunctionCall> = nodes_of_kind(&tree, "FuncCall")
        .into_iter()
        .filter_map(|call| {
            let parts: Vec<String> = call
                .get("funcname")?
                .as_array()?
                .iter()
                .filter_map(|part| {
                    Some(
                        part.get("node")?
                            .get("String")?
                            .get("sval")?
                            .as_str()?
                            .to_string(),
                    )
                })
                .collect();
            let function = parts.last()?.clone();
            let offset = call
                .get("location")
                .and_then(serde_json::Value::as_i64)
                .and_then(|l| usize::try_from(l).ok())
                .unwrap_or(0);
            Some(FunctionCall {
                name: parts.join("."),
                function,
                offset,
            })
        })
        .collect();
    calls.sort_by_key(|c| c.offset);
    calls
}

/// The byte offset of each locking clause (`FOR UPDATE`, `FOR NO KEY UPDATE`,
/// `FOR SHARE`, `FOR KEY SHARE`) in `sql`, which holds `statement`.
pub fn locking_clauses(sql: &str, statement: &Statement<'_>) -> Vec<usize> {
    let tree = tree_json(&statement.node);
    let wanted: usize = nodes_of_kind(&tree, "locking_clause")
        .iter()
        .filter_map(|list| list.as_array().map(Vec::len))
        .sum::<usize>()
        + nodes_of_kind(&tree, "LockingClause").len();
    if wanted == 0 {
        return Vec::new();
    }
    let tokens: Vec<Token<'_>> = tokenize(sql)
        .unwrap_or_default()
        .into_iter()
        .filter(|t| !t.is_comment())
        .collect();
    let found: Vec<usize> = tokens
        .windows(2)
        .filter(|w| {
            (statement.offset..statement.offset + statement.text.len()).contains(&w[0].offset)
                && w[0].is_keyword("FOR")
                && ["UPDATE", "SHARE", "NO", "KEY"]
                    .iter()
                    .any(|k| w[1].is_keyword(k))
        })
        .map(|w| w[0].offset)
        .collect();
    if found.is_empty() {
        vec![statement.offset]
    } else {
        found
    }
}

/// The byte offsets of the `;` tokens of `sql` (never one inside a comment,
/// string or quoted identifier).
pub fn semicolons(sql: &str) -> Result<Vec<usize>, SqlError> {
    Ok(tokenize(sql)?
        .into_iter()
        .filter(|t| t.kind == TokenKind::Ascii59)
        .map(|t| t.offset)
        .collect())
}

/// Whether `sql` ends in a `--` comment (a `;` written right after it would be
/// part of the comment).
pub fn ends_in_line_comment(sql: &str) -> bool {
    tokenize(sql)
        .ok()
        .and_then(|tokens| tokens.last().map(|t| t.kind == TokenKind::SqlComment))
        .unwrap_or(false)
}

/// Byte offset just past the first `;` that ends a statement at or after
/// `from`, or `None` when the rest has no statement end.
pub fn statement_end(sql: &str, from: usize) -> Result<Option<usize>, SqlError> {
    let rest = &sql[from..];
    Ok(semicolons(rest)?.first().map(|at| from + at + 1))
}

fn nul_free(sql: &str) -> Result<std::borrow::Cow<'_, str>, SqlError> {
    match sql.find('\0') {
        Some(at) => Err(SqlError {
            message: "a NUL character is not allowed in SQL".into(),
            at: Position::of(sql, at),
        }),
        None => Ok(std::borrow::Cow::Borrowed(sql)),
    }
}

/// PostgreSQL's message and where it stopped. libpg_query reports no position
/// through the crate, so it is found again: a lexical error (`unterminated …
/// at or near "<rest of the script>"`) starts where its quoted rest starts; a
/// syntax error is at the first token that makes the script's prefix
/// unparsable (an LR parser stops at the first token no statement can
/// continue with, so that prefix is found by bisection).
fn error_of(sql: &str, error: pg_query::Error) -> SqlError {
    let message = match error {
        pg_query::Error::Parse(m) | pg_query::Error::Scan(m) | pg_query::Error::Split(m) => m,
        other => other.to_string(),
    };
    let end = Position::of(sql, sql.trim_end().len());
    let near = message
        .split_once(" at or near \"")
        .map(|(_, rest)| rest.strip_suffix('"').unwrap_or(rest).to_string());
    let Some(near) = near else {
        return SqlError { message, at: end };
    };
    if message.starts_with("unterminated") {
        let at = sql.rfind(&near).unwrap_or(0);
        return SqlError {
            message,
            at: Position::of(sql, at),
        };
    }
    let offset = first_unparsable_token(sql)
        .or_else(|| sql.find(&near))
        .unwrap_or(0);
    let mut message = message;
    if sql[offset..].starts_with('\\') {
        let command: String = sql[offset..]
            .chars()
            .take_while(|c| !c.is_whitespace())
            .collect();
        message = format!(
            "`{command}` is a psql meta-command, not SQL: remove it (the file is sent to the server, which never sees psql's commands)"
        );
    }
    SqlError {
        message,
        at: Position::of(sql, offset),
    }
}

fn first_unparsable_token(sql: &str) -> Option<usize> {
    let tokens: Vec<Token<'_>> = tokenize(sql)
        .ok()?
        .into_iter()
        .filter(|t| !t.is_comment())
        .collect();
    let stops_at_token = |count: usize| {
        let end = tokens[count - 1].offset + tokens[count - 1].text.len();
        match pg_query::parse(&sql[..end], pg_query::ParserOptions::DEFAULT) {
            Ok(_) => false,
            Err(e) => !e.to_string().contains("at end of input"),
        }
    };
    let (mut good, mut bad) = (0usize, tokens.len());
    if bad == 0 || !stops_at_token(bad) {
        return None;
    }
    while bad - good > 1 {
        let middle = (good + bad) / 2;
        if stops_at_token(middle) {
            bad = middle;
        } else {
            good = middle;
        }
    }
    Some(tokens[bad - 1].offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        split_statements(sql)
            .unwrap()
            .into_iter()
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn semicolons_inside_comments_strings_and_identifiers_do_not_end_a_statement() {
        let sql = "SELECT 'a;b', \"x;y\" -- c;d\nFROM t /* e; /* nested; */ f; */ WHERE E'g\\';h' <> $q$i;j$q$;\nSELECT 2;";
        assert_eq!(
            texts(sql),
            vec![
                "SELECT 'a;b', \"x;y\" -- c;d\nFROM t /* e; /* nested; */ f; */ WHERE E'g\\';h' <> $q$i;j$q$",
                "SELECT 2"
            ]
        );
    }

    #[test]
    fn a_bare_carriage_return_ends_a_line_comment_as_in_postgresql() {
        let sql = "SELECT 1 -- note\r; COMMIT; CREATE TABLE x (i int)";
        let statements = split_statements(sql).unwrap();
        assert_eq!(statements.len(), 3);
        assert!(matches!(statements[1].node, NodeEnum::TransactionStmt(_)));
        let crlf = split_statements("SELECT 1;\r\n-- c\r\nSELECT 2;\rSELECT 3").unwrap();
        assert_eq!(crlf.len(), 3);
        assert_eq!(crlf[1].position, Position { line: 3, column: 1 });
        assert_eq!(crlf[2].position, Position { line: 4, column: 1 });
    }

    #[test]
    fn doubled_quotes_and_dollar_bodies() {
        let sql = "SELECT 'it''s; fine';\nDO $$ BEGIN PERFORM 1; END $$;\nSELECT $1;";
        let statements = split_statements(sql).unwrap();
        assert_eq!(statements.len(), 3);
        assert_eq!(statements[0].text, "SELECT 'it''s; fine'");
        assert_eq!(statements[1].text, "DO $$ BEGIN PERFORM 1; END $$");
        assert_eq!(statements[1].position, Position { line: 2, column: 1 });
        assert_eq!(statements[2].text, "SELECT $1");
    }

    #[test]
    fn empty_statements_and_comment_only_scripts_yield_nothing() {
        assert!(texts("-- nothing\n;;\n/* still nothing */").is_empty());
        assert_eq!(
            texts("SELECT 1\n-- the end\n"),
            vec!["SELECT 1\n-- the end"]
        );
        assert_eq!(texts("SELECT 1 -- why\n;"), vec!["SELECT 1 -- why"]);
        assert_eq!(
            split_statements("-- why\n  create materialized  view x AS SELECT 1;").unwrap()[0]
                .position,
            Position { line: 2, column: 3 }
        );
    }

    #[test]
    fn errors_name_their_position() {
        let err = split_statements("SELECT 1;\nSELECT 'open").unwrap_err();
        assert!(err.message.contains("unterminated quoted string"), "{err}");
        assert_eq!(err.at, Position { line: 2, column: 8 });
        let err = split_statements("/* /* */").unwrap_err();
        assert!(err.message.contains("comment"), "{err}");
        assert!(split_statements("SELECT $a$ x").is_err());
        let err = split_statements("SELECT 1;\nSELECT 2 FROM FROM t;").unwrap_err();
        assert_eq!(
            err.at,
            Position {
                line: 2,
                column: 15
            },
            "{err}"
        );
    }

    #[test]
    fn psql_meta_commands_are_refused_with_their_position() {
        let err = split_statements("SELECT 1;\n\\restrict abc\nSELECT 2;").unwrap_err();
        assert_eq!(err.at, Position { line: 2, column: 1 }, "{err}");
        assert!(
            err.message.contains("`\\restrict` is a psql meta-command"),
            "{err}"
        );
    }

    #[test]
    fn function_calls_and_locking_clauses_are_found_everywhere() {
        let sql = "WITH a AS (SELECT nextval('s') AS n) SELECT x.f(1), (SELECT pg_catalog.set_config('a', 'b', true)) FROM a, LATERAL (SELECT * FROM t FOR UPDATE) l";
        let statements = split_statements(sql).unwrap();
        let names: Vec<String> = function_calls(&statements[0].node)
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(names, vec!["nextval", "x.f", "pg_catalog.set_config"]);
        let locks = locking_clauses(sql, &statements[0]);
        assert_eq!(locks, vec![sql.find("FOR UPDATE").unwrap()]);
    }

    #[test]
    fn statement_end_finds_the_real_terminator() {
        let sql = "x AS SELECT ';' -- ;\n;rest";
        assert_eq!(statement_end(sql, 0).unwrap(), Some(22));
        assert_eq!(&sql[22..], "rest");
        assert_eq!(statement_end("no end", 0).unwrap(), None);
        assert!(ends_in_line_comment("SELECT 1 -- x"));
        assert!(!ends_in_line_comment("SELECT 1 /* x */"));
    }
}
