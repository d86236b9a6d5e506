//! The README's main job: `biositing setup --sample` on a database that does not
//! exist yet creates it, migrates, loads the sample data, refreshes every view
//! and shows one example of each typed query.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::process::Command;

use biositing_test_db::{biositing, server_url};

/// Drops the database when the test ends, however it ends.
struct DropOnExit(biositing_db::DatabaseUrl);

impl Drop for DropOnExit {
    fn drop(&mut self) {
        let _ = biositing(&self.0)
            .args(["database", "drop", "--yes"])
            .output();
    }
}

fn run(cmd: &mut Command) -> (bool, String) {
    let out = cmd.output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn setup_creates_migrates_loads_refreshes_and_shows_results() {
    let url = server_url().with_database(&format!("biositing_test_setup_{}", std::process::id()));
    let _cleanup = DropOnExit(url.clone());

    let (ok, out) = run(biositing(&url).args(["setup", "--sample"]));
    assert!(ok, "{out}");
    assert!(out.contains("Created database"), "{out}");
    assert!(out.contains("Sample data: "), "{out}");
    let refreshed = format!("All {} view(s) refreshed.", biositing_views::VIEWS.len());
    assert!(out.contains(&refreshed), "{out}");
    for example in [
        "search(\"almond\", limit 3)",
        "composition(resource ",
        "fermentation(resource ",
        "gasification(resource ",
        "county_production(resource ",
        "usda_county_production(resource ",
        "pricing(\"",
        "availability in November",
        "end_uses(resource ",
        "sample_stats(resource ",
    ] {
        assert!(out.contains(example), "no `{example}` example in:\n{out}");
    }

    // Run again: nothing to migrate, the data is kept, the views refresh again.
    let (ok, again) = run(biositing(&url).args(["setup", "--sample"]));
    assert!(ok, "{again}");
    assert!(again.contains("Migrations: 0 applied now"), "{again}");
    assert!(
        again.contains("Sample data: skipped, the database already holds"),
        "{again}"
    );

    let (ok, verify) = run(biositing(&url).arg("verify"));
    assert!(ok, "{verify}");

    // Loading the sample again is refused (exit 2) unless asked to replace.
    let out = biositing(&url).arg("sample-data").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the database already holds data") && stderr.contains("pass --replace"),
        "{stderr}"
    );
    let (ok, replaced) = run(biositing(&url).args(["sample-data", "--replace", "--json"]));
    assert!(ok, "{replaced}");
    let summary: serde_json::Value = serde_json::from_str(replaced.trim()).unwrap();
    assert!(
        summary["total_rows"].as_u64().unwrap() > 100_000,
        "{summary}"
    );
}
