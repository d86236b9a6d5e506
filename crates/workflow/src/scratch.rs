//! Scratch schemas for definitions that are built and then rolled back.

use diesel::prelude::*;
use diesel::PgConnection;

/// `biositing_<purpose>_<backend pid>`: named after this connection's backend,
/// so that concurrent runs never wait on each other's uncommitted schema name
/// (a wait that `lock_timeout` would turn into a failure).
pub fn scratch_schema(conn: &mut PgConnection, purpose: &str) -> QueryResult<String> {
    #[derive(QueryableByName)]
    struct Pid {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pid: i32,
    }
    let pid: Pid = diesel::sql_query("SELECT pg_backend_pid() AS pid").get_result(conn)?;
    Ok(format!("biositing_{purpose}_{}", pid.pid))
}
