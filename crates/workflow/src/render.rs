//! The SQL text that migrations freeze for a view. [`crate::history`] parses
//! exactly this form back, so the two must change together.
//!
//! A view that replaces another one is built beside it: under a temporary name
//! ([`temporary_name`]) with temporarily named indexes, then swapped in at the
//! end of the migration ([`rename_view`], [`rename_index`]). Readers of the old
//! view wait only for the swap, not for the population.

use biositing_views::{ViewDefinition, PORTAL_SCHEMA, READONLY_ROLE};
use sha2::{Digest, Sha256};

/// PostgreSQL's identifier limit (NAMEDATALEN - 1), in bytes. Longer names are
/// silently truncated, which would break the renames of the swap.
pub const MAX_IDENTIFIER_BYTES: usize = 63;

/// Appended to a view's or index's name while it is built beside the old one.
pub const TEMPORARY_SUFFIX: &str = "__new";

/// `CREATE MATERIALIZED VIEW data_portal.<name> AS` + definition + `;`.
pub fn create_view(view: &ViewDefinition) -> String {
    create_view_from(view.name, view.definition)
}

pub fn create_view_from(name: &str, definition: &str) -> String {
    let body = definition.trim_end();
    format!(
        "CREATE MATERIALIZED VIEW {PORTAL_SCHEMA}.{name} AS\n{body}{};\n",
        if ends_in_comment(body) { "\n" } else { "" }
    )
}

/// Whether `sql` ends in a `--` comment: a `;` written right after it would be
/// swallowed, so it goes on a line of its own.
fn ends_in_comment(sql: &str) -> bool {
    biositing_db::sql::ends_in_line_comment(sql)
}

/// One `CREATE INDEX` line per index, unique first as declared.
pub fn create_indexes(view: &ViewDefinition) -> Vec<String> {
    view.indexes
        .iter()
        .map(|index| index.create_sql(view))
        .collect()
}

pub fn drop_view(name: &str) -> String {
    format!("DROP MATERIALIZED VIEW IF EXISTS {PORTAL_SCHEMA}.{name};\n")
}

pub fn grant_select(name: &str) -> String {
    format!("GRANT SELECT ON {PORTAL_SCHEMA}.{name} TO {READONLY_ROLE};\n")
}

pub fn revoke_select(name: &str) -> String {
    format!("REVOKE SELECT ON {PORTAL_SCHEMA}.{name} FROM {READONLY_ROLE};\n")
}

/// `ALTER MATERIALIZED VIEW data_portal.<from> RENAME TO <to>;`
pub fn rename_view(from: &str, to: &str) -> String {
    format!("ALTER MATERIALIZED VIEW {PORTAL_SCHEMA}.{from} RENAME TO {to};\n")
}

/// `ALTER INDEX data_portal.<from> RENAME TO <to>;`
pub fn rename_index(from: &str, to: &str) -> String {
    format!("ALTER INDEX {PORTAL_SCHEMA}.{from} RENAME TO {to};\n")
}

/// The name a view or index has while it is built beside `name`: `<name>__new`,
/// or, when that would pass 63 bytes, a cut of `name` plus 8 hex digits of its
/// SHA-256 (so two long names cut alike still differ) plus the suffix.
pub fn temporary_name(name: &str) -> String {
    let plain = format!("{name}{TEMPORARY_SUFFIX}");
    if plain.len() <= MAX_IDENTIFIER_BYTES {
        return plain;
    }
    let hash = hex8(name);
    let keep = MAX_IDENTIFIER_BYTES - TEMPORARY_SUFFIX.len() - hash.len() - 1;
    let mut cut = keep.min(name.len());
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}_{hash}{TEMPORARY_SUFFIX}", &name[..cut])
}

