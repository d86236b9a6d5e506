//! The fixed vocabulary of the sample data: places, units, parameters, methods,
//! crops and residues. All names and descriptions are written for this crate;
//! county FIPS codes, names and rough centroids/areas are public facts.
//!
//! Ids are explicit: an item's id is its position in its list plus one (checked
//! by the unit tests), so the generators can refer to them as constants.

/// A California county (or the statewide row) of the `place` table.
pub struct County {
    pub geoid: &'static str,
    pub name: &'static str,
    pub region: &'static str,
    /// A town in the county, for addresses.
    pub town: &'static str,
    pub lat: f64,
    pub lon: f64,
    pub square_miles: f64,
    /// First three digits of the county's ZIP codes.
    pub zip3: u32,
}

pub const STATE_GEOID: &str = "06000";

const SAC: &str = "Sacramento Valley";
const SJV: &str = "San Joaquin Valley";
const BAY: &str = "San Francisco Bay Area";
const COAST: &str = "North Coast";
const DESERT: &str = "Imperial Valley";

#[rustfmt::skip]
pub static COUNTIES: [County; 21] = [
    County { geoid: "06001", name: "Alameda", region: BAY, town: "Livermore", lat: 37.65, lon: -121.92, square_miles: 739.0, zip3: 945 },
    County { geoid: "06007", name: "Butte", region: SAC, town: "Chico", lat: 39.67, lon: -121.60, square_miles: 1640.0, zip3: 959 },
    County { geoid: "06011", name: "Colusa", region: SAC, town: "Williams", lat: 39.18, lon: -122.24, square_miles: 1151.0, zip3: 959 },
    County { geoid: "06019", name: "Fresno", region: SJV, town: "Kerman", lat: 36.76, lon: -119.65, square_miles: 5963.0, zip3: 936 },
    County { geoid: "06021", name: "Glenn", region: SAC, town: "Orland", lat: 39.60, lon: -122.39, square_miles: 1315.0, zip3: 959 },
    County { geoid: "06025", name: "Imperial", region: DESERT, town: "Brawley", lat: 33.04, lon: -115.36, square_miles: 4177.0, zip3: 922 },
    County { geoid: "06029", name: "Kern", region: SJV, town: "Shafter", lat: 35.34, lon: -118.73, square_miles: 8142.0, zip3: 932 },
    County { geoid: "06031", name: "Kings", region: SJV, town: "Lemoore", lat: 36.07, lon: -119.82, square_miles: 1390.0, zip3: 932 },
    County { geoid: "06039", name: "Madera", region: SJV, town: "Chowchilla", lat: 37.22, lon: -119.77, square_miles: 2137.0, zip3: 936 },
    County { geoid: "06047", name: "Merced", region: SJV, town: "Los Banos", lat: 37.19, lon: -120.72, square_miles: 1935.0, zip3: 953 },
    County { geoid: "06055", name: "Napa", region: COAST, town: "St. Helena", lat: 38.51, lon: -122.33, square_miles: 748.0, zip3: 945 },
    County { geoid: "06067", name: "Sacramento", region: SAC, town: "Elk Grove", lat: 38.45, lon: -121.34, square_miles: 966.0, zip3: 956 },
    County { geoid: "06077", name: "San Joaquin", region: SJV, town: "Lodi", lat: 37.93, lon: -121.27, square_miles: 1399.0, zip3: 952 },
    County { geoid: "06095", name: "Solano", region: BAY, town: "Dixon", lat: 38.27, lon: -121.94, square_miles: 822.0, zip3: 956 },
    County { geoid: "06097", name: "Sonoma", region: COAST, town: "Healdsburg", lat: 38.53, lon: -122.89, square_miles: 1576.0, zip3: 954 },
    County { geoid: "06099", name: "Stanislaus", region: SJV, town: "Turlock", lat: 37.56, lon: -121.00, square_miles: 1495.0, zip3: 953 },
    County { geoid: "06101", name: "Sutter", region: SAC, town: "Live Oak", lat: 39.03, lon: -121.70, square_miles: 602.0, zip3: 959 },
    County { geoid: "06103", name: "Tehama", region: SAC, town: "Corning", lat: 40.13, lon: -122.23, square_miles: 2951.0, zip3: 960 },
    County { geoid: "06107", name: "Tulare", region: SJV, town: "Dinuba", lat: 36.22, lon: -118.80, square_miles: 4824.0, zip3: 932 },
    County { geoid: "06113", name: "Yolo", region: SAC, town: "Winters", lat: 38.68, lon: -121.90, square_miles: 1015.0, zip3: 956 },
    County { geoid: "06115", name: "Yuba", region: SAC, town: "Wheatland", lat: 39.27, lon: -121.35, square_miles: 630.0, zip3: 959 },
];

/// Position of a county in [`COUNTIES`] by geoid.
pub fn county_index(geoid: &str) -> Option<usize> {
    COUNTIES.iter().position(|c| c.geoid == geoid)
}

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

pub mod unit {
    pub const PERCENT: i32 = 1;
    pub const MJ_KG: i32 = 2;
    pub const MG_KG: i32 = 3;
    pub const G_L: i32 = 4;
    pub const G_G: i32 = 5;
    pub const MOL_PERCENT: i32 = 6;
    pub const HOURS: i32 = 7;
    pub const TONS: i32 = 8;
    pub const ACRES: i32 = 9;
    pub const USD_TON: i32 = 10;
    pub const USD_CWT: i32 = 11;
    pub const DRY_TONS: i32 = 12;
    pub const MMBTU: i32 = 13;
    pub const KG: i32 = 14;
    pub const DAYS: i32 = 15;
    pub const NM3_KG: i32 = 16;
    pub const TONS_ACRE: i32 = 17;
    pub const DEG_C: i32 = 18;
}

/// `(id, name, description)`.
pub static UNITS: [(i32, &str, &str); 18] = [
    (
        unit::PERCENT,
        "percent",
        "Mass fraction in percent, dry basis unless noted",
    ),
    (
        unit::MJ_KG,
        "MJ/kg",
        "Megajoules per kilogram of dry matter",
    ),
    (
        unit::MG_KG,
        "mg/kg",
        "Milligrams per kilogram of dry matter",
    ),
    (unit::G_L, "g/L", "Grams per litre of broth"),
    (unit::G_G, "g/g", "Grams of product per gram of substrate"),
    (
        unit::MOL_PERCENT,
        "mol percent",
        "Mole fraction of the dry gas in percent",
    ),
    (unit::HOURS, "hours", "Elapsed time in hours"),
    (unit::TONS, "tons", "Short tons"),
    (unit::ACRES, "acres", "Land area in acres"),
    (unit::USD_TON, "USD/ton", "US dollars per short ton"),
    (unit::USD_CWT, "USD/cwt", "US dollars per hundredweight"),
    (unit::DRY_TONS, "dry tons", "Short tons of dry matter"),
    (unit::MMBTU, "MMBtu", "Million British thermal units"),
    (unit::KG, "kg", "Kilograms"),
    (unit::DAYS, "days", "Elapsed time in days"),
    (
        unit::NM3_KG,
        "Nm3/kg",
        "Normal cubic metres of gas per kilogram of feed",
    ),
    (unit::TONS_ACRE, "tons/acre", "Short tons per acre"),
    (unit::DEG_C, "degrees C", "Temperature in degrees Celsius"),
];

