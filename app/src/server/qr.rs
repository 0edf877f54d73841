//! The join link as a QR code, rendered as SVG so it prints sharp at any size.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

pub fn svg_for(url: &str) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| e.to_string())?;
    Ok(code
        .render::<svg::Color>()
        .min_dimensions(320, 320)
        .quiet_zone(true)
        .dark_color(svg::Color("#111111"))
        .light_color(svg::Color("#ffffff"))
        .build())
}

#[cfg(test)]
mod tests {
    #[test]
    fn renders_an_svg() {
        let s = super::svg_for("http://127.0.0.1:3000/e/demo").unwrap();
        assert!(
            s.starts_with("<?xml") || s.starts_with("<svg"),
            "{}",
            &s[..40]
        );
        assert!(s.contains("<path") || s.contains("<rect"));
    }
}