fn hex8(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(4)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The name of the index a `CREATE [UNIQUE] INDEX <name> ON …` statement creates.
pub fn index_name(statement: &str) -> Option<&str> {
    let tail = statement
        .strip_prefix("CREATE UNIQUE INDEX ")
        .or_else(|| statement.strip_prefix("CREATE INDEX "))?;
    tail.split_whitespace().next()
}

/// An index statement of the form [`create_indexes`] writes, renamed and moved:
/// the index gets the name `index` and is built on `data_portal.<view>`.
/// `None` when the statement is not of that form.
pub fn retarget_index(statement: &str, index: &str, view: &str) -> Option<String> {
    let (head, name_and_rest) = if let Some(t) = statement.strip_prefix("CREATE UNIQUE INDEX ") {
        ("CREATE UNIQUE INDEX ", t)
    } else {
        ("CREATE INDEX ", statement.strip_prefix("CREATE INDEX ")?)
    };
    let (_, rest) = name_and_rest.split_once(' ')?;
    let on = format!("ON {PORTAL_SCHEMA}.");
    let target = rest.strip_prefix(&on)?;
    let (_, after_view) = target.split_once(' ')?;
    Some(format!("{head}{index} {on}{view} {after_view}"))
}

/// `definition` with every reference to `data_portal.<from>` turned into one to
/// `data_portal.<to>` (whole names only: `mv_a` does not match `mv_ab`).
pub fn rename_references(definition: &str, from: &str, to: &str) -> String {
    let needle = format!("{PORTAL_SCHEMA}.{from}");
    let mut out = String::with_capacity(definition.len());
    let mut rest = definition;
    while let Some(at) = rest.find(&needle) {
        let after = &rest[at + needle.len()..];
        let whole = !after
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        out.push_str(&rest[..at]);
        if whole {
            out.push_str(&format!("{PORTAL_SCHEMA}.{to}"));
        } else {
            out.push_str(&needle);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Whether `definition` reads `data_portal.<name>`.
pub fn references(definition: &str, name: &str) -> bool {
    rename_references(definition, name, "\u{0}") != definition
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_stay_within_the_identifier_limit_and_differ() {
        assert_eq!(temporary_name("mv_a"), "mv_a__new");
        let exact = "x".repeat(MAX_IDENTIFIER_BYTES - TEMPORARY_SUFFIX.len());
        assert_eq!(temporary_name(&exact), format!("{exact}__new"));
        let long_a = format!("idx_{}_a", "y".repeat(58));
        let long_b = format!("idx_{}_b", "y".repeat(58));
        let (ta, tb) = (temporary_name(&long_a), temporary_name(&long_b));
        assert_eq!(ta.len(), MAX_IDENTIFIER_BYTES, "{ta}");
        assert_eq!(tb.len(), MAX_IDENTIFIER_BYTES, "{tb}");
        assert_ne!(ta, tb);
        assert!(ta.ends_with(TEMPORARY_SUFFIX));
    }

    #[test]
    fn index_statements_are_retargeted_to_the_temporary_view() {
        let statement = "CREATE UNIQUE INDEX idx_mv_a_id ON data_portal.mv_a USING btree (id);";
        assert_eq!(
            retarget_index(statement, "idx_mv_a_id__new", "mv_a__new").unwrap(),
            "CREATE UNIQUE INDEX idx_mv_a_id__new ON data_portal.mv_a__new USING btree (id);"
        );
        assert_eq!(
            retarget_index(
                "CREATE INDEX i ON data_portal.v USING gin (name gin_trgm_ops);",
                "j",
                "w"
            )
            .unwrap(),
            "CREATE INDEX j ON data_portal.w USING gin (name gin_trgm_ops);"
        );
        assert_eq!(
            retarget_index("CREATE INDEX i ON public.t (a);", "j", "w"),
            None
        );
        assert_eq!(index_name(statement), Some("idx_mv_a_id"));
    }

    #[test]
    fn references_are_renamed_as_whole_names_only() {
        let definition = "SELECT * FROM data_portal.mv_a JOIN data_portal.mv_ab USING (id) JOIN data_portal.mv_a x USING (id)";
        assert_eq!(
            rename_references(definition, "mv_a", "mv_a__new"),
            "SELECT * FROM data_portal.mv_a__new JOIN data_portal.mv_ab USING (id) JOIN data_portal.mv_a__new x USING (id)"
        );
        assert!(references(definition, "mv_ab"));
        assert!(!references(definition, "mv_b"));
        assert!(!references("FROM data_portal.mv_a__new", "mv_a"));
    }

    #[test]
    fn a_trailing_line_comment_never_swallows_the_semicolon() {
        let sql = create_view_from("mv_x", "SELECT 1 AS id -- the id; always 1\n");
        assert_eq!(
            sql,
            "CREATE MATERIALIZED VIEW data_portal.mv_x AS\nSELECT 1 AS id -- the id; always 1\n;\n"
        );
        let statements = biositing_db::sql::split_statements(&sql).unwrap();
        assert_eq!(statements.len(), 1);
        assert!(statements[0].text.ends_with("-- the id; always 1"));
        assert_eq!(
            create_view_from("mv_x", "SELECT ';' AS id\n"),
            "CREATE MATERIALIZED VIEW data_portal.mv_x AS\nSELECT ';' AS id;\n"
        );
    }
}
