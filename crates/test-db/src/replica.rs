//! A real primary/standby pair of PostgreSQL servers for tests of replica reads.
//!
//! The machine's server does not accept replication connections, so the pair
//! is made here: `initdb` of a primary of its own (trust auth, `replication`
//! lines in its `pg_hba.conf`, `wal_level = replica`), the workspace's
//! migrations applied to its database `biositing`, then `pg_basebackup -R` of
//! a hot standby streaming from it. Each server lives in a temporary folder
//! (its unix socket too), listens on 127.0.0.1 on a free port, and runs as the
//! `postgres` OS user when the tests run as root (PostgreSQL refuses root).
//!
//! The server binaries come from `PG_BIN` when set, else the highest
//! `/usr/lib/postgresql/<version>/bin` (Debian's `postgresql` package).
//!
//! Clean-up: a static is never dropped, so every pair has a watchdog, a small
//! `sh` process that reads from a pipe the test process holds. When the test
//! process ends, however it ends (even killed), the kernel closes the pipe and
//! the watchdog stops the pair's servers and removes its folder. A pair from
//! [`ReplicaPair::start`] does the same when dropped.

use std::io::Write as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use biositing_db::migrations::{migrate, MigrateOptions, MigrationSet};
use biositing_db::{connect, DatabaseUrl};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::workspace_root;

/// The database of the pair that holds the workspace's migrations.
pub const PAIR_DATABASE: &str = "biositing";

/// How long a server may take to start, or the standby to catch up.
const WAIT: Duration = Duration::from_secs(60);

/// A primary and a hot standby streaming from it, both started by this process.
pub struct ReplicaPair {
    root: PathBuf,
    bin: PathBuf,
    primary: Server,
    standby: Server,
    /// A standby of the promoted standby ([`ReplicaPair::promote_standby_and_follow_it`]).
    follower: Option<Server>,
    /// The write end of the watchdog's pipe (closing it stops the pair).
    watchdog_pipe: Mutex<Option<ChildStdin>>,
    watchdog: Mutex<Option<Child>>,
}

/// One server of the pair: its data folder and port.
struct Server {
    data: PathBuf,
    port: u16,
}

