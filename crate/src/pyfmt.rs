//! Python's `str(float)`, which the book's tables print.
//!
//! Python shows the shortest digits that round-trip (as Rust's `{:e}` does), in fixed
//! notation when the decimal exponent is in -4..16, else scientific with a signed,
//! at-least-two-digit exponent; whole numbers keep a trailing ".0".

/// `str(x)` for a Python float.
pub fn py_str(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let sci = format!("{x:e}");
    let (mantissa, exponent) = sci.split_once('e').expect("LowerExp always has an 'e'");
    let exponent: i32 = exponent.parse().expect("LowerExp exponent is an integer");
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    if (-4..16).contains(&exponent) {
        format!("{sign}{}", fixed(&digits, exponent))
    } else {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exp_sign = if exponent < 0 { '-' } else { '+' };
        format!("{sign}{first}{fraction}e{exp_sign}{:02}", exponent.abs())
    }
}

/// `str(x)[0:5]`: the book cuts errors to five characters.
pub fn py_str5(x: f64) -> String {
    py_str(x).chars().take(5).collect()
}

fn fixed(digits: &str, exponent: i32) -> String {
    if exponent < 0 {
        let zeros = "0".repeat((-exponent - 1) as usize);
        return format!("0.{zeros}{digits}");
    }
    let int_len = exponent as usize + 1;
    if digits.len() <= int_len {
        format!("{digits}{}.0", "0".repeat(int_len - digits.len()))
    } else {
        format!("{}.{}", &digits[..int_len], &digits[int_len..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_python_repr() {
        let cases = [
            (1.0, "1.0"),
            (0.7073, "0.7073"),
            (0.93, "0.93"),
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (123.0, "123.0"),
            (0.0001, "0.0001"),
            (0.00001234, "1.234e-05"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (2.5e-300, "2.5e-300"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-1.5, "-1.5"),
            (f64::NAN, "nan"),
            (f64::INFINITY, "inf"),
        ];
        for (x, want) in cases {
            assert_eq!(py_str(x), want, "str({x:?})");
        }
    }

    #[test]
    fn cuts_to_five_characters() {
        assert_eq!(py_str5(0.72214), "0.722");
        assert_eq!(py_str5(0.1), "0.1");
        assert_eq!(py_str5(0.00001234), "1.234");
    }
}
