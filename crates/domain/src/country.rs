//! Countries a shop can register in, with the defaults each one fixes.

/// Seller portals group countries by region, as TikTok Shop's do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Portal {
    Asia,
    Europe,
    Americas,
}

/// A supported seller country and its defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub code: &'static str,
    pub name: &'static str,
    pub portal: Portal,
    /// ISO 4217 code of the shop currency.
    pub currency: &'static str,
    /// IANA time zone used for seller-local dates by default.
    pub time_zone: &'static str,
    /// E.164 country calling code, without `+`.
    pub calling_code: &'static str,
}

const COUNTRIES: &[Country] = &[
    Country {
        code: "US",
        name: "United States",
        portal: Portal::Americas,
        currency: "USD",
        time_zone: "America/New_York",
        calling_code: "1",
    },
    Country {
        code: "CA",
        name: "Canada",
        portal: Portal::Americas,
        currency: "CAD",
        time_zone: "America/Toronto",
        calling_code: "1",
    },
    Country {
        code: "MX",
        name: "Mexico",
        portal: Portal::Americas,
        currency: "MXN",
        time_zone: "America/Mexico_City",
        calling_code: "52",
    },
    Country {
        code: "BR",
        name: "Brazil",
        portal: Portal::Americas,
        currency: "BRL",
        time_zone: "America/Sao_Paulo",
        calling_code: "55",
    },
    Country {
        code: "GB",
        name: "United Kingdom",
        portal: Portal::Europe,
        currency: "GBP",
        time_zone: "Europe/London",
        calling_code: "44",
    },
    Country {
        code: "FR",
        name: "France",
        portal: Portal::Europe,
        currency: "EUR",
        time_zone: "Europe/Paris",
        calling_code: "33",
    },
    Country {
        code: "ES",
        name: "Spain",
        portal: Portal::Europe,
        currency: "EUR",
        time_zone: "Europe/Madrid",
        calling_code: "34",
    },
    Country {
        code: "DE",
        name: "Germany",
        portal: Portal::Europe,
        currency: "EUR",
        time_zone: "Europe/Berlin",
        calling_code: "49",
    },
    Country {
        code: "IT",
        name: "Italy",
        portal: Portal::Europe,
        currency: "EUR",
        time_zone: "Europe/Rome",
        calling_code: "39",
    },
    Country {
        code: "IE",
        name: "Ireland",
        portal: Portal::Europe,
        currency: "EUR",
        time_zone: "Europe/Dublin",
        calling_code: "353",
    },
    Country {
        code: "JP",
        name: "Japan",
        portal: Portal::Asia,
        currency: "JPY",
        time_zone: "Asia/Tokyo",
        calling_code: "81",
    },
    Country {
        code: "CN",
        name: "China",
        portal: Portal::Asia,
        currency: "CNY",
        time_zone: "Asia/Shanghai",
        calling_code: "86",
    },
    Country {
        code: "SG",
        name: "Singapore",
        portal: Portal::Asia,
        currency: "SGD",
        time_zone: "Asia/Singapore",
        calling_code: "65",
    },
    Country {
        code: "MY",
        name: "Malaysia",
        portal: Portal::Asia,
        currency: "MYR",
        time_zone: "Asia/Kuala_Lumpur",
        calling_code: "60",
    },
    Country {
        code: "TH",
        name: "Thailand",
        portal: Portal::Asia,
        currency: "THB",
        time_zone: "Asia/Bangkok",
        calling_code: "66",
    },
    Country {
        code: "PH",
        name: "Philippines",
        portal: Portal::Asia,
        currency: "PHP",
        time_zone: "Asia/Manila",
        calling_code: "63",
    },
    Country {
        code: "ID",
        name: "Indonesia",
        portal: Portal::Asia,
        currency: "IDR",
        time_zone: "Asia/Jakarta",
        calling_code: "62",
    },
    Country {
        code: "VN",
        name: "Vietnam",
        portal: Portal::Asia,
        currency: "VND",
        time_zone: "Asia/Ho_Chi_Minh",
        calling_code: "84",
    },
    Country {
        code: "AE",
        name: "United Arab Emirates",
        portal: Portal::Asia,
        currency: "AED",
        time_zone: "Asia/Dubai",
        calling_code: "971",
    },
    Country {
        code: "SA",
        name: "Saudi Arabia",
        portal: Portal::Asia,
        currency: "SAR",
        time_zone: "Asia/Riyadh",
        calling_code: "966",
    },
];

impl Country {
    pub fn all() -> &'static [Country] {
        COUNTRIES
    }

    /// Looks a country up by its alpha-2 code, case-insensitively.
    pub fn by_code(code: &str) -> Option<Country> {
        COUNTRIES
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_country_has_a_known_currency_and_time_zone() {
        for c in Country::all() {
            assert!(crate::Currency::parse(c.currency).is_ok(), "{}", c.code);
            assert!(!c.time_zone.is_empty());
        }
        assert_eq!(Country::by_code("jp").unwrap().currency, "JPY");
        assert!(Country::by_code("XX").is_none());
    }
}
