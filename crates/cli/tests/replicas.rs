//! `biositing` with streaming standbys, on a real primary and hot standby
//! (`ReplicaPair`): write commands refuse a standby, `refresh
//! --wait-for-replicas` returns once the standby shows the refreshed rows,
//! `views status --replica` and `verify --replica` report lag and replay per
//! view, and a standby that does not catch up fails the wait.

#![allow(clippy::unwrap_used)] // a test stops at the first surprise

use std::process::{Command, Output};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Mutex, MutexGuard};

use biositing_db::DatabaseUrl;
use biositing_test_db::{biositing, run_ok, workspace_root, ReplicaPair, TestDatabase};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use serde_json::Value;

const REFUSAL: &str = "this server is a read-only standby: point --database-url at the primary";
const AVAILABILITY: &str = "mv_biomass_availability";

/// `biositing --database-url URL`, without replica URLs from the environment.
fn cli(url: &DatabaseUrl) -> Command {
    let mut cmd = biositing(url);
    cmd.env_remove("DATABASE_REPLICA_URLS");
    cmd
}

fn run(cmd: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = cmd.output().expect("the biositing binary runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8_lossy(&stdout).into_owned(),
        String::from_utf8_lossy(&stderr).into_owned(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// One writer at a time on the shared pair: a refresh that waited for another
/// one's lock reads a snapshot older than that one's rows.
fn writer_turn() -> MutexGuard<'static, ()> {
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A resource id of this test alone (tests share the pair's database).
fn fresh_resource_id() -> i32 {
    static NEXT: AtomicI32 = AtomicI32::new(9000);
    NEXT.fetch_add(1, Ordering::SeqCst)
}

/// A resource the availability view will show once refreshed.
fn add_available_resource(pair: &ReplicaPair, id: i32) {
    pair.execute_on_primary(&format!(
        "INSERT INTO resource (id, name) VALUES ({id}, 'Replica CLI test {id}');
         INSERT INTO resource_availability (id, resource_id, from_month, to_month, year_round)
             VALUES ({id}, {id}, 4, 10, false);"
    ));
}

fn availability_rows_of(conn: &mut PgConnection, id: i32) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    diesel::sql_query(format!(
        "SELECT count(*) AS n FROM data_portal.{AVAILABILITY} WHERE resource_id = $1"
    ))
    .bind::<diesel::sql_types::Integer, _>(id)
    .get_result::<Count>(conn)
    .unwrap()
    .n
}

fn first_view() -> &'static str {
    biositing_views::VIEWS[0].name
}

/// Removes from a copy of the migrations the newest migration that changed a
/// view (one frozen at least twice), and returns that view's name.
fn unfreeze_a_view_change(dir: &std::path::Path) -> String {
    let mut folders: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    folders.sort();
    for view in biositing_views::VIEWS.iter().map(|v| v.name) {
        let freezing: Vec<&std::path::PathBuf> = folders
            .iter()
            .filter(|f| {
                std::fs::read_to_string(f.join("up.sql"))
                    .unwrap()
                    .contains(&format!("CREATE MATERIALIZED VIEW data_portal.{view}"))
            })
            .collect();
        if let [_, .., newest] = freezing.as_slice() {
            std::fs::remove_dir_all(newest).unwrap();
            return view.to_string();
        }
    }
    panic!("no view was changed by a migration");
}

#[test]
fn write_commands_refuse_a_standby_with_exit_2_before_anything_runs() {
    let pair = ReplicaPair::shared();
    let standby = pair.standby_url();
    // `migration generate` would write here if it got past its proof.
    let migrations = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(workspace_root().join("migrations")).unwrap() {
        let entry = entry.unwrap();
        let target = migrations.path().join(entry.file_name());
        std::fs::create_dir(&target).unwrap();
        for file in std::fs::read_dir(entry.path()).unwrap() {
            let file = file.unwrap();
            std::fs::copy(file.path(), target.join(file.file_name())).unwrap();
        }
    }
    // A view whose newest freeze is left out of the copy: generate has a
    // change to write, and must still stop at its proof on the standby.
    let changed = unfreeze_a_view_change(migrations.path());
    let folders_before = std::fs::read_dir(migrations.path()).unwrap().count();
    let commands: Vec<Vec<&str>> = vec![
        vec!["refresh"],
        vec!["migrate"],
        vec!["migrate", "--dry-run"],
        vec!["rollback"],
        vec!["sample-data"],
        vec!["adopt", "--from-alembic", "--dry-run"],
        vec!["adopt", "--drop-backup"],
        vec!["setup"],
        vec!["database", "create"],
        vec!["database", "drop", "--yes"],
        vec!["views", "try", first_view()],
        vec![
            "migration",
            "generate",
            "--view",
            &changed,
            "-m",
            "on a standby",
        ],
    ];
    for args in &commands {
        let (code, stdout, stderr) = run(cli(&standby)
            .arg("--migrations-dir")
            .arg(migrations.path())
            .args(args));
        assert_eq!(code, 2, "{args:?}\nstdout: {stdout}\nstderr: {stderr}");
        assert!(stderr.contains(REFUSAL), "{args:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_dir(migrations.path()).unwrap().count(),
        folders_before,
        "migration generate wrote a migration"
    );
}

#[test]
fn read_only_commands_work_on_a_standby() {
    let pair = ReplicaPair::shared();
    let standby = pair.standby_url();
    for args in [
        vec!["status"],
        vec!["views", "status"],
        vec!["verify"],
        vec!["views", "diff", "--database"],
    ] {
        let (code, stdout, stderr) = run(cli(&standby).args(&args));
        assert!(
            !stderr.contains("read-only standby") && code != 2,
            "{args:?} exit {code}\nstdout: {stdout}\nstderr: {stderr}"
        );
    }
    let (code, _, stderr) = run(cli(&standby).args(["views", "status"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn refresh_waits_until_the_standby_shows_the_new_rows() {
    let pair = ReplicaPair::shared();
    let id = fresh_resource_id();
    let _turn = writer_turn();
    add_available_resource(pair, id);
    let (code, stdout, stderr) = run(cli(&pair.primary_url()).args([
        "refresh",
        AVAILABILITY,
        "--wait-for-replicas",
        pair.standby_url().as_str(),
    ]));
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    // No waiting here: the command returned once the standby had replayed.
    assert_eq!(availability_rows_of(&mut pair.standby_conn(), id), 1);
    let standby = pair.standby_url().redacted();
    assert!(
        stdout.contains(&format!("replica {standby}: caught up")),
        "{stdout}"
    );
    assert!(
        stdout.contains("Every standby (1) shows the refreshes."),
        "{stdout}"
    );

    // The same through DATABASE_REPLICA_URLS, and as JSON.
    let id = fresh_resource_id();
    add_available_resource(pair, id);
    let (code, stdout, stderr) = run(cli(&pair.primary_url())
        .env("DATABASE_REPLICA_URLS", pair.standby_url().as_str())
        .args(["refresh", AVAILABILITY, "--json", "--wait-for-replicas"]));
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert_eq!(availability_rows_of(&mut pair.standby_conn(), id), 1);
    let report = json(&stdout);
    assert_eq!(report["results"][0]["view"], AVAILABILITY);
    let replica = &report["replicas"][0];
    assert_eq!(replica["replica"], standby.as_str());
    assert_eq!(replica["caught_up"], true);
    assert!(replica["waited_ms"].is_u64(), "{replica}");
    assert_eq!(replica["error"], Value::Null);
}

#[test]
fn views_status_and_verify_report_lag_and_each_views_replay() {
    let pair = ReplicaPair::shared();
    {
        let _turn = writer_turn();
        let id = fresh_resource_id();
        add_available_resource(pair, id);
        let (code, stdout, stderr) = run(cli(&pair.primary_url()).args([
            "refresh",
            AVAILABILITY,
            "--wait-for-replicas",
            pair.standby_url().as_str(),
        ]));
        assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    }
    let standby = pair.standby_url();

    let (code, stdout, stderr) = run(cli(&pair.primary_url()).args([
        "views",
        "status",
        "--json",
        "--replica",
        standby.as_str(),
    ]));
    assert_eq!(code, 0, "{stderr}");
    let status = json(&stdout);
    let views = status["views"].as_array().unwrap();
    assert_eq!(views.len(), biositing_views::VIEWS.len());
    let replica = &status["replicas"][0];
    assert_eq!(replica["reachable"], true, "{replica}");
    assert!(replica["lag"]["bytes"].is_u64(), "{replica}");
    assert!(replica["replayed_lsn"].as_str().unwrap().contains('/'));
    let per_view = replica["views"].as_array().unwrap();
    let names: Vec<&str> = per_view
        .iter()
        .map(|v| v["view"].as_str().unwrap())
        .collect();
    let registered: Vec<&str> = biositing_views::VIEWS.iter().map(|v| v.name).collect();
    assert_eq!(names, registered);
    let availability = per_view.iter().find(|v| v["view"] == AVAILABILITY).unwrap();
    assert_eq!(availability["replayed"], true, "{availability}");
    assert!(availability["last_success_lsn"].is_string());

    // Text, with the standby from the environment.
    let (code, stdout, stderr) = run(cli(&pair.primary_url())
        .env("DATABASE_REPLICA_URLS", standby.as_str())
        .args(["views", "status"]));
    assert_eq!(code, 0, "{stderr}");
    let line = stdout
        .lines()
        .find(|l| l.starts_with(&format!("replica {standby}")))
        .unwrap_or_else(|| panic!("{stdout}"));
    assert!(line.contains("behind, lag"), "{line}");

    let (_, stdout, stderr) =
        run(cli(&pair.primary_url()).args(["verify", "--json", "--replica", standby.as_str()]));
    let checks = json(&stdout);
    let check = checks
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().unwrap().starts_with("every replica"))
        .unwrap_or_else(|| panic!("{stdout}\n{stderr}"));
    assert_eq!(check["ok"], true, "{check}");
}

#[test]
fn a_standby_that_does_not_catch_up_fails_the_wait_and_verify() {
    // A pair of its own: its standby's replay is paused.
    let pair = ReplicaPair::start();
    let id = 1;
    add_available_resource(&pair, id);
    pair.standby_conn()
        .batch_execute("SELECT pg_wal_replay_pause()")
        .unwrap();
    let standby = pair.standby_url();
    let (code, stdout, stderr) = run(cli(&pair.primary_url()).args([
        "refresh",
        AVAILABILITY,
        "--wait-for-replicas",
        standby.as_str(),
        "--replica-timeout",
        "1s",
    ]));
    assert_eq!(code, 1, "stdout: {stdout}\nstderr: {stderr}");
    assert!(
        stdout.contains(&format!(
            "replica {standby}: FAILED: has not replayed the refreshes within --replica-timeout (1.0 s)"
        )),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 of 1 standby(s) did not replay"),
        "{stdout}"
    );
    // The refresh itself committed on the primary.
    assert_eq!(availability_rows_of(&mut pair.primary_conn(), id), 1);
    assert_eq!(availability_rows_of(&mut pair.standby_conn(), id), 0);

    // verify names the view the standby has not replayed; views status too.
    let (code, stdout, _) =
        run(cli(&pair.primary_url()).args(["verify", "--replica", standby.as_str()]));
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains(&format!(
            "replica {standby} has not replayed the last successful refresh of {AVAILABILITY}"
        )),
        "{stdout}"
    );
    let (code, stdout, stderr) =
        run(cli(&pair.primary_url()).args(["views", "status", "--replica", standby.as_str()]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "has NOT replayed the last successful refresh of {AVAILABILITY}"
        )),
        "{stdout}"
    );

    // Replay resumes: the wait succeeds.
    pair.standby_conn()
        .batch_execute("SELECT pg_wal_replay_resume()")
        .unwrap();
    let (code, stdout, stderr) = run(cli(&pair.primary_url()).args([
        "refresh",
        AVAILABILITY,
        "--wait-for-replicas",
        standby.as_str(),
    ]));
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert_eq!(availability_rows_of(&mut pair.standby_conn(), id), 1);
}

#[test]
fn an_unreachable_or_wrong_replica_fails_the_wait_without_showing_its_password() {
    let pair = ReplicaPair::shared();
    let unreachable = "postgres://postgres:MARKsecret@127.0.0.1:1/biositing";
    let (code, stdout, stderr) = run(cli(&pair.primary_url()).args([
        "refresh",
        first_view(),
        "--wait-for-replicas",
        unreachable,
        "--replica-timeout",
        "2s",
    ]));
    assert_eq!(code, 1, "stdout: {stdout}\nstderr: {stderr}");
    assert!(!stdout.contains("MARK") && !stderr.contains("MARK"));
    assert!(
        stdout.contains("replica postgres://postgres:****@127.0.0.1:1/biositing: FAILED: cannot reach PostgreSQL"),
        "{stdout}"
    );

    // The primary given as a replica is not a standby.
    let (code, stdout, _) = run(cli(&pair.primary_url()).args([
        "views",
        "status",
        "--replica",
        pair.primary_url().as_str(),
    ]));
    assert_eq!(code, 0);
    assert!(stdout.contains("it is not a standby"), "{stdout}");

    // A view name after --wait-for-replicas is named as such; nothing runs.
    let (code, _, stderr) =
        run(cli(&pair.primary_url()).args(["refresh", "--wait-for-replicas", first_view()]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("is a view: put view names before --wait-for-replicas"),
        "{stderr}"
    );
}

#[test]
fn wait_for_replicas_without_any_url_is_refused() {
    let pair = ReplicaPair::shared();
    let (code, _, stderr) = run(cli(&pair.primary_url()).args(["refresh", "--wait-for-replicas"]));
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("--wait-for-replicas names no standby"),
        "{stderr}"
    );
}

#[test]
fn a_standby_of_another_cluster_is_an_error_naming_it() {
    let pair = ReplicaPair::shared();
    // A primary of another cluster: a database on the machine's own server,
    // whose WAL positions the pair's standby may well have passed.
    let db = TestDatabase::migrated();
    run_ok(cli(db.url()).args(["refresh", "--all"]));
    let standby = pair
        .standby_url()
        .as_str()
        .replacen("postgres@", "postgres:MARKsecret@", 1);
    let redacted = standby.replace("MARKsecret", "****");
    let said = format!("replica {redacted}: it is a standby of another cluster");

    let (code, stdout, stderr) =
        run(cli(db.url()).args(["views", "status", "--replica", &standby]));
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains(&said), "{stdout}");

    let (code, stdout, _) = run(cli(db.url()).args(["verify", "--replica", &standby]));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains(&said), "{stdout}");

    let (code, stdout, stderr) = run(cli(db.url()).args([
        "refresh",
        "--wait-for-replicas",
        &standby,
        "--replica-timeout",
        "2s",
    ]));
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!(
            "replica {redacted}: FAILED: it is a standby of another cluster"
        )),
        "{stdout}"
    );
    for text in [&stdout, &stderr] {
        assert!(!text.contains("MARKsecret"));
    }

    // Its own primary's standby still counts.
    let (code, stdout, _) = run(cli(&pair.primary_url()).args([
        "views",
        "status",
        "--replica",
        pair.standby_url().as_str(),
    ]));
    assert_eq!(code, 0);
    assert!(!stdout.contains("another cluster"), "{stdout}");
}

#[test]
fn a_standby_on_another_timeline_is_an_error_naming_it() {
    // A failover the old primary did not take part in: its standby promoted
    // (timeline 2), a new standby following that one, the old primary still
    // writing on timeline 1. Same cluster, another history.
    let mut pair = ReplicaPair::start();
    let follower = pair.promote_standby_and_follow_it();
    let (code, stdout, stderr) =
        run(cli(&pair.primary_url()).args(["views", "status", "--replica", follower.as_str()]));
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains(&format!(
            "replica {}: it replays timeline 2 while the primary is on timeline 1",
            follower.redacted()
        )),
        "{stdout}"
    );
    // The promoted server's own follower counts.
    let promoted = pair.standby_url();
    let (code, stdout, stderr) =
        run(cli(&promoted).args(["verify", "--replica", follower.as_str()]));
    assert!(!stdout.contains("timeline"), "{code}: {stdout}{stderr}");
}
