//! Durations in configuration files are seconds, fractions allowed:
//! `heartbeat_interval = 5`, `poll_interval = 0.5`, or `"5s"` from an environment
//! variable. Use with `#[serde(with = "liasse_core::serde_secs")]`.

use std::time::Duration;

use serde::{Deserialize, Deserializer, Serializer};

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Duration, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Secs {
        Number(f64),
        Text(String),
    }
    let secs = match Secs::deserialize(deserializer)? {
        Secs::Number(n) => n,
        Secs::Text(t) => t.trim().trim_end_matches('s').parse::<f64>().map_err(serde::de::Error::custom)?,
    };
    if !(0.0..=86_400.0 * 366.0).contains(&secs) {
        return Err(serde::de::Error::custom("a duration is seconds between 0 and one year"));
    }
    Ok(Duration::from_secs_f64(secs))
}

pub fn serialize<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Holder {
        #[serde(with = "super")]
        d: Duration,
    }

    #[test]
    fn numbers_and_strings() {
        let parse = |json: &str| serde_json::from_str::<Holder>(json).map(|h| h.d);
        assert_eq!(parse(r#"{"d": 5}"#).ok(), Some(Duration::from_secs(5)));
        assert_eq!(parse(r#"{"d": 0.5}"#).ok(), Some(Duration::from_millis(500)));
        assert_eq!(parse(r#"{"d": "30s"}"#).ok(), Some(Duration::from_secs(30)));
        assert_eq!(parse(r#"{"d": "2"}"#).ok(), Some(Duration::from_secs(2)));
        assert!(parse(r#"{"d": -1}"#).is_err());
        assert!(parse(r#"{"d": "soon"}"#).is_err());
    }
}
