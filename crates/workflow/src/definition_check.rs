//! What can be checked in a view's `definition.sql` without a database: that it
//! is exactly one statement (a `;` inside a comment or a string literal is fine),
//! and that its top-level SELECT list agrees with the view's typed mapping in
//! column count and names. Also maps a position in generated SQL back into the
//! definition file, so errors point where the developer edits.

use biositing_db::sql::{self, Position, Token, TokenKind};
use biositing_views::{ViewDefinition, DEFINITION_FILE};

use crate::project::VIEWS_SRC;
use crate::{Error, Result};

/// `crates/views/src/<view>/definition.sql`, as messages name it.
pub fn definition_path(view: &str) -> String {
    format!("{VIEWS_SRC}/{view}/{DEFINITION_FILE}")
}

/// Refuses a definition that is not exactly one statement without a `;`.
pub fn single_statement(view: &ViewDefinition) -> Result<()> {
    let path = definition_path(view.name);
    let tokens =
        sql::tokenize(view.definition).map_err(|e| Error::InvalidInput(format!("{path}: {e}")))?;
    if tokens.is_empty() {
        return Err(Error::InvalidInput(format!(
            "{path} holds no statement: write the view's SELECT"
        )));
    }
    if let Some(semicolon) = tokens.iter().find(|t| t.kind == TokenKind::Semicolon) {
        let at = Position::of(view.definition, semicolon.offset);
        let trailing = tokens.last().is_some_and(|t| t.offset == semicolon.offset);
        return Err(Error::InvalidInput(if trailing {
            format!("{path} {at}: remove the trailing `;` (a view definition is one SELECT; the migration adds the `;`)")
        } else {
            format!("{path} {at}: the `;` ends the statement early; a view definition is exactly one SELECT (a `;` in a comment or string literal is fine)")
        }));
    }
    Ok(())
}

/// The output column names of the definition's top-level SELECT list, in order;
/// `None` for a column whose name only PostgreSQL can tell (an expression
/// without `AS`). `None` altogether when the list cannot be read (no top-level
/// SELECT, a `*`, or the lexer fails).
pub fn select_list(definition: &str) -> Option<Vec<Option<String>>> {
    let tokens = sql::tokenize(definition).ok()?;
    // The first SELECT outside parentheses: after any WITH list, whose bodies
    // are parenthesised; for a UNION its first branch names the columns.
    let mut depth = 0i32;
    let mut start = None;
    for (i, t) in tokens.iter().enumerate() {
        match t.text {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            _ if depth == 0 && t.is_keyword("SELECT") => {
                start = Some(i + 1);
                break;
            }
            _ => {}
        }
    }
    let mut i = start?;
    if tokens.get(i).is_some_and(|t| t.is_keyword("ALL")) {
        i += 1;
    } else if tokens.get(i).is_some_and(|t| t.is_keyword("DISTINCT")) {
        i += 1;
        if tokens.get(i).is_some_and(|t| t.is_keyword("ON")) {
            i = skip_parenthesised(&tokens, i + 1)?;
        }
    }
    const LIST_END: [&str; 12] = [
        "FROM",
        "WHERE",
        "GROUP",
        "HAVING",
        "WINDOW",
        "UNION",
        "INTERSECT",
        "EXCEPT",
        "ORDER",
        "LIMIT",
        "OFFSET",
        "INTO",
    ];
    let mut items: Vec<Vec<Token<'_>>> = vec![Vec::new()];
    let mut depth = 0i32;
    for t in &tokens[i..] {
        match t.text {
            "(" | "[" => depth += 1,
            ")" | "]" => depth -= 1,
            "," if depth == 0 => {
                items.push(Vec::new());
                continue;
            }
            _ if depth == 0 && LIST_END.iter().any(|k| t.is_keyword(k)) => break,
            _ => {}
        }
        if let Some(item) = items.last_mut() {
            item.push(*t);
        }
    }
    if items.iter().any(|item| item.is_empty() || is_star(item)) {
        return None;
    }
    Some(items.iter().map(|item| column_name(item)).collect())
}