// ---------------------------------------------------------------------------
// Parameters
// ---------------------------------------------------------------------------

pub mod param {
    pub const GLUCOSE: i32 = 1;
    pub const XYLOSE: i32 = 2;
    pub const ARABINOSE: i32 = 3;
    pub const GALACTOSE: i32 = 4;
    pub const MANNOSE: i32 = 5;
    pub const LIGNIN: i32 = 6;
    pub const LIGNIN_PLUS: i32 = 7;
    pub const EXTRACTIVES: i32 = 8;
    pub const ASH: i32 = 9;
    pub const MOISTURE: i32 = 10;
    pub const VOLATILE_MATTER: i32 = 11;
    pub const FIXED_CARBON: i32 = 12;
    pub const CARBON: i32 = 13;
    pub const HYDROGEN: i32 = 14;
    pub const NITROGEN: i32 = 15;
    pub const OXYGEN: i32 = 16;
    pub const SULFUR: i32 = 17;
    pub const SILICON: i32 = 18;
    pub const POTASSIUM: i32 = 19;
    pub const CALCIUM: i32 = 20;
    pub const PHOSPHORUS: i32 = 21;
    pub const CHLORINE: i32 = 22;
    pub const IRON: i32 = 23;
    pub const MAGNESIUM: i32 = 24;
    pub const SODIUM: i32 = 25;
    pub const ZINC: i32 = 26;
    pub const MANGANESE: i32 = 27;
    pub const HHV: i32 = 28;
    pub const LHV: i32 = 29;
    pub const CRYSTALLINITY: i32 = 30;
    pub const AMORPHOUS: i32 = 31;
    pub const NIR_GLUCAN: i32 = 32;
    pub const NIR_XYLAN: i32 = 33;
    pub const NIR_LIGNIN: i32 = 34;
    pub const NIR_MOISTURE: i32 = 35;
    pub const ETHANOL: i32 = 36;
    pub const LACTIC_ACID: i32 = 37;
    pub const BUTANEDIOL: i32 = 38;
    pub const PRODUCT_YIELD: i32 = 39;
    pub const H2_GAS: i32 = 40;
    pub const CO_GAS: i32 = 41;
    pub const CO2_GAS: i32 = 42;
    pub const CH4_GAS: i32 = 43;
    pub const TAR_YIELD: i32 = 44;
    pub const CHAR_YIELD: i32 = 45;
    pub const SYNGAS_YIELD: i32 = 46;
    pub const GLUCOSE_RELEASE: i32 = 47;
    pub const XYLOSE_RELEASE: i32 = 48;
    pub const SOLIDS_RECOVERY: i32 = 49;
    pub const SEVERITY: i32 = 50;
    pub const PRODUCTION: i32 = 51;
    pub const AREA_HARVESTED: i32 = 52;
    pub const AREA_BEARING: i32 = 53;
    pub const AREA_IN_PRODUCTION: i32 = 54;
    pub const YIELD_PER_ACRE: i32 = 55;
    pub const PRICE_RECEIVED: i32 = 56;
    pub const PERCENT_OF_VOLUME: i32 = 57;
    pub const PERCENT_OF_VOLUME_SNAKE: i32 = 58;
    pub const PERCENTAGE_OF_VOLUME: i32 = 59;
    pub const VOLUME_PERCENT: i32 = 60;
    pub const TRENDING: i32 = 61;
    // The end-use parameters of the original team's later revision.
    pub const RESOURCE_USE_PERC_LOW: i32 = 62;
    pub const RESOURCE_USE_PERC_HIGH: i32 = 63;
    pub const RESOURCE_VALUE_LOW: i32 = 64;
    pub const RESOURCE_VALUE_HIGH: i32 = 65;
    pub const RESOURCE_USE_TREND: i32 = 66;
}

/// A measured or derived quantity, with the plausible range of its values in
/// its standard unit.
pub struct Parameter {
    pub id: i32,
    pub name: &'static str,
    pub unit: Option<i32>,
    pub calculated: bool,
    pub low: f64,
    pub high: f64,
    pub decimals: usize,
    pub description: &'static str,
}

const fn p(
    id: i32,
    name: &'static str,
    unit: Option<i32>,
    low: f64,
    high: f64,
    decimals: usize,
    description: &'static str,
) -> Parameter {
    Parameter {
        id,
        name,
        unit,
        calculated: false,
        low,
        high,
        decimals,
        description,
    }
}

const fn calc(mut parameter: Parameter) -> Parameter {
    parameter.calculated = true;
    parameter
}

use param as q;
use unit as u;

