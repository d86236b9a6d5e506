//! Which views to refresh, and which of them must wait for which.

use std::collections::{BTreeMap, BTreeSet};

use biositing_views::{find_view, view_names, ViewDefinition, PORTAL_SCHEMA};
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::{view_states_without_size, Error, Result};

/// A view that may be refreshed: either registered, or verified to exist as a
/// materialized view of the portal schema. Its name is only ever used quoted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RefreshTarget {
    name: String,
}

impl RefreshTarget {
    pub fn registered(view: &ViewDefinition) -> Self {
        Self {
            name: view.name.to_string(),
        }
    }

    /// Resolves user-given names against the registry; an unknown name fails
    /// with the list of valid ones. No names means every registered view.
    pub fn from_names<S: AsRef<str>>(names: &[S]) -> Result<Vec<Self>> {
        if names.is_empty() {
            return Ok(biositing_views::VIEWS
                .iter()
                .map(|v| Self::registered(v))
                .collect());
        }
        let mut targets: Vec<Self> = Vec::new();
        for name in names {
            let view = find_view(name.as_ref()).ok_or_else(|| Error::UnknownView {
                name: name.as_ref().to_string(),
                valid: view_names(),
            })?;
            let target = Self::registered(view);
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        Ok(targets)
    }

    /// A materialized view of the portal schema that is not in the registry
    /// (e.g. one created by hand); refused unless the catalog has it.
    pub fn existing(conn: &mut PgConnection, name: &str) -> Result<Self> {
        let state = view_states_without_size(conn, &[name])?;
        match state.first() {
            Some(s) if s.exists => Ok(Self {
                name: name.to_string(),
            }),
            _ => Err(Error::MissingView(name.to_string())),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// The views of one refresh and, for each, the planned views it reads
/// (directly or through other materialized views).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshPlan {
    targets: Vec<RefreshTarget>,
    reads: BTreeMap<String, BTreeSet<String>>,
}

#[derive(QueryableByName)]
struct Edge {
    #[diesel(sql_type = Text)]
    dependent: String,
    #[diesel(sql_type = Text)]
    source: String,
}

impl RefreshPlan {
    /// Reads the dependencies between the portal's materialized views from
    /// `pg_depend` (a view's rewrite rule depends on every relation it reads).
    pub fn new(conn: &mut PgConnection, targets: Vec<RefreshTarget>) -> Result<Self> {
        let edges: Vec<Edge> = diesel::sql_query(
            "SELECT DISTINCT dependent.relname::text AS dependent, source.relname::text AS source
               FROM pg_rewrite r
               JOIN pg_class dependent ON dependent.oid = r.ev_class
               JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                               AND d.refclassid = 'pg_class'::regclass
               JOIN pg_class source ON source.oid = d.refobjid
               JOIN pg_namespace dn ON dn.oid = dependent.relnamespace
               JOIN pg_namespace sn ON sn.oid = source.relnamespace
              WHERE dependent.relkind = 'm' AND source.relkind = 'm'
                AND dependent.oid <> source.oid
                AND dn.nspname = $1 AND sn.nspname = $1",
        )
        .bind::<Text, _>(PORTAL_SCHEMA)
        .load(conn)?;
        Ok(Self::from_edges(
            targets,
            edges.into_iter().map(|e| (e.dependent, e.source)),
        ))
    }

    fn from_edges(
        targets: Vec<RefreshTarget>,
        edges: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        let mut direct: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (dependent, source) in edges {
            direct.entry(dependent).or_default().insert(source);
        }
        let planned: BTreeSet<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        let mut reads = BTreeMap::new();
        for target in &targets {
            // Everything reachable, so A → (unplanned) B → C still orders A after C.
            let mut seen = BTreeSet::new();
            let mut stack: Vec<&str> = vec![&target.name];
            while let Some(view) = stack.pop() {
                for source in direct.get(view).into_iter().flatten() {
                    if seen.insert(source.clone()) {
                        stack.push(source);
                    }
                }
            }
            seen.retain(|s| planned.contains(s.as_str()) && *s != target.name);
            reads.insert(target.name.clone(), seen);
        }
        Self { targets, reads }
    }

    pub fn targets(&self) -> &[RefreshTarget] {
        &self.targets
    }

    /// Planned views that `view` reads and must therefore be refreshed first.
    pub fn sources_of(&self, view: &str) -> impl Iterator<Item = &str> {
        self.reads
            .get(view)
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(name: &str) -> RefreshTarget {
        RefreshTarget { name: name.into() }
    }

    #[test]
    fn dependencies_are_transitive_and_limited_to_the_plan() {
        let edges =
            [("a", "b"), ("b", "c"), ("d", "a")].map(|(x, y)| (x.to_string(), y.to_string()));
        let plan = RefreshPlan::from_edges(vec![target("a"), target("c")], edges);
        assert_eq!(plan.sources_of("a").collect::<Vec<_>>(), vec!["c"]);
        assert_eq!(plan.sources_of("c").count(), 0);
    }

    #[test]
    fn unknown_names_list_the_valid_ones() {
        let err = RefreshTarget::from_names(&["mv_nope"]).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with("unknown view `mv_nope`: valid names are mv_biomass_search, "),
            "{message}"
        );
        assert!(err.is_input_error());
        let all = RefreshTarget::from_names::<&str>(&[]).unwrap();
        assert_eq!(all.len(), biositing_views::VIEWS.len());
    }
}