fn skip_parenthesised(tokens: &[Token<'_>], at: usize) -> Option<usize> {
    if tokens.get(at)?.text != "(" {
        return None;
    }
    let mut depth = 0i32;
    for (i, t) in tokens.iter().enumerate().skip(at) {
        match t.text {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn is_star(item: &[Token<'_>]) -> bool {
    item.last().is_some_and(|t| t.text == "*")
        && (item.len() == 1 || item[item.len() - 2].text == ".")
}

/// `… AS name` → name; a bare column reference `a.b` → `b`; else unknown.
fn column_name(item: &[Token<'_>]) -> Option<String> {
    let n = item.len();
    if n >= 2 && item[n - 2].is_keyword("AS") {
        return identifier(&item[n - 1]);
    }
    let is_reference = item.iter().enumerate().all(|(i, t)| {
        if i % 2 == 1 {
            t.text == "."
        } else {
            matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdentifier)
        }
    }) && n % 2 == 1;
    if is_reference {
        return identifier(&item[n - 1]);
    }
    None
}

fn identifier(token: &Token<'_>) -> Option<String> {
    match token.kind {
        TokenKind::Word => Some(token.text.to_lowercase()),
        TokenKind::QuotedIdentifier => Some(
            token.text[1..token.text.len() - 1]
                .replace("\"\"", "\"")
                .to_string(),
        ),
        _ => None,
    }
}

/// Differences between the view's typed mapping and what its definition's
/// SELECT list says, as far as the text tells (count and written names), and
/// between the mapping and the row struct. Empty when nothing disagrees or the
/// list cannot be read; `views diff --database` checks types and the rest.
pub fn mapping_against_definition(view: &ViewDefinition) -> Vec<String> {
    let mut problems = Vec::new();
    let mapped: Vec<&str> = view.columns.iter().map(|c| c.name).collect();
    let row: Vec<String> = (view.row_columns)();
    if row.iter().map(String::as_str).ne(mapped.iter().copied()) {
        problems.push(format!(
            "the row struct selects {row:?}, the mapping declares {mapped:?}"
        ));
    }
    let Some(list) = select_list(view.definition) else {
        return problems;
    };
    let path = definition_path(view.name);
    if list.len() != mapped.len() {
        problems.push(format!(
            "{path} selects {} columns, the mapping in {VIEWS_SRC}/{}/mod.rs declares {}",
            list.len(),
            view.name,
            mapped.len()
        ));
    }
    for (position, (written, mapped)) in list.iter().zip(&mapped).enumerate() {
        if let Some(written) = written {
            if written != mapped {
                problems.push(format!(
                    "column #{}: {path} names it `{written}`, the mapping `{mapped}`",
                    position + 1
                ));
            }
        }
    }
    problems
}

/// Where byte `offset` of `sql` (SQL that quotes the view's definition verbatim)
/// lies in `definition.sql`, when it lies inside the quoted definition.
pub fn locate_in_definition(view: &ViewDefinition, sql: &str, offset: usize) -> Option<Position> {
    let body = view.definition.trim_end();
    if body.is_empty() {
        return None;
    }
    sql.match_indices(body).find_map(|(start, _)| {
        (start..start + body.len())
            .contains(&offset)
            .then(|| Position::of(view.definition, offset - start))
    })
}

/// Byte offset of PostgreSQL's 1-based character `position` in `sql`.
pub fn byte_offset(sql: &str, position: i32) -> usize {
    let chars = usize::try_from(position.saturating_sub(1)).unwrap_or(0);
    sql.char_indices().nth(chars).map_or(sql.len(), |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(sql: &str) -> Option<Vec<Option<String>>> {
        select_list(sql)
    }

    fn known(list: &[&str]) -> Option<Vec<Option<String>>> {
        Some(list.iter().map(|s| Some((*s).to_string())).collect())
    }

    #[test]
    fn select_lists_name_their_columns() {
        assert_eq!(
            names("SELECT r.id, r.name AS \"Resource\", count(*) AS n FROM r GROUP BY 1, 2"),
            known(&["id", "Resource", "n"])
        );
        assert_eq!(
            names("WITH x AS (SELECT a, b FROM t) SELECT DISTINCT ON (x.a) x.a, coalesce(x.b, 0) FROM x UNION SELECT 1, 2"),
            Some(vec![Some("a".into()), None])
        );
        // `;` and commas in comments and literals are not list separators.
        assert_eq!(
            names("SELECT 'a, b; c' AS label, -- one, two;\n  f(x, y) AS v /* , w */ FROM t"),
            known(&["label", "v"])
        );
        assert_eq!(names("SELECT t.* FROM t"), None);
        assert_eq!(names("VALUES (1)"), None);
    }

    #[test]
    fn positions_map_back_into_the_definition() {
        let view = biositing_views::VIEWS[0];
        let sql = format!("-- header\nCREATE X AS\n{};\n", view.definition.trim_end());
        let start = sql.find(view.definition.trim_end()).unwrap();
        let second_line = view.definition.find('\n').unwrap() + 1;
        assert_eq!(
            locate_in_definition(view, &sql, start + second_line + 2),
            Some(Position { line: 2, column: 3 })
        );
        assert_eq!(locate_in_definition(view, &sql, 0), None);
        assert_eq!(byte_offset("aé b", 4), "aé ".len());
    }

    #[test]
    fn every_registered_definition_agrees_with_its_mapping() {
        for view in biositing_views::VIEWS {
            single_statement(view).unwrap();
            assert_eq!(
                mapping_against_definition(view),
                Vec::<String>::new(),
                "{}",
                view.name
            );
        }
    }
}
