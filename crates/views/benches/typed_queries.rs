//! Latency and throughput of three typed portal queries of `biositing-views`,
//! called through a `PortalReader` by concurrent client threads, the way a portal
//! backend would call them. Run by `bench/run.sh`, which compares the figures
//! with `pgbench -M prepared` running the very SQL these calls send. A
//! `cargo bench` target without the test harness:
//!
//! ```text
//! cargo bench -p biositing-views --bench typed_queries -- --database-url URL [--replica-url URL]
//!                       [--seconds N] [--threads T] [--checkout read|get] [--decode true|false]
//!                       [--county C] [--commodity C] [--query NAME] [--print-sql DIR]
//! ```
//!
//! The queries are `search`, `composition` and `pricing`; `--query` runs one of them.
//! Calls go through `PortalReader::read` (no checkout ping, a dead connection is
//! retried elsewhere); `--checkout get` uses `PortalReader::get` instead, which
//! sends a `SELECT 1` on every checkout. With `--replica-url` the reader has that
//! replica and the calls must land on it (checked during the warm-up).
//! `--decode false` runs the same statement (the views' `*_statement` functions)
//! but only counts the rows it fetches: the part of a call pgbench does too, so
//! the difference is the cost of decoding rows into the typed structs.
//!
//! Without `--print-sql` it prints one JSON object per query and line:
//! `{"query", "calls", "warmup_calls", "p50_us", "p99_us", "mean_us", "qps", "rows", "seconds", "threads", ...}`.
//! Latency is measured around one whole call: pool checkout, the query, and
//! decoding every row into the view's typed row struct.
//!
//! With `--print-sql DIR` it calls each query once on a plain connection with
//! Diesel's instrumentation attached, captures the SQL and bind values Diesel
//! sends, and writes for each query `DIR/<query>.pgbench` (the SQL, binds
//! turned into pgbench variables `:p1`, `:p2`, ...), `DIR/<query>.vars` (one
//! `pN=value` per line, for `pgbench -D`), `DIR/<query>.check.sql` (a psql
//! `count(*)` over the same SQL with `:'pN'` variables) and `DIR/<query>.rows`
//! (the number of rows the typed call returned).

use std::fmt::Write as _;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use biositing_db::DatabaseUrl;
use biositing_reader::{Consistency, PortalReader, ReadSource};
use biositing_views::mv_biomass_composition::{self, CompositionFilter};
use biositing_views::mv_biomass_pricing;
use biositing_views::mv_biomass_search::{self, SearchQuery, SearchStatement};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::connection::{
    DefaultLoadingMode, Instrumentation, InstrumentationEvent, LoadConnection,
};
use diesel::prelude::*;
use diesel::sql_types::Text;

type Error = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Query {
    Search,
    Composition,
    Pricing,
}

const QUERIES: [Query; 3] = [Query::Search, Query::Composition, Query::Pricing];

