//! The eleven laboratory analysis record tables. They share one column layout (the
//! "record" shape); some append kind-specific columns after it.

use bigdecimal::BigDecimal;
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// Generates the row and insert types of one analysis record table: the shared record
/// columns followed by the table's `extra` columns (which the schema puts last).
macro_rules! analysis_record {
    (
        $(#[$doc:meta])*
        $row:ident, $new:ident, $table:ident
        $(, extra { $($field:ident : $ty:ty),* $(,)? })?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable)]
        #[diesel(table_name = crate::schema::$table)]
        #[diesel(check_for_backend(diesel::pg::Pg))]
        pub struct $row {
            pub id: i32,
            pub created_at: Option<NaiveDateTime>,
            pub updated_at: Option<NaiveDateTime>,
            pub etl_run_id: Option<i32>,
            pub lineage_group_id: Option<i32>,
            /// The laboratory's record code; observations refer to it by value, possibly in another case.
            pub record_id: String,
            pub dataset_id: Option<i32>,
            pub experiment_id: Option<i32>,
            pub resource_id: Option<i32>,
            pub prepared_sample_id: Option<i32>,
            pub technical_replicate_no: Option<i32>,
            pub technical_replicate_total: Option<i32>,
            pub method_id: Option<i32>,
            pub analyst_id: Option<i32>,
            pub raw_data_id: Option<i32>,
            pub qc_pass: Option<String>,
            pub note: Option<String>,
            $($(pub $field: $ty,)*)?
        }

        #[doc = concat!("Insertable [`", stringify!($row), "`]; `id` is left to the sequence.")]
        #[derive(Debug, Clone, Default, PartialEq, Insertable)]
        #[diesel(table_name = crate::schema::$table)]
        #[diesel(check_for_backend(diesel::pg::Pg))]
        pub struct $new {
            pub created_at: Option<NaiveDateTime>,
            pub updated_at: Option<NaiveDateTime>,
            pub etl_run_id: Option<i32>,
            pub lineage_group_id: Option<i32>,
            pub record_id: String,
            pub dataset_id: Option<i32>,
            pub experiment_id: Option<i32>,
            pub resource_id: Option<i32>,
            pub prepared_sample_id: Option<i32>,
            pub technical_replicate_no: Option<i32>,
            pub technical_replicate_total: Option<i32>,
            pub method_id: Option<i32>,
            pub analyst_id: Option<i32>,
            pub raw_data_id: Option<i32>,
            pub qc_pass: Option<String>,
            pub note: Option<String>,
            $($(pub $field: $ty,)*)?
        }
    };
}

analysis_record!(
    /// A compositional (fiber/sugar) analysis record.
    CompositionalRecord,
    NewCompositionalRecord,
    compositional_record
);
analysis_record!(
    /// A proximate analysis record.
    ProximateRecord,
    NewProximateRecord,
    proximate_record
);
analysis_record!(
    /// An ultimate (elemental CHNOS) analysis record.
    UltimateRecord,
    NewUltimateRecord,
    ultimate_record
);
analysis_record!(
    /// An X-ray fluorescence analysis record.
    XrfRecord,
    NewXrfRecord,
    xrf_record,
    extra {
        wavelength_nm: Option<BigDecimal>,
        intensity: Option<BigDecimal>,
        energy_slope: Option<BigDecimal>,
        energy_offset: Option<BigDecimal>,
    }
);
analysis_record!(
    /// An ICP (inductively coupled plasma) elemental analysis record.
    IcpRecord,
    NewIcpRecord,
    icp_record
);
analysis_record!(
    /// A calorimetry (heating value) analysis record.
    CalorimetryRecord,
    NewCalorimetryRecord,
    calorimetry_record
);
analysis_record!(
    /// An X-ray diffraction analysis record.
    XrdRecord,
    NewXrdRecord,
    xrd_record,
    extra {
        scan_low_nm: Option<i32>,
        scan_high_nm: Option<i32>,
    }
);
analysis_record!(
    /// A Fourier-transform near-infrared analysis record.
    FtnirRecord,
    NewFtnirRecord,
    ftnir_record
);
analysis_record!(
    /// A fermentation experiment record.
    FermentationRecord,
    NewFermentationRecord,
    fermentation_record,
    extra {
        strain_id: Option<i32>,
        pretreatment_method_id: Option<i32>,
        eh_method_id: Option<i32>,
        well_position: Option<String>,
        vessel_id: Option<i32>,
        analyte_detection_equipment_id: Option<i32>,
    }
);
analysis_record!(
    /// A gasification experiment record; `reactor_type_id` is a `decon_vessel.id`.
    GasificationRecord,
    NewGasificationRecord,
    gasification_record,
    extra {
        reactor_type_id: Option<i32>,
    }
);
analysis_record!(
    /// A pretreatment experiment record.
    PretreatmentRecord,
    NewPretreatmentRecord,
    pretreatment_record,
    extra {
        pretreatment_method_id: Option<i32>,
        eh_method_id: Option<i32>,
        reaction_block_id: Option<i32>,
        block_position: Option<String>,
        temperature: Option<BigDecimal>,
        replicate_no: Option<i32>,
        vessel_id: Option<i32>,
    }
);

/// The eleven kinds of analysis record, naming each one's table and the
/// `observation.record_type` label its observations carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnalysisRecordKind {
    Compositional,
    Proximate,
    Ultimate,
    Xrf,
    Icp,
    Calorimetry,
    Xrd,
    Ftnir,
    Fermentation,
    Gasification,
    Pretreatment,
}

impl AnalysisRecordKind {
    /// Every kind, in the order the schema spec lists the tables.
    pub const ALL: [Self; 11] = [
        Self::Compositional,
        Self::Proximate,
        Self::Ultimate,
        Self::Xrf,
        Self::Icp,
        Self::Calorimetry,
        Self::Xrd,
        Self::Ftnir,
        Self::Fermentation,
        Self::Gasification,
        Self::Pretreatment,
    ];

    /// Name of the base table holding records of this kind.
    pub const fn table_name(self) -> &'static str {
        match self {
            Self::Compositional => "compositional_record",
            Self::Proximate => "proximate_record",
            Self::Ultimate => "ultimate_record",
            Self::Xrf => "xrf_record",
            Self::Icp => "icp_record",
            Self::Calorimetry => "calorimetry_record",
            Self::Xrd => "xrd_record",
            Self::Ftnir => "ftnir_record",
            Self::Fermentation => "fermentation_record",
            Self::Gasification => "gasification_record",
            Self::Pretreatment => "pretreatment_record",
        }
    }

    /// The `observation.record_type` value of this kind's observations (note the last
    /// three have no " analysis" suffix).
    pub const fn record_type(self) -> &'static str {
        match self {
            Self::Compositional => "compositional analysis",
            Self::Proximate => "proximate analysis",
            Self::Ultimate => "ultimate analysis",
            Self::Xrf => "xrf analysis",
            Self::Icp => "icp analysis",
            Self::Calorimetry => "calorimetry analysis",
            Self::Xrd => "xrd analysis",
            Self::Ftnir => "ftnir analysis",
            Self::Fermentation => "fermentation",
            Self::Gasification => "gasification",
            Self::Pretreatment => "pretreatment",
        }
    }

    /// The kind whose `record_type` label is `label`, if any.
    pub fn from_record_type(label: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.record_type() == label)
    }
}
