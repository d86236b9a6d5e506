//! Lookup tables: small vocabularies that other rows point at by id.

use bigdecimal::BigDecimal;
use diesel::prelude::*;

/// Generates the row and insert types of a plain `id, name, description, uri` lookup
/// table, so the five identical vocabularies are not written out five times.
macro_rules! lookup_table {
    ($(#[$doc:meta])* $row:ident, $new:ident, $table:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
        #[diesel(table_name = crate::schema::$table)]
        #[diesel(check_for_backend(diesel::pg::Pg))]
        pub struct $row {
            pub id: i32,
            pub name: Option<String>,
            pub description: Option<String>,
            pub uri: Option<String>,
        }

        #[doc = concat!("Insertable [`", stringify!($row), "`]; `id` is left to the sequence.")]
        #[derive(Debug, Clone, Default, PartialEq, Insertable)]
        #[diesel(table_name = crate::schema::$table)]
        #[diesel(check_for_backend(diesel::pg::Pg))]
        pub struct $new {
            pub name: Option<String>,
            pub description: Option<String>,
            pub uri: Option<String>,
        }
    };
}

lookup_table!(
    /// A unit of measure (`unit`).
    Unit,
    NewUnit,
    unit
);
lookup_table!(
    /// A class of biomass resource (`resource_class`).
    ResourceClass,
    NewResourceClass,
    resource_class
);
lookup_table!(
    /// A subclass of biomass resource (`resource_subclass`).
    ResourceSubclass,
    NewResourceSubclass,
    resource_subclass
);
lookup_table!(
    /// The agricultural product a resource is a residue of (`primary_ag_product`).
    PrimaryAgProduct,
    NewPrimaryAgProduct,
    primary_ag_product
);
lookup_table!(
    /// An end use of a resource (`use_case`).
    UseCase,
    NewUseCase,
    use_case
);

/// A laboratory vessel or reactor (`decon_vessel`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::decon_vessel)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct DeconVessel {
    pub id: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub vessel_uuid: Option<String>,
    pub serial_number: Option<String>,
    pub volume_numeric_per_well: Option<BigDecimal>,
    pub volume_unit: Option<String>,
}

/// Insertable [`DeconVessel`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::decon_vessel)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewDeconVessel {
    pub name: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub vessel_uuid: Option<String>,
    pub serial_number: Option<String>,
    pub volume_numeric_per_well: Option<BigDecimal>,
    pub volume_unit: Option<String>,
}

/// A microbial strain used in fermentation (`strain`).
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
#[diesel(table_name = crate::schema::strain)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct Strain {
    pub id: i32,
    pub name: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
    /// Strain this one was derived from; the database has no foreign key on it.
    pub parent_strain_id: Option<i32>,
}

/// Insertable [`Strain`]; `id` is left to the sequence.
#[derive(Debug, Clone, Default, PartialEq, Insertable)]
#[diesel(table_name = crate::schema::strain)]
#[diesel(check_for_backend(diesel::pg::Pg))]
pub struct NewStrain {
    pub name: Option<String>,
    pub description: Option<String>,
    pub uri: Option<String>,
    pub parent_strain_id: Option<i32>,
}
