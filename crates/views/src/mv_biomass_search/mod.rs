//! `mv_biomass_search`: one row per resource (except sargassum) with its class,
//! volume, lab-analysis profile (records not failed in QC), tags, season and
//! logistics notes, for the portal's search box.
//! The GIN index on `search_vector` backs full-text matching, the GIN trigram index
//! on `name` backs typo-tolerant matching, and the btree indexes back the filters.

use diesel::dsl::{AsSelect, SqlTypeOf};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Float, Nullable, Text};
use diesel_full_text_search::{websearch_to_tsquery_with_search_config, TsQuery, TsVector};

use crate::{IndexDefinition, IndexKey, ViewDefinition};

crate::portal_view! {
    mv_biomass_search (id) {
        id -> Int4,
        name -> Nullable<Varchar>,
        resource_code -> Nullable<Varchar>,
        description -> Nullable<Varchar>,
        resource_class -> Nullable<Varchar>,
        resource_subclass -> Nullable<Varchar>,
        primary_product -> Nullable<Varchar>,
        image_url -> Nullable<Varchar>,
        literature_uri -> Nullable<Varchar>,
        total_annual_volume -> Nullable<Int8>,
        county_count -> Nullable<Int8>,
        volume_unit -> Nullable<Text>,
        moisture_percent -> Nullable<Numeric>,
        sugar_content_percent -> Nullable<Numeric>,
        ash_percent -> Nullable<Numeric>,
        lignin_percent -> Nullable<Numeric>,
        carbon_percent -> Nullable<Numeric>,
        hydrogen_percent -> Nullable<Numeric>,
        cn_ratio -> Nullable<Numeric>,
        transport_description -> Nullable<Text>,
        storage_description -> Nullable<Text>,
        transport_notes -> Nullable<Text>,
        storage_notes -> Nullable<Text>,
        tags -> Nullable<Array<Text>>,
        season_from_month -> Nullable<Int4>,
        season_to_month -> Nullable<Int4>,
        year_round -> Nullable<Bool>,
        has_proximate -> Nullable<Bool>,
        has_compositional -> Nullable<Bool>,
        has_ultimate -> Nullable<Bool>,
        has_xrf -> Nullable<Bool>,
        has_icp -> Nullable<Bool>,
        has_calorimetry -> Nullable<Bool>,
        has_xrd -> Nullable<Bool>,
        has_ftnir -> Nullable<Bool>,
        has_fermentation -> Nullable<Bool>,
        has_gasification -> Nullable<Bool>,
        has_pretreatment -> Nullable<Bool>,
        has_moisture_data -> Nullable<Bool>,
        has_sugar_data -> Nullable<Bool>,
        has_image -> Nullable<Bool>,
        has_volume_data -> Nullable<Bool>,
        created_at -> Nullable<Timestamp>,
        updated_at -> Nullable<Timestamp>,
        search_vector -> Nullable<TsVector>,
    }
}

/// One row of `data_portal.mv_biomass_search`: the resource as a search lists it,
/// and the vector it is matched on. Derefs to the [`SearchResource`], so
/// `row.name` reads the resource's name.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_search)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct BiomassSearch {
    #[diesel(embed)]
    pub resource: SearchResource,
    pub search_vector: Option<diesel_full_text_search::PgTsVector>,
}