#[rustfmt::skip]
pub static PARAMETERS: [Parameter; 66] = [
    p(q::GLUCOSE, "glucose", Some(u::PERCENT), 18.0, 42.0, 2, "Glucan measured as glucose after acid hydrolysis"),
    p(q::XYLOSE, "xylose", Some(u::PERCENT), 4.0, 24.0, 2, "Xylan measured as xylose after acid hydrolysis"),
    p(q::ARABINOSE, "arabinose", Some(u::PERCENT), 0.5, 4.5, 2, "Arabinan measured as arabinose"),
    p(q::GALACTOSE, "galactose", Some(u::PERCENT), 0.3, 3.5, 2, "Galactan measured as galactose"),
    p(q::MANNOSE, "mannose", Some(u::PERCENT), 0.2, 3.0, 2, "Mannan measured as mannose"),
    p(q::LIGNIN, "lignin", Some(u::PERCENT), 8.0, 30.0, 2, "Acid-insoluble lignin"),
    p(q::LIGNIN_PLUS, "lignin+", Some(u::PERCENT), 1.0, 6.0, 2, "Acid-soluble lignin, reported on its own line"),
    p(q::EXTRACTIVES, "extractives", Some(u::PERCENT), 3.0, 30.0, 2, "Water and ethanol extractives"),
    p(q::ASH, "ash", Some(u::PERCENT), 1.0, 18.0, 2, "Residue after combustion at 575 C"),
    p(q::MOISTURE, "moisture", Some(u::PERCENT), 6.0, 70.0, 2, "Moisture content as received"),
    p(q::VOLATILE_MATTER, "volatile matter", Some(u::PERCENT), 60.0, 82.0, 2, "Mass lost on heating without air"),
    p(q::FIXED_CARBON, "fixed carbon", Some(u::PERCENT), 10.0, 24.0, 2, "Carbon left after volatiles, by difference"),
    p(q::CARBON, "carbon", Some(u::PERCENT), 40.0, 52.0, 2, "Elemental carbon"),
    p(q::HYDROGEN, "hydrogen", Some(u::PERCENT), 5.0, 6.8, 3, "Elemental hydrogen"),
    p(q::NITROGEN, "nitrogen", Some(u::PERCENT), 0.2, 2.5, 3, "Elemental nitrogen"),
    calc(p(q::OXYGEN, "oxygen", Some(u::PERCENT), 34.0, 46.0, 2, "Elemental oxygen, by difference")),
    p(q::SULFUR, "sulfur", Some(u::PERCENT), 0.02, 0.4, 3, "Elemental sulfur"),
    p(q::SILICON, "silicon", Some(u::PERCENT), 0.05, 6.0, 3, "Silicon"),
    p(q::POTASSIUM, "potassium", Some(u::PERCENT), 0.3, 3.5, 3, "Potassium"),
    p(q::CALCIUM, "calcium", Some(u::PERCENT), 0.1, 2.5, 3, "Calcium"),
    p(q::PHOSPHORUS, "phosphorus", Some(u::PERCENT), 0.03, 0.5, 3, "Phosphorus"),
    p(q::CHLORINE, "chlorine", Some(u::PERCENT), 0.02, 1.2, 3, "Chlorine"),
    p(q::IRON, "iron", Some(u::PERCENT), 0.005, 0.2, 4, "Iron"),
    p(q::MAGNESIUM, "magnesium", Some(u::PERCENT), 0.05, 0.6, 3, "Magnesium"),
    p(q::SODIUM, "sodium", Some(u::PERCENT), 0.01, 0.4, 3, "Sodium"),
    p(q::ZINC, "zinc", Some(u::PERCENT), 0.001, 0.01, 4, "Zinc"),
    p(q::MANGANESE, "manganese", Some(u::PERCENT), 0.001, 0.02, 4, "Manganese"),
    p(q::HHV, "higher heating value", Some(u::MJ_KG), 15.5, 21.0, 3, "Gross calorific value, dry basis"),
    calc(p(q::LHV, "lower heating value", Some(u::MJ_KG), 14.0, 19.5, 3, "Net calorific value, dry basis")),
    p(q::CRYSTALLINITY, "crystallinity index", Some(u::PERCENT), 30.0, 65.0, 2, "Cellulose crystallinity from peak heights"),
    calc(p(q::AMORPHOUS, "amorphous fraction", Some(u::PERCENT), 35.0, 70.0, 2, "Amorphous share of the diffraction pattern")),
    calc(p(q::NIR_GLUCAN, "glucan (ft-nir)", Some(u::PERCENT), 18.0, 42.0, 2, "Glucan predicted from the NIR spectrum")),
    calc(p(q::NIR_XYLAN, "xylan (ft-nir)", Some(u::PERCENT), 4.0, 24.0, 2, "Xylan predicted from the NIR spectrum")),
    calc(p(q::NIR_LIGNIN, "lignin (ft-nir)", Some(u::PERCENT), 8.0, 30.0, 2, "Lignin predicted from the NIR spectrum")),
    calc(p(q::NIR_MOISTURE, "moisture (ft-nir)", Some(u::PERCENT), 6.0, 60.0, 2, "Moisture predicted from the NIR spectrum")),
    p(q::ETHANOL, "ethanol", Some(u::G_L), 4.0, 45.0, 3, "Ethanol titer"),
    p(q::LACTIC_ACID, "lactic acid", Some(u::G_L), 1.0, 30.0, 3, "Lactic acid titer"),
    p(q::BUTANEDIOL, "2,3-butanediol", Some(u::G_L), 0.5, 18.0, 3, "2,3-butanediol titer"),
    calc(p(q::PRODUCT_YIELD, "product yield", Some(u::G_G), 0.15, 0.48, 4, "Main product per gram of sugar supplied")),
    p(q::H2_GAS, "hydrogen gas", Some(u::MOL_PERCENT), 8.0, 32.0, 2, "H2 in the dry product gas"),
    p(q::CO_GAS, "carbon monoxide", Some(u::MOL_PERCENT), 12.0, 30.0, 2, "CO in the dry product gas"),
    p(q::CO2_GAS, "carbon dioxide", Some(u::MOL_PERCENT), 10.0, 25.0, 2, "CO2 in the dry product gas"),
    p(q::CH4_GAS, "methane", Some(u::MOL_PERCENT), 2.0, 12.0, 2, "CH4 in the dry product gas"),
    p(q::TAR_YIELD, "tar yield", Some(u::PERCENT), 0.5, 8.0, 3, "Condensable tar per mass of feed"),
    p(q::CHAR_YIELD, "char yield", Some(u::PERCENT), 5.0, 22.0, 2, "Solid char per mass of feed"),
    calc(p(q::SYNGAS_YIELD, "syngas yield", Some(u::NM3_KG), 0.8, 2.4, 3, "Dry gas volume per mass of feed")),
    p(q::GLUCOSE_RELEASE, "glucose release", Some(u::PERCENT), 20.0, 92.0, 2, "Glucan converted to glucose after pretreatment and hydrolysis"),
    p(q::XYLOSE_RELEASE, "xylose release", Some(u::PERCENT), 15.0, 88.0, 2, "Xylan converted to xylose after pretreatment and hydrolysis"),
    p(q::SOLIDS_RECOVERY, "solids recovery", Some(u::PERCENT), 45.0, 90.0, 2, "Insoluble solids left after pretreatment"),
    calc(p(q::SEVERITY, "combined severity factor", None, 0.8, 3.2, 3, "Log of time-temperature-acidity severity (dimensionless)")),
    p(q::PRODUCTION, "production", Some(u::TONS), 0.0, 0.0, 0, "Harvested production of the crop"),
    p(q::AREA_HARVESTED, "area harvested", Some(u::ACRES), 0.0, 0.0, 0, "Area from which the crop was harvested"),
    p(q::AREA_BEARING, "area bearing", Some(u::ACRES), 0.0, 0.0, 0, "Bearing area of orchards and vineyards"),
    p(q::AREA_IN_PRODUCTION, "area in production", Some(u::ACRES), 0.0, 0.0, 0, "Area in production of a perennial crop"),
    calc(p(q::YIELD_PER_ACRE, "yield", Some(u::TONS_ACRE), 0.0, 0.0, 3, "Production per harvested or bearing acre")),
    p(q::PRICE_RECEIVED, "price received", Some(u::USD_TON), 0.0, 0.0, 2, "Price reported for a sale lot"),
    p(q::PERCENT_OF_VOLUME, "percent of volume", Some(u::PERCENT), 0.0, 0.0, 1, "Share of the resource's volume going to a use"),
    p(q::PERCENT_OF_VOLUME_SNAKE, "percent_of_volume", Some(u::PERCENT), 0.0, 0.0, 1, "Share of volume going to a use (survey export spelling)"),
    p(q::PERCENTAGE_OF_VOLUME, "percentage of volume", Some(u::PERCENT), 0.0, 0.0, 1, "Share of volume going to a use (interview spelling)"),
    p(q::VOLUME_PERCENT, "volume percent", Some(u::PERCENT), 0.0, 0.0, 1, "Share of volume going to a use (older sheet spelling)"),
    p(q::TRENDING, "trending", None, 0.0, 0.0, 0, "Direction of the use: -1 shrinking, 0 steady, 1 growing"),
    p(q::RESOURCE_USE_PERC_LOW, "resource_use_perc_low", Some(u::PERCENT), 0.0, 100.0, 1, "Low estimate of the share of volume going to a use"),
    p(q::RESOURCE_USE_PERC_HIGH, "resource_use_perc_high", Some(u::PERCENT), 0.0, 100.0, 1, "High estimate of the share of volume going to a use"),
    p(q::RESOURCE_VALUE_LOW, "resource_value_low", Some(u::USD_TON), 0.0, 0.0, 2, "Low estimate of what the use pays for the resource"),
    p(q::RESOURCE_VALUE_HIGH, "resource_value_high", Some(u::USD_TON), 0.0, 0.0, 2, "High estimate of what the use pays for the resource"),
    p(q::RESOURCE_USE_TREND, "resource_use_trend", None, 0.0, 0.0, 0, "Direction of the use, in the observation's note"),
];

