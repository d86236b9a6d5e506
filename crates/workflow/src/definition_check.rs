//! What can be checked in a view's `definition.sql` without a database: that it
//! is exactly one statement (a `;` inside a comment or a string literal is fine),
//! and that its top-level SELECT list agrees with the view's typed mapping in
//! column count and names. Also maps a position in generated SQL back into the
//! definition file, so errors point where the developer edits.

use biositing_db::sql::{self, NodeEnum, Position};
use biositing_views::{ViewDefinition, DEFINITION_FILE};

use crate::project::VIEWS_SRC;
use crate::{Error, Result};

/// `crates/views/src/<view>/definition.sql`, as messages name it.
pub fn definition_path(view: &str) -> String {
    format!("{VIEWS_SRC}/{view}/{DEFINITION_FILE}")
}

/// The definition read by PostgreSQL's parser: exactly one query (`SELECT`,
/// `VALUES`, `TABLE`, with any `WITH` list) that writes nothing (no `SELECT
/// INTO`, no data-modifying statement in a `WITH`). Anything else is refused
/// with its place in `definition.sql`, before any of it reaches a server.
pub fn parsed_definition(view: &ViewDefinition) -> Result<sql::Statement<'_>> {
    let path = definition_path(view.name);
    let definition = view.definition;
    let mut statements = sql::split_statements(definition)
        .map_err(|e| Error::InvalidInput(format!("{path} {}: {}", e.at, e.message)))?;
    let semicolons = sql::semicolons(definition)
        .map_err(|e| Error::InvalidInput(format!("{path} {}: {}", e.at, e.message)))?;
    if statements.is_empty() {
        return Err(Error::InvalidInput(format!(
            "{path} holds no statement: write the view's SELECT"
        )));
    }
    if let Some(&semicolon) = semicolons.first() {
        let at = Position::of(definition, semicolon);
        let trailing =
            statements.len() == 1 && semicolon >= statements[0].offset + statements[0].text.len();
        return Err(Error::InvalidInput(if trailing {
            format!("{path} {at}: remove the trailing `;` (a view definition is one SELECT; the migration adds the `;`)")
        } else {
            format!("{path} {at}: the `;` ends the statement early; a view definition is exactly one SELECT (a `;` in a comment or string literal is fine)")
        }));
    }
    let statement = statements.remove(0);
    let at = statement.position;
    let NodeEnum::SelectStmt(select) = &statement.node else {
        return Err(Error::InvalidInput(format!(
            "{path} {at}: a view definition is one SELECT (or VALUES/TABLE), not {}",
            statement_kind(statement.text)
        )));
    };
    if select.into_clause.is_some() {
        return Err(Error::InvalidInput(format!(
            "{path} {at}: SELECT … INTO creates a table; a view definition only reads"
        )));
    }
    let tree = sql::tree_json(&statement.node);
    for kind in ["InsertStmt", "UpdateStmt", "DeleteStmt", "MergeStmt"] {
        if !sql::nodes_of_kind(&tree, kind).is_empty() {
            return Err(Error::InvalidInput(format!(
                "{path} {at}: the definition holds a data-modifying statement ({kind}) in its WITH list; a view definition only reads"
            )));
        }
    }
    Ok(statement)
}

/// Refuses a definition that is not exactly one reading query without a `;`
/// (see [`parsed_definition`]).
pub fn single_statement(view: &ViewDefinition) -> Result<()> {
    parsed_definition(view).map(|_| ())
}

/// What a statement is, by its leading keywords (`CREATE TABLE`).
fn statement_kind(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .take(2)
        .collect();
    format!("`{}`", words.join(" ").to_ascii_uppercase())
}

