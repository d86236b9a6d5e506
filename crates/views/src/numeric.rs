//! Decoding PostgreSQL `numeric` into exact [`BigDecimal`]s without Diesel's
//! general path. Diesel builds the value with a `BigUint` multiplication per base-10000
//! digit group and then rescales it (a dozen heap allocations for a price); the views'
//! numerics have at most a few groups, so this decoder folds the groups into a `u128`
//! and allocates once. Values of more than [`FAST_GROUPS`] groups go through
//! Diesel's decoder. The result is the same `BigDecimal` as Diesel's: the same digits
//! and the same scale (the column's display scale), so switching is not observable.
//!
//! Row structs opt in per field with `#[diesel(deserialize_as = NullableNumeric)]`
//! on an `Option<BigDecimal>` of a `Nullable<Numeric>` column.

use bigdecimal::num_bigint::{BigInt, BigUint, Sign};
use bigdecimal::BigDecimal;
use diesel::deserialize::{self, FromSql};
use diesel::pg::data_types::PgNumeric;
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::{Nullable, Numeric};

/// Digit groups that always fit a `u128`: 10_000^9 = 10^36 < 2^128.
const FAST_GROUPS: usize = 9;

/// A nullable `numeric` column's value, decoded by [`decode`]; converts into
/// `Option<BigDecimal>`.
#[derive(Debug, Clone, PartialEq, Eq, diesel::deserialize::FromSqlRow)]
pub struct NullableNumeric(pub Option<BigDecimal>);

impl From<NullableNumeric> for Option<BigDecimal> {
    fn from(value: NullableNumeric) -> Self {
        value.0
    }
}

impl FromSql<Nullable<Numeric>, Pg> for NullableNumeric {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        decode(value.as_bytes()).map(|d| NullableNumeric(Some(d)))
    }

    fn from_nullable_sql(value: Option<PgValue<'_>>) -> deserialize::Result<Self> {
        match value {
            Some(value) => Self::from_sql(value),
            None => Ok(NullableNumeric(None)),
        }
    }
}

const POSITIVE: u16 = 0x0000;
const NEGATIVE: u16 = 0x4000;
const NAN: u16 = 0xC000;

/// Decodes the binary wire form of `numeric`: `ndigits`, `weight`, `sign`,
/// `dscale` (16 bits each, network order), then `ndigits` base-10000 digits.
/// The value is `sum(digit[i] * 10000^(weight - i))`, shown with `dscale` decimals.
pub fn decode(bytes: &[u8]) -> deserialize::Result<BigDecimal> {
    let word = |i: usize| -> deserialize::Result<u16> {
        bytes
            .get(2 * i..2 * i + 2)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .ok_or_else(|| "numeric value shorter than its header says".into())
    };
    let ndigits = usize::from(word(0)?);
    let weight = word(1)? as i16;
    let sign = match word(2)? {
        POSITIVE => Sign::Plus,
        NEGATIVE => Sign::Minus,
        NAN => return Err("NaN is not (yet) supported in BigDecimal".into()),
        other => return Err(format!("invalid sign {other:#06x} in a numeric value").into()),
    };
    let dscale = i64::from(word(3)?);
    if bytes.len() != 8 + 2 * ndigits {
        return Err("numeric value of the wrong length".into());
    }
    if ndigits > FAST_GROUPS {
        return diesel_decode(bytes, ndigits, weight, sign, dscale as u16);
    }
    let mut groups: u128 = 0;
    for i in 0..ndigits {
        let digit = word(4 + i)?;
        if digit > 9999 {
            return Err(format!("invalid numeric digit {digit}").into());
        }
        groups = groups * 10_000 + u128::from(digit);
    }
    // `groups` counts units of 10^(4 * (weight - ndigits + 1)); the result's unscaled
    // integer counts units of 10^-dscale.
    let shift = 4 * (i64::from(weight) - ndigits as i64 + 1) + dscale;
    let unscaled = if groups == 0 {
        Some(0)
    } else if shift >= 0 {
        u32::try_from(shift)
            .ok()
            .and_then(|s| 10_u128.checked_pow(s))
            .and_then(|p| groups.checked_mul(p))
    } else {
        // Digits past the display scale are dropped, as BigDecimal::with_scale does.
        Some(
            u32::try_from(-shift)
                .ok()
                .and_then(|s| 10_u128.checked_pow(s))
                .map_or(0, |p| groups / p),
        )
    };
    match unscaled {
        Some(unscaled) => Ok(BigDecimal::new(
            BigInt::from_biguint(sign, BigUint::from(unscaled)),
            dscale,
        )),
        None => diesel_decode(bytes, ndigits, weight, sign, dscale as u16),
    }
}

