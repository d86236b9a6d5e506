//! The compiled schema as data: every table and column of [`crate::schema`], in
//! the order `diesel print-schema` wrote them.
//!
//! Diesel's `table!` macros give types, not a list one can iterate, so this reads
//! the very text they were compiled from (`schema.rs`, included at build time).
//! Tools that must follow the schema without being edited for every new column
//! use it: `biositing verify` compares it with the live base tables, the sample
//! generator truncates and analyzes every table it names, and the tests derive
//! their coverage from it.

use std::sync::OnceLock;

/// The text `crate::schema` was compiled from.
pub const SCHEMA_RS: &str = include_str!("schema.rs");

/// Where the schema lives in a checkout, for messages.
pub const SCHEMA_PATH: &str = "crates/models/src/schema.rs";

/// The command that regenerates [`SCHEMA_PATH`] from a migrated database.
pub const PRINT_SCHEMA_FIX: &str = "run `diesel print-schema > crates/models/src/schema.rs`";

/// One table of the compiled schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseTable {
    pub name: String,
    pub primary_key: Vec<String>,
    /// In column order.
    pub columns: Vec<BaseColumn>,
}

impl BaseTable {
    pub fn column(&self, name: &str) -> Option<&BaseColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// One column: its SQL name and its Diesel type as `diesel print-schema` spells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseColumn {
    pub name: String,
    /// The Diesel SQL type without `Nullable<…>`, e.g. `Int4`, `Varchar`.
    pub sql_type: String,
    pub nullable: bool,
}

impl BaseColumn {
    /// The type as written in `schema.rs`, e.g. `Nullable<Int4>`.
    pub fn schema_type(&self) -> String {
        if self.nullable {
            format!("Nullable<{}>", self.sql_type)
        } else {
            self.sql_type.clone()
        }
    }
}

/// Every table of the compiled schema, in `schema.rs` order.
pub fn base_tables() -> &'static [BaseTable] {
    static TABLES: OnceLock<Vec<BaseTable>> = OnceLock::new();
    TABLES.get_or_init(|| parse_schema(SCHEMA_RS))
}

/// Looks a table of the compiled schema up by name.
pub fn base_table(name: &str) -> Option<&'static BaseTable> {
    base_tables().iter().find(|t| t.name == name)
}

/// The Diesel type `diesel print-schema` writes for a PostgreSQL type name
/// (`pg_type.typname`): `int4` → `Int4`, `_text` → `Array<Nullable<Text>>`.
pub fn diesel_type_of(typname: &str) -> String {
    if let Some(element) = typname.strip_prefix('_') {
        return format!("Array<Nullable<{}>>", diesel_type_of(element));
    }
    let mut chars = typname.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => String::new(),
    }
}

