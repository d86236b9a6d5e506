//! The generated world: the small dimensions kept in memory (resources, addresses,
//! samples: O(scale) rows) and the keyed functions that give every large-table
//! row (records, observations) on demand, identically each time they are asked.

use crate::rng::{stream, Rng};
use crate::vocab::{
    self, AnalysisKind, Residue, ANALYSES, COUNTIES, FULL_COVERAGE_RESIDUE, NO_RECORDS_RESIDUE,
    RESIDUES, VARIANTS,
};

/// Addresses per county and scale step, and addresses without a county per step.
pub const ADDRESSES_PER_COUNTY: usize = 2;
pub const ADDRESSES_WITHOUT_PLACE: usize = 2;
pub const PROVIDERS_PER_SCALE: i32 = 12;
/// Number of datasets the laboratory records are spread over.
pub const LAB_DATASETS: i64 = 4;

/// 2024-01-01 00:00:00, the base of generated timestamps.
pub fn base_time() -> i64 {
    crate::copy::epoch_secs(2024, 1, 1)
}

pub struct Resource {
    pub id: i32,
    pub residue: usize,
    /// 0 for the base resource of a residue, 1.. for the extra ones of larger scales.
    pub variant: usize,
    pub name: String,
    pub code: String,
}

impl Resource {
    pub fn residue(&self) -> &'static Residue {
        &RESIDUES[self.residue]
    }
}

pub struct Address {
    pub id: i32,
    /// Position in [`COUNTIES`]; `None` for an address without a place.
    pub county: Option<usize>,
    pub step: usize,
    pub slot: usize,
}

pub struct FieldSample {
    pub id: i32,
    pub resource: usize,
    pub number: usize,
    pub location: Option<i32>,
}

pub struct PreparedSample {
    pub id: i32,
    pub field_sample: Option<i32>,
    pub name: String,
}

/// Attributes of one analysis record, shared by its row and its observations.
pub struct Record {
    pub code: String,
    /// `observation.record_id` of its observations (the code, sometimes re-cased).
    pub observed_code: String,
    pub dataset: i64,
    pub experiment: i64,
    pub prepared_sample: Option<i32>,
    pub replicate: i64,
    pub qc_pass: Option<&'static str>,
    pub created: i64,
    pub updated: i64,
    pub analyst: i64,
    pub raw_data: Option<i64>,
    pub note: Option<&'static str>,
    /// Replicate-set stream, for the kind-specific columns.
    pub set_rng: Rng,
}

pub struct World {
    pub seed: u64,
    pub scale: usize,
    pub resources: Vec<Resource>,
    pub addresses: Vec<Address>,
    pub providers: i32,
    pub field_samples: Vec<FieldSample>,
    pub prepared_samples: Vec<PreparedSample>,
    pub prepared_by_resource: Vec<Vec<i32>>,
    /// Records per resource (outer) and analysis kind (inner).
    pub record_counts: Vec<[u32; 11]>,
}

impl World {
    pub fn new(scale: u32, seed: u64) -> Self {
        let scale = scale.max(1) as usize;
        let mut world = World {
            seed,
            scale,
            resources: Vec::new(),
            addresses: Vec::new(),
            providers: PROVIDERS_PER_SCALE * scale as i32,
            field_samples: Vec::new(),
            prepared_samples: Vec::new(),
            prepared_by_resource: Vec::new(),
            record_counts: Vec::new(),
        };
        world.build_resources();
        world.build_addresses();
        world.build_samples();
        world.record_counts = (0..world.resources.len())
            .map(|r| std::array::from_fn(|k| world.compute_record_count(r, k)))
            .collect();
        world
    }

    pub fn rng(&self, keys: &[u64]) -> Rng {
        Rng::at(self.seed, keys)
    }