pub fn parameter(id: i32) -> Option<&'static Parameter> {
    PARAMETERS.get(usize::try_from(id - 1).ok()?)
}

// ---------------------------------------------------------------------------
// Methods, strains, vessels, use cases
// ---------------------------------------------------------------------------

pub mod method {
    pub const COMPOSITIONAL: i32 = 1;
    pub const PROXIMATE: i32 = 2;
    pub const ULTIMATE: i32 = 3;
    pub const XRF: i32 = 4;
    pub const ICP: i32 = 5;
    pub const CALORIMETRY: i32 = 6;
    pub const XRD: i32 = 7;
    pub const FTNIR: i32 = 8;
    pub const FERMENTATION: i32 = 9;
    pub const GASIFICATION: i32 = 10;
    pub const PRETREATMENT: i32 = 11;
    /// Pretreatment chemistries: ids 12..=16.
    pub const FIRST_PRETREATMENT: i32 = 12;
    pub const PRETREATMENT_COUNT: i32 = 5;
    /// Enzymatic hydrolysis recipes: ids 17..=19.
    pub const FIRST_ENZYME: i32 = 17;
    pub const ENZYME_COUNT: i32 = 3;
    /// End uses: ids 20..=27, in the order of [`super::END_USES`].
    pub const FIRST_END_USE: i32 = 20;
    /// Transport: ids 28..=30.
    pub const FIRST_TRANSPORT: i32 = 28;
    pub const TRANSPORT_COUNT: i32 = 3;
    /// Storage: ids 31..=34.
    pub const FIRST_STORAGE: i32 = 31;
    pub const STORAGE_COUNT: i32 = 4;
}

/// `(id, name, category id, description)`; categories: 1 laboratory analysis,
/// 2 pretreatment, 3 enzymatic hydrolysis, 4 end use, 5 transport, 6 storage.
#[rustfmt::skip]
pub static METHODS: [(i32, &str, i32, &str); 34] = [
    (1, "two-stage acid hydrolysis with HPLC sugars", 1, "Structural carbohydrates and lignin of extractive-free biomass"),
    (2, "thermogravimetric proximate analysis", 1, "Moisture, volatiles, fixed carbon and ash from one TGA program"),
    (3, "CHNS combustion analysis", 1, "Elemental C, H, N and S by dynamic flash combustion"),
    (4, "energy-dispersive X-ray fluorescence", 1, "Major inorganic elements on pressed pellets"),
    (5, "ICP-OES after microwave digestion", 1, "Minor and trace elements in acid digests"),
    (6, "isoperibol bomb calorimetry", 1, "Gross heat of combustion of oven-dry pellets"),
    (7, "powder X-ray diffraction", 1, "Crystallinity from a 5-40 degree two-theta scan"),
    (8, "FT-NIR chemometric prediction", 1, "Composition predicted from near-infrared spectra of milled samples"),
    (9, "shake-flask batch fermentation", 1, "Hydrolysate fermented for 72 hours with sampling every 24 hours"),
    (10, "bench-scale fluidized-bed gasification", 1, "Air-blown gasification of milled feed at steady state"),
    (11, "bench-scale pretreatment and saccharification", 1, "Pretreatment in sealed tubes followed by enzymatic hydrolysis"),
    (12, "dilute sulfuric acid", 2, "0.5-1.5 percent acid at 140-170 C"),
    (13, "steam explosion", 2, "Saturated steam at 190-210 C with rapid release"),
    (14, "liquid hot water", 2, "Pressurized water at 160-190 C without added catalyst"),
    (15, "dilute sodium hydroxide", 2, "Alkaline delignification at 80-120 C"),
    (16, "ionic liquid", 2, "Imidazolium acetate dissolution and water regeneration"),
    (17, "cellulase cocktail, standard loading", 3, "Commercial cellulase at 20 mg protein per g glucan"),
    (18, "cellulase cocktail, low loading", 3, "Commercial cellulase at 5 mg protein per g glucan"),
    (19, "cellulase with xylanase supplement", 3, "Cellulase plus 10 percent xylanase by protein"),
    (20, "animal feed", 4, "Fed to livestock, fresh or ensiled"),
    (21, "bioenergy", 4, "Burned or converted for power, heat or fuel"),
    (22, "compost", 4, "Composted alone or with manure and green waste"),
    (23, "soil amendment", 4, "Incorporated into fields without composting"),
    (24, "animal bedding", 4, "Used as bedding in dairies and stables"),
    (25, "biochar", 4, "Pyrolysed into char for soils or filtration"),
    (26, "mulch", 4, "Spread on orchard floors or landscapes"),
    (27, "export", 4, "Shipped out of state or overseas"),
    (28, "walking-floor trailer haul", 5, "Loose material in a self-unloading trailer"),
    (29, "baled flatbed haul", 5, "Large square bales on a flatbed truck"),
    (30, "dump truck, short haul", 5, "Bulk material moved under 25 miles"),
    (31, "tarped outdoor pile", 6, "Covered pile on compacted ground"),
    (32, "covered hay barn", 6, "Bales stacked under a roof"),
    (33, "silage bag", 6, "Sealed plastic tube for wet material"),
    (34, "open windrow", 6, "Uncovered windrow at the field edge"),
];

/// What each end use (in [`END_USES`] order) typically pays, in USD per ton:
/// `(low, high)` of the range the synthetic interviews quote.
pub static END_USE_VALUES: [(f64, f64); 8] = [
    (120.0, 240.0),
    (15.0, 45.0),
    (5.0, 20.0),
    (10.0, 35.0),
    (40.0, 90.0),
    (60.0, 150.0),
    (20.0, 50.0),
    (150.0, 300.0),
];

/// End uses: `(name, description)`, one `use_case` row and one method each.
pub static END_USES: [(&str, &str); 8] = [
    ("animal feed", "Livestock feed, mainly for dairies"),
    ("bioenergy", "Biomass power, heat or fuels"),
    ("compost", "Feedstock for composting operations"),
    ("soil amendment", "Returned to soils to add organic matter"),
    ("animal bedding", "Bedding for dairy cows and horses"),
    ("biochar", "Charred for soil or water treatment"),
    ("mulch", "Surface mulch in orchards and landscapes"),
    ("export", "Sold to buyers outside California"),
];