/// Every column of `data_portal.mv_biomass_search` but `search_vector`: what
/// [`search`] returns. The vector is the view's index of stemmed words (a dozen
/// or more per resource, each decoded into its own string); no page shows it,
/// and leaving it out of the search's SELECT list cut the client's CPU per
/// search call by about a fifth (bench/RESULTS.md, section 9.2).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = mv_biomass_search)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct SearchResource {
    pub id: i32,
    pub name: Option<String>,
    pub resource_code: Option<String>,
    pub description: Option<String>,
    pub resource_class: Option<String>,
    pub resource_subclass: Option<String>,
    pub primary_product: Option<String>,
    pub image_url: Option<String>,
    pub literature_uri: Option<String>,
    pub total_annual_volume: Option<i64>,
    pub county_count: Option<i64>,
    pub volume_unit: Option<String>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub moisture_percent: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub sugar_content_percent: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub ash_percent: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub lignin_percent: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub carbon_percent: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub hydrogen_percent: Option<bigdecimal::BigDecimal>,
    #[diesel(deserialize_as = crate::numeric::NullableNumeric)]
    pub cn_ratio: Option<bigdecimal::BigDecimal>,
    /// The same as `transport_notes`, under the name the original portal reads.
    pub transport_description: Option<String>,
    /// The same as `storage_notes`, under the name the original portal reads.
    pub storage_description: Option<String>,
    pub transport_notes: Option<String>,
    pub storage_notes: Option<String>,
    pub tags: Option<Vec<String>>,
    pub season_from_month: Option<i32>,
    pub season_to_month: Option<i32>,
    pub year_round: Option<bool>,
    pub has_proximate: Option<bool>,
    pub has_compositional: Option<bool>,
    pub has_ultimate: Option<bool>,
    pub has_xrf: Option<bool>,
    pub has_icp: Option<bool>,
    pub has_calorimetry: Option<bool>,
    pub has_xrd: Option<bool>,
    pub has_ftnir: Option<bool>,
    pub has_fermentation: Option<bool>,
    pub has_gasification: Option<bool>,
    pub has_pretreatment: Option<bool>,
    pub has_moisture_data: Option<bool>,
    pub has_sugar_data: Option<bool>,
    pub has_image: Option<bool>,
    pub has_volume_data: Option<bool>,
    pub created_at: Option<chrono::NaiveDateTime>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

impl std::ops::Deref for BiomassSearch {
    type Target = SearchResource;
    fn deref(&self) -> &SearchResource {
        &self.resource
    }
}

pub static VIEW: ViewDefinition = ViewDefinition {
    name: "mv_biomass_search",
    summary: "One row per resource (except sargassum) with class, volume, analysis profile, tags and season, for full-text search",
    definition: include_str!("definition.sql"),
    indexes: INDEXES,
    unique_key: &["id"],
    columns: COLUMNS,
    row_columns: || crate::mapping::selected_columns(&mv_biomass_search::table.select(BiomassSearch::as_select())),
};

