//! `biositing views new NAME`: a new view module, registered with the others.

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// Files written (or changed) for a new view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scaffold {
    pub files: Vec<PathBuf>,
}

/// Checks that `name` can name a new view: `mv_` + lower-case letters, digits
/// and underscores, at most 63 bytes, and not taken.
pub fn validate_name(name: &str) -> Result<()> {
    let valid = name.len() <= 63
        && name.starts_with("mv_")
        && name.len() > 3
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !valid {
        return Err(Error::InvalidInput(format!(
            "`{name}` is not a valid view name: use mv_ followed by lower-case letters, digits and underscores (at most 63 characters)"
        )));
    }
    if biositing_views::find_view(name).is_some() {
        return Err(Error::InvalidInput(format!("view `{name}` already exists")));
    }
    Ok(())
}

/// Writes `<views_src>/<name>/{definition.sql,mod.rs}` and registers the module
/// in `<views_src>/lib.rs` (module declaration and an entry in `VIEWS`).
pub fn scaffold(views_src: &Path, name: &str) -> Result<Scaffold> {
    validate_name(name)?;
    let lib_path = views_src.join("lib.rs");
    let lib = std::fs::read_to_string(&lib_path).map_err(|e| Error::io(&lib_path, e))?;
    let registered = register(&lib, name)?;
    let dir = views_src.join(name);
    if dir.exists() {
        return Err(Error::InvalidInput(format!(
            "{} already exists",
            dir.display()
        )));
    }
    std::fs::create_dir(&dir).map_err(|e| Error::io(&dir, e))?;
    let definition = dir.join("definition.sql");
    std::fs::write(&definition, DEFINITION_TEMPLATE).map_err(|e| Error::io(&definition, e))?;
    let module = dir.join("mod.rs");
    std::fs::write(&module, module_source(name)).map_err(|e| Error::io(&module, e))?;
    std::fs::write(&lib_path, registered).map_err(|e| Error::io(&lib_path, e))?;
    Ok(Scaffold {
        files: vec![definition, module, lib_path],
    })
}

const DEFINITION_TEMPLATE: &str = "\
-- Grain: one row per resource. Say here what one row is, then write the SELECT
-- (no semicolon). Keep the columns in step with the mapping in mod.rs.
SELECT
    r.id AS resource_id,
    r.name AS resource_name
FROM resource r
";

fn module_source(name: &str) -> String {
    let row = name
        .trim_start_matches("mv_")
        .split('_')
        .map(|w| {
            let mut chars = w.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect::<String>();
    format!(
        r#"//! {name}: one row per resource (describe the grain and which index serves which query).

use diesel::prelude::*;

use crate::{{IndexDefinition, IndexKey, ViewDefinition}};

crate::portal_view! {{
    {name} (resource_id) {{
        resource_id -> Int4,
        resource_name -> Nullable<Varchar>,
    }}
}}

/// One row of `data_portal.{name}`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = {name})]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct {row} {{
    pub resource_id: i32,
    pub resource_name: Option<String>,
}}

impl {row} {{
    /// The columns this struct selects, in order (checked against the mapping).
    fn selected_columns() -> Vec<String> {{
        use self::{name}::table as view;
        crate::mapping::selected_columns(&view.select(Self::as_select()))
    }}
}}

const INDEXES: &[IndexDefinition] = &[IndexDefinition::unique(
    "idx_{name}_resource_id",
    &[IndexKey::Column("resource_id")],
)];

pub static VIEW: ViewDefinition = ViewDefinition {{
    name: "{name}",
    summary: "One row per resource",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["resource_id"],
    columns: COLUMNS,
    row_columns: {row}::selected_columns,
}};
"#
    )
}

