//! Replays the migration history to learn what each view looks like after the
//! migrations: its frozen definition and index statements, and the migration that
//! created it. Only the statement forms written by [`crate::render`] (and the
//! matching `DROP`s) are understood; anything else is ignored. Both forms of a
//! view change are replayed: drop and create in place, and build beside the old
//! view then swap (`ALTER MATERIALIZED VIEW … RENAME TO`, `ALTER INDEX … RENAME
//! TO`, `ALTER MATERIALIZED VIEW … SET SCHEMA` to move one out of the portal).

use std::collections::BTreeMap;

use biositing_db::migrations::{MigrationScript, MigrationSet};
use biositing_views::PORTAL_SCHEMA;

use crate::render;

/// A view as the migrations have frozen it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrozenView {
    pub definition: String,
    /// `CREATE [UNIQUE] INDEX …;` statements, in creation order.
    pub indexes: Vec<String>,
    /// Folder of the migration that last created the view.
    pub created_in: String,
}

/// Every view of the portal schema after a sequence of migrations.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrozenViews {
    views: BTreeMap<String, FrozenView>,
}

impl FrozenViews {
    /// The state after every migration of `set`.
    pub fn replay(set: &MigrationSet) -> Self {
        Self::replay_scripts(set.scripts())
    }

    pub fn replay_scripts(scripts: &[MigrationScript]) -> Self {
        let mut state = Self::default();
        for script in scripts {
            state.apply(script.folder(), script.up_sql());
        }
        state
    }

    pub fn get(&self, name: &str) -> Option<&FrozenView> {
        self.views.get(name)
    }

    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.views.keys().map(String::as_str)
    }

    fn apply(&mut self, folder: &str, sql: &str) {
        let create_view = format!("CREATE MATERIALIZED VIEW {PORTAL_SCHEMA}.");
        // A script PostgreSQL's parser refuses cannot have run either; it freezes nothing.
        let Ok(statements) = biositing_db::sql::split_statements(sql) else {
            return;
        };
        for statement in statements {
            let text = statement.text;
            let first_line = text.lines().next().unwrap_or("").trim();
            if let Some(tail) = first_line.strip_prefix(&create_view) {
                let name = tail.trim_end_matches(" AS").trim().to_string();
                let definition = text.split_once('\n').map_or("", |(_, body)| body);
                self.views.insert(
                    name,
                    FrozenView {
                        definition: definition.trim_end().to_string(),
                        indexes: Vec::new(),
                        created_in: folder.to_string(),
                    },
                );
            } else if let Some(name) = drop_target(text, "DROP MATERIALIZED VIEW") {
                self.views.remove(&name);
            } else if let Some(name) = drop_target(text, "DROP INDEX") {
                for view in self.views.values_mut() {
                    view.indexes
                        .retain(|i| render::index_name(i) != Some(name.as_str()));
                }
            } else if text.starts_with("CREATE INDEX ") || text.starts_with("CREATE UNIQUE INDEX ")
            {
                let on = format!(" ON {PORTAL_SCHEMA}.");
                if let Some(view) = text
                    .split_once(&on)
                    .and_then(|(_, t)| t.split_whitespace().next())
                    .and_then(|name| self.views.get_mut(name))
                {
                    view.indexes.push(format!("{text};"));
                }
            } else if let Some((from, action)) = alter_target(text, "ALTER MATERIALIZED VIEW") {
                match action {
                    Alter::RenameTo(to) => self.rename_view(&from, &to, folder),
                    // Moved out of the portal schema (e.g. into a backup schema).
                    Alter::SetSchema(schema) if schema != PORTAL_SCHEMA => {
                        self.views.remove(&from);
                    }
                    Alter::SetSchema(_) => {}
                }
            } else if let Some((from, Alter::RenameTo(to))) = alter_target(text, "ALTER INDEX") {
                for view in self.views.values_mut() {
                    for index in &mut view.indexes {
                        if render::index_name(index) == Some(from.as_str()) {
                            if let Some(renamed) = rename_index_statement(index, &to) {
                                *index = renamed;
                            }
                        }
                    }
                }
            } else if text.starts_with(&format!("DROP SCHEMA {PORTAL_SCHEMA}"))
                || text.starts_with(&format!("DROP SCHEMA IF EXISTS {PORTAL_SCHEMA}"))
            {
                self.views.clear();
            }
        }
    }

    /// What PostgreSQL does on a rename: the view keeps its indexes, which now
    /// name it, and views that read it (by OID) now print the new name.
    fn rename_view(&mut self, from: &str, to: &str, folder: &str) {
        let Some(mut view) = self.views.remove(from) else {
            return;
        };
        for index in &mut view.indexes {
            if let Some(name) = render::index_name(index).map(str::to_string) {
                if let Some(moved) = render::retarget_index(index, &name, to) {
                    *index = moved;
                }
            }
        }
        view.created_in = folder.to_string();
        for other in self.views.values_mut() {
            other.definition = render::rename_references(&other.definition, from, to);
        }
        self.views.insert(to.to_string(), view);
    }
}