const INDEXES: &[IndexDefinition] = &[
    IndexDefinition::unique("idx_mv_biomass_search_id", &[IndexKey::Column("id")]),
    IndexDefinition::gin(
        "idx_mv_biomass_search_search_vector",
        &[IndexKey::Column("search_vector")],
    ),
    IndexDefinition::gin(
        "idx_mv_biomass_search_name_trgm",
        &[IndexKey::WithOpClass("name", "gin_trgm_ops")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_search_resource_class",
        &[IndexKey::Column("resource_class")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_search_resource_subclass",
        &[IndexKey::Column("resource_subclass")],
    ),
    IndexDefinition::btree(
        "idx_mv_biomass_search_primary_product",
        &[IndexKey::Column("primary_product")],
    ),
];

// `tsvector @@ tsquery` for a nullable vector (the extension crate's `matches`
// only accepts a non-null `TsVector`).
diesel::infix_operator!(TsMatches, " @@ ", backend: Pg);
// pg_trgm's similarity operator: true when `similarity(a, b)` exceeds
// `pg_trgm.similarity_threshold` (0.3 by default); backed by `gin_trgm_ops`.
diesel::infix_operator!(TrgmSimilar, " % ", backend: Pg);

define_sql_function! {
    /// pg_trgm's `similarity(a, b)`: shared trigrams over all trigrams, in [0, 1].
    fn similarity(a: Nullable<Text>, b: Text) -> Nullable<Float>;
}

define_sql_function! {
    /// `ts_rank` accepting the view's nullable vector (NULL in, NULL out).
    #[sql_name = "ts_rank"]
    fn ts_rank_nullable(vector: Nullable<TsVector>, query: TsQuery) -> Nullable<Float>;
}

define_sql_function! {
    /// `greatest(a, b)`, which ignores NULL arguments.
    fn greatest(a: Nullable<Float>, b: Nullable<Float>) -> Nullable<Float>;
}

define_sql_function! {
    /// `coalesce(a, b)` for `real`.
    #[sql_name = "coalesce"]
    fn coalesce_float(a: Nullable<Float>, b: Float) -> Float;
}

/// What the portal's search box asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    /// Free text in web-search syntax; empty or blank lists every resource.
    pub text: String,
    /// Exact `resource_class` to keep, if any.
    pub resource_class: Option<String>,
    /// Exact `resource_subclass` to keep, if any.
    pub resource_subclass: Option<String>,
    /// Exact `primary_product` to keep, if any.
    pub primary_product: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// A matching resource and how well it matched.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub resource: SearchResource,
    /// The greater of the full-text rank and the trigram similarity of the name;
    /// 0 when the query text is blank.
    pub rank: f32,
}

/// Searches resources: full-text (`search_vector @@ websearch_to_tsquery('english',
/// text)`) or trigram similarity of the name (`name % text`, so typos still match),
/// best rank first, then by id. Blank text lists all resources ordered by name.
/// The class, subclass and product filters are exact matches.
pub fn search(conn: &mut PgConnection, query: &SearchQuery) -> QueryResult<Vec<SearchHit>> {
    let ranked = |rows: Vec<(SearchResource, f32)>| {
        rows.into_iter()
            .map(|(resource, rank)| SearchHit { resource, rank })
            .collect()
    };
    match search_statement(query) {
        SearchStatement::Listing(statement) => Ok(statement
            .load::<SearchResource>(conn)?
            .into_iter()
            .map(|resource| SearchHit {
                resource,
                rank: 0.0,
            })
            .collect()),
        SearchStatement::Ranked(statement) => Ok(ranked(statement.load(conn)?)),
        SearchStatement::RankedUnfiltered(statement) => Ok(ranked(statement.load(conn)?)),
    }
}

/// The SQL type of a [`SearchResource`] row.
type SearchRow = SqlTypeOf<AsSelect<SearchResource, Pg>>;

/// The statement [`search`] runs, for `EXPLAIN`, `debug_query` and benchmarks: one
/// shape for blank text, one for text to match, and the latter's usual case, text
/// without filters, as a statement of its own type.
///
/// Why the third: a boxed statement is found in Diesel's prepared-statement cache by
/// its SQL text, so every call builds that text first (for this 45-column select
/// with its rank expression, about 3 KB and 10 µs of client CPU); a statement whose
/// type fixes its SQL is found by type, without building anything. The filters make
/// the SQL vary, so filtered searches stay boxed.
pub enum SearchStatement<'a, Unfiltered> {
    /// Blank text: every resource passing the filters, by name.
    Listing(mv_biomass_search::BoxedQuery<'a, Pg, SearchRow>),
    /// Text to match, with filters: the matching resources with their rank, best first.
    Ranked(mv_biomass_search::BoxedQuery<'a, Pg, (SearchRow, Float)>),
    /// Text to match, no filters: the same SQL as `Ranked` without filters.
    RankedUnfiltered(Unfiltered),
}

/// The ranked search for `text`, best first, before limit and offset (a macro,
/// so that the static and the boxed statement share it without naming its type).
macro_rules! ranked_search {
    ($text:expr) => {{
        use self::mv_biomass_search::dsl;
        let text: &str = $text;
        let tsquery = websearch_to_tsquery_with_search_config(EnglishConfig, text.to_owned());
        let rank = coalesce_float(
            greatest(
                ts_rank_nullable(dsl::search_vector, tsquery.clone()),
                similarity(dsl::name, text.to_owned()),
            ),
            0.0_f32,
        );
        let matched = TsMatches::new(dsl::search_vector, tsquery).or(TrgmSimilar::new(
            dsl::name,
            text.to_owned().into_sql::<Text>(),
        ));
        dsl::mv_biomass_search
            .select((SearchResource::as_select(), rank.clone()))
            .filter(matched)
            .order_by((rank.desc(), dsl::id.asc()))
    }};
}

/// The statement [`search`] runs for `query`.
pub fn search_statement(
    query: &SearchQuery,
) -> SearchStatement<
    '_,
    impl diesel::query_builder::Query<SqlType = (SearchRow, Float)>
        + diesel::query_builder::QueryFragment<Pg>
        + diesel::query_builder::QueryId
        + RunQueryDsl<PgConnection>
        + Send
        + 'static,
> {
    use self::mv_biomass_search::dsl;

    let text = query.text.trim();
    if text.is_empty() {
        return SearchStatement::Listing(
            with_filters(
                dsl::mv_biomass_search
                    .select(SearchResource::as_select())
                    .into_boxed(),
                query,
            )
            .order_by((dsl::name.asc(), dsl::id.asc()))
            .limit(query.limit)
            .offset(query.offset),
        );
    }
    let filtered = query.resource_class.is_some()
        || query.resource_subclass.is_some()
        || query.primary_product.is_some();
    if !filtered {
        return SearchStatement::RankedUnfiltered(
            ranked_search!(text).limit(query.limit).offset(query.offset),
        );
    }
    SearchStatement::Ranked(
        with_filters(ranked_search!(text).into_boxed(), query)
            .limit(query.limit)
            .offset(query.offset),
    )
}

/// The `'english'` text-search configuration, written into the statement. The
/// extension crate's `TsConfigurationByName` has no static query id (its name is
/// a value), which would make every statement using it uncacheable by type.
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId)]
struct EnglishConfig;