/// `(name, description, parent strain position + 1)`.
pub static STRAINS: [(&str, &str, Option<i32>); 6] = [
    (
        "Saccharomyces cerevisiae BSY-1",
        "Robust industrial-type ethanol yeast",
        None,
    ),
    (
        "Saccharomyces cerevisiae BSY-1X",
        "Xylose-fermenting derivative of BSY-1",
        Some(1),
    ),
    (
        "Zymomonas mobilis ZMB-4",
        "Fast glucose-to-ethanol bacterium",
        None,
    ),
    (
        "Escherichia coli ECB-2",
        "Engineered for ethanol from mixed sugars",
        None,
    ),
    (
        "Lactiplantibacillus plantarum LPB-7",
        "Lactic acid producer tolerant of inhibitors",
        None,
    ),
    ("Klebsiella oxytoca KOB-3", "2,3-butanediol producer", None),
];

/// Reactors and vessels: `(name, description, volume per well, volume unit)`.
/// Ids 1-3 are gasifiers, 4-5 fermentation vessels, 6 a pretreatment block.
pub static VESSELS: [(&str, &str, Option<f64>, Option<&str>); 6] = [
    (
        "bubbling fluidized bed",
        "Silica sand bed, 10 cm inner diameter",
        None,
        None,
    ),
    (
        "downdraft fixed bed",
        "Throated downdraft, 5 kg/h",
        None,
        None,
    ),
    (
        "entrained flow",
        "Drop-tube reactor for fine particles",
        None,
        None,
    ),
    (
        "96-well deep-well plate",
        "Microscale fermentation plate",
        Some(2.0),
        Some("mL"),
    ),
    (
        "250 mL baffled shake flask",
        "Flask fermentation",
        Some(100.0),
        Some("mL"),
    ),
    (
        "24-tube heating block",
        "Sealed-tube pretreatment block",
        Some(20.0),
        Some("mL"),
    ),
];

pub static RESOURCE_CLASSES: [(&str, &str); 4] = [
    (
        "agricultural residue",
        "Left in the field or orchard after harvest or pruning",
    ),
    (
        "processing residue",
        "Produced where crops are hulled, milled, ginned or packed",
    ),
    (
        "woody biomass",
        "Wood from orchard removal, thinning or clearing",
    ),
    ("aquatic biomass", "Algae and other biomass from water"),
];

pub static RESOURCE_SUBCLASSES: [(&str, &str); 7] = [
    (
        "orchard and vineyard prunings",
        "Branches and canes cut in the dormant season",
    ),
    ("field crop residue", "Straw, stalks and stover"),
    (
        "nut processing byproduct",
        "Hulls and shells from hulling and cracking",
    ),
    (
        "fruit and vegetable processing byproduct",
        "Pomace, pits and peel from canneries, wineries and packers",
    ),
    (
        "milling and ginning byproduct",
        "Hulls, cobs and gin trash from milling and ginning",
    ),
    (
        "forest and orchard wood",
        "Chips from thinning and whole-orchard removal",
    ),
    ("macroalgae", "Seaweeds"),
];

// ---------------------------------------------------------------------------
// Crops, commodities and residues
// ---------------------------------------------------------------------------

const ALMOND_C: &[&str] = &[
    "06029", "06019", "06099", "06047", "06039", "06077", "06007", "06011",
];
const WALNUT_C: &[&str] = &[
    "06077", "06107", "06007", "06101", "06021", "06103", "06099",
];
const PISTACHIO_C: &[&str] = &["06029", "06019", "06107", "06039", "06031"];
const RICE_C: &[&str] = &[
    "06011", "06101", "06007", "06021", "06115", "06113", "06067",
];
const WHEAT_C: &[&str] = &["06029", "06031", "06019", "06113", "06095", "06107"];
const CORN_C: &[&str] = &["06077", "06107", "06047", "06099", "06067"];
const GRAPE_C: &[&str] = &[
    "06019", "06029", "06107", "06077", "06097", "06055", "06039",
];
const TOMATO_C: &[&str] = &["06019", "06113", "06031", "06047", "06077", "06011"];
const COTTON_C: &[&str] = &["06019", "06031", "06029", "06047", "06107"];
const PEACH_C: &[&str] = &["06099", "06101", "06019", "06107", "06047"];
const OLIVE_C: &[&str] = &["06103", "06021", "06107", "06007"];
const ORANGE_C: &[&str] = &["06107", "06019", "06029"];
const BEET_C: &[&str] = &["06025", "06019", "06113"];
const PLUM_C: &[&str] = &["06101", "06007", "06103", "06115"];
const SUNFLOWER_C: &[&str] = &["06113", "06011", "06095"];
const SAFFLOWER_C: &[&str] = &["06011", "06113", "06067", "06077"];
const WOOD_C: &[&str] = &["06103", "06007", "06115"];
const GREEN_WASTE_C: &[&str] = &["06001", "06067", "06095"];

/// A crop: one `primary_ag_product` and one NASS `usda_commodity` (same id).
pub struct Crop {
    pub product: &'static str,
    pub commodity: &'static str,
    pub counties: &'static [&'static str],
    /// Parameter of the census acreage observation.
    pub acres_param: i32,
    pub tons_per_acre: f64,
    /// Range of county acreage.
    pub acres: (f64, f64),
}

#[rustfmt::skip]
pub static CROPS: [Crop; 16] = [
    Crop { product: "almonds", commodity: "ALMONDS", counties: ALMOND_C, acres_param: q::AREA_BEARING, tons_per_acre: 1.1, acres: (40_000.0, 220_000.0) },
    Crop { product: "walnuts", commodity: "WALNUTS", counties: WALNUT_C, acres_param: q::AREA_BEARING, tons_per_acre: 1.9, acres: (10_000.0, 70_000.0) },
    Crop { product: "pistachios", commodity: "PISTACHIOS", counties: PISTACHIO_C, acres_param: q::AREA_BEARING, tons_per_acre: 1.5, acres: (10_000.0, 140_000.0) },
    Crop { product: "rice", commodity: "RICE", counties: RICE_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 4.2, acres: (20_000.0, 150_000.0) },
    Crop { product: "wheat", commodity: "WHEAT", counties: WHEAT_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 2.8, acres: (5_000.0, 60_000.0) },
    Crop { product: "corn", commodity: "CORN", counties: CORN_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 5.4, acres: (5_000.0, 60_000.0) },
    Crop { product: "grapes", commodity: "GRAPES", counties: GRAPE_C, acres_param: q::AREA_BEARING, tons_per_acre: 8.0, acres: (5_000.0, 130_000.0) },
    Crop { product: "tomatoes", commodity: "TOMATOES", counties: TOMATO_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 50.0, acres: (5_000.0, 80_000.0) },
    Crop { product: "cotton", commodity: "COTTON", counties: COTTON_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 0.8, acres: (3_000.0, 50_000.0) },
    Crop { product: "peaches", commodity: "PEACHES", counties: PEACH_C, acres_param: q::AREA_BEARING, tons_per_acre: 14.0, acres: (1_000.0, 15_000.0) },
    Crop { product: "olives", commodity: "OLIVES", counties: OLIVE_C, acres_param: q::AREA_IN_PRODUCTION, tons_per_acre: 3.0, acres: (1_000.0, 15_000.0) },
    Crop { product: "oranges", commodity: "ORANGES", counties: ORANGE_C, acres_param: q::AREA_BEARING, tons_per_acre: 15.0, acres: (5_000.0, 100_000.0) },
    Crop { product: "sugar beets", commodity: "SUGARBEETS", counties: BEET_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 40.0, acres: (2_000.0, 25_000.0) },
    Crop { product: "plums", commodity: "PLUMS & PRUNES", counties: PLUM_C, acres_param: q::AREA_BEARING, tons_per_acre: 3.0, acres: (2_000.0, 20_000.0) },
    Crop { product: "sunflower", commodity: "SUNFLOWER", counties: SUNFLOWER_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 0.9, acres: (1_000.0, 30_000.0) },
    Crop { product: "safflower", commodity: "SAFFLOWER", counties: SAFFLOWER_C, acres_param: q::AREA_HARVESTED, tons_per_acre: 1.0, acres: (1_000.0, 20_000.0) },
];

