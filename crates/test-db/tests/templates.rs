//! The helper on a shared server: it drops only templates of its own
//! migrations folder that no test process uses, nothing of anyone else's.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::path::{Path, PathBuf};

use biositing_db::{connect, database_exists, quote_ident};
use biositing_test_db::{
    copy_dir, prefix, server_url, template_for, unique_name, workspace_root, TEMPLATE_LEASE_CLASS,
};
use diesel::prelude::*;

fn add_migration(folder: &Path, name: &str) {
    let dir = folder.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("up.sql"),
        "CREATE TABLE public.template_test_marker (id int);\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("down.sql"),
        "DROP TABLE public.template_test_marker;\n",
    )
    .unwrap();
}

fn exists(name: &str) -> bool {
    database_exists(&mut connect(&server_url()).unwrap(), name).unwrap()
}

fn drop_database(name: &str) {
    let mut admin = connect(&server_url()).unwrap();
    diesel::sql_query(format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        quote_ident(name)
    ))
    .execute(&mut admin)
    .unwrap();
}

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn only_unused_templates_of_the_same_folder_are_ever_dropped() {
    let mut admin = connect(&server_url()).unwrap();
    // What other developers and other checkouts leave on a shared server: a
    // template named as the previous helper named them, and one of this
    // helper for another folder.
    let old_style = format!("biositing_template_{}", unique_name("x").replace('_', ""));
    let other_folder = format!("{}_tpl_000000000000_0badf00d", prefix());
    for (name, comment) in [
        (&old_style, "another helper"),
        (
            &other_folder,
            "biositing-test-db template of /elsewhere/migrations",
        ),
    ] {
        drop_database(name);
        diesel::sql_query(format!("CREATE DATABASE {}", quote_ident(name)))
            .execute(&mut admin)
            .unwrap();
        diesel::sql_query(format!(
            "COMMENT ON DATABASE {} IS '{comment}'",
            quote_ident(name)
        ))
        .execute(&mut admin)
        .unwrap();
    }

    let scratch = Scratch(std::env::temp_dir().join(unique_name("migrations")));
    copy_dir(&workspace_root().join("migrations"), &scratch.0);
    let first = template_for(&scratch.0);
    assert!(first.starts_with(&format!("{}_tpl_", prefix())), "{first}");
    assert_eq!(
        template_for(&scratch.0),
        first,
        "the same set, the same template"
    );

    // Another test process still clones from the first template: it holds a lease.
    let mut other_process = connect(&server_url()).unwrap();
    diesel::sql_query("SELECT pg_advisory_lock_shared($1, hashtext($2))")
        .bind::<diesel::sql_types::Integer, _>(TEMPLATE_LEASE_CLASS)
        .bind::<diesel::sql_types::Text, _>(&first)
        .execute(&mut other_process)
        .unwrap();
    add_migration(&scratch.0, "2099-01-01-000001_template_test");
    let second = template_for(&scratch.0);
    assert_ne!(second, first);
    assert!(exists(&first), "a template in use was dropped");

    // Once nobody uses it, the next new template of the folder drops it.
    drop(other_process);
    std::fs::remove_dir_all(scratch.0.join("2099-01-01-000001_template_test")).unwrap();
    add_migration(&scratch.0, "2099-01-01-000002_template_test");
    let third = template_for(&scratch.0);
    assert!(
        !exists(&first),
        "an unused template of the folder was left behind"
    );
    assert!(
        !exists(&second),
        "an unused template of the folder was left behind"
    );
    assert!(exists(&third));
    // Never anyone else's.
    assert!(exists(&old_style));
    assert!(exists(&other_folder));

    for name in [&old_style, &other_folder, &third] {
        drop_database(name);
    }
}

#[test]
fn database_names_carry_the_prefix_and_are_unique() {
    let a = unique_name("test");
    let b = unique_name("test");
    assert_ne!(a, b);
    assert!(
        a.starts_with(&format!("{}_test_{}_", prefix(), std::process::id())),
        "{a}"
    );
    assert!(a.len() <= 63);
}