impl ReplicaPair {
    /// The pair of this test binary, started on first use and stopped (folders
    /// removed) when the test process ends. Share it for reads and for writes
    /// of rows of your own; never stop its standby (use [`ReplicaPair::start`]
    /// for that): tests in the same binary run in parallel against it.
    pub fn shared() -> &'static ReplicaPair {
        static SHARED: OnceLock<ReplicaPair> = OnceLock::new();
        SHARED.get_or_init(ReplicaPair::start)
    }

    /// A pair of its own (a few seconds to start), stopped and removed when
    /// dropped: for tests that stop or restart its servers.
    pub fn start() -> ReplicaPair {
        let bin = bin_dir();
        let root = tempfile_dir();
        give_to_server_user(&root);
        // The watchdog is the first thing started, so nothing outlives the test.
        let (watchdog, pipe) = spawn_watchdog(&root, &bin);
        let mut pair = ReplicaPair {
            primary: Server {
                data: root.join("primary"),
                port: 0,
            },
            standby: Server {
                data: root.join("standby"),
                port: 0,
            },
            follower: None,
            root,
            bin,
            watchdog_pipe: Mutex::new(Some(pipe)),
            watchdog: Mutex::new(Some(watchdog)),
        };
        pair.init_primary();
        pair.init_standby();
        pair
    }

    /// The migrated database on the primary (reads and writes).
    pub fn primary_url(&self) -> DatabaseUrl {
        server_url(self.primary.port, PAIR_DATABASE)
    }

    /// The same database on the standby (read-only, a hot standby).
    pub fn standby_url(&self) -> DatabaseUrl {
        server_url(self.standby.port, PAIR_DATABASE)
    }

    /// A connection to the primary's migrated database.
    pub fn primary_conn(&self) -> PgConnection {
        connect(&self.primary_url()).unwrap_or_else(|e| panic!("primary: {e}"))
    }

    /// A connection to the standby's copy of that database.
    pub fn standby_conn(&self) -> PgConnection {
        connect(&self.standby_url()).unwrap_or_else(|e| panic!("standby: {e}"))
    }

    /// Runs SQL on the primary's migrated database.
    pub fn execute_on_primary(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        self.primary_conn()
            .batch_execute(sql)
            .unwrap_or_else(|e| panic!("{e}\nin:\n{sql}"));
    }

    /// Waits until the standby has replayed everything the primary has
    /// written so far (its WAL position now), or panics after a minute.
    pub fn wait_for_replay(&self) {
        #[derive(QueryableByName)]
        struct Lsn {
            #[diesel(sql_type = Text)]
            lsn: String,
        }
        #[derive(QueryableByName)]
        struct Done {
            #[diesel(sql_type = Bool)]
            done: bool,
        }
        let target = diesel::sql_query("SELECT pg_current_wal_lsn()::text AS lsn")
            .get_result::<Lsn>(&mut self.primary_conn())
            .unwrap()
            .lsn;
        let mut standby = self.standby_conn();
        let deadline = Instant::now() + WAIT;
        loop {
            let done = diesel::sql_query(
                "SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS done",
            )
            .bind::<Text, _>(&target)
            .get_result::<Done>(&mut standby)
            .unwrap()
            .done;
            if done {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the standby did not replay up to {target} within {WAIT:?}; its log: {}",
                self.log_tail(&self.standby)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops the standby (fast shutdown); reads aimed at it then fail to
    /// connect. Only on a pair of your own ([`ReplicaPair::start`]).
    pub fn stop_standby(&self) {
        self.pg_ctl(&self.standby, &["stop", "-m", "fast", "-w"]);
    }

    /// Starts the stopped standby again; it resumes streaming from the primary.
    pub fn start_standby(&self) {
        self.start_server(&self.standby);
    }

    /// Promotes the standby (a new timeline begins on it, as in a failover)
    /// and starts a second standby streaming from it; returns that one's URL.
    /// The primary keeps running on the old timeline: a standby that follows
    /// the promoted server is then on another history than it. Only on a pair
    /// of your own ([`ReplicaPair::start`]).
    pub fn promote_standby_and_follow_it(&mut self) -> DatabaseUrl {
        self.pg_ctl(&self.standby, &["promote", "-w"]);
        let follower = Server {
            data: self.root.join("follower"),
            port: 0,
        };
        self.follower = Some(self.base_backup_of(&self.standby, follower));
        let follower = self.follower.as_ref().unwrap_or_else(|| unreachable!());
        server_url(follower.port, PAIR_DATABASE)
    }

    /// The folder holding both servers' data and logs (removed at the end).
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn init_primary(&mut self) {
        let data = self.primary.data.clone();
        self.as_server_user(
            "initdb",
            &[
                "-D",
                path_str(&data),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
        );
        self.primary.port = free_port();
        append(
            &data.join("postgresql.conf"),
            &format!(
                "\n# biositing-test-db replica pair\n\
                 listen_addresses = '127.0.0.1'\n\
                 port = {port}\n\
                 unix_socket_directories = '{socket}'\n\
                 wal_level = replica\n\
                 max_wal_senders = 10\n\
                 wal_keep_size = '256MB'\n\
                 hot_standby = on\n\
                 max_connections = 100\n\
                 shared_buffers = '32MB'\n\
                 fsync = off\n\
                 full_page_writes = off\n\
                 logging_collector = off\n",
                port = self.primary.port,
                socket = path_str(&self.root),
            ),
        );
        // Written whole, so it says exactly who may connect: everyone local,
        // replication included, without a password.
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\n\
             host all all 127.0.0.1/32 trust\n\
             local replication all trust\n\
             host replication all 127.0.0.1/32 trust\n",
        )
        .unwrap();
        give_to_server_user(&data);
        self.start_server(&self.primary);
        let mut admin = connect(&server_url(self.primary.port, "postgres")).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {PAIR_DATABASE}"))
            .execute(&mut admin)
            .unwrap();
        let set = MigrationSet::from_dir(&workspace_root().join("migrations")).unwrap();
        migrate(
            &mut self.primary_conn(),
            &set,
            &MigrateOptions::default(),
            &mut |_| {},
        )
        .unwrap_or_else(|e| panic!("migrating the pair's primary: {e}"));
    }

    fn init_standby(&mut self) {
        let standby = Server {
            data: self.standby.data.clone(),
            port: 0,
        };
        self.standby = self.base_backup_of(&self.primary, standby);
        // Accepting connections is not enough: wait until it streams.
        self.wait_for_replay();
    }

    /// A hot standby of `source` in `server.data` (`pg_basebackup -R`), started
    /// on a free port.
    fn base_backup_of(&self, source: &Server, mut server: Server) -> Server {
        let source_port = source.port.to_string();
        self.as_server_user(
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &source_port,
                "-U",
                "postgres",
                "-D",
                path_str(&server.data),
                "-R",
                "-X",
                "stream",
                "-c",
                "fast",
                "--no-sync",
            ],
        );
        server.port = free_port();
        // The copied postgresql.conf names the source's port: the last line wins.
        append(
            &server.data.join("postgresql.conf"),
            &format!("port = {}\nhot_standby_feedback = on\n", server.port),
        );
        self.start_server(&server);
        server
    }

    fn start_server(&self, server: &Server) {
        let log = server.data.with_extension("log");
        self.pg_ctl(server, &["start", "-w", "-t", "60", "-l", path_str(&log)]);
        let url = server_url(server.port, "postgres");
        let deadline = Instant::now() + WAIT;
        while connect(&url).is_err() {
            assert!(
                Instant::now() < deadline,
                "the server in {} did not accept connections within {WAIT:?}; its log: {}",
                server.data.display(),
                self.log_tail(server)
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn pg_ctl(&self, server: &Server, args: &[&str]) {
        let mut all = vec!["-D", path_str(&server.data)];
        all.extend_from_slice(args);
        let ok = self.try_as_server_user("pg_ctl", &all);
        assert!(
            ok,
            "pg_ctl {args:?} failed for {}; its log: {}",
            server.data.display(),
            self.log_tail(server)
        );
    }

    fn as_server_user(&self, program: &str, args: &[&str]) {
        assert!(
            self.try_as_server_user(program, args),
            "{program} {args:?} failed (output above)"
        );
    }

    fn try_as_server_user(&self, program: &str, args: &[&str]) -> bool {
        let mut cmd = server_user_command(&self.bin.join(program));
        cmd.args(args)
            .current_dir(&self.root)
            .stdin(Stdio::null())
            // pg_ctl's postmaster inherits these: never tie it to our pipes.
            .stdout(Stdio::null());
        let output = cmd
            .stderr(Stdio::piped())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {program}: {e}"));
        if !output.status.success() {
            eprintln!(
                "{program}: {}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        output.status.success()
    }

    fn log_tail(&self, server: &Server) -> String {
        let text = std::fs::read_to_string(server.data.with_extension("log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(20)..].join("\n")
    }
}

impl Drop for ReplicaPair {
    fn drop(&mut self) {
        // Closing the pipe tells the watchdog to stop the servers and clean up.
        drop(self.watchdog_pipe.lock().map(|mut p| p.take()));
        if let Ok(mut watchdog) = self.watchdog.lock() {
            if let Some(mut child) = watchdog.take() {
                let _ = child.wait();
            }
        }
    }
}

/// The folder of the PostgreSQL server binaries: `PG_BIN`, else the highest
/// version under `/usr/lib/postgresql`.
pub fn bin_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("PG_BIN") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.join("initdb").is_file(),
            "PG_BIN={} holds no initdb: point it at PostgreSQL's server binaries",
            dir.display()
        );
        return dir;
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin).unwrap_or_else(|| {
        panic!(
            "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql/<version>/bin: \
             install them (`apt-get install postgresql`, which scripts/ensure-postgres.sh does) \
             or set PG_BIN to the folder holding initdb"
        )
    })
}

fn server_url(port: u16, database: &str) -> DatabaseUrl {
    DatabaseUrl::parse(&format!("postgres://postgres@127.0.0.1:{port}/{database}")).unwrap()
}

/// Whether this process runs as root (then the servers run as `postgres`).
fn running_as_root() -> bool {
    static ROOT: OnceLock<bool> = OnceLock::new();
    *ROOT.get_or_init(|| {
        Command::new("id")
            .arg("-u")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
            .unwrap_or(false)
    })
}

fn server_user_command(program: &Path) -> Command {
    if running_as_root() {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// Hands a folder (recursively) to the `postgres` OS user when running as root.
fn give_to_server_user(path: &Path) {
    if !running_as_root() {
        return;
    }
    let status = Command::new("chown")
        .args(["-R", "postgres:postgres"])
        .arg(path)
        .status()
        .unwrap_or_else(|e| panic!("cannot run chown: {e}"));
    assert!(
        status.success(),
        "chown -R postgres {} failed: does the `postgres` OS user exist? (apt-get install postgresql creates it)",
        path.display()
    );
}

fn tempfile_dir() -> PathBuf {
    // Short: the unix socket path (folder + /.s.PGSQL.NNNNN) must fit 107 bytes.
    let dir = std::env::temp_dir().join(format!(
        "biositing-pair-{}-{}",
        std::process::id(),
        PAIR_COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

static PAIR_COUNTER: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// The watchdog: blocks reading its stdin; at end of file (the test process
/// closed it, or ended) stops every server of the folder and removes it.
/// Its own process group, so a Ctrl-C meant for the tests does not kill it
/// before it has cleaned up.
fn spawn_watchdog(root: &Path, bin: &Path) -> (Child, ChildStdin) {
    use std::os::unix::process::CommandExt as _;
    let as_server = if running_as_root() {
        "runuser -u postgres -- "
    } else {
        ""
    };
    let script = format!(
        r#"trap '' INT HUP TERM
cat >/dev/null
for data in "$1"/primary "$1"/standby "$1"/follower; do
  if [ -f "$data/postmaster.pid" ]; then {as_server}"$2/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1; fi
done
rm -rf "$1""#
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .arg("sh")
        .arg(root)
        .arg(bin)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start the replica pair's watchdog: {e}"));
    let pipe = child.stdin.take().unwrap();
    (child, pipe)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("no free port on 127.0.0.1: {e}"))
}

fn append(file: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(file)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    f.write_all(text.as_bytes()).unwrap();
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}