impl Query {
    fn name(self) -> &'static str {
        match self {
            Query::Search => "search",
            Query::Composition => "composition",
            Query::Pricing => "pricing",
        }
    }

    fn call(self, conn: &mut PgConnection, params: &Params) -> QueryResult<usize> {
        match self {
            Query::Search => {
                mv_biomass_search::search(conn, &search_params()).map(|rows| rows.len())
            }
            Query::Composition => {
                mv_biomass_composition::for_resource(conn, 1, &composition_filter(params))
                    .map(|rows| rows.len())
            }
            Query::Pricing => mv_biomass_pricing::for_commodity(
                conn,
                &params.commodity,
                None,
                params.dates.clone(),
            )
            .map(|rows| rows.len()),
        }
    }

    /// The statement [`Query::call`] runs, its rows fetched and counted but not
    /// decoded: the client's share of a call that pgbench has too.
    fn fetch(self, conn: &mut PgConnection, params: &Params) -> QueryResult<usize> {
        fn count<'q, S>(conn: &mut PgConnection, statement: S) -> QueryResult<usize>
        where
            S: diesel::query_builder::Query
                + diesel::query_builder::QueryFragment<diesel::pg::Pg>
                + diesel::query_builder::QueryId
                + 'q,
            diesel::pg::Pg: diesel::expression::QueryMetadata<S::SqlType>,
        {
            let mut rows = 0;
            for row in <PgConnection as LoadConnection<DefaultLoadingMode>>::load(conn, statement)?
            {
                row?;
                rows += 1;
            }
            Ok(rows)
        }
        match self {
            Query::Search => {
                let query = search_params();
                let rows = match mv_biomass_search::search_statement(&query) {
                    SearchStatement::Listing(s) => count(conn, s),
                    SearchStatement::Ranked(s) => count(conn, s),
                    SearchStatement::RankedUnfiltered(s) => count(conn, s),
                };
                rows
            }
            Query::Composition => {
                let filter = composition_filter(params);
                count(
                    conn,
                    mv_biomass_composition::for_resource_statement(1, &filter),
                )
            }
            Query::Pricing => count(
                conn,
                mv_biomass_pricing::for_commodity_statement(
                    &params.commodity,
                    None,
                    params.dates.clone(),
                ),
            ),
        }
    }

    fn run(self, conn: &mut PgConnection, params: &Params, decode: bool) -> QueryResult<usize> {
        if decode {
            self.call(conn, params)
        } else {
            self.fetch(conn, params)
        }
    }
}

/// How a call gets its connection from the [`PortalReader`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Checkout {
    /// `PortalReader::read`: no checkout ping.
    Read,
    /// `PortalReader::get`: a `SELECT 1` on every checkout.
    Get,
}

impl Checkout {
    fn name(self) -> &'static str {
        match self {
            Checkout::Read => "read",
            Checkout::Get => "get",
        }
    }

    fn call(
        self,
        reader: &PortalReader,
        query: Query,
        params: &Params,
        decode: bool,
    ) -> Result<usize, Error> {
        Ok(match self {
            Checkout::Read => reader.read(|conn| query.run(conn, params, decode))?,
            Checkout::Get => query.run(&mut *reader.get()?, params, decode)?,
        })
    }
}

fn search_params() -> SearchQuery {
    SearchQuery {
        text: "almond".to_owned(),
        limit: 10,
        ..SearchQuery::default()
    }
}

fn composition_filter(params: &Params) -> CompositionFilter {
    CompositionFilter {
        county: Some(params.county.clone()),
        ..CompositionFilter::default()
    }
}

struct Params {
    county: String,
    commodity: String,
    dates: Range<NaiveDateTime>,
}

struct Args {
    url: String,
    seconds: f64,
    threads: usize,
    county: Option<String>,
    commodity: Option<String>,
    print_sql: Option<String>,
    only: Option<Query>,
    replica_url: Option<String>,
    checkout: Checkout,
    decode: bool,
}

