use std::time::{Duration, SystemTime};

use super::{FreedSpace, ImageRecord, PrunePlan};

/// `vm prune`'s plan as people read it: each image with the project it was built for, when, and its size; what
/// removing them frees; and what is kept, and why.
pub fn render_prune_plan(plan: &PrunePlan) -> String {
    if plan.is_empty() {
        return format!("Nothing to prune.\n{}", kept_line(plan));
    }
    render_removal(
        plan,
        "vm prune will remove these images: vm built them, and no container uses them.",
        &format!("Prune: {} to remove", count(plan.remove.len(), "image")),
    )
}

/// What `vm destroy --images` removes besides the machine: the project's images, shown after the destroy plan.
/// Nothing where the project has none.
pub fn render_project_images(plan: &PrunePlan) -> String {
    if plan.is_empty() {
        return kept_line(plan);
    }
    render_removal(
        plan,
        "With --images, the project's images go too, once the machine is gone:",
        &format!("Images: {} to remove", plan.remove.len()),
    )
}

fn render_removal(plan: &PrunePlan, headline: &str, summary: &str) -> String {
    let rows: Vec<(&ImageRecord, Option<&str>)> = plan
        .remove
        .iter()
        .map(|(image, build)| (image, build.project.as_deref()))
        .collect();
    format!(
        "{headline}\n\n{}\n{summary}, {} to free (their layers that images which stay hold, such as their base, \
         stay too).\n{}",
        render_image_table(&rows, plan.rules.now),
        render_freed(plan.frees),
        kept_line(plan)
    )
}

/// `Kept: ...` and why, or nothing where nothing of vm's is kept.
fn kept_line(plan: &PrunePlan) -> String {
    let mut kept = Vec::new();
    if !plan.in_use.is_empty() {
        kept.push(format!(
            "{} in use (by a container, or an image built on it)",
            count(plan.in_use.len(), "image")
        ));
    }
    if !plan.recent.is_empty() {
        kept.push(format!(
            "{} built within the last {} (--older-than)",
            count(plan.recent.len(), "image"),
            humantime::format_duration(plan.rules.older_than)
        ));
    }
    if kept.is_empty() {
        String::new()
    } else {
        format!("Kept: {}.\n", kept.join("; "))
    }
}

/// Images as a table, indented as a plan is: name, project (`-` where unknown), age, size.
pub fn render_image_table(rows: &[(&ImageRecord, Option<&str>)], now: SystemTime) -> String {
    let cells: Vec<[String; 4]> = rows
        .iter()
        .map(|(image, project)| {
            [
                image.display_name(),
                project.unwrap_or("-").to_owned(),
                age(image.created, now),
                render_size(image.size),
            ]
        })
        .collect();
    let header = ["IMAGE", "PROJECT", "BUILT", "SIZE"].map(str::to_owned);
    let widths: Vec<usize> = (0..3)
        .map(|column| {
            cells
                .iter()
                .chain([&header])
                .map(|row| row[column].len())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in [&header].into_iter().chain(&cells) {
        out.push_str(&format!(
            "  {:w0$}  {:w1$}  {:w2$}  {}\n",
            row[0],
            row[1],
            row[2],
            row[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2]
        ));
    }
    out
}

/// Bytes in decimal units, as Docker counts them: `304.2 MB`.
pub fn render_size(bytes: u64) -> String {
    bytesize::ByteSize::b(bytes).display().si().to_string()
}

/// What removing images frees: `at least` where some of it could not be measured.
pub fn render_freed(freed: FreedSpace) -> String {
    if freed.exact {
        render_size(freed.bytes)
    } else {
        format!("at least {}", render_size(freed.bytes))
    }
}

/// How long before `now` `then` was, in its largest whole unit: `3 days ago`, `1 hour ago`, `just now`.
pub fn age(then: SystemTime, now: SystemTime) -> String {
    let seconds = now.duration_since(then).unwrap_or(Duration::ZERO).as_secs();
    let (amount, unit) = match seconds {
        0..60 => return "just now".to_owned(),
        60..3600 => (seconds / 60, "minute"),
        3600..86400 => (seconds / 3600, "hour"),
        _ => (seconds / 86400, "day"),
    };
    format!("{} ago", count(amount as usize, unit))
}

/// `1 image`, `2 images`.
fn count(amount: usize, noun: &str) -> String {
    if amount == 1 {
        format!("1 {noun}")
    } else {
        format!("{amount} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_are_said_in_their_largest_whole_unit() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(10 * 86400);
        let ago = |seconds| age(now - Duration::from_secs(seconds), now);
        assert_eq!(ago(59), "just now");
        assert_eq!(ago(60), "1 minute ago");
        assert_eq!(ago(3599), "59 minutes ago");
        assert_eq!(ago(7200), "2 hours ago");
        assert_eq!(ago(86400 * 3 + 5), "3 days ago");
        assert_eq!(age(now + Duration::from_secs(5), now), "just now");
    }

    #[test]
    fn sizes_are_in_decimal_units() {
        assert_eq!(render_size(304_182_000), "304.2 MB");
        assert_eq!(render_size(1_990_000), "2.0 MB");
        assert_eq!(render_size(512), "512 B");
        assert_eq!(
            render_freed(FreedSpace {
                bytes: 2_440_000_000,
                exact: false
            }),
            "at least 2.4 GB"
        );
    }
}