/// Functions that change something outside the query whatever their declared
/// volatility, or that reach other sessions, servers or files: always refused
/// where the definition runs. Prefixes end in `*`.
pub const SIDE_EFFECT_FUNCTIONS: &[&str] = &[
    "nextval",
    "setval",
    "set_config",
    "pg_terminate_backend",
    "pg_cancel_backend",
    "pg_notify",
    "pg_advisory*",
    "pg_try_advisory*",
    "*replication_slot*",
    "pg_replication_origin*",
    "pg_logical_emit_message",
    "pg_reload_conf",
    "pg_rotate_logfile",
    "pg_switch_wal",
    "pg_create_restore_point",
    "pg_stat_reset*",
    "pg_file_*",
    "pg_read_file",
    "pg_read_binary_file",
    "pg_import_system_collations",
    "txid_current",
    "pg_current_xact_id",
    "lo_*",
    "loread",
    "lowrite",
    "dblink*",
    "query_to_xml*",
    "table_to_xml*",
    "cursor_to_xml*",
    "database_to_xml*",
    "schema_to_xml*",
];

/// Volatile functions a definition may call where it runs: they read a clock,
/// draw random numbers or wait (bounded by the statement timeout), and change
/// nothing.
pub const HARMLESS_VOLATILE_FUNCTIONS: &[&str] = &[
    "now",
    "clock_timestamp",
    "statement_timestamp",
    "transaction_timestamp",
    "timeofday",
    "random",
    "random_normal",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "pg_sleep",
    "pg_sleep_for",
    "pg_sleep_until",
];

fn matches_pattern(name: &str, pattern: &str) -> bool {
    match (pattern.strip_prefix('*'), pattern.strip_suffix('*')) {
        (Some(inner), _) if inner.ends_with('*') => name.contains(inner.trim_end_matches('*')),
        (Some(suffix), _) => name.ends_with(suffix),
        (None, Some(prefix)) => name.starts_with(prefix),
        (None, None) => name == pattern,
    }
}

/// Whether a call of `function` (unqualified, lower-case) has side effects by name.
pub fn is_side_effect_function(function: &str) -> bool {
    let function = function.to_ascii_lowercase();
    SIDE_EFFECT_FUNCTIONS
        .iter()
        .any(|p| matches_pattern(&function, p))
}

/// What in the definition would change something or hold locks where it runs,
/// as far as the text tells: locking clauses (`FOR UPDATE`…) and calls of
/// [`SIDE_EFFECT_FUNCTIONS`], one message each naming its place in
/// `definition.sql`. `volatile` names further functions the server declares
/// volatile (outside [`HARMLESS_VOLATILE_FUNCTIONS`]), refused alike.
pub fn side_effects(view: &ViewDefinition, volatile: &[String]) -> Result<Vec<String>> {
    let statement = parsed_definition(view)?;
    let path = definition_path(view.name);
    let mut problems: Vec<String> = sql::locking_clauses(view.definition, &statement)
        .into_iter()
        .map(|offset| {
            format!(
                "{path} {}: a locking clause (FOR UPDATE/SHARE) takes row locks that block writers",
                Position::of(view.definition, offset)
            )
        })
        .collect();
    for call in sql::function_calls(&statement.node) {
        let function = call.function.to_ascii_lowercase();
        let reason = if is_side_effect_function(&function) {
            "has side effects"
        } else if volatile.contains(&function)
            && !HARMLESS_VOLATILE_FUNCTIONS.contains(&function.as_str())
        {
            "is volatile (it may change something)"
        } else {
            continue;
        };
        problems.push(format!(
            "{path} {}: `{}` {reason}",
            Position::of(view.definition, call.offset),
            call.name
        ));
    }
    Ok(problems)
}

