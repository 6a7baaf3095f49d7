//! Random secrets handed to people (session, sign-up, invitation, API and log-in tokens) and
//! the SHA-256 hashes that are stored in their place, so a copy of the database opens nothing.

use sha2::Digest;

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// The deployment's secret called `name`: generated (256 random bits) by the first process
/// that asks and stored in the database, so every process of the deployment shares it.
pub async fn platform_secret(
    db: &shopdeck_store::Db,
    name: &str,
    now: jiff::Timestamp,
) -> crate::Result<String> {
    let mut tx = db.begin().await?;
    let value =
        shopdeck_store::platform_secrets::get_or_insert(&mut tx, name, &random_hex(), now).await?;
    tx.commit()
        .await
        .map_err(shopdeck_store::StoreError::from)?;
    Ok(value)
}

/// 256 random bits as 64 lowercase hex digits.
pub(crate) fn random_hex() -> String {
    hex(&rand::random::<[u8; 32]>())
}

/// The stored form of a secret.
pub(crate) fn sha256_hex(secret: &str) -> String {
    hex(&sha2::Sha256::digest(secret.as_bytes()))
}

/// Whether `s` has the shape of `random_hex()`'s output (checked before any lookup).
pub(crate) fn is_hex64(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_hex_and_hashes_are_stable() {
        let (a, b) = (random_hex(), random_hex());
        assert!(is_hex64(&a) && is_hex64(&b) && a != b);
        assert_eq!(
            sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(!is_hex64("xyz"));
    }
}