enum Alter {
    RenameTo(String),
    SetSchema(String),
}

/// `ALTER <what> [IF EXISTS] data_portal.<name> RENAME TO <new>` or
/// `… SET SCHEMA <schema>` → (name, action).
fn alter_target(statement: &str, what: &str) -> Option<(String, Alter)> {
    let tail = statement.strip_prefix(what)?.trim_start();
    let tail = tail.strip_prefix("IF EXISTS").unwrap_or(tail).trim_start();
    let qualified = tail.strip_prefix(&format!("{PORTAL_SCHEMA}."))?;
    let words: Vec<&str> = qualified
        .split(|c: char| c == ';' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    match words.as_slice() {
        [name, "RENAME", "TO", new] => Some((name.to_string(), Alter::RenameTo(new.to_string()))),
        [name, "SET", "SCHEMA", schema] => {
            Some((name.to_string(), Alter::SetSchema(schema.to_string())))
        }
        _ => None,
    }
}

/// `CREATE … INDEX <old> ON …;` → `CREATE … INDEX <new> ON …;`.
fn rename_index_statement(statement: &str, new_name: &str) -> Option<String> {
    let on = format!(" ON {PORTAL_SCHEMA}.");
    let view = statement.split_once(&on)?.1.split_whitespace().next()?;
    render::retarget_index(statement, new_name, view)
}

/// `DROP <what> [IF EXISTS] data_portal.<name> [CASCADE];` → name.
fn drop_target(statement: &str, what: &str) -> Option<String> {
    let tail = statement.strip_prefix(what)?.trim_start();
    let tail = tail.strip_prefix("IF EXISTS").unwrap_or(tail).trim_start();
    let qualified = tail.strip_prefix(&format!("{PORTAL_SCHEMA}."))?;
    let name = qualified
        .split(|c: char| c == ';' || c.is_whitespace())
        .next()?;
    Some(name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn script(folder: &str, up: &str) -> MigrationScript {
        MigrationScript::new(folder.to_string(), up.to_string(), String::new()).unwrap()
    }

    #[test]
    fn replays_creates_drops_and_indexes_in_order() {
        let scripts = vec![
            script(
                "1_first",
                "CREATE SCHEMA data_portal;\nCREATE MATERIALIZED VIEW data_portal.mv_a AS\nSELECT 1 AS id\n    FROM x;\n\
                 CREATE MATERIALIZED VIEW data_portal.mv_b AS\nSELECT 2 AS id;\n",
            ),
            script(
                "2_indexes",
                "CREATE UNIQUE INDEX idx_mv_a_id ON data_portal.mv_a USING btree (id);\nCREATE INDEX idx_mv_b_id ON data_portal.mv_b USING btree (id);\n",
            ),
            script(
                "3_change_a",
                "DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_a;\nCREATE MATERIALIZED VIEW data_portal.mv_a AS\nSELECT 3 AS id;\nDROP INDEX data_portal.idx_mv_b_id;\n",
            ),
        ];
        let state = FrozenViews::replay_scripts(&scripts);
        let a = state.get("mv_a").unwrap();
        assert_eq!(a.definition, "SELECT 3 AS id");
        assert_eq!(a.indexes, Vec::<String>::new());
        assert_eq!(a.created_in, "3_change_a");
        let b = state.get("mv_b").unwrap();
        assert_eq!(b.definition, "SELECT 2 AS id");
        assert_eq!(b.indexes, Vec::<String>::new());
        assert_eq!(b.created_in, "1_first");

        let before_change = FrozenViews::replay_scripts(&scripts[..2]);
        assert_eq!(
            before_change.get("mv_a").unwrap().definition,
            "SELECT 1 AS id\n    FROM x"
        );
        assert_eq!(
            before_change.get("mv_a").unwrap().indexes,
            vec![
                "CREATE UNIQUE INDEX idx_mv_a_id ON data_portal.mv_a USING btree (id);".to_string()
            ]
        );
    }

    #[test]
    fn replays_the_swap_form_and_moves_out_of_the_schema() {
        let scripts = vec![
            script(
                "1_first",
                "CREATE MATERIALIZED VIEW data_portal.mv_a AS\nSELECT 1 AS id;\n\
                 CREATE UNIQUE INDEX idx_mv_a_id ON data_portal.mv_a USING btree (id);\n\
                 CREATE MATERIALIZED VIEW data_portal.mv_r AS\nSELECT id FROM data_portal.mv_a;\n",
            ),
            script(
                "2_swap",
                "CREATE MATERIALIZED VIEW data_portal.mv_a__new AS\nSELECT 2 AS id;\n\
                 CREATE UNIQUE INDEX idx_mv_a_id__new ON data_portal.mv_a__new USING btree (id);\n\
                 CREATE MATERIALIZED VIEW data_portal.mv_r__new AS\nSELECT id FROM data_portal.mv_a__new;\n\
                 DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_r;\n\
                 DROP MATERIALIZED VIEW IF EXISTS data_portal.mv_a;\n\
                 ALTER MATERIALIZED VIEW data_portal.mv_a__new RENAME TO mv_a;\n\
                 ALTER INDEX data_portal.idx_mv_a_id__new RENAME TO idx_mv_a_id;\n\
                 ALTER MATERIALIZED VIEW data_portal.mv_r__new RENAME TO mv_r;\n",
            ),
        ];
        let state = FrozenViews::replay_scripts(&scripts);
        assert_eq!(state.names().collect::<Vec<_>>(), vec!["mv_a", "mv_r"]);
        let a = state.get("mv_a").unwrap();
        assert_eq!(a.definition, "SELECT 2 AS id");
        assert_eq!(
            a.indexes,
            vec![
                "CREATE UNIQUE INDEX idx_mv_a_id ON data_portal.mv_a USING btree (id);".to_string()
            ]
        );
        assert_eq!(a.created_in, "2_swap");
        assert_eq!(
            state.get("mv_r").unwrap().definition,
            "SELECT id FROM data_portal.mv_a"
        );

        let moved = vec![
            scripts[0].clone(),
            script(
                "3_move",
                "CREATE SCHEMA backup;\nALTER MATERIALIZED VIEW data_portal.mv_r SET SCHEMA backup;\n",
            ),
        ];
        let state = FrozenViews::replay_scripts(&moved);
        assert_eq!(state.names().collect::<Vec<_>>(), vec!["mv_a"]);
    }

    #[test]
    fn dropping_the_schema_forgets_every_view() {
        let scripts = vec![
            script(
                "1_a",
                "CREATE MATERIALIZED VIEW data_portal.mv_a AS\nSELECT 1;\n",
            ),
            script("2_b", "DROP SCHEMA data_portal CASCADE;\n"),
        ];
        assert_eq!(FrozenViews::replay_scripts(&scripts).names().count(), 0);
    }
}

#[cfg(test)]
mod registry_tests {
    use super::*;

    /// Every registered view is frozen in the migrations exactly as its
    /// development definition and index list say.
    #[test]
    fn migrations_freeze_every_view_as_defined() {
        let frozen = FrozenViews::replay(&MigrationSet::embedded());
        for view in biositing_views::VIEWS {
            let Some(f) = frozen.get(view.name) else {
                panic!("no migration creates {}", view.name);
            };
            assert_eq!(
                f.definition,
                view.definition.trim_end(),
                "{}: frozen definition differs",
                view.name
            );
            assert_eq!(
                f.indexes,
                crate::render::create_indexes(view),
                "{}: frozen indexes differ",
                view.name
            );
        }
        let names: Vec<&str> = frozen.names().collect();
        assert_eq!(names.len(), biositing_views::VIEWS.len(), "{names:?}");
    }
}