impl Expression for EnglishConfig {
    type SqlType = diesel_full_text_search::RegConfig;
}

impl diesel::query_builder::QueryFragment<Pg> for EnglishConfig {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, Pg>,
    ) -> QueryResult<()> {
        out.push_sql("'english'");
        Ok(())
    }
}

impl<GB> diesel::expression::ValidGrouping<GB> for EnglishConfig {
    type IsAggregate = diesel::expression::is_aggregate::Never;
}

impl<QS> SelectableExpression<QS> for EnglishConfig {}

impl<QS> AppearsOnTable<QS> for EnglishConfig {}

/// The exact-match filters of a search, on either shape of the search query.
fn with_filters<'a, ST: 'a>(
    mut rows: mv_biomass_search::BoxedQuery<'a, Pg, ST>,
    query: &'a SearchQuery,
) -> mv_biomass_search::BoxedQuery<'a, Pg, ST> {
    use self::mv_biomass_search::dsl;
    if let Some(class) = query.resource_class.as_deref() {
        rows = rows.filter(dsl::resource_class.eq(class));
    }
    if let Some(subclass) = query.resource_subclass.as_deref() {
        rows = rows.filter(dsl::resource_subclass.eq(subclass));
    }
    if let Some(product) = query.primary_product.as_deref() {
        rows = rows.filter(dsl::primary_product.eq(product));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_struct_selects_mapped_columns_in_order() {
        let mapped: Vec<&str> = VIEW.columns.iter().map(|c| c.name).collect();
        assert_eq!((VIEW.row_columns)(), mapped);
    }

    #[test]
    fn search_resource_selects_every_mapped_column_but_the_vector() {
        let listed = crate::mapping::selected_columns(
            &mv_biomass_search::table.select(SearchResource::as_select()),
        );
        let mapped: Vec<&str> = VIEW
            .columns
            .iter()
            .map(|c| c.name)
            .filter(|name| *name != "search_vector")
            .collect();
        assert_eq!(listed, mapped);
    }

    fn static_query_id<T: diesel::query_builder::QueryId>(_: &T) -> Option<std::any::TypeId> {
        T::query_id()
    }

    #[test]
    fn unfiltered_search_is_cached_by_type_and_sends_the_boxed_sql() {
        let query = SearchQuery {
            text: " almond hulls ".into(),
            limit: 10,
            offset: 5,
            ..SearchQuery::default()
        };
        let SearchStatement::RankedUnfiltered(statement) = search_statement(&query) else {
            panic!("a search without filters is the static statement");
        };
        assert!(static_query_id(&statement).is_some());
        let boxed = ranked_search!("almond hulls")
            .into_boxed()
            .limit(10)
            .offset(5);
        assert!(static_query_id(&boxed).is_none());
        assert_eq!(
            diesel::debug_query::<Pg, _>(&statement).to_string(),
            diesel::debug_query::<Pg, _>(&boxed).to_string()
        );

        let filtered = SearchQuery {
            resource_class: Some("agricultural residue".into()),
            ..query
        };
        assert!(matches!(
            search_statement(&filtered),
            SearchStatement::Ranked(_)
        ));
    }

    #[test]
    fn index_keys_name_mapped_columns() {
        for index in VIEW.indexes {
            for key in index.keys {
                let (IndexKey::Column(column) | IndexKey::WithOpClass(column, _)) = key;
                assert!(
                    VIEW.columns.iter().any(|c| c.name == *column),
                    "{}: unknown column {column}",
                    index.name
                );
            }
        }
    }

    #[test]
    fn unique_index_comes_first_and_covers_the_unique_key() {
        assert_eq!(VIEW.indexes.iter().filter(|i| i.unique).count(), 1);
        let unique = &VIEW.indexes[0];
        assert!(unique.unique);
        let keys: Vec<IndexKey> = VIEW
            .unique_key
            .iter()
            .map(|c| IndexKey::Column(c))
            .collect();
        assert_eq!(unique.keys, keys.as_slice());
    }
}
