//! Which views to refresh, and which of them must wait for which.

use std::collections::{BTreeMap, BTreeSet};

use biositing_views::{find_view, view_names, ViewDefinition};
use diesel::prelude::*;

use crate::catalog::{all_views, unmanaged_views};
use crate::log::recent_durations;
use crate::sources::view_sources;
use crate::{view_states_without_size, Error, Result};

/// A view that may be refreshed: either registered, or verified to exist as a
/// materialized view of the database. Its name is its key (bare in the portal
/// schema, `schema.name` elsewhere), and only ever reaches SQL quoted.
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
                valid: view_names().into_iter().map(str::to_string).collect(),
            })?;
            let target = Self::registered(view);
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        Ok(targets)
    }

    /// Every materialized view of the database: the registry's (whether or
    /// not they exist yet: a missing one fails its refresh, saying to
    /// migrate), then every other one the catalog has, in dependency order
    /// when planned.
    pub fn all(conn: &mut PgConnection) -> Result<Vec<Self>> {
        Ok(all_views(conn)?
            .into_iter()
            .map(|name| Self { name })
            .collect())
    }

    /// Resolves user-given names: a registered view's name, or a view the
    /// registry does not define (by `schema.name`, or by its bare name when
    /// one such view has it). An unknown or ambiguous name fails with the
    /// valid ones. No names means [`RefreshTarget::all`].
    pub fn resolve<S: AsRef<str>>(conn: &mut PgConnection, names: &[S]) -> Result<Vec<Self>> {
        if names.is_empty() {
            return Self::all(conn);
        }
        let unmanaged = unmanaged_views(conn)?;
        let mut targets: Vec<Self> = Vec::new();
        for name in names {
            let name = name.as_ref();
            let target = match find_view(name) {
                Some(view) => Self::registered(view),
                None => Self {
                    name: resolve_unmanaged(name, &unmanaged)?,
                },
            };
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
        Ok(targets)
    }

    /// A materialized view that is not in the registry (e.g. one created by
    /// hand, or another schema's), by key; refused unless the catalog has it.
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

/// The key of the unmanaged view `name` means: itself, or the one view of
/// another schema with that bare name.
fn resolve_unmanaged(name: &str, unmanaged: &[String]) -> Result<String> {
    if unmanaged.iter().any(|k| k == name) {
        return Ok(name.to_string());
    }
    let matches: Vec<&String> = unmanaged
        .iter()
        .filter(|k| {
            k.rsplit_once('.')
                .is_some_and(|(_, bare)| bare == name || bare == format!("\"{name}\""))
        })
        .collect();
    match matches.as_slice() {
        [one] => Ok((*one).clone()),
        [] => Err(Error::UnknownView {
            name: name.to_string(),
            valid: view_names()
                .into_iter()
                .map(str::to_string)
                .chain(unmanaged.iter().cloned())
                .collect(),
        }),
        several => Err(Error::AmbiguousView {
            name: name.to_string(),
            candidates: several.iter().map(|k| (*k).clone()).collect(),
        }),
    }
}

/// The views of one refresh and, for each, the planned views it reads
/// (directly or through other materialized views).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshPlan {
    targets: Vec<RefreshTarget>,
    reads: BTreeMap<String, BTreeSet<String>>,
    /// Recent duration of each planned view's successful refreshes.
    expected_ms: BTreeMap<String, i64>,
}

impl RefreshPlan {
    /// Reads the dependencies between the materialized views from the
    /// catalog ([`view_sources`]: a view's rewrite rule depends on every
    /// relation it reads, plain views looked through), and the recent
    /// durations of each planned view's refreshes from the refresh log.
    pub fn new(conn: &mut PgConnection, targets: Vec<RefreshTarget>) -> Result<Self> {
        let edges: Vec<(String, String)> = view_sources(conn)?
            .into_iter()
            .filter_map(|s| {
                s.source_view
                    .filter(|source| *source != s.view)
                    .map(|source| (s.view, source))
            })
            .collect();
        let names: Vec<&str> = targets.iter().map(|t| t.name.as_str()).collect();
        // Only the order depends on them: an unreadable log (locked, say)
        // leaves the views in the order given, and the refresh says why later.
        let durations = recent_durations(conn, &names).unwrap_or_default();
        let mut plan = Self::from_edges(targets, edges);
        plan.expected_ms = durations;
        Ok(plan)
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
        Self {
            targets,
            reads,
            expected_ms: BTreeMap::new(),
        }
    }

    pub fn targets(&self) -> &[RefreshTarget] {
        &self.targets
    }

    /// How long a refresh of `view` is expected to take (the refresh log's
    /// recent durations), and of the planned views that read it, one after
    /// another: the longest path through the plan from `view`. Views without
    /// history count as the longest known one. Starting the largest first
    /// starts the critical path at once.
    pub fn priority_ms(&self, view: &str) -> i64 {
        let unknown = self.expected_ms.values().copied().max().unwrap_or(0);
        let own = self.expected_ms.get(view).copied().unwrap_or(unknown);
        let after = self
            .reads
            .iter()
            .filter(|(_, sources)| sources.contains(view))
            .map(|(reader, _)| self.priority_ms(reader))
            .max()
            .unwrap_or(0);
        own.saturating_add(after)
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
    fn the_longest_path_starts_first() {
        let edges = [("reader", "slow_source")].map(|(x, y)| (x.to_string(), y.to_string()));
        let mut plan = RefreshPlan::from_edges(
            vec![target("reader"), target("slow_source"), target("long")],
            edges,
        );
        plan.expected_ms = [("reader", 300), ("slow_source", 100), ("long", 350)]
            .map(|(v, ms)| (v.to_string(), ms))
            .into();
        assert_eq!(plan.priority_ms("slow_source"), 400);
        assert_eq!(plan.priority_ms("long"), 350);
        assert_eq!(plan.priority_ms("reader"), 300);
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
