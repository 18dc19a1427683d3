//! The progress chart: the running average over time as an SVG image,
//! drawn with the `plotters` crate.

use super::progress::ProgressPoint;
use super::ratio::Ratio;
use crate::error::{Error, Result};
use plotters::prelude::*;

/// Renders `points` as an SVG line chart, `width` × `height` pixels, with the
/// value axis spanning the scale from `low` (its worst value) to `high` (its
/// best) and a labelled line at each of the `thresholds` (value, mark).
pub fn progress_svg(
    title: &str,
    points: &[ProgressPoint],
    low: Ratio,
    high: Ratio,
    thresholds: &[(Ratio, String)],
    width: u32,
    height: u32,
) -> Result<String> {
    // Plotting coordinates are screen positions, not marks: converting the
    // exact averages to floating point here changes no grade.
    let f = |r: Ratio| r.numer() as f64 / r.denom() as f64;
    let (lo, hi) = if low <= high {
        (f(low), f(high))
    } else {
        (f(high), f(low))
    };
    let days: Vec<i32> = points.iter().map(|p| p.date.to_julian_day()).collect();
    let first = days.first().copied().unwrap_or(0);
    let last = days.last().copied().unwrap_or(first).max(first + 1);
    let mut svg = String::new();
    let draw = |svg: &mut String| -> std::result::Result<(), Box<dyn std::error::Error>> {
        let root = SVGBackend::with_string(svg, (width, height)).into_drawing_area();
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption(title, ("sans-serif", 18))
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(40)
            .build_cartesian_2d(first..last, lo..hi)?;
        let label_of = |d: &i32| {
            time::Date::from_julian_day(*d)
                .map(|d| format!("{:02}.{:02}", d.day(), u8::from(d.month())))
                .unwrap_or_default()
        };
        chart
            .configure_mesh()
            .x_labels(6)
            .x_label_formatter(&label_of)
            .y_labels(6)
            .draw()?;
        let line = RGBColor(230, 140, 0);
        // `low` is the scale's worst value: above `high` when lower is better.
        let bound = if low > high { "≤" } else { "≥" };
        for (value, label) in thresholds {
            let v = f(*value);
            if (lo..=hi).contains(&v) {
                chart
                    .draw_series(LineSeries::new(
                        [(first, v), (last, v)],
                        line.stroke_width(1),
                    ))?
                    .label(format!("{bound} {} → {label}", value.to_decimal(2)))
                    .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], line));
            }
        }
        let series: Vec<(i32, f64)> = days
            .iter()
            .zip(points)
            .map(|(d, p)| (*d, f(p.average)))
            .collect();
        chart
            .draw_series(LineSeries::new(series.clone(), BLUE.stroke_width(2)))?
            .label("running average")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE));
        chart.draw_series(
            series
                .iter()
                .map(|(d, v)| Circle::new((*d, *v), 3, BLUE.filled())),
        )?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.8))
            .border_style(BLACK)
            .draw()?;
        root.present()?;
        Ok(())
    };
    draw(&mut svg).map_err(|e| Error::Internal(format!("chart: {e}")))?;
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn draws_a_line_with_points() {
        let p = |d, n, den| ProgressPoint {
            date: d,
            average: Ratio::new(n, den),
            display: String::new(),
        };
        let points = [
            p(date!(2024 - 09 - 10), 5, 1),
            p(date!(2024 - 09 - 17), 9, 2),
            p(date!(2024 - 09 - 24), 13, 3),
        ];
        let svg = progress_svg(
            "Mathematics",
            &points,
            Ratio::int(1),
            Ratio::int(5),
            &[(Ratio::parse("t", "4.60").unwrap(), "5".into())],
            600,
            300,
        )
        .unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains("Mathematics"));
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("polyline") || svg.contains("<path"));
    }
}
