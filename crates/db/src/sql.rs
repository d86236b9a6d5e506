//! A small SQL lexer, enough to split a script into statements and read their
//! leading keywords the way PostgreSQL does: `;` ends a statement only outside
//! comments (`--`, nested `/* */`), string literals (`'…'` with `''`, `E'…'` with
//! backslash escapes), quoted identifiers (`"…"`) and dollar-quoted bodies
//! (`$tag$…$tag$`). It never interprets SQL beyond that.

use std::fmt;

/// Where something is in a script: 1-based line and column (in characters).
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
        let before = &text[..offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line,
            column: before[line_start..].chars().count() + 1,
        }
    }
}

/// A script the lexer cannot read to its end.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what} starting at {at} is never closed")]
pub struct LexError {
    pub what: &'static str,
    pub at: Position,
}

/// What a token is. Comments and white space are not tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A keyword or unquoted identifier (letters, digits, `_`, `$`).
    Word,
    /// `"…"`.
    QuotedIdentifier,
    /// `'…'`, `E'…'`, `$tag$…$tag$` (and `B'…'`/`X'…'`/`U&'…'`).
    String,
    Number,
    /// `;`.
    Semicolon,
    /// Any other character (operators, parentheses, commas…), one at a time.
    Symbol,
}

/// One token: its kind and its byte range in the script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token<'a> {
    pub kind: TokenKind,
    pub text: &'a str,
    pub offset: usize,
}

impl Token<'_> {
    /// Whether this is the keyword `word` (case-insensitive).
    pub fn is_keyword(&self, word: &str) -> bool {
        self.kind == TokenKind::Word && self.text.eq_ignore_ascii_case(word)
    }
}

/// Every token of `sql`, comments and white space left out.
pub fn tokenize(sql: &str) -> Result<Vec<Token<'_>>, LexError> {
    let bytes = sql.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        let kind = match c {
            b if b.is_ascii_whitespace() => {
                i += 1;
                continue;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                i = sql[i..].find('\n').map_or(bytes.len(), |n| i + n + 1);
                continue;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = block_comment_end(sql, i)?;
                continue;
            }
            b'\'' => {
                i = quoted_end(sql, i, b'\'', false, "string literal")?;
                TokenKind::String
            }
            b'"' => {
                i = quoted_end(sql, i, b'"', false, "quoted identifier")?;
                TokenKind::QuotedIdentifier
            }
            b'$' => match dollar_tag(sql, i) {
                Some(tag) => {
                    let body = i + tag.len();
                    let close = sql[body..].find(tag).ok_or(LexError {
                        what: "dollar-quoted string",
                        at: Position::of(sql, start),
                    })?;
                    i = body + close + tag.len();
                    TokenKind::String
                }
                None => {
                    i += 1;
                    TokenKind::Symbol
                }
            },
            b';' => {
                i += 1;
                TokenKind::Semicolon
            }
            b if b.is_ascii_digit() => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'.') {
                    i += 1;
                }
                TokenKind::Number
            }
            b if is_word_start(b) => {
                while i < bytes.len() && is_word_part(bytes[i]) {
                    i += 1;
                }
                // E'…' (backslash escapes), B'…', X'…', N'…', U&'…' are one string token.
                let word = &sql[start..i];
                if bytes.get(i) == Some(&b'\'') && matches!(word, "E" | "e") {
                    i = quoted_end(sql, i, b'\'', true, "string literal")?;
                    TokenKind::String
                } else if bytes.get(i) == Some(&b'\'')
                    && matches!(word, "B" | "b" | "X" | "x" | "N" | "n")
                {
                    i = quoted_end(sql, i, b'\'', false, "string literal")?;
                    TokenKind::String
                } else {
                    TokenKind::Word
                }
            }
            _ => {
                // One character, which may be multi-byte.
                i += sql[i..].chars().next().map_or(1, char::len_utf8);
                TokenKind::Symbol
            }
        };
        tokens.push(Token {
            kind,
            text: &sql[start..i],
            offset: start,
        });
    }
    Ok(tokens)
}

/// One statement of a script: its text without the closing `;` (comments inside
/// kept, leading and trailing white space and comments trimmed), where it starts,
/// and its tokens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement<'a> {
    pub text: &'a str,
    pub offset: usize,
    pub position: Position,
    pub tokens: Vec<Token<'a>>,
}

impl Statement<'_> {
    /// The first `n` words of the statement, upper-cased (`["CREATE", "MATERIALIZED", "VIEW"]`).
    pub fn leading_keywords(&self, n: usize) -> Vec<String> {
        self.tokens
            .iter()
            .take(n)
            .take_while(|t| t.kind == TokenKind::Word)
            .map(|t| t.text.to_ascii_uppercase())
            .collect()
    }

    /// Whether the statement starts with these keywords (case-insensitive).
    pub fn starts_with_keywords(&self, words: &[&str]) -> bool {
        words.len() <= self.tokens.len()
            && self.tokens.iter().zip(words).all(|(t, w)| t.is_keyword(w))
    }
}