    fn build_resources(&mut self) {
        for variant in 0..self.scale {
            for (i, residue) in RESIDUES.iter().enumerate() {
                let (name, code) = if variant == 0 {
                    (residue.name.to_string(), residue.code.to_string())
                } else {
                    let q = VARIANTS[(variant - 1) % VARIANTS.len()];
                    let round = (variant - 1) / VARIANTS.len();
                    let name = if round == 0 {
                        format!("{}, {q}", residue.name)
                    } else {
                        format!("{}, {q} {}", residue.name, round + 1)
                    };
                    (name, format!("{}{:02}", residue.code, variant + 1))
                };
                self.resources.push(Resource {
                    id: (self.resources.len() + 1) as i32,
                    residue: i,
                    variant,
                    name,
                    code,
                });
            }
        }
    }

    fn build_addresses(&mut self) {
        for step in 0..self.scale {
            for county in 0..COUNTIES.len() {
                for slot in 0..ADDRESSES_PER_COUNTY {
                    self.push_address(Some(county), step, slot);
                }
            }
            for slot in 0..ADDRESSES_WITHOUT_PLACE {
                self.push_address(None, step, slot);
            }
        }
    }

    fn push_address(&mut self, county: Option<usize>, step: usize, slot: usize) {
        self.addresses.push(Address {
            id: (self.addresses.len() + 1) as i32,
            county,
            step,
            slot,
        });
    }

    /// Id of an address in a county.
    pub fn address_in(&self, county: usize, step: usize, slot: usize) -> i32 {
        let per_step = COUNTIES.len() * ADDRESSES_PER_COUNTY + ADDRESSES_WITHOUT_PLACE;
        (step % self.scale * per_step
            + county * ADDRESSES_PER_COUNTY
            + slot % ADDRESSES_PER_COUNTY
            + 1) as i32
    }

    /// Id of an address without a place.
    pub fn address_without_place(&self, step: usize, slot: usize) -> i32 {
        let per_step = COUNTIES.len() * ADDRESSES_PER_COUNTY + ADDRESSES_WITHOUT_PLACE;
        (step % self.scale * per_step
            + COUNTIES.len() * ADDRESSES_PER_COUNTY
            + slot % ADDRESSES_WITHOUT_PLACE
            + 1) as i32
    }

    fn build_samples(&mut self) {
        self.prepared_by_resource = vec![Vec::new(); self.resources.len()];
        for r in 0..self.resources.len() {
            let res = &self.resources[r];
            let residue = res.residue();
            let mut rng = self.rng(&[stream::FIELD_SAMPLE, r as u64]);
            let count = rng.int(3, 6) as usize;
            for number in 0..count {
                let roll = rng.unit();
                let location = if roll < 0.78 {
                    match rng
                        .pick(residue.counties)
                        .and_then(|g| vocab::county_index(g))
                    {
                        Some(c) => Some(self.address_in(c, res.variant, rng.index(2))),
                        None => Some(self.address_without_place(res.variant, rng.index(2))),
                    }
                } else if roll < 0.85 {
                    Some(self.address_without_place(res.variant, rng.index(2)))
                } else {
                    None
                };
                let fs_id = (self.field_samples.len() + 1) as i32;
                self.field_samples.push(FieldSample {
                    id: fs_id,
                    resource: r,
                    number,
                    location,
                });
                let preps = rng.int(1, 3);
                for k in 0..preps {
                    let id = (self.prepared_samples.len() + 1) as i32;
                    let orphan = rng.chance(0.03);
                    self.prepared_samples.push(PreparedSample {
                        id,
                        field_sample: (!orphan).then_some(fs_id),
                        name: format!("{}-FS{:02}-P{}", res.code, number + 1, k + 1),
                    });
                    self.prepared_by_resource[r].push(id);
                }
            }
        }
    }

