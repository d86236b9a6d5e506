//! What a live database holds for a view, and comparisons with its definition.

use biositing_db::quote_ident;
use biositing_db::sql::NodeEnum;
use biositing_views::{ViewDefinition, PORTAL_SCHEMA};
use diesel::prelude::*;
use diesel::sql_types::Text;

#[derive(QueryableByName)]
struct Definition {
    #[diesel(sql_type = Text)]
    definition: String,
}

/// `CREATE INDEX` statements of the view's indexes as PostgreSQL prints them.
pub fn indexes(conn: &mut PgConnection, view: &str) -> QueryResult<Vec<String>> {
    let rows: Vec<Definition> = diesel::sql_query(
        "SELECT pg_get_indexdef(i.indexrelid) AS definition
           FROM pg_index i
           JOIN pg_class c ON c.oid = i.indrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2
          ORDER BY 1",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.definition).collect())
}

/// Declared indexes missing from the database, and live ones not declared.
pub fn index_mismatches(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> QueryResult<Vec<String>> {
    let live = indexes(conn, view.name)?;
    let declared: Vec<String> = view
        .indexes
        .iter()
        .map(|i| i.indexdef(PORTAL_SCHEMA, view.name))
        .collect();
    let mut problems: Vec<String> = declared
        .iter()
        .filter(|d| !live.contains(d))
        .map(|d| format!("missing index: {d}"))
        .collect();
    problems.extend(
        live.iter()
            .filter(|l| !declared.contains(l))
            .map(|l| format!("undeclared index: {l}")),
    );
    Ok(problems)
}

/// Why this session cannot build a candidate view (a hot standby, a
/// read-only session, a login without `CREATE` on the database); `None` when
/// it can.
pub fn cannot_build(conn: &mut PgConnection) -> QueryResult<Option<String>> {
    #[derive(QueryableByName)]
    struct Session {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        standby: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        read_only: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        can_create: bool,
    }
    let session: Session = diesel::sql_query(
        "SELECT pg_is_in_recovery() AS standby,
                current_setting('transaction_read_only') = 'on' AS read_only,
                has_database_privilege(current_database(), 'CREATE') AS can_create",
    )
    .get_result(conn)?;
    Ok(if session.standby {
        Some("the database is a hot standby, which cannot build the candidate view".into())
    } else if session.read_only {
        Some("the session is read-only, so it cannot build the candidate view".into())
    } else if !session.can_create {
        Some("the login has no CREATE privilege on the database (a read-only login), so it cannot build the candidate view".into())
    } else {
        None
    })
}

/// The deployed view against a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeployedComparison {
    /// The view does not exist.
    Missing,
    /// PostgreSQL normalised both to the same text.
    Same,
    Differs,
    /// The comparison needs a candidate built, which this session cannot: why.
    Skipped(String),
}

/// Whether the deployed view computes what the view's development definition
/// says. PostgreSQL normalises both: the candidate is created `WITH NO DATA`
/// in a scratch schema inside a transaction that is always rolled back, each
/// statement sent alone (extended protocol, so never more than one), after
/// [`crate::definition_check::parsed_definition`] found exactly one reading
/// query. On a session that cannot build, the comparison is skipped and says why.
pub fn definition_matches(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> crate::Result<DeployedComparison> {
    crate::definition_check::parsed_definition(view)?;
    let deployed = match view_definition(conn, PORTAL_SCHEMA, view.name)? {
        Some(d) => d,
        None => return Ok(DeployedComparison::Missing),
    };
    if let Some(reason) = cannot_build(conn)? {
        return Ok(DeployedComparison::Skipped(reason));
    }
    let scratch = crate::scratch::scratch_schema(conn, "candidate")?;
    let scratch = scratch.as_str();
    let mut candidate = None;
    let outcome = conn.transaction::<(), diesel::result::Error, _>(|conn| {
        diesel::sql_query(format!("CREATE SCHEMA {}", quote_ident(scratch))).execute(conn)?;
        diesel::sql_query(format!(
            "CREATE MATERIALIZED VIEW {schema}.{name} AS\n{definition}\nWITH NO DATA",
            schema = quote_ident(scratch),
            name = quote_ident(view.name),
            definition = view.definition.trim_end(),
        ))
        .execute(conn)?;
        candidate = view_definition(conn, scratch, view.name)?;
        Err(diesel::result::Error::RollbackTransaction)
    });
    match outcome {
        Err(diesel::result::Error::RollbackTransaction) | Ok(()) => Ok(match candidate {
            Some(c) if c == deployed => DeployedComparison::Same,
            _ => DeployedComparison::Differs,
        }),
        Err(e) => Err(e.into()),
    }
}

/// Runs `work` in a `READ ONLY` transaction: what a check reads can write
/// nothing, and works on a hot standby and for a login that can only read.
pub fn read_only<T>(
    conn: &mut PgConnection,
    work: impl FnOnce(&mut PgConnection) -> crate::Result<T>,
) -> crate::Result<T> {
    use diesel::connection::{AnsiTransactionManager, TransactionManager};
    let nested = AnsiTransactionManager::transaction_manager_status_mut(conn)
        .transaction_depth()
        .ok()
        .flatten()
        .is_some();
    if nested {
        // Inside a transaction already (a savepoint keeps a failure local);
        // the outer transaction decides whether it may write.
        return conn.transaction(work);
    }
    conn.build_transaction().read_only().run(work)
}

/// The output columns (name, type) PostgreSQL gives the view's development
/// definition, learned without building anything, so on any session (a hot
/// standby, a login that can only read): the definition is planned under a
/// `LIMIT 0` that never asks it for a row, null-extended by a `LEFT JOIN`, and
/// `pg_typeof` of each column gives its type. Names come from the
/// definition's SELECT list (an expression without `AS` named by PostgreSQL's
/// rules for the common cases). Types carry no modifier (`numeric`, not
/// `numeric(10,2)`). `Err(problem)` when PostgreSQL refuses the definition,
/// naming its place in `definition.sql`, or when its list holds a `*`.
pub fn described_columns(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> crate::Result<std::result::Result<Vec<(String, String)>, String>> {
    let statement = crate::definition_check::parsed_definition(view)?;
    let path = crate::definition_check::definition_path(view.name);
    let Some(names) = output_names(&statement.node) else {
        return Ok(Err(format!(
            "{path}: its columns cannot be told without building it (the SELECT list holds a `*`): name them"
        )));
    };
    #[derive(QueryableByName)]
    struct ResultType {
        #[diesel(sql_type = Text)]
        type_name: String,
    }
    let aliases: Vec<String> = (1..=names.len()).map(|i| format!("c{i}")).collect();
    let types: Vec<String> = (1..=names.len())
        .map(|i| format!("({i}, pg_typeof(q.c{i})::text)"))
        .collect();
    let sql = format!(
        "SELECT x.type_name FROM (SELECT 1) AS one\n\
         LEFT JOIN (SELECT * FROM (\n{definition}\n) AS d LIMIT 0) AS q ({aliases}) ON true\n\
         CROSS JOIN LATERAL (VALUES {types}) AS x (n, type_name)\n\
         ORDER BY x.n",
        definition = view.definition.trim_end(),
        aliases = aliases.join(", "),
        types = types.join(", "),
    );
    // Its own savepoint: a refused definition leaves the transaction usable.
    let outcome = conn.transaction(|conn| diesel::sql_query(&sql).load::<ResultType>(conn));
    match outcome {
        Ok(types) => Ok(Ok(names
            .into_iter()
            .zip(types)
            .map(|(name, t)| (name, t.type_name))
            .collect())),
        Err(diesel::result::Error::DatabaseError(_, info)) => {
            let place = info
                .statement_position()
                .and_then(|p| {
                    crate::definition_check::locate_in_definition(
                        view,
                        &sql,
                        crate::definition_check::byte_offset(&sql, p),
                    )
                })
                .map(|at| format!(" {at}"))
                .unwrap_or_default();
            Ok(Err(format!("{path}{place}: {}", info.message())))
        }
        Err(other) => Err(other.into()),
    }
}

/// The definition's columns and types (see [`described_columns`]) against the
/// deployed view's (types without modifiers, as described ones are); one
/// message when they differ or when PostgreSQL refuses the definition.
pub fn described_against_deployed(
    conn: &mut PgConnection,
    view: &ViewDefinition,
) -> crate::Result<Vec<String>> {
    #[derive(QueryableByName)]
    struct Column {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = Text)]
        type_name: String,
    }
    let described = match described_columns(conn, view)? {
        Ok(columns) => columns,
        Err(problem) => return Ok(vec![format!("the definition does not run: {problem}")]),
    };
    let deployed: Vec<(String, String)> = diesel::sql_query(
        "SELECT a.attname::text AS name, a.atttypid::regtype::text AS type_name
           FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY a.attnum",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view.name)
    .load::<Column>(conn)?
    .into_iter()
    .map(|c| (c.name, c.type_name))
    .collect();
    if described == deployed {
        return Ok(Vec::new());
    }
    let show = |columns: &[(String, String)]| {
        columns
            .iter()
            .map(|(n, t)| format!("{n} {t}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok(vec![format!(
        "the deployed view's columns ({}) differ from the definition's ({})",
        show(&deployed),
        show(&described)
    )])
}

/// The names PostgreSQL gives the output columns of a reading query, as far
/// as the parse tree tells them; `None` when the list holds a `*`.
fn output_names(node: &NodeEnum) -> Option<Vec<String>> {
    let NodeEnum::SelectStmt(select) = node else {
        return None;
    };
    let mut select = select.as_ref();
    while let Some(left) = select.larg.as_deref() {
        select = left;
    }
    if select.target_list.is_empty() {
        // VALUES: column1, column2…
        let width = select
            .values_lists
            .first()
            .and_then(|row| match &row.node {
                Some(NodeEnum::List(list)) => Some(list.items.len()),
                _ => None,
            })?;
        return Some((1..=width).map(|i| format!("column{i}")).collect());
    }
    select
        .target_list
        .iter()
        .map(|target| match &target.node {
            Some(NodeEnum::ResTarget(t)) if !t.name.is_empty() => Some(t.name.clone()),
            Some(NodeEnum::ResTarget(t)) => {
                let value = t.val.as_ref().and_then(|v| v.node.as_ref())?;
                if let NodeEnum::ColumnRef(c) = value {
                    if matches!(
                        c.fields.last().and_then(|f| f.node.as_ref()),
                        Some(NodeEnum::AStar(_))
                    ) {
                        return None;
                    }
                }
                Some(column_name(value).map_or_else(|| "?column?".to_string(), |(n, _)| n))
            }
            _ => None,
        })
        .collect()
}

/// PostgreSQL's name for an unnamed output expression (its `FigureColname`,
/// for the common node kinds) and whether the name is a strong one.
fn column_name(node: &NodeEnum) -> Option<(String, bool)> {
    let last_string = |nodes: &[pg_query::protobuf::Node]| {
        nodes.iter().rev().find_map(|n| match &n.node {
            Some(NodeEnum::String(s)) => Some(s.sval.clone()),
            _ => None,
        })
    };
    match node {
        NodeEnum::ColumnRef(c) => last_string(&c.fields).map(|n| (n, true)),
        NodeEnum::FuncCall(f) => last_string(&f.funcname).map(|n| (n, true)),
        NodeEnum::AIndirection(i) => last_string(&i.indirection)
            .map(|n| (n, true))
            .or_else(|| column_name(i.arg.as_ref()?.node.as_ref()?)),
        NodeEnum::TypeCast(t) => {
            let inner = t
                .arg
                .as_ref()
                .and_then(|a| a.node.as_ref())
                .and_then(column_name);
            match inner {
                Some((name, true)) => Some((name, true)),
                _ => t
                    .type_name
                    .as_ref()
                    .and_then(|ty| last_string(&ty.names))
                    .map(|n| (n, false)),
            }
        }
        NodeEnum::CaseExpr(c) => match c
            .defresult
            .as_ref()
            .and_then(|d| d.node.as_ref())
            .and_then(column_name)
        {
            Some((name, true)) => Some((name, true)),
            _ => Some(("case".into(), false)),
        },
        NodeEnum::CoalesceExpr(_) => Some(("coalesce".into(), true)),
        NodeEnum::NullIfExpr(_) => Some(("nullif".into(), true)),
        NodeEnum::AExpr(a) if a.kind == pg_query::protobuf::AExprKind::AexprNullif as i32 => {
            Some(("nullif".into(), true))
        }
        NodeEnum::MinMaxExpr(m) => Some((
            if m.op == pg_query::protobuf::MinMaxOp::IsGreatest as i32 {
                "greatest".into()
            } else {
                "least".into()
            },
            true,
        )),
        NodeEnum::AArrayExpr(_) => Some(("array".into(), true)),
        NodeEnum::RowExpr(_) => Some(("row".into(), true)),
        NodeEnum::SubLink(s) => match pg_query::protobuf::SubLinkType::try_from(s.sub_link_type) {
            Ok(pg_query::protobuf::SubLinkType::ExistsSublink) => Some(("exists".into(), true)),
            Ok(pg_query::protobuf::SubLinkType::ArraySublink) => Some(("array".into(), true)),
            Ok(pg_query::protobuf::SubLinkType::ExprSublink) => s
                .subselect
                .as_ref()
                .and_then(|q| q.node.as_ref())
                .and_then(output_names)
                .and_then(|names| names.into_iter().next())
                .map(|n| (n, true)),
            _ => None,
        },
        _ => None,
    }
}

fn view_definition(
    conn: &mut PgConnection,
    schema: &str,
    name: &str,
) -> QueryResult<Option<String>> {
    let rows: Vec<Definition> = diesel::sql_query(
        "SELECT pg_get_viewdef(c.oid) AS definition
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'm'",
    )
    .bind::<Text, _>(schema)
    .bind::<Text, _>(name)
    .load(conn)?;
    Ok(rows.into_iter().next().map(|r| r.definition))
}

#[derive(QueryableByName)]
struct Populated {
    #[diesel(sql_type = diesel::sql_types::Bool)]
    populated: bool,
}

/// `Some(populated?)` for an existing view, `None` when it does not exist.
pub fn populated(conn: &mut PgConnection, view: &str) -> QueryResult<Option<bool>> {
    let rows: Vec<Populated> = diesel::sql_query(
        "SELECT c.relispopulated AS populated
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind = 'm'",
    )
    .bind::<Text, _>(PORTAL_SCHEMA)
    .bind::<Text, _>(view)
    .load(conn)?;
    Ok(rows.into_iter().next().map(|r| r.populated))
}