fn parse_args() -> Result<Args, Error> {
    let mut args = Args {
        url: std::env::var("DATABASE_URL").unwrap_or_default(),
        seconds: 10.0,
        threads: 2,
        county: None,
        commodity: None,
        print_sql: None,
        only: None,
        replica_url: None,
        checkout: Checkout::Read,
        decode: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--database-url" => args.url = value()?,
            "--seconds" => args.seconds = value()?.parse()?,
            "--threads" => args.threads = value()?.parse()?,
            "--county" => args.county = Some(value()?),
            "--commodity" => args.commodity = Some(value()?),
            "--print-sql" => args.print_sql = Some(value()?),
            "--replica-url" => args.replica_url = Some(value()?),
            "--checkout" => {
                args.checkout = match value()?.as_str() {
                    "read" => Checkout::Read,
                    "get" => Checkout::Get,
                    other => return Err(format!("--checkout read|get, not {other}").into()),
                }
            }
            "--decode" => args.decode = value()?.parse()?,
            "--query" => {
                let name = value()?;
                let query = QUERIES.into_iter().find(|q| q.name() == name);
                args.only = Some(query.ok_or_else(|| format!("unknown query {name}"))?);
            }
            // `cargo bench` passes this to every bench target.
            "--bench" => {}
            "-h" | "--help" => {
                println!(
                    "usage: typed_queries --database-url URL [--seconds N] [--threads T] \
                     [--county C] [--commodity C] [--query search|composition|pricing] \
                     [--replica-url URL] [--checkout read|get] [--decode true|false] [--print-sql DIR]"
                );
                std::process::exit(0);
            }
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    if args.url.is_empty() {
        return Err("no database: pass --database-url or set DATABASE_URL".into());
    }
    if args.threads == 0 || args.seconds <= 0.0 {
        return Err("--threads and --seconds must be positive".into());
    }
    Ok(args)
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The most frequent county of resource 1's composition rows and the most
/// frequent commodity of the pricing view, unless given on the command line.
fn choose_params(conn: &mut PgConnection, args: &Args) -> Result<Params, Error> {
    let county = match &args.county {
        Some(c) => c.clone(),
        None => {
            diesel::sql_query(
                "SELECT county AS name FROM data_portal.mv_biomass_composition \
                 WHERE resource_id = 1 AND county IS NOT NULL \
                 GROUP BY county ORDER BY count(*) DESC, county LIMIT 1",
            )
            .get_result::<Name>(conn)
            .map_err(|e| format!("no county for resource 1 in mv_biomass_composition: {e}"))?
            .name
        }
    };
    let commodity = match &args.commodity {
        Some(c) => c.clone(),
        None => {
            diesel::sql_query(
                "SELECT commodity_name AS name FROM data_portal.mv_biomass_pricing \
                 WHERE commodity_name IS NOT NULL \
                 GROUP BY commodity_name ORDER BY count(*) DESC, commodity_name LIMIT 1",
            )
            .get_result::<Name>(conn)
            .map_err(|e| format!("no commodity in mv_biomass_pricing: {e}"))?
            .name
        }
    };
    let day = |y, m, d| {
        NaiveDate::from_ymd_opt(y, m, d)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .ok_or("bad date")
    };
    // "All dates": a range far wider than any report date.
    let dates = day(1900, 1, 1)?..day(2200, 1, 1)?;
    Ok(Params {
        county,
        commodity,
        dates,
    })
}

fn main() {
    if let Err(e) = run() {
        eprintln!("typed_queries: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), Error> {
    let args = parse_args()?;
    let url = DatabaseUrl::parse(&args.url)?;
    let mut conn = biositing_db::connect(&url)?;
    let params = choose_params(&mut conn, &args)?;
    if let Some(dir) = &args.print_sql {
        return print_sql(conn, &params, dir);
    }
    drop(conn);

    let mut builder = PortalReader::builder(url).max_size(args.threads as u32);
    if let Some(replica) = &args.replica_url {
        builder = builder.replica(DatabaseUrl::parse(replica)?);
    }
    let reader = builder.build()?;
    if args.replica_url.is_some() {
        reader.check_replicas();
    }
    for query in QUERIES
        .into_iter()
        .filter(|q| args.only.is_none_or(|only| only == *q))
    {
        let report = bench(&reader, query, &params, &args)?;
        println!("{report}");
    }
    Ok(())
}

fn bench(
    reader: &PortalReader,
    query: Query,
    params: &Params,
    args: &Args,
) -> Result<serde_json::Value, Error> {
    // Warm-up, not recorded: every pooled connection prepares the statement once.
    let mut rows = 0;
    let warmup_calls = 20 * args.threads;
    for _ in 0..warmup_calls {
        let (n, source) = reader.read_on(Consistency::Replica, |conn| {
            query.run(conn, params, args.decode)
        })?;
        if args.replica_url.is_some() && !matches!(source, ReadSource::Replica { .. }) {
            return Err(format!(
                "{}: the warm-up call ran on {source}, not the replica",
                query.name()
            )
            .into());
        }
        rows = n;
    }

    let duration = Duration::from_secs_f64(args.seconds);
    let started = Instant::now();
    let deadline = started + duration;
    let per_thread: Vec<Result<Vec<u32>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..args.threads)
            .map(|_| {
                scope.spawn(move || -> Result<Vec<u32>, Error> {
                    let mut latencies = Vec::with_capacity(1 << 16);
                    while Instant::now() < deadline {
                        let t0 = Instant::now();
                        args.checkout.call(reader, query, params, args.decode)?;
                        let us = t0.elapsed().as_micros();
                        latencies.push(u32::try_from(us).unwrap_or(u32::MAX));
                    }
                    Ok(latencies)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err("a client thread panicked".into()))
            })
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    let mut latencies = Vec::new();
    for part in per_thread {
        latencies.extend(part?);
    }
    latencies.sort_unstable();
    let calls = latencies.len();
    let mean = latencies.iter().map(|&l| f64::from(l)).sum::<f64>() / calls.max(1) as f64;
    Ok(serde_json::json!({
        "query": query.name(),
        "calls": calls,
        "p50_us": percentile(&latencies, 0.50),
        "p99_us": percentile(&latencies, 0.99),
        "mean_us": (mean * 10.0).round() / 10.0,
        "qps": ((calls as f64 / elapsed) * 10.0).round() / 10.0,
        "rows": rows,
        "seconds": (elapsed * 1000.0).round() / 1000.0,
        "threads": args.threads,
        "checkout": args.checkout.name(),
        "replica": args.replica_url.is_some(),
        "decode": args.decode,
        "warmup_calls": warmup_calls,
        "params": match query {
            Query::Search => serde_json::json!({"text": "almond", "limit": 10}),
            Query::Composition => serde_json::json!({"resource_id": 1, "county": params.county}),
            Query::Pricing => serde_json::json!({"commodity": params.commodity, "dates": "all"}),
        },
    }))
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[derive(Default)]
struct Captured {
    /// `Display` of each query started: `SQL -- binds: [...]`.
    started: Vec<String>,
    /// SQL of each statement Diesel put into its prepared-statement cache.
    cached: Vec<String>,
}

fn print_sql(mut conn: PgConnection, params: &Params, dir: &str) -> Result<(), Error> {
    std::fs::create_dir_all(dir)?;
    let captured = Arc::new(Mutex::new(Captured::default()));
    let sink = Arc::clone(&captured);
    let instrumentation = move |event: InstrumentationEvent<'_>| {
        let mut c = sink.lock().unwrap_or_else(|e| e.into_inner());
        match event {
            InstrumentationEvent::StartQuery { query, .. } => c.started.push(query.to_string()),
            InstrumentationEvent::CacheQuery { sql, .. } => c.cached.push(sql.to_owned()),
            _ => {}
        }
    };
    set_instrumentation(&mut conn, instrumentation);

    for query in QUERIES {
        std::mem::take(&mut *captured.lock().unwrap_or_else(|e| e.into_inner()));
        let rows = query.call(&mut conn, params)?;
        let c = std::mem::take(&mut *captured.lock().unwrap_or_else(|e| e.into_inner()));
        let [statement] = c.started.as_slice() else {
            return Err(format!(
                "{}: expected one statement, Diesel sent {}",
                query.name(),
                c.started.len()
            )
            .into());
        };
        let (sql, binds) = statement
            .rsplit_once(" -- binds: ")
            .ok_or_else(|| format!("{}: unexpected debug output {statement}", query.name()))?;
        let binds = parse_debug_list(binds)?;
        let placeholders = count_placeholders(sql);
        if placeholders != binds.len() {
            return Err(format!(
                "{}: {placeholders} placeholders but {} binds in {statement}",
                query.name(),
                binds.len()
            )
            .into());
        }
        let name = query.name();
        let pgbench = format!("{};\n", replace_placeholders(sql, |n| format!(":p{n}")));
        let check = format!(
            "SELECT count(*) FROM ({}) AS q;\n",
            replace_placeholders(sql, |n| format!(":'p{n}'"))
        );
        let mut vars = String::new();
        for (i, value) in binds.iter().enumerate() {
            if value.contains('\n') {
                return Err(format!("{name}: bind {} holds a newline", i + 1).into());
            }
            writeln!(vars, "p{}={value}", i + 1)?;
        }
        std::fs::write(format!("{dir}/{name}.pgbench"), &pgbench)?;
        std::fs::write(format!("{dir}/{name}.check.sql"), &check)?;
        std::fs::write(format!("{dir}/{name}.vars"), &vars)?;
        std::fs::write(format!("{dir}/{name}.rows"), format!("{rows}\n"))?;
        println!(
            "-- {name}: {rows} rows; Diesel cached the prepared statement: {}",
            !c.cached.is_empty()
        );
        println!("-- binds: {binds:?}");
        print!("{pgbench}");
    }
    Ok(())
}

fn set_instrumentation(conn: &mut PgConnection, instrumentation: impl Instrumentation) {
    conn.set_instrumentation(instrumentation);
}

/// Number of distinct `$N` placeholders (the highest N).
fn count_placeholders(sql: &str) -> usize {
    let mut highest = 0;
    replace_placeholders(sql, |n| {
        highest = highest.max(n);
        String::new()
    });
    highest
}

/// Replaces every `$N` outside quoted literals by `f(N)`.
fn replace_placeholders(sql: &str, mut f: impl FnMut(usize) -> String) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match quote {
            Some(q) => {
                out.push(c);
                if c == q {
                    quote = None;
                }
            }
            None if c == '\'' || c == '"' => {
                quote = Some(c);
                out.push(c);
            }
            None if c == '$' && chars.peek().is_some_and(char::is_ascii_digit) => {
                let mut digits = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    digits.push(d);
                    chars.next();
                }
                out.push_str(&f(digits.parse().unwrap_or(0)));
            }
            None => out.push(c),
        }
    }
    out
}

/// Parses the `{:?}` of Diesel's bind list (`["almond", 10, 0.0, Some("x")]`)
/// into the text values pgbench sends: strings unescaped, `Some(..)` unwrapped,
/// everything else (numbers, dates) as printed.
fn parse_debug_list(list: &str) -> Result<Vec<String>, Error> {
    let inner = list
        .trim()
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .ok_or_else(|| format!("not a list: {list}"))?;
    let mut values = Vec::new();
    let mut chars = inner.chars().peekable();
    loop {
        while chars.peek() == Some(&' ') {
            chars.next();
        }
        if chars.peek().is_none() {
            break;
        }
        let mut raw = String::new();
        let mut depth = 0_i32;
        let mut string: Option<String> = None;
        while let Some(c) = chars.next() {
            match c {
                '"' => {
                    let mut s = String::new();
                    loop {
                        match chars.next().ok_or("unterminated string")? {
                            '"' => break,
                            '\\' => match chars.next().ok_or("bad escape")? {
                                'n' => s.push('\n'),
                                't' => s.push('\t'),
                                'r' => s.push('\r'),
                                '0' => s.push('\0'),
                                'u' => {
                                    let hex: String = chars
                                        .by_ref()
                                        .skip_while(|&h| h == '{')
                                        .take_while(|&h| h != '}')
                                        .collect();
                                    let code = u32::from_str_radix(&hex, 16)?;
                                    s.push(char::from_u32(code).ok_or("bad \\u escape")?);
                                }
                                other => s.push(other),
                            },
                            other => s.push(other),
                        }
                    }
                    string = Some(s);
                }
                '(' | '[' => {
                    depth += 1;
                    raw.push(c);
                }
                ')' | ']' => {
                    depth -= 1;
                    raw.push(c);
                }
                ',' if depth == 0 => break,
                _ => raw.push(c),
            }
        }
        let value = match string {
            Some(s) => s,
            None => {
                let raw = raw.trim();
                let raw = raw
                    .strip_prefix("Some(")
                    .and_then(|r| r.strip_suffix(')'))
                    .unwrap_or(raw);
                if raw == "None" {
                    return Err("NULL binds are not supported".into());
                }
                raw.to_owned()
            }
        };
        values.push(value);
    }
    Ok(values)
}