/// Diesel's own decoding, for the values that do not fit the fast path.
fn diesel_decode(
    bytes: &[u8],
    ndigits: usize,
    weight: i16,
    sign: Sign,
    scale: u16,
) -> deserialize::Result<BigDecimal> {
    let digits = (0..ndigits)
        .map(|i| i16::from_be_bytes([bytes[8 + 2 * i], bytes[9 + 2 * i]]))
        .collect();
    let numeric = match sign {
        Sign::Minus => PgNumeric::Negative {
            weight,
            scale,
            digits,
        },
        _ => PgNumeric::Positive {
            weight,
            scale,
            digits,
        },
    };
    BigDecimal::try_from(numeric)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn wire(weight: i16, sign: u16, dscale: u16, digits: &[i16]) -> Vec<u8> {
        let mut out = Vec::new();
        for word in [digits.len() as u16, weight as u16, sign, dscale] {
            out.extend_from_slice(&word.to_be_bytes());
        }
        for d in digits {
            out.extend_from_slice(&d.to_be_bytes());
        }
        out
    }

    fn diesel(weight: i16, sign: u16, scale: u16, digits: &[i16]) -> BigDecimal {
        let digits = digits.to_vec();
        let numeric = if sign == NEGATIVE {
            PgNumeric::Negative {
                weight,
                scale,
                digits,
            }
        } else {
            PgNumeric::Positive {
                weight,
                scale,
                digits,
            }
        };
        BigDecimal::try_from(numeric).expect("diesel decodes it")
    }

    /// Same value and same scale (BigDecimal's `==` alone ignores the scale).
    fn assert_identical(ours: &BigDecimal, theirs: &BigDecimal, case: &str) {
        assert_eq!(
            ours.as_bigint_and_exponent(),
            theirs.as_bigint_and_exponent(),
            "{case}: ours {ours}, diesel {theirs}"
        );
    }

    #[test]
    fn matches_diesel_on_generated_values() {
        // A small deterministic generator (xorshift): digit counts 0..=12 cover both
        // paths, weights and scales cover integers, fractions, and digits past the scale.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for case in 0..20_000 {
            let ndigits = next(13) as usize;
            let digits: Vec<i16> = (0..ndigits)
                .map(|_| match next(4) {
                    0 => 0,
                    1 => 9999,
                    _ => next(10_000) as i16,
                })
                .collect();
            let weight = next(24) as i16 - 12;
            let dscale = next(30) as u16;
            let sign = if next(2) == 0 { POSITIVE } else { NEGATIVE };
            let ours = decode(&wire(weight, sign, dscale, &digits)).expect("decodes");
            let theirs = diesel(weight, sign, dscale, &digits);
            assert_identical(
                &ours,
                &theirs,
                &format!(
                    "case {case}: weight {weight} dscale {dscale} sign {sign:#x} digits {digits:?}"
                ),
            );
        }
    }

    #[test]
    fn decodes_what_postgres_sends() {
        // (text, weight, dscale, digits) as PostgreSQL encodes them.
        let cases: &[(&str, i16, u16, &[i16])] = &[
            ("0", 0, 0, &[]),
            ("0.00", 0, 2, &[]),
            ("1.5", 0, 1, &[1, 5000]),
            ("12345.678", 1, 3, &[1, 2345, 6780]),
            ("0.0001", -1, 4, &[1]),
            ("100000000", 2, 0, &[1]),
            (
                "123456789012345678901234567890.1234",
                7,
                4,
                &[12, 3456, 7890, 1234, 5678, 9012, 3456, 7890, 1234],
            ),
        ];
        for &(text, weight, dscale, digits) in cases {
            for (sign, prefix) in [(POSITIVE, ""), (NEGATIVE, "-")] {
                let ours = decode(&wire(weight, sign, dscale, digits)).expect("decodes");
                let expected = BigDecimal::from_str(&format!("{prefix}{text}")).expect("parses");
                assert_identical(&ours, &expected, text);
                assert_identical(&ours, &diesel(weight, sign, dscale, digits), text);
            }
        }
    }

    #[test]
    fn refuses_nan_and_malformed_values() {
        assert!(decode(&wire(0, NAN, 0, &[])).is_err());
        assert!(decode(&wire(0, 0x1234, 0, &[1])).is_err());
        assert!(decode(&wire(0, POSITIVE, 0, &[10_000])).is_err());
        assert!(decode(&wire(0, POSITIVE, 0, &[1])[..9]).is_err());
        assert!(decode(&[0, 1]).is_err());
    }
}