    fn compute_record_count(&self, r: usize, k: usize) -> u32 {
        let res = &self.resources[r];
        if res.residue == NO_RECORDS_RESIDUE {
            return 0;
        }
        let analysis = &ANALYSES[k];
        let mut rng = self.rng(&[stream::COVERAGE, r as u64, k as u64]);
        let always = res.residue == FULL_COVERAGE_RESIDUE && res.variant == 0;
        if !(rng.chance(analysis.coverage) || always) {
            return 0;
        }
        let n = (analysis.mean_records * rng.range(0.5, 1.5)).round();
        n.max(3.0) as u32
    }

    /// The attributes of record `seq` of resource `r` in analysis kind `k`.
    pub fn record(&self, k: usize, r: usize, seq: u32) -> Record {
        let res = &self.resources[r];
        let analysis: &AnalysisKind = &ANALYSES[k];
        let set = seq / 3;
        let mut set_rng = self.rng(&[stream::RECORD_SET, k as u64, r as u64, u64::from(set)]);
        let mut rng = self.rng(&[stream::RECORD, k as u64, r as u64, u64::from(seq)]);

        let samples = &self.prepared_by_resource[r];
        let prepared_sample = if set_rng.chance(0.92) {
            set_rng.pick(samples).copied()
        } else {
            None
        };
        let dataset = 1 + (k as i64 + set_rng.int(0, 1)) % LAB_DATASETS;
        let experiment = ((k * 10_000 + r) as i64 % 1_000_000) * 100 + i64::from(set % 100) + 1;
        let created = base_time() - 200 * 86_400 + set_rng.int(0, 540 * 86_400);
        let created = created + rng.int(0, 3600 * 6);
        let updated = if rng.chance(0.2) {
            created + rng.int(86_400, 90 * 86_400)
        } else {
            created
        };

        let code = format!("{}-{}-{:05}", analysis.prefix, res.code, seq + 1);
        // Guarantee every path on the first resource, which always has records.
        let forced = (r == 0).then_some(seq);
        let qc_pass = match forced {
            Some(0) => Some("pass"),
            Some(1) => Some("fail"),
            Some(2) => None,
            _ => {
                let roll = rng.unit();
                if roll < 0.8 {
                    Some("pass")
                } else if roll < 0.9 {
                    Some("fail")
                } else {
                    None
                }
            }
        };
        let case_roll = if forced == Some(3) { 0.9 } else { rng.unit() };
        let observed_code = if case_roll < 0.85 {
            code.clone()
        } else if case_roll < 0.95 {
            code.to_lowercase()
        } else {
            code.to_uppercase()
        };
        let note = if rng.chance(0.05) {
            Some(
                *rng.pick(&[
                    "rerun after instrument recalibration",
                    "sample partially degraded in transit",
                    "value checked against duplicate",
                    "low sample mass",
                ])
                .unwrap_or(&"checked"),
            )
        } else {
            None
        };
        Record {
            code,
            observed_code,
            dataset,
            experiment,
            prepared_sample,
            replicate: i64::from(seq % 3) + 1,
            qc_pass,
            created,
            updated,
            analyst: rng.int(1, 8),
            raw_data: rng.chance(0.6).then(|| rng.int(1, 5000)),
            note,
            set_rng,
        }
    }

    /// Typical value of a parameter for a resource, in the parameter's standard unit.
    pub fn profile(&self, r: usize, param: i32) -> f64 {
        let res = &self.resources[r];
        let residue = res.residue();
        let Some(def) = vocab::parameter(param) else {
            return 0.0;
        };
        let mut base_rng = self.rng(&[stream::PROFILE, res.residue as u64, param as u64]);
        let base = match param {
            vocab::param::MOISTURE | vocab::param::NIR_MOISTURE => {
                (residue.moisture * 100.0 * base_rng.range(0.8, 1.2)).clamp(3.0, 90.0)
            }
            _ => base_rng.range(def.low, def.high),
        };
        if res.variant == 0 {
            base
        } else {
            let mut v = self.rng(&[
                stream::PROFILE,
                res.residue as u64,
                param as u64,
                res.variant as u64,
            ]);
            base * (1.0 + 0.06 * v.normal())
        }
    }
}