/// Commodities after the crops' ones (ids `CROPS.len() + 1 + position`):
/// `(name, source, parent crop position, price unit for market records)`.
#[rustfmt::skip]
pub static EXTRA_COMMODITIES: [(&str, &str, Option<usize>, Option<i32>); 6] = [
    ("CORN, GRAIN", "NASS", Some(5), Some(u::USD_CWT)),
    ("TOMATOES, PROCESSING", "NASS", Some(7), None),
    ("ALMOND HULLS", "AMS", Some(0), Some(u::USD_TON)),
    ("RICE STRAW", "AMS", Some(3), Some(u::USD_TON)),
    ("WHEAT STRAW", "AMS", Some(4), Some(u::USD_TON)),
    ("HAY, ALFALFA", "AMS", None, Some(u::USD_TON)),
];

pub const COMMODITY_CORN_GRAIN: i32 = 17;
pub const COMMODITY_ALMOND_HULLS: i32 = 19;
pub const COMMODITY_RICE_STRAW: i32 = 20;
pub const COMMODITY_WHEAT_STRAW: i32 = 21;
pub const COMMODITY_HAY: i32 = 22;

/// A kind of residue: the template of one or more `resource` rows.
pub struct Residue {
    pub name: &'static str,
    pub code: &'static str,
    /// Positions in [`RESOURCE_CLASSES`], [`RESOURCE_SUBCLASSES`], [`CROPS`].
    pub class: Option<usize>,
    pub subclass: Option<usize>,
    pub crop: Option<usize>,
    /// Extra commodity the residue itself is traded as.
    pub traded_as: Option<i32>,
    pub counties: &'static [&'static str],
    /// Season: first month, last month (may wrap the year), or year-round.
    pub from_month: i32,
    pub to_month: i32,
    pub year_round: bool,
    /// Dry tons of residue per acre of crop, and moisture fraction as harvested.
    pub dry_tons_acre: f64,
    pub moisture: f64,
    pub blurb: &'static str,
}