/// The unqualified names of the functions the definition calls, lower-cased.
pub fn called_functions(view: &ViewDefinition) -> Result<Vec<String>> {
    let statement = parsed_definition(view)?;
    let mut names: Vec<String> = sql::function_calls(&statement.node)
        .into_iter()
        .map(|c| c.function.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    Ok(names)
}

/// The output column names of the definition's top-level SELECT list, in order;
/// `None` for a column whose name only PostgreSQL can tell (an expression
/// without `AS`). `None` altogether when the list cannot be read (no SELECT
/// list, a `*`, or the parser refuses the text).
pub fn select_list(definition: &str) -> Option<Vec<Option<String>>> {
    let statements = sql::split_statements(definition).ok()?;
    let [statement] = statements.as_slice() else {
        return None;
    };
    let NodeEnum::SelectStmt(select) = &statement.node else {
        return None;
    };
    // For a UNION (INTERSECT, EXCEPT) its first branch names the columns.
    let mut select = select.as_ref();
    while let Some(left) = select.larg.as_deref() {
        select = left;
    }
    if select.target_list.is_empty() {
        return None;
    }
    let mut names = Vec::new();
    for target in &select.target_list {
        let Some(NodeEnum::ResTarget(target)) = &target.node else {
            return None;
        };
        if !target.name.is_empty() {
            names.push(Some(target.name.clone()));
            continue;
        }
        let value = target.val.as_ref().and_then(|v| v.node.as_ref());
        match value {
            Some(NodeEnum::ColumnRef(reference)) => {
                match reference.fields.last().and_then(|f| f.node.as_ref()) {
                    Some(NodeEnum::String(name)) => names.push(Some(name.sval.clone())),
                    Some(NodeEnum::AStar(_)) => return None,
                    _ => names.push(None),
                }
            }
            _ => names.push(None),
        }
    }
    Some(names)
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

    /// A registered view with another definition.
    fn with_definition(text: &str) -> &'static ViewDefinition {
        Box::leak(Box::new(ViewDefinition {
            definition: Box::leak(text.to_string().into_boxed_str()),
            ..*biositing_views::VIEWS[0]
        }))
    }

    fn refusal(text: &str) -> String {
        match parsed_definition(with_definition(text)) {
            Ok(_) => String::new(),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn only_one_reading_query_is_a_definition() {
        assert_eq!(refusal("SELECT 1 AS a\n"), "");
        assert_eq!(refusal("VALUES (1)"), "");
        assert!(refusal("SELECT 1 AS a;").contains("line 1, column 14: remove the trailing `;`"));
        assert!(refusal("SELECT 1 AS a -- x\r; COMMIT")
            .contains("line 2, column 1: the `;` ends the statement early"));
        assert!(
            refusal("CREATE TABLE t (i int)").contains("not `CREATE TABLE`"),
            "{}",
            refusal("CREATE TABLE t (i int)")
        );
        assert!(refusal("SELECT 1 AS a INTO t").contains("SELECT … INTO creates a table"));
        assert!(
            refusal("WITH d AS (DELETE FROM t RETURNING 1) SELECT * FROM d")
                .contains("data-modifying statement (DeleteStmt)")
        );
        assert!(refusal("SELECT 1 AS a\n\\restrict x")
            .contains("line 2, column 1: `\\restrict` is a psql meta-command"));
        assert!(refusal("-- nothing\n").contains("holds no statement"));
    }

    #[test]
    fn side_effects_are_named_with_their_place() {
        let view =
            with_definition("SELECT nextval('s') AS a,\n  now() AS b, f() AS c\nFROM t FOR SHARE");
        let problems = side_effects(view, &["now".into(), "f".into()]).unwrap();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].ends_with("line 3, column 8: a locking clause (FOR UPDATE/SHARE) takes row locks that block writers"));
        assert!(problems[1].ends_with("line 1, column 8: `nextval` has side effects"));
        assert!(
            problems[2].ends_with("line 2, column 15: `f` is volatile (it may change something)")
        );
        assert!(is_side_effect_function(
            "pg_create_logical_replication_slot"
        ));
        assert!(is_side_effect_function("PG_ADVISORY_XACT_LOCK"));
        assert!(is_side_effect_function("lo_import"));
        assert!(!is_side_effect_function("lower"));
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
