use super::*;

// Valid numbers below are public registrations (cross-checked with python-stdnum);
// the invalid ones differ from them by one digit.

#[test]
fn siren_is_nine_digits_with_a_luhn_key() {
    assert_eq!(Siren::parse("732 829 320").map(|s| s.to_string()), Ok("732829320".into()));
    assert!(Siren::parse("552.100.554").is_ok());
    assert!(Siren::parse("356000000").is_ok());
    assert_eq!(Siren::parse("732829321"), Err(IdentifierError::Checksum("SIREN")));
    for not_a_siren in ["", "73282932", "7328293200", "73282932O", "FR732829320"] {
        assert_eq!(Siren::parse(not_a_siren), Err(IdentifierError::Shape("SIREN")), "{not_a_siren}");
    }
}

#[test]
fn siret_is_siren_and_establishment_with_la_poste_exception() {
    let siret = Siret::parse("732 829 320 00074").expect("valid");
    assert_eq!(siret.to_string(), "73282932000074");
    assert_eq!(siret.siren().as_str(), "732829320");
    assert_eq!(Siret::parse("73282932000075"), Err(IdentifierError::Checksum("SIRET")));
    // La Poste: digit sums of 35 and 25 (multiples of 5) though Luhn fails; the head
    // office keeps its Luhn key.
    assert!(Siret::parse("35600000049837").is_ok());
    assert!(Siret::parse("35600000000048").is_ok());
    assert!(Siret::parse("35600000049838").is_err());
    assert!(Siret::parse("35600000083218").is_err(), "Luhn does not count for La Poste's establishments");
    assert_eq!(Siret::parse("7328293200007"), Err(IdentifierError::Shape("SIRET")));
}

#[test]
fn french_vat_key_is_checked() {
    let vat = VatNumber::parse("FR 44 732 829 320").expect("shape");
    assert_eq!((vat.as_str(), vat.country(), vat.national()), ("FR44732829320", "FR", "44732829320"));
    assert_eq!(vat.valid_checksum(), Some(true));
    assert_eq!(VatNumber::parse("FR45732829320").expect("shape").valid_checksum(), Some(false));
    assert_eq!(VatNumber::parse("FR96552100554").expect("shape").valid_checksum(), Some(true));
    assert_eq!(VatNumber::parse("FR03552100554").expect("shape").valid_checksum(), Some(false));
    assert_eq!(VatNumber::parse("FRK7399859412").expect("shape").valid_checksum(), None, "alphanumeric key");
    assert!(VatNumber::parse("FR4473282932").is_err());
}

#[test]
fn european_vat_checksums() {
    let valid = [
        "DE136695976",
        "BE0403170701",
        "BE 403.170.701",
        "NL004495445B01",
        "NL 0044 95 445 B 01",
        "IT00743110157",
        "ESA28015865",
        "ESX2482300W",
        "ES54362315K",
        "ATU13585627",
        "LU26375245",
        "PL5260250995",
        "GB980780684",
        "CHE-116.281.710 MWST",
    ];
    for text in valid {
        let vat = VatNumber::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert_eq!(vat.valid_checksum(), Some(true), "{text}");
    }
    let wrong_key = [
        "DE136695977",
        "BE0403170702",
        "NL004495446B01",
        "IT00743110158",
        "ESA28015866",
        "ES54362315J",
        "ATU13585628",
        "LU26375246",
        "PL5260250996",
        "GB980780685",
        "CHE116281711",
    ];
    for text in wrong_key {
        let vat = VatNumber::parse(text).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert_eq!(vat.valid_checksum(), Some(false), "{text}");
    }
    assert_eq!(VatNumber::parse("DK13585628").expect("shape").valid_checksum(), None);
}

#[test]
fn vat_shapes_by_country() {
    assert_eq!(VatNumber::parse("CHE-116.281.710 TVA").expect("shape").as_str(), "CHE116281710TVA");
    assert_eq!(VatNumber::parse("CHE116281710").expect("shape").national(), "116281710");
    assert_eq!(VatNumber::parse("che 116 281 710 mwst").expect("shape").country(), "CH");
    assert_eq!(VatNumber::parse("XI980780684").expect("shape").country(), "XI");
    assert!(VatNumber::parse("GBGD001").is_ok());
    for wrong_shape in ["DE12345678", "NL004495445C01", "ATX13585627", "ES123456789", "CHE11628171", "CHE116281710XYZ"]
    {
        assert_eq!(VatNumber::parse(wrong_shape), Err(IdentifierError::Shape("VAT number")), "{wrong_shape}");
    }
    assert_eq!(VatNumber::parse("US123456789"), Err(IdentifierError::Country("VAT number")));
    assert!(VatNumber::parse("F").is_err());
    assert!(VatNumber::parse("").is_err());
}

#[test]
fn iban_length_by_country_and_mod97() {
    let iban = Iban::parse("FR76 3000 6000 0112 3456 7890 189").expect("valid");
    assert_eq!(iban.to_string(), "FR7630006000011234567890189");
    assert_eq!(iban.country(), "FR");
    for valid in ["DE02120300000000202051", "NO9386011117947", "gb29nwbk60161331926819", "CH9300762011623852957"] {
        assert!(Iban::parse(valid).is_ok(), "{valid}");
    }
    assert_eq!(Iban::parse("DK1212341234123412"), Err(IdentifierError::Checksum("IBAN")));
    assert_eq!(Iban::parse("DE0212030000000020205"), Err(IdentifierError::Country("IBAN")), "one digit short");
    assert_eq!(Iban::parse("XX02120300000000202051"), Err(IdentifierError::Country("IBAN")));
    for not_an_iban in ["FRDEBIT", "A", "DE01234..", "DE01", "1234567890123456", ""] {
        assert_eq!(Iban::parse(not_an_iban), Err(IdentifierError::Shape("IBAN")), "{not_an_iban}");
    }
}

#[test]
fn bic_shape() {
    for bic in ["DNBANOKK", "COBADEFFXXX", "BYLADEM1001", "agrifrpp"] {
        assert!(Bic::parse(bic).is_ok(), "{bic}");
    }
    assert_eq!(Bic::parse("AGRI FR PP").map(|b| b.country().to_owned()), Ok("FR".into()));
    for not_a_bic in ["COBADEFXXX", "BIC_MONCOMPTE", "GENO...", "", "1GRIFRPP", "AGRIF1PP"] {
        assert_eq!(Bic::parse(not_a_bic), Err(IdentifierError::Shape("BIC")), "{not_a_bic}");
    }
}

#[test]
fn errors_never_quote_the_value() {
    let message = Iban::parse("FR7630006000011234567890180").expect_err("bad key").to_string();
    assert!(!message.contains("FR76"), "{message}");
}