#[rustfmt::skip]
pub static RESIDUES: [Residue; 28] = [
    Residue { name: "almond hulls", code: "AH", class: Some(1), subclass: Some(2), crop: Some(0), traded_as: Some(COMMODITY_ALMOND_HULLS), counties: ALMOND_C, from_month: 8, to_month: 11, year_round: false, dry_tons_acre: 1.05, moisture: 0.12, blurb: "Fleshy outer hulls removed at the huller, widely sold as dairy feed" },
    Residue { name: "almond shells", code: "AS", class: Some(1), subclass: Some(2), crop: Some(0), traded_as: None, counties: ALMOND_C, from_month: 9, to_month: 12, year_round: true, dry_tons_acre: 0.45, moisture: 0.09, blurb: "Hard shells from cracking, stored and shipped all year" },
    Residue { name: "almond orchard prunings", code: "AP", class: Some(0), subclass: Some(0), crop: Some(0), traded_as: None, counties: ALMOND_C, from_month: 11, to_month: 2, year_round: false, dry_tons_acre: 0.7, moisture: 0.4, blurb: "Branches cut in winter, usually chipped or burned in place" },
    Residue { name: "walnut shells", code: "WS", class: Some(1), subclass: Some(2), crop: Some(1), traded_as: None, counties: WALNUT_C, from_month: 9, to_month: 12, year_round: true, dry_tons_acre: 0.6, moisture: 0.1, blurb: "Shells from cracking plants, dense and dry" },
    Residue { name: "walnut orchard prunings", code: "WP", class: Some(0), subclass: Some(0), crop: Some(1), traded_as: None, counties: WALNUT_C, from_month: 12, to_month: 3, year_round: false, dry_tons_acre: 0.8, moisture: 0.42, blurb: "Dormant-season prunings left in the row middles" },
    Residue { name: "pistachio shells", code: "PS", class: Some(1), subclass: Some(2), crop: Some(2), traded_as: None, counties: PISTACHIO_C, from_month: 9, to_month: 11, year_round: true, dry_tons_acre: 0.35, moisture: 0.08, blurb: "Shells from processing split nuts" },
    Residue { name: "pistachio hulls", code: "PH", class: Some(1), subclass: Some(2), crop: Some(2), traded_as: None, counties: PISTACHIO_C, from_month: 8, to_month: 10, year_round: false, dry_tons_acre: 0.5, moisture: 0.7, blurb: "Wet hulls and blanks from the huller line" },
    Residue { name: "rice straw", code: "RS", class: Some(0), subclass: Some(1), crop: Some(3), traded_as: Some(COMMODITY_RICE_STRAW), counties: RICE_C, from_month: 9, to_month: 11, year_round: false, dry_tons_acre: 3.0, moisture: 0.25, blurb: "Straw left after combining, high in silica" },
    Residue { name: "rice hulls", code: "RH", class: Some(1), subclass: Some(4), crop: Some(3), traded_as: None, counties: RICE_C, from_month: 1, to_month: 12, year_round: true, dry_tons_acre: 0.9, moisture: 0.1, blurb: "Husks from rice mills, available all year" },
    Residue { name: "wheat straw", code: "WT", class: Some(0), subclass: Some(1), crop: Some(4), traded_as: Some(COMMODITY_WHEAT_STRAW), counties: WHEAT_C, from_month: 5, to_month: 7, year_round: false, dry_tons_acre: 1.6, moisture: 0.12, blurb: "Straw baled after the summer grain harvest" },
    Residue { name: "corn stover", code: "CS", class: Some(0), subclass: Some(1), crop: Some(5), traded_as: Some(COMMODITY_CORN_GRAIN), counties: CORN_C, from_month: 9, to_month: 11, year_round: false, dry_tons_acre: 2.4, moisture: 0.3, blurb: "Stalks, leaves and husks after grain harvest" },
    Residue { name: "corn cobs", code: "CC", class: Some(0), subclass: Some(4), crop: Some(5), traded_as: None, counties: CORN_C, from_month: 9, to_month: 11, year_round: false, dry_tons_acre: 0.5, moisture: 0.2, blurb: "Cobs separated at shelling" },
    Residue { name: "grape pomace", code: "GP", class: Some(1), subclass: Some(3), crop: Some(6), traded_as: None, counties: GRAPE_C, from_month: 8, to_month: 11, year_round: false, dry_tons_acre: 0.6, moisture: 0.6, blurb: "Skins, seeds and stems pressed out at wineries" },
    Residue { name: "vineyard prunings", code: "VP", class: Some(0), subclass: Some(0), crop: Some(6), traded_as: None, counties: GRAPE_C, from_month: 12, to_month: 2, year_round: false, dry_tons_acre: 1.0, moisture: 0.45, blurb: "Canes cut back in winter" },
    Residue { name: "tomato pomace", code: "TP", class: Some(1), subclass: Some(3), crop: Some(7), traded_as: None, counties: TOMATO_C, from_month: 7, to_month: 10, year_round: false, dry_tons_acre: 0.3, moisture: 0.75, blurb: "Peels and seeds from processing tomato canneries" },
    Residue { name: "cotton gin trash", code: "CG", class: Some(1), subclass: Some(4), crop: Some(8), traded_as: None, counties: COTTON_C, from_month: 10, to_month: 1, year_round: false, dry_tons_acre: 0.25, moisture: 0.1, blurb: "Burs, leaves and short fibre removed at gins" },
    Residue { name: "cotton stalks", code: "CK", class: Some(0), subclass: Some(1), crop: Some(8), traded_as: None, counties: COTTON_C, from_month: 10, to_month: 12, year_round: false, dry_tons_acre: 1.8, moisture: 0.35, blurb: "Stalks shredded after picking" },
    Residue { name: "peach pits", code: "PP", class: Some(1), subclass: Some(3), crop: Some(9), traded_as: None, counties: PEACH_C, from_month: 6, to_month: 9, year_round: false, dry_tons_acre: 0.4, moisture: 0.3, blurb: "Stones from canneries and dryers" },
    Residue { name: "stone fruit prunings", code: "SP", class: Some(0), subclass: Some(0), crop: Some(9), traded_as: None, counties: PEACH_C, from_month: 11, to_month: 2, year_round: false, dry_tons_acre: 1.1, moisture: 0.45, blurb: "Peach, nectarine and plum wood from winter pruning" },
    Residue { name: "olive pomace", code: "OP", class: Some(1), subclass: Some(3), crop: Some(10), traded_as: None, counties: OLIVE_C, from_month: 10, to_month: 1, year_round: false, dry_tons_acre: 0.5, moisture: 0.6, blurb: "Pulp and pit fragments from oil mills" },
    Residue { name: "citrus peel", code: "CP", class: Some(1), subclass: Some(3), crop: Some(11), traded_as: None, counties: ORANGE_C, from_month: 11, to_month: 5, year_round: false, dry_tons_acre: 0.7, moisture: 0.8, blurb: "Peel and rag from juice plants" },
    Residue { name: "sugar beet pulp", code: "BP", class: Some(1), subclass: Some(3), crop: Some(12), traded_as: None, counties: BEET_C, from_month: 4, to_month: 9, year_round: false, dry_tons_acre: 1.2, moisture: 0.78, blurb: "Pulp left after sugar extraction" },
    Residue { name: "prune pits", code: "PT", class: Some(1), subclass: Some(3), crop: Some(13), traded_as: None, counties: PLUM_C, from_month: 8, to_month: 12, year_round: false, dry_tons_acre: 0.2, moisture: 0.15, blurb: "Pits from pitted dried plums" },
    Residue { name: "sunflower stalks", code: "SS", class: Some(0), subclass: Some(1), crop: Some(14), traded_as: None, counties: SUNFLOWER_C, from_month: 8, to_month: 10, year_round: false, dry_tons_acre: 1.5, moisture: 0.3, blurb: "Stalks left after seed harvest" },
    Residue { name: "safflower straw", code: "SF", class: Some(0), subclass: Some(1), crop: Some(15), traded_as: None, counties: SAFFLOWER_C, from_month: 8, to_month: 9, year_round: false, dry_tons_acre: 1.3, moisture: 0.15, blurb: "Spiny straw after combining" },
    Residue { name: "orchard removal chips", code: "OR", class: Some(2), subclass: Some(5), crop: None, traded_as: None, counties: WOOD_C, from_month: 10, to_month: 3, year_round: false, dry_tons_acre: 30.0, moisture: 0.45, blurb: "Whole trees chipped when old orchards are pulled" },
    Residue { name: "mixed green waste", code: "GW", class: None, subclass: None, crop: None, traded_as: None, counties: GREEN_WASTE_C, from_month: 1, to_month: 12, year_round: true, dry_tons_acre: 0.0, moisture: 0.5, blurb: "Curbside yard trimmings collected by cities" },
    Residue { name: "Sargassum", code: "SG", class: Some(3), subclass: Some(6), crop: None, traded_as: None, counties: &[], from_month: 4, to_month: 9, year_round: false, dry_tons_acre: 0.0, moisture: 0.85, blurb: "Floating brown seaweed washed ashore, kept out of the search view" },
];

/// Position in [`RESIDUES`] of the residue whose records cover every analysis type.
pub const FULL_COVERAGE_RESIDUE: usize = 0;
/// Position in [`RESIDUES`] of the residue with no analysis records at all.
pub const NO_RECORDS_RESIDUE: usize = 26;

/// Qualifiers for the extra resources of larger scales ("almond hulls, pelletized").
pub static VARIANTS: [&str; 10] = [
    "early season",
    "late season",
    "pelletized",
    "baled",
    "chipped",
    "ground",
    "sun-dried",
    "ensiled",
    "washed",
    "screened",
];

// ---------------------------------------------------------------------------
// Laboratory analysis types
// ---------------------------------------------------------------------------

/// One of the eleven analysis record tables.
pub struct AnalysisKind {
    pub table: &'static str,
    /// `observation.record_type` label.
    pub label: &'static str,
    /// Prefix of the record codes, mixed case.
    pub prefix: &'static str,
    pub method: i32,
    pub params: &'static [i32],
    /// Share of resources that have this kind of record.
    pub coverage: f64,
    /// Mean number of records per resource that has the kind.
    pub mean_records: f64,
}

#[allow(dead_code)] // the full list documents the order of ANALYSES
pub mod kind {
    pub const COMPOSITIONAL: usize = 0;
    pub const PROXIMATE: usize = 1;
    pub const ULTIMATE: usize = 2;
    pub const XRF: usize = 3;
    pub const ICP: usize = 4;
    pub const CALORIMETRY: usize = 5;
    pub const XRD: usize = 6;
    pub const FTNIR: usize = 7;
    pub const FERMENTATION: usize = 8;
    pub const GASIFICATION: usize = 9;
    pub const PRETREATMENT: usize = 10;
}

