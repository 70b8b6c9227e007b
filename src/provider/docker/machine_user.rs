use crate::graph::Owner;

/// The `/etc/passwd` and `/etc/group` lines that make `user` exist with the data owner's ids,
/// so that the machine's user and the host's user can both read and write the synced data.
/// Returns `None` where the files already say so.
pub fn remap_user(
    passwd: &str,
    group: &str,
    user: &str,
    owner: Owner,
    home: &str,
) -> Option<(String, String)> {
    let passwd_line = format!(
        "{user}:x:{}:{}::{home}:{}",
        owner.uid,
        owner.gid,
        shell_of(passwd, user)
    );
    let group_line = format!("{user}:x:{}:", owner.gid);
    let new_passwd = replace_entry(passwd, user, |fields| {
        set_field(fields, 2, owner.uid.to_string());
        set_field(fields, 3, owner.gid.to_string());
        set_field(fields, 5, home.to_owned());
    })
    .unwrap_or_else(|| append_line(passwd, &passwd_line));
    let new_group = replace_entry(group, user, |fields| {
        set_field(fields, 2, owner.gid.to_string())
    })
    .unwrap_or_else(|| append_line(group, &group_line));
    (new_passwd != passwd || new_group != group).then_some((new_passwd, new_group))
}

fn shell_of(passwd: &str, user: &str) -> String {
    entry(passwd, user)
        .and_then(|line| line.split(':').nth(6).map(str::to_owned))
        .unwrap_or_else(|| "/bin/sh".to_owned())
}

fn entry<'a>(file: &'a str, name: &str) -> Option<&'a str> {
    file.lines()
        .find(|line| line.split(':').next() == Some(name))
}

/// Rewrites the entry named `name` with `edit`; `None` when there is no such entry.
fn replace_entry(file: &str, name: &str, edit: impl Fn(&mut Vec<String>)) -> Option<String> {
    entry(file, name)?;
    let lines: Vec<String> = file
        .lines()
        .map(|line| {
            let mut fields: Vec<String> = line.split(':').map(str::to_owned).collect();
            if fields[0] == name {
                edit(&mut fields);
            }
            fields.join(":")
        })
        .collect();
    Some(lines.join("\n") + "\n")
}

/// Sets a field, growing a short line as needed.
fn set_field(fields: &mut Vec<String>, index: usize, value: String) {
    if fields.len() <= index {
        fields.resize(index + 1, String::new());
    }
    fields[index] = value;
}

fn append_line(file: &str, line: &str) -> String {
    let mut text = file.to_owned();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(line);
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const PASSWD: &str =
        "root:x:0:0:root:/root:/bin/bash\nvagrant:x:1000:1000::/home/vagrant:/bin/bash\n";
    const GROUP: &str = "root:x:0:\nvagrant:x:1000:\n";

    #[test]
    fn leaves_files_alone_when_the_ids_already_match() {
        let owner = Owner {
            uid: 1000,
            gid: 1000,
        };
        assert_eq!(
            remap_user(PASSWD, GROUP, "vagrant", owner, "/home/vagrant"),
            None
        );
    }

    #[test]
    fn gives_an_existing_user_the_data_owner_ids_and_keeps_its_shell() {
        let owner = Owner {
            uid: 1234,
            gid: 2345,
        };
        let (passwd, group) = remap_user(PASSWD, GROUP, "vagrant", owner, "/home/vagrant").unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/bash\nvagrant:x:1234:2345::/home/vagrant:/bin/bash\n"
        );
        assert_eq!(group, "root:x:0:\nvagrant:x:2345:\n");
    }

    #[test]
    fn adds_a_missing_user_with_a_plain_shell() {
        let owner = Owner {
            uid: 1001,
            gid: 1001,
        };
        let (passwd, group) = remap_user(
            "root:x:0:0:root:/root:/bin/sh",
            "root:x:0:",
            "dev",
            owner,
            "/home/dev",
        )
        .unwrap();
        assert_eq!(
            passwd,
            "root:x:0:0:root:/root:/bin/sh\ndev:x:1001:1001::/home/dev:/bin/sh\n"
        );
        assert_eq!(group, "root:x:0:\ndev:x:1001:\n");
    }
}
