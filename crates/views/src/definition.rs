use crate::ColumnSpec;

/// Schema that holds the portal's materialized views.
pub const PORTAL_SCHEMA: &str = "data_portal";

/// Role the portal reads through: `USAGE` on the schema, `SELECT` on the views.
pub const READONLY_ROLE: &str = "portal_readonly";

/// Everything the tools need to know about one materialized view.
#[derive(Debug)]
pub struct ViewDefinition {
    /// Name inside [`PORTAL_SCHEMA`], e.g. `mv_biomass_search`.
    pub name: &'static str,
    /// One-line description of what a row is.
    pub summary: &'static str,
    /// The development definition: a single SELECT, no trailing semicolon.
    pub definition: &'static str,
    /// Indexes, the unique one first.
    pub indexes: &'static [IndexDefinition],
    /// Columns of the view's real unique key.
    pub unique_key: &'static [&'static str],
    /// Columns of the Diesel mapping, in order, with their PostgreSQL types.
    pub columns: &'static [ColumnSpec],
    /// Columns the row struct selects, in field order.
    pub row_columns: fn() -> Vec<String>,
}

impl ViewDefinition {
    /// `data_portal.<name>`.
    pub fn qualified_name(&self) -> String {
        format!("{PORTAL_SCHEMA}.{}", self.name)
    }

    /// Differences between this view's typed mapping and its live columns.
    pub fn mapping_mismatches(
        &self,
        conn: &mut diesel::PgConnection,
    ) -> diesel::QueryResult<Vec<String>> {
        let live = crate::mapping::live_columns(conn, self.name)?;
        Ok(crate::mapping::column_mismatches(
            self.name,
            self.columns,
            &(self.row_columns)(),
            &live,
        ))
    }

    /// The unique index usable by `REFRESH … CONCURRENTLY`, if declared.
    pub fn unique_index(&self) -> Option<&IndexDefinition> {
        self.indexes.iter().find(|i| i.unique)
    }
}

/// One index of a view, as data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexDefinition {
    pub name: &'static str,
    pub keys: &'static [IndexKey],
    pub unique: bool,
    pub method: IndexMethod,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexKey {
    Column(&'static str),
    /// A column with an operator class, e.g. `name gin_trgm_ops`.
    WithOpClass(&'static str, &'static str),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexMethod {
    BTree,
    Gin,
}

impl IndexDefinition {
    pub const fn btree(name: &'static str, keys: &'static [IndexKey]) -> Self {
        Self {
            name,
            keys,
            unique: false,
            method: IndexMethod::BTree,
        }
    }

    pub const fn unique(name: &'static str, keys: &'static [IndexKey]) -> Self {
        Self {
            name,
            keys,
            unique: true,
            method: IndexMethod::BTree,
        }
    }

    pub const fn gin(name: &'static str, keys: &'static [IndexKey]) -> Self {
        Self {
            name,
            keys,
            unique: false,
            method: IndexMethod::Gin,
        }
    }

    /// The statement, written the way `pg_get_indexdef` prints it, so a deployed
    /// index can be compared with its declaration as text.
    pub fn create_sql(&self, view: &ViewDefinition) -> String {
        format!("{};", self.indexdef(PORTAL_SCHEMA, view.name))
    }

    /// `pg_get_indexdef`'s form of this index on `schema.view`.
    pub fn indexdef(&self, schema: &str, view: &str) -> String {
        let keys: Vec<String> = self
            .keys
            .iter()
            .map(|k| match k {
                IndexKey::Column(c) => (*c).to_string(),
                IndexKey::WithOpClass(c, op) => format!("{c} {op}"),
            })
            .collect();
        format!(
            "CREATE {}INDEX {} ON {schema}.{view} USING {} ({})",
            if self.unique { "UNIQUE " } else { "" },
            self.name,
            match self.method {
                IndexMethod::BTree => "btree",
                IndexMethod::Gin => "gin",
            },
            keys.join(", ")
        )
    }
}