/// Fermentation products followed over time, and the sampling times in hours.
pub const FERMENTATION_PRODUCTS: [i32; 3] = [q::ETHANOL, q::LACTIC_ACID, q::BUTANEDIOL];
pub const FERMENTATION_HOURS: [i64; 3] = [24, 48, 72];
/// Share of the final titer reached at each sampling time, about (t / 72)^0.7;
/// constants rather than `powf` so the values are bit-identical on every platform.
pub const FERMENTATION_PROGRESS: [f64; 3] = [0.4634, 0.7529, 1.0];

#[rustfmt::skip]
pub static ANALYSES: [AnalysisKind; 11] = [
    AnalysisKind { table: "compositional_record", label: "compositional analysis", prefix: "Cmp", method: method::COMPOSITIONAL, coverage: 0.9, mean_records: 130.0,
        params: &[q::GLUCOSE, q::XYLOSE, q::ARABINOSE, q::GALACTOSE, q::MANNOSE, q::LIGNIN, q::LIGNIN_PLUS, q::EXTRACTIVES, q::ASH] },
    AnalysisKind { table: "proximate_record", label: "proximate analysis", prefix: "Prx", method: method::PROXIMATE, coverage: 0.95, mean_records: 175.0,
        params: &[q::MOISTURE, q::ASH, q::VOLATILE_MATTER, q::FIXED_CARBON] },
    AnalysisKind { table: "ultimate_record", label: "ultimate analysis", prefix: "Ult", method: method::ULTIMATE, coverage: 0.85, mean_records: 118.0,
        params: &[q::CARBON, q::HYDROGEN, q::NITROGEN, q::OXYGEN, q::SULFUR] },
    AnalysisKind { table: "xrf_record", label: "xrf analysis", prefix: "Xrf", method: method::XRF, coverage: 0.6, mean_records: 70.0,
        params: &[q::SILICON, q::POTASSIUM, q::CALCIUM, q::PHOSPHORUS, q::CHLORINE, q::IRON] },
    AnalysisKind { table: "icp_record", label: "icp analysis", prefix: "Icp", method: method::ICP, coverage: 0.6, mean_records: 70.0,
        params: &[q::POTASSIUM, q::CALCIUM, q::MAGNESIUM, q::SODIUM, q::PHOSPHORUS, q::IRON, q::ZINC, q::MANGANESE] },
    AnalysisKind { table: "calorimetry_record", label: "calorimetry analysis", prefix: "Cal", method: method::CALORIMETRY, coverage: 0.7, mean_records: 95.0,
        params: &[q::HHV, q::LHV] },
    AnalysisKind { table: "xrd_record", label: "xrd analysis", prefix: "Xrd", method: method::XRD, coverage: 0.4, mean_records: 47.0,
        params: &[q::CRYSTALLINITY, q::AMORPHOUS] },
    AnalysisKind { table: "ftnir_record", label: "ftnir analysis", prefix: "Nir", method: method::FTNIR, coverage: 0.5, mean_records: 175.0,
        params: &[q::NIR_GLUCAN, q::NIR_XYLAN, q::NIR_LIGNIN, q::NIR_MOISTURE] },
    AnalysisKind { table: "fermentation_record", label: "fermentation", prefix: "Fer", method: method::FERMENTATION, coverage: 0.45, mean_records: 70.0,
        params: &[q::ETHANOL, q::LACTIC_ACID, q::BUTANEDIOL, q::PRODUCT_YIELD] },
    AnalysisKind { table: "gasification_record", label: "gasification", prefix: "Gas", method: method::GASIFICATION, coverage: 0.4, mean_records: 47.0,
        params: &[q::H2_GAS, q::CO_GAS, q::CO2_GAS, q::CH4_GAS, q::TAR_YIELD, q::CHAR_YIELD, q::SYNGAS_YIELD] },
    AnalysisKind { table: "pretreatment_record", label: "pretreatment", prefix: "Pre", method: method::PRETREATMENT, coverage: 0.5, mean_records: 70.0,
        params: &[q::GLUCOSE_RELEASE, q::XYLOSE_RELEASE, q::SOLIDS_RECOVERY, q::SEVERITY] },
];

/// Billion-Ton scenarios: `(name, price offered in USD per dry ton, share of potential)`.
pub static SCENARIOS: [(&str, f64, f64); 4] = [
    ("near-term", 40.0, 0.35),
    ("near-term", 60.0, 0.55),
    ("mature market, medium growth", 60.0, 0.7),
    ("mature market, high growth", 80.0, 0.9),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_positions() {
        for (i, (id, ..)) in UNITS.iter().enumerate() {
            assert_eq!(*id as usize, i + 1, "unit {id}");
        }
        for (i, p) in PARAMETERS.iter().enumerate() {
            assert_eq!(p.id as usize, i + 1, "parameter {}", p.name);
        }
        for (i, (id, ..)) in METHODS.iter().enumerate() {
            assert_eq!(*id as usize, i + 1, "method {id}");
        }
        for (i, (name, _)) in END_USES.iter().enumerate() {
            let id = method::FIRST_END_USE as usize + i;
            assert_eq!(METHODS[id - 1].1, *name);
        }
        assert_eq!(
            CROPS.len() + 1 + 2,
            COMMODITY_ALMOND_HULLS as usize,
            "ALMOND HULLS id"
        );
        assert_eq!(EXTRA_COMMODITIES[0].0, "CORN, GRAIN");
        assert_eq!(CROPS.len() + 1, COMMODITY_CORN_GRAIN as usize);
        assert_eq!(EXTRA_COMMODITIES[3].0, "RICE STRAW");
        assert_eq!(EXTRA_COMMODITIES[4].0, "WHEAT STRAW");
        assert_eq!(EXTRA_COMMODITIES[5].0, "HAY, ALFALFA");
        assert_eq!(CROPS.len() + 1 + 5, COMMODITY_HAY as usize);
        assert_eq!(RESIDUES[NO_RECORDS_RESIDUE].name, "mixed green waste");
        assert_eq!(
            ANALYSES[kind::COMPOSITIONAL].label,
            "compositional analysis"
        );
        assert_eq!(ANALYSES[kind::FERMENTATION].table, "fermentation_record");
        assert_eq!(ANALYSES[kind::PRETREATMENT].label, "pretreatment");
    }

    #[test]
    fn names_are_unique_and_counties_known() {
        let mut names: Vec<&str> = PARAMETERS.iter().map(|p| p.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), PARAMETERS.len());
        let mut methods: Vec<&str> = METHODS.iter().map(|m| m.1).collect();
        methods.sort_unstable();
        methods.dedup();
        assert_eq!(methods.len(), METHODS.len());
        let mut codes: Vec<&str> = RESIDUES.iter().map(|r| r.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), RESIDUES.len());
        for r in &RESIDUES {
            for g in r.counties {
                assert!(county_index(g).is_some(), "{} {g}", r.name);
            }
        }
        for c in &CROPS {
            for g in c.counties {
                assert!(county_index(g).is_some(), "{} {g}", c.product);
            }
        }
        let mut prefixes: Vec<String> = ANALYSES.iter().map(|a| a.prefix.to_lowercase()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        assert_eq!(prefixes.len(), ANALYSES.len());
    }
}