/// Reads the `diesel::table!` blocks of a `diesel print-schema` output.
/// Lines it does not know (`joinable!`, `use`, attributes other than
/// `sql_name`) are skipped.
pub fn parse_schema(text: &str) -> Vec<BaseTable> {
    let mut tables = Vec::new();
    let mut current: Option<BaseTable> = None;
    let mut in_macro = false;
    let mut sql_name: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("diesel::table!") {
            in_macro = true;
            continue;
        }
        if !in_macro {
            continue;
        }
        match current.as_mut() {
            None => {
                // `name (pk, …) {`, optionally `schema.name (pk) {`.
                if let Some((head, keys)) = line.strip_suffix('{').and_then(|l| l.split_once('(')) {
                    let name = head.trim();
                    let name = name.rsplit('.').next().unwrap_or(name).to_string();
                    let primary_key = keys
                        .trim()
                        .trim_end_matches(')')
                        .split(',')
                        .map(|k| k.trim().to_string())
                        .filter(|k| !k.is_empty())
                        .collect();
                    current = Some(BaseTable {
                        name,
                        primary_key,
                        columns: Vec::new(),
                    });
                }
            }
            Some(table) => {
                if line == "}" {
                    if let Some(done) = current.take() {
                        tables.push(done);
                    }
                    in_macro = false;
                    continue;
                }
                if let Some(rest) = line.strip_prefix("#[sql_name = \"") {
                    sql_name = rest.strip_suffix("\"]").map(str::to_string);
                    continue;
                }
                if let Some((ident, ty)) = line.split_once("->") {
                    let ty = ty.trim().trim_end_matches(',').trim();
                    let (sql_type, nullable) = match ty
                        .strip_prefix("Nullable<")
                        .and_then(|t| t.strip_suffix('>'))
                    {
                        Some(inner) => (inner.to_string(), true),
                        None => (ty.to_string(), false),
                    };
                    let name = sql_name
                        .take()
                        .unwrap_or_else(|| ident.trim().trim_start_matches("r#").to_string());
                    table.columns.push(BaseColumn {
                        name,
                        sql_type,
                        nullable,
                    });
                }
            }
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::pg::Pg;
    use diesel::prelude::*;

    #[test]
    fn parses_tables_keys_renamed_columns_and_nullability() {
        let text = "// @generated\n\ndiesel::table! {\n    use diesel::sql_types::*;\n\n    things (a, b) {\n        a -> Int4,\n        #[sql_name = \"type\"]\n        type_ -> Nullable<Varchar>,\n        b -> Array<Nullable<Text>>,\n    }\n}\n\ndiesel::table! {\n    other.more (id) {\n        id -> Int8,\n    }\n}\n\ndiesel::joinable!(things -> more (a));\n";
        let tables = parse_schema(text);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[0].name, "things");
        assert_eq!(tables[0].primary_key, ["a", "b"]);
        let names: Vec<&str> = tables[0].columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a", "type", "b"]);
        assert_eq!(tables[0].columns[1].schema_type(), "Nullable<Varchar>");
        assert!(!tables[0].columns[2].nullable);
        assert_eq!(tables[0].columns[2].sql_type, "Array<Nullable<Text>>");
        assert_eq!(tables[1].name, "more");
        assert_eq!(tables[1].columns[0].schema_type(), "Int8");
    }

    #[test]
    fn type_names_follow_print_schema() {
        assert_eq!(diesel_type_of("int4"), "Int4");
        assert_eq!(diesel_type_of("varchar"), "Varchar");
        assert_eq!(diesel_type_of("timestamptz"), "Timestamptz");
        assert_eq!(diesel_type_of("_int4"), "Array<Nullable<Int4>>");
    }

    /// The data agrees with what Diesel compiled: every table listed in
    /// `allow_tables_to_appear_in_same_query!` is parsed, and for a few tables the
    /// column list equals the SQL Diesel renders for `table::all_columns`.
    #[test]
    fn data_matches_the_compiled_tables() {
        let listed: Vec<&str> = SCHEMA_RS
            .split("allow_tables_to_appear_in_same_query!(")
            .nth(1)
            .and_then(|rest| rest.split(");").next())
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        let parsed: Vec<&str> = base_tables().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(parsed, listed);

        fn rendered<T>(_table: T) -> Vec<String>
        where
            T: Table,
            T::AllColumns: diesel::query_builder::QueryFragment<Pg>,
        {
            let sql = diesel::debug_query::<Pg, _>(&T::all_columns()).to_string();
            sql.split(" -- ")
                .next()
                .unwrap_or_default()
                .split(", ")
                .map(|c| {
                    c.rsplit('.')
                        .next()
                        .unwrap_or(c)
                        .trim_matches('"')
                        .to_string()
                })
                .collect()
        }
        let names = |t: &str| -> Vec<String> {
            base_table(t)
                .map(|t| t.columns.iter().map(|c| c.name.clone()).collect())
                .unwrap_or_default()
        };
        use crate::schema;
        assert_eq!(rendered(schema::resource::table), names("resource"));
        assert_eq!(rendered(schema::place::table), names("place"));
        assert_eq!(
            rendered(schema::fermentation_record::table),
            names("fermentation_record")
        );
        assert_eq!(rendered(schema::observation::table), names("observation"));
        assert_eq!(
            base_table("place").map(|t| &t.primary_key[..]),
            Some(&["geoid".to_string()][..])
        );
    }
}