/// Splits a script into its statements. Empty statements (`;;`, a script of
/// comments) are left out; a last statement without `;` is kept. A statement's
/// text runs from its first token to its `;` (comments before the `;` kept),
/// trailing white space trimmed.
pub fn split_statements(sql: &str) -> Result<Vec<Statement<'_>>, LexError> {
    let tokens = tokenize(sql)?;
    let mut statements = Vec::new();
    let mut current: Vec<Token<'_>> = Vec::new();
    for token in tokens {
        if token.kind == TokenKind::Semicolon {
            if !current.is_empty() {
                statements.push(statement_of(
                    sql,
                    std::mem::take(&mut current),
                    token.offset,
                ));
            }
        } else {
            current.push(token);
        }
    }
    if !current.is_empty() {
        statements.push(statement_of(sql, current, sql.len()));
    }
    Ok(statements)
}

fn statement_of<'a>(sql: &'a str, tokens: Vec<Token<'a>>, end: usize) -> Statement<'a> {
    let start = tokens[0].offset;
    Statement {
        text: sql[start..end].trim_end(),
        offset: start,
        position: Position::of(sql, start),
        tokens,
    }
}

/// Byte offset just past the first `;` that ends a statement at or after
/// `from`, or `None` when the rest has no statement end.
pub fn statement_end(sql: &str, from: usize) -> Result<Option<usize>, LexError> {
    let rest = &sql[from..];
    Ok(tokenize(rest)?
        .into_iter()
        .find(|t| t.kind == TokenKind::Semicolon)
        .map(|t| from + t.offset + 1))
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_word_part(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

/// `$tag$` or `$$` at `at`, if one starts there (a positional parameter `$1` is not one).
fn dollar_tag(sql: &str, at: usize) -> Option<&str> {
    let bytes = sql.as_bytes();
    let mut j = at + 1;
    if bytes.get(j).is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    while j < bytes.len() && bytes[j] != b'$' {
        if !(bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_' || bytes[j] >= 0x80) {
            return None;
        }
        j += 1;
    }
    (j < bytes.len()).then(|| &sql[at..=j])
}

fn block_comment_end(sql: &str, start: usize) -> Result<usize, LexError> {
    let bytes = sql.as_bytes();
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Ok(i);
                }
            }
            _ => i += 1,
        }
    }
    Err(LexError {
        what: "comment",
        at: Position::of(sql, start),
    })
}

/// End (exclusive) of a quoted run opening at `start`; a doubled quote is an
/// escaped quote, and with `backslashes` so is `\'`.
fn quoted_end(
    sql: &str,
    start: usize,
    quote: u8,
    backslashes: bool,
    what: &'static str,
) -> Result<usize, LexError> {
    let bytes = sql.as_bytes();
    let mut i = start + 1;
    while i < bytes.len() {
        if backslashes && bytes[i] == b'\\' {
            i += 2;
            continue;
        }
        if bytes[i] == quote {
            if bytes.get(i + 1) == Some(&quote) {
                i += 2;
                continue;
            }
            return Ok(i + 1);
        }
        i += 1;
    }
    Err(LexError {
        what,
        at: Position::of(sql, start),
    })
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
    }

    #[test]
    fn leading_keywords_skip_comments_and_ignore_case() {
        let statements =
            split_statements("-- why\n  create materialized  view x AS SELECT 1;").unwrap();
        assert_eq!(
            statements[0].leading_keywords(3),
            vec!["CREATE", "MATERIALIZED", "VIEW"]
        );
        assert!(statements[0].starts_with_keywords(&["CREATE", "MATERIALIZED"]));
        assert!(!statements[0].starts_with_keywords(&["CREATE", "INDEX"]));
        assert_eq!(statements[0].position, Position { line: 2, column: 3 });
    }

    #[test]
    fn unterminated_runs_are_errors_with_their_position() {
        let err = split_statements("SELECT 1;\nSELECT 'open").unwrap_err();
        assert_eq!(err.what, "string literal");
        assert_eq!(err.at, Position { line: 2, column: 8 });
        assert_eq!(split_statements("/* /* */").unwrap_err().what, "comment");
        assert_eq!(
            split_statements("SELECT $a$ x").unwrap_err().what,
            "dollar-quoted string"
        );
    }

    #[test]
    fn statement_end_finds_the_real_terminator() {
        let sql = "x AS SELECT ';' -- ;\n;rest";
        assert_eq!(statement_end(sql, 0).unwrap(), Some(22));
        assert_eq!(&sql[22..], "rest");
        assert_eq!(statement_end("no end", 0).unwrap(), None);
    }
}