/// `lib.rs` with the module declared (in name order among the `pub mod mv_…;`
/// lines, where rustfmt keeps them) and added at the end of `VIEWS`.
fn register(lib: &str, name: &str) -> Result<String> {
    let unregistrable = || {
        Error::InvalidInput(
            "crates/views/src/lib.rs no longer has the `pub mod mv_…;` lines and the `VIEWS` list the scaffold extends".into(),
        )
    };
    let lines: Vec<&str> = lib.lines().collect();
    let last_mod = lines
        .iter()
        .rposition(|l| l.starts_with("pub mod mv_"))
        .ok_or_else(unregistrable)?;
    let module_line = format!("pub mod {name};");
    // Insert before the first module of the last group that sorts after it.
    let first_mod = lines[..=last_mod]
        .iter()
        .rposition(|l| !l.starts_with("pub mod mv_"))
        .map_or(0, |i| i + 1);
    let module_name = |line: &str| {
        line.trim_start_matches("pub mod ")
            .trim_end_matches(';')
            .to_string()
    };
    let insert_at = (first_mod..=last_mod)
        .find(|&i| module_name(lines[i]).as_str() > name)
        .unwrap_or(last_mod + 1);
    let views_start = lines
        .iter()
        .position(|l| l.starts_with("pub static VIEWS"))
        .ok_or_else(unregistrable)?;
    let list_end = views_start
        + lines[views_start..]
            .iter()
            .position(|l| *l == "];")
            .ok_or_else(unregistrable)?;
    if last_mod > views_start {
        return Err(unregistrable());
    }
    let entry_line = format!("    &{name}::VIEW,");
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 2);
    for (i, line) in lines.iter().enumerate() {
        if i == list_end {
            out.push(&entry_line);
        }
        if i == insert_at {
            out.push(&module_line);
        }
        out.push(line);
    }
    if insert_at == lines.len() {
        out.push(&module_line);
    }
    Ok(out.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked() {
        assert!(validate_name("mv_new_thing").is_ok());
        assert!(validate_name("new_thing").is_err());
        assert!(validate_name("mv_Bad").is_err());
        assert!(validate_name("mv_biomass_search")
            .unwrap_err()
            .to_string()
            .contains("already exists"));
    }

    #[test]
    fn registers_module_and_view() {
        let lib = "pub mod mv_a;\npub mod mv_b;\n\npub static VIEWS: &[&ViewDefinition] = &[\n    &mv_a::VIEW,\n    &mv_b::VIEW,\n];\n";
        let out = register(lib, "mv_c").unwrap();
        assert_eq!(
            out,
            "pub mod mv_a;\npub mod mv_b;\npub mod mv_c;\n\npub static VIEWS: &[&ViewDefinition] = &[\n    &mv_a::VIEW,\n    &mv_b::VIEW,\n    &mv_c::VIEW,\n];\n"
        );
        // rustfmt orders module declarations by name: so does the scaffold.
        let out = register(lib, "mv_aa").unwrap();
        assert!(
            out.starts_with("pub mod mv_a;\npub mod mv_aa;\npub mod mv_b;\n\n"),
            "{out}"
        );
        let out = register(lib, "mv_0").unwrap();
        assert!(out.starts_with("pub mod mv_0;\npub mod mv_a;\n"), "{out}");
        assert!(
            out.ends_with("    &mv_b::VIEW,\n    &mv_0::VIEW,\n];\n"),
            "{out}"
        );
    }

    #[test]
    fn writes_a_module_and_registers_it() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("lib.rs"),
            "pub mod mv_a;\n\npub static VIEWS: &[&ViewDefinition] = &[\n    &mv_a::VIEW,\n];\n",
        )
        .unwrap();
        let written = scaffold(dir.path(), "mv_new_view").unwrap();
        assert_eq!(written.files.len(), 3);
        let module = std::fs::read_to_string(dir.path().join("mv_new_view/mod.rs")).unwrap();
        assert!(module.contains("pub struct NewView {"), "{module}");
        assert!(
            module.contains("IndexDefinition::unique(\n    \"idx_mv_new_view_resource_id\""),
            "{module}"
        );
        let lib = std::fs::read_to_string(dir.path().join("lib.rs")).unwrap();
        assert!(
            lib.contains("pub mod mv_new_view;") && lib.contains("&mv_new_view::VIEW,"),
            "{lib}"
        );
        assert!(
            scaffold(dir.path(), "mv_new_view").is_err(),
            "a second scaffold must not overwrite the first"
        );
    }
}
